"""A PDF's glossary: a two-column table (acronym | expansion) read row by row.

A row is an acronym and its expansion, which may take several lines. A line of the
expansions' column without an acronym belongs to the row above it or to the row below it:
cells may be aligned at the top, the middle or the bottom of their row, so the rows are cut
at the widest gap between those lines (at the row below the acronym line on a tie, the
usual top alignment). A page break is no such gap: when the page turns between two rows and
no gap is wider than a cell's line spacing, the lines stay with the row above. A header row
(« Sigle | Signification ») is skipped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from santeqa.ingest.heuristics import IngestHeuristics
from santeqa.ingest.pdf_lines import PdfLine, cells
from santeqa.ingest.words import FUNCTION_WORDS, last_word

_ACRONYM = re.compile(r"^[0-9A-ZÀ-ÖØ-Þ][0-9A-Za-zÀ-ÖØ-öø-ÿ’'&.\-]*$")


@dataclass
class _Loose:
    """A line of the expansions' column not yet given to a row."""

    line: PdfLine
    text: str


@dataclass
class GlossaryTable:
    heuristics: IngestHeuristics
    body: float  # the body font size
    entries: list[tuple[str, str, int]] = field(default_factory=list)  # acronym, text, page
    column_x: float = 0.0  # where the expansions' column starts (0: no table seen yet)
    loose: list[_Loose] = field(default_factory=list)
    last: PdfLine | None = None  # the last line given to an entry

    def open(self) -> None:
        """A glossary heading: a table may start."""
        self.column_x = 0.0
        self.last = None

    def header(self, line: PdfLine) -> bool:
        """The table's header row: two columns, no acronym, first in the table or in bold
        (repeated at the top of each page)."""
        row = cells(line.runs, self.heuristics)
        first = not self.entries and not self.loose
        return len(row) == 2 and not acronym(row[0][1]) and (line.bold or first)

    def lone_acronym(self, line: PdfLine) -> bool:
        """An acronym alone in the first column (centred in a row of several lines), in the
        body size (bold, it would look like a heading)."""
        row = cells(line.runs, self.heuristics)
        return (
            len(row) == 1
            and acronym(row[0][1])
            and row[0][0] < self.column_x - self.body
            and abs(line.size - self.body) < 0.5
        )

    def read(self, line: PdfLine, left: float) -> bool:
        """Read a row (acronym | expansion) or a line of an expansion; False: not the table's
        (``left``: where the page's body lines start)."""
        row = cells(line.runs, self.heuristics)
        if len(row) >= 2 and acronym(row[0][1]):
            self._add(row[0][1], " ".join(t for _, t in row[1:]), line)
            self.column_x = row[1][0]
            return True
        if self.lone_acronym(line):  # its expansion's lines above and below it
            self._add(row[0][1], "", line)
            return True
        token, _, rest = row[0][1].partition(" ")
        if len(row) == 1 and acronym(token) and rest and not self.column_x:
            self._add(token, rest, line)  # the columns read as one run
            return True
        if self._in_expansions(row, left):
            self.loose.append(_Loose(line, " ".join(t for _, t in row)))
            return True
        return False

    def close(self) -> list[PdfLine]:
        """The table ends: loose lines go to the last row; with no row at all they were no
        table's and come back."""
        loose, self.loose = self.loose, []
        if not self.entries:
            return [item.line for item in loose]
        self._extend(loose)
        return []

    def _in_expansions(self, row: list[tuple[float, str]], left: float) -> bool:
        if self.column_x:  # a table: the text stands in the expansions' column
            return abs(row[0][0] - self.column_x) <= self.body
        if not self.entries:  # before the first row: a cell right of the margin
            return len(row) == 1 and row[0][0] - left > 2 * self.body
        expansion = (self.loose[-1].text if self.loose else self.entries[-1][1]).rstrip()
        return (
            row[0][1][:1].islower()
            or expansion.endswith((",", "-", "’", "'"))
            or last_word(expansion) in FUNCTION_WORDS
        )

    def _add(self, name: str, expansion: str, line: PdfLine) -> None:
        above, below = self._cut_loose(line)
        self._extend(above)
        text = " ".join([*(item.text for item in below), expansion]).strip()
        page = below[0].line.page if below else line.page
        self.entries.append((name, text, page))
        self.loose = []
        self.last = line

    def _cut_loose(self, line: PdfLine) -> tuple[list[_Loose], list[_Loose]]:
        """The loose lines of the row above, and those of ``line``'s row."""
        if not self.loose or self.last is None:
            return [], self.loose
        points = [self.last, *(item.line for item in self.loose), line]
        gaps = [
            round(a.y - b.y, 1) if a.page == b.page else -1.0 for a, b in itertools.pairwise(points)
        ]
        cut = max(range(len(gaps)), key=lambda i: (gaps[i], i))
        if -1.0 in gaps and gaps[cut] <= self.heuristics.cell_line_gap_share * line.size:
            # a page turns between the rows and no gap on either page is wider than a
            # cell's line spacing: nothing tells where the rows meet, so the lines go to
            # the row above (cells aligned at the top, the usual way)
            cut = len(self.loose)
        return self.loose[:cut], self.loose[cut:]

    def _extend(self, loose: list[_Loose]) -> None:
        for item in loose:
            name, expansion, page = self.entries[-1]
            self.entries[-1] = (name, f"{expansion} {item.text}", page)
            self.last = item.line


def acronym(token: str) -> bool:
    """``token`` looks like an acronym (« ARS », « CHU », « 5G », « e-CPS » not)."""
    if " " in token or not _ACRONYM.match(token):
        return False
    upper = sum(c.isupper() for c in token)
    return upper >= 2 or (upper >= 1 and any(c.isdigit() for c in token))
