"""The rebuild-task registry: start a build in a background thread, and keep each task's state
in a small file with the index (``index_dir/.tasks/<id>.json``), so that every server process
answers a poll, including after a restart."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from santeqa.errors import NotFound
from santeqa.index import BuildLock
from santeqa.index.build import BuildReport
from santeqa.records import TaskState

log = logging.getLogger(__name__)

TASKS_FOLDER = ".tasks"
KEEP_TASKS = 50  # task files kept for polling (the oldest are removed first)
TASK_ID = re.compile(r"[0-9a-f]{12}")
ENDED = "the process running this rebuild ended before it finished"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class RebuildTask:
    id: str
    state: TaskState
    started_at: str
    finished_at: str | None = None
    generation: str | None = None
    summary: str | None = None
    error: str | None = None


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot), None if there is no such process:
    with the host name, it tells a live owner from a new process that reuses its pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]


def _owner() -> dict[str, Any]:
    pid = os.getpid()
    return {"host": socket.gethostname(), "pid": pid, "start": _process_start(pid)}


def _owner_alive(owner: Any) -> bool:
    if not isinstance(owner, dict) or owner.get("host") != socket.gethostname():
        return True  # another machine's process: it cannot be checked from here
    pid = owner.get("pid")
    return isinstance(pid, int) and _process_start(pid) == owner.get("start")


class RebuildTasks:
    """Rebuilds of one index folder, by id. At most one runs at a time: starting one takes
    the build lock in the caller's thread (BuildInProgress there), then hands it to the build."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.folder = index_dir / TASKS_FOLDER

    def start(self, rebuild: Callable[[BuildLock], BuildReport]) -> RebuildTask:
        """Run ``rebuild`` with the build lock in a background thread; ``rebuild`` releases it.
        Raises BuildInProgress if a build runs (in this process or another)."""
        lock = BuildLock(self.index_dir)
        try:
            task = RebuildTask(id=uuid.uuid4().hex[:12], state="running", started_at=_now())
            self._save(task)
            self._prune()
        except BaseException:
            lock.release()
            raise
        threading.Thread(
            target=self._run,
            args=(task, rebuild, lock),
            name=f"santeqa-rebuild-{task.id}",
            daemon=True,
        ).start()
        return task

    def _run(
        self, task: RebuildTask, rebuild: Callable[[BuildLock], BuildReport], lock: BuildLock
    ) -> None:
        try:
            report = rebuild(lock)
            task.summary, task.generation = report.summary(), report.generation
            task.state = "done"
        except Exception as exc:  # the thread must record every failure
            log.exception("rebuild %s failed", task.id)
            task.error = f"{type(exc).__name__}: {exc}"
            task.state = "failed"
        finally:
            lock.release()
        task.finished_at = _now()
        try:
            self._save(task)  # one atomic write: a poller sees the whole outcome or none
        except OSError:
            log.exception("rebuild %s: its state could not be saved", task.id)

    def get(self, task_id: str) -> RebuildTask:
        """The task ``task_id``; raises NotFound when there is none."""
        path = self.folder / f"{task_id}.json"
        if not TASK_ID.fullmatch(task_id):
            raise NotFound("no rebuild task with this id")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            owner = data.pop("owner", None)
            task = RebuildTask(**data)
        except FileNotFoundError as exc:
            raise NotFound("no rebuild task with this id") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise NotFound(f"rebuild task {task_id} cannot be read") from exc
        if task.state == "running" and not _owner_alive(owner):
            task.state, task.error = "failed", ENDED
        return task

    def _save(self, task: RebuildTask) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{task.id}.tmp"
        tmp.write_text(json.dumps({**asdict(task), "owner": _owner()}), encoding="utf-8")
        os.replace(tmp, self.folder / f"{task.id}.json")

    def _prune(self) -> None:
        files = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for path in files[: max(0, len(files) - KEEP_TASKS)]:
            path.unlink(missing_ok=True)
