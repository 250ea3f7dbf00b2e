"""The one entry point: ``Engine.from_settings(settings)``.

The engine owns the embedder and the loaded index generation. Each question takes a
reference to the generation in force when it starts and finishes on it, so a newly published
generation (picked up by ``refresh``) never mixes into a request already under way.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from santeqa.embed import Embedder, embedder_from_settings
from santeqa.errors import BuildInProgress, IndexMissing, InvalidQuestion, SanteqaError
from santeqa.index import (
    BuildReport,
    LoadedIndex,
    build,
    build_running,
    expected_config,
    load_index,
    published_generation,
)
from santeqa.qa.answer import ANSWERED, NOT_ANSWERED, choose
from santeqa.qa.retrieve import analyse, dense_only, fuse, lexical_only, score
from santeqa.records import AskResult, Hit, IndexInfo, PageView, Paragraph
from santeqa.settings import Settings
from santeqa.text import Analyzer
from santeqa.tunables import Tunables

log = logging.getLogger(__name__)

MODES = ("final", "hybrid", "dense", "lexical")
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


@dataclass
class _State:
    index: LoadedIndex
    fallback_reason: str | None


class Engine:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._analyzer = Analyzer()
        self._state: _State | None = None
        self._error: SanteqaError | None = None
        self._lock = threading.Lock()  # guards loading and swapping generations
        self._model_lock = threading.Lock()
        self._tasks: dict[str, RebuildTask] = {}
        self._task_lock = threading.Lock()
        self._pointer_seen: str | None = None
        self._loading = threading.Event()
        self.tunables = Tunables()

    @classmethod
    def from_settings(cls, settings: Settings) -> Engine:
        return cls(settings)

    # ------------------------------------------------------------------ model and index

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._model_lock:
                if self._embedder is None:
                    self._embedder = embedder_from_settings(self.settings)
        return self._embedder

    def _expected(self) -> dict[str, object]:
        e = self.embedder
        return expected_config(self.settings, e.name, e.dimension, self.tunables)

    def warm(self) -> None:
        """Load the model and the published index, and encode once (so the first question
        is as fast as the others). Index errors are kept and re-raised by ``ask``."""
        self.embedder.embed_queries(["échauffement"])
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> bool:
        """Load the published generation if it changed. Returns True when a switch happened.

        Loading happens under a lock; the swap of ``self._state`` is one assignment, so a
        request that already holds the old state finishes on it.
        """
        pointer = published_generation(self.settings.index_dir)
        if not force and pointer == self._pointer_seen:
            return False
        with self._lock:
            if not force and pointer == self._pointer_seen:
                return False
            try:
                outcome = load_index(self.settings.index_dir, self._expected())
            except SanteqaError as exc:
                log.error("index not loaded: %s", exc)
                self._pointer_seen = pointer
                if self._state is None:
                    self._error = exc
                elif self._state.index.generation != pointer:
                    # keep serving what we have, and say why it is not the published one
                    self._state = dataclasses.replace(self._state, fallback_reason=str(exc))
                return False
            self._pointer_seen = pointer
            state = _State(outcome.index, outcome.fallback_reason)
            self._state = state
            self._error = None
            log.info("serving index generation %s", state.index.generation)
            return True

    def _refresh_in_background(self) -> None:
        """Notice a newly published generation without making the request wait for it."""
        pointer = published_generation(self.settings.index_dir)
        if pointer == self._pointer_seen or self._loading.is_set():
            return
        self._loading.set()

        def load() -> None:
            try:
                self.refresh()
            finally:
                self._loading.clear()

        threading.Thread(target=load, name="santeqa-reload", daemon=True).start()

    def _current(self) -> _State:
        state = self._state
        if state is not None:
            self._refresh_in_background()
            return state
        self.refresh()
        state = self._state
        if state is None:
            if self._error is not None:
                raise self._error
            raise IndexMissing(f"no index in {self.settings.index_dir}: run `santeqa index`")
        return state

    def build(
        self, *, progress: bool = False, on_step: Callable[[str], None] | None = None
    ) -> BuildReport:
        report = build(
            self.settings, self.embedder, progress=progress, on_step=on_step, tunables=self.tunables
        )
        self.refresh(force=True)
        return report

    def start_rebuild(self) -> RebuildTask:
        """Run ``build`` in a background thread. Raises BuildInProgress if one is running
        (here, or in another process holding the build lock)."""
        with self._task_lock:
            if any(t.state == "running" for t in self._tasks.values()):
                raise BuildInProgress("a rebuild is already running")
            if build_running(self.settings.index_dir):
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
                report = self.build()
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

    def rebuild_task(self, task_id: str) -> RebuildTask:
        return self._tasks[task_id]  # KeyError: unknown task

    # ------------------------------------------------------------------ questions

    def info(self) -> IndexInfo:
        state = self._current()
        idx = state.index
        return IndexInfo(
            generation=idx.generation,
            chunks=len(idx.chunks),
            documents=len(idx.documents),
            model=idx.model,
            built_at=idx.built_at,
        )

    def fallback_reason(self) -> str | None:
        return None if self._state is None else self._state.fallback_reason

    def ask(self, question: str, top_k: int | None = None, *, mode: str = "final") -> AskResult:
        t0 = time.perf_counter()
        question = question.strip()
        if not question:
            raise InvalidQuestion("the question is empty")
        if mode not in MODES:
            raise InvalidQuestion(f"unknown mode {mode!r}")
        k = top_k or self.settings.top_k
        state = self._current()
        idx = state.index
        q = analyse(question, idx.glossary, self._analyzer)
        s = score(idx, q, self.embedder.embed_queries([q.expanded])[0])
        depth = max(self.settings.fusion_depth, k)
        if mode == "dense":
            cands = dense_only(idx, s, depth)
        elif mode == "lexical":
            cands = lexical_only(idx, s, depth)
        else:
            cands = fuse(
                idx, s, depth=depth, rrf_k=self.settings.rrf_k, weights=self.tunables.fusion
            )
        choice = choose(idx, s, cands, self.tunables.answer)
        if mode == "final" and choice.answer is not None:
            # the passage holding the answer comes first
            cands = sorted(cands, key=lambda c: idx.chunks[c.row].id != choice.answer.passage_id)  # type: ignore[union-attr]
        abstained = choice.answer is None or choice.confidence < self.settings.abstain_threshold
        hits = tuple(
            Hit(
                chunk=idx.chunks[c.row],
                score=c.score,
                dense=c.dense,
                lexical=c.lexical,
                footnotes=tuple(idx.footnotes_of(idx.chunks[c.row])),
            )
            for c in cands[:k]
        )
        return AskResult(
            question=question,
            answer=None if abstained else choice.answer,
            abstained=abstained,
            message=NOT_ANSWERED if abstained else ANSWERED,
            hits=hits,
            index=IndexInfo(
                generation=idx.generation,
                chunks=len(idx.chunks),
                documents=len(idx.documents),
                model=idx.model,
                built_at=idx.built_at,
            ),
            took_ms=round((time.perf_counter() - t0) * 1000, 2),
            confidence=round(choice.confidence, 4),
        )

    # ------------------------------------------------------------------ reading pages

    def documents(self) -> list[str]:
        return sorted(self._current().index.documents)

    def page(self, document: str, number: int) -> PageView:
        idx = self._current().index
        doc = idx.documents[document]  # KeyError: unknown document
        if not 1 <= number <= len(doc.pages):
            raise KeyError(f"{document} has no page {number}")
        page = doc.pages[number - 1]
        parts: list[Paragraph] = []
        for para in doc.paragraphs:
            pieces = _page_slice(para, number)
            if pieces is not None:
                parts.append(pieces)
        notes = tuple(f for f in doc.footnotes if f.page == number)
        return PageView(
            document=document,
            number=number,
            label=page.label,
            paragraphs=tuple(parts),
            footnotes=notes,
            pages=len(doc.pages),
        )


def _page_slice(para: Paragraph, number: int) -> Paragraph | None:
    """The part of a paragraph that stands on page ``number`` (None if none does)."""
    starts = list(para.page_starts) + [(len(para.text), -1)]
    for (start, page), (end, _next) in itertools.pairwise(starts):
        if page == number and end > start:
            return Paragraph(
                document=para.document,
                text=para.text[start:end],
                section=para.section,
                page_starts=((0, number),),
                markers=tuple(
                    type(m)(m.offset - start, m.number)
                    for m in para.markers
                    if start <= m.offset < end
                ),
            )
    return None
