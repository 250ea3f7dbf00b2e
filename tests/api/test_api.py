"""The HTTP contract of santeqa.api, through create_app and a fake engine."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from fake_engine import (
    ANSWER_TEXT,
    DOC,
    INFO,
    MARKUP,
    NOTES,
    OTHER_DOC,
    TELECONSULTATION,
    FakeEngine,
)
from fastapi.testclient import TestClient

from santeqa.api import (
    SECURITY_HEADERS,
    BodyLimit,
    clean_question,
    create_app,
    default_web_dir,
    highlight,
    safe_url,
)
from santeqa.errors import (
    BuildInProgress,
    IndexCorrupt,
    IndexMismatch,
    IndexMissing,
    InvalidQuestion,
)
from santeqa.settings import Settings

JSON = {"content-type": "application/json"}
QUESTION = "Combien de téléconsultations en 2020 ?"


def post_raw(client: TestClient, body: bytes | str, **headers: str) -> Any:
    return client.post("/ask", content=body, headers={**JSON, **headers})


# --- the 200 contract -------------------------------------------------------------------------


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
    }
    assert data["question"] == QUESTION
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
    }
    assert answer["text"] == ANSWER_TEXT
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
    assert by_get.json() == by_post


def test_longest_question_is_accepted_after_trimming(client: TestClient) -> None:
    question = "é" * 200
    response = client.post("/ask", json={"question": f"   {question}   "})
    assert response.status_code == 200
    assert response.json()["question"] == question


# --- 422 -------------------------------------------------------------------------------------


INVALID_BODIES: dict[str, bytes | str] = {
    "empty": json.dumps({"question": ""}),
    "white space only": json.dumps({"question": " \t\n  "}),
    "too long": json.dumps({"question": "a" * 201}),
    "NUL": json.dumps({"question": "bonjour\x00"}),
    "escape": json.dumps({"question": "bon\x1bjour"}),
    "DEL": json.dumps({"question": "bon\x7fjour"}),
    "C1 control": json.dumps({"question": "bon\x85jour"}),
    "lone surrogate": b'{"question": "\\ud800 bonjour"}',
    "lone low surrogate": b'{"question": "bonjour \\udfff"}',
    "surrogate key": b'{"question": "a", "\\ud800": 1}',
    "NaN top_k": b'{"question": "bonjour", "top_k": NaN}',
    "Infinity top_k": b'{"question": "bonjour", "top_k": Infinity}',
    "string top_k": json.dumps({"question": "bonjour", "top_k": "3"}),
    "float top_k": json.dumps({"question": "bonjour", "top_k": 3.5}),
    "bool top_k": json.dumps({"question": "bonjour", "top_k": True}),
    "zero top_k": json.dumps({"question": "bonjour", "top_k": 0}),
    "21 top_k": json.dumps({"question": "bonjour", "top_k": 21}),
    "huge top_k": json.dumps({"question": "bonjour", "top_k": 10**40}),
    "extra field": json.dumps({"question": "bonjour", "lang": "fr"}),
    "missing question": json.dumps({"top_k": 3}),
    "number question": json.dumps({"question": 42}),
    "list question": json.dumps({"question": ["a"]}),
    "invalid JSON": b'{"question": "bonjour",',
    "not JSON at all": b"question=bonjour",
    "JSON string": json.dumps("bonjour"),
    "JSON null": b"null",
    "JSON list": b'["bonjour"]',
    "deep JSON": b"[" * 3000 + b"]" * 3000,
    "deep JSON value": b'{"question": "a", "top_k": ' + b"[" * 2000 + b"]" * 2000 + b"}",
    "deep JSON object": b'{"a":' * 1200 + b"1" + b"}" * 1200,
    "invalid UTF-8": b'{"question": "\xff\xfe"}',
}


def check_validation_shape(body: Any) -> None:
    assert set(body) >= {"detail"}
    assert isinstance(body["detail"], list) and body["detail"]
    for issue in body["detail"]:
        assert set(issue) == {"type", "loc", "msg"}
        assert isinstance(issue["type"], str)
        assert isinstance(issue["msg"], str)
        assert isinstance(issue["loc"], list)


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


INVALID_QUERIES: dict[str, dict[str, str]] = {
    "no q": {},
    "empty q": {"q": ""},
    "blank q": {"q": "   "},
    "too long q": {"q": "b" * 201},
    "control q": {"q": "a\x07b"},
    "NaN top_k": {"q": "bonjour", "top_k": "NaN"},
    "float top_k": {"q": "bonjour", "top_k": "3.5"},
    "bool top_k": {"q": "bonjour", "top_k": "true"},
    "zero top_k": {"q": "bonjour", "top_k": "0"},
    "21 top_k": {"q": "bonjour", "top_k": "21"},
    "extra parameter": {"q": "bonjour", "lang": "fr"},
}


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


# --- 413 -------------------------------------------------------------------------------------


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


# --- 503 and the error shape ------------------------------------------------------------------


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


def test_unexpected_exception_is_a_clean_503(settings: Settings) -> None:
    engine = FakeEngine(crash=RuntimeError("boom: secret detail"))
    with TestClient(create_app(settings, engine)) as client:
        response = client.post("/ask", json={"question": QUESTION})
    assert response.status_code == 503
    assert response.json() == {
        "error": {"kind": "internal", "message": "internal error"},
        "detail": "internal error",
        "kind": "internal",
    }
    assert "secret" not in response.text
    assert response.headers["x-frame-options"] == "DENY"


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


def test_too_many_questions_at_once_is_503(settings: Settings) -> None:
    gate = threading.Event()
    engine = FakeEngine(gate=gate)
    app = create_app(settings, engine, max_concurrent_asks=1)
    with TestClient(app) as client:
        first: list[int] = []
        worker = threading.Thread(
            target=lambda: first.append(
                client.post("/ask", json={"question": QUESTION}).status_code
            )
        )
        worker.start()
        try:
            assert engine.entered.wait(5)
            second = client.post("/ask", json={"question": QUESTION})
        finally:
            gate.set()
            worker.join(10)
        third = client.post("/ask", json={"question": QUESTION})
    assert second.status_code == 503
    assert second.headers["retry-after"] == "1"
    assert second.json()["kind"] == "overloaded"
    assert first == [200]
    assert third.status_code == 200


# --- never a 500 ------------------------------------------------------------------------------


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


# --- security headers -------------------------------------------------------------------------


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
    for name, value in SECURITY_HEADERS:
        assert response.headers[name] == value


def test_security_headers_on_413_and_503(settings: Settings) -> None:
    with TestClient(create_app(settings, FakeEngine(error=IndexMissing("none")))) as client:
        responses = [
            post_raw(client, json.dumps({"question": "a" * 9000})),
            client.post("/ask", json={"question": QUESTION}),
        ]
    assert [r.status_code for r in responses] == [413, 503]
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


# --- HTML pages -------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def check_no_inline_code(html: str) -> None:
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    assert "style=" not in html
    assert "<style" not in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "//cdn" not in html


def test_chat_page(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="fr">' in html
    assert '<script src="/static/app.js" defer></script>' in html
    assert 'aria-live="polite"' in html
    assert '<label for="question"' in html
    assert 'maxlength="200"' in html
    assert "extraits tirés automatiquement" in html
    check_no_inline_code(html)


def test_static_assets_are_served(client: TestClient) -> None:
    js = client.get("/static/app.js")
    assert js.status_code == 200
    assert "javascript" in js.headers["content-type"]
    assert "innerHTML" not in js.text  # data is always put in the page as text
    assert client.get("/static/app.css").status_code == 200


def test_page_view_highlights_the_passage(client: TestClient) -> None:
    response = client.get("/pages/14", params={"hl": ANSWER_TEXT})
    assert response.status_code == 200
    html = response.text
    assert f'<mark id="hl">{ANSWER_TEXT}</mark>' in html
    assert html.count("<mark") == 1
    before = TELECONSULTATION.split(ANSWER_TEXT)[0]
    assert before.replace("'", "&#39;") + f'<mark id="hl">{ANSWER_TEXT}</mark>' in html
    # report text is escaped, never markup
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in html
    assert MARKUP not in html
    # footnotes with links; navigation
    note_url = NOTES[22].urls[0]
    assert f'href="{note_url}" target="_blank" rel="noopener noreferrer"' in html
    assert '<li value="22">' in html
    assert f'href="/pages/13?document={DOC}"' in html
    assert f'href="/pages/15?document={DOC}"' in html
    check_no_inline_code(html)


def test_page_view_highlights_a_passage_across_white_space(client: TestClient) -> None:
    quote = "Le nombre   de consultations\nest ainsi passé"
    html = client.get("/pages/14", params={"hl": quote}).text
    assert '<mark id="hl">Le nombre de consultations est ainsi passé</mark>' in html


def test_page_view_without_highlight_and_unsafe_urls(client: TestClient) -> None:
    html = client.get("/pages/15").text
    assert "<mark" not in html
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown as text only
    assert 'rel="next"' in html


def test_page_view_other_document(client: TestClient) -> None:
    response = client.get("/pages/1", params={"document": OTHER_DOC})
    assert response.status_code == 200
    assert "Page i" in response.text
    assert 'rel="prev"' not in response.text
    assert 'rel="next"' not in response.text


@pytest.mark.parametrize(
    "url",
    ["/pages/999", "/pages/0", "/pages/abc", "/pages/14?document=nope.txt", "/pages/", "/pages/²"],
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


def test_docs_work_offline(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.text
    check_no_inline_code(html)
    assert "/ask" in html and "/health" in html and "/openapi.json" in html
    assert "téléconsultation" in html  # the French example


def test_openapi_declares_errors_and_a_french_example(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for method in ("get", "post"):
        responses = schema["paths"]["/ask"][method]["responses"]
        assert {"200", "413", "422", "429", "503"} <= set(responses)
    body = schema["paths"]["/ask"]["post"]["requestBody"]["content"]["application/json"]
    examples = [e["value"]["question"] for e in body["examples"].values()]
    assert any("téléconsultation" in q for q in examples)


# --- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  a  ", "a"),
        ("a\tb\nc\r\nd", "a b c d"),
        ("a\u00a0\u2028b", "a b"),
        ("Qu'est-ce que l'IA ?", "Qu'est-ce que l'IA ?"),
    ],
)
def test_clean_question_normalises(raw: str, clean: str) -> None:
    assert clean_question(raw) == clean


@pytest.mark.parametrize(
    "raw", ["", "  \n ", "a\x00", "a\x1f", "a\x7f", "a\x9f", "a\ud800", "\udfff"]
)
def test_clean_question_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        clean_question(raw)


def test_highlight_whole_quote_and_across_paragraphs() -> None:
    paragraphs = ["Premier paragraphe. Fin du premier.", "Second paragraphe ici."]
    out = highlight(paragraphs, "Fin du premier. Second paragraphe")
    assert [(s.text, s.marked) for s in out[0]] == [
        ("Premier paragraphe. ", False),
        ("Fin du premier.", True),
    ]
    assert [(s.text, s.marked) for s in out[1]] == [("Second paragraphe", True), (" ici.", False)]


def test_highlight_falls_back_to_sentences() -> None:
    # the quote's first sentence stands on the previous page
    paragraphs = ["La suite du passage est sur cette page. Autre chose."]
    out = highlight(
        paragraphs, "Une phrase de la page précédente. La suite du passage est sur cette page."
    )
    assert [(s.text, s.marked) for s in out[0]] == [
        ("La suite du passage est sur cette page.", True),
        (" Autre chose.", False),
    ]


def test_highlight_nothing() -> None:
    assert highlight(["abc"], None)[0][0].marked is False
    assert highlight(["abc"], "introuvable ici")[0][0].marked is False


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.snds.gouv.fr/", True),
        ("http://example.org/a b", False),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("htps://gnius.esante.gouv.fr/", False),
    ],
)
def test_safe_url(url: str, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_default_web_dir_is_the_repositories() -> None:
    web = default_web_dir()
    assert (web / "templates" / "index.html").is_file()
    assert (web / "static" / "app.js").is_file()
