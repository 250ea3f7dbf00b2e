"""``/ask`` (api.routes.ask): the 200 contract, every 422, the OpenAPI declaration."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fake_engine import (
    ANSWER_TEXT,
    INFO,
    NOTES,
    FakeEngine,
)
from fastapi.testclient import TestClient
from http_cases import (
    INVALID_BODIES,
    INVALID_QUERIES,
    QUESTION,
    check_validation_shape,
    post_raw,
)

from santeqa.api import create_app
from santeqa.errors import (
    InvalidQuestion,
)
from santeqa.settings import Settings

FOOTNOTE_KEYS = {"number", "text", "urls"}


def check_footnotes(notes: Any) -> None:
    assert isinstance(notes, list)
    for note in notes:
        assert set(note) == FOOTNOTE_KEYS
        assert isinstance(note["number"], int)
        assert isinstance(note["text"], str)
        assert all(isinstance(u, str) for u in note["urls"])


def test_answer_contract(client: TestClient) -> None:
    response = client.post("/ask", json={"question": QUESTION, "top_k": 3})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "question",
        "answer",
        "abstained",
        "message",
        "passages",
        "index",
        "took_ms",
        "id",
        "resolved_question",
    }
    assert re.fullmatch(r"[0-9a-f]{32}", data["id"])
    assert data["question"] == QUESTION
    assert data["resolved_question"] == QUESTION  # no history: searched as asked
    assert data["abstained"] is False
    assert isinstance(data["message"], str)
    assert isinstance(data["took_ms"], float)
    assert data["index"] == {"generation": INFO.generation, "model": INFO.model}

    answer = data["answer"]
    assert set(answer) == {
        "text",
        "passage_id",
        "document",
        "start",
        "end",
        "page",
        "section",
        "footnotes",
        "score",
        "highlight",
    }
    assert answer["text"] == ANSWER_TEXT
    assert answer["highlight"] == {"start": 0, "end": 10}  # inside answer.text
    assert answer["page"] == 14
    assert answer["section"] == "Les innovations en santé numérique › La téléconsultation"
    assert isinstance(answer["score"], float)
    check_footnotes(answer["footnotes"])
    assert answer["footnotes"][0]["number"] == 22
    assert answer["footnotes"][0]["urls"] == list(NOTES[22].urls)

    passages = data["passages"]
    assert len(passages) == 3
    for passage in passages:
        assert set(passage) == {
            "id",
            "document",
            "page",
            "pages",
            "section",
            "text",
            "score",
            "scores",
            "footnotes",
        }
        assert isinstance(passage["page"], int)
        assert all(isinstance(p, int) for p in passage["pages"])
        assert isinstance(passage["score"], float)
        assert set(passage["scores"]) == {"dense", "lexical"}
        check_footnotes(passage["footnotes"])
    own = next(p for p in passages if p["id"] == answer["passage_id"])
    assert own["text"][answer["start"] : answer["end"]] == answer["text"]
    assert passages[1]["scores"] == {"dense": 0.842, "lexical": None}
    assert passages[2]["scores"] == {"dense": None, "lexical": 7.9}


def test_abstained_contract(client: TestClient) -> None:
    data = client.post("/ask", json={"question": "Une recette de pizza ?"}).json()
    assert data["abstained"] is True
    assert data["answer"] is None
    assert data["message"]
    assert len(data["passages"]) == 2


def test_integral_float_top_k_is_an_integer(client: TestClient, engine: FakeEngine) -> None:
    # JSON Schema (and so the OpenAPI contract) counts 3.0 as an integer
    response = post_raw(client, json.dumps({"question": QUESTION, "top_k": 3.0}))
    assert response.status_code == 200, response.text
    assert engine.calls == [(QUESTION, 3)]


def test_top_k_is_passed_and_defaults_to_settings(client: TestClient, engine: FakeEngine) -> None:
    client.post("/ask", json={"question": QUESTION, "top_k": 2})
    client.post("/ask", json={"question": QUESTION})
    client.get("/ask", params={"q": QUESTION})
    assert [k for _, k in engine.calls] == [2, 4, 4]


def test_question_white_space_is_normalised(client: TestClient, engine: FakeEngine) -> None:
    response = client.post("/ask", json={"question": "  Combien\tde\n\nconsultations ?\r\n "})
    assert response.status_code == 200
    assert response.json()["question"] == "Combien de consultations ?"
    assert engine.calls == [("Combien de consultations ?", 4)]


def test_get_is_the_same_as_post(client: TestClient) -> None:
    by_post = client.post("/ask", json={"question": QUESTION, "top_k": 2}).json()
    by_get = client.get("/ask", params={"q": QUESTION, "top_k": "2"})
    assert by_get.status_code == 200
    by_get_body = by_get.json()
    assert by_get_body.pop("id") != by_post.pop("id")  # each answer has its own id
    assert by_get_body == by_post


def test_longest_question_is_accepted_after_trimming(client: TestClient) -> None:
    question = "é" * 200
    response = client.post("/ask", json={"question": f"   {question}   "})
    assert response.status_code == 200
    assert response.json()["question"] == question


@pytest.mark.parametrize("body", INVALID_BODIES.values(), ids=INVALID_BODIES.keys())
def test_invalid_body_is_422(client: TestClient, engine: FakeEngine, body: bytes | str) -> None:
    response = post_raw(client, body)
    assert response.status_code == 422, response.text
    check_validation_shape(response.json())
    assert engine.calls == []


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (json.dumps({"question": " "}), "question_empty"),
        (json.dumps({"question": "a\x01"}), "question_control_character"),
        (b'{"question": "\\udc00"}', "question_surrogate"),
        (json.dumps({"question": "a" * 201}), "string_too_long"),
    ],
)
def test_question_errors_name_the_field(client: TestClient, body: str | bytes, kind: str) -> None:
    issue = post_raw(client, body).json()["detail"][0]
    assert issue["type"] == kind
    assert issue["loc"] == ["body", "question"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_wrong_content_type_is_422(client: TestClient, content_type: str) -> None:
    response = client.post(
        "/ask", content=b'{"question": "bonjour"}', headers={"content-type": content_type}
    )
    assert response.status_code == 422
    check_validation_shape(response.json())


def test_missing_content_type_is_422(client: TestClient) -> None:
    response = client.post("/ask", content=b'{"question": "bonjour"}')
    assert response.status_code == 422
    check_validation_shape(response.json())


@pytest.mark.parametrize("params", INVALID_QUERIES.values(), ids=INVALID_QUERIES.keys())
def test_invalid_query_is_422(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/ask", params=params)
    assert response.status_code == 422, response.text
    check_validation_shape(response.json())


def test_engine_invalid_question_is_422(settings: Settings) -> None:
    engine = FakeEngine(crash=InvalidQuestion("no word in the question"))
    with TestClient(create_app(settings, engine)) as client:
        response = client.post("/ask", json={"question": "???"})
    assert response.status_code == 422
    body = response.json()
    check_validation_shape({"detail": body["detail"]})
    assert body["detail"][0]["type"] == "invalid_question"
    assert body["error"] == {"kind": "invalid_question", "message": "no word in the question"}


def test_openapi_declares_errors_and_a_french_example(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for method in ("get", "post"):
        responses = schema["paths"]["/ask"][method]["responses"]
        assert {"200", "413", "422", "429", "503"} <= set(responses)
    body = schema["paths"]["/ask"]["post"]["requestBody"]["content"]["application/json"]
    examples = [e["value"]["question"] for e in body["examples"].values()]
    assert any("téléconsultation" in q for q in examples)
