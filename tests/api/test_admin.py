"""The admin routes (``/admin/reindex``) and the generation shown by ``/health``.

With the fake engine for the HTTP contract, then with a real Engine (FakeEmbedder) over a tiny
corpus written in a tmp folder.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fake_engine import INFO, NEW_GENERATION, FakeEngine
from fastapi import Request
from fastapi.testclient import TestClient

import santeqa.api.auth
from santeqa.api import create_app
from santeqa.api.auth import bearer_token
from santeqa.embed import FakeEmbedder, Vectors
from santeqa.index import build_lock, published_generation
from santeqa.service import Engine
from santeqa.settings import Settings

TOKEN = "s3cret-T0ken_for-tests"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def admin_settings(**extra: Any) -> Settings:
    return Settings(admin_token=TOKEN, **extra)


@pytest.fixture
def admin_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def admin(admin_engine: FakeEngine) -> Iterator[TestClient]:
    with TestClient(create_app(admin_settings(), admin_engine)) as client:
        yield client


# --- no token configured: the routes do not exist ---------------------------------------------


@pytest.mark.parametrize("token", [None, ""])
def test_routes_absent_without_a_token(token: str | None) -> None:
    settings = Settings() if token is None else Settings(admin_token=token)
    engine = FakeEngine()
    with TestClient(create_app(settings, engine)) as client:
        for headers in ({}, {"authorization": "Bearer "}, {"authorization": "Bearer x"}):
            assert client.post("/admin/reindex", headers=headers).status_code == 404
            assert client.get("/admin/reindex/task1", headers=headers).status_code == 404
        paths = client.get("/openapi.json").json()["paths"]
    assert not any(p.startswith("/admin") for p in paths)
    assert engine.tasks == {}


def test_routes_documented_with_a_token(admin: TestClient) -> None:
    paths = admin.get("/openapi.json").json()["paths"]
    assert "post" in paths["/admin/reindex"]
    assert "get" in paths["/admin/reindex/{task_id}"]


# --- 401 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": ""},
        {"authorization": "Bearer"},
        {"authorization": "Bearer "},
        {"authorization": "Bearer wrong"},
        {"authorization": f"Bearer {TOKEN[:-1]}"},
        {"authorization": f"Bearer {TOKEN}x"},
        {"authorization": f"Bearer {TOKEN.upper()}"},
        {"authorization": f"Basic {TOKEN}"},
        {"authorization": TOKEN},
        {"x-admin-token": TOKEN},
    ],
    ids=lambda h: repr(h)[:40],
)
def test_wrong_or_missing_token_is_401(
    admin: TestClient, admin_engine: FakeEngine, headers: dict[str, str]
) -> None:
    for response in (
        admin.post("/admin/reindex", headers=headers),
        admin.get("/admin/reindex/task1", headers=headers),
    ):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        body = response.json()
        assert body["kind"] == "unauthorized"
        assert body["error"]["kind"] == "unauthorized"
        assert TOKEN not in response.text
        assert response.headers["x-frame-options"] == "DENY"
    assert admin_engine.tasks == {}  # nothing was started


def test_token_compared_in_constant_time(
    admin: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[bytes, bytes]] = []
    real = santeqa.api.auth.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(santeqa.api.auth.hmac, "compare_digest", spy)
    assert admin.post("/admin/reindex", headers={"authorization": "Bearer nope"}).status_code == 401
    assert admin.post("/admin/reindex", headers=AUTH).status_code == 202
    assert seen == [(b"nope", TOKEN.encode()), (TOKEN.encode(), TOKEN.encode())]


def test_non_ascii_token() -> None:
    token = "clé-secrète"
    with TestClient(create_app(Settings(admin_token=token), FakeEngine())) as client:
        good = {"authorization": b"Bearer " + token.encode("utf-8")}
        assert client.post("/admin/reindex", headers=good).status_code == 202  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "token"),
    [
        (b"Bearer cl\xc3\xa9", "clé".encode()),  # the bytes on the wire, UTF-8 here
        (b"Bearer cl\xe9", b"cl\xe9"),  # latin-1 on the wire: not the UTF-8 token
        (b"bearer   abc  ", b"abc"),
        (b"Basic abc", None),
        (b"Bearer", None),
    ],
)
def test_bearer_token_is_read_as_sent(raw: bytes, token: bytes | None) -> None:
    request = Request({"type": "http", "headers": [(b"authorization", raw)]})
    assert bearer_token(request) == token


# --- 202, 409, polling ------------------------------------------------------------------------


def test_reindex_starts_a_task(admin: TestClient, admin_engine: FakeEngine) -> None:
    response = admin.post("/admin/reindex", headers=AUTH)
    assert response.status_code == 202
    task = next(iter(admin_engine.tasks))
    assert response.json() == {
        "task": task,
        "state": "running",
        "status_url": f"/admin/reindex/{task}",
    }
    assert response.headers["location"] == f"/admin/reindex/{task}"


def test_reindex_while_busy_is_409(admin: TestClient, admin_engine: FakeEngine) -> None:
    assert admin.post("/admin/reindex", headers=AUTH).status_code == 202
    busy = admin.post("/admin/reindex", headers=AUTH)
    assert busy.status_code == 409
    assert busy.json() == {
        "error": {"kind": "busy", "message": "a rebuild is already running"},
        "detail": "a rebuild is already running",
        "kind": "busy",
    }
    assert len(admin_engine.tasks) == 1


def test_polling_reaches_done(admin: TestClient) -> None:
    url = admin.post("/admin/reindex", headers=AUTH).json()["status_url"]
    states = []
    for _ in range(5):
        body = admin.get(url, headers=AUTH).json()
        states.append(body["state"])
        if body["state"] != "running":
            break
    assert states == ["running", "done"]
    assert set(body) == {
        "task",
        "state",
        "started_at",
        "finished_at",
        "generation",
        "summary",
        "error",
        "status_url",
    }
    assert body["generation"] == NEW_GENERATION
    assert body["finished_at"] and body["started_at"] and body["summary"]
    assert body["error"] is None
    # a finished rebuild frees the slot
    assert admin.post("/admin/reindex", headers=AUTH).status_code == 202


def test_failed_task_is_reported() -> None:
    engine = FakeEngine(rebuild_polls=1, rebuild_error="CorpusError: no readable document")
    with TestClient(create_app(admin_settings(), engine)) as client:
        url = client.post("/admin/reindex", headers=AUTH).json()["status_url"]
        body = client.get(url, headers=AUTH).json()
    assert body["state"] == "failed"
    assert body["error"] == "CorpusError: no readable document"
    assert body["generation"] is None


def test_a_task_error_names_no_server_path() -> None:
    error = "CorpusError: no readable document in /srv/santeqa/corpus"
    engine = FakeEngine(rebuild_polls=1, rebuild_error=error)
    with TestClient(create_app(admin_settings(), engine)) as client:
        url = client.post("/admin/reindex", headers=AUTH).json()["status_url"]
        body = client.get(url, headers=AUTH).json()
    assert body["error"] == "CorpusError: no readable document in …/corpus"


@pytest.mark.parametrize("task", ["nope", "task1x", "%00", "a" * 500])
def test_unknown_task_is_404(admin: TestClient, task: str) -> None:
    response = admin.get(f"/admin/reindex/{task}", headers=AUTH)
    assert response.status_code == 404
    assert response.json()["kind"] == "not_found"


# --- /health shows the generation and a fallback ------------------------------------------------


def test_health_reports_fallback_reason() -> None:
    reason = "gen-x: file dense.faiss is missing"
    with TestClient(create_app(Settings(), FakeEngine(fallback=reason))) as client:
        body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["index"]["generation"] == INFO.generation
    assert body["fallback_reason"] == reason


# --- with a real Engine over a tmp corpus -------------------------------------------------------


def paragraph(topic: str, sentences: int = 7) -> str:
    return " ".join(
        f"La phrase {i} du paragraphe sur {topic} décrit une pratique de soin numéro {i}."
        for i in range(sentences)
    )


def document(topic: str) -> str:
    pages = [
        "\n\n".join([f"Chapitre {p} {topic}", paragraph(f"{topic}{p}a"), paragraph(f"{topic}{p}b")])
        for p in range(2)
    ]
    return "\f".join(pages) + "\n"


class GatedEmbedder(FakeEmbedder):
    """Waits for ``gate`` before embedding passages (holds a build in flight)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.waiting = threading.Event()

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        self.waiting.set()
        if not self.gate.wait(20):
            raise TimeoutError("gate never opened")
        return super().embed_passages(texts, progress=progress)


