"""Headings told apart by bold alone at the body size: read as headings when they stand as a
block of their own, their levels from their order; bold words in paragraphs stay body text."""

from __future__ import annotations

from pathlib import Path

import pytest

from santeqa.ingest.heuristics import HEURISTICS
from santeqa.ingest.lexicon import Lexicon
from santeqa.ingest.pdf import PdfPage, Run
from santeqa.ingest.pdf_child import parse_pdf
from santeqa.ingest.pdf_headings import HeadingStyles, Outline
from santeqa.ingest.pdf_layout import build_pdf_document
from santeqa.ingest.pdf_lines import is_bold, page_lines
from santeqa.records import Document
from tests.unit.ingest.pdf_samples import BODY, LEADING, LEFT, LayoutPdf

LEX = Lexicon(frozenset({"le", "la", "de", "des", "les", "un", "une"}))
LONG = (
    "Le programme régional accompagne les établissements de santé dans leurs projets "
    "numériques depuis plusieurs années, avec des appels à projets ouverts aux hôpitaux, "
    "aux cliniques et aux maisons de santé pluriprofessionnelles du territoire."
)
#: a bold sentence long enough to fill whole lines, none of them ending like a sentence
EMPHASIS = (
    "Chaque établissement volontaire reçoit désormais un accompagnement personnalisé "
    "pendant toute la durée du déploiement régional des nouveaux outils numériques "
    "partagés entre professionnels hospitaliers et libéraux du territoire normand."
)


def _pages(data: bytes) -> list[PdfPage]:
    pages = parse_pdf(data, max_pages=10, max_page_chars=10**6, max_document_chars=10**7)
    return [PdfPage.from_json(p) for p in pages]


def _read(data: bytes) -> Document:
    return build_pdf_document("r.pdf", "0" * 64, _pages(data), LEX)


def _bold_line(pdf: LayoutPdf, text: str) -> None:
    """A heading drawn in bold at the body size, a little space before and after it."""
    pdf.pdf.ln(6)
    pdf.pdf.set_font("helvetica", "B", BODY)
    pdf.pdf.set_x(LEFT)
    pdf.pdf.cell(text=text)
    pdf.pdf.ln(LEADING + 5)


def _runs(pdf: LayoutPdf, *pieces: tuple[str, str]) -> None:
    """One paragraph written as (style, text) pieces, lines wrapped by fpdf2."""
    for style, text in pieces:
        pdf.pdf.set_font("helvetica", style, BODY)
        pdf.pdf.write(LEADING, text)
    pdf.pdf.ln(LEADING + 8)


def test_bold_headings_at_the_body_size_take_their_levels_from_their_order() -> None:
    pdf = LayoutPdf().page()
    _bold_line(pdf, "Premier chapitre")
    _bold_line(pdf, "Une section")
    pdf.para(LONG)
    _bold_line(pdf, "Une autre section")
    pdf.para(LONG)
    _bold_line(pdf, "Second chapitre")
    _bold_line(pdf, "Sa section")
    pdf.para(LONG)
    pdf.notes([(1, "Une note.", "")])
    doc = _read(pdf.output())
    assert [p.section for p in doc.paragraphs] == [
        ("Premier chapitre", "Une section"),
        ("Premier chapitre", "Une autre section"),
        ("Second chapitre", "Sa section"),
    ]


def test_bold_lead_ins_and_bold_sentences_inside_paragraphs_are_no_headings() -> None:
    pdf = LayoutPdf().page()
    _bold_line(pdf, "Le chapitre")
    _runs(pdf, ("B", "Objectif : "), ("", LONG))  # a bold lead-in running on in regular
    _runs(pdf, ("B", EMPHASIS + " "), ("", LONG))  # the paragraph's bold first lines
    _runs(pdf, ("", LONG + " "), ("B", EMPHASIS + " "), ("", LONG))  # bold inside
    pdf.notes([(1, "Une note.", "")])
    data = pdf.output()
    bold_lines = [
        line.plain
        for line in page_lines(_pages(data)[0], 1, HEURISTICS)
        if line.bold and line.plain[-1] not in ".:"
    ]
    assert len(bold_lines) >= 3  # whole lines in bold: the trap is really drawn
    doc = _read(data)
    assert {p.section for p in doc.paragraphs} == {("Le chapitre",)}
    assert [p.text for p in doc.paragraphs] == [
        f"Objectif : {LONG}",
        f"{EMPHASIS} {LONG}",
        f"{LONG} {EMPHASIS} {LONG}",
    ]


