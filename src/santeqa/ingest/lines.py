"""Lines of a page and how they are joined into one text (hyphens, cut names, page starts)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from santeqa.ingest.lexicon import Lexicon, join_hyphenated, repair_text

#: a bullet glyph opening a line (symbol-font glyphs decode to U+F0xx), or Word's « o » bullet
BULLET_START = re.compile(
    "^(?:[\u2022\u2023\u2043\u25a0\u25aa\u25cb\u25cf\u25e6\u27a2\u2713\u2714\u25ba\uf000-\uf0ff]"
    r"|o(?=\s+[A-ZÀ-ÖØ-Þ«(\"]))\s*"
)


@dataclass
class Line:
    text: str  # whitespace collapsed
    raw: str  # as read (for the trailing hyphen)
    page: int
    #: the line ends inside a word too long for a line (the layout broke it where the line
    #: was full): the next line, if it opens with a letter or digit, goes on without a space
    word_cut: bool = False


def join_lines(
    lines: Sequence[Line], lexicon: Lexicon, counts: dict[str, int]
) -> tuple[str, list[tuple[int, int]]]:
    """The repaired lines joined into one text, and (offset, page) where each page starts."""
    text = ""
    starts: list[tuple[int, int]] = []
    previous: Line | None = None
    for line in lines:
        piece = " ".join(repair_text(line.text, lexicon, counts).split())
        if previous is None:
            text = piece
        else:
            counts["lines_joined"] = counts.get("lines_joined", 0) + 1
            raw = previous.raw
            if raw.endswith("-") and len(raw) > 1 and raw[-2].isalnum() and piece:
                text = join_hyphenated(text, piece, lexicon, counts)
            elif cut_name(text) or (previous.word_cut and piece[:1].isalnum()):
                text = text + piece  # a file name or URL cut at the line end
            else:
                text = f"{text} {piece}" if text else piece
        if not starts or starts[-1][1] != line.page:
            starts.append((len(text) - len(piece), line.page))
        previous = line
    return text, starts


def cut_name(text: str) -> bool:
    """``text`` ends with a file name or URL cut at the line end (joined without a space)."""
    token = text.rsplit(" ", 1)[-1]
    return token.endswith(("/", "_")) and ("_" in token or "." in token or "/" in token[:-1])
