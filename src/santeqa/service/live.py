"""Which generation serves: load the published one, switch when it changes, fall back, retry.

Each request takes the ``Served`` state in force when it starts and finishes on it, so a newly
published generation (picked up by ``refresh``) never mixes into a request already under way.

What goes wrong on disk never stops a loaded generation from serving: an unreadable
``CURRENT`` or an unusable new generation is reported (``problem``, ``fallback_reason``) and
the load is tried again with back-off, as is a first load that failed (the generation folder
may appear a moment after ``CURRENT`` names it, or an OS error may pass).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from santeqa.errors import IndexMissing, IndexProblem, IndexUnavailable, SanteqaError
from santeqa.index import LoadedIndex, load_index, load_newest, published_generation

log = logging.getLogger(__name__)

RETRY_FIRST_S = 0.5  # first wait before loading again after a failure; doubled each time
RETRY_MAX_S = 30.0  # longest wait between two attempts
UNREADABLE = "\x00unreadable"  # the pointer seen when CURRENT could not be read


@dataclass(frozen=True)
class Served:
    index: LoadedIndex
    fallback_reason: str | None  # why it is not the published generation (None when it is)


class LiveIndex:
    """The generation in force for ``index_dir``.

    ``expected`` gives the configuration the manifest must match (it may load the model, so it
    is called only when a generation is loaded).
    """

    def __init__(
        self,
        index_dir: Path,
        expected: Callable[[], dict[str, Any]],
        *,
        retry_first_s: float = RETRY_FIRST_S,
        retry_max_s: float = RETRY_MAX_S,
    ) -> None:
        self.index_dir = index_dir
        self._expected = expected
        self._served: Served | None = None
        self._error: SanteqaError | None = None  # why nothing is served
        self._pointer_problem: str | None = None  # why CURRENT could not be read, last time
        self._lock = threading.Lock()  # guards loading and swapping generations
        self._pointer_seen: str | None = None
        self._settled = False  # the last load of _pointer_seen served it as published
        self._failures = 0
        self._retry_at = 0.0
        self._retry_first_s = retry_first_s
        self._retry_max_s = retry_max_s
        self._loading = threading.Event()

    # ------------------------------------------------------------------ reading the pointer

    def _pointer(self) -> str | None:
        """The published generation; raises IndexProblem (and remembers it) when CURRENT
        cannot be read."""
        try:
            pointer = published_generation(self.index_dir)
        except IndexProblem as exc:
            if self._pointer_problem != str(exc):
                log.error("%s", exc)
            self._pointer_problem = str(exc)
            raise
        self._pointer_problem = None
        return pointer

    def _due(self, pointer: str | None) -> bool:
        """Whether to load: the pointer moved, or the last load failed and its wait is over."""
        if pointer != self._pointer_seen:
            return True
        return not self._settled and time.monotonic() >= self._retry_at

    # ------------------------------------------------------------------ loading

    def refresh(self, force: bool = False) -> bool:
        """Load the published generation if it changed (or a failed load is due again).
        Returns True when a switch happened.

        Loading happens under a lock; the swap of the served state is one assignment, so a
        request that already holds the old state finishes on it.
        """
        try:
            pointer = self._pointer()
        except IndexUnavailable as exc:  # try again soon; meanwhile say why
            if self._served is None:
                self._error = exc
            return False
        except IndexProblem as exc:  # damaged: it will not heal by itself
            if self._served is None:
                self._serve_newest(exc)
            return False
        if pointer is None and self._served is None:
            return False  # nothing published yet: ``current`` says so, no model is loaded
        if not force and not self._due(pointer):
            return False
        with self._lock:
            if not force and not self._due(pointer):
                return False
            return self._load(pointer)

    def _load(self, pointer: str | None) -> bool:
        served = self._served
        self._pointer_seen = pointer
        try:
            outcome = load_index(
                self.index_dir, self._expected(), None if served is None else served.index
            )
        except SanteqaError as exc:
            log.error("index not loaded: %s", exc)
            self._failed()
            if served is None:
                self._error = exc
            elif served.index.generation != pointer:
                # keep serving what we have, and say why it is not the published one
                self._served = dataclasses.replace(served, fallback_reason=str(exc))
            return False
        self._settled = outcome.fallback_reason is None
        if self._settled:
            self._failures = 0
        else:
            self._failed()
        self._served = Served(outcome.index, outcome.fallback_reason)
        self._error = None
        if served is not None and served.index is outcome.index:
            return False
        log.info("serving index generation %s", outcome.index.generation)
        return True

    def _serve_newest(self, unreadable: IndexProblem) -> None:
        """Nothing served and CURRENT damaged: serve the newest intact generation until CURRENT
        names one again (the fallback reason says so), or keep the error."""
        with self._lock:
            if self._served is not None or time.monotonic() < self._retry_at:
                if self._served is None:
                    self._error = unreadable
                return
            self._pointer_seen = UNREADABLE
            self._failed()  # CURRENT is read again on each request; this is for the error case
            try:
                outcome = load_newest(self.index_dir, self._expected(), str(unreadable))
            except SanteqaError as exc:
                log.error("index not loaded: %s", exc)
                self._error = exc
                return
            self._served = Served(outcome.index, outcome.fallback_reason)
            self._error = None

    def _failed(self) -> None:
        self._settled = False
        wait = min(self._retry_max_s, self._retry_first_s * 2**self._failures)
        self._failures += 1
        self._retry_at = time.monotonic() + wait

    def refresh_in_background(self) -> None:
        """Notice a newly published generation without making the request wait for it."""
        try:
            pointer = self._pointer()
        except IndexProblem:
            return  # keep serving; ``problem`` says why
        if not self._due(pointer) or self._loading.is_set():
            return
        self._loading.set()

        def load() -> None:
            try:
                self.refresh()
            finally:
                self._loading.clear()

        threading.Thread(target=load, name="santeqa-reload", daemon=True).start()

    # ------------------------------------------------------------------ what requests see

    def current(self) -> Served:
        """The state to answer a request with; raises the load error when there is none."""
        served = self._served
        if served is not None:
            self.refresh_in_background()
            return served
        self.refresh()
        served = self._served
        if served is None:
            if self._error is not None:
                raise self._error
            raise IndexMissing("no index in the index folder yet: run `santeqa index`")
        return served

    def fallback_reason(self) -> str | None:
        served = self._served
        return None if served is None else served.fallback_reason

    def problem(self) -> str | None:
        """What is wrong on disk while the loaded generation keeps serving (None when all is
        well): CURRENT unreadable, for now."""
        return self._pointer_problem
