"""api.highlight: marking a quote on a page; which links are shown."""

from __future__ import annotations

import pytest

from santeqa.api.highlight import highlight, safe_url


def test_highlight_whole_quote_and_across_paragraphs() -> None:
    paragraphs = ["Premier paragraphe. Fin du premier.", "Second paragraphe ici."]
    out = highlight(paragraphs, "Fin du premier. Second paragraphe")
    assert [(s.text, s.marked) for s in out[0]] == [
        ("Premier paragraphe. ", False),
        ("Fin du premier.", True),
    ]
    assert [(s.text, s.marked) for s in out[1]] == [("Second paragraphe", True), (" ici.", False)]


def test_highlight_falls_back_to_sentences() -> None:
    # the quote's first sentence stands on the previous page
    paragraphs = ["La suite du passage est sur cette page. Autre chose."]
    out = highlight(
        paragraphs, "Une phrase de la page précédente. La suite du passage est sur cette page."
    )
    assert [(s.text, s.marked) for s in out[0]] == [
        ("La suite du passage est sur cette page.", True),
        (" Autre chose.", False),
    ]


def test_highlight_nothing() -> None:
    assert highlight(["abc"], None)[0][0].marked is False
    assert highlight(["abc"], "introuvable ici")[0][0].marked is False


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.snds.gouv.fr/", True),
        ("http://example.org/a b", False),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("htps://gnius.esante.gouv.fr/", False),
    ],
)
def test_safe_url(url: str, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok
