"""``POST /ask`` and ``GET /ask``: check the question, answer it within the concurrency limit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import Body, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from santeqa.api.errors import error_body
from santeqa.api.schemas import (
    QUESTION_EXAMPLE,
    RATE_LIMITED,
    RETRY_AFTER,
    AskBody,
    AskQuery,
    AskResponse,
    ErrorOut,
    InternalErrorOut,
    ValidationOut,
    ask_response,
    new_answer_id,
)
from santeqa.api.state import ApiState, api_state
from santeqa.records import AskResult
from santeqa.store import QuestionEntry, QuestionStore

_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorOut, "description": "The body is larger than `max_body_bytes`."},
    422: {"model": ValidationOut, "description": "The question or `top_k` is not valid."},
    429: RATE_LIMITED,
    500: {
        "model": InternalErrorOut,
        "description": "An unexpected error (a bug), logged under `request_id`.",
        "headers": {"X-Request-ID": {"schema": {"type": "string"}}},
    },
    503: {
        "model": ErrorOut,
        "description": (
            "Too many questions being answered at once (kind `overloaded`, with "
            "`Retry-After`) or no usable index."
        ),
        "headers": {"Retry-After": RETRY_AFTER},
    },
}

POST_OPTIONS: dict[str, Any] = {
    "response_model": AskResponse,
    "responses": _RESPONSES,
    "summary": "Ask a question about the report",
    "description": (
        "Returns the best verbatim extract of the report (or abstains when the report "
        "does not answer) with the passages it was drawn from and their footnotes."
    ),
}

GET_OPTIONS: dict[str, Any] = {
    "response_model": AskResponse,
    "responses": _RESPONSES,
    "summary": "Ask a question about the report (query string)",
    "description": (
        "The same as `POST /ask`, with `q`, `top_k` and `history` (repeated) in the query string."
    ),
}

_BODY_EXAMPLES = Body(
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
)


async def _answer(
    request: Request,
    question: str,
    top_k: int | None,
    loc: tuple[str, str],
    history: Sequence[str] = (),
) -> Response:
    state = api_state(request)
    # the check after white space is collapsed (the schema's maxLength is for the raw text)
    too_long = [
        {
            "type": "string_too_long",
            "loc": where,
            "msg": f"The question has more than {state.max_question_chars} characters",
        }
        for where, text in [(loc, question)]
        + [((loc[0], "history", i), earlier) for i, earlier in enumerate(history)]
        if len(text) > state.max_question_chars
    ]
    if too_long:
        raise RequestValidationError(too_long)
    with state.asks.slot() as admitted:
        if not admitted:
            return JSONResponse(
                error_body("overloaded", "Too many questions at once: try again in a moment."),
                status_code=503,
                headers={"retry-after": "1"},
            )
        k = state.default_top_k if top_k is None else top_k
        body, entry = await run_in_threadpool(_answered, state, question, k, history)
    return LoggedAfterSending(body, state.store, entry)


def _answered(
    state: ApiState, question: str, top_k: int, history: Sequence[str]
) -> tuple[bytes, QuestionEntry]:
    """Answer and serialise in one hop to a worker thread (each hop costs a lone question
    time); the entry for the question log. The JSON is the response model's own
    (``AskResponse``, the documented schema), written once here rather than validated again
    by FastAPI."""
    result = state.service.ask(question, top_k=top_k, history=history)
    answer_id = new_answer_id()
    body = ask_response(result, answer_id).model_dump_json().encode()
    return body, log_entry(answer_id, result)


def log_entry(answer_id: str, result: AskResult) -> QuestionEntry:
    """What the question log keeps of an answer."""
    return QuestionEntry(
        id=answer_id,
        question=result.question,
        resolved_question=result.resolved_question or result.question,
        abstained=result.abstained,
        confidence=result.confidence,
        passage_ids=tuple(hit.chunk.id for hit in result.hits),
        generation=result.index.generation,
        answer=result.answer.text if result.answer is not None else None,
    )


class LoggedAfterSending(Response):
    """The answer's JSON; its question is handed to the store's background writer once the
    response has been sent (or has failed to be), so that neither the writing nor the
    writer's wake-up is on the reader's way. A database that cannot be written never costs
    the reader the answer (the store logs the failure; a vote will then find no answer)."""

    media_type = "application/json"

    def __init__(self, body: bytes, store: QuestionStore, entry: QuestionEntry) -> None:
        super().__init__(body)
        self.store, self.entry = store, entry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # the event loop must not wait: when the writer's queue is full, a worker does
            if not self.store.record_later(self.entry, wait=False):
                await run_in_threadpool(self.store.record_later, self.entry)


async def ask_post(request: Request, body: Annotated[AskBody, _BODY_EXAMPLES]) -> Response:
    return await _answer(request, body.question, body.top_k, ("body", "question"), body.history)


async def ask_get(request: Request, query: Annotated[AskQuery, Query()]) -> Response:
    return await _answer(request, query.q, query.top_k, ("query", "q"), query.history)


def declare_question_length(app: FastAPI, max_chars: int) -> None:
    """Add ``maxLength: max_chars`` to the question's schema (body and query string)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        question = schema["components"]["schemas"]["AskBody"]["properties"]["question"]
        question["maxLength"] = max_chars
        body = schema["components"]["schemas"]["AskBody"]["properties"]
        body["history"]["items"]["maxLength"] = max_chars
        for parameter in schema["paths"]["/ask"]["get"].get("parameters", []):
            if parameter.get("name") == "q":
                parameter["schema"]["maxLength"] = max_chars
            if parameter.get("name") == "history":
                parameter["schema"]["items"]["maxLength"] = max_chars
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
