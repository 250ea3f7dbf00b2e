"""``/health`` (api.routes.health)."""

from __future__ import annotations

import pytest
from fake_engine import (
    INFO,
    FakeEngine,
)
from fastapi.testclient import TestClient

from santeqa.api import create_app
from santeqa.errors import (
    IndexMissing,
)
from santeqa.settings import Settings


def test_health_ok(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "index": {
            "generation": INFO.generation,
            "chunks": INFO.chunks,
            "documents": INFO.documents,
            "model": INFO.model,
            "built_at": INFO.built_at,
        },
    }


def test_health_says_what_is_wrong_while_it_still_answers(settings: Settings) -> None:
    engine = FakeEngine(
        problem="CURRENT does not hold a generation name (not UTF-8 text)",
        fallback="gen-2: file /srv/santeqa/index/gen-2/dense.faiss is missing",
    )
    with TestClient(create_app(settings, engine)) as client:
        body = client.get("/health").json()
    assert body["status"] == "ok" and body["index"]["generation"] == INFO.generation
    assert body["problem"] == "CURRENT does not hold a generation name (not UTF-8 text)"
    assert body["fallback_reason"] == "gen-2: file …/dense.faiss is missing"


@pytest.mark.parametrize(
    "message",
    [
        "no index in /home/ops/santeqa/index: run `santeqa index`",
        "cannot load model '/opt/models/e5': [Errno 13] Permission denied: '/opt/models/e5/x.bin'",
    ],
)
def test_no_absolute_path_in_a_503(settings: Settings, message: str) -> None:
    with TestClient(create_app(settings, FakeEngine(error=IndexMissing(message)))) as client:
        health, asked = client.get("/health"), client.get("/ask", params={"q": "Le budget ?"})
    assert health.status_code == asked.status_code == 503
    for text in (health.text, asked.text):
        assert "/home/" not in text and "/opt/" not in text, text
    assert "…/" in health.json()["reason"]  # the last part of the path is kept


def test_head_of_the_chat_page_and_health(client: TestClient) -> None:
    for path in ("/", "/health"):
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b""
    with TestClient(create_app(Settings(), FakeEngine(error=IndexMissing("none")))) as c:
        assert c.head("/health").status_code == 503
