"""``POST /feedback`` (api.routes.feedback) and the question log behind ``/ask``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fake_engine import ANSWER_TEXT, FakeEngine
from fastapi.testclient import TestClient
from http_cases import JSON, QUESTION, check_validation_shape

from santeqa.api import create_app
from santeqa.settings import Settings
from santeqa.store import QuestionStore

TOKEN = "feedback-admin-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def make_settings(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(admin_token=TOKEN, db=tmp_path / "var" / "q.sqlite3", **extra)


@pytest.fixture
def db_client(tmp_path: Path) -> Any:
    with TestClient(
        create_app(make_settings(tmp_path), FakeEngine()), client=("192.0.2.77", 41234)
    ) as client:
        yield client


def ask_id(client: TestClient, question: str = QUESTION) -> str:
    response = client.post("/ask", json={"question": question})
    assert response.status_code == 200
    answer_id: str = response.json()["id"]
    return answer_id


def test_vote_is_201_and_echoes_it(db_client: TestClient) -> None:
    answer_id = ask_id(db_client)
    response = db_client.post(
        "/feedback", json={"id": answer_id, "vote": "down", "comment": "  pas\n la bonne année "}
    )
    assert response.status_code == 201
    assert response.json() == {"id": answer_id, "vote": "down", "comment": "pas la bonne année"}
    assert response.headers["content-type"] == "application/json"


def test_vote_without_comment(db_client: TestClient) -> None:
    answer_id = ask_id(db_client)
    response = db_client.post("/feedback", json={"id": answer_id, "vote": "up"})
    assert response.status_code == 201
    assert response.json()["comment"] is None


@pytest.mark.parametrize("answer_id", ["0" * 32, "unknown", "a-b_c"])
def test_unknown_id_is_404(db_client: TestClient, answer_id: str) -> None:
    response = db_client.post("/feedback", json={"id": answer_id, "vote": "up"})
    assert response.status_code == 404
    assert response.json()["kind"] == "not_found"


INVALID: dict[str, Any] = {
    "no id": {"vote": "up"},
    "no vote": {"id": "abc"},
    "other vote": {"id": "abc", "vote": "meh"},
    "vote in capitals": {"id": "abc", "vote": "UP"},
    "empty id": {"id": "", "vote": "up"},
    "id with a slash": {"id": "../x", "vote": "up"},
    "id too long": {"id": "a" * 65, "vote": "up"},
    "number id": {"id": 12, "vote": "up"},
    "comment too long": {"id": "abc", "vote": "up", "comment": "x" * 1001},
    "comment with a control character": {"id": "abc", "vote": "up", "comment": "a\x00b"},
    "number comment": {"id": "abc", "vote": "up", "comment": 3},
    "extra field": {"id": "abc", "vote": "up", "stars": 5},
}


@pytest.mark.parametrize("body", INVALID.values(), ids=INVALID.keys())
def test_bad_input_is_422(db_client: TestClient, body: Any) -> None:
    response = db_client.post("/feedback", json=body)
    assert response.status_code == 422, response.text
    check_validation_shape(response.json())


def test_invalid_json_is_422(db_client: TestClient) -> None:
    response = db_client.post("/feedback", content=b'{"id": "a",', headers=JSON)
    assert response.status_code == 422


def test_comment_of_1000_characters_is_accepted(db_client: TestClient) -> None:
    answer_id = ask_id(db_client)
    body = {"id": answer_id, "vote": "down", "comment": "é" * 1000}
    assert db_client.post("/feedback", json=body).status_code == 201


def test_a_vote_reaches_the_insights(db_client: TestClient) -> None:
    answer_id = ask_id(db_client, "Combien de pharmacies équipées ?")
    db_client.post("/feedback", json={"id": answer_id, "vote": "down", "comment": "trop vague"})
    insights = db_client.get("/admin/insights.json", headers=AUTH).json()
    assert insights["downvoted"] == [
        {
            "question": "Combien de pharmacies équipées ?",
            "answer": ANSWER_TEXT,
            "count": 1,
            "last_voted": insights["downvoted"][0]["last_voted"],
            "comments": ["trop vague"],
        }
    ]
    assert insights["totals"]["votes_down"] == 1


def test_the_log_holds_no_address(tmp_path: Path, db_client: TestClient) -> None:
    answer_id = ask_id(db_client)
    db_client.post("/feedback", json={"id": answer_id, "vote": "up"})
    dump = "\n".join(sqlite3.connect(tmp_path / "var" / "q.sqlite3").iterdump())
    assert QUESTION.replace("'", "''") in dump  # the question is logged...
    assert "192.0.2.77" not in dump  # ...not who asked it
    assert "testclient" not in dump.lower()


def test_unanswered_questions_show_up(db_client: TestClient) -> None:
    for _ in range(2):
        db_client.get("/ask", params={"q": "Une recette de pizza ?"})  # the fake abstains
    unanswered = db_client.get("/admin/insights.json", headers=AUTH).json()["unanswered"]
    assert [(u["question"], u["count"]) for u in unanswered] == [("Une recette de pizza ?", 2)]


def test_with_the_log_off_nothing_is_counted_but_votes_work(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, log_questions=False)
    with TestClient(create_app(settings, FakeEngine())) as client:
        answer_id = ask_id(client)
        client.get("/ask", params={"q": "Une recette de pizza ?"})
        assert client.post("/feedback", json={"id": answer_id, "vote": "down"}).status_code == 201
        insights = client.get("/admin/insights.json", headers=AUTH).json()
        page = client.get("/").text
    assert insights["frequent"] == [] and insights["unanswered"] == []
    assert insights["totals"]["questions"] == 0 and insights["totals"]["logging"] is False
    assert insights["downvoted"][0]["question"] == QUESTION
    assert "ne sont pas enregistrées" in page


def test_the_page_says_what_is_kept(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, log_days=30)
    with TestClient(create_app(settings, FakeEngine())) as client:
        html = client.get("/").text
    notice = html[html.index('id="privacy-notice"') :]
    notice = notice[: notice.index("</p>")]
    assert "enregistrées pendant 30 jours" in notice
    assert "adresse IP" in notice and "cookie" in notice
    assert "santé" in notice


def test_a_broken_database_never_costs_the_answer(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    settings = Settings(db=blocker / "q.sqlite3")
    with TestClient(create_app(settings, FakeEngine())) as client:
        answer = client.post("/ask", json={"question": QUESTION})
        vote = client.post("/feedback", json={"id": answer.json()["id"], "vote": "up"})
    assert answer.status_code == 200
    assert vote.status_code == 503
    assert vote.json()["kind"] == "store_unavailable"


def test_feedback_is_rate_limited(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, rate_limit_per_minute=60, rate_limit_burst=2)
    with TestClient(create_app(settings, FakeEngine(), clock=lambda: 0.0)) as client:
        statuses = [
            client.post("/feedback", json={"id": "abc", "vote": "up"}).status_code for _ in range(3)
        ]
    assert statuses == [404, 404, 429]


def test_store_can_be_passed_in(tmp_path: Path) -> None:
    store = QuestionStore(tmp_path / "given.sqlite3")
    with TestClient(create_app(Settings(), FakeEngine(), store=store)) as client:
        ask_id(client)
    assert store.path.exists()
    assert json.dumps(store.insights()["totals"]["questions"]) == "1"


# --- the question log, written after the response by the store's background thread ----------


class ListeningStore(QuestionStore):
    """A store that says when ``/ask`` hands it a question, and can act full."""

    def __init__(self, path: Path, *, full: bool = False) -> None:
        super().__init__(path)
        self.full = full
        self.handed: list[tuple[str, bool]] = []  # (question, whether the asker would wait)

    def record_later(self, entry: Any, *, wait: bool = True) -> bool:
        self.handed.append((entry.question, wait))
        if self.full and not wait:
            return False
        return super().record_later(entry, wait=wait)


def test_every_answered_question_is_logged_and_flushed_on_shutdown(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, rate_limit_per_minute=0)
    store = ListeningStore(settings.db)
    with TestClient(create_app(settings, FakeEngine(), store=store)) as client:
        for i in range(30):
            assert client.post("/ask", json={"question": f"{QUESTION} n°{i}"}).status_code == 200
    # the app's shutdown closed the store: everything pending is on disk
    with sqlite3.connect(settings.db) as db:
        assert db.execute("SELECT COUNT(*) FROM questions").fetchone() == (30,)
    assert [wait for _, wait in store.handed] == [False] * 30  # the event loop never waits


def test_a_full_log_queue_is_waited_for_by_a_worker_not_the_event_loop(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    store = ListeningStore(settings.db, full=True)
    with TestClient(create_app(settings, FakeEngine(), store=store)) as client:
        answer_id = ask_id(client)
        assert client.post("/feedback", json={"id": answer_id, "vote": "up"}).status_code == 201
    assert [wait for _, wait in store.handed] == [False, True]


def test_the_question_is_logged_even_when_sending_the_answer_fails(tmp_path: Path) -> None:
    import asyncio

    from santeqa.api.routes.ask import LoggedAfterSending
    from santeqa.store import QuestionEntry

    store = QuestionStore(tmp_path / "q.sqlite3")
    entry = QuestionEntry("a" * 32, "Qui ?", "Qui ?", True, None, (), "gen", None)

    async def broken_send(message: Any) -> None:
        raise OSError("the client went away")

    async def nothing() -> Any:
        return {"type": "http.disconnect"}

    response = LoggedAfterSending(b"{}", store, entry)
    with pytest.raises(OSError):
        asyncio.run(response({"type": "http", "method": "POST"}, nothing, broken_send))
    assert store.insights()["totals"]["questions"] == 1
    store.close()
