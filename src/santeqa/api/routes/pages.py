"""The HTML pages: the chat page (``/``) and the page view of the report (``/pages/{n}``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from santeqa.api.highlight import Block, highlight
from santeqa.api.state import api_state
from santeqa.errors import NotFound
from santeqa.records import SECTION_SEPARATOR, PageView

MAX_PAGE_DIGITS = 6  # pages 1 to 999 999

PAGE_OPTIONS: dict[str, Any] = {
    "response_class": HTMLResponse,
    "summary": "A page of the report",
    "description": (
        "The whole page `n` (1-based) of `document` (default: the first document), its "
        "footnotes and links to the previous and next pages. `hl` is a text of the report "
        "to highlight (the chat passes the quoted answer or the passage); white space is "
        "ignored when it is looked for, and a passage that runs over two pages is marked "
        "sentence by sentence."
    ),
    "responses": {
        404: {"description": "No such document or page (an HTML page)."},
        503: {"description": "No usable index (an HTML page)."},
    },
}


def _templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


async def chat(request: Request) -> HTMLResponse:
    state = api_state(request)
    return _templates(request).TemplateResponse(
        request,
        "index.html",
        {
            "max_chars": state.max_question_chars,
            "top_k": state.default_top_k,
            "report_title": state.report_title,
            "log_questions": state.store.log_questions,
            "log_days": state.store.retention_days,
        },
    )


async def _page(request: Request, document: str | None, number: int) -> PageView:
    service = api_state(request).service
    if document is None:
        names = await run_in_threadpool(service.documents)
        if not names:
            raise NotFound("no document")
        document = names[0]
    return await run_in_threadpool(service.page, document, number)


def _blocks(view: PageView, quote: str | None) -> list[Block]:
    """The page's paragraphs, each headed by its section when the section changes."""
    texts = [p.text for p in view.paragraphs]
    blocks: list[Block] = []
    previous_section: tuple[str, ...] = ()
    for paragraph, segments in zip(view.paragraphs, highlight(texts, quote), strict=True):
        heading = paragraph.section if paragraph.section != previous_section else ()
        previous_section = paragraph.section
        blocks.append(Block(SECTION_SEPARATOR.join(heading), segments))
    return blocks


async def page_view(
    request: Request,
    n: str,
    document: str | None = None,
    hl: Annotated[
        str | None,
        Query(description="Text to highlight on the page (an answer or a passage)."),
    ] = None,
) -> HTMLResponse:
    # the length first: int() of thousands of digits is slow, then refused (a ValueError)
    if not (n.isascii() and n.isdigit()) or len(n) > MAX_PAGE_DIGITS or int(n) == 0:
        raise NotFound("no such page")
    view = await _page(request, document, int(n))
    blocks = _blocks(view, hl)
    marked = any(s.marked for b in blocks for s in b.segments)
    return _templates(request).TemplateResponse(
        request,
        "page.html",
        {"view": view, "blocks": blocks, "marked": marked, "hl": hl},
    )
