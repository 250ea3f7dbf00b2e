"""Concurrent questions share model calls, with the same vectors as one by one; the cache."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from santeqa.batching import BatchingEmbedder, VectorCache
from santeqa.embed import FakeEmbedder, Vectors

QUESTIONS = [f"Quel est le budget du projet numéro {i} de télésanté ?" for i in range(48)]


class SlowEmbedder(FakeEmbedder):
    """The fake embedder, slow like a model (so that concurrent callers overlap), recording
    every call's texts."""

    def __init__(self, seconds: float = 0.02) -> None:
        super().__init__()
        self.seconds = seconds
        self.batches: list[list[str]] = []
        self._lock = threading.Lock()

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            self.batches.append(list(texts))
        time.sleep(self.seconds)
        return super().embed_queries(texts)


def ask_concurrently(embedder: BatchingEmbedder, questions: list[str]) -> list[Vectors]:
    start = threading.Barrier(len(questions))

    def one(question: str) -> Vectors:
        start.wait()
        return embedder.embed_queries([question])[0]

    with ThreadPoolExecutor(len(questions)) as pool:
        return list(pool.map(one, questions))


def test_concurrent_questions_are_batched_with_the_vectors_of_single_encoding() -> None:
    inner = SlowEmbedder()
    batcher = BatchingEmbedder(inner, window_s=0.005, max_batch=32, cache_size=0)
    got = ask_concurrently(batcher, QUESTIONS)
    alone = FakeEmbedder()
    for question, vector in zip(QUESTIONS, got, strict=True):
        assert np.array_equal(vector, alone.embed_queries([question])[0])
    assert sorted(t for batch in inner.batches for t in batch) == sorted(QUESTIONS)
    assert len(inner.batches) < len(QUESTIONS) / 2  # far fewer model calls than questions
    assert max(len(b) for b in inner.batches) <= 32
    assert batcher.stats.largest > 1
    batcher.close()


def test_batches_never_exceed_the_maximum() -> None:
    inner = SlowEmbedder()
    batcher = BatchingEmbedder(inner, window_s=0.01, max_batch=4, cache_size=0)
    ask_concurrently(batcher, QUESTIONS[:20])
    assert max(len(b) for b in inner.batches) <= 4
    assert sum(len(b) for b in inner.batches) == 20
    batcher.close()


def test_a_lone_question_does_not_wait_for_the_window() -> None:
    inner = SlowEmbedder(seconds=0.0)
    batcher = BatchingEmbedder(inner, window_s=30.0, cache_size=0)  # a window no test outlives
    started = time.monotonic()
    vector = batcher.embed_queries([QUESTIONS[0]])
    assert time.monotonic() - started < 5.0
    assert np.array_equal(vector, FakeEmbedder().embed_queries([QUESTIONS[0]]))
    assert inner.batches == [[QUESTIONS[0]]]
    batcher.close()


def test_the_same_question_asked_together_is_encoded_once() -> None:
    inner = SlowEmbedder()
    batcher = BatchingEmbedder(inner, window_s=0.005, cache_size=0)
    got = ask_concurrently(batcher, [QUESTIONS[0]] * 8 + [QUESTIONS[1]] * 8)
    assert all(np.array_equal(v, got[0]) for v in got[:8])
    assert all(np.array_equal(v, got[8]) for v in got[8:])
    assert all(len(set(batch)) == len(batch) for batch in inner.batches)
    batcher.close()


def test_a_model_failure_reaches_every_waiting_caller() -> None:
    class Broken(SlowEmbedder):
        def embed_queries(self, texts: Sequence[str]) -> Vectors:
            time.sleep(0.01)
            raise RuntimeError("model crashed")

    batcher = BatchingEmbedder(Broken(), cache_size=0)
    errors: list[str] = []

    def one(question: str) -> None:
        try:
            batcher.embed_queries([question])
        except RuntimeError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=one, args=(q,)) for q in QUESTIONS[:6]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == ["model crashed"] * 6
    batcher.close()


def test_several_texts_from_one_caller_go_to_the_model_as_they_are() -> None:
    inner = SlowEmbedder(seconds=0.0)
    batcher = BatchingEmbedder(inner, cache_size=0)
    vectors = batcher.embed_queries(QUESTIONS[:3])
    assert inner.batches == [QUESTIONS[:3]]
    assert np.array_equal(vectors, FakeEmbedder().embed_queries(QUESTIONS[:3]))
    assert batcher._worker is None  # no thread was needed
    assert batcher.embed_queries([]).shape == (0, inner.dimension)


def test_off_switch_encodes_each_question_alone() -> None:
    inner = SlowEmbedder()
    batcher = BatchingEmbedder(inner, enabled=False, cache_size=0)
    ask_concurrently(batcher, QUESTIONS[:6])
    assert sorted(len(b) for b in inner.batches) == [1] * 6


def test_repeated_questions_come_from_the_cache() -> None:
    inner = SlowEmbedder(seconds=0.0)
    batcher = BatchingEmbedder(inner, cache_size=2)
    first = batcher.embed_queries([QUESTIONS[0]])
    again = batcher.embed_queries([QUESTIONS[0]])
    assert np.array_equal(first, again)
    assert len(inner.batches) == 1
    batcher.embed_queries([QUESTIONS[1]])
    batcher.embed_queries([QUESTIONS[2]])  # the cache holds two: the first is dropped
    batcher.embed_queries([QUESTIONS[0]])
    assert [b[0] for b in inner.batches] == [QUESTIONS[0], QUESTIONS[1], QUESTIONS[2], QUESTIONS[0]]
    mixed = batcher.embed_queries([QUESTIONS[0], QUESTIONS[3]])  # one cached, one new
    assert inner.batches[-1] == [QUESTIONS[3]]
    assert np.array_equal(mixed, FakeEmbedder().embed_queries([QUESTIONS[0], QUESTIONS[3]]))
    batcher.close()


def test_cache_is_bounded_and_its_vectors_read_only() -> None:
    cache = VectorCache(3)
    for i in range(10):
        cache.put(str(i), np.full(4, i, dtype=np.float32))
    assert len(cache) == 3
    assert cache.get("0") is None
    kept = cache.get("9")
    assert kept is not None
    with pytest.raises(ValueError):
        kept[0] = 1.0
    cache.clear()
    assert len(cache) == 0
    off = VectorCache(0)
    off.put("x", np.zeros(4, dtype=np.float32))
    assert off.get("x") is None


def test_a_lone_question_is_encoded_in_the_callers_thread() -> None:
    threads: list[str] = []

    class Recording(FakeEmbedder):
        def embed_queries(self, texts: Sequence[str]) -> Vectors:
            threads.append(threading.current_thread().name)
            return super().embed_queries(texts)

    batcher = BatchingEmbedder(Recording(), cache_size=0)
    for question in QUESTIONS[:3]:
        batcher.embed_queries([question])
    assert threads == [threading.current_thread().name] * 3
    assert batcher._worker is None  # no hand-over to the worker
    assert batcher.stats.calls == 3


def test_close_stops_the_worker() -> None:
    batcher = BatchingEmbedder(SlowEmbedder(seconds=0.02), cache_size=0)
    ask_concurrently(batcher, QUESTIONS[:4])  # all but the first wait for the worker
    worker = batcher._worker
    assert worker is not None and worker.is_alive()
    batcher.close()
    assert not worker.is_alive()
