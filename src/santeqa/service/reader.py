"""The page view: one page of a document as it stands in the served generation."""

from __future__ import annotations

import itertools

from santeqa.errors import NotFound
from santeqa.records import PageView, Paragraph
from santeqa.service.live import LiveIndex


class PageReader:
    """Reads the pages of the documents of the generation in force."""

    def __init__(self, live: LiveIndex) -> None:
        self.live = live

    def documents(self) -> list[str]:
        return sorted(self.live.current().index.documents)

    def page(self, document: str, number: int) -> PageView:
        """The page ``number`` (from 1) of ``document``; raises NotFound when there is none."""
        doc = self.live.current().index.documents.get(document)
        if doc is None:
            raise NotFound(f"no document {document!r}")
        if not 1 <= number <= len(doc.pages):
            raise NotFound(f"{document} has no page {number}")
        page = doc.pages[number - 1]
        parts: list[Paragraph] = []
        for para in doc.paragraphs:
            pieces = page_slice(para, number)
            if pieces is not None:
                parts.append(pieces)
        notes = tuple(f for f in doc.footnotes if f.page == number)
        return PageView(
            document=document,
            number=number,
            label=page.label,
            paragraphs=tuple(parts),
            footnotes=notes,
            pages=len(doc.pages),
        )


def page_slice(para: Paragraph, number: int) -> Paragraph | None:
    """The part of a paragraph that stands on page ``number`` (None if none does)."""
    starts = list(para.page_starts) + [(len(para.text), -1)]
    for (start, page), (end, _next) in itertools.pairwise(starts):
        if page == number and end > start:
            return Paragraph(
                document=para.document,
                text=para.text[start:end],
                section=para.section,
                page_starts=((0, number),),
                markers=tuple(
                    type(m)(m.offset - start, m.number)
                    for m in para.markers
                    if start <= m.offset < end
                ),
            )
    return None
