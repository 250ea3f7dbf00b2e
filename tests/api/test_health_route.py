"""``/health`` (api.routes.health)."""

from __future__ import annotations

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


def test_head_of_the_chat_page_and_health(client: TestClient) -> None:
    for path in ("/", "/health"):
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b""
    with TestClient(create_app(Settings(), FakeEngine(error=IndexMissing("none")))) as c:
        assert c.head("/health").status_code == 503
