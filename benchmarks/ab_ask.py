"""`/ask` at one client, several server builds side by side, rounds interleaved (A/B).

On shared cores the load moves from minute to minute, so two builds are compared by running
them in turn, round after round, each round every gold question once (made distinct, as in
`make bench`), together with the bare encode of the same questions in a fresh process (the
floor of `speed.py`). Prints each round's p50 and the medians over rounds.

    python benchmarks/ab_ask.py --rounds 5 base=/path/to/old/src new=src new-off=src:off

A variant is ``name=SRC[:off]``: the server runs with ``PYTHONPATH=SRC`` (``:off``: with
micro-batching switched off). Every server serves SANTEQA_INDEX_DIR (default: the index of
this checkout), on a free loopback port, rate limit off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

import speed
from bench import load

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("variants", nargs="+", help="name=SRC or name=SRC:off")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--gold", type=Path, nargs="*", default=list(speed.GOLD_FILES))
    args = ap.parse_args()
    import json

    questions = [
        json.loads(x)["question"]
        for f in args.gold
        if f.is_file()
        for x in f.read_text().splitlines()
        if x
    ] or speed.FALLBACK_QUESTIONS
    distinct = speed.Distinct(questions)
    print(f"load average at start: {speed.loadavg()}")
    figures: dict[str, list[float]] = {name.split("=")[0]: [] for name in args.variants}
    figures["floor (bare encode, numbered)"] = []
    figures["floor (bare encode, plain)"] = []
    with ExitStack() as stack:
        bases = {}
        for variant in args.variants:
            name, _, spec = variant.partition("=")
            src, _, switch = spec.partition(":")
            env = dict(
                os.environ,
                PYTHONPATH=str(Path(src).resolve()),
                SANTEQA_RATE_LIMIT_PER_MINUTE="0",
                SANTEQA_INDEX_DIR=os.environ.get("SANTEQA_INDEX_DIR", str(ROOT / "index")),
                SANTEQA_BATCHING="false" if switch == "off" else "true",
            )
            base, _pid, _startup = stack.enter_context(speed.server(env))
            load(base, distinct.take(40), 1, 40)  # warm
            bases[name] = base
        for r in range(args.rounds):
            for name, base in bases.items():
                n = len(questions)
                figures[name].append(float(load(base, distinct.take(n), 1, n)["p50"]))  # type: ignore[arg-type]
            floor = speed.floor("openvino", args.gold)
            figures["floor (bare encode, numbered)"].append(floor["p50_numbered"])
            figures["floor (bare encode, plain)"].append(floor["p50"])
            print(f"round {r + 1}: load {speed.loadavg()}", file=sys.stderr)
    print(f"p50 ms per round at 1 client ({len(questions)} distinct questions each)")
    for name, values in figures.items():
        print(
            f"{name:<32} median {statistics.median(values):6.2f}   "
            + " ".join(f"{v:6.2f}" for v in values)
        )
    plain = statistics.median(figures["floor (bare encode, plain)"])
    for name in bases:
        ratios = [
            a / b for a, b in zip(figures[name], figures["floor (bare encode, plain)"], strict=True)
        ]
        print(
            f"{name}: median p50 ÷ median plain floor {statistics.median(figures[name]) / plain:.2f}x;"
            f" median of per-round ratios {statistics.median(ratios):.2f}x"
        )
    print(f"load average at the end: {speed.loadavg()}")


if __name__ == "__main__":
    main()
