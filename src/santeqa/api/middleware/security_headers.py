"""The security headers on every HTTP response (errors and static files too), and, when
``SANTEQA_WORKER_HEADER`` asks for it, ``X-Santeqa-Worker``: the pid of the process that
answered (off by default: a pid tells strangers about the server)."""

from __future__ import annotations

import os

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    """Adds :data:`SECURITY_HEADERS` (unless the app set one itself) and, with
    ``worker_header``, the worker's pid."""

    def __init__(self, app: ASGIApp, worker_header: bool = False) -> None:
        super().__init__(app)
        self.worker = str(os.getpid()).encode() if worker_header else None

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {bytes(name).lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS:
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                if self.worker is not None:
                    headers.append((WORKER_HEADER.encode(), self.worker))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
