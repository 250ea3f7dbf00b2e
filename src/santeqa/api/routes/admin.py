"""``POST /admin/reindex`` and ``GET /admin/reindex/{task_id}``, behind the bearer token
(mounted only when ``settings.admin_token`` is set; a wrong or missing token is a 401)."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from santeqa.api.auth import bearer_refusal
from santeqa.api.errors import without_paths
from santeqa.api.schemas import RATE_LIMITED, ErrorOut, RebuildOut, RebuildStarted
from santeqa.api.service import RebuildStatus
from santeqa.api.state import api_state

log = logging.getLogger(__name__)

# Declares the bearer scheme in the OpenAPI schema; the check itself is
# ``auth.bearer_refusal`` (constant-time, on the bytes sent): this never refuses by itself.
_BEARER_SCHEME = HTTPBearer(
    auto_error=False,
    scheme_name="adminToken",
    description="`Authorization: Bearer <SANTEQA_ADMIN_TOKEN>`.",
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER_SCHEME)]

UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
    429: RATE_LIMITED,
}

REINDEX_OPTIONS: dict[str, Any] = {
    "status_code": 202,
    "response_model": RebuildStarted,
    "responses": {
        **UNAUTHORIZED,
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
    "responses": {**UNAUTHORIZED, 404: {"model": ErrorOut, "description": "No such task."}},
    "summary": "State of a rebuild task (admin)",
    "description": "`running`, `done` (with the generation and a summary) or `failed`.",
}


def _task_out(task: RebuildStatus) -> RebuildOut:
    return RebuildOut(
        task=task.id,
        state=task.state,
        started_at=task.started_at,
        finished_at=task.finished_at,
        generation=task.generation,
        summary=None if task.summary is None else without_paths(task.summary),
        error=None if task.error is None else without_paths(task.error),
        status_url=f"/admin/reindex/{task.id}",
    )


async def reindex(request: Request, _bearer: Bearer) -> RebuildStarted | JSONResponse:
    refusal = bearer_refusal(request)
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
    refusal = bearer_refusal(request)
    if refusal is not None:
        return refusal
    # the task is a file with the index (any worker answers): read off the event loop
    task = await run_in_threadpool(api_state(request).service.rebuild_task, task_id)
    return _task_out(task)
