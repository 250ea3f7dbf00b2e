"""French sentence splitting and section-bounded chunks of about ``words`` words.

Chunks never cross a section boundary; neighbours in a section share ``overlap`` sentences;
a section shorter than ``max_words`` is one chunk. Sizes are balanced over the section (a
small dynamic programme) rather than filled greedily, so that no tail chunk is tiny.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from santeqa.records import SECTION_SEPARATOR, Chunk, Document, Paragraph, Sentence
from santeqa.tunables import ChunkSplit

#: lower-case, without their final period: never end a sentence
ABBREVIATIONS = frozenset(
    {
        "m",
        "mm",
        "mme",
        "mmes",
        "mlle",
        "mlles",
        "dr",
        "drs",
        "pr",
        "mgr",
        "st",
        "ste",
        "art",
        "arts",
        "cf",
        "p",
        "pp",
        "ex",
        "i.e",
        "e.g",
        "c.-à-d",
        "c-à-d",
        "etc",
        "vol",
        "no",
        "n°",
        "chap",
        "fig",
        "éd",
        "coll",
        "env",
        "av",
        "apr",
        "janv",
        "févr",
        "avr",
        "juill",
        "oct",
        "nov",
        "déc",
        "vs",
        "op",
        "cit",
        "ibid",
        "al",
        "resp",
        "mr",
        "mrs",
        "ms",
        "prof",
        "dir",
        "éds",
        "suiv",
        "tél",
        "hab",
    }
)

_END = re.compile(r"[.!?…]+")
_CLOSING = re.compile(r"(?:\s?[»”\"’)\]])*")
_STARTERS = '«"“(•[‘'
_WORD = re.compile(r"\w")


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit (bullets and dashes not counted)."""
    return sum(1 for token in text.split() if _WORD.search(token))


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans of « quotes » that close before the next one opens: never split inside."""
    spans = []
    for m in re.finditer("«", text):
        close = text.find("»", m.end())
        reopen = text.find("«", m.end())
        if close != -1 and (reopen == -1 or close < reopen):
            spans.append((m.start(), close))
    return spans


def _abbreviation(text: str, end: int) -> bool:
    """Does the token ending at ``end`` (just before a period) read as an abbreviation?"""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = text[start:end].lstrip("(«\"“[‘’'")
    low = token.lower()
    if low in ABBREVIATIONS or low.split("’")[-1].split("'")[-1] in ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isupper():  # an initial: « L. 4001 », « J. Dupont »
        return True
    return re.fullmatch(r"(?:\w\.)+\w", token) is not None  # i.e, e.g, U.S


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, whitespace trimmed."""
    quotes = _protected(text)
    cuts: list[int] = []
    for m in _END.finditer(text):
        end = _CLOSING.match(text, m.end())
        stop = end.end() if end else m.end()
        if stop >= len(text) or not text[stop].isspace():
            continue
        nxt = text[stop:].lstrip()
        if not nxt or not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in _STARTERS):
            continue
        if m.group() == "." and _abbreviation(text, m.start()):
            continue
        if any(a < m.start() < b for a, b in quotes):
            continue
        cuts.append(stop)
    spans = []
    start = 0
    for cut in [*cuts, len(text)]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
        start = cut
    return spans


@dataclass(frozen=True)
class _Unit:
    paragraph: int  # index in the section's paragraphs
    text: str
    words: int
    page: int
    pages: tuple[int, ...]
    footnotes: tuple[int, ...]
    page_starts: tuple[tuple[int, int], ...]  # offsets in ``text`` -> page, as in Paragraph


