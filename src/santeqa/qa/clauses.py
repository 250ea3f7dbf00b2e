"""Which clause each footnote marker supports.

A marker belongs to the clause it follows: in « A[1] (…) et B[2] (…). », note 1 supports
« A[1] (…) » and note 2 « et B[2] (…) ». The clause of a marker runs from the end of the
previous clause of the same sentence (or the sentence's start) to the marker, plus a
parenthesis that opens right after the marker (it qualifies the words before it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from santeqa.records import Chunk, Document, Paragraph


@dataclass(frozen=True)
class Clause:
    """The stretch of a passage that a note supports: ``chunk.text[start:end]``."""

    number: int
    chunk_row: int
    sentence: int
    start: int
    end: int


def _locate(paragraphs: Sequence[Paragraph], text: str) -> tuple[Paragraph, int] | None:
    for para in paragraphs:
        at = para.text.find(text)
        if at >= 0:
            return para, at
    return None


def _after_parenthesis(text: str, offset: int) -> int:
    """``offset``, or the end of a parenthesis opening right there (nested ones counted)."""
    at = offset + len(text[offset:]) - len(text[offset:].lstrip())
    if not text.startswith("(", at):
        return offset
    depth = 0
    for i in range(at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    return offset


def note_clauses(chunks: Sequence[Chunk], documents: Mapping[str, Document]) -> list[Clause]:
    """Every (note, clause) pair of the body passages, in reading order.

    Marker offsets live on the repaired paragraphs; a passage's sentence is found in its
    paragraph by its text (sentences are verbatim slices of paragraphs).
    """
    out: list[Clause] = []
    for row, chunk in enumerate(chunks):
        doc = documents.get(chunk.document)
        if chunk.kind != "body" or doc is None:
            continue
        for j, sent in enumerate(chunk.sentences):
            if not sent.footnotes:
                continue
            text = chunk.text[sent.start : sent.end]
            found = _locate(doc.paragraphs, text)
            markers: list[tuple[int, int]] = []
            if found is not None:
                para, at = found
                markers = sorted(
                    (m.offset - at, m.number)
                    for m in para.markers
                    if at <= m.offset <= at + len(text) and m.number in sent.footnotes
                )
            if not markers:  # marker positions unknown: each note supports the sentence
                markers = [(len(text), n) for n in sent.footnotes]
            begin = 0
            for offset, number in markers:
                a = begin + (len(text[begin:offset]) - len(text[begin:offset].lstrip(" ,;")))
                b = max(a, _after_parenthesis(text, offset))
                out.append(Clause(number, row, j, sent.start + a, sent.start + b))
                begin = b
    return out


def clause_texts(
    chunks: Sequence[Chunk], clauses: Sequence[Clause]
) -> dict[tuple[str, int], list[str]]:
    """For each note (document, number), the clauses that cite it (each once)."""
    out: dict[tuple[str, int], list[str]] = {}
    for c in clauses:
        chunk = chunks[c.chunk_row]
        texts = out.setdefault((chunk.document, c.number), [])
        piece = chunk.text[c.start : c.end]
        if piece and piece not in texts:
            texts.append(piece)
    return out
