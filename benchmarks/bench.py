"""Benchmark of the served API, on loopback only. Prints figures; asserts nothing.

Run with `make bench` (or `.venv/bin/python benchmarks/bench.py`). It copies the corpus to
a temporary folder, builds an index there, starts `santeqa serve` on a free loopback port
and measures:

- start-up time until /health answers 200;
- /ask latency p50/p95/p99 and errors at 1, 4 and 16 concurrent clients, beside the model's
  bare encode(question) time (the floor);
- the same at 4 clients while a rebuild publishes a new generation;
- server RSS after start and after --soak requests;
- throughput at 4 clients of `santeqa serve --workers N` for N = 1 and 2 (--workers-requests
  requests each; one torch thread per worker, as `serve` sets it by itself when N > 1),
  beside the figure of the default `serve` (one process, torch's default threads).

The rate limit is switched off (every request comes from 127.0.0.1); the concurrency limit
is the default one. Every 5xx counts as an error, a deliberate 503 "overloaded" included.

Bounded: a fixed number of requests per level, timeouts on every call.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# beside the repository, or beside the folder of work trees (/work/wt/BRANCH)
DEFAULT_GOLD = next(
    (
        up / "shared" / "eval" / "dev.jsonl"
        for up in (ROOT.parent, ROOT.parent.parent)
        if (up / "shared" / "eval" / "dev.jsonl").is_file()
    ),
    ROOT.parent / "shared" / "eval" / "dev.jsonl",
)
FALLBACK_QUESTIONS = [
    "Combien d'industries de santé compte la Normandie ?",
    "Que signifie SNDS ?",
    "Combien de pharmacies se sont équipées pour la téléconsultation en 2023 ?",
    "What is Mon Espace Santé?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def post(
    base: str,
    question: str,
    connection: KeptAlive | None = None,
    history: Sequence[str] = (),
) -> tuple[str, float, str | None]:
    """One question (after ``history``, the conversation's earlier questions): its status
    ("200", "503 overloaded", "599" for no connection...), the latency and the generation that
    answered. Without ``connection``, a new connection for this request (urllib); with one,
    over that kept-alive connection (as a browser or a ``requests.Session`` sends them)."""
    asked: dict[str, object] = {"question": question, "top_k": 5}
    if history:
        asked["history"] = list(history)
    body = json.dumps(asked).encode()
    if connection is not None:
        return connection.post("/ask", body)
    req = urllib.request.Request(
        base + "/ask", data=body, headers={"Content-Type": "application/json"}
    )
    t0 = time.perf_counter()
    generation = None
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            data = json.loads(r.read())
            status = str(r.status)
            generation = data["index"]["generation"]
    except urllib.error.HTTPError as e:
        status = str(e.code)
        try:
            kind = json.loads(e.read()).get("kind")
        except (OSError, ValueError, AttributeError):
            kind = None
        if kind in ("overloaded", "rate_limited"):
            status += f" {kind}"
    except OSError:
        status = "599"  # connection failure
    return status, (time.perf_counter() - t0) * 1000, generation


class KeptAlive:
    """One HTTP/1.1 connection kept open from request to request (opened again after a
    failure or when the server closed it)."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._connection: http.client.HTTPConnection | None = None

    def post(self, path: str, body: bytes) -> tuple[str, float, str | None]:
        headers = {"Content-Type": "application/json"}
        t0 = time.perf_counter()
        generation = None
        try:
            if self._connection is None:
                self._connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self._connection.request("POST", path, body, headers)
            response = self._connection.getresponse()
            data = json.loads(response.read())
            status = str(response.status)
            if response.status == 200:
                generation = data["index"]["generation"]
            elif data.get("kind") in ("overloaded", "rate_limited"):
                status += f" {data['kind']}"
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException, ValueError):
            self.close()
            status = "599"  # connection failure
        return status, (time.perf_counter() - t0) * 1000, generation

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def is_error(status: str) -> bool:
    """Any 5xx, a deliberate 503 "overloaded" refusal included."""
    return status.startswith("5")


