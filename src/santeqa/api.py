"""The HTTP layer: the JSON ``/ask`` contract, ``/health``, the chat page and the page view.

``create_app(settings, engine)`` builds everything; nothing here reads the environment.
The engine is anything that has the methods of :class:`Engine`.

Choices worth knowing:

* A question is normalised before it is checked: every run of white space (tabs and newlines
  included) becomes one space and the ends are trimmed. Other control characters (Unicode
  category Cc) and lone surrogates are rejected with a 422.
* Every 422 has FastAPI's shape ``{"detail": [{"type", "loc", "msg"}]}``; the rejected input
  is never echoed back (it may not even be encodable).
* A santeqa error answers ``{"error": {"kind", "message"}, "detail": message, "kind": kind}``
  (503 for an unusable index, model or corpus, 409 while a build runs); an unexpected
  exception answers the same shape with kind ``internal`` and status 503, and is logged.
  The engine's ``InvalidQuestion`` is the exception: a 422 in the list shape above, plus
  the ``error`` object.
* ``/pages/{n}?hl=TEXT`` highlights a text of the report (the chat passes the quoted answer
  or the passage text): a passage id could not be resolved with the engine's five methods.
* Bodies over ``settings.max_body_bytes`` are refused with a 413 by a small ASGI middleware
  that checks Content-Length and counts the streamed bytes.
* Load limits, all kept in this process's memory (with ``santeqa serve --workers N`` each
  worker counts for itself, so the effective limits are N times these):

  - at most ``settings.max_concurrent_asks`` questions are answered at once; more get a 503
    (kind ``overloaded``) with ``Retry-After: 1``;
  - each client address has a token bucket for ``/ask`` and ``/admin``
    (``rate_limit_per_minute`` tokens a minute, ``rate_limit_burst`` at most): an empty
    bucket gives a 429 (kind ``rate_limited``) with ``Retry-After`` in whole seconds.
    ``/health``, the pages and static files are not limited. The client is the TCP peer
    address: behind a reverse proxy every client is the proxy (limit there instead, or set
    ``rate_limit_per_minute=0``). The table of buckets is bounded: a bucket idle long
    enough to be full again is forgotten (the same as a new one), and beyond
    ``rate_limit_clients`` the least recently seen are dropped.
* Every response names the process that served it in ``X-Santeqa-Worker`` (its pid).
* The OpenAPI schema declares every status a route can answer (with ``Retry-After`` on 429
  and 503) and the question's rules (``pattern``, ``maxLength``); schemathesis checks the
  app against it (tests/api/test_schemathesis.py). As JSON Schema says, ``top_k: 3.0`` is an
  integer (``3.5``, ``"3"`` and ``true`` are not); a 405 lists every method of the path.
* ``HEAD /`` and ``HEAD /health`` answer like ``GET`` without a body (for probes).
* ``/health`` names the generation served, and adds ``fallback_reason`` when it is not the
  published one (the published one is damaged); 503 with the reason when none is usable.
* ``/admin/reindex`` (POST: start a background rebuild, 202; GET ``/{task}``: its state)
  exists only when ``settings.admin_token`` is set; it wants ``Authorization: Bearer
  <token>``, compared in constant time (401 otherwise), and answers 409 while a build runs.
* ``/docs`` is a plain offline page built from the OpenAPI schema (swagger-ui is not
  shipped with the environment and its default page loads from a CDN).
"""

from __future__ import annotations

import hmac
import json
import logging
import math
import os
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol

import jinja2
from fastapi import Body, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException as StarletteHTTPException

from santeqa.errors import (
    ConfigError,
    IndexProblem,
    InvalidQuestion,
    SanteqaError,
)
from santeqa.records import SECTION_SEPARATOR, AskResult, Footnote, Hit, IndexInfo, PageView
from santeqa.settings import TOP_K_MAX, Settings

log = logging.getLogger(__name__)

# ASGI plumbing types, kept loose on purpose (the ASGI spec is dict-based).
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
)

QUESTION_EXAMPLE = "Combien de pharmacies se sont équipées pour la téléconsultation en 2023 ?"

RETRY_AFTER: dict[str, Any] = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 1},
}


