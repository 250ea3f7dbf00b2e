"""Where a lone question's time goes: a per-step breakdown of the 1-client `/ask` path.

Run: `python benchmarks/profile_ask.py` (the index of SANTEQA_INDEX_DIR, default backend). In
one process, for each gold question (dev + train, made distinct as `make bench` makes them:
a running number appended), the steps of ``Engine._answer`` are timed one by one, then the
response's JSON and the question log; beside them the bare encode of the raw question (the
benchmark's floor) and of the text that is really encoded, with their token counts and padded
length buckets. Prints medians (ms) over the questions, repeated ``--rounds`` times
interleaved (the 2 cores are shared: compare medians of rounds, not single figures).

With ``--http``, a server is started too and the client-side latency of `/health`, of an `/ask`
answered from the answer cache and of a distinct `/ask` is measured (one client).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import speed
from bench import load, wait_health

T = TypeVar("T")


def timed(steps: dict[str, list[float]], name: str, fn: Callable[[], T]) -> T:
    t0 = time.perf_counter()
    out = fn()
    steps[name].append((time.perf_counter() - t0) * 1000)
    return out


def profile_round(engine: Any, questions: Sequence[str], store: Any) -> dict[str, list[float]]:
    """Each step of one question's answer, timed separately (the same calls as
    ``Engine._answer`` and the api's ``_answered``)."""
    from santeqa.api.schemas import ask_response, new_answer_id
    from santeqa.qa.answer import choose, evidence, read_question
    from santeqa.qa.followup import resolve
    from santeqa.qa.retrieve import score

    steps: dict[str, list[float]] = defaultdict(list)
    embedder = engine.embedder
    inner = getattr(embedder, "inner", embedder)
    analyzer = engine._analyzer
    for question in questions:
        idx = engine.live.current().index
        res = engine.resources(idx)
        t0 = time.perf_counter()
        searched = timed(steps, "follow-up resolution", lambda: resolve(question, (), analyzer))
        what, q = timed(
            steps,
            "question analysis + glossary",
            lambda: read_question(idx, res, searched.resolved, analyzer),
        )
        timed(steps, "bare encode, raw question", lambda: inner.embed_queries([question]))
        vec = timed(steps, "encode (serving path)", lambda: embedder.embed_queries([q.expanded]))
        s = timed(steps, "dense + BM25 scores", lambda: score(idx, q, vec[0]))
        depth = max(engine.settings.fusion_depth, engine.settings.top_k)
        cands = timed(steps, "fusion", lambda: engine._ranked(idx, s, "final", depth))
        ev = timed(
            steps,
            "evidence (question features)",
            lambda: evidence(idx, what, q.text, q.terms, s, analyzer, res.places),
        )
        timed(
            steps,
            "candidates + ranker + judge + quote",
            lambda: choose(idx, res, engine.answer_model, ev, cands),
        )
        steps["sum of the steps above, bare encode excluded"].append(
            (time.perf_counter() - t0) * 1000 - steps["bare encode, raw question"][-1]
        )
        result = timed(steps, "engine.ask (whole)", lambda: engine.ask(question + " #"))
        timed(
            steps,
            "response JSON",
            lambda: ask_response(result, new_answer_id()).model_dump_json().encode(),
        )
        if store is not None:
            from santeqa.api.routes.ask import _log

            timed(steps, "question log (SQLite)", lambda: _log(store, new_answer_id(), result))
    return steps


def lengths(engine: Any, questions: Sequence[str]) -> None:
    """Token counts and padded buckets: the raw question against the text encoded."""
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
    raw_n, enc_n, raw_b, enc_b = [], [], Counter[int](), Counter[int]()
    longer = 0
    for question in questions:
        _, q = read_question(idx, res, question, engine._analyzer)
        raw = int(encoder.tokenizer.encode([prefix + question])[1].sum())
        enc = int(encoder.tokenizer.encode([prefix + q.expanded])[1].sum())
        raw_n.append(raw)
        enc_n.append(enc)
        raw_b[bucket_of(raw, LENGTH_BUCKETS)] += 1
        enc_b[bucket_of(enc, LENGTH_BUCKETS)] += 1
        longer += bucket_of(enc, LENGTH_BUCKETS) > bucket_of(raw, LENGTH_BUCKETS)
    print(
        f"tokens, median: raw question {statistics.median(raw_n)}, text encoded "
        f"{statistics.median(enc_n)}; {sum(e > r for r, e in zip(raw_n, enc_n, strict=True))} "
        f"of {len(questions)} encoded texts are longer, {longer} in a longer padded bucket"
    )
    print(f"padded buckets, raw: {dict(sorted(raw_b.items()))}")
    print(f"padded buckets, encoded: {dict(sorted(enc_b.items()))}")


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
    questions = [
        json.loads(x)["question"]
        for f in args.gold
        if f.is_file()
        for x in f.read_text().splitlines()
        if x
    ] or speed.FALLBACK_QUESTIONS
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
            profile_round(engine, distinct.take(len(questions)), store)
            for _ in range(args.rounds)
        ]
    print()
    print(f"per step, median ms over {len(questions)} distinct questions, one column per round")
    for name in rounds[0]:
        medians = [statistics.median(r[name]) for r in rounds]
        print(f"{name:<46} " + "  ".join(f"{m:6.2f}" for m in medians))
    if args.http:
        print()
        http_profile(questions, args.rounds)
    print(f"load average at the end: {speed.loadavg()}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