def load(
    base: str,
    questions: Sequence[str],
    clients: int,
    total: int,
    keep_going: Callable[[], bool] | None = None,
    *,
    keep_alive: bool = False,
) -> dict[str, object]:
    """``total`` requests spread over ``clients`` threads (more while ``keep_going()`` is
    true, up to 20 times ``total``); latencies and status counts. ``keep_alive``: each
    client sends its requests over one kept-alive connection, else a new one per request."""
    lat: list[float] = []
    statuses: dict[str, int] = {}
    generations: set[str] = set()
    lock = threading.Lock()
    counter = iter(range(20 * total))

    def worker() -> None:
        connection = KeptAlive(base) if keep_alive else None
        while True:
            with lock:
                i = next(counter, None)
            if i is None or (i >= total and (keep_going is None or not keep_going())):
                if connection is not None:
                    connection.close()
                return
            status, ms, gen = post(base, questions[i % len(questions)], connection)
            with lock:
                lat.append(ms)
                statuses[status] = statuses.get(status, 0) + 1
                if gen:
                    generations.add(gen)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {
        "clients": clients,
        "requests": len(lat),
        "p50": statistics.median(lat),
        "p95": pct(lat, 95),
        "p99": pct(lat, 99),
        "errors_5xx": sum(n for s, n in statuses.items() if is_error(s)),
        "statuses": statuses,
        "throughput": len(lat) / wall,
        "generations": sorted(generations),
    }


def tree_rss_mb(pid: int) -> float:
    """RSS of ``pid`` and its children (the workers of a --workers server)."""
    total = rss_mb(pid)
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.is_file():
        for child in children.read_text().split():
            total += tree_rss_mb(int(child))
    return total


