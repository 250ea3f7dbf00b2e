"""``benchmarks/lo_edition.py --keep-pages``: a page break before each page of the text
export, a paragraph cut at its page turn, the glossary table at its rows' page turns."""

from __future__ import annotations

import re

from benchmarks.lo_edition import fodt_of
from tests.unit.ingest.lo_pages import paged_document

_BREAK = re.compile(r'text:style-name="[\w]+_20_break"')


def _body(fodt: str) -> str:
    return fodt[fodt.index("<office:body>") :]


def test_one_page_break_before_each_page_of_the_export() -> None:
    doc = paged_document()
    assert len(_BREAK.findall(_body(fodt_of(doc, keep_pages=True)))) == len(doc.pages) - 1
    assert not _BREAK.findall(_body(fodt_of(doc)))


def test_a_paragraph_over_a_page_turn_is_cut_there() -> None:
    doc = paged_document()
    cut = next(p for p in doc.paragraphs if len(p.page_starts) > 1)
    offset = cut.page_starts[1][0]
    rest = cut.text[offset : offset + 30]
    body = _body(fodt_of(doc, keep_pages=True))
    assert f'<text:p text:style-name="Text_20_body_20_break">{rest}' in body
    whole = _body(fodt_of(doc))
    assert cut.text[offset - 20 : offset + 20] in whole


def test_the_glossary_opens_its_page_and_its_table_is_cut_at_the_next() -> None:
    body = _body(fodt_of(paged_document(), keep_pages=True))
    assert body.count("<table:table ") == 2
    assert '<text:h text:style-name="Heading_20_1_20_break"' in body
    table_break = body.index('<text:p text:style-name="Standard_20_break"/>')
    assert body.index("<table:table ") < table_break < body.rindex("<table:table ")
