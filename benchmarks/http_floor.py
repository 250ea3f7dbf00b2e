"""What 1 client can reach at best through HTTP (issue 12's 1-client ratio).

Three things measured interleaved, question by question (the same gold question, numbered
apart so that no cache answers), so that the load of the moment weighs on all alike:

- ``bare``: the bare encode of the question in this process (the floor of `make bench`);
- ``encode-only``: a server that does nothing but that encode — uvicorn with the same loop
  and parser as ``santeqa serve`` (uvloop, httptools), a bare Starlette route that reads the
  JSON body, encodes the question on a worker thread (as ``/ask`` does) and returns a small
  JSON object — over a kept-alive connection. No retrieval, no answer: the least any
  ``/ask`` built on this stack can cost;
- ``santeqa``: ``santeqa serve`` over a kept-alive connection.

It prints p50 of each and their ratios to ``bare``. If ``encode-only`` is already above
1.25× ``bare``, no answer pipeline served this way can meet that target on this machine.

    python benchmarks/http_floor.py --count 211
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import KeptAlive, free_port, wait_health
from speed import GOLD_FILES, MODEL, Distinct, gold_questions

ROOT = Path(__file__).resolve().parents[1]


def encode_only_app(backend: str):  # type: ignore[no-untyped-def]
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from santeqa.embed import embedder_from_settings
    from santeqa.settings import Settings

    model = embedder_from_settings(Settings(model=str(MODEL), backend=backend))
    model.embed_queries(["échauffement"])

    async def ask(request: Request) -> JSONResponse:
        body = await request.json()
        vector = await run_in_threadpool(model.embed_queries, [body["question"]])
        return JSONResponse({"index": {"generation": "floor"}, "dims": int(vector.shape[1])})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/ask", ask, methods=["POST"]), Route("/health", health)])


def serve_encode_only(port: int, backend: str) -> None:
    import uvicorn

    uvicorn.run(
        encode_only_app(backend),
        host="127.0.0.1",
        port=port,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_level="warning",
    )


def start(argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=211, help="questions asked of each")
    ap.add_argument("--backend", default="openvino")
    ap.add_argument("--encode-only-port", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.encode_only_port:  # the child process
        serve_encode_only(args.encode_only_port, args.backend)
        return

    env = dict(
        os.environ,
        SANTEQA_BACKEND=args.backend,
        SANTEQA_RATE_LIMIT_PER_MINUTE="0",
        HF_HUB_OFFLINE="1",
    )
    floor_port, santeqa_port = free_port(), free_port()
    here = [sys.executable, str(Path(__file__).resolve()), "--backend", args.backend]
    servers = [
        start([*here, "--encode-only-port", str(floor_port)], env),
        start([sys.executable, "-m", "santeqa", "serve", "--port", str(santeqa_port)], env),
    ]
    try:
        bases = {
            "encode-only": f"http://127.0.0.1:{floor_port}",
            "santeqa": f"http://127.0.0.1:{santeqa_port}",
        }
        for base in bases.values():
            wait_health(base, 300)
        from santeqa.embed import embedder_from_settings
        from santeqa.settings import Settings

        model = embedder_from_settings(Settings(model=str(MODEL), backend=args.backend))
        model.embed_queries(["échauffement"])
        measure(model, bases, args.count)
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=60)


def measure(model, bases: dict[str, str], count: int) -> None:  # type: ignore[no-untyped-def]
    connections = {name: KeptAlive(base) for name, base in bases.items()}
    import json

    distinct = Distinct(gold_questions(GOLD_FILES))
    times: dict[str, list[float]] = {"bare": [], **{name: [] for name in bases}}
    order = list(times)
    shuffle = random.Random(12)
    load0 = os.getloadavg()[0]
    for _ in range(count + 10):
        shuffle.shuffle(order)
        for name, question in zip(order, distinct.same(len(order)), strict=True):
            if name == "bare":
                t0 = time.perf_counter()
                model.embed_queries([question])
                times[name].append((time.perf_counter() - t0) * 1000)
            else:
                body = json.dumps({"question": question, "top_k": 5}).encode()
                status, ms, _ = connections[name].post("/ask", body)
                if status != "200":
                    raise SystemExit(f"{name}: status {status}")
                times[name].append(ms)
    bare = statistics.median(times["bare"][10:])
    print(f"load {load0:.2f} -> {os.getloadavg()[0]:.2f}; {count} questions each, interleaved")
    for name, values in times.items():
        p50 = statistics.median(values[10:])  # the first ten warm up
        print(
            f"{name:12} p50 {p50:6.2f} ms  {p50 / bare:.2f}x the bare encode "
            f"(+{p50 - bare:.2f} ms; 1.25x leaves +{0.25 * bare:.2f} ms)"
        )


if __name__ == "__main__":
    main()
