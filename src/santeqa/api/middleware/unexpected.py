"""The last resort: an exception no handler took (a bug) is answered by
``santeqa.api.errors.error_response`` (a 500 with a request id), inside the security headers."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from santeqa.api.errors import error_response
from santeqa.api.middleware.base import HTTPMiddleware

log = logging.getLogger(__name__)


class CatchUnexpected(HTTPMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception as exc:
            if started:  # too late to answer: the client sees a cut response
                log.error("error after the response started on %s", scope.get("path"), exc_info=exc)
                return
            response = await error_response(Request(scope), exc)
            await response(scope, receive, send)
