"""The page view (``PageReader`` through the engine) on the tiny four-page report."""

from __future__ import annotations

import pytest

from santeqa.errors import NotFound
from santeqa.service import Engine
from tests.tiny import ARS_URL, NAME


def test_page_view(engine: Engine) -> None:
    one = engine.page(NAME, 1)
    assert (one.document, one.number, one.label, one.pages) == (NAME, 1, "1", 4)
    texts = [p.text.strip() for p in one.paragraphs]
    assert texts == [
        "La plateforme régionale a réalisé 12 500 téléconsultations en 2023 selon une enquête. "
        "Ce volume progresse chaque année dans les territoires ruraux.",
        "Les médecins généralistes utilisent une messagerie sécurisée pour échanger avec les",
    ]
    assert [f.number for f in one.footnotes] == [1]
    assert one.footnotes[0].urls == (ARS_URL,)
    # the note marker is kept at its offset in the page's part of the paragraph
    (marker,) = one.paragraphs[0].markers
    assert marker.number == 1
    assert one.paragraphs[0].text[: marker.offset].endswith("selon une enquête")
    two = engine.page(NAME, 2)
    assert two.paragraphs[0].text == "pharmaciens et les infirmiers."  # the paragraph goes on
    assert two.paragraphs[0].section == ("Télémédecine en région", "Les téléconsultations")
    assert [p.section[-1] for p in two.paragraphs[1:]] == ["Le financement", "Le financement"]
    assert [f.number for f in two.footnotes] == [2]
    assert all(p.page_starts == ((0, 2),) for p in two.paragraphs)
    assert [p.text for p in engine.page(NAME, 3).paragraphs] == [
        "Les GHT mutualisent les serveurs informatiques."
    ]
    four = engine.page(NAME, 4)
    assert four.paragraphs == () and four.footnotes == ()  # the glossary is not body text


@pytest.mark.parametrize("number", [0, 5, -1])
def test_page_out_of_range(engine: Engine, number: int) -> None:
    with pytest.raises(NotFound, match=f"no page {number}"):
        engine.page(NAME, number)


def test_page_of_an_unknown_document(engine: Engine) -> None:
    with pytest.raises(NotFound, match=r"autre\.txt"):
        engine.page("autre.txt", 1)