class RebuildStatus(Protocol):
    """What the api reads of a rebuild task (``santeqa.engine.RebuildTask``)."""

    id: str
    state: str  # running, done, failed
    started_at: str
    finished_at: str | None
    generation: str | None
    summary: str | None
    error: str | None


class Engine(Protocol):
    """What the api needs from the question-answering engine."""

    def ask(self, question: str, top_k: int) -> AskResult: ...

    def info(self) -> IndexInfo: ...

    def page(self, document: str, number: int) -> PageView: ...

    def documents(self) -> list[str]: ...

    def warm(self) -> None: ...

    def fallback_reason(self) -> str | None:
        """Why the generation served is not the published one (None when it is)."""
        ...

    def start_rebuild(self) -> RebuildStatus:
        """Start a rebuild in the background; raises ``BuildInProgress`` while one runs."""
        ...

    def rebuild_task(self, task_id: str) -> RebuildStatus:
        """A rebuild task by id; raises ``KeyError`` when there is none."""
        ...


# --- request models -----------------------------------------------------------------------


def clean_question(value: str) -> str:
    """Trim and collapse white space; reject control characters and lone surrogates."""
    for ch in value:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            raise PydanticCustomError(
                "question_surrogate", "The question contains a lone surrogate (invalid Unicode)"
            )
        if ch not in "\t\n\r" and unicodedata.category(ch) == "Cc":
            raise PydanticCustomError(
                "question_control_character",
                "The question contains a control character (U+{code})",
                {"code": f"{code:04X}"},
            )
    text = " ".join(value.split())
    if not text:
        raise PydanticCustomError("question_empty", "The question is empty")
    return text


# What a question may hold, for the OpenAPI schema only (the check is ``clean_question``, whose
# errors are more precise): no control character but tab, newline and carriage return, and
# at least one character that is not white space. ``maxLength`` (``max_question_chars``) is
# added by ``create_app``: a longer question is accepted if it is short enough once its white
# space is collapsed.
_NOT_CONTROL = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
QUESTION_PATTERN = rf"^{_NOT_CONTROL}*[^\s\x00-\x1f\x7f-\x9f]{_NOT_CONTROL}*$"
_QUESTION_SCHEMA: dict[str, Any] = {"minLength": 1, "pattern": QUESTION_PATTERN}


class AskBody(BaseModel):
    """``POST /ask``: strict types, no unknown field."""

    model_config = ConfigDict(extra="forbid", strict=True)

    question: str = Field(
        description=(
            "The question, in French. White space runs (newlines included) become one space; "
            "after trimming it must have 1 to `max_question_chars` (default 1000) characters, "
            "with no control character."
        ),
        examples=[QUESTION_EXAMPLE],
        json_schema_extra=_QUESTION_SCHEMA,
    )
    top_k: int | None = Field(
        None,
        ge=1,
        le=TOP_K_MAX,
        description=f"How many passages to return, 1 to {TOP_K_MAX} (default: the server's, 5).",
    )

    @field_validator("question")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_question(value)

    @field_validator("top_k", mode="before")
    @classmethod
    def _integral(cls, value: Any) -> Any:
        # JSON has one number type and JSON Schema counts 3.0 as an integer: accept it
        # (3.5, "3" and true are still refused by the strict check).
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


