"""Bodies over ``max_bytes`` are refused with a 413: by Content-Length when it is declared,
then by counting the streamed bytes (a Content-Length may lie, or be absent)."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from santeqa.api.errors import error_body
from santeqa.api.middleware.base import HTTPMiddleware, send_json


class BodyLimit(HTTPMiddleware):
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    def _too_large(self) -> dict[str, Any]:
        return error_body(
            "body_too_large", f"The request body is larger than {self.max_bytes} bytes."
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        for name, value in scope.get("headers", []):
            if bytes(name).lower() == b"content-length":
                declared = bytes(value).strip()
                if declared.isdigit() and int(declared) > self.max_bytes:
                    await send_json(send, 413, self._too_large())
                    return
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # the app's answer to a cut body is replaced by the 413 below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await send_json(send, 413, self._too_large())
