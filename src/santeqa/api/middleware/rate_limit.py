"""A token bucket per client address for ``/ask``, ``/feedback`` and ``/admin``: an empty
bucket gives a 429 (kind ``rate_limited``) with ``Retry-After`` in whole seconds.

The client is the TCP peer address, never a forwarding header (``X-Forwarded-For`` is set by
whoever sends the request): behind a reverse proxy every client is the proxy, so limit there
instead, or set ``rate_limit_per_minute=0``. The buckets live in this process's memory: with
``santeqa serve --workers N`` each worker counts for itself.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from santeqa.api.errors import error_body
from santeqa.api.middleware.base import HTTPMiddleware, send_json


class RateLimiter:
    """Token buckets per client, in this process's memory.

    A bucket holds at most ``burst`` tokens and gains ``per_minute / 60`` a second; each
    request takes one. The table is bounded: buckets are kept in order of last use, one idle
    long enough to be full again is dropped (a new bucket would be the same), and beyond
    ``max_clients`` the least recently used go first.
    """

    def __init__(
        self,
        per_minute: int,
        burst: int,
        *,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute <= 0 or burst <= 0 or max_clients <= 0:
            raise ValueError("per_minute, burst and max_clients must be positive")
        self.rate = per_minute / 60.0  # tokens per second
        self.burst = float(burst)
        self.max_clients = max_clients
        self.clock = clock
        self._refill_s = self.burst / self.rate  # an idle bucket is full again after this
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, at

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> float:
        """Take a token for ``client``: 0.0 when it had one, else the seconds until it has."""
        now = self.clock()
        self._forget_idle(now)
        tokens, at = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + max(0.0, now - at) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait

    def _forget_idle(self, now: float) -> None:
        while self._buckets:
            client, (_tokens, at) = next(iter(self._buckets.items()))
            if now - at < self._refill_s:
                return
            del self._buckets[client]


_LIMITED = ("/ask", "/feedback", "/admin", "/pages")


def rate_limited_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in _LIMITED)


class RateLimit(HTTPMiddleware):
    """429 when the client address has no token left; ``limiter=None`` turns it off."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter | None) -> None:
        super().__init__(app)
        self.limiter = limiter

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limiter is None or not rate_limited_path(str(scope.get("path", ""))):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = str(client[0]) if client else "unknown"
        wait = self.limiter.take(address)
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        await send_json(
            send,
            429,
            error_body("rate_limited", f"Too many requests from this address: retry in {retry} s."),
            ((b"retry-after", str(retry).encode()),),
        )