@pytest.fixture
def real_settings(tmp_path: Path) -> Settings:
    lexicon = tmp_path / "words.txt"
    lexicon.write_text("la\nle\nde\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "alpha.txt").write_text(document("cardiologie"), encoding="utf-8")
    return Settings(
        corpus_dir=corpus, index_dir=tmp_path / "index", lexicon=lexicon, admin_token=TOKEN
    )


def poll(client: TestClient, url: str, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(url, headers=AUTH).json()
        if body["state"] != "running" or time.monotonic() > deadline:
            return body
        time.sleep(0.02)


def test_real_engine_rebuild_end_to_end(real_settings: Settings) -> None:
    embedder = GatedEmbedder()
    embedder.gate.set()
    engine = Engine(real_settings, embedder=embedder)
    first = engine.build().generation
    (real_settings.corpus_dir / "beta.txt").write_text(document("zorglubologie"), "utf-8")
    with TestClient(create_app(real_settings, engine)) as client:
        assert client.get("/health").json()["index"]["generation"] == first
        embedder.gate.clear()
        started = client.post("/admin/reindex", headers=AUTH)
        assert started.status_code == 202
        assert embedder.waiting.wait(10)
        # busy while the first one runs, and questions are still answered from `first`
        busy = client.post("/admin/reindex", headers=AUTH)
        assert busy.status_code == 409 and busy.json()["kind"] == "busy"
        ask = client.get("/ask", params={"q": "cardiologie0a pratique"})
        assert ask.status_code == 200 and ask.json()["index"]["generation"] == first
        assert poll(client, started.json()["status_url"], timeout=0.1)["state"] == "running"
        embedder.gate.set()
        done = poll(client, started.json()["status_url"])
        assert done["state"] == "done", done
        second = done["generation"]
        assert second != first and second == published_generation(real_settings.index_dir)
        assert "documents added 1, changed 0, removed 0, unchanged 1" in done["summary"]
        health = client.get("/health").json()
        assert health["index"]["generation"] == second
        assert "fallback_reason" not in health
        ask = client.get("/ask", params={"q": "zorglubologie0a pratique"})
        assert ask.json()["index"]["generation"] == second
        assert ask.json()["passages"][0]["document"] == "beta.txt"


def test_real_engine_409_while_another_process_builds(real_settings: Settings) -> None:
    engine = Engine(real_settings, embedder=FakeEmbedder())
    engine.build()
    with TestClient(create_app(real_settings, engine)) as client:
        with build_lock(real_settings.index_dir):  # as `santeqa index` would hold it
            busy = client.post("/admin/reindex", headers=AUTH)
        assert busy.status_code == 409
        assert busy.json()["kind"] == "busy"
        assert client.post("/admin/reindex", headers=AUTH).status_code == 202


def test_real_engine_failed_rebuild(real_settings: Settings) -> None:
    engine = Engine(real_settings, embedder=FakeEmbedder())
    first = engine.build().generation
    (real_settings.corpus_dir / "alpha.txt").unlink()
    with TestClient(create_app(real_settings, engine)) as client:
        url = client.post("/admin/reindex", headers=AUTH).json()["status_url"]
        body = poll(client, url)
        assert body["state"] == "failed"
        assert "CorpusError" in body["error"] and body["finished_at"]
        assert client.get("/health").json()["index"]["generation"] == first


def test_real_engine_health_fallback_and_503(real_settings: Settings) -> None:
    embedder = FakeEmbedder()
    engine = Engine(real_settings, embedder=embedder)
    first = engine.build().generation
    second = engine.build().generation
    (real_settings.index_dir / second / "chunks.jsonl").write_text("{", encoding="utf-8")
    with TestClient(create_app(real_settings, Engine(real_settings, embedder=embedder))) as c:
        health = c.get("/health")
        assert health.status_code == 200
        assert health.json()["index"]["generation"] == first
        assert second in health.json()["fallback_reason"]
        assert "chunks.jsonl" in health.json()["fallback_reason"]
        assert c.get("/ask", params={"q": "cardiologie"}).json()["index"]["generation"] == first
    (real_settings.index_dir / first / "dense.faiss").unlink()
    with TestClient(create_app(real_settings, Engine(real_settings, embedder=embedder))) as c:
        health = c.get("/health")
        ask = c.get("/ask", params={"q": "cardiologie"})
    assert health.status_code == 503
    assert health.json()["kind"] == "index_corrupt"
    assert second in health.json()["reason"]
    assert ask.status_code == 503 and ask.json()["kind"] == "index_corrupt"
