"""Requests and checks shared by the api test modules (imported like fake_engine)."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient

JSON = {"content-type": "application/json"}


QUESTION = "Combien de téléconsultations en 2020 ?"


def post_raw(client: TestClient, body: bytes | str, **headers: str) -> Any:
    return client.post("/ask", content=body, headers={**JSON, **headers})


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


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def check_no_inline_code(html: str) -> None:
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    assert "style=" not in html
    assert "<style" not in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "//cdn" not in html


def ask(client: TestClient) -> Any:
    return client.post("/ask", json={"question": QUESTION})
