"""api.schemas: the question's cleaning rules."""

from __future__ import annotations

import pytest

from santeqa.api.schemas import clean_question


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  a  ", "a"),
        ("a\tb\nc\r\nd", "a b c d"),
        ("a\u00a0\u2028b", "a b"),
        ("Qu'est-ce que l'IA ?", "Qu'est-ce que l'IA ?"),
    ],
)
def test_clean_question_normalises(raw: str, clean: str) -> None:
    assert clean_question(raw) == clean


@pytest.mark.parametrize(
    "raw", ["", "  \n ", "a\x00", "a\x1f", "a\x7f", "a\x9f", "a\ud800", "\udfff"]
)
def test_clean_question_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        clean_question(raw)
