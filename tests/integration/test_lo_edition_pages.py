"""``benchmarks/lo_edition.py --keep-pages`` through LibreOffice: the PDF has the export's
pages, and the reader puts each paragraph, its page turn and the glossary on them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.lo_edition import convert, fodt_of
from santeqa.ingest.lexicon import Lexicon
from santeqa.ingest.pdf import read_pdf_pages
from santeqa.ingest.pdf_layout import build_pdf_document
from tests.unit.ingest.lo_pages import paged_document

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)"),
]


def test_the_pdf_keeps_the_pages_of_the_export(tmp_path: Path) -> None:
    doc = paged_document()
    pdf = tmp_path / "paged.pdf"
    convert(fodt_of(doc, keep_pages=True), pdf, docx=True)
    pages = read_pdf_pages(pdf.read_bytes(), pdf.name)
    assert len(pages) == len(doc.pages)
    read = build_pdf_document(pdf.name, "0" * 64, pages, Lexicon(frozenset()))
    assert [p.text for p in read.paragraphs] == [p.text for p in doc.paragraphs]
    assert [[n for _, n in p.page_starts] for p in read.paragraphs] == [
        [n for _, n in p.page_starts] for p in doc.paragraphs
    ]
    assert [(g.acronym, g.page) for g in read.glossary] == [
        (g.acronym, g.page) for g in doc.glossary
    ]
