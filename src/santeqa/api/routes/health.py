"""``GET /health`` (and ``HEAD`` for probes): the generation served, or why none is."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from santeqa.api.errors import message_of, without_paths
from santeqa.api.schemas import HealthIndex, HealthOk, HealthUnavailable
from santeqa.api.state import api_state
from santeqa.errors import SanteqaError

OPTIONS: dict[str, Any] = {
    "response_model": HealthOk,
    "response_model_exclude_none": True,
    "responses": {503: {"model": HealthUnavailable, "description": "No usable index."}},
    "summary": "Is an index loaded?",
}


async def health(request: Request) -> HealthOk | JSONResponse:
    service = api_state(request).service
    try:
        info = await run_in_threadpool(service.info)
    except SanteqaError as exc:
        return JSONResponse(
            {"status": "unavailable", "reason": message_of(exc), "kind": exc.kind},
            status_code=503,
        )
    return HealthOk(
        status="ok",
        index=HealthIndex(
            generation=info.generation,
            chunks=info.chunks,
            documents=info.documents,
            model=info.model,
            built_at=info.built_at,
            answer_model=info.answer_model or None,
        ),
        fallback_reason=_public(service.fallback_reason()),
        problem=_public(service.index_problem()),
    )


def _public(text: str | None) -> str | None:
    return None if text is None else without_paths(text)
