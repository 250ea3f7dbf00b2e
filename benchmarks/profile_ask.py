"""Where a lone question's time goes: a per-step breakdown of the 1-client `/ask` path.

Run: `python benchmarks/profile_ask.py` (the index of SANTEQA_INDEX_DIR, default backend). In
one process, for each gold question (dev + train, made distinct as `make bench` makes them:
a running number appended), the steps of ``Engine._answer`` are timed one by one, then the
response's JSON and the question log; beside them the bare encode of the raw question (the
benchmark's floor) and of the text that is really encoded, with their token counts and padded
length buckets. Prints medians (ms) over the questions, repeated ``--rounds`` times
interleaved (the 2 cores are shared: compare medians of rounds, not single figures).

Then the web application's own cost, called in process (no server, no socket). With
``--http``, a server is started too and the client-side latency of `/health`, of an `/ask`
answered from the answer cache and of a distinct `/ask` is measured (one client).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import speed
from bench import load, wait_health


class Steps:
    """Milliseconds per named step: ``lap(name)`` closes the step begun at the previous lap."""

    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = defaultdict(list)
        self._last = time.perf_counter()

    def start(self) -> None:
        self._last = time.perf_counter()

    def lap(self, name: str) -> float:
        now = time.perf_counter()
        self.ms[name].append((now - self._last) * 1000)
        self._last = now
        return self.ms[name][-1]


def profile_round(engine: Any, questions: Sequence[str], store: Any) -> dict[str, list[float]]:
    """Each step of one question's answer, timed separately (the same calls as
    ``Engine._answer`` and the api's ``_answered``), the encode split into its parts."""
    from santeqa.api.routes.ask import log_entry
    from santeqa.api.schemas import ask_response, new_answer_id
    from santeqa.qa.answer import evidence, read_question
    from santeqa.qa.followup import resolve
    from santeqa.qa.rerank import choose_reordered
    from santeqa.qa.retrieve import score

    steps = Steps()
    embedder = engine.embedder
    inner = getattr(embedder, "inner", embedder)
    analyzer = engine._analyzer
    depth = max(engine.settings.fusion_depth, engine.settings.top_k)
    for question in questions:
        idx = engine.live.current().index
        res = engine.resources(idx)
        steps.start()
        inner.embed_queries([question])
        steps.lap("bare encode of the question as asked")
        searched = resolve(question, (), analyzer).resolved
        python = steps.lap("follow-up resolution")
        what, q = read_question(idx, res, searched, analyzer)
        python += steps.lap("question analysis + glossary")
        encode_parts(inner, q.expanded, steps)
        vector = embedder.embed_queries([q.expanded])[0]
        encode = steps.lap("encode of the text searched (serving path)")
        s = score(idx, q, vector)
        python += steps.lap("dense + BM25 scores")
        cands = engine._ranked(idx, s, "final", depth)
        python += steps.lap("fusion")
        ev = evidence(idx, what, q.text, q.terms, s, analyzer, res.places)
        python += steps.lap("evidence (question features)")
        choose_reordered(idx, res, engine.answer_model, ev, cands, q.english)
        python += steps.lap("answer step (qa.rerank.choose_reordered)")
        steps.ms["Python steps above, encode excluded"].append(python)
        steps.ms["all the steps above, encode included"].append(python + encode)
        steps.start()
        result = engine.ask(question + " #")  # a new question: nothing cached
        steps.lap("engine.ask (whole, a second encode)")
        ask_response(result, new_answer_id()).model_dump_json().encode()
        steps.lap("response JSON")
        store.record(log_entry(new_answer_id(), result))
        steps.lap("question log (SQLite; served: after the response, in the background)")
    return steps.ms


def encode_parts(inner: Any, text: str, steps: Steps) -> None:
    """The graph encoder's parts on ``text`` (prefixed as served), each timed: tokenizer,
    padding to the shape bucket, the runtime's inference, pooling (nothing without a graph)."""
    import numpy as np

    from santeqa.encoder.graph import pad_to_buckets

    encoder = getattr(inner, "_encoder", None)
    if encoder is None:
        return
    steps.start()
    ids, mask = encoder.tokenizer.encode([inner.query_prefix + text])
    steps.lap("  encode: tokenizer")
    padded = (
        pad_to_buckets(ids, mask, encoder.tokenizer.pad_id)
        if encoder.bucket_shapes
        else (ids, mask)
    )
    steps.lap("  encode: padding to the bucket")
    tokens = encoder._run(*padded)[:, : ids.shape[1]]
    steps.lap("  encode: inference")
    weights = mask[:, :, None].astype(np.float32)
    pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    steps.lap("  encode: pooling + norm")
    steps.start()


