"""The security headers on every HTTP response (errors and static files too), and
``X-Santeqa-Worker``: the pid of the process that answered."""

from __future__ import annotations

import os

from starlette.types import Message, Receive, Scope, Send

from santeqa.api.middleware.base import HTTPMiddleware

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

WORKER_HEADER = "x-santeqa-worker"


class SecurityHeaders(HTTPMiddleware):
    """Adds :data:`SECURITY_HEADERS` (unless the app set one itself) and the worker's pid."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
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
