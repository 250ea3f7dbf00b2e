"""PDF files read through the parser process: pages, labels, accents, notes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from santeqa.ingest import read_corpus
from tests.unit.ingest.samples import LEX, PDF_PAGES, make_pdf, with_labels


def test_pdf_is_read_with_pages_labels_accents_and_note(tmp_path: Path) -> None:
    data = with_labels(make_pdf(PDF_PAGES))
    (tmp_path / "rapport.pdf").write_bytes(data)
    docs, skipped = read_corpus(tmp_path, LEX)
    assert skipped == []
    (doc,) = docs
    assert doc.name == "rapport.pdf"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert [(p.number, p.label) for p in doc.pages] == [(1, "i"), (2, "1")]
    assert [(n.number, n.text, n.page) for n in doc.footnotes] == [
        (1, "Une note de bas de page, à propos de l’étude.", 1)
    ]
    by_page = {p.page_starts[0][1]: p for p in doc.paragraphs}
    assert "l’innovation en santé" in by_page[1].text
    assert "« massives »" in by_page[1].text
    assert [m.number for m in by_page[1].markers] == [1]
    assert by_page[2].text.startswith("Deuxième page : les hôpitaux et la télémédecine.")
    assert not any("note de bas de page" in p.text for p in doc.paragraphs)
