"""The rebuild-task registry: start a build in a background thread and remember its outcome
so that it can be polled."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from santeqa.errors import BuildInProgress, NotFound
from santeqa.index import build_running
from santeqa.index.build import BuildReport

log = logging.getLogger(__name__)

KEEP_TASKS = 50  # finished rebuild tasks remembered for polling


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class RebuildTask:
    id: str
    state: str  # running, done, failed
    started_at: str
    finished_at: str | None = None
    generation: str | None = None
    summary: str | None = None
    error: str | None = None


class RebuildTasks:
    """Rebuilds started here (at most one at a time), by id."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._tasks: dict[str, RebuildTask] = {}
        self._lock = threading.Lock()

    def start(self, rebuild: Callable[[], BuildReport]) -> RebuildTask:
        """Run ``rebuild`` in a background thread. Raises BuildInProgress if one is running
        (here, or in another process holding the build lock)."""
        with self._lock:
            if any(t.state == "running" for t in self._tasks.values()):
                raise BuildInProgress("a rebuild is already running")
            if build_running(self.index_dir):
                raise BuildInProgress("another process is building the index")
            finished = [k for k, t in self._tasks.items() if t.state != "running"]
            for k in finished[: max(0, len(finished) - KEEP_TASKS + 1)]:
                del self._tasks[k]
            task = RebuildTask(id=uuid.uuid4().hex[:12], state="running", started_at=_now())
            self._tasks[task.id] = task

        def run() -> None:
            # finished_at and the results are set before the state, so a poller that
            # sees "done" or "failed" sees the whole outcome
            try:
                report = rebuild()
                task.summary = report.summary()
                task.generation = report.generation
                task.finished_at = _now()
                task.state = "done"
            except BuildInProgress as exc:  # a CLI build took the lock meanwhile
                task.error, task.finished_at = str(exc), _now()
                task.state = "failed"
            except Exception as exc:  # the thread must record every failure
                log.exception("rebuild %s failed", task.id)
                task.error, task.finished_at = f"{type(exc).__name__}: {exc}", _now()
                task.state = "failed"

        threading.Thread(target=run, name=f"santeqa-rebuild-{task.id}", daemon=True).start()
        return task

    def get(self, task_id: str) -> RebuildTask:
        task = self._tasks.get(task_id)
        if task is None:
            raise NotFound(f"no rebuild task {task_id!r}")
        return task
