"""What is embedded of each passage, and the content keys of the embedding cache."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from santeqa.records import Chunk, Footnote


def citing_sentences(chunks: Sequence[Chunk]) -> dict[tuple[str, int], list[str]]:
    """For each note, the body sentences that cite it (each once, in reading order)."""
    out: dict[tuple[str, int], list[str]] = {}
    for c in chunks:
        if c.kind != "body":
            continue
        for s in c.sentences:
            for n in s.footnotes:
                texts = out.setdefault((c.document, n), [])
                sentence = c.text[s.start : s.end]
                if sentence not in texts:
                    texts.append(sentence)
    return out


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


#: shortest report word embedded for glossing (``qa.gloss``): shorter ones are function words
#: or abbreviations, whose neighbours say nothing
MIN_WORD_CHARS = 4
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:-[^\W\d_]+)*")


def report_words(texts: Sequence[str]) -> list[str]:
    """The distinct words of ``texts`` (lower case, at least ``MIN_WORD_CHARS`` letters, a
    hyphenated word whole), sorted: what is embedded once per index for ``qa.gloss``."""
    return sorted({w.lower() for t in texts for w in _WORD.findall(t) if len(w) >= MIN_WORD_CHARS})
