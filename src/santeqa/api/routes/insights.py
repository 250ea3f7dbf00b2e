"""What readers ask, for the report's authors (mounted only when an admin token is set).

``GET /admin/insights.json`` and ``.csv`` for scripts (bearer token) or a signed-in browser;
``GET /admin/insights`` the same as a page, with a sign-in form (``POST /admin/login``) that
sets the session cookie, and ``POST /admin/logout``.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from santeqa.api.auth import (
    bearer_refusal,
    clear_session,
    has_session,
    same_origin,
    set_session,
    token_matches,
)
from santeqa.api.errors import error_body
from santeqa.api.routes.admin import UNAUTHORIZED, Bearer
from santeqa.api.schemas import Insights
from santeqa.api.state import api_state

log = logging.getLogger(__name__)

PAGE = "/admin/insights"
NO_STORE = {"cache-control": "no-store"}

JSON_OPTIONS: dict[str, Any] = {
    "response_model": Insights,
    "responses": UNAUTHORIZED,
    "summary": "What readers ask (admin)",
    "description": (
        "Unanswered questions, downvoted answers (with their comments) and frequent "
        "questions, each grouped (case and final punctuation ignored) with its count; totals. "
        "Bearer token, or the session cookie of the sign-in form."
    ),
}
CSV_OPTIONS: dict[str, Any] = {
    "response_class": Response,
    "responses": {
        200: {"content": {"text/csv": {}}, "description": "The insights as CSV."},
        **UNAUTHORIZED,
    },
    "summary": "What readers ask, as CSV (admin)",
}
HIDDEN: dict[str, Any] = {"include_in_schema": False}


async def _insights(request: Request) -> dict[str, Any]:
    store = api_state(request).store
    data: dict[str, Any] = await run_in_threadpool(store.insights)
    return data


def _denied(request: Request) -> JSONResponse | None:
    return None if has_session(request) else bearer_refusal(request)


async def insights_json(request: Request, _bearer: Bearer) -> Insights | JSONResponse:
    refusal = _denied(request)
    if refusal is not None:
        return refusal
    return JSONResponse(
        Insights.model_validate(await _insights(request)).model_dump(), headers=NO_STORE
    )


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def insights_csv_text(data: dict[str, Any]) -> str:
    """The three lists in one table: ``list, question, count, last, answer, comments``."""
    rows: list[list[Any]] = [["list", "question", "count", "last", "answer", "comments"]]
    for item in data["unanswered"]:
        rows.append(["unanswered", item["question"], item["count"], item["last_asked"], "", ""])
    for item in data["downvoted"]:
        comments = " | ".join(item["comments"])
        row = [item["question"], item["count"], item["last_voted"], item["answer"], comments]
        rows.append(["downvoted", *row])
    for item in data["frequent"]:
        rows.append(["frequent", item["question"], item["count"], item["last_asked"], "", ""])
    out = io.StringIO()
    csv.writer(out).writerows([[_cell(c) for c in row] for row in rows])
    return out.getvalue()


async def insights_csv(request: Request, _bearer: Bearer) -> Response:
    refusal = _denied(request)
    if refusal is not None:
        return refusal
    body = insights_csv_text(await _insights(request))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            **NO_STORE,
            "content-disposition": 'attachment; filename="santeqa-insights.csv"',
        },
    )


def _page(request: Request, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, "insights.html", context, status_code=status)
    response.headers.update(NO_STORE)
    return response


async def insights_page(request: Request) -> HTMLResponse:
    if not has_session(request):
        return _page(request, {"signed_in": False, "failed": False})
    return _page(request, {"signed_in": True, "data": await _insights(request)})


def _cross_site() -> JSONResponse:
    return JSONResponse(
        error_body("cross_site", "This form must be sent from this site."), status_code=403
    )


async def login(request: Request) -> Response:
    if not same_origin(request):
        return _cross_site()
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=5)
    given = (form.get("token") or [""])[0].strip().encode("utf-8")
    if not given or not token_matches(request, given):
        client = request.client.host if request.client else "?"
        log.warning("admin sign-in refused from %s", client)
        return _page(request, {"signed_in": False, "failed": True}, status=401)
    response = RedirectResponse(PAGE, status_code=303)
    set_session(request, response)
    return response


async def logout(request: Request) -> Response:
    if not same_origin(request):
        return _cross_site()
    response = RedirectResponse(PAGE, status_code=303)
    clear_session(request, response)
    return response
