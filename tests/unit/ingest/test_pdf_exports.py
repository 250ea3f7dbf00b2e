"""How other exporters draw the same text: raised markers, positioned words and glyphs,
soft hyphens, running headers, paragraphs without space, headings a little larger."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from santeqa.ingest.lexicon import Lexicon
from santeqa.ingest.pdf import Link, PdfPage, Run
from santeqa.ingest.pdf_child import parse_pdf
from santeqa.ingest.pdf_layout import build_pdf_document
from santeqa.records import Document
from tests.unit.ingest.pdf_samples import BODY, LEFT, NOTE, LayoutPdf
from tests.unit.ingest.samples import marked

LEX = Lexicon(frozenset({"une", "stratégie", "numérique", "régionale", "la", "de"}))


def layout_pages(data: bytes) -> list[PdfPage]:
    pages = parse_pdf(data, max_pages=100, max_page_chars=10**6, max_document_chars=10**7)
    return [PdfPage.from_json(p) for p in pages]


def from_pdf(data: bytes) -> Document:
    return build_pdf_document("r.pdf", "0" * 64, layout_pages(data), LEX)


def one_page(runs: Sequence[Run], links: tuple[Link, ...] = ()) -> Document:
    """A one-page A4 document made of these text runs and link rectangles."""
    page = PdfPage("1", "", 595, 842, 0, tuple(runs), links)
    return build_pdf_document("r.pdf", "0" * 64, [page], LEX)


def test_markers_raised_by_text_rise_alone_or_by_a_y_offset() -> None:
    pdf = LayoutPdf().page().heading(0, "Titre")
    y = pdf.baseline()
    body, s = pdf.font(BODY), pdf.string
    # raised by text rise only, same font and size: one string for pypdf without the split
    pdf.text_object(
        *(body, f"1 0 0 1 {LEFT} {y:.2f} Tm", s("Un rapport du Sénat"), "Tj"),
        *("3.5 Ts", s("1"), "Tj 0 Ts", s(" et une enquête de 2024"), "Tj"),
    )
    # raised by a y offset, at 0.9 of the size, then back on the baseline
    x = LEFT + pdf.width("Un rapport du Sénat1 et une enquête de 2024", BODY)
    after = x + pdf.width("2", 9)
    pdf.text_object(
        *(pdf.font(9), f"1 0 0 1 {x:.2f} {y + 3.5:.2f} Tm", s("2"), "Tj"),
        *(body, f"1 0 0 1 {after:.2f} {y:.2f} Tm", s(" ont paru."), "Tj"),
    )
    pdf.notes([(1, "Le rapport.", ""), (2, "L'enquête.", "")])
    doc = from_pdf(pdf.output())
    assert [marked(p) for p in doc.paragraphs] == [
        "Un rapport du Sénat[^1] et une enquête de 2024[^2] ont paru."
    ]
    assert [n.text for n in doc.footnotes] == ["Le rapport.", "L'enquête."]


def test_text_rise_is_followed_across_a_text_object() -> None:
    """The runs after a rise go on where the previous one ended (pypdf would put them at
    the text object's start)."""
    pdf = LayoutPdf().page()
    body, s = pdf.font(BODY), pdf.string
    y = pdf.baseline()
    pdf.text_object(
        *(body, f"1 0 0 1 {LEFT} {y:.2f} Tm", s("Avant"), "Tj 3 Ts", s("12"), "Tj"),
        *("0 Ts", s(" après."), "Tj"),
    )
    runs = layout_pages(pdf.output())[0].runs
    before, raised, after = (r for r in runs if r.text.strip() in ("Avant", "12", "après."))
    assert raised.x == pytest.approx(LEFT + pdf.width("Avant", BODY), abs=0.1)
    assert raised.y == pytest.approx(before.y + 3, abs=0.01)
    assert after.x == pytest.approx(raised.x + pdf.width("12", BODY), abs=0.1)
    assert before.width == pytest.approx(pdf.width("Avant", BODY), abs=0.1)
    assert after.lead == pytest.approx(pdf.width("après.", BODY), abs=0.1)


def test_words_placed_one_by_one_or_glyph_by_glyph_are_neither_glued_nor_split() -> None:
    first = "La plateforme régionale accompagne les professionnels de santé"
    second = "dans leurs usages numériques quotidiens."
    pdf = LayoutPdf().page().heading(0, "Titre")
    body, s = pdf.font(BODY), pdf.string
    y, x = pdf.baseline(), LEFT
    for word in first.split():  # justified: 9 pt between words, every glyph placed
        for glyph in word:
            pdf.text_object(body, f"1 0 0 1 {x:.2f} {y:.2f} Tm", s(glyph), "Tj")
            x += pdf.width(glyph, BODY)
        x += 9
    y = pdf.baseline()
    array = []  # kerning inside the words, the word gaps as offsets with no space
    for i, word in enumerate(second.split()):
        array += (["-420"] if i else []) + [s(word[:2]), "25", s(word[2:])]
    pdf.text_object(body, f"1 0 0 1 {LEFT} {y:.2f} Tm", f"[{' '.join(array)}] TJ")
    pdf.pdf.ln(20)
    pdf.notes([(1, "Une note.", "")])
    doc = from_pdf(pdf.output())
    assert [p.text for p in doc.paragraphs] == [f"{first} {second}"]


def test_soft_hyphen_at_a_line_end() -> None:
    pdf = LayoutPdf().page().heading(0, "Titre")
    body, s = pdf.font(BODY), pdf.string
    y = pdf.baseline()
    pdf.text_object(body, f"1 0 0 1 {LEFT} {y:.2f} Tm", s("Une strat\xe9gie num\xe9\xad"), "Tj")
    y = pdf.baseline()
    pdf.text_object(body, f"1 0 0 1 {LEFT} {y:.2f} Tm", s("rique r\xe9gio\xadnale."), "Tj")
    pdf.pdf.ln(20)
    pdf.notes([(1, "Une note.", "")])
    doc = from_pdf(pdf.output())
    assert [p.text for p in doc.paragraphs] == ["Une stratégie numérique régionale."]


def test_running_header_naming_the_chapter_is_removed() -> None:
    pdf = LayoutPdf().page(header="").heading(0, "Premier chapitre")
    pdf.para("Le premier texte du chapitre.")
    pdf.notes([(1, "Une note.", "")])
    pdf.page(header="Premier chapitre").para("La suite du chapitre.")
    doc = from_pdf(pdf.output())
    assert [(p.text, p.section) for p in doc.paragraphs] == [
        ("Le premier texte du chapitre.", ("Premier chapitre",)),
        ("La suite du chapitre.", ("Premier chapitre",)),
    ]


LONG = (
    "Un deuxième paragraphe commence juste dessous, sans espace plus grand entre les deux, "
    "et il tient sur plusieurs lignes de la page pour que la largeur soit connue."
)


def test_paragraphs_without_space_between_them() -> None:
    """A short line whose next word would have fitted, a list item's lines (under the text
    after the bullet), a first-line indent after a sentence end."""
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.para("Un paragraphe court.", gap=False)
    pdf.para(LONG, gap=False)
    pdf.para("Un point de liste assez long pour tenir sur deux lignes, " * 2, bullet="l", gap=False)
    pdf.para("Un paragraphe après la liste, à la marge.", gap=False)
    pdf.para("Un paragraphe en retrait. " * 5, gap=False, first_indent=18)
    pdf.notes([(1, "Une note.", "")])
    doc = from_pdf(pdf.output())
    assert [p.text[:24] for p in doc.paragraphs] == [
        "Un paragraphe court.",
        "Un deuxième paragraphe c",
        "• Un point de liste asse",
        "Un paragraphe après la l",
        "Un paragraphe en retrait",
    ]
    assert doc.paragraphs[1].text == LONG


def test_a_heading_a_little_larger_than_the_body_in_regular_weight() -> None:
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.para("Le texte sous le titre.")
    pdf.pdf.set_font("helvetica", "", BODY * 1.1)
    pdf.pdf.set_x(LEFT)
    pdf.pdf.cell(text="Un intertitre")
    pdf.pdf.ln(16)
    pdf.para("Le texte sous l'intertitre.")
    pdf.notes([(1, "Une note.", "")])
    doc = from_pdf(pdf.output())
    assert [p.section for p in doc.paragraphs] == [("Titre",), ("Titre", "Un intertitre")]


def test_first_line_indent_and_list_item_lines_without_widths() -> None:
    """Runs of unknown width: a first-line indent after a sentence end, a list item whose
    lines go on under its text, a paragraph back at the margin after it."""
    runs = [
        Run(56, 740, 15, "Helvetica-Bold", "Titre"),
        Run(56, 700, 10, "Helvetica", "Une première phrase qui finit la ligne."),
        Run(74, 687, 10, "Helvetica", "Un retrait ouvre le paragraphe suivant qui"),
        Run(56, 674, 10, "Helvetica", "continue à la marge."),
        Run(60, 661, 7, "ZapfDingbats", "●"),
        Run(70, 661, 10, "Helvetica", "Un point de liste qui"),
        Run(70, 648, 10, "Helvetica", "continue sous son texte"),
        Run(56, 635, 10, "Helvetica", "puis un texte à la marge."),
    ]
    doc = one_page(runs)
    assert [p.text for p in doc.paragraphs] == [
        "Une première phrase qui finit la ligne.",
        "Un retrait ouvre le paragraphe suivant qui continue à la marge.",
        "• Un point de liste qui continue sous son texte",
        "puis un texte à la marge.",
    ]


def test_numbered_headings_drawn_alike_take_their_level_from_the_numbering() -> None:
    pdf = LayoutPdf().page()
    for title, text in [
        ("1. Premier chapitre", "Texte un."),
        ("1.1 Une section", "Texte deux."),
        ("1.2 Une autre section", "Texte trois."),
        ("2. Second chapitre", "Texte quatre."),
        ("10 guichets ouverts", "Texte cinq."),  # a number, no numbering
    ]:
        pdf.pdf.set_font("helvetica", "B", BODY)
        pdf.pdf.set_x(LEFT)
        pdf.pdf.cell(text=title)
        pdf.pdf.ln(16)
        pdf.para(text)
    pdf.notes([(1, "Une note.", "")])
    doc = from_pdf(pdf.output())
    assert [p.section for p in doc.paragraphs] == [
        ("1. Premier chapitre",),
        ("1. Premier chapitre", "1.1 Une section"),
        ("1. Premier chapitre", "1.2 Une autre section"),
        ("2. Second chapitre",),
        ("10 guichets ouverts",),
    ]


def test_a_link_rectangle_reaching_the_line_above_goes_to_the_note_it_frames() -> None:
    runs = (
        Run(56, 740, 15, "Helvetica-Bold", "Titre"),
        Run(56, 700, 10, "Helvetica", "Un rapport"),
        Run(106, 704, 6, "Helvetica", "1"),
        Run(112, 700, 10, "Helvetica", " et une enquête"),
        Run(185, 704, 6, "Helvetica", "2"),
        Run(191, 700, 10, "Helvetica", " récente sont parues cette année dans la région."),
        Run(56, 80, 7.5, "Helvetica", "1 Le rapport du Sénat."),
        Run(56, 70.6, 7.5, "Helvetica", "2 L'enquête nationale."),
    )
    link = Link("https://example.org/enquete.pdf", 56, 68, 200, 83)  # up to note 1's line
    doc = one_page(runs, (link,))
    assert [(n.number, n.urls) for n in doc.footnotes] == [
        (1, ()),
        (2, ("https://example.org/enquete.pdf",)),
    ]


def test_a_note_drawn_glyph_by_glyph() -> None:
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.para("Un rapport du Sénat[^1] sur la santé numérique dans la région.")
    note = pdf.font(NOTE)
    pdf.text_object(pdf.font(4.5), f"1 0 0 1 {LEFT} 83 Tm", pdf.string("1"), "Tj")
    x = LEFT + 4
    for glyph in "Le rapport du Sénat, 2023.":
        pdf.text_object(note, f"1 0 0 1 {x:.2f} 80 Tm", pdf.string(glyph), "Tj")
        x += pdf.width(glyph, NOTE)
    doc = from_pdf(pdf.output())
    assert [(n.number, n.text) for n in doc.footnotes] == [(1, "Le rapport du Sénat, 2023.")]
    assert [m.number for m in doc.paragraphs[0].markers] == [1]


def test_roman_page_numbers_of_front_matter_are_removed() -> None:
    pdf = LayoutPdf(footer="iv")
    pdf.page().heading(0, "Avant-propos").para("Un avant-propos court.")
    pdf.notes([(1, "Une note.", "")])
    pdf.footer = "v"
    pdf.page().para("La suite de l'avant-propos.")
    doc = from_pdf(pdf.output())
    assert [p.text for p in doc.paragraphs] == [
        "Un avant-propos court.",
        "La suite de l'avant-propos.",
    ]
    assert [n.text for n in doc.footnotes] == ["Une note."]
    assert doc.repairs["pdf_running_lines"] == 2
