"""``POST /ask`` with ``history``: the earlier questions of a conversation (the server keeps
none); the response says what was searched in ``resolved_question``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fake_engine import FakeEngine
from fastapi.testclient import TestClient
from http_cases import QUESTION, check_validation_shape

from santeqa.api import create_app
from santeqa.settings import Settings

EARLIER = ["Combien de cabines la Région a-t-elle installées en 2021 ?", "Et en 2022 ?"]


def test_history_reaches_the_engine_and_the_resolution_comes_back(
    client: TestClient, engine: FakeEngine
) -> None:
    response = client.post("/ask", json={"question": "Qui les entretient ?", "history": EARLIER})
    assert response.status_code == 200, response.text
    data = response.json()
    assert engine.histories == [tuple(EARLIER)]  # oldest first, as sent
    assert data["question"] == "Qui les entretient ?"
    assert data["resolved_question"] == "Qui les entretient ? — Et en 2022 ?"  # the fake's


def test_history_is_optional_and_may_be_empty(client: TestClient, engine: FakeEngine) -> None:
    for body in ({"question": QUESTION}, {"question": QUESTION, "history": []}):
        assert client.post("/ask", json=body).json()["resolved_question"] == QUESTION
    assert engine.histories == [(), ()]


def test_each_earlier_question_is_cleaned_like_the_question(
    client: TestClient, engine: FakeEngine
) -> None:
    body = {"question": QUESTION, "history": ["  Combien   de\ncabines ?  "]}
    assert client.post("/ask", json=body).status_code == 200
    assert engine.histories == [("Combien de cabines ?",)]


def _refused(client: TestClient, body: object) -> list[dict[str, object]]:
    response = client.post("/ask", json=body)
    assert response.status_code == 422, response.text
    check_validation_shape(response.json())
    detail: list[dict[str, object]] = response.json()["detail"]
    return detail


def test_bad_histories_are_refused(client: TestClient, engine: FakeEngine) -> None:
    six = [f"Question {i} ?" for i in range(6)]
    assert _refused(client, {"question": QUESTION, "history": six})[0]["loc"] == ["body", "history"]
    for bad in ([""], ["  "], ["a\x00b"], [3], "Et en 2022 ?", [None]):
        issues = _refused(client, {"question": QUESTION, "history": bad})
        assert issues[0]["loc"][:2] == ["body", "history"]  # type: ignore[index]
    # the question limit (200 characters here) holds for each earlier question
    issues = _refused(client, {"question": QUESTION, "history": ["x" * 150, "y" * 201]})
    assert [i["loc"] for i in issues] == [["body", "history", 1]]
    assert engine.histories == []  # nothing reached the engine


def test_the_schema_documents_history_and_resolved_question(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    history = schema["AskBody"]["properties"]["history"]
    assert history["type"] == "array" and history["maxItems"] == 5
    assert history["items"]["type"] == "string"
    assert (history["items"]["minLength"], history["items"]["maxLength"]) == (1, 200)
    assert "resolved_question" in schema["AskResponse"]["required"]


def test_the_log_keeps_the_question_and_what_was_searched(tmp_path: Path) -> None:
    db = tmp_path / "q.sqlite3"
    with TestClient(create_app(Settings(db=db), FakeEngine())) as client:
        body = {"question": "Qui les entretient ?", "history": EARLIER}
        answer_id = client.post("/ask", json=body).json()["id"]
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT question, resolved_question FROM questions WHERE id = ?", (answer_id,)
        ).fetchone()
    assert row == ("Qui les entretient ?", "Qui les entretient ? — Et en 2022 ?")


# --- GET /ask: the same history, as repeated query parameters ---------------------------------


def test_get_takes_history_as_repeated_parameters(client: TestClient, engine: FakeEngine) -> None:
    params = [("q", "Qui les entretient ?"), ("history", EARLIER[0]), ("history", EARLIER[1])]
    response = client.get("/ask", params=params)
    assert response.status_code == 200, response.text
    assert engine.histories == [tuple(EARLIER)]  # oldest first, in the order given
    assert response.json()["resolved_question"] == "Qui les entretient ? — Et en 2022 ?"


def test_get_without_history_is_unchanged(client: TestClient, engine: FakeEngine) -> None:
    response = client.get("/ask", params={"q": QUESTION})
    assert response.json()["resolved_question"] == QUESTION
    assert engine.histories == [()]


def test_get_cleans_each_earlier_question(client: TestClient, engine: FakeEngine) -> None:
    params = [("q", QUESTION), ("history", "  Combien   de\ncabines ?  ")]
    assert client.get("/ask", params=params).status_code == 200
    assert engine.histories == [("Combien de cabines ?",)]


def _get_refused(client: TestClient, params: list[tuple[str, str]]) -> list[dict[str, object]]:
    response = client.get("/ask", params=params)
    assert response.status_code == 422, response.text
    check_validation_shape(response.json())
    detail: list[dict[str, object]] = response.json()["detail"]
    return detail


def test_get_refuses_bad_histories_with_the_post_limits(
    client: TestClient, engine: FakeEngine
) -> None:
    six = [("history", f"Question {i} ?") for i in range(6)]
    issues = _get_refused(client, [("q", QUESTION), *six])
    assert issues[0]["loc"] == ["query", "history"]
    for bad in ("", "  ", "a\x00b"):
        issues = _get_refused(client, [("q", QUESTION), ("history", bad)])
        assert issues[0]["loc"][:2] == ["query", "history"]  # type: ignore[index]
    long = [("q", QUESTION), ("history", "x" * 150), ("history", "y" * 201)]
    assert [i["loc"] for i in _get_refused(client, long)] == [["query", "history", 1]]
    assert engine.histories == []  # nothing reached the engine


def test_the_schema_documents_the_get_history(client: TestClient) -> None:
    parameters = client.get("/openapi.json").json()["paths"]["/ask"]["get"]["parameters"]
    history = next(p for p in parameters if p["name"] == "history")
    assert history["in"] == "query" and history["required"] is False
    assert history["schema"]["type"] == "array" and history["schema"]["maxItems"] == 5
    assert history["schema"]["items"]["maxLength"] == 200
