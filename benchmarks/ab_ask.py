"""`/ask` at one client, several server builds side by side, interleaved request by request.

On shared cores the load moves from second to second, so builds are compared request by
request: each numbered gold question (made distinct as in `make bench`) goes to every server
in turn, and is also encoded bare in this process (the floor of `speed.py`: the plain question
and the numbered text the servers get), in an order shuffled for each question (whatever runs
right after another encode was measured slower).
Prints the medians over all requests, and each build's median ÷ the floors' medians.

    python benchmarks/ab_ask.py --rounds 3 base=/path/to/old/src new=src new-off=src:off

A variant is ``name=SRC[:off]``: the server runs with ``PYTHONPATH=SRC`` (``:off``: with
micro-batching switched off). Every server serves SANTEQA_INDEX_DIR (default: the index of
this checkout), on a free loopback port, rate limit off. Each server gets its requests over
one kept-alive connection (``--new-connections``: a new one per request, as urllib does).
Besides the wall time, the server's CPU time per request (all its threads, from
/proc/PID/stat: the Python steps and the encode, without the waits) is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path

import speed
from bench import KeptAlive, load, post

from santeqa.embed import Embedder

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("variants", nargs="+", help="name=SRC or name=SRC:off")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--gold", type=Path, nargs="*", default=list(speed.GOLD_FILES))
    ap.add_argument("--new-connections", action="store_true", help="no keep-alive")
    args = ap.parse_args()
    questions = speed.gold_questions(args.gold)
    print(f"load average at start: {speed.loadavg()}")
    from santeqa.embed import embedder_from_settings
    from santeqa.settings import Settings

    model = embedder_from_settings(Settings(model=str(speed.MODEL)))
    model.embed_queries(["échauffement"])
    times: dict[str, list[float]] = {"floor, plain": [], "floor, numbered": []}
    with ExitStack() as stack:
        calls: dict[str, Callable[[str, str], float]] = {}
        pids: dict[str, int] = {}
        cpu: dict[str, list[float]] = {}
        for variant in args.variants:
            name, _, spec = variant.partition("=")
            base, pids[name], _startup = stack.enter_context(speed.server(server_env(spec)))
            load(base, speed.Distinct(questions).take(40), 1, 40)  # warm
            connection = None if args.new_connections else stack.enter_context(kept(base))
            calls[name] = partial(ask, base, connection)
            times[name] = []
            cpu[name] = []
        calls["floor, plain"] = partial(encode, model, numbered_text=False)
        calls["floor, numbered"] = partial(encode, model, numbered_text=True)
        names = list(calls)
        distinct = speed.Distinct(questions)
        shuffle = random.Random(12)
        for i in range(args.rounds * len(questions)):
            plain = questions[i % len(questions)]
            numbered = distinct.take(1)[0]
            order = list(names)
            shuffle.shuffle(order)  # what runs right after what matters (caches, threads)
            for name in order:
                before = cpu_ms(pids[name]) if name in pids else 0.0
                times[name].append(calls[name](plain, numbered))
                if name in pids:
                    cpu[name].append(cpu_ms(pids[name]) - before)
    print(f"p50 ms over {args.rounds} x {len(questions)} questions, interleaved one by one")
    for name, values in times.items():
        print(f"{name:<20} p50 {statistics.median(values):6.2f}   p95 {speed.pct(values, 95):6.2f}")
    for name, values in cpu.items():
        print(f"{name:<20} server CPU per request: mean {statistics.mean(values):6.2f} ms")
    for name in names[:-2]:
        p50 = statistics.median(times[name])
        print(
            f"{name}: ÷ floor plain {p50 / statistics.median(times['floor, plain']):.2f}x, "
            f"÷ floor numbered {p50 / statistics.median(times['floor, numbered']):.2f}x"
        )
    print(f"load average at the end: {speed.loadavg()}")


def server_env(spec: str) -> dict[str, str]:
    src, _, switch = spec.partition(":")
    return dict(
        os.environ,
        PYTHONPATH=str(Path(src).resolve()),
        SANTEQA_RATE_LIMIT_PER_MINUTE="0",
        SANTEQA_INDEX_DIR=os.environ.get("SANTEQA_INDEX_DIR", str(ROOT / "index")),
        SANTEQA_BATCHING="false" if switch == "off" else "true",
    )


@contextmanager
def kept(base: str) -> Iterator[KeptAlive]:
    connection = KeptAlive(base)
    try:
        yield connection
    finally:
        connection.close()


def cpu_ms(pid: int) -> float:
    """User + system CPU time of a process so far, all threads (clock ticks: 10 ms each,
    so only means over many requests say something)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def ask(base: str, connection: KeptAlive | None, _plain: str, numbered: str) -> float:
    status, ms, _generation = post(base, numbered, connection)
    if status != "200":
        raise RuntimeError(f"{base}: {status}")
    return ms


def encode(model: Embedder, plain: str, numbered: str, *, numbered_text: bool) -> float:
    t0 = time.perf_counter()
    model.embed_queries([numbered if numbered_text else plain])
    return (time.perf_counter() - t0) * 1000


if __name__ == "__main__":
    main()