def test_a_bold_line_ending_a_page_whose_sentence_goes_on_is_no_heading() -> None:
    pdf = LayoutPdf().page()
    _bold_line(pdf, "Le chapitre")
    pdf.para(LONG)
    pdf.para("Une phrase finie.", gap=False)
    pdf.pdf.set_font("helvetica", "B", BODY)
    pdf.pdf.set_x(LEFT)
    pdf.pdf.cell(text="Les outils de suivi")  # bold words cut by the page end
    pdf.notes([(1, "Une note.", "")])
    pdf.page()
    _runs(pdf, ("B", "partagés "), ("", "sont déployés dans la région."))
    doc = _read(pdf.output())
    assert {p.section for p in doc.paragraphs} == {("Le chapitre",)}
    assert doc.paragraphs[-1].text == "Les outils de suivi partagés sont déployés dans la région."


def test_a_bold_list_item_is_no_heading() -> None:
    pdf = LayoutPdf().page()
    _bold_line(pdf, "Le chapitre")
    pdf.para(LONG)
    pdf.pdf.set_font("helvetica", "B", BODY)
    pdf.para("Un point de liste en gras", bullet="l")
    pdf.para(LONG)
    pdf.notes([(1, "Une note.", "")])
    doc = _read(pdf.output())
    assert {p.section for p in doc.paragraphs} == {("Le chapitre",)}


def test_bold_from_the_font_descriptor_when_the_name_does_not_say() -> None:
    assert is_bold(Run(0, 0, 10, "Corporate-Text", "Titre", weight=700))
    assert not is_bold(Run(0, 0, 10, "Corporate-Text", "Titre", weight=400))
    assert is_bold(Run(0, 0, 10, "Corporate-SemiBold", "Titre"))
    runs = [
        Run(56, 760, 10, "Corporate-Text", "Un chapitre", weight=700),
        Run(56, 740, 10, "Corporate-Text", "Sa section", weight=700),
        Run(56, 718, 10, "Corporate-Text", "Un texte court qui finit ici."),
        Run(56, 705, 10, "Corporate-Text", "Un autre texte court qui finit ici."),
        Run(56, 80, 7, "Corporate-Text", "1 Une note."),
    ]
    page = PdfPage("1", "", 595, 842, 0, tuple(runs), ())
    doc = build_pdf_document("r.pdf", "0" * 64, [page], LEX)
    assert doc.paragraphs[0].section == ("Un chapitre", "Sa section")


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans-Bold.ttf").is_file(), reason="no DejaVu fonts")
def test_the_parser_reads_the_weight_from_the_font_descriptor() -> None:
    pdf = LayoutPdf().page()
    pdf.pdf.add_font("embedded", "", str(DEJAVU / "DejaVuSans.ttf"))
    pdf.pdf.add_font("embedded", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
    for style in ("B", ""):
        pdf.pdf.set_font("embedded", style, BODY)
        pdf.pdf.cell(text=f"style {style or 'regular'}")
    weights = {run.text.strip(): run.weight for run in _pages(pdf.output())[0].runs}
    assert weights["style B"] == 700
    assert weights["style regular"] == 0


def test_levels_from_the_order_when_one_style_stands_for_all_levels() -> None:
    outline = Outline(HeadingStyles({(10.0, True): 0}), max_run=3)
    sections = []
    for kind, text in [
        ("h", "Les acteurs"),
        ("h", "Par les institutions"),
        ("h", "La Région"),
        ("b", ""),
        ("h", "Le département"),  # after body text: a sibling of the deepest heading
        ("b", ""),
        ("h", "Par les chercheurs"),  # opens like an earlier heading: its sibling
        ("b", ""),
        ("h", "Un"),
        ("h", "Deux"),
        ("h", "Trois"),
        ("h", "Quatre"),  # more than three in a row: a list of siblings, not a fourth level
        ("b", ""),
    ]:
        if kind == "h":
            outline.open(text, 0)
        else:
            outline.body()
            sections.append(outline.section)
    assert sections == [
        ("Les acteurs", "Par les institutions", "La Région"),
        ("Les acteurs", "Par les institutions", "Le département"),
        ("Les acteurs", "Par les chercheurs"),
        ("Un", "Deux", "Quatre"),
    ]


def test_a_bold_heading_after_the_glossary_table_is_its_sibling() -> None:
    pdf = LayoutPdf().page()
    _bold_line(pdf, "Le chapitre")
    _bold_line(pdf, "La section")
    pdf.para(LONG)
    _bold_line(pdf, "Sigles")
    pdf.row("ARS", "Agence Régionale de Santé").row("GHT", "Groupement Hospitalier de Territoire")
    _bold_line(pdf, "Annexe")
    pdf.para(LONG)
    pdf.notes([(1, "Une note.", "")])
    doc = _read(pdf.output())
    assert [g.acronym for g in doc.glossary] == ["ARS", "GHT"]
    assert [p.section for p in doc.paragraphs] == [
        ("Le chapitre", "La section"),
        ("Le chapitre", "Annexe"),
    ]
