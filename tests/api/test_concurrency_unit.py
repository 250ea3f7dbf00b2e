"""api.concurrency.InFlightLimit, on its own."""

from __future__ import annotations

import pytest

from santeqa.api.concurrency import InFlightLimit


def test_slots_up_to_the_limit_then_refused() -> None:
    limit = InFlightLimit(2)
    with limit.slot() as first, limit.slot() as second:
        assert (first, second) == (True, True)
        with limit.slot() as third:
            assert third is False
            assert limit.in_flight == 2  # a refused holder takes nothing
    assert limit.in_flight == 0
    with limit.slot() as again:
        assert again is True


def test_a_slot_is_given_back_when_the_holder_fails() -> None:
    limit = InFlightLimit(1)
    with pytest.raises(RuntimeError), limit.slot():
        raise RuntimeError("engine failed")
    assert limit.in_flight == 0
    with limit.slot() as admitted:
        assert admitted is True
