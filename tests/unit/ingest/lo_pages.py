"""The fresh document of ``benchmarks/lo_fixture.py`` spread over pages of its own: two
paragraphs a page, the third paragraph running over a page turn, the glossary on two
pages of its own (for ``lo_edition.fodt_of(keep_pages=True)``)."""

from __future__ import annotations

from dataclasses import replace

from benchmarks.lo_fixture import fresh_document
from santeqa.records import Document, Page


def paged_document() -> Document:
    doc = fresh_document(1)
    paragraphs = []
    page = 1
    for i, para in enumerate(doc.paragraphs):
        page = 1 + (i + 1) // 2
        starts: tuple[tuple[int, int], ...] = ((0, page),)
        if i == 2:  # cut at the word nearest its middle: the rest on the next page
            middle = para.text.index(" ", len(para.text) // 2) + 1
            starts = ((0, page), (middle, page + 1))
        paragraphs.append(replace(para, page_starts=starts))
    last = max(p for para in paragraphs for _, p in para.page_starts)
    half = len(doc.glossary) // 2
    glossary = tuple(
        replace(entry, page=last + 1 + (i >= half)) for i, entry in enumerate(doc.glossary)
    )
    pages = tuple(Page(doc.name, n, str(n), "") for n in range(1, last + 3))
    return replace(doc, paragraphs=tuple(paragraphs), glossary=glossary, pages=pages)
