"""What the api needs from the service layer (``santeqa.service.Engine`` has it; the tests
pass a fake). Declared here so that the api depends on an interface, not on the engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from santeqa.records import AskResult, IndexInfo, PageView, TaskState


class RebuildStatus(Protocol):
    """What the api reads of a rebuild task (``santeqa.service.RebuildTask``)."""

    id: str
    state: TaskState
    started_at: str
    finished_at: str | None
    generation: str | None
    summary: str | None
    error: str | None


class AskService(Protocol):
    """The methods of the question-answering service that the routes call."""

    def ask(self, question: str, top_k: int, *, history: Sequence[str] = ()) -> AskResult:
        """Answer; ``history``: the earlier questions, with which a follow-up is resolved."""
        ...

    def info(self) -> IndexInfo: ...

    def page(self, document: str, number: int) -> PageView:
        """One page of a document; raises ``NotFound`` when there is no such page."""
        ...

    def documents(self) -> list[str]: ...

    def warm(self) -> None: ...

    def fallback_reason(self) -> str | None:
        """Why the generation served is not the published one (None when it is)."""
        ...

    def index_problem(self) -> str | None:
        """What is wrong with the index folder while the loaded generation keeps answering
        (None when all is well)."""
        ...

    def start_rebuild(self) -> RebuildStatus:
        """Start a rebuild in the background; raises ``BuildInProgress`` while one runs."""
        ...

    def rebuild_task(self, task_id: str) -> RebuildStatus:
        """A rebuild task by id; raises ``NotFound`` when there is none."""
        ...
