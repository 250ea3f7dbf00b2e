"""``POST /admin/reindex`` and ``GET /admin/reindex/{task_id}``, behind a bearer token (mounted
only when ``settings.admin_token`` is set). The token is compared in constant time on the
bytes sent; a wrong or missing one is a 401."""

from __future__ import annotations

import hmac
import logging
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from santeqa.api.errors import error_body
from santeqa.api.schemas import RATE_LIMITED, ErrorOut, RebuildOut, RebuildStarted
from santeqa.api.service import RebuildStatus
from santeqa.api.state import api_state
from santeqa.errors import NotFound

log = logging.getLogger(__name__)

# Declares the bearer scheme in the OpenAPI schema; the check itself is ``_refusal`` below
# (constant-time, on the bytes sent), so this never refuses anything by itself.
_BEARER_SCHEME = HTTPBearer(
    auto_error=False,
    scheme_name="adminToken",
    description="`Authorization: Bearer <SANTEQA_ADMIN_TOKEN>`.",
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER_SCHEME)]

_UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
    429: RATE_LIMITED,
}

REINDEX_OPTIONS: dict[str, Any] = {
    "status_code": 202,
    "response_model": RebuildStarted,
    "responses": {
        **_UNAUTHORIZED,
        409: {"model": ErrorOut, "description": "A rebuild is already running."},
        413: {"model": ErrorOut, "description": "A body larger than `max_body_bytes`."},
    },
    "summary": "Rebuild the index in the background (admin)",
    "description": (
        "Starts an incremental rebuild of the index from the corpus folder and answers at "
        "once with the task to poll. The new generation is published atomically and "
        "picked up by the next question; questions keep being answered meanwhile. "
        "Requires `Authorization: Bearer <token>`."
    ),
}

STATUS_OPTIONS: dict[str, Any] = {
    "response_model": RebuildOut,
    "responses": {**_UNAUTHORIZED, 404: {"model": ErrorOut, "description": "No such task."}},
    "summary": "State of a rebuild task (admin)",
    "description": "`running`, `done` (with the generation and a summary) or `failed`.",
}


def bearer_token(request: Request) -> bytes | None:
    """The token of an ``Authorization: Bearer <token>`` header, as sent (bytes), or None."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    # starlette decodes header values as latin-1: this gives back the bytes on the wire
    return token.strip().encode("latin-1")


def _refusal(request: Request) -> JSONResponse | None:
    """None when the request carries the admin token, else the 401 to answer."""
    given = bearer_token(request)
    if given is not None and hmac.compare_digest(given, api_state(request).admin_token):
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


def _task_out(task: RebuildStatus) -> RebuildOut:
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


async def reindex(request: Request, _bearer: Bearer) -> RebuildStarted | JSONResponse:
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    service = api_state(request).service
    task = await run_in_threadpool(service.start_rebuild)  # BuildInProgress: 409
    url = f"/admin/reindex/{task.id}"
    log.info("rebuild %s started", task.id)
    started = RebuildStarted(task=task.id, state="running", status_url=url)
    return JSONResponse(started.model_dump(), status_code=202, headers={"location": url})


async def reindex_status(
    request: Request, task_id: str, _bearer: Bearer
) -> RebuildOut | JSONResponse:
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    try:
        task = api_state(request).service.rebuild_task(task_id)
    except KeyError as exc:
        # TODO(after the service split is merged): the engine raises NotFound; drop this.
        raise NotFound("No rebuild task with this id.") from exc
    return _task_out(task)
