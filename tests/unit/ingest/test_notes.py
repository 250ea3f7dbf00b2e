"""Footnotes: note lines, URLs assigned to notes, markers placed in the text."""

from __future__ import annotations

from santeqa.ingest import found_summary
from tests.unit.ingest.samples import REPORT, doc_of, marked


def test_report_footnotes_and_urls() -> None:
    doc = doc_of(REPORT)
    notes = {n.number: n for n in doc.footnotes}
    assert sorted(notes) == [1, 2, 3, 4]
    assert notes[1].text == "Rapport du Sénat « IA et santé » (senat.fr)"
    assert notes[1].urls == ("https://www.senat.fr/rap/r23-611/r23-611_mono.html",)
    assert notes[2].urls == ("https://example.org/enquete.pdf",)  # nearest plausible
    assert notes[3].urls == ("https://www.teamfrance-export.fr/infos/123",)
    assert notes[4].urls == ("https://www.health-data-hub.fr/page.pdf",)
    assert [notes[n].page for n in (1, 2, 3, 4)] == [1, 1, 2, 2]


def test_markers_are_not_real_numbers() -> None:
    text = (
        " Titre du rapport \n\nEn 2018 les 3 champs de 2 ans ont coûté 160 000 euros "
        "pour une durée de 24 heures sur 24 selon une étude1. \n \n1 Une étude. \n"
    )
    doc = doc_of(text)
    (para,) = doc.paragraphs
    assert marked(para) == (
        "En 2018 les 3 champs de 2 ans ont coûté 160 000 euros pour une durée de 24 heures "
        "sur 24 selon une étude[^1]."
    )


def test_note_going_on_at_the_next_page_bottom() -> None:
    text = (
        " Premier texte avec une note1. \n \n1 Le début de la note qui continue \n"
        " Deuxième page de texte, une autre note2. \n \nsur la page suivante. \n"
        "2 Seconde note. \n"
    )
    doc = doc_of(text)
    assert [(n.number, n.text, n.page) for n in doc.footnotes] == [
        (1, "Le début de la note qui continue sur la page suivante.", 1),
        (2, "Seconde note.", 2),
    ]
    assert [marked(p) for p in doc.paragraphs] == [
        "Premier texte avec une note[^1].",
        "Deuxième page de texte, une autre note[^2].",
    ]
    # where each page of a note printed over two pages begins in its text
    first = doc.footnotes[0]
    assert first.page_starts == ((0, 1), (first.text.index("sur la page"), 2))
    assert doc.footnotes[1].page_starts == ((0, 2),)
    assert "notes over two pages or more: 1" in found_summary(doc)


def test_link_goes_to_the_note_naming_the_site_as_a_word() -> None:
    """« Medilink » names medilink.io: its link is not given to the first note without URL."""
    text = "\n".join(
        [
            " Titre de la page",
            "Un service de soins1 et une société privée2 le proposent.",
            " ",
            "1 Un service public décrit sur annuaire.example.org",
            "2 La société Medilink, présentation de ses offres.",
            "",
            "https://medilink.io/qui-sommes-nous/",
            "https://annuaire.example.org/services",
        ]
    )
    notes = {n.number: n.urls for n in doc_of(text).footnotes}
    assert notes == {
        1: ("https://annuaire.example.org/services",),
        2: ("https://medilink.io/qui-sommes-nous/",),
    }
