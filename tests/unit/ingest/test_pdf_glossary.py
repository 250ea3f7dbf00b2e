"""A PDF's glossary table: header rows, cells aligned at the top, middle or bottom of a row."""

from __future__ import annotations

import pytest

from santeqa.ingest.pdf_glossary import acronym
from tests.unit.ingest.pdf_samples import BODY, LEFT, LayoutPdf
from tests.unit.ingest.test_pdf_exports import from_pdf

ROWS = [
    ("ARS", ["Agence Régionale de Santé"]),
    ("LITIS", ["Laboratoire d'Informatique, de Traitement de", "l'Information et des Systèmes"]),
    ("GREYC", ["Groupe de Recherche en informatique, image,", "automatique et", "instrumentation"]),
    ("IA", ["Intelligence Artificielle"]),
]


def table_pdf(align: float) -> bytes:
    """The rows drawn with 13 pt between lines, 8 pt more between rows; the acronym at
    ``align`` of its row's height (0 top, 0.5 middle, 1 bottom), in bold."""
    pdf = LayoutPdf().page().heading(0, "Sigles")
    y = pdf.pdf.h - pdf.pdf.get_y() - BODY - 8
    for name, lines in ROWS:
        at = y - align * (len(lines) - 1) * 13
        pdf.text_object(pdf.font(BODY, "B"), f"1 0 0 1 {LEFT} {at:.2f} Tm", pdf.string(name), "Tj")
        for i, line in enumerate(lines):
            place = f"1 0 0 1 {LEFT + 100} {y - 13 * i:.2f} Tm"
            pdf.text_object(pdf.font(BODY), place, pdf.string(line), "Tj")
        y -= 13 * len(lines) + 8
    return pdf.output()


@pytest.mark.parametrize("align", [0.0, 0.5, 1.0], ids=["top", "middle", "bottom"])
def test_cells_aligned_at_the_top_middle_or_bottom_of_their_row(align: float) -> None:
    doc = from_pdf(table_pdf(align))
    assert [(g.acronym, g.expansion) for g in doc.glossary] == [
        (name, " ".join(lines)) for name, lines in ROWS
    ]
    assert doc.paragraphs == ()


def test_glossary_table_with_a_header_row_on_each_page() -> None:
    pdf = LayoutPdf().page().heading(0, "Sigles").row("Sigle", "Signification", bold=True)
    pdf.row("ARS", "Agence Régionale de Santé").row("CHU", "Centre Hospitalier Universitaire")
    pdf.page().row("Sigle", "Signification", bold=True).row("IA", "Intelligence Artificielle")
    doc = from_pdf(pdf.output())
    assert [(g.acronym, g.expansion) for g in doc.glossary] == [
        ("ARS", "Agence Régionale de Santé"),
        ("CHU", "Centre Hospitalier Universitaire"),
        ("IA", "Intelligence Artificielle"),
    ]
    assert doc.paragraphs == ()


def test_what_an_acronym_looks_like() -> None:
    assert [acronym(t) for t in ["ARS", "5G", "ChatGPT", "Sigle", "e-santé", "A B"]] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_a_numbered_glossary_heading_opens_the_table() -> None:
    pdf = LayoutPdf().page().heading(0, "5. Sigles")
    pdf.row("ARS", "Agence Régionale de Santé").row("IA", "Intelligence Artificielle")
    doc = from_pdf(pdf.output())
    assert [g.acronym for g in doc.glossary] == ["ARS", "IA"]
