"""The rebuild-task registry: one rebuild at a time, outcomes kept for polling, unknown ids."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from santeqa.errors import BuildInProgress, NotFound
from santeqa.index.build import BuildReport
from santeqa.service import RebuildTask, RebuildTasks


def _report(generation: str) -> BuildReport:
    return BuildReport(generation, 1, 3, (), ("a.txt",), (), (), (), 3, 0, 0.1, {})


def _wait(task: RebuildTask) -> None:
    deadline = time.monotonic() + 10
    while task.state == "running":
        assert time.monotonic() < deadline, "the task never finished"
        time.sleep(0.01)


def test_a_task_runs_and_records_its_outcome(tmp_path: Path) -> None:
    tasks = RebuildTasks(tmp_path)
    release = threading.Event()

    def rebuild() -> BuildReport:
        release.wait(10)
        return _report("gen-2")

    task = tasks.start(rebuild)
    assert tasks.get(task.id) is task and task.state == "running"
    with pytest.raises(BuildInProgress):
        tasks.start(rebuild)  # one at a time
    release.set()
    _wait(task)
    assert (task.state, task.generation) == ("done", "gen-2")
    assert task.summary is not None and task.summary.startswith("generation gen-2")
    assert task.finished_at is not None


def test_a_failing_rebuild_is_recorded_as_failed(tmp_path: Path) -> None:
    tasks = RebuildTasks(tmp_path)

    def rebuild() -> BuildReport:
        raise ValueError("the corpus vanished")

    task = tasks.start(rebuild)
    _wait(task)
    assert task.state == "failed"
    assert task.error == "ValueError: the corpus vanished"


def test_an_unknown_task_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="nothing-here"):
        RebuildTasks(tmp_path).get("nothing-here")
