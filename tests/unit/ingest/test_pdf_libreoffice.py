"""PDFs made by a real word processor (LibreOffice) read back as the structure they were made
from: fresh text (``benchmarks/lo_fixture.py``) laid out by ``benchmarks/lo_edition.py
fixture`` (LibreOffice 7.4), committed under ``fixtures/`` so that no test needs LibreOffice.

- ``libreoffice-odt.pdf``: written as ODT (Liberation Serif 11 pt, notes 9 pt, footer « N »);
- ``libreoffice-docx-word-like.pdf``: through DOCX, Word's look (Liberation Sans, justified,
  notes 10 pt over 11 with raised numbers, Symbol-font bullets, a running header,
  « Page N sur M », table rows kept whole: a two-line row ends the glossary's first page);
- ``libreoffice-hyphenated.pdf``: as ODT, justified with automatic hyphenation (Debian's
  hyphen-fr): LibreOffice draws each hyphen it adds as a run of its own, and widens the word
  gaps with ``TJ`` offsets; short paragraphs spaced apart outnumber the lines inside them;
- ``libreoffice-note-over-page.pdf``: through DOCX, Word's look, with ``--long-note``: a note
  going on over the next page's foot, before a short note cited on that page;
- ``libreoffice-wrap-picture.pdf``: as ODT, with ``--frame picture``: the second paragraph
  wraps around an empty frame 5 cm wide at its right (a picture's place);
- ``libreoffice-wrap-box.pdf``: through DOCX, Word's look, with ``--frame box``: the same
  frame holding three short lines of text, drawn at the heights of the paragraph's lines
  (one of them flush against the box's edge, its box line wrapping over two lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.lo_fixture import FRAME_LINES, fresh_document
from santeqa.ingest.lexicon import Lexicon
from santeqa.ingest.pdf import PdfPage, Run
from santeqa.ingest.pdf_child import parse_pdf
from santeqa.ingest.pdf_layout import build_pdf_document
from santeqa.records import Document

FIXTURES = Path(__file__).parent / "fixtures"
PDFS = ("libreoffice-odt.pdf", "libreoffice-docx-word-like.pdf", "libreoffice-hyphenated.pdf")
SOURCE = fresh_document()


def read(name: str) -> Document:
    data = (FIXTURES / name).read_bytes()
    pages = parse_pdf(data, max_pages=20, max_page_chars=10**6, max_document_chars=10**7)
    return build_pdf_document(
        name, "0" * 64, [PdfPage.from_json(p) for p in pages], Lexicon(frozenset())
    )


@pytest.fixture(scope="module", params=PDFS)
def edition(request: pytest.FixtureRequest) -> Document:
    return read(request.param)


def test_paragraphs_sections_and_markers_come_back_word_for_word(edition: Document) -> None:
    got = [(p.section, p.text, p.markers) for p in edition.paragraphs]
    assert got == [(p.section, p.text, p.markers) for p in SOURCE.paragraphs]


def test_notes_come_back_with_their_urls(edition: Document) -> None:
    got = [(n.number, n.text, n.urls) for n in edition.footnotes]
    assert got == [(n.number, n.text, n.urls) for n in SOURCE.footnotes]


def test_a_file_name_too_long_for_a_line_is_joined_without_a_space(edition: Document) -> None:
    """LibreOffice breaks a word wider than the line where the line is full, no hyphen."""
    name = next(n.text for n in SOURCE.footnotes if n.number == 4).split(" ")[0]
    assert len(name) > 100
    assert next(n.text for n in edition.footnotes if n.number == 4).split(" ")[0] == name


def test_the_glossary_reads_row_by_row_across_its_page_turn(edition: Document) -> None:
    got = [(g.acronym, g.expansion) for g in edition.glossary]
    assert got == [(g.acronym, g.expansion) for g in SOURCE.glossary]
    if edition.name == "libreoffice-docx-word-like.pdf":  # its last row on page 2 has 2 lines
        assert [g.page for g in edition.glossary].count(2) == 26


def test_hyphens_the_layout_added_are_dropped() -> None:
    edition = read("libreoffice-hyphenated.pdf")
    words = {w for p in SOURCE.paragraphs for w in p.text.split()}
    assert sum(p.text.count("-") for p in edition.paragraphs) == sum(
        p.text.count("-") for p in SOURCE.paragraphs
    )
    assert all(w in words for p in edition.paragraphs for w in p.text.split())


def test_running_lines_and_page_numbers_are_removed(edition: Document) -> None:
    texts = [p.text for p in edition.paragraphs] + [n.text for n in edition.footnotes]
    assert not any("Page" in t or "Réseau des médiathèques" in t for t in texts)
    assert len(edition.pages) >= 2


def _hyphen_page(gap: float, stretch: float = 0.0) -> Document:
    """« une straté » and a lone « - » run ``gap`` points after it, then « gie numérique »."""
    runs = [
        Run(56, 740, 15, "Helvetica-Bold", "Titre"),  # two sizes: read by its layout
        Run(56, 700, 10, "Helvetica", "une straté", 48.0, 16.0, 0.0, stretch),
        Run(56 + 48.0 + gap, 700, 10, "Helvetica", "-", 3.3, 3.3),
        Run(56, 688, 10, "Helvetica", "gie numérique.", 66.0, 14.0),
    ]
    page = PdfPage("1", "", 595, 842, 0, tuple(runs), ())
    return build_pdf_document("r.pdf", "0" * 64, [page], Lexicon(frozenset()))


def test_a_lone_hyphen_right_after_a_word_is_the_layouts_and_a_dash_after_a_gap_is_text() -> None:
    assert _hyphen_page(0.0).paragraphs[0].text == "une stratégie numérique."
    # the gap is the justified line's widened word gaps (TJ offsets) drawn with the word
    assert _hyphen_page(6.0, stretch=6.0).paragraphs[0].text == "une stratégie numérique."
    assert _hyphen_page(3.0).paragraphs[0].text == "une straté - gie numérique."


def test_a_note_going_on_over_the_next_page_stays_one_note() -> None:
    """``libreoffice-note-over-page.pdf`` (through DOCX, Word's look, ``fixture --long-note``):
    note 7 starts at page 1's foot and goes on at page 2's, whose first note line opens with a
    number (« … la question » / « 8 portait … »); the numbers of this layout's notes are
    raised, so plain digits opening a line start no note."""
    source = fresh_document(long_note=True)
    edition = read("libreoffice-note-over-page.pdf")
    got = [(n.number, n.text, n.urls) for n in edition.footnotes]
    assert got == [(n.number, n.text, n.urls) for n in source.footnotes]
    assert [(p.section, p.text, p.markers) for p in edition.paragraphs] == [
        (p.section, p.text, p.markers) for p in source.paragraphs
    ]
    seventh = next(n for n in edition.footnotes if n.number == 7)
    assert seventh.page == 1 and "question 8 portait" in seventh.text


def test_a_paragraph_wrapping_around_a_picture_comes_back_whole() -> None:
    """Its lines end at the frame, well before the text's right edge: read against that
    narrower column, none of them is left short."""
    edition = read("libreoffice-wrap-picture.pdf")
    assert [(p.section, p.text, p.markers) for p in edition.paragraphs] == [
        (p.section, p.text, p.markers) for p in SOURCE.paragraphs
    ]


def test_a_text_box_beside_a_paragraph_is_read_apart_from_it() -> None:
    """Each box line stands at the height of a paragraph line: cut off at the box's edge,
    the paragraph comes back word for word, the box's lines after it as short paragraphs."""
    edition = read("libreoffice-wrap-box.pdf")
    texts = [p.text for p in edition.paragraphs]
    boxed = [t for t in texts if t not in {p.text for p in SOURCE.paragraphs}]
    assert [t for t in texts if t not in boxed] == [p.text for p in SOURCE.paragraphs]
    assert " ".join(boxed) == " ".join(FRAME_LINES)  # Word's look wraps the last over two
    second = texts.index(SOURCE.paragraphs[1].text)
    assert texts[second + 1 : second + 1 + len(boxed)] == boxed
