"""``POST /feedback``: a reader's vote (and comment) on an answer, by the answer's ``id``."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from santeqa.api.schemas import RATE_LIMITED, ErrorOut, FeedbackBody, FeedbackOut, ValidationOut
from santeqa.api.state import api_state

OPTIONS: dict[str, Any] = {
    "status_code": 201,
    "response_model": FeedbackOut,
    "responses": {
        404: {"model": ErrorOut, "description": "No answer with this id is kept."},
        413: {"model": ErrorOut, "description": "The body is larger than `max_body_bytes`."},
        422: {"model": ValidationOut, "description": "Invalid vote, id or comment."},
        429: RATE_LIMITED,
        503: {"model": ErrorOut, "description": "The database cannot be written."},
    },
    "summary": "Vote on an answer",
    "description": (
        "`vote` is `up` or `down`, `comment` optional. A second vote on the same answer "
        "replaces the first. The vote keeps the question and the answer it is about."
    ),
}


async def feedback(request: Request, body: FeedbackBody) -> JSONResponse:
    store = api_state(request).store
    await run_in_threadpool(store.add_feedback, body.id, body.vote, body.comment)
    out = FeedbackOut(id=body.id, vote=body.vote, comment=body.comment)
    return JSONResponse(out.model_dump(), status_code=201)
