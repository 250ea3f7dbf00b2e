"""The error policy of the api, in one place: :func:`error_response` turns any exception into
the answer, JSON or HTML.

* validation errors: a 422 ``{"detail": [{"type", "loc", "msg"}]}`` (input never echoed back);
* santeqa errors: their class's ``status`` with ``{"error": {"kind", "message"}, "detail",
  "kind"}``; ``InvalidQuestion`` is a 422 in the validation shape plus the ``error`` object;
* HTTP errors of the framework (404, 405, an unparsable body answered 400 by FastAPI: 422);
* anything else is a bug: a 500 whose body and ``X-Request-ID`` header carry an id, logged
  once with the traceback under that id.

HTML (the ``error.html`` template) is chosen for the page view and for an unknown address
asked by a browser; everything else is JSON.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from santeqa.errors import IndexProblem, InvalidQuestion, NotFound, SanteqaError

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = "x-request-id"

_DEFAULT_MESSAGES = {
    "index_missing": "No index has been built yet: run `santeqa index`.",
    "index_mismatch": "The index was built with other settings: rebuild it.",
    "index_corrupt": "The index is damaged: rebuild it.",
    "busy": "An index build is in progress: try again later.",
}


def printable(value: str) -> str:
    """A string that survives UTF-8 encoding (lone surrogates become '?')."""
    return value.encode("utf-8", "replace").decode("utf-8")


def error_body(kind: str, message: str) -> dict[str, Any]:
    return {"error": {"kind": kind, "message": message}, "detail": message, "kind": kind}


def json_bytes(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")


# An absolute file path: a slash that begins a word (not one inside a URL or after a dot),
# then folders; the last part is kept.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~-])/(?:[^\s/'\"():,;]+/)+(?=[^\s/'\"]*)")


def without_paths(text: str) -> str:
    """``text`` with the folders of absolute paths cut (``/srv/x/index/CURRENT`` ->
    ``…/CURRENT``): public answers do not show where the server keeps its files."""
    return _ABSOLUTE_PATH.sub("…/", text)


def message_of(exc: SanteqaError) -> str:
    """The message of a santeqa error (absolute paths cut), or a default one for its kind."""
    text = without_paths(str(exc).strip())
    return printable(text or _DEFAULT_MESSAGES.get(exc.kind, exc.kind.replace("_", " ")))


def _issues(errors: Any) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = []
    for error in errors:
        loc = [p if isinstance(p, int) else printable(str(p)) for p in error.get("loc", ())]
        issues.append(
            {
                "type": printable(str(error.get("type", "value_error"))),
                "loc": loc,
                "msg": printable(str(error.get("msg", "Invalid input"))),
            }
        )
    return issues


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method a route of ``app`` accepts on ``path``."""
    methods: set[str] = set()
    for route in app.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(path):
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


def _is_page_view(request: Request) -> bool:
    return request.url.path.startswith("/pages")


def _html(request: Request, status: int, title: str, message: str) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "title": title, "message": message},
        status_code=status,
    )


def _santeqa_error(request: Request, exc: SanteqaError) -> Response:
    message = message_of(exc)
    if exc.status >= 500 or isinstance(exc, IndexProblem):
        log.warning("%s %s: %s (%s)", request.method, request.url.path, message, exc.kind)
    if _is_page_view(request):
        if isinstance(exc, NotFound):
            return _html(
                request, 404, "Page introuvable", "Cette page n'existe pas dans le rapport."
            )
        return _html(
            request,
            503,
            "Rapport indisponible",
            "L'index du rapport n'est pas disponible pour le moment. Réessayez plus tard.",
        )
    if isinstance(exc, InvalidQuestion):
        where = ["body", "question"] if request.method == "POST" else ["query", "q"]
        body: dict[str, Any] = {
            "detail": [{"type": "invalid_question", "loc": where, "msg": message}],
            "error": {"kind": exc.kind, "message": message},
        }
        return JSONResponse(body, status_code=422)
    return JSONResponse(error_body(exc.kind, message), status_code=exc.status)


def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 400:
        # FastAPI's answer to a body it could not parse (e.g. JSON nested too deep).
        issue = {"type": "json_invalid", "loc": ["body"], "msg": "The body is not valid JSON"}
        return JSONResponse({"detail": [issue]}, status_code=422)
    if exc.status_code == 404 and (
        _is_page_view(request) or "text/html" in request.headers.get("accept", "")
    ):
        return _html(request, 404, "Page introuvable", "Cette adresse n'existe pas.")
    headers = {k.lower(): v for k, v in (getattr(exc, "headers", None) or {}).items()}
    if exc.status_code == 405:
        # Starlette names only the first route matching the path (GET and POST /ask are
        # two routes): list every method the path has.
        headers["allow"] = ", ".join(allowed_methods(request.app, request.url.path))
    return JSONResponse(
        {"detail": printable(str(exc.detail))},
        status_code=exc.status_code,
        headers=headers or None,
    )


def _unexpected(request: Request, exc: Exception) -> Response:
    request_id = uuid.uuid4().hex
    log.error(
        "unexpected error on %s %s (request %s)",
        request.method,
        request.url.path,
        request_id,
        exc_info=exc,
    )
    headers = {REQUEST_ID_HEADER: request_id}
    if _is_page_view(request):
        message = f"Une erreur inattendue s'est produite (référence {request_id})."
        response = _html(request, 500, "Erreur interne", message)
        response.headers.update(headers)
        return response
    body = {**error_body("internal", "internal error"), "request_id": request_id}
    return JSONResponse(body, status_code=500, headers=headers)


async def error_response(request: Request, exc: Exception) -> Response:
    """The answer to ``exc``, raised while serving ``request``: JSON or HTML."""
    if isinstance(exc, RequestValidationError):
        return JSONResponse({"detail": _issues(exc.errors())}, status_code=422)
    if isinstance(exc, SanteqaError):
        return _santeqa_error(request, exc)
    if isinstance(exc, StarletteHTTPException):
        return _http_error(request, exc)
    return _unexpected(request, exc)


def install_error_handler(app: FastAPI) -> None:
    """Route the framework's exception handling to :func:`error_response`. Exceptions no
    handler takes (bugs) reach ``middleware.unexpected.CatchUnexpected``, which calls it too."""
    for kind in (RequestValidationError, SanteqaError, StarletteHTTPException):
        app.add_exception_handler(kind, error_response)
