"""api.middleware.security_headers: the CSP and friends on every response, and the worker."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from fake_engine import (
    FakeEngine,
)
from fastapi.responses import Response
from fastapi.testclient import TestClient
from http_cases import (
    QUESTION,
    ask,
    post_raw,
)

from santeqa.api import create_app
from santeqa.api.middleware.security_headers import WORKER_HEADER
from santeqa.errors import (
    IndexMissing,
)
from santeqa.settings import Settings

# Written out here, not read from the code: dropping or loosening a directive must fail.
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def csp_directives(header: str) -> dict[str, str]:
    directives: dict[str, str] = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            assert name not in directives, f"{name} given twice"
            directives[name] = " ".join(value.split())
    return directives


def check_security_headers(headers: Any) -> None:
    assert csp_directives(headers["content-security-policy"]) == EXPECTED_CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/ask?q=bonjour", 200),
        ("GET", "/ask?q=", 422),
        ("GET", "/health", 200),
        ("GET", "/static/app.js", 200),
        ("GET", "/static/app.css", 200),
        ("GET", "/static/missing.css", 404),
        ("GET", "/nowhere", 404),
        ("GET", "/pages/14", 200),
        ("GET", "/pages/999", 404),
        ("GET", "/docs", 200),
        ("GET", "/openapi.json", 200),
        ("PUT", "/ask", 405),
    ],
)
def test_security_headers_everywhere(
    client: TestClient, method: str, url: str, status: int
) -> None:
    response = client.request(method, url)
    assert response.status_code == status
    check_security_headers(response.headers)


def test_security_headers_on_413_and_503(settings: Settings) -> None:
    with TestClient(create_app(settings, FakeEngine(error=IndexMissing("none")))) as client:
        responses = [
            post_raw(client, json.dumps({"question": "a" * 9000})),
            client.post("/ask", json={"question": QUESTION}),
        ]
    assert [r.status_code for r in responses] == [413, 503]
    for response in responses:
        check_security_headers(response.headers)


def test_the_worker_is_named_only_when_asked(client: TestClient, settings: Settings) -> None:
    for response in (client.get("/health"), ask(client), client.get("/nowhere")):
        assert WORKER_HEADER not in response.headers
    named = settings.model_copy(update={"worker_header": True})
    with TestClient(create_app(named, FakeEngine())) as c:
        pid = str(os.getpid())
        assert c.get("/health").headers[WORKER_HEADER] == pid
        assert ask(c).headers[WORKER_HEADER] == pid
        assert c.get("/nowhere").headers[WORKER_HEADER] == pid


def test_csp_parsing_sees_a_missing_directive() -> None:
    # the check above is only as good as this parser: a header without base-uri differs
    header = "; ".join(f"{k} {v}" for k, v in EXPECTED_CSP.items() if k != "base-uri")
    assert csp_directives(header) != EXPECTED_CSP


def test_headers_the_app_sets_itself_are_kept(settings: Settings) -> None:
    app = create_app(settings, FakeEngine())

    @app.get("/own-frame-policy")
    async def own() -> Response:
        return Response("x", headers={"x-frame-options": "SAMEORIGIN"})

    with TestClient(app) as client:
        response = client.get("/own-frame-policy")
    assert response.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
    assert csp_directives(response.headers["content-security-policy"]) == EXPECTED_CSP


def test_lifespan_passes_through() -> None:
    """Non-HTTP scopes (here the lifespan) reach the app untouched: warm() runs."""
    engine = FakeEngine()
    with TestClient(create_app(Settings(), engine)):
        assert engine.warmed == 1
