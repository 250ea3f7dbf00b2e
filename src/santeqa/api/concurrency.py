"""How many questions are being answered at once, in this process.

Not a middleware on purpose: a slot is held only while the engine answers, after the question
has been read and checked, so a slow client sending its body holds nothing, and an invalid
question is a 422 whatever the load."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class InFlightLimit:
    """At most ``limit`` holders at once; :meth:`slot` yields False when none is free.

    Used from the event loop only (the engine call runs in a thread, the counting does not),
    so no lock is needed."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_flight = 0

    @contextmanager
    def slot(self) -> Iterator[bool]:
        if self.in_flight >= self.limit:
            yield False
            return
        self.in_flight += 1
        try:
            yield True
        finally:
            self.in_flight -= 1
