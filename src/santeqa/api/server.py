"""How ``santeqa serve`` runs uvicorn: forwarding headers trusted only from configured proxies,
a cap on connections, and a deadline for slow clients.

uvicorn has no deadline for a client that sends its request a byte at a time (each byte
restarts its keep-alive timer), so ``GuardedHTTPProtocol`` closes a connection that has not
delivered a whole request (headers and body) within ``SANTEQA_CLIENT_TIMEOUT_S`` of
connecting or of its previous answer. A request that has arrived whole is never cut: the time
the application takes to answer is not counted.
"""

from __future__ import annotations

import asyncio
import logging
import time
from functools import lru_cache
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from santeqa.settings import Settings

log = logging.getLogger(__name__)

PROTOCOL = "santeqa.api.server:GuardedHTTPProtocol"  # importable by name in every worker
CHECKS_PER_TIMEOUT = 4  # a slow client is dropped between 1 and 1.25 timeouts


@lru_cache(maxsize=1)
def _configured_timeout() -> float:
    return Settings().client_timeout_s


class GuardedHTTPProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a deadline on receiving each request."""

    timeout_s: float | None = None  # None: SANTEQA_CLIENT_TIMEOUT_S of this process

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline_s = self.timeout_s or _configured_timeout()
        self._waiting_for: object = self._receiving()
        self._waiting_since: float | None = time.monotonic()
        self._guard: asyncio.TimerHandle | None = None
        self._schedule()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._guard is not None:
            self._guard.cancel()
            self._guard = None
        super().connection_lost(exc)

    def _receiving(self) -> object:
        """What the connection waits for from the client (None: nothing, the app answers)."""
        cycle = self.cycle
        if cycle is None:
            return "first request"
        if cycle.response_complete:
            return ("next request", id(cycle))
        if cycle.more_body:
            return ("body", id(cycle))
        return None

    def _schedule(self) -> None:
        self._guard = self.loop.call_later(self._deadline_s / CHECKS_PER_TIMEOUT, self._check)

    def _check(self) -> None:
        self._guard = None
        if self.transport.is_closing():
            return
        waiting, now = self._receiving(), time.monotonic()
        if waiting is None:
            self._waiting_since = None
        elif waiting != self._waiting_for or self._waiting_since is None:
            self._waiting_for, self._waiting_since = waiting, now
        elif now - self._waiting_since >= self._deadline_s:
            log.debug("closing a connection that sent no whole request in %s s", self._deadline_s)
            self.transport.close()
            return
        self._schedule()


def guarded_protocol(timeout_s: float) -> type[GuardedHTTPProtocol]:
    """The protocol with its deadline fixed (for a server run in this process)."""
    return type("GuardedHTTPProtocol", (GuardedHTTPProtocol,), {"timeout_s": timeout_s})


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The keyword arguments of ``uvicorn.run`` / ``uvicorn.Config`` that ``santeqa serve``
    uses, besides the app, host, port and workers."""
    trusted = settings.trusted_proxy_list()
    return {
        # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": ",".join(trusted) if trusted else [],
        "limit_concurrency": settings.max_connections,
        # by name, not uvicorn's "auto" (which quietly falls back to asyncio's loop and the
        # pure-Python h11 parser when these are missing): both are in pyproject's dependencies
        "loop": "uvloop",
        "http": PROTOCOL,
        "server_header": False,
    }
