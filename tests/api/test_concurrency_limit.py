"""api.concurrency: at most ``max_concurrent_asks`` questions answered at once (503)."""

from __future__ import annotations

import threading
import time

from fake_engine import (
    FakeEngine,
)
from fastapi.testclient import TestClient
from http_cases import (
    QUESTION,
    ask,
)

from santeqa.api import create_app
from santeqa.settings import Settings


def test_too_many_questions_at_once_is_503(settings: Settings) -> None:
    gate = threading.Event()
    engine = FakeEngine(gate=gate)
    app = create_app(settings, engine, max_concurrent_asks=1)
    with TestClient(app) as client:
        first: list[int] = []
        worker = threading.Thread(
            target=lambda: first.append(
                client.post("/ask", json={"question": QUESTION}).status_code
            )
        )
        worker.start()
        try:
            assert engine.entered.wait(5)
            second = client.post("/ask", json={"question": QUESTION})
        finally:
            gate.set()
            worker.join(10)
        third = client.post("/ask", json={"question": QUESTION})
    assert second.status_code == 503
    assert second.headers["retry-after"] == "1"
    assert second.json()["kind"] == "overloaded"
    assert first == [200]
    assert third.status_code == 200


def test_more_questions_than_the_limit_at_once_get_503() -> None:
    gate = threading.Event()
    engine = FakeEngine(gate=gate)
    app = create_app(Settings(max_concurrent_asks=2), engine)
    with TestClient(app) as client:
        done: list[int] = []
        holders = [
            threading.Thread(target=lambda: done.append(ask(client).status_code)) for _ in range(2)
        ]
        for t in holders:
            t.start()
        try:
            deadline = time.monotonic() + 10
            while len(engine.calls) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)  # both questions in the engine (bounded wait)
            assert len(engine.calls) == 2
            refused = ask(client)
            by_get = client.get("/ask", params={"q": QUESTION})
            health = client.get("/health")
        finally:
            gate.set()
            for t in holders:
                t.join(10)
        after = ask(client)
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["kind"] == "overloaded"
    assert by_get.status_code == 503
    assert health.status_code == 200  # health is not a question
    assert done == [200, 200]
    assert after.status_code == 200
    assert len(engine.calls) == 3  # the refused ones never reached the engine