def workers_run(
    santeqa: list[str],
    env: dict[str, str],
    questions: Sequence[str],
    workers: int,
    args: argparse.Namespace,
) -> tuple[dict[str, object], float, float]:
    """`santeqa serve --workers N`: load at 4 clients, start-up time, RSS of the processes."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    server = subprocess.Popen(
        [*santeqa, "serve", "--port", str(port), "--workers", str(workers)],
        env=dict(env, SANTEQA_TORCH_THREADS="1"),  # what `serve` sets itself when N > 1
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_workers(base, workers, 300)
        startup = time.perf_counter() - t0
        load(base, questions, 4, 20 * workers)  # warm
        result = load(base, questions, 4, args.workers_requests)
        return result, startup, tree_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)


def wait_workers(base: str, workers: int, timeout: float) -> None:
    """Until ``workers`` distinct processes have answered /health with a 200 (urllib opens a
    connection per request; the kernel hands each to a worker that is accepting)."""
    seen: set[str] = set()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    seen.add(r.headers.get("x-santeqa-worker", ""))
                    if len(seen) >= workers:
                        return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{len(seen)} of {workers} workers healthy after {timeout} s")


def wait_health(base: str, timeout: float) -> None:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"server not healthy after {timeout} s")


def encode_floor(questions: Sequence[str]) -> tuple[float, float]:
    from santeqa.embed import embedder_from_settings
    from santeqa.settings import Settings

    emb = embedder_from_settings(Settings())
    emb.embed_queries(["échauffement"])
    times = []
    for _ in range(3):
        for q in questions:
            t0 = time.perf_counter()
            emb.embed_queries([q])
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), pct(times, 95)


def line(r: dict[str, object]) -> str:
    return (
        f"{r['clients']:>3} clients {r['requests']:>5} req  p50 {r['p50']:7.1f} ms  "
        f"p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  5xx {r['errors_5xx']}  "
        f"{r['throughput']:6.1f} req/s  statuses {r['statuses']}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--per-level", type=int, default=160, help="requests per concurrency level")
    ap.add_argument("--soak", type=int, default=2000, help="requests before the second RSS")
    ap.add_argument(
        "--workers-requests",
        type=int,
        default=320,
        help="requests (4 clients) for each of --workers 1 and 2; 0 skips that part",
    )
    args = ap.parse_args()
    if args.gold.is_file():
        questions = [json.loads(x)["question"] for x in args.gold.read_text().splitlines() if x]
    else:
        questions = FALLBACK_QUESTIONS

    work = Path(tempfile.mkdtemp(prefix="santeqa-bench-"))
    corpus, index = work / "corpus", work / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    env = dict(
        os.environ,
        SANTEQA_CORPUS_DIR=str(corpus),
        SANTEQA_INDEX_DIR=str(index),
        SANTEQA_MODEL=str(ROOT / "models" / "multilingual-e5-small"),
        SANTEQA_RATE_LIMIT_PER_MINUTE="0",  # every request comes from 127.0.0.1
        HF_HUB_OFFLINE="1",
    )
    santeqa = [sys.executable, "-m", "santeqa"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB RAM, "
        f"Python {platform.python_version()}"
    )
    t0 = time.perf_counter()
    subprocess.run([*santeqa, "index"], env=env, check=True, capture_output=True)
    print(
        "index build (full, from an empty folder, incl. model load): "
        f"{time.perf_counter() - t0:.1f} s"
    )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    server = subprocess.Popen(
        [*santeqa, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = []
    try:
        wait_health(base, 300)
        print(f"start-up until /health is 200: {time.perf_counter() - t0:.1f} s")
        print(f"server RSS after start: {rss_mb(server.pid):.0f} MB")
        load(base, questions, 1, 20)  # warm
        for clients in (1, 4, 16):
            r = load(base, questions, clients, args.per_level)
            results.append(r)
            print(line(r))

        # 4 clients while a rebuild publishes a new generation (one paragraph edited)
        report = corpus / "innovations-sante-numerique-normandie.txt"
        text = report.read_text(encoding="utf-8")
        report.write_text(
            text.replace(
                "Source : Institut Montaigne.", "Source : Institut Montaigne (figure).", 1
            ),
            encoding="utf-8",
        )
        rebuild = subprocess.Popen(
            [*santeqa, "index"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # requests go on until the new generation is published, then a few more
        r = load(base, questions, 4, args.per_level, keep_going=lambda: rebuild.poll() is None)
        rebuild.wait(timeout=600)
        after = load(base, questions, 4, 40)
        r["generations"] = sorted({*r["generations"], *after["generations"]})  # type: ignore[misc]
        r["errors_5xx"] = int(r["errors_5xx"]) + int(after["errors_5xx"])  # type: ignore[call-overload]
        print("during a rebuild:")
        print(
            line(r)
            + f"  generations seen {len(r['generations'])} (rebuild exit {rebuild.returncode})"
        )

        # RSS must level off: measured after each quarter of the soak
        quarter = max(1, args.soak // 4)
        rss = []
        errors = 0
        for _ in range(4):
            soak = load(base, questions, 4, quarter)
            errors += int(soak["errors_5xx"])  # type: ignore[call-overload]
            rss.append(rss_mb(server.pid))
        print(
            f"soak: {4 * quarter} requests at 4 clients, 5xx {errors}; server RSS after each "
            f"{quarter}: " + ", ".join(f"{x:.0f}" for x in rss) + " MB"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    try:
        if args.workers_requests > 0:
            print(
                f"throughput at 4 clients, {args.workers_requests} requests "
                "(the index of the rebuild above):"
            )
            four = next(r for r in results if r["clients"] == 4)
            print(f"  serve (1 process, torch default threads): {four['throughput']:6.1f} req/s")
            for workers in (1, 2):
                r, startup, rss = workers_run(santeqa, env, questions, workers, args)
                print(
                    f"  serve --workers {workers} (SANTEQA_TORCH_THREADS=1): "
                    f"{r['throughput']:6.1f} req/s  p50 {r['p50']:7.1f} ms  "
                    f"p95 {r['p95']:7.1f} ms  5xx {r['errors_5xx']}  statuses {r['statuses']}  "
                    f"start-up {startup:.1f} s  RSS of all processes {rss:.0f} MB"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    e50, e95 = encode_floor(questions)
    print(f"bare encode(question), in-process: p50 {e50:.1f} ms, p95 {e95:.1f} ms")
    one = results[0]
    print(
        f"/ask at 1 client ÷ encode: p50 {float(one['p50']) / e50:.2f}x, "
        f"p95 {float(one['p95']) / e95:.2f}x"
    )


if __name__ == "__main__":
    main()
