"""Which generation serves: load the published one, switch when it changes, fall back.

Each request takes the ``Served`` state in force when it starts and finishes on it, so a newly
published generation (picked up by ``refresh``) never mixes into a request already under way.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from santeqa.errors import IndexMissing, SanteqaError
from santeqa.index import LoadedIndex, load_index, published_generation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Served:
    index: LoadedIndex
    fallback_reason: str | None  # why it is not the published generation (None when it is)


class LiveIndex:
    """The generation in force for ``index_dir``.

    ``expected`` gives the configuration the manifest must match (it may load the model, so it
    is called only when a generation is loaded).
    """

    def __init__(self, index_dir: Path, expected: Callable[[], dict[str, Any]]) -> None:
        self.index_dir = index_dir
        self._expected = expected
        self._served: Served | None = None
        self._error: SanteqaError | None = None
        self._lock = threading.Lock()  # guards loading and swapping generations
        self._pointer_seen: str | None = None
        self._loading = threading.Event()

    def refresh(self, force: bool = False) -> bool:
        """Load the published generation if it changed. Returns True when a switch happened.

        Loading happens under a lock; the swap of the served state is one assignment, so a
        request that already holds the old state finishes on it.
        """
        pointer = published_generation(self.index_dir)
        if not force and pointer == self._pointer_seen:
            return False
        with self._lock:
            if not force and pointer == self._pointer_seen:
                return False
            try:
                outcome = load_index(self.index_dir, self._expected())
            except SanteqaError as exc:
                log.error("index not loaded: %s", exc)
                self._pointer_seen = pointer
                if self._served is None:
                    self._error = exc
                elif self._served.index.generation != pointer:
                    # keep serving what we have, and say why it is not the published one
                    self._served = dataclasses.replace(self._served, fallback_reason=str(exc))
                return False
            self._pointer_seen = pointer
            self._served = Served(outcome.index, outcome.fallback_reason)
            self._error = None
            log.info("serving index generation %s", outcome.index.generation)
            return True

    def refresh_in_background(self) -> None:
        """Notice a newly published generation without making the request wait for it."""
        pointer = published_generation(self.index_dir)
        if pointer == self._pointer_seen or self._loading.is_set():
            return
        self._loading.set()

        def load() -> None:
            try:
                self.refresh()
            finally:
                self._loading.clear()

        threading.Thread(target=load, name="santeqa-reload", daemon=True).start()

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
            raise IndexMissing(f"no index in {self.index_dir}: run `santeqa index`")
        return served

    def fallback_reason(self) -> str | None:
        served = self._served
        return None if served is None else served.fallback_reason
