"""api.middleware.body_limit: bodies over ``max_body_bytes`` get a 413."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anyio
from fake_engine import (
    FakeEngine,
)
from fastapi.testclient import TestClient
from http_cases import (
    JSON,
    post_raw,
)

from santeqa.api import create_app
from santeqa.api.middleware.body_limit import BodyLimit
from santeqa.settings import Settings


def test_declared_body_over_limit_is_413(client: TestClient, engine: FakeEngine) -> None:
    body = json.dumps({"question": "a" * 9000})
    response = post_raw(client, body)
    assert response.status_code == 413
    assert response.json()["error"]["kind"] == "body_too_large"
    assert engine.calls == []


def test_streamed_body_over_limit_is_413(client: TestClient, engine: FakeEngine) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(10):
            yield b"a" * 1000  # 10 kB in all, over the 8 kB limit
        yield b'"}'

    response = client.post("/ask", content=chunks(), headers=JSON)
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert engine.calls == []


def test_body_limit_counts_bytes_despite_a_lying_content_length() -> None:
    """Pure ASGI: a small Content-Length followed by a large stream is still cut."""
    seen: list[int] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        total = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            total += len(message["body"])
            if not message.get("more_body"):
                break
        seen.append(total)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    chunks = [b"x" * 300, b"x" * 300, b"x" * 300]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        body = chunks.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(chunks)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/ask",
        "headers": [(b"content-length", b"10")],
    }
    limited: Any = BodyLimit(inner, max_bytes=500)
    anyio.run(limited, scope, receive, send)
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"]["kind"] == "body_too_large"
    assert seen == [300]  # the app saw the first chunk, then a disconnect


def test_body_at_the_limit_is_accepted(settings: Settings) -> None:
    with TestClient(create_app(settings, FakeEngine())) as client:
        prefix = b'{"question": "'
        filler = b" " * (settings.max_body_bytes - len(prefix) - len(b'a"}'))
        body = prefix + filler + b'a"}'
        assert len(body) == settings.max_body_bytes
        assert post_raw(client, body).status_code == 200