def lengths(engine: Any, questions: Sequence[str]) -> None:
    """Token counts and padded length buckets of the question as asked, of the text encoded
    (glossary expansions appended), and of both once numbered as `make bench` numbers them."""
    from santeqa.encoder.graph import LENGTH_BUCKETS, bucket_of
    from santeqa.qa.answer import read_question

    inner = getattr(engine.embedder, "inner", engine.embedder)
    encoder = getattr(inner, "_encoder", None)
    if encoder is None:
        print("(no graph encoder: token counts skipped)")
        return
    idx = engine.live.current().index
    res = engine.resources(idx)
    prefix = engine.settings.query_prefix
    numbered = speed.Distinct(questions).take(len(questions))
    texts: dict[str, list[str]] = defaultdict(list)
    for question, asked in zip(questions, numbered, strict=True):
        texts["question"].append(question)
        texts["question, encoded"].append(
            read_question(idx, res, question, engine._analyzer)[1].expanded
        )
        texts["numbered"].append(asked)
        texts["numbered, encoded"].append(
            read_question(idx, res, asked, engine._analyzer)[1].expanded
        )
    counts = {
        name: [int(encoder.tokenizer.encode([prefix + t])[1].sum()) for t in values]
        for name, values in texts.items()
    }
    plain = [bucket_of(n, LENGTH_BUCKETS) for n in counts["question"]]
    for name, values in counts.items():
        buckets = [bucket_of(n, LENGTH_BUCKETS) for n in values]
        longer = sum(b > p for b, p in zip(buckets, plain, strict=True))
        print(
            f"{name:<18} tokens p50 {statistics.median(values):4.0f}, padded lengths "
            f"{dict(sorted(Counter(buckets).items()))}, {longer} in a longer one than the question"
        )


async def _call_app(app: Any, method: str, path: str, body: bytes = b"") -> bytes:
    """One request straight into the ASGI app (no server, no socket): the response body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 5555),
        "server": ("127.0.0.1", 8000),
    }
    chunks: list[bytes] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:  # the app waits for a disconnect that never comes
            await asyncio.sleep(3600)
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return b"".join(chunks)


def app_profile(engine: Any, questions: Sequence[str], store: Any) -> None:
    """The web application's own cost, without server or client: `/health`, and a distinct
    `/ask` minus the ``took_ms`` of the engine inside it (middlewares, routing, body checks,
    the hop to a worker thread, the response's JSON; the question log is written after it)."""
    from santeqa.api import create_app

    # every request comes from one address: the rate limit off, as in `make bench`
    settings = engine.settings.model_copy(update={"rate_limit_per_minute": 0})
    app = create_app(settings, engine, store=store)

    async def run() -> dict[str, list[float]]:
        ms: dict[str, list[float]] = defaultdict(list)
        for question in speed.Distinct(questions).take(len(questions) + 20):
            body = json.dumps({"question": question + " app", "top_k": 5}).encode()
            t0 = time.perf_counter()
            answer = json.loads(await _call_app(app, "POST", "/ask", body))
            spent = (time.perf_counter() - t0) * 1000
            ms["/ask minus engine.ask"].append(spent - answer["took_ms"])
            t0 = time.perf_counter()
            await _call_app(app, "GET", "/health")
            ms["/health"].append((time.perf_counter() - t0) * 1000)
        return {name: values[20:] for name, values in ms.items()}  # the first 20: warming

    for name, values in asyncio.run(run()).items():
        print(f"in the app, {name:<24} p50 {statistics.median(values):6.2f} ms")


def http_profile(questions: Sequence[str], rounds: int) -> None:
    """Client-side latency at one client: /health, a cached /ask, a distinct /ask."""
    import urllib.request

    env = dict(os.environ, SANTEQA_RATE_LIMIT_PER_MINUTE="0")
    with speed.server(env) as (base, _pid, _startup):
        wait_health(base, 120)
        distinct = speed.Distinct(questions)
        load(base, distinct.take(20), 1, 20)
        figures: dict[str, list[float]] = defaultdict(list)
        for _ in range(rounds):
            health = []
            for _ in range(100):
                t0 = time.perf_counter()
                with urllib.request.urlopen(base + "/health", timeout=10) as r:
                    r.read()
                health.append((time.perf_counter() - t0) * 1000)
            figures["/health"].append(statistics.median(health))
            same = [questions[0]] * 100
            figures["/ask, answer cached"].append(float(load(base, same, 1, 100)["p50"]))  # type: ignore[arg-type]
            n = len(questions)
            figures["/ask, distinct"].append(float(load(base, distinct.take(n), 1, n)["p50"]))  # type: ignore[arg-type]
        for name, values in figures.items():
            print(f"{name:<28} " + "  ".join(f"{v:6.2f}" for v in values) + " ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, nargs="*", default=list(speed.GOLD_FILES))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--http", action="store_true", help="also time a server, client-side")
    args = ap.parse_args()
    questions = speed.gold_questions(args.gold)
    print(f"load average at start: {speed.loadavg()}")
    from santeqa.service import Engine
    from santeqa.settings import Settings
    from santeqa.store import QuestionStore

    settings = Settings()
    engine = Engine.from_settings(settings)
    engine.warm()
    print(f"backend {settings.backend}, batching {'on' if settings.batching else 'off'}")
    lengths(engine, questions)
    with tempfile.TemporaryDirectory() as tmp:
        store = QuestionStore(Path(tmp) / "q.sqlite3")
        distinct = speed.Distinct(questions)
        profile_round(engine, distinct.take(20), store)  # warm
        rounds = [
            profile_round(engine, distinct.take(len(questions)), store) for _ in range(args.rounds)
        ]
    print()
    print(f"per step, median ms over {len(questions)} distinct questions, one column per round")
    for name in rounds[0]:
        medians = [statistics.median(r[name]) for r in rounds]
        print(f"{name:<46} " + "  ".join(f"{m:6.2f}" for m in medians))
    with tempfile.TemporaryDirectory() as tmp:
        print()
        app_profile(engine, questions, QuestionStore(Path(tmp) / "q.sqlite3"))
    if args.http:
        print()
        http_profile(questions, args.rounds)
    print(f"load average at the end: {speed.loadavg()}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
