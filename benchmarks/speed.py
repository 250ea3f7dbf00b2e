"""Speed benchmark (issue 12): the side-by-side table `make bench` writes to RESULTS.md.

Loopback only, bounded (a fixed number of requests per row, timeouts on every call). Rows:

- the floor: bare encode(question), per backend, each in a fresh process (p50/p95 one question
  at a time, questions per second in batches of 16, load time with imports, RSS); the
  embedder is the one serving uses (santeqa.encoder for an exported graph, sentence-transformers
  for torch);
- `/ask` at 1, 4, 16 and 64 clients, every question distinct (the gold questions with a
  running number appended, so no cache answers), with batching on and off; at 1 client
  twice: a new connection per request (urllib, as in the earlier runs) and one connection
  kept alive (as a browser or a ``requests.Session`` sends them); the other levels open a
  new connection per request;
- start-up until /health answers, and the server's RSS after start and after the soak;
- the corpus-size row: `/ask` at 1 client over 1, 10 and 30 copies of the report;
- follow-ups: `/ask` with history (the follow-up turns of dialogues-dev) against single
  questions, in turn at 1 client, with the caches off (`--follow-ups-only` runs this alone).

The rate limit is off (every request comes from 127.0.0.1); a 5xx counts as an error. The
machine's 2 cores are shared: figures taken while other work runs are noisy (the load average
at the start and the end is printed with them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench import (
    DEFAULT_GOLD,
    FALLBACK_QUESTIONS,
    KeptAlive,
    free_port,
    is_error,
    load,
    pct,
    post,
    rss_mb,
    wait_health,
)

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "multilingual-e5-small"
REPORT = "innovations-sante-numerique-normandie.txt"
BACKENDS = ("torch", "onnx", "openvino")
GOLD_FILES = (DEFAULT_GOLD, DEFAULT_GOLD.with_name("train.jsonl"))


class Distinct:
    """Questions that never repeat: the gold questions in turn, each with a running number
    appended."""

    def __init__(self, questions: Sequence[str]) -> None:
        self.questions = list(questions)
        self.n = 0  # the next running number
        self.turn = 0  # the next gold question

    def take(self, count: int) -> list[str]:
        out = []
        for _ in range(count):
            out.append(self.same(1)[0])
        return out

    def same(self, count: int) -> list[str]:
        """One gold question, ``count`` times with different numbers (for servers compared
        on the same question without an answer cache answering the second)."""
        q = self.questions[self.turn % len(self.questions)]
        self.turn += 1
        out = [f"{q} ({self.n + i})" for i in range(count)]
        self.n += count
        return out


def floor(backend: str, gold: Sequence[Path]) -> dict[str, float]:
    """Bare encode of one question at a time, and of batches of 16, in a fresh process (so
    that the load time counts the imports and the RSS is the model's alone)."""
    done = subprocess.run(
        [sys.executable, __file__, "--floor-of", backend, "--gold", *map(str, gold)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def floor_here(backend: str, questions: Sequence[str]) -> dict[str, float]:
    t0 = time.perf_counter()
    from santeqa.embed import embedder_from_settings
    from santeqa.settings import Settings

    model = embedder_from_settings(Settings(model=str(MODEL), backend=backend))
    loaded = time.perf_counter() - t0
    model.embed_queries(["échauffement"])
    # each question alone, then as `/ask` receives it in this benchmark (a running number
    # appended: a few tokens longer, sometimes into the next padded length), interleaved
    times, numbered = [], []
    for q, q_numbered in zip(questions, Distinct(questions).take(len(questions)), strict=True):
        for text, into in ((q, times), (q_numbered, numbered)):
            t0 = time.perf_counter()
            model.embed_queries([text])
            into.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    batches = [questions[i : i + 16] for i in range(0, len(questions) - 15, 16)]
    for batch in batches:
        model.embed_queries(batch)
    rate = 16 * len(batches) / (time.perf_counter() - t0)
    return {
        "p50": statistics.median(times),
        "p50_numbered": statistics.median(numbered),
        "p95": pct(times, 95),
        "qps16": rate,
        "load": loaded,
        "rss": rss_mb(os.getpid()),
    }


@contextmanager
def server(env: dict[str, str]) -> Iterator[tuple[str, int, float]]:
    """`santeqa serve` on a free loopback port: its base URL, pid and start-up seconds."""
    port = free_port()
    t0 = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "santeqa", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_health(base, 300)
        yield base, process.pid, time.perf_counter() - t0
    finally:
        process.terminate()
        process.wait(timeout=60)


def one_client_rows(
    latencies: dict[str, list[float]], statuses: dict[str, dict[str, int]]
) -> dict[str, dict[str, object]]:
    """The rows of ``load`` for requests one client sent, by variant."""
    return {
        name: {
            "clients": 1,
            "requests": len(lat),
            "p50": statistics.median(lat),
            "p95": pct(lat, 95),
            "errors_5xx": sum(n for s, n in statuses[name].items() if is_error(s)),
            "statuses": statuses[name],
            "throughput": 1000 * len(lat) / sum(lat),  # one client: 1 / the mean latency
        }
        for name, lat in latencies.items()
    }


def one_client_interleaved(
    variants: dict[str, tuple[str, bool]], distinct: Distinct, count: int
) -> dict[str, dict[str, object]]:
    """One client: at each step the same gold question (numbered apart) goes to every variant
    (a server's base URL, and whether its connection is kept alive) in a shuffled order, so
    that the load of the moment weighs on all alike. The rows of ``load`` per variant."""
    connections = {
        name: KeptAlive(base) if kept else None for name, (base, kept) in variants.items()
    }
    latencies: dict[str, list[float]] = {name: [] for name in variants}
    statuses: dict[str, dict[str, int]] = {name: {} for name in variants}
    order = list(variants)
    shuffle = random.Random(12)
    for _ in range(count):
        shuffle.shuffle(order)
        for name, question in zip(order, distinct.same(len(order)), strict=True):
            status, ms, _generation = post(variants[name][0], question, connections[name])
            latencies[name].append(ms)
            statuses[name][status] = statuses[name].get(status, 0) + 1
    for connection in connections.values():
        if connection is not None:
            connection.close()
    return one_client_rows(latencies, statuses)


def conversations(gold: Path) -> list[list[str]]:
    """The questions of each conversation of the gold dialogues beside ``gold``."""
    path = gold.with_name("dialogues-dev.jsonl")
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [[t["question"] for t in row["turns"]] for row in rows]


def follow_ups_against_singles(
    base: str, questions: Sequence[str], talks: Sequence[Sequence[str]], count: int
) -> dict[str, dict[str, object]]:
    """One client over one kept-alive connection, caches off (set by the caller): a single
    question, then a follow-up with its conversation's earlier questions, in turn. A follow-up
    is resolved with its history, read a second time with the conversation's words
    (``qa.readings``), and may ask its earlier turn again (the answer cache is off)."""
    turns = [(talk[i], talk[:i]) for talk in talks for i in range(1, len(talk))]
    connection = KeptAlive(base)
    latencies: dict[str, list[float]] = {"single": [], "follow-up": []}
    statuses: dict[str, dict[str, int]] = {name: {} for name in latencies}
    for i in range(count):
        question, history = turns[i % len(turns)]
        for name, (q, h) in (
            ("single", (questions[i % len(questions)], [])),
            ("follow-up", (question, history)),
        ):
            status, ms, _generation = post(base, q, connection, h)
            latencies[name].append(ms)
            statuses[name][status] = statuses[name].get(status, 0) + 1
    connection.close()
    return one_client_rows(latencies, statuses)


def print_follow_ups(env: dict[str, str], questions: Sequence[str], gold: Path, count: int) -> None:
    talks = conversations(gold)
    print("## Follow-ups: /ask with history, caches off, 1 client")
    print()
    if not talks:
        print(f"(no dialogues-dev.jsonl beside {gold}: skipped)")
        return
    print(
        "One server with the query and answer caches off "
        "(`SANTEQA_QUERY_CACHE_SIZE=0`, `SANTEQA_ANSWER_CACHE_SIZE=0`), so that every request "
        "is computed: a gold single question and a follow-up turn of dialogues-dev with its "
        "earlier questions, in turn, over one kept-alive connection."
    )
    print()
    print("| asked | clients | requests | p50 ms | p95 ms | req/s | 5xx | statuses |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    off = dict(env, SANTEQA_QUERY_CACHE_SIZE="0", SANTEQA_ANSWER_CACHE_SIZE="0")
    with server(off) as (base, _pid, _startup):
        follow_ups_against_singles(base, questions, talks, 10)  # warm
        for name, r in follow_ups_against_singles(base, questions, talks, count).items():
            print(row(f"{name} | 1", r))
    print()


def corpus_of(work: Path, copies: int, built: Path) -> dict[str, str]:
    """A corpus of ``copies`` copies of the report, indexed from the one-copy index's cache."""
    folder = work / f"c{copies}"
    (folder / "corpus").mkdir(parents=True)
    for i in range(copies):
        name = REPORT if copies == 1 else f"copy-{i:02d}.txt"
        shutil.copyfile(ROOT / "corpus" / REPORT, folder / "corpus" / name)
    if built != folder / "index":
        shutil.copytree(built, folder / "index")  # its vectors are reused by content
    return {
        "SANTEQA_CORPUS_DIR": str(folder / "corpus"),
        "SANTEQA_INDEX_DIR": str(folder / "index"),
    }


def index(env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "santeqa", "index"], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - t0


def row(label: str, r: dict[str, object]) -> str:
    statuses = r["statuses"]
    return (
        f"| {label} | {r['requests']} | {r['p50']:.1f} | {r['p95']:.1f} | "
        f"{r['throughput']:.1f} | {r['errors_5xx']} | {statuses} |"
    )


def gold_questions(files: Sequence[Path]) -> list[str]:
    """The questions of the gold files that exist, else a few built-in ones."""
    gold = [
        json.loads(x)["question"]
        for f in files
        if f.is_file()
        for x in f.read_text().splitlines()
        if x
    ]
    return gold or list(FALLBACK_QUESTIONS)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def serving_env() -> dict[str, str]:
    """The environment of the servers measured: the model folder, no rate limit, offline."""
    return dict(
        os.environ,
        SANTEQA_MODEL=str(MODEL),
        SANTEQA_RATE_LIMIT_PER_MINUTE="0",
        HF_HUB_OFFLINE="1",
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--gold",
        type=Path,
        nargs="*",
        default=list(GOLD_FILES),
    )
    ap.add_argument("--floor-of", choices=BACKENDS, help=argparse.SUPPRESS)
    ap.add_argument("--per-level", type=int, default=240, help="requests per concurrency level")
    ap.add_argument("--soak", type=int, default=2000, help="requests before the last RSS")
    ap.add_argument("--corpus-requests", type=int, default=115, help="requests per corpus size")
    ap.add_argument(
        "--one-client-only",
        action="store_true",
        help="only the floor and the 1-client /ask rows (no soak, no corpus sizes)",
    )
    ap.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    ap.add_argument(
        "--follow-ups-only",
        action="store_true",
        help="only the follow-ups row (single questions and follow-ups, caches off)",
    )
    ap.add_argument("--follow-up-requests", type=int, default=120, help="requests of each kind")
    args = ap.parse_args()
    questions = gold_questions(args.gold)
    if args.floor_of:  # the child process of floor()
        print(json.dumps(floor_here(args.floor_of, questions)))
        return
    if args.follow_ups_only:
        work = Path(tempfile.mkdtemp(prefix="santeqa-speed-"))
        try:
            one = dict(serving_env(), **corpus_of(work, 1, work / "c1" / "index"))
            index(one)
            print_follow_ups(one, questions, args.gold[0], args.follow_up_requests)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    distinct = Distinct(questions)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"load average at start: {loadavg()} (other work on the 2 cores makes figures noisy)")
    print(f"questions: {len(questions)} gold questions (dev + train), made distinct per request")
    print()
    print("## Floor: bare encode(question), same model folder, each backend in a fresh process")
    print()
    print(
        "| backend | one question p50 ms | p95 ms | numbered as /ask gets it, p50 ms "
        "| batches of 16, q/s | load s (imports included) | RSS MB |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    floors = {}
    for backend in args.backends:
        f = floor(backend, args.gold)
        floors[backend] = f
        print(
            f"| {backend} | {f['p50']:.1f} | {f['p95']:.1f} | {f['p50_numbered']:.1f} "
            f"| {f['qps16']:.0f} | {f['load']:.1f} "
            f"| {f['rss']:.0f} |"
        )
    fastest = min(floors, key=lambda b: floors[b]["p50"])
    print()

    work = Path(tempfile.mkdtemp(prefix="santeqa-speed-"))
    base_env = serving_env()
    try:
        one = dict(base_env, **corpus_of(work, 1, work / "c1" / "index"))
        print(f"index build, 1 document, from empty: {index(one):.1f} s")
        print()
        print("## /ask, every question distinct, one server process (default backend)")
        print()
        print(
            "Two servers, batching on and off, up at once. At 1 client, four variants "
            "interleaved request by request in a shuffled order (so that the load of the "
            "moment weighs on all alike): each server over a new connection per request "
            "(urllib) and over one kept-alive connection (http.client), the same gold "
            "question numbered apart for each; the other levels one server after the other, "
            "a new connection per request."
        )
        print()
        print("| batching | clients | requests | p50 ms | p95 ms | req/s | 5xx | statuses |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        startup_rss = {}
        p50_one: dict[str, float] = {}
        with ExitStack() as servers:
            bases = {}
            for batching in ("on", "off"):
                env = dict(one, SANTEQA_BATCHING="true" if batching == "on" else "false")
                base, pid, startup = servers.enter_context(server(env))
                startup_rss[batching] = (startup, rss_mb(pid))
                bases[batching] = (base, pid)
                load(base, distinct.take(20), 1, 20)  # warm
            variants = {
                f"{batching} | 1, {how}": (base, kept)
                for batching, (base, _pid) in bases.items()
                for kept, how in ((False, "new connection each"), (True, "kept alive"))
            }
            for name, r in one_client_interleaved(variants, distinct, args.per_level).items():
                print(row(name, r))
                p50_one[name.replace(" | 1,", ",")] = float(r["p50"])  # type: ignore[arg-type]
            for batching, (base, pid) in bases.items():
                if args.one_client_only:
                    break
                for clients in (4, 16, 64):
                    r = load(base, distinct.take(args.per_level), clients, args.per_level)
                    print(row(f"{batching} | {clients}", r))
                if batching == "on":
                    quarter = args.soak // 4
                    rss_after = []
                    for _ in range(4):
                        load(base, distinct.take(quarter), 16, quarter)
                        rss_after.append(rss_mb(pid))
        print()
        for how, p50 in p50_one.items():
            print(
                f"/ask p50 at 1 client ({how}) ÷ bare encode p50 of the fastest backend "
                f"({fastest}): {p50 / floors[fastest]['p50']:.2f}x (÷ its encode of the "
                f"numbered questions /ask gets: {p50 / floors[fastest]['p50_numbered']:.2f}x)"
            )
        start_on, rss_on = startup_rss["on"]
        start_off = startup_rss["off"][0]
        print(f"start-up until /health is 200: {start_on:.1f} s (batching off: {start_off:.1f} s)")
        if args.one_client_only:
            return
        print(
            f"server RSS after start: {rss_on:.0f} MB; after each {args.soak // 4} of "
            f"{args.soak} more requests at 16 clients: "
            + ", ".join(f"{x:.0f}" for x in rss_after)
            + " MB"
        )
        print()
        print("## Corpus size: /ask at 1 client, every question distinct")
        print()
        print("| documents | passages | requests | p50 ms | p95 ms | req/s | 5xx | start-up s |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for copies in (1, 10, 30):
            env = (
                one
                if copies == 1
                else dict(base_env, **corpus_of(work, copies, work / "c1" / "index"))
            )
            if copies > 1:
                index(env)
            with server(env) as (base, _pid, startup):
                load(base, distinct.take(10), 1, 10)  # warm
                r = load(base, distinct.take(args.corpus_requests), 1, args.corpus_requests)
                with urllib.request.urlopen(base + "/health", timeout=10) as h:
                    passages = json.loads(h.read()).get("index", {}).get("chunks", "?")
                print(
                    f"| {copies} | {passages} | {r['requests']} | {r['p50']:.1f} | "
                    f"{r['p95']:.1f} | {r['throughput']:.1f} | {r['errors_5xx']} | {startup:.1f} |"
                )
        print()
        print_follow_ups(one, questions, args.gold[0], args.follow_up_requests)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        print()
        print(f"load average at the end: {loadavg()}")


if __name__ == "__main__":
    main()
