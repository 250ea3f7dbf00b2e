"""The rebuild-task registry: one rebuild at a time (refused or started in one step, under
the build lock), task state kept with the index so that any process answers, unknown ids."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest

import santeqa.service.tasks as tasks_module
from santeqa.errors import BuildInProgress, NotFound
from santeqa.index import BuildLock, build_lock
from santeqa.index.build import BuildReport
from santeqa.service import RebuildTask, RebuildTasks
from santeqa.service.tasks import ENDED, TASKS_FOLDER


def _report(generation: str) -> BuildReport:
    return BuildReport(generation, 1, 3, (), ("a.txt",), (), (), (), 3, 0, 0.1, {})


def _finished(tasks: RebuildTasks, task_id: str) -> RebuildTask:
    deadline = time.monotonic() + 10
    while (task := tasks.get(task_id)).state == "running":
        assert time.monotonic() < deadline, "the task never finished"
        time.sleep(0.01)
    return task


def test_a_task_holds_the_lock_from_the_start_and_records_its_outcome(tmp_path: Path) -> None:
    tasks = RebuildTasks(tmp_path)
    release = threading.Event()
    held: list[BuildLock] = []

    def rebuild(lock: BuildLock) -> BuildReport:
        held.append(lock)
        release.wait(10)
        return _report("gen-2")

    task = tasks.start(rebuild)
    # the 409 check and the lock are one step: as soon as start returns, no build can start
    with pytest.raises(BuildInProgress), build_lock(tmp_path):
        pass
    with pytest.raises(BuildInProgress):
        tasks.start(rebuild)
    assert tasks.get(task.id).state == "running"
    release.set()
    done = _finished(tasks, task.id)
    assert (done.state, done.generation, done.error) == ("done", "gen-2", None)
    assert done.summary is not None and done.summary.startswith("generation gen-2")
    assert done.finished_at is not None and done.started_at == task.started_at
    assert len(held) == 1
    with build_lock(tmp_path):  # released when the rebuild ended
        pass


def test_a_build_holding_the_lock_refuses_a_rebuild_without_a_task(tmp_path: Path) -> None:
    tasks = RebuildTasks(tmp_path)
    calls: list[BuildLock] = []
    with build_lock(tmp_path), pytest.raises(BuildInProgress):
        tasks.start(calls.append)  # type: ignore[arg-type]
    assert calls == []
    assert not list((tmp_path / TASKS_FOLDER).glob("*.json"))


def test_a_failing_rebuild_is_recorded_as_failed_and_frees_the_lock(tmp_path: Path) -> None:
    tasks = RebuildTasks(tmp_path)

    def rebuild(lock: BuildLock) -> BuildReport:
        raise ValueError("the corpus vanished")

    failed = _finished(tasks, tasks.start(rebuild).id)
    assert failed.state == "failed"
    assert failed.error == "ValueError: the corpus vanished"
    with build_lock(tmp_path):
        pass


def test_every_process_and_a_restart_see_the_task(tmp_path: Path) -> None:
    release = threading.Event()

    def rebuild(lock: BuildLock) -> BuildReport:
        release.wait(10)
        return _report("gen-3")

    task = RebuildTasks(tmp_path).start(rebuild)
    other_worker = RebuildTasks(tmp_path)
    assert other_worker.get(task.id).state == "running"
    release.set()
    _finished(other_worker, task.id)
    after_restart = RebuildTasks(tmp_path)
    assert after_restart.get(task.id).generation == "gen-3"


def test_a_task_whose_process_died_reads_as_failed(tmp_path: Path) -> None:
    folder = tmp_path / TASKS_FOLDER
    folder.mkdir()
    dead = {"host": socket.gethostname(), "pid": 2**22 + 7, "start": "1"}
    record = {"id": "0123456789ab", "state": "running", "started_at": "2026-01-01T00:00:00+00:00"}
    (folder / "0123456789ab.json").write_text(json.dumps({**record, "owner": dead}))
    task = RebuildTasks(tmp_path).get("0123456789ab")
    assert (task.state, task.error) == ("failed", ENDED)


@pytest.mark.parametrize("task_id", ["nothing-here", "../CURRENT", "0123456789ab", "", "A" * 12])
def test_an_unknown_task_is_not_found(tmp_path: Path, task_id: str) -> None:
    with pytest.raises(NotFound):
        RebuildTasks(tmp_path).get(task_id)


def test_old_task_files_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks_module, "KEEP_TASKS", 2)
    tasks = RebuildTasks(tmp_path)
    ids = [_finished(tasks, tasks.start(lambda _lock: _report("g")).id).id for _ in range(3)]
    files = (tmp_path / TASKS_FOLDER).glob("*.json")
    assert {p.stem for p in files} == set(ids[1:])
    with pytest.raises(NotFound):
        tasks.get(ids[0])
