"""``santeqa serve --workers 2`` as a real subprocess on a free loopback port.

The model is a tiny random XLM-RoBERTa (one layer, 16 dimensions) built here around the
real model folder's tokenizer, so that each worker starts in seconds; the answers are
meaningless, which does not matter here. Checked: both workers answer (told apart by the
``X-Santeqa-Worker`` pid header), a generation published by ``santeqa index`` while they run
is picked up by both within a few seconds, and SIGTERM stops the server and its workers.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from santeqa.index import published_generation
from tests.integration.serving import (
    PICKUP_TIMEOUT,
    START_TIMEOUT,
    Server,
    alive,
    document,
    fresh,
    health,
    serving,
    until,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("workers"), 2) as srv:
        yield srv


def test_workers(server: Server) -> None:
    base, process = server.base, server.process

    # (the index was built by `serve` itself, in a child process, before the workers started)
    took = until(
        lambda: process.poll() is None and (r := health(base)) is not None and r.status_code == 200,
        START_TIMEOUT,
        f"/health 200 (log: {server.log.read_text(errors='replace')[-2000:]})",
    )
    print(f"first /health 200 after {took:.1f} s")
    first = health(base)
    assert first is not None
    generation = first.json()["index"]["generation"]

    # both workers answer questions; each says who it is
    answered: dict[str, list[int]] = {}
    answer_ids: dict[str, list[str]] = {}
    generations_seen: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def client() -> None:
        for _ in range(200):
            if stop.is_set():
                return
            r = fresh("POST", base + "/ask", json={"question": "pratique de soin cardiologie"})
            with lock:
                answered.setdefault(r.headers["x-santeqa-worker"], []).append(r.status_code)
                answer_ids.setdefault(r.headers["x-santeqa-worker"], []).append(r.json()["id"])
                generations_seen.add(r.json()["index"]["generation"])
                if len(answered) >= 2:
                    stop.set()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert len(answered) == 2, f"one worker answered everything: {answered.keys()}"
    assert all(set(codes) == {200} for codes in answered.values()), answered
    assert generations_seen == {generation}
    pids = {int(pid) for pid in answered}
    assert process.pid not in pids  # the workers answer, not the supervisor
    assert all(alive(pid) for pid in pids)

    # the workers share the question log: a vote on an answer of one worker is accepted by
    # the other (votes are sent until the other one takes one)
    for worker, ids in answer_ids.items():
        takers: list[str] = []
        for _ in range(40):
            vote = fresh("POST", base + "/feedback", json={"id": ids[0], "vote": "down"})
            assert vote.status_code == 201, vote.text
            takers.append(vote.headers["x-santeqa-worker"])
            if takers[-1] != worker:
                break
        assert takers[-1] != worker, f"the other worker never took a vote: {takers}"
    database = Path(server.env["SANTEQA_DB"])
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        logged = db.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
    assert logged == sum(len(ids) for ids in answer_ids.values())

    # a new generation published by `santeqa index` is picked up by both workers
    (server.corpus / "beta.txt").write_text(document("radiologie"), encoding="utf-8")
    built = server.santeqa("index")
    assert built.returncode == 0, built.stderr
    published = published_generation(Path(server.env["SANTEQA_INDEX_DIR"]))
    assert published is not None and published != generation
    seen: dict[str, str] = {}

    def both_switched() -> bool:
        r = health(base)
        if r is not None and r.status_code == 200:
            seen[r.headers["x-santeqa-worker"]] = r.json()["index"]["generation"]
        return len(seen) == 2 and set(seen.values()) == {published}

    took = until(both_switched, PICKUP_TIMEOUT, f"both workers on {published} (seen {seen})")
    print(f"new generation served by both workers {took:.1f} s after it was published")
    assert {int(pid) for pid in seen} == pids

    # SIGTERM: the server and its workers stop, cleanly
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    until(lambda: not any(alive(pid) for pid in pids), 10, "workers gone")
    assert health(base) is None
