"""Who may use the admin routes: a request with ``Authorization: Bearer <token>``, or a browser
holding the session cookie set by the sign-in form (``/admin/login``).

The token is compared in constant time on the bytes sent. The cookie holds no secret: an
expiry and an HMAC of it keyed by the token (so every worker can check it, and changing the
token signs everyone out). It is HttpOnly, SameSite=Strict (never sent by another site's
page), scoped to ``/admin`` and Secure over https. The forms that change the session also
refuse a request that says it comes from another origin.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from santeqa.api.errors import error_body
from santeqa.api.state import api_state

log = logging.getLogger(__name__)

SESSION_COOKIE = "santeqa_admin"
SESSION_SECONDS = 8 * 3600


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


def token_matches(request: Request, given: bytes) -> bool:
    return hmac.compare_digest(given, api_state(request).admin_token)


def _signature(token: bytes, expires: int) -> str:
    return hmac.new(token, f"santeqa-admin-session:{expires}".encode(), hashlib.sha256).hexdigest()


def session_value(request: Request, now: float | None = None) -> str:
    expires = int((time.time() if now is None else now) + SESSION_SECONDS)
    return f"{expires}.{_signature(api_state(request).admin_token, expires)}"


def has_session(request: Request, now: float | None = None) -> bool:
    value = request.cookies.get(SESSION_COOKIE, "")
    expires_text, _, signature = value.partition(".")
    if not expires_text.isdigit() or len(expires_text) > 12:
        return False
    expires = int(expires_text)
    if expires < (time.time() if now is None else now):
        return False
    expected = _signature(api_state(request).admin_token, expires)
    return hmac.compare_digest(signature.encode("latin-1", "replace"), expected.encode())


def set_session(request: Request, response: Response) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session_value(request),
        max_age=SESSION_SECONDS,
        path="/admin",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def clear_session(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        path="/admin",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site.

    ``Sec-Fetch-Site`` first (every current browser sends it); else ``Origin``, which is
    ``null`` for our own forms because the pages are served with ``Referrer-Policy:
    no-referrer``, so ``null`` alone is refused. Requests that say neither (scripts, old
    browsers) pass: they carry no cookie of another site's making (SameSite=Strict)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin == f"{request.url.scheme}://{request.url.netloc}"


def bearer_refusal(request: Request) -> JSONResponse | None:
    """None when the request carries the admin token, else the 401 to answer."""
    given = bearer_token(request)
    if given is not None and token_matches(request, given):
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