class AskQuery(BaseModel):
    """``GET /ask?q=...&top_k=...``: the same, from the query string."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field(
        description="The question (same rules as `question`).",
        examples=[QUESTION_EXAMPLE],
        json_schema_extra=_QUESTION_SCHEMA,
    )
    top_k: int | None = Field(
        None, ge=1, le=TOP_K_MAX, description=f"1 to {TOP_K_MAX} (default 5)."
    )

    @field_validator("q")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_question(value)


# --- response models (they document the contract in the OpenAPI schema) ----------------------


class FootnoteOut(BaseModel):
    number: int
    text: str
    urls: list[str]


class AnswerOut(BaseModel):
    text: str = Field(description="The verbatim extract: `passage.text[start:end]`.")
    passage_id: str
    document: str
    start: int = Field(description="Offset in the passage text, in Unicode code points.")
    end: int
    page: int
    section: str
    footnotes: list[FootnoteOut]
    score: float


class Scores(BaseModel):
    dense: float | None
    lexical: float | None


class PassageOut(BaseModel):
    id: str
    document: str
    page: int
    pages: list[int]
    section: str
    text: str
    score: float
    scores: Scores
    footnotes: list[FootnoteOut]


class IndexRef(BaseModel):
    generation: str
    model: str


class AskResponse(BaseModel):
    question: str
    answer: AnswerOut | None
    abstained: bool
    message: str
    passages: list[PassageOut]
    index: IndexRef
    took_ms: float


class HealthIndex(BaseModel):
    generation: str
    chunks: int
    documents: int
    model: str
    built_at: str


class HealthOk(BaseModel):
    status: Literal["ok"]
    index: HealthIndex
    fallback_reason: str | None = Field(
        None,
        description=(
            "Present only when the generation served is not the published one because the "
            "published one is damaged or unusable: why."
        ),
    )


class HealthUnavailable(BaseModel):
    status: Literal["unavailable"]
    reason: str
    kind: str


class ErrorInfo(BaseModel):
    kind: str
    message: str


class ErrorOut(BaseModel):
    """The one shape of santeqa errors (and of the last-resort internal error)."""

    error: ErrorInfo
    detail: str
    kind: str


RATE_LIMITED: dict[str, Any] = {
    "model": ErrorOut,
    "description": (
        "Too many requests from this client address (kind `rate_limited`); retry after "
        "`Retry-After` seconds."
    ),
    "headers": {"Retry-After": RETRY_AFTER},
}


class RebuildStarted(BaseModel):
    task: str
    state: Literal["running"]
    status_url: str


class RebuildOut(BaseModel):
    task: str
    state: Literal["running", "done", "failed"]
    started_at: str
    finished_at: str | None
    generation: str | None = Field(description="The generation published by the rebuild.")
    summary: str | None = Field(description="Documents added/changed/removed, texts embedded.")
    error: str | None
    status_url: str


class ValidationIssue(BaseModel):
    type: str
    loc: list[str | int]
    msg: str


class ValidationOut(BaseModel):
    detail: list[ValidationIssue]


def _footnote(note: Footnote) -> FootnoteOut:
    return FootnoteOut(number=note.number, text=note.text, urls=list(note.urls))


def _passage(hit: Hit) -> PassageOut:
    chunk = hit.chunk
    return PassageOut(
        id=chunk.id,
        document=chunk.document,
        page=chunk.page,
        pages=list(chunk.pages),
        section=chunk.section_title,
        text=chunk.text,
        score=hit.score,
        scores=Scores(dense=hit.dense, lexical=hit.lexical),
        footnotes=[_footnote(n) for n in hit.footnotes],
    )


def ask_response(result: AskResult) -> AskResponse:
    """The JSON view of an engine result."""
    answer = None
    if result.answer is not None:
        a = result.answer
        answer = AnswerOut(
            text=a.text,
            passage_id=a.passage_id,
            document=a.document,
            start=a.start,
            end=a.end,
            page=a.page,
            section=a.section_title,
            footnotes=[_footnote(n) for n in a.footnotes],
            score=a.score,
        )
    return AskResponse(
        question=result.question,
        answer=answer,
        abstained=result.abstained,
        message=result.message,
        passages=[_passage(h) for h in result.hits],
        index=IndexRef(generation=result.index.generation, model=result.index.model),
        took_ms=result.took_ms,
    )


# --- error helpers -----------------------------------------------------------------------------


def _printable(value: str) -> str:
    """A string that survives UTF-8 encoding (lone surrogates become '?')."""
    return value.encode("utf-8", "replace").decode("utf-8")


def _issues(errors: Any) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = []
    for error in errors:
        loc = [p if isinstance(p, int) else _printable(str(p)) for p in error.get("loc", ())]
        issues.append(
            {
                "type": _printable(str(error.get("type", "value_error"))),
                "loc": loc,
                "msg": _printable(str(error.get("msg", "Invalid input"))),
            }
        )
    return issues


def _status_of(exc: SanteqaError) -> int:
    return exc.status


_DEFAULT_MESSAGES = {
    "index_missing": "No index has been built yet: run `santeqa index`.",
    "index_mismatch": "The index was built with other settings: rebuild it.",
    "index_corrupt": "The index is damaged: rebuild it.",
    "busy": "An index build is in progress: try again later.",
}


def _message_of(exc: SanteqaError) -> str:
    text = str(exc).strip()
    return _printable(text or _DEFAULT_MESSAGES.get(exc.kind, exc.kind.replace("_", " ")))


def error_body(kind: str, message: str) -> dict[str, Any]:
    return {"error": {"kind": kind, "message": message}, "detail": message, "kind": kind}


def _json_bytes(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")


# --- pure ASGI middlewares ---------------------------------------------------------------------


async def _send_json(
    send: Send,
    status: int,
    body: dict[str, Any],
    headers: tuple[tuple[bytes, bytes], ...] = (),
) -> None:
    payload = _json_bytes(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


WORKER_HEADER = "x-santeqa-worker"


class SecurityHeaders:
    """Adds the security headers to every HTTP response (errors and static files too), and
    ``X-Santeqa-Worker``: the pid of the process that answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {bytes(name).lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS:
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                headers.append((WORKER_HEADER.encode(), str(os.getpid()).encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses bodies over ``max_bytes`` with a 413: by Content-Length, then by counting."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> dict[str, Any]:
        return error_body(
            "body_too_large", f"The request body is larger than {self.max_bytes} bytes."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if bytes(name).lower() == b"content-length":
                declared = bytes(value).strip()
                if declared.isdigit() and int(declared) > self.max_bytes:
                    await _send_json(send, 413, self._too_large())
                    return
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # the app's answer to a cut body is replaced by the 413 below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _send_json(send, 413, self._too_large())


class RateLimiter:
    """Token buckets per client, in this process's memory.

    A bucket holds at most ``burst`` tokens and gains ``per_minute / 60`` a second; each
    request takes one. The table is bounded: buckets are kept in order of last use, one idle
    long enough to be full again is dropped (a new bucket would be the same), and beyond
    ``max_clients`` the least recently used go first.
    """

    def __init__(
        self,
        per_minute: int,
        burst: int,
        *,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute <= 0 or burst <= 0 or max_clients <= 0:
            raise ValueError("per_minute, burst and max_clients must be positive")
        self.rate = per_minute / 60.0  # tokens per second
        self.burst = float(burst)
        self.max_clients = max_clients
        self.clock = clock
        self._refill_s = self.burst / self.rate  # an idle bucket is full again after this
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, at

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> float:
        """Take a token for ``client``: 0.0 when it had one, else the seconds until it has."""
        now = self.clock()
        self._forget_idle(now)
        tokens, at = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + max(0.0, now - at) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait

    def _forget_idle(self, now: float) -> None:
        while self._buckets:
            client, (_tokens, at) = next(iter(self._buckets.items()))
            if now - at < self._refill_s:
                return
            del self._buckets[client]


def _rate_limited_path(path: str) -> bool:
    return (
        path == "/ask" or path.startswith("/ask/") or path == "/admin" or path.startswith("/admin/")
    )


class RateLimit:
    """429 with ``Retry-After`` when a client address has no token left (``/ask``, ``/admin``)."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter | None) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.limiter is None
            or scope["type"] != "http"
            or not _rate_limited_path(str(scope.get("path", "")))
        ):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = str(client[0]) if client else "unknown"
        wait = self.limiter.take(address)
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        await _send_json(
            send,
            429,
            error_body("rate_limited", f"Too many requests from this address: retry in {retry} s."),
            ((b"retry-after", str(retry).encode()),),
        )


class ErrorGuard:
    """Last resort: any exception that escaped becomes a logged JSON 503, never a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception:
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _send_json(send, 503, error_body("internal", "internal error"))


# --- page-view highlighting -------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+")
_MIN_PIECE = 15


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


@dataclass(frozen=True)
class Block:
    """A paragraph of the page view: the section heading when it changes, then its text."""

    heading: str
    segments: list[Segment]


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` with white-space runs as one space, and each kept char's offset in ``text``."""
    chars: list[str] = []
    where: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and chars:
                chars.append(" ")
                where.append(i)
            in_space = True
        else:
            chars.append(ch)
            where.append(i)
            in_space = False
    return "".join(chars), where


def _find_spans(page_text: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` stands in ``page_text`` (white space ignored), as [start, end) spans.

    The whole quote first; failing that (a passage that runs over two pages), each of its
    sentences that is found.
    """
    norm, where = _normalised(page_text)
    wanted = " ".join(quote.split())
    if not wanted or not norm:
        return []
    pieces = [wanted] if wanted in norm else _SENTENCE_END.split(wanted)
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        piece = piece.strip()
        if len(piece) < min(_MIN_PIECE, len(wanted)):
            continue
        at = norm.find(piece)
        if at < 0:
            continue
        spans.append((where[at], where[at + len(piece) - 1] + 1))
    return sorted(spans)


def highlight(paragraphs: list[str], quote: str | None) -> list[list[Segment]]:
    """Each paragraph cut into plain and marked segments where ``quote`` stands."""
    if not quote:
        return [[Segment(p, False)] for p in paragraphs]
    joined = "\n".join(paragraphs)
    spans = _find_spans(joined, quote)
    out: list[list[Segment]] = []
    offset = 0
    for text in paragraphs:
        segments: list[Segment] = []
        cursor = 0
        for start, end in spans:
            s, e = max(start - offset, cursor), min(end - offset, len(text))
            if s >= e:
                continue
            if s > cursor:
                segments.append(Segment(text[cursor:s], False))
            segments.append(Segment(text[s:e], True))
            cursor = e
        if cursor < len(text):
            segments.append(Segment(text[cursor:], False))
        out.append(segments)
        offset += len(text) + 1
    return out


def safe_url(url: str) -> str | None:
    """``url`` when it is an http(s) link, else None (never a javascript: or data: link)."""
    url = url.strip()
    return url if re.match(r"https?://[^\s]+$", url, re.IGNORECASE) else None


# --- the app -----------------------------------------------------------------------------------


def default_web_dir() -> Path:
    """The repository's ``web/`` folder: next to ``src/`` when installed in place (``-e``),
    else ``./web`` in the current directory."""
    beside_src = Path(__file__).resolve().parents[2] / "web"
    for candidate in (beside_src, Path.cwd() / "web"):
        if (candidate / "templates").is_dir() and (candidate / "static").is_dir():
            return candidate
    raise ConfigError(
        f"web folder not found (looked in {beside_src} and {Path.cwd() / 'web'}): "
        "run from the repository or pass web_dir"
    )


def _declare_question_length(app: FastAPI, max_chars: int) -> None:
    """Add ``maxLength: max_chars`` to the question's schema (body and query string)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        question = schema["components"]["schemas"]["AskBody"]["properties"]["question"]
        question["maxLength"] = max_chars
        for parameter in schema["paths"]["/ask"]["get"].get("parameters", []):
            if parameter.get("name") == "q":
                parameter["schema"]["maxLength"] = max_chars
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method a route of ``app`` accepts on ``path``."""
    methods: set[str] = set()
    for route in app.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(path):
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


def _top_k(value: int | None, default: int) -> int:
    return default if value is None else value


def create_app(
    settings: Settings,
    engine: Engine,
    *,
    web_dir: Path | None = None,
    max_concurrent_asks: int | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """The whole web application around ``engine``.

    ``max_concurrent_asks`` overrides the setting of that name; ``clock`` (seconds) drives
    the rate limiter (tests pass a fake one).
    """
    web = web_dir if web_dir is not None else default_web_dir()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(web / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["safe_url"] = safe_url
    templates = Jinja2Templates(env=env)
    max_chars: int = settings.max_question_chars
    default_top_k: int = min(max(settings.top_k, 1), TOP_K_MAX)
    concurrent_limit: int = (
        settings.max_concurrent_asks if max_concurrent_asks is None else max_concurrent_asks
    )
    in_flight = 0
    limiter = (
        RateLimiter(
            settings.rate_limit_per_minute,
            settings.rate_limit_burst,
            max_clients=settings.rate_limit_clients,
            clock=clock,
        )
        if settings.rate_limit_per_minute > 0
        else None
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            await run_in_threadpool(engine.warm)
        except SanteqaError as exc:
            log.warning("engine not ready (%s): %s", exc.kind, exc)
        except Exception:
            log.exception("engine warm-up failed")
        yield

    app = FastAPI(
        title="santeqa",
        summary="Questions et réponses extractives sur un rapport sur la santé numérique.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(directory=web / "static"), name="static")
    _declare_question_length(app, max_chars)
    # Added innermost first: SecurityHeaders wraps ErrorGuard wraps RateLimit wraps BodyLimit.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimit, limiter=limiter)
    app.add_middleware(ErrorGuard)
    app.add_middleware(SecurityHeaders)

    # --- error handlers ---

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _issues(exc.errors())}, status_code=422)

    @app.exception_handler(SanteqaError)
    async def on_santeqa(request: Request, exc: SanteqaError) -> JSONResponse:
        status = _status_of(exc)
        message = _message_of(exc)
        if status >= 500 or isinstance(exc, IndexProblem):
            log.warning("%s %s: %s (%s)", request.method, request.url.path, message, exc.kind)
        if isinstance(exc, InvalidQuestion):
            where = ["body", "question"] if request.method == "POST" else ["query", "q"]
            body: dict[str, Any] = {
                "detail": [{"type": "invalid_question", "loc": where, "msg": message}],
                "error": {"kind": exc.kind, "message": message},
            }
            return JSONResponse(body, status_code=422)
        return JSONResponse(error_body(exc.kind, message), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:
            # FastAPI's answer to a body it could not parse (e.g. JSON nested too deep).
            issue = {"type": "json_invalid", "loc": ["body"], "msg": "The body is not valid JSON"}
            return JSONResponse({"detail": [issue]}, status_code=422)
        if exc.status_code == 404 and _wants_html(request):
            return _html_error(request, 404, "Page introuvable", "Cette adresse n'existe pas.")
        headers = {k.lower(): v for k, v in (getattr(exc, "headers", None) or {}).items()}
        if exc.status_code == 405:
            # Starlette names only the first route matching the path (GET and POST /ask are
            # two routes): list every method the path has.
            headers["allow"] = ", ".join(_allowed_methods(app, request.url.path))
        return JSONResponse(
            {"detail": _printable(str(exc.detail))},
            status_code=exc.status_code,
            headers=headers or None,
        )

    def _wants_html(request: Request) -> bool:
        return request.url.path.startswith("/pages") or "text/html" in request.headers.get(
            "accept", ""
        )

    def _html_error(request: Request, status: int, title: str, message: str) -> HTMLResponse:
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "title": title, "message": message},
            status_code=status,
        )

    # --- /ask ---

    async def answer(question: str, top_k: int, loc: list[str]) -> AskResponse | JSONResponse:
        nonlocal in_flight
        if len(question) > max_chars:
            raise RequestValidationError(
                [
                    {
                        "type": "string_too_long",
                        "loc": tuple(loc),
                        "msg": f"The question has more than {max_chars} characters",
                    }
                ]
            )
        if in_flight >= concurrent_limit:
            return JSONResponse(
                error_body("overloaded", "Too many questions at once: try again in a moment."),
                status_code=503,
                headers={"retry-after": "1"},
            )
        in_flight += 1
        try:
            result = await run_in_threadpool(engine.ask, question, top_k=top_k)
        finally:
            in_flight -= 1
        return ask_response(result)

    ask_responses: dict[int | str, dict[str, Any]] = {
        413: {"model": ErrorOut, "description": "The body is larger than `max_body_bytes`."},
        422: {"model": ValidationOut, "description": "The question or `top_k` is not valid."},
        429: RATE_LIMITED,
        503: {
            "model": ErrorOut,
            "description": (
                "Too many questions being answered at once (kind `overloaded`, with "
                "`Retry-After`), no usable index, or an internal error."
            ),
            "headers": {"Retry-After": RETRY_AFTER},
        },
    }

    @app.post(
        "/ask",
        response_model=AskResponse,
        responses=ask_responses,
        summary="Ask a question about the report",
        description=(
            "Returns the best verbatim extract of the report (or abstains when the report "
            "does not answer) with the passages it was drawn from and their footnotes."
        ),
    )
    async def ask_post(
        body: Annotated[
            AskBody,
            Body(
                openapi_examples={
                    "french": {
                        "summary": "Une question en français",
                        "value": {"question": QUESTION_EXAMPLE, "top_k": 5},
                    },
                    "short": {
                        "summary": "Sans top_k",
                        "value": {"question": "Qu'est-ce que le Health Data Hub ?"},
                    },
                }
            ),
        ],
    ) -> AskResponse | JSONResponse:
        return await answer(body.question, _top_k(body.top_k, default_top_k), ["body", "question"])

    @app.get(
        "/ask",
        response_model=AskResponse,
        responses=ask_responses,
        summary="Ask a question about the report (query string)",
        description="The same as `POST /ask`, with `q` and `top_k` in the query string.",
    )
    async def ask_get(query: Annotated[AskQuery, Query()]) -> AskResponse | JSONResponse:
        return await answer(query.q, _top_k(query.top_k, default_top_k), ["query", "q"])

    # --- /health ---

    @app.head("/health", include_in_schema=False, response_model=None)
    @app.get(
        "/health",
        response_model=HealthOk,
        response_model_exclude_none=True,
        responses={503: {"model": HealthUnavailable, "description": "No usable index."}},
        summary="Is an index loaded?",
    )
    async def health() -> HealthOk | JSONResponse:
        try:
            info = await run_in_threadpool(engine.info)
        except SanteqaError as exc:
            reason = _message_of(exc)
            return JSONResponse(
                {"status": "unavailable", "reason": reason, "kind": exc.kind}, status_code=503
            )
        return HealthOk(
            status="ok",
            index=HealthIndex(
                generation=info.generation,
                chunks=info.chunks,
                documents=info.documents,
                model=info.model,
                built_at=info.built_at,
            ),
            fallback_reason=engine.fallback_reason(),
        )

    # --- /admin (only when a token is set) ---

    token = settings.admin_token.get_secret_value() if settings.admin_token is not None else ""
    if token:
        _add_admin_routes(app, engine, token.encode("utf-8"))

    # --- HTML: chat page, page view, docs ---

    @app.api_route(
        "/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
    )
    async def chat(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(
            request, "index.html", {"max_chars": max_chars, "top_k": default_top_k}
        )

    @app.get(
        "/pages/{n}",
        response_class=HTMLResponse,
        summary="A page of the report",
        description=(
            "The whole page `n` (1-based) of `document` (default: the first document), its "
            "footnotes and links to the previous and next pages. `hl` is a text of the report "
            "to highlight (the chat passes the quoted answer or the passage); white space is "
            "ignored when it is looked for, and a passage that runs over two pages is marked "
            "sentence by sentence."
        ),
        responses={
            404: {"description": "No such document or page (an HTML page)."},
            503: {"description": "No usable index (an HTML page)."},
        },
    )
    async def page_view(
        request: Request,
        n: str,
        document: str | None = None,
        hl: Annotated[
            str | None,
            Query(description="Text to highlight on the page (an answer or a passage)."),
        ] = None,
    ) -> HTMLResponse:
        if not (n.isascii() and n.isdigit()) or not 0 < int(n) < 1_000_000:
            return _html_error(request, 404, "Page introuvable", "Ce numéro de page n'existe pas.")
        try:
            if document is None:
                names = await run_in_threadpool(engine.documents)
                if not names:
                    return _html_error(request, 404, "Page introuvable", "Aucun document.")
                document = names[0]
            view = await run_in_threadpool(engine.page, document, int(n))
        except KeyError:
            return _html_error(
                request, 404, "Page introuvable", "Cette page n'existe pas dans le rapport."
            )
        except SanteqaError as exc:
            log.warning("page view unavailable (%s): %s", exc.kind, exc)
            return _html_error(
                request,
                503,
                "Rapport indisponible",
                "L'index du rapport n'est pas disponible pour le moment. Réessayez plus tard.",
            )
        texts = [p.text for p in view.paragraphs]
        blocks: list[Block] = []
        previous_section: tuple[str, ...] = ()
        for paragraph, segments in zip(view.paragraphs, highlight(texts, hl), strict=True):
            heading = paragraph.section if paragraph.section != previous_section else ()
            previous_section = paragraph.section
            blocks.append(Block(SECTION_SEPARATOR.join(heading), segments))
        marked = any(s.marked for b in blocks for s in b.segments)
        return templates.TemplateResponse(
            request,
            "page.html",
            {"view": view, "blocks": blocks, "marked": marked, "hl": hl},
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "docs.html", {"routes": _routes(app.openapi())})

    return app


# Declares the bearer scheme in the OpenAPI schema; the check itself is ``denied`` below
# (constant-time, on the bytes sent), so this never refuses anything by itself.
_BEARER_SCHEME = HTTPBearer(
    auto_error=False,
    scheme_name="adminToken",
    description="`Authorization: Bearer <SANTEQA_ADMIN_TOKEN>`.",
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER_SCHEME)]


def _bearer_token(request: Request) -> bytes | None:
    """The token of an ``Authorization: Bearer <token>`` header, as sent (bytes), or None."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    # starlette decodes header values as latin-1: this gives back the bytes on the wire
    return token.strip().encode("latin-1")


def _add_admin_routes(app: FastAPI, engine: Engine, token: bytes) -> None:
    """``POST /admin/reindex`` and ``GET /admin/reindex/{task}``, behind a bearer token."""

    def denied(request: Request) -> JSONResponse | None:
        given = _bearer_token(request)
        if given is not None and hmac.compare_digest(given, token):
            return None
        client = request.client.host if request.client else "?"
        log.warning("admin request refused (%s token) from %s", "bad" if given else "no", client)
        message = (
            "Missing bearer token." if given is None else "Invalid bearer token."
        ) + " Send `Authorization: Bearer <SANTEQA_ADMIN_TOKEN>`."
        return JSONResponse(
            error_body("unauthorized", message),
            status_code=401,
            headers={"www-authenticate": "Bearer"},
        )

    def task_out(task: RebuildStatus) -> RebuildOut:
        return RebuildOut(
            task=task.id,
            state=task.state,  # type: ignore[arg-type]  # checked by pydantic
            started_at=task.started_at,
            finished_at=task.finished_at,
            generation=task.generation,
            summary=task.summary,
            error=task.error,
            status_url=f"/admin/reindex/{task.id}",
        )

    unauthorized: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
        429: RATE_LIMITED,
    }

    @app.post(
        "/admin/reindex",
        status_code=202,
        response_model=RebuildStarted,
        responses={
            **unauthorized,
            409: {"model": ErrorOut, "description": "A rebuild is already running."},
            413: {"model": ErrorOut, "description": "A body larger than `max_body_bytes`."},
        },
        summary="Rebuild the index in the background (admin)",
        description=(
            "Starts an incremental rebuild of the index from the corpus folder and answers at "
            "once with the task to poll. The new generation is published atomically and "
            "picked up by the next question; questions keep being answered meanwhile. "
            "Requires `Authorization: Bearer <token>`."
        ),
    )
    async def reindex(request: Request, _bearer: Bearer) -> RebuildStarted | JSONResponse:
        refusal = denied(request)
        if refusal is not None:
            return refusal
        task = await run_in_threadpool(engine.start_rebuild)  # BuildInProgress: 409
        url = f"/admin/reindex/{task.id}"
        log.info("rebuild %s started", task.id)
        started = RebuildStarted(task=task.id, state="running", status_url=url)
        return JSONResponse(started.model_dump(), status_code=202, headers={"location": url})

    @app.get(
        "/admin/reindex/{task_id}",
        response_model=RebuildOut,
        responses={**unauthorized, 404: {"model": ErrorOut, "description": "No such task."}},
        summary="State of a rebuild task (admin)",
        description="`running`, `done` (with the generation and a summary) or `failed`.",
    )
    async def reindex_status(
        request: Request, task_id: str, _bearer: Bearer
    ) -> RebuildOut | JSONResponse:
        refusal = denied(request)
        if refusal is not None:
            return refusal
        try:
            task = engine.rebuild_task(task_id)
        except KeyError:
            return JSONResponse(
                error_body("not_found", "No rebuild task with this id."), status_code=404
            )
        return task_out(task)


def _routes(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of an OpenAPI schema, flattened for the offline docs page."""
    routes: list[dict[str, Any]] = []
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            examples: list[str] = []
            content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            for example in content.get("examples", {}).values():
                examples.append(json.dumps(example.get("value"), ensure_ascii=False, indent=2))
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p.get("name", ""),
                            "where": p.get("in", ""),
                            "required": bool(p.get("required")),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "examples": examples,
                    "responses": sorted(op.get("responses", {}).keys()),
                }
            )
    return routes


def app_from_env() -> FastAPI:
    """The app for ``santeqa serve``, built from the ``SANTEQA_`` environment.

    A factory (``uvicorn santeqa.api:app_from_env --factory``): each worker process calls it
    at start-up, so each has its own engine (model, loaded generation, limits) over the same
    read-only index files; nothing is built at import time.
    """
    from santeqa.engine import Engine

    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    settings = Settings()
    return create_app(settings, Engine.from_settings(settings))
