"""api.errors: one handler for every error, JSON or HTML; never a 500 for bad input."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fake_engine import (
    FakeEngine,
)
from fastapi.testclient import TestClient
from http_cases import (
    INVALID_BODIES,
    INVALID_QUERIES,
    JSON,
    QUESTION,
)

from santeqa.api import create_app
from santeqa.api.errors import without_paths
from santeqa.errors import (
    BuildInProgress,
    IndexCorrupt,
    IndexMismatch,
    IndexMissing,
    NotFound,
)
from santeqa.settings import Settings


@pytest.mark.parametrize(
    "error",
    [
        IndexMissing("no index in index/"),
        IndexCorrupt("chunks.jsonl: bad hash"),
        IndexMismatch("x"),
    ],
)
def test_no_usable_index_is_503(settings: Settings, error: Exception) -> None:
    engine = FakeEngine(error=error)  # type: ignore[arg-type]
    with TestClient(create_app(settings, engine)) as client:
        assert engine.warmed == 1  # the app started although warm() raised
        ask = client.post("/ask", json={"question": QUESTION})
        ask_get = client.get("/ask", params={"q": QUESTION})
        health = client.get("/health")
    assert ask.status_code == 503
    assert ask_get.status_code == 503
    assert ask.json()["detail"] == str(error)
    assert ask.json()["kind"] == getattr(error, "kind", None)
    assert health.status_code == 503
    assert health.json() == {
        "status": "unavailable",
        "reason": str(error),
        "kind": getattr(error, "kind", None),
    }


def test_error_shape_is_pinned(settings: Settings) -> None:
    engine = FakeEngine(error=IndexMissing("no index in index/"))
    with TestClient(create_app(settings, engine)) as client:
        response = client.post("/ask", json={"question": QUESTION})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "error": {"kind": "index_missing", "message": "no index in index/"},
        "detail": "no index in index/",
        "kind": "index_missing",
    }


def test_error_without_message_gets_a_reason(settings: Settings) -> None:
    with TestClient(create_app(settings, FakeEngine(error=IndexMissing()))) as client:
        body = client.post("/ask", json={"question": QUESTION}).json()
    assert body["kind"] == "index_missing"
    assert "index" in body["detail"]


def test_build_in_progress_is_409(settings: Settings) -> None:
    engine = FakeEngine(error=BuildInProgress("building"))
    with TestClient(create_app(settings, engine)) as client:
        response = client.post("/ask", json={"question": QUESTION})
    assert response.status_code == 409
    assert response.json()["error"] == {"kind": "busy", "message": "building"}


def test_unexpected_exception_is_a_500_with_a_request_id(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    engine = FakeEngine(crash=RuntimeError("boom: secret detail"))
    with TestClient(create_app(settings, engine)) as client:
        response = client.post("/ask", json={"question": QUESTION})
        again = client.post("/ask", json={"question": QUESTION})
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert response.json() == {
        "error": {"kind": "internal", "message": "internal error"},
        "detail": "internal error",
        "kind": "internal",
        "request_id": request_id,
    }
    assert again.headers["x-request-id"] != request_id  # one id per request
    assert "secret" not in response.text
    assert response.headers["x-frame-options"] == "DENY"
    # logged once, with the traceback, under the id the client was given
    logged = [r for r in caplog.records if request_id in r.getMessage()]
    assert len(logged) == 1
    assert logged[0].levelname == "ERROR" and logged[0].exc_info is not None
    assert "secret detail" in str(logged[0].exc_info[1])


def test_unexpected_exception_on_the_page_view_is_an_html_500(settings: Settings) -> None:
    class BrokenPages(FakeEngine):
        def page(self, document: str, number: int) -> Any:
            raise ZeroDivisionError("a bug")

    with TestClient(create_app(settings, BrokenPages())) as client:
        response = client.get("/pages/14")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-request-id"] in response.text
    assert response.headers["content-security-policy"]


def test_a_stray_key_error_in_ask_is_a_500_not_a_404(settings: Settings) -> None:
    with TestClient(create_app(settings, FakeEngine(crash=KeyError("x")))) as client:
        response = client.post("/ask", json={"question": QUESTION})
    assert response.status_code == 500


def test_not_found_from_the_service_is_a_404(settings: Settings) -> None:
    class Missing(FakeEngine):
        def page(self, document: str, number: int) -> Any:
            raise NotFound(f"{document} has no page {number}")

        def rebuild_task(self, task_id: str) -> Any:
            raise NotFound(f"no task {task_id}")

    app = create_app(Settings(admin_token="tok"), Missing())
    with TestClient(app) as client:
        page = client.get("/pages/3")
        task = client.get("/admin/reindex/t1", headers={"authorization": "Bearer tok"})
    assert page.status_code == 404 and "Page introuvable" in page.text
    assert task.status_code == 404
    assert task.json()["kind"] == "not_found"


ODD_REQUESTS: list[tuple[str, str, dict[str, Any]]] = [
    *[("POST", "/ask", {"content": b, "headers": JSON}) for b in INVALID_BODIES.values()],
    *[("GET", "/ask", {"params": p}) for p in INVALID_QUERIES.values()],
    ("POST", "/ask", {"content": b"", "headers": JSON}),
    ("POST", "/ask", {"content": b"\x00" * 100, "headers": JSON}),
    ("POST", "/ask", {"content": b"{}" * 5000, "headers": JSON}),
    (
        "POST",
        "/ask",
        {
            "content": b'{"question": "a"}',
            "headers": {"content-type": "application/json; charset=latin-1"},
        },
    ),
    ("POST", "/ask", {"content": b'{"question": "a"}', "headers": {"content-type": "\x7f;;;"}}),
    ("PUT", "/ask", {"json": {"question": "a"}}),
    ("DELETE", "/health", {}),
    ("GET", "/ask?q=%ED%A0%80", {}),
    ("GET", "/ask?q=%FF%FE&top_k=%00", {}),
    ("GET", "/ask?q=a&q=b", {}),
    ("GET", "/pages/0", {}),
    ("GET", "/pages/-1", {}),
    ("GET", "/pages/abc", {}),
    ("GET", "/pages/²", {}),
    ("GET", "/pages/99999999999999999999999", {}),
    ("GET", "/pages/" + "7" * 5000, {}),
    ("GET", "/pages/14?document=%00", {}),
    ("GET", "/pages/14?hl=%ED%A0%80", {}),
    ("GET", "/pages/14?hl=" + "a" * 3000, {}),
    ("GET", "/static/../pyproject.toml", {}),
    ("GET", "/static/nope.js", {}),
    ("GET", "/nope", {"headers": {"accept": "text/html"}}),
]


@pytest.mark.parametrize(("method", "url", "kwargs"), ODD_REQUESTS)
def test_no_input_gives_a_500(
    client: TestClient, method: str, url: str, kwargs: dict[str, Any]
) -> None:
    response = client.request(method, url, **kwargs)
    assert response.status_code < 500, response.text


@pytest.mark.parametrize(
    "url",
    [
        "/pages/999",
        "/pages/0",
        "/pages/000",
        "/pages/abc",
        "/pages/14?document=nope.txt",
        "/pages/",
        "/pages/²",
        "/pages/1234567",
        "/pages/" + "9" * 5000,  # int() refuses more than 4300 digits
        "/pages/" + "0" * 4999 + "1",
    ],
)
def test_page_view_404_is_html(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Page introuvable" in response.text


def test_page_view_without_index_is_503_html(settings: Settings) -> None:
    with TestClient(create_app(settings, FakeEngine(error=IndexMissing("none")))) as client:
        response = client.get("/pages/14")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")


def test_405_lists_every_method_of_the_path(client: TestClient) -> None:
    response = client.put("/ask", json={"question": QUESTION})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


@pytest.mark.parametrize(
    ("message", "public"),
    [
        ("no index in /srv/santeqa/index: run it", "no index in …/index: run it"),
        ("cannot open '/a/b/c.npy' (EIO)", "cannot open '…/c.npy' (EIO)"),
        ("see https://www.ars.sante.fr/a/b and lexical/params.json", None),
        ("gen-1: file chunks.jsonl has 3 bytes, expected 4", None),
        ("2024/12/01 and 1/2 dose", None),
    ],
)
def test_public_messages_cut_absolute_paths(message: str, public: str | None) -> None:
    assert without_paths(message) == (message if public is None else public)