def _page_starts_between(para: Paragraph, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """``para.page_starts`` for ``para.text[start:end]``: where each page of it begins."""
    inside = [(offset - start, page) for offset, page in para.page_starts if start < offset < end]
    return ((0, para.page_at(start)), *inside)


def _pages_between(para: Paragraph, start: int, end: int) -> tuple[int, ...]:
    pages = {para.page_at(start)}
    pages.update(p for offset, p in para.page_starts if start <= offset < end)
    return tuple(sorted(pages))


def _units(paragraphs: Sequence[Paragraph], max_words: int, piece_words: int) -> list[_Unit]:
    units: list[_Unit] = []
    for index, para in enumerate(paragraphs):
        spans = split_sentences(para.text)
        taken: set[int] = set()
        for start, end in spans:
            notes = []
            for k, marker in enumerate(para.markers):
                if k not in taken and start <= marker.offset <= end:
                    taken.add(k)
                    notes.append(marker.number)
            for a, b in _word_pieces(para.text, start, end, max_words, piece_words):
                inside = tuple(sorted({n for n in notes if _marker_in(para, n, a, b)}))
                units.append(
                    _Unit(
                        paragraph=index,
                        text=para.text[a:b],
                        words=count_words(para.text[a:b]),
                        page=para.page_at(a),
                        pages=_pages_between(para, a, b),
                        footnotes=inside,
                        page_starts=_page_starts_between(para, a, b),
                    )
                )
    return units


def _marker_in(para: Paragraph, number: int, start: int, end: int) -> bool:
    return any(m.number == number and start <= m.offset <= end for m in para.markers)


def _word_pieces(
    text: str, start: int, end: int, max_words: int, piece_words: int
) -> list[tuple[int, int]]:
    """A sentence longer than ``max_words`` cut at word boundaries into pieces of
    ``piece_words``; else the sentence."""
    if count_words(text[start:end]) <= max_words:
        return [(start, end)]
    pieces = []
    bounds = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    size = max(1, piece_words)
    for i in range(0, len(bounds), size):
        group = bounds[i : i + size]
        pieces.append((group[0][0], group[-1][1]))
    return pieces


def _partition(
    words: Sequence[int], target: int, low: int, high: int, overlap: int, split: ChunkSplit
) -> list[tuple[int, int]]:
    """Unit ranges [start, end) of the chunks: sizes near ``target``, within [low, high]."""
    n = len(words)
    prefix = [0]
    for w in words:
        prefix.append(prefix[-1] + w)
    if prefix[n] <= high or n == 1:
        return [(0, n)]

    def cost(start: int, end: int) -> float:
        w = prefix[end] - prefix[start]
        c = float((w - target) ** 2)
        if w > high:
            c += split.over_ceiling_penalty * (w - high)
        if w < low:
            c += split.under_floor_penalty * (low - w)
        return c

    inf = float("inf")
    # best[e]: (cost of covering units [0, e) with chunks, end of previous chunk, start)
    best: list[tuple[float, int, int]] = [(inf, -1, 0)] * (n + 1)
    for e in range(1, n + 1):
        best[e] = (cost(0, e), -1, 0)
        for p in range(1, e):
            previous, _, prev_start = best[p]
            if previous == inf:
                continue
            options = [(p - overlap, 0.0), (p, split.no_overlap_penalty)] if overlap else [(p, 0.0)]
            for s, penalty in options:
                if s <= prev_start:
                    continue
                c = previous + cost(s, e) + penalty
                if c < best[e][0]:
                    best[e] = (c, p, s)
    ranges = []
    e = n
    while e > 0:
        _, p, s = best[e]
        ranges.append((s, e))
        e = p if p > 0 else 0
    return ranges[::-1]


def _chunk_id(document: str, section: tuple[str, ...], text: str) -> str:
    key = "\x1f".join((document, SECTION_SEPARATOR.join(section), text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _make_chunk(document: str, section: tuple[str, ...], units: Sequence[_Unit]) -> Chunk:
    text = ""
    sentences: list[Sentence] = []
    page_starts: list[tuple[int, int]] = []
    for i, unit in enumerate(units):
        if i:
            text += " " if unit.paragraph == units[i - 1].paragraph else "\n"
        start = len(text)
        text += unit.text
        sentences.append(Sentence(start, len(text), unit.page, unit.footnotes))
        for offset, page in unit.page_starts:
            if not page_starts or page_starts[-1][1] != page:
                page_starts.append((start + offset, page))
    return Chunk(
        id=_chunk_id(document, section, text),
        document=document,
        page=units[0].page,
        pages=tuple(sorted({p for u in units for p in u.pages})),
        section=section,
        text=text,
        footnotes=tuple(sorted({n for u in units for n in u.footnotes})),
        sentences=tuple(sentences),
        page_starts=tuple(page_starts),
    )


def _sections(paragraphs: Sequence[Paragraph]) -> list[list[Paragraph]]:
    groups: list[list[Paragraph]] = []
    for para in paragraphs:
        if groups and groups[-1][0].section == para.section:
            groups[-1].append(para)
        else:
            groups.append([para])
    return groups


def chunk_document(
    doc: Document,
    *,
    words: int = 120,
    max_words: int = 160,
    overlap: int = 1,
    split: ChunkSplit = ChunkSplit(),
) -> list[Chunk]:
    """The chunks of one document, in reading order."""
    low = max(1, min(words, round(words * split.floor_ratio)))
    high = max(max_words, words)
    piece = int(high * split.piece_ratio)
    chunks: list[Chunk] = []
    for group in _sections(doc.paragraphs):
        units = _units(group, high, piece)
        if not units:
            continue
        sizes = [u.words for u in units]
        for start, end in _partition(sizes, words, low, high, overlap, split):
            chunks.append(_make_chunk(doc.name, group[0].section, units[start:end]))
    return chunks


def chunk_documents(
    docs: Iterable[Document],
    *,
    words: int = 120,
    max_words: int = 160,
    overlap: int = 1,
    split: ChunkSplit = ChunkSplit(),
) -> list[Chunk]:
    """The chunks of every document, documents in the given order."""
    out: list[Chunk] = []
    for doc in docs:
        out.extend(
            chunk_document(doc, words=words, max_words=max_words, overlap=overlap, split=split)
        )
    return out


def repair_stats(docs: Iterable[Document]) -> dict[str, int]:
    """Repair counts of all documents, summed by kind (sorted by kind)."""
    total: dict[str, int] = {}
    for doc in docs:
        for kind, n in doc.repairs.items():
            total[kind] = total.get(kind, 0) + n
    return dict(sorted(total.items()))


def _one_sentence_chunk(
    doc: Document,
    section: tuple[str, ...],
    text: str,
    page: int,
    notes: tuple[int, ...],
    kind: str,
    page_starts: tuple[tuple[int, int], ...] = (),
) -> Chunk:
    starts = page_starts or ((0, page),)
    return Chunk(
        id=_chunk_id(doc.name, section, text),
        document=doc.name,
        page=page,
        pages=tuple(dict.fromkeys(p for _, p in starts)),
        section=section,
        text=text,
        footnotes=notes,
        sentences=(Sentence(0, len(text), page, notes),),
        kind=kind,
        page_starts=starts,
    )


def glossary_chunks(doc: Document) -> list[Chunk]:
    """One small passage per glossary entry (« SNDS Système National des Données de Santé »),
    so that acronym questions can be answered from the glossary itself."""
    return [
        _one_sentence_chunk(
            doc, ("Sigles", e.acronym), f"{e.acronym} {e.expansion}", e.page, (), "glossary"
        )
        for e in doc.glossary
    ]


def note_chunks(doc: Document) -> list[Chunk]:
    """One passage per footnote: its text, on the pages where it stands, citing itself.

    Questions about sources (« d'où vient ce chiffre ? ») are answered by these.
    """
    return [
        _one_sentence_chunk(
            doc, ("Notes", f"Note {n.number}"), n.text, n.page, (n.number,), "note", n.page_starts
        )
        for n in doc.footnotes
    ]


def passages(
    docs: Sequence[Document],
    *,
    words: int = 120,
    max_words: int = 160,
    overlap: int = 1,
    split: ChunkSplit = ChunkSplit(),
) -> list[Chunk]:
    """Everything that is indexed: body chunks, then every footnote, then glossary entries."""
    out = chunk_documents(docs, words=words, max_words=max_words, overlap=overlap, split=split)
    for doc in docs:
        out += note_chunks(doc)
        out += glossary_chunks(doc)
    return out
