"""Questions asked at the same time share one model call; repeated questions make none.

``BatchingEmbedder`` wraps an embedder. A request thread that needs one question's vector and
finds the model idle, with nothing queued, encodes it itself (no hand-over to another thread:
a lone question pays nothing for batching). Otherwise it puts the question on a queue and
waits; one worker thread takes everything queued (at most ``max_batch``) as soon as the model
is free and encodes it in one call. While the model is busy, newly arrived questions queue up,
so under load batches form by themselves. After a batch of several questions (a sign of concurrent
load) the worker also waits up to ``window_s`` for stragglers before the next call; after a
lone question it does not wait, so a question that comes alone is not delayed.

Vectors of recent questions are kept in a bounded LRU cache. A cache belongs to one embedder,
hence to one model: a new model means a new embedder and an empty cache.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np

from santeqa.cache import LRUCache
from santeqa.embed import Embedder, Vectors, embedder_from_settings
from santeqa.settings import Settings


class VectorCache(LRUCache[str, Vectors]):
    """Question text -> its vector; the vectors are made read-only (requests share them)."""

    def put(self, key: str, value: Vectors) -> None:
        value.setflags(write=False)
        super().put(key, value)


@dataclass
class _Pending:
    text: str
    result: Future[Vectors] = field(default_factory=Future)


@dataclass
class BatchStats:
    """How many model calls encoded how many questions (for tests and the benchmark)."""

    calls: int = 0
    texts: int = 0
    largest: int = 0
    sizes: list[int] = field(default_factory=list)

    def record(self, size: int) -> None:
        self.calls += 1
        self.texts += size
        self.largest = max(self.largest, size)
        if len(self.sizes) < 10_000:
            self.sizes.append(size)


class BatchingEmbedder:
    """An :class:`Embedder` whose single questions are encoded together when they coincide."""

    def __init__(
        self,
        inner: Embedder,
        *,
        window_s: float = 0.003,
        max_batch: int = 32,
        cache_size: int = 1024,
        enabled: bool = True,
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.window_s = window_s
        self.max_batch = max(1, max_batch)
        self.enabled = enabled
        self.cache = VectorCache(cache_size)
        self.stats = BatchStats()
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._model_free = threading.Lock()  # held by whoever calls the model with questions
        self._last_batch = 1

    # ------------------------------------------------------------------ Embedder

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Vectors of ``texts``: from the cache, else one queued request per text (a list of
        several texts is one caller's batch already and goes to the model as it is)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        known = {t: v for t in texts if (v := self.cache.get(t)) is not None}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if len(missing) == 1 and self.enabled:
            fresh = self._alone_or_queued(missing[0])[None, :]
        elif missing:
            fresh = self.inner.embed_queries(missing)
        for text, vector in zip(missing, fresh if missing else (), strict=True):
            self.cache.put(text, vector)
            known[text] = vector
        return np.stack([known[t] for t in texts]).astype(np.float32, copy=False)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self.inner.embed_passages(texts, progress=progress)

    # ------------------------------------------------------------------ the worker

    def _alone_or_queued(self, text: str) -> Vectors:
        """The vector of ``text``: encoded in this thread when the model is idle and no
        question waits, else by the worker with whatever else is queued."""
        if self._queue.empty() and self._model_free.acquire(blocking=False):
            try:
                self._last_batch = 1
                self.stats.record(1)
                return np.array(self.inner.embed_queries([text])[0])
            finally:
                self._model_free.release()
        return self._submit(text).result()

    def _submit(self, text: str) -> Future[Vectors]:
        pending = _Pending(text)
        self._ensure_worker()
        self._queue.put(pending)
        return pending.result

    def _ensure_worker(self) -> None:
        if self._worker is not None:
            return
        with self._start_lock:
            if self._worker is None:
                worker = threading.Thread(target=self._run, name="santeqa-batcher", daemon=True)
                worker.start()
                self._worker = worker

    def close(self) -> None:
        """Stop the worker once the questions already queued are answered."""
        with self._start_lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            self._queue.put(None)
            worker.join(10)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            with self._model_free:  # what queues while a caller encodes joins this batch
                batch, stop = self._gather(first)
                self._encode(batch)
            if stop:
                return

    def _gather(self, first: _Pending) -> tuple[list[_Pending], bool]:
        """The first question and whatever else is queued; after a batch of several, also
        what arrives within the gather window."""
        batch = [first]
        wait = self.window_s if self._last_batch > 1 else 0.0
        deadline = time.monotonic() + wait
        while len(batch) < self.max_batch:
            remaining = deadline - time.monotonic()
            try:
                if remaining > 0:
                    item = self._queue.get(timeout=remaining)
                else:
                    item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:  # close(): finish this batch, then stop
                return batch, True
            batch.append(item)
        return batch, False

    def _encode(self, batch: list[_Pending]) -> None:
        self._last_batch = len(batch)
        texts = list(dict.fromkeys(p.text for p in batch))  # the same question once
        self.stats.record(len(texts))
        try:
            vectors = self.inner.embed_queries(texts)
        except BaseException as exc:  # every waiter must hear of the failure
            for pending in batch:
                pending.result.set_exception(exc)
            return
        by_text = {text: np.array(vectors[i]) for i, text in enumerate(texts)}
        for pending in batch:
            pending.result.set_result(by_text[pending.text])


def serving_embedder(settings: Settings) -> BatchingEmbedder:
    """The model of ``settings`` behind the batcher and the question-vector cache."""
    return BatchingEmbedder(
        embedder_from_settings(settings),
        window_s=settings.batch_window_ms / 1000,
        max_batch=settings.max_batch,
        cache_size=settings.query_cache_size,
        enabled=settings.batching,
    )
