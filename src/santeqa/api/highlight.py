"""Marking a quoted text on a page of the report (``/pages/{n}?hl=...``), and the links the
page view may show."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+")
_MIN_PIECE = 15


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


@dataclass(frozen=True)
class Block:
    """A paragraph of the page view: the section heading when it changes, then its text."""

    heading: str
    segments: list[Segment]


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` with white-space runs as one space, and each kept char's offset in ``text``."""
    chars: list[str] = []
    where: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and chars:
                chars.append(" ")
                where.append(i)
            in_space = True
        else:
            chars.append(ch)
            where.append(i)
            in_space = False
    return "".join(chars), where


def _find_spans(page_text: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` stands in ``page_text`` (white space ignored), as [start, end) spans.

    The whole quote first; failing that (a passage that runs over two pages), each of its
    sentences that is found.
    """
    norm, where = _normalised(page_text)
    wanted = " ".join(quote.split())
    if not wanted or not norm:
        return []
    pieces = [wanted] if wanted in norm else _SENTENCE_END.split(wanted)
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        piece = piece.strip()
        if len(piece) < min(_MIN_PIECE, len(wanted)):
            continue
        at = norm.find(piece)
        if at < 0:
            continue
        spans.append((where[at], where[at + len(piece) - 1] + 1))
    return sorted(spans)


def highlight(paragraphs: list[str], quote: str | None) -> list[list[Segment]]:
    """Each paragraph cut into plain and marked segments where ``quote`` stands."""
    if not quote:
        return [[Segment(p, False)] for p in paragraphs]
    joined = "\n".join(paragraphs)
    spans = _find_spans(joined, quote)
    out: list[list[Segment]] = []
    offset = 0
    for text in paragraphs:
        segments: list[Segment] = []
        cursor = 0
        for start, end in spans:
            s, e = max(start - offset, cursor), min(end - offset, len(text))
            if s >= e:
                continue
            if s > cursor:
                segments.append(Segment(text[cursor:s], False))
            segments.append(Segment(text[s:e], True))
            cursor = e
        if cursor < len(text):
            segments.append(Segment(text[cursor:], False))
        out.append(segments)
        offset += len(text) + 1
    return out


def safe_url(url: str) -> str | None:
    """``url`` when it is an http(s) link, else None (never a javascript: or data: link)."""
    url = url.strip()
    return url if re.match(r"https?://[^\s]+$", url, re.IGNORECASE) else None
