"""What is embedded of each passage, and the content keys of the embedding cache."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from santeqa.ingest.txt import BULLET
from santeqa.records import Chunk, Footnote


def citing_sentences(chunks: Sequence[Chunk]) -> dict[tuple[str, int], list[str]]:
    """For each note, the body sentences that cite it (each once, in reading order), and
    the bullets after a citing sentence that announces them (« Une enquête[3] montre que :
    • A • B »: note 3 backs A and B)."""
    out: dict[tuple[str, int], list[str]] = {}
    for c in chunks:
        if c.kind != "body":
            continue
        for j, s in enumerate(c.sentences):
            for n in s.footnotes:
                texts = out.setdefault((c.document, n), [])
                for sentence in [c.text[s.start : s.end], *led_items(c, j)]:
                    if sentence not in texts:
                        texts.append(sentence)
    return out


def led_items(chunk: Chunk, j: int) -> list[str]:
    """The bullets that follow sentence ``j`` when it announces them (ends with « : »)."""
    sentences = [chunk.text[s.start : s.end] for s in chunk.sentences]
    if not sentences[j].rstrip().endswith(":"):
        return []
    items = []
    for text in sentences[j + 1 :]:
        if not text.startswith(BULLET):
            break
        items.append(text)
    return items


def retrieval_text(
    chunk: Chunk, notes: dict[tuple[str, int], Footnote], citing: dict[tuple[str, int], list[str]]
) -> str:
    """What retrieval sees of a passage.

    A body passage carries the text of the notes it cites, and a note carries the sentences
    that cite it, so « d'où vient ce chiffre ? » finds both the sentence and its source even
    when the note stands at the bottom of another page.
    """
    if chunk.kind == "note":
        context = [t for n in chunk.footnotes for t in citing.get((chunk.document, n), [])]
        return "\n".join([*context, chunk.text])
    cited = [notes[(chunk.document, n)] for n in chunk.footnotes if (chunk.document, n) in notes]
    parts = [" ".join(chunk.section), chunk.text, *(f"{n.number}. {n.text}" for n in cited)]
    return "\n".join(p for p in parts if p)


def sentence_texts(chunk: Chunk) -> list[str]:
    return [chunk.text[s.start : s.end] for s in chunk.sentences]


def text_key(model: str, prefix: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{prefix}\x00{text}".encode()).hexdigest()[:32]
