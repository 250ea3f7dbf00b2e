"""The report as a word-processor PDF (benchmarks/pdf_edition.py) reads like its text export.

No model needed; fpdf2 (dev extra) and the DejaVu fonts render the PDF.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from benchmarks.pdf_edition import fonts_available, measure, render_edition
from benchmarks.pdf_variants import VARIANTS, render_variant
from santeqa.ingest import load_lexicon, read_corpus
from santeqa.records import Document
from santeqa.settings import Settings

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not fonts_available(), reason="DejaVu fonts missing (fonts-dejavu-core)"),
]

ROOT = Path(__file__).resolve().parents[2]
REPORT = "innovations-sante-numerique-normandie"


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Document]:
    """(text export, PDF edition) of the report, both read through ``read_corpus``."""
    lexicon = load_lexicon(Settings().lexicon)
    if len(lexicon) == 0:
        pytest.skip("French word list missing (apt-get install wfrench)")
    docs, _ = read_corpus(ROOT / "corpus", lexicon)
    text = next(d for d in docs if d.name == f"{REPORT}.txt")
    corpus = tmp_path_factory.mktemp("pdf")
    (corpus / f"{REPORT}.pdf").write_bytes(render_edition(text))
    (pdf,), skipped = read_corpus(corpus, lexicon)
    assert skipped == []
    return text, pdf


def test_notes_markers_urls_and_sections_come_back(editions: tuple[Document, Document]) -> None:
    text, pdf = editions
    assert measure(pdf, text) == {
        "notes": 33,
        "notes_cited": 33,
        "section_paths": 22,
        "passages_ending_with_number": 0,
        "glued_markers": 0,
        "notes_with_urls": 24,
        "glossary": 30,
        "notes_urls_back": "24/24",
        "sections_as_text_export": "22/22",
        "notes_as_text_export": "33/33",
        "glossary_as_text_export": "30/30",
        "paragraphs_as_text_export": "226/228",
        "words_not_in_export": 2,
        "paragraphs_on_export_pages": "226/228",  # the two that differ are not found
    }


@pytest.mark.parametrize(
    "variant",
    [
        "all-at-once",
        "word-2016-like",
        "marker-rise-same-size",
        "glyph-by-glyph",
        "glossary-cells-middle",
        "headings-bold-only-bold-in-paragraphs",
    ],
)
def test_other_exporters_layouts_read_the_same(
    editions: tuple[Document, Document], variant: str
) -> None:
    """The report drawn as other exporters draw it (benchmarks/pdf_variants.py): markers
    raised by text rise or a y offset, justified TJ arrays, glyphs placed one by one,
    hyphenated line ends, numbered headings by size only, tab-led notes going on at the next
    page, partial links, « Page N / 41 », a bordered glossary with header rows, its cells
    centred in their rows, unnumbered headings in bold at the body size among bold lead-ins
    and bold sentences of paragraphs."""
    text, _ = editions
    lexicon = load_lexicon(Settings().lexicon)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        (corpus / f"{REPORT}.pdf").write_bytes(render_variant(text, VARIANTS[variant]))
        (pdf,), skipped = read_corpus(corpus, lexicon)
    assert skipped == []
    figures = measure(pdf, text)
    assert {k: figures[k] for k in ("notes", "notes_cited", "glued_markers")} == {
        "notes": 33,
        "notes_cited": 33,
        "glued_markers": 0,
    }
    assert figures["sections_as_text_export"] == "22/22"
    assert figures["notes_urls_back"] == "24/24"
    assert figures["notes_as_text_export"] == "33/33"
    assert figures["glossary_as_text_export"] == "30/30"
    assert figures["passages_ending_with_number"] == 0
    same = int(str(figures["paragraphs_as_text_export"]).split("/")[0])
    assert same >= 225


def test_same_structure_as_the_text_export(editions: tuple[Document, Document]) -> None:
    text, pdf = editions
    assert [p.number for p in pdf.pages] == list(range(1, 42))
    assert [(n.number, n.text, n.urls, n.page) for n in pdf.footnotes] == [
        (n.number, n.text, n.urls, n.page) for n in text.footnotes
    ]
    assert [(g.acronym, g.expansion) for g in pdf.glossary] == [
        (g.acronym, g.expansion) for g in text.glossary
    ]
    assert [p.section for p in pdf.paragraphs] == [p.section for p in text.paragraphs]
    same = sum(a.text == b.text for a, b in zip(pdf.paragraphs, text.paragraphs, strict=True))
    assert same >= len(text.paragraphs) - 3  # line breaks after a hyphen read differently
    for a, b in zip(pdf.paragraphs, text.paragraphs, strict=True):
        assert [m.number for m in a.markers] == [m.number for m in b.markers]
        # pages turn at the same places, inside paragraphs too (answers cite those pages)
        assert [page for _, page in a.page_starts] == [page for _, page in b.page_starts]
        if a.text == b.text:
            assert a.page_starts == b.page_starts
    assert pdf.repairs["pdf_running_lines"] == 82  # 41 headers, 41 page numbers
