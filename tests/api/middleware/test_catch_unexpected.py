"""api.middleware.unexpected.CatchUnexpected, as pure ASGI: a bug raised before the answer
started becomes the error handler's 500; one raised after is logged and not answered twice."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from fake_engine import FakeEngine

from santeqa.api import create_app
from santeqa.api.middleware.unexpected import CatchUnexpected
from santeqa.settings import Settings


def call(inner: Any, path: str = "/x") -> list[dict[str, Any]]:
    app = create_app(Settings(), FakeEngine())  # the error handler renders with its templates
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "app": app,
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    anyio.run(CatchUnexpected(inner), scope, receive, send)
    return sent


def test_exception_before_the_answer_is_a_500() -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise LookupError("bug")

    sent = call(broken)
    assert sent[0]["status"] == 500
    headers = dict(sent[0]["headers"])
    assert b"x-request-id" in headers
    assert headers[b"x-request-id"] in sent[1]["body"]


def test_exception_after_the_answer_started_is_only_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def half(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise LookupError("bug after start")

    sent = call(half)
    assert [m["type"] for m in sent] == ["http.response.start"]
    assert any("after the response started" in r.getMessage() for r in caplog.records)


def test_other_scopes_pass_through() -> None:
    seen: list[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    async def nothing() -> dict[str, Any]:
        return {}

    async def ignore(message: Any) -> None:
        return None

    anyio.run(CatchUnexpected(inner), {"type": "lifespan"}, nothing, ignore)
    assert seen == ["lifespan"]
