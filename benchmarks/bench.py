"""Benchmark: /ask latency over loopback HTTP, compared with the model's bare encode time.

Run with `make bench` (or `.venv/bin/python benchmarks/bench.py`). It starts `santeqa serve`
on a free loopback port with the current settings (the index must exist: `santeqa index`),
sends every question of the gold file a few times from one client, warm, and prints figures.
Nothing here is a test: it only measures and prints.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def wait_health(base: str, timeout: float) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server not healthy after {timeout} s")


def post(base: str, question: str) -> tuple[int, float]:
    body = json.dumps({"question": question, "top_k": 5}).encode()
    req = urllib.request.Request(
        base + "/ask", data=body, headers={"Content-Type": "application/json"}
    )
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, (time.perf_counter() - t0) * 1000


def encode_times(questions: list[str], rounds: int) -> list[float]:
    from santeqa.embed import embedder_from_settings
    from santeqa.settings import Settings

    emb = embedder_from_settings(Settings())
    emb.embed_queries(["échauffement"])
    out = []
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter()
            emb.embed_queries([q])
            out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--rounds", type=int, default=3, help="passes over the questions")
    args = ap.parse_args()
    questions = [json.loads(x)["question"] for x in args.gold.read_text().splitlines() if x.strip()]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, SANTEQA_PORT=str(port), SANTEQA_HOST="127.0.0.1")
    t_start = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "santeqa", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_health(base, 180)
        startup = time.perf_counter() - t_start
        for q in questions[:5]:  # warm
            post(base, q)
        lat: list[float] = []
        errors = 0
        for _ in range(args.rounds):
            for q in questions:
                status, ms = post(base, q)
                lat.append(ms)
                errors += status >= 500
    finally:
        server.terminate()
        server.wait(timeout=20)
    enc = encode_times(questions, args.rounds)

    p50, p95 = statistics.median(lat), percentile(lat, 95)
    e50, e95 = statistics.median(enc), percentile(enc, 95)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"questions: {len(questions)} x {args.rounds} rounds, one client, loopback HTTP, warm")
    print(f"start-up until /health is 200: {startup:.1f} s")
    print(f"/ask latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms, 5xx errors {errors}")
    print(f"bare encode(question): p50 {e50:.1f} ms, p95 {e95:.1f} ms")
    print(f"ratio /ask ÷ encode: p50 {p50 / e50:.2f}x, p95 {p95 / e95:.2f}x")


if __name__ == "__main__":
    main()
