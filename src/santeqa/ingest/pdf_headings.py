"""Headings of a PDF: which line styles are headings, and the section path they make.

A heading style is a (size, bold) pair of short heading-like lines: a size at least
``heading_size_share`` of the body's, or bold at the body size. Styles are ranked larger
first, then bold; a heading's level is its style's rank, deepened by its numbering
(« 1.2 » under « 1. »).

When one style stands for several levels (headings told apart by bold alone, all at one
size, unnumbered), the level comes from the order, as in the text export: a heading
followed by another of its style with no body text between is the other's parent; a
heading after body text is a sibling of the deepest heading of its style, or of an earlier
one opening with the same word (« Par les acteurs… » after « Par les acteurs… »).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from santeqa.ingest.heuristics import IngestHeuristics
from santeqa.ingest.lexicon import URL_RE
from santeqa.ingest.words import ARTICLES

#: a heading style: (size rounded to half a point, bold)
Style = tuple[float, bool]

_NUMBERING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)([.)]?)\s+\S")


@dataclass(frozen=True)
class HeadingStyles:
    """The document's heading styles ranked, and the ranks whose levels come from numbering."""

    ranks: dict[Style, int]
    numbered: frozenset[int] = frozenset()

    def __contains__(self, style: Style) -> bool:
        return style in self.ranks

    def __getitem__(self, style: Style) -> int:
        return self.ranks[style]


def heading_styles(
    lines: Iterable[tuple[float, bool, str]], body: float, heuristics: IngestHeuristics
) -> HeadingStyles:
    """Heading styles of lines given as (size, bold, text): larger first, then bold."""
    styles: set[Style] = set()
    numbered: set[Style] = set()
    for size, bold, text in lines:
        rounded = round(size * 2) / 2
        large = size >= heuristics.heading_size_share * body
        if (large or (bold and rounded >= body)) and heading_like(text, heuristics):
            styles.add((rounded, bold))
            if numbering_depth(text):
                numbered.add((rounded, bold))
    ranked = sorted(styles, key=lambda s: (-s[0], not s[1]))
    ranks = {style: level for level, style in enumerate(ranked)}
    return HeadingStyles(ranks, frozenset(ranks[s] for s in numbered))


def heading_like(text: str, heuristics: IngestHeuristics) -> bool:
    """Short, not ending like a sentence, opening with a letter or digit, no URL."""
    text = text.strip()
    if not text or len(text.split()) > heuristics.max_heading_words or text[-1] in ".!:;…,-":
        return False
    return text[0].isalnum() and URL_RE.search(text) is None


def numbering_depth(text: str) -> int:
    """How many numbers a heading's numbering has (« 1. » 1, « 1.2 » 2); 0 when none (a
    lone number needs its « . » or « ) »: « 10 guichets… » is no numbering)."""
    m = _NUMBERING.match(text)
    if m is None:
        return 0
    depth = m.group(1).count(".") + 1
    return depth if depth > 1 or m.group(2) else 0


def unnumbered(heading: str) -> str:
    """A heading without its numbering (« 5. Sigles » → « Sigles »)."""
    m = _NUMBERING.match(heading)
    if m is None or not numbering_depth(heading):
        return heading.strip()
    return heading[m.end(2) :].strip()


@dataclass
class _Heading:
    level: int
    text: str
    rank: int  # its style's rank


@dataclass
class Outline:
    """The path of headings in force, as headings and body text come."""

    styles: HeadingStyles
    max_run: int = 3  # deeper than this many headings in a row: siblings (a list, not levels)
    path: list[_Heading] = field(default_factory=list)
    run: int = 0  # headings of one style in a row with no body text between (0: body last)

    @property
    def section(self) -> tuple[str, ...]:
        return tuple(h.text for h in self.path)

    @property
    def last(self) -> str:
        return self.path[-1].text if self.path else ""

    def body(self) -> None:
        """Body text came: the next heading ends the run."""
        self.run = 0

    def go_on(self, text: str, *, glued: bool = False) -> None:
        """The last heading goes on at this line (a heading on two lines; ``glued``: a word
        hyphenated by the layout goes on)."""
        self.path[-1].text = f"{self.path[-1].text}{'' if glued else ' '}{text}"

    def open(self, text: str, rank: int) -> None:
        """A new heading ``text`` in the style of rank ``rank``."""
        if rank in self.styles.numbered or numbering_depth(text):
            level = rank + max(0, numbering_depth(text) - 1)
            self.run = 1
        elif self.run and self.path and self.path[-1].rank == rank:
            if self.run == 1:  # the run's first heading is the top of its style
                first = self.path.pop()
                self._place(_Heading(rank, first.text, rank))
            level = self.path[-1].level + (1 if self.run < self.max_run else 0)
            self.run += 1
        else:
            level = self._sibling_level(text, rank)
            self.run = 1
        self._place(_Heading(level, text, rank))

    def _place(self, heading: _Heading) -> None:
        while self.path and self.path[-1].level >= heading.level:
            self.path.pop()
        self.path.append(heading)

    def _sibling_level(self, text: str, rank: int) -> int:
        """After body text: the level of the deepest heading of this style, or of an earlier
        one (not the top one) opening with the same word; the style's rank when none."""
        alike = [h for h in self.path if h.rank == rank]
        if not alike:
            return rank
        first = _first_word(text)
        if first not in ARTICLES:
            for heading in self.path[1:-1]:
                if heading.rank == rank and _first_word(heading.text) == first:
                    return heading.level
        return alike[-1].level


def _first_word(text: str) -> str:
    return re.split(r"[\s’']", text.lower(), maxsplit=1)[0]
