"""A PDF's structure read from its layout, as faithfully as from a text export.

* running headers, footers and page numbers (lines of the margin bands) are removed;
* notes are the lines in small type at the page foot, each starting with its number (a new
  number may start mid-line: two notes on one line); lines before the first number go on
  with the last note (a note continued on the next page);
* markers are the small digits glued after a word (superscript), not a guess from digits;
* headings are short lines in a larger size or in bold (``pdf_headings.py``: their level is
  the rank of their style, larger first, then bold, or from their order when one style
  stands for several levels); a line in bold at the body size only when it stands as a
  block of its own, not a bold phrase of a paragraph;
* a heading named like a glossary (« Sigles »…) opens a two-column table, read row by row;
* paragraphs break on a wider gap between lines, on a bullet glyph, after a heading; one
  left unfinished at a page end goes on at the next page;
* a link annotation goes to the note its rectangle covers (else to a note of that page naming
  the site).

A PDF without these signals (one font size, no runs) is read as a text export
(``txt.build_document`` on pypdf's text).
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from santeqa.ingest.heuristics import HEURISTICS, IngestHeuristics
from santeqa.ingest.lexicon import Lexicon
from santeqa.ingest.lines import Line, join_lines
from santeqa.ingest.notes import (
    Note,
    NoteState,
    assign_url,
    distinct_urls,
    finish_notes,
    note_start,
    remove_marker_spans,
)
from santeqa.ingest.pdf import PdfPage, Run
from santeqa.ingest.pdf_glossary import GlossaryTable
from santeqa.ingest.pdf_headings import (
    HeadingStyles,
    Outline,
    heading_like,
    heading_styles,
    numbering_depth,
    unnumbered,
)
from santeqa.ingest.pdf_lines import (
    MARKER_RE,
    PdfLine,
    body_size,
    cells,
    is_marker,
    margin_lines,
    page_lines,
    run_end,
    split_runs,
)
from santeqa.ingest.txt import BULLET, assemble_document, build_document
from santeqa.ingest.words import CAPTION_WORDS, GLOSSARY_TITLES
from santeqa.records import Document, Paragraph

log = logging.getLogger(__name__)

_TERMINAL = ".!?:;…"
_CLOSERS = '»"”’)] '
_RULE = re.compile(r"^[\s_\-–—.·*=~]{3,}$")
_LEADING_MARKERS = re.compile(f"^(?:{MARKER_RE.pattern})+")


@dataclass
class _Item:
    lines: list[Line]
    section: tuple[str, ...]
    bullet: bool = False


@dataclass
class _Segment:
    """Where part of a note is printed (to find the note a link rectangle covers)."""

    note: Note
    page: int
    y: float
    x0: float
    size: float


@dataclass
class _Reader:
    """Walks the lines of the pages in order, keeping notes, sections, paragraphs, glossary."""

    body: float
    leading: float
    right: float  # where full body lines end (0: unknown)
    levels: HeadingStyles
    heuristics: IngestHeuristics
    counts: dict[str, int]
    notes: list[Note] = field(default_factory=list)
    segments: list[_Segment] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    outline: Outline = field(init=False)  # the headings in force
    table: GlossaryTable = field(init=False)  # the glossary
    in_glossary: bool = False
    left: float = 0.0  # where most body lines of the page start
    heading_style: int = -1  # style rank of the last heading line
    fresh: bool = True  # no body line since the last heading
    # the notes' numbers are drawn raised (a word processor's superscript): a line opening
    # with plain digits then goes on with a note (« … la question » / « 8 portait … »)
    raised_numbers: bool = False
    # the right edge of a narrower column (text wrapping around a picture), by line (``id``)
    edges: dict[int, float] = field(default_factory=dict)
    # the lines of a text box set beside the body text, read once the paragraph they stand
    # beside has ended (``_split_boxes``), and the body lines beside it not yet read
    boxed: list[PdfLine] = field(default_factory=list)
    beside_box: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.table = GlossaryTable(self.heuristics, self.body)
        self.outline = Outline(self.levels, self.heuristics.max_heading_run)

    def count(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    # --- a page --------------------------------------------------------------------------
    def read_page(self, lines: list[PdfLine], next_page: list[PdfLine]) -> None:
        """Read a page's lines (``next_page``'s, to see how the page's last line goes on)."""
        start = len(lines)
        while start > 0 and self._small(lines[start - 1]):
            start -= 1
        body, foot = lines[:start], lines[start:]
        starts = Counter(round(ln.text_x) for ln in body if _rounded(ln.size) == self.body)
        self.left = starts.most_common(1)[0][0] if starts else 0.0
        leftover = self._read_notes(foot)
        lines = self._split_boxes(body) + leftover
        self.edges = self._column_edges(lines)
        after = [ln for ln in next_page if not self._small(ln)][:1]
        for i, line in enumerate(lines):
            self._read_line(line, lines[i - 1] if i else None, (lines[i + 1 :] + after)[:1])

    def _split_boxes(self, lines: list[PdfLine]) -> list[PdfLine]:
        """The page's body lines with a text box beside them taken out. A box's lines are
        drawn at the heights of body lines, each grouped with the body line at its height,
        its text starting at the box's left edge: on two lines or more, past the middle of
        the text's width, a run starts at that same x after a gap wider than the line's
        other gaps by a word gap (text drawn word by word, its gaps all alike, is no box).
        Every body line with a run starting at that edge is then cut there, whatever the gap
        before it (LibreOffice may wrap a line flush against the box). The runs before it
        are the body line; those from it, and lines starting there alone, are the box's,
        read as paragraphs of their own when the paragraph beside the box ends."""
        if not self.right or self.in_glossary:
            return lines
        middle = self.left + 0.5 * (self.right - self.left)
        cuts = {id(line): at for line in lines if (at := self._box_cut(line, middle)) is not None}
        starts = Counter(round(line.runs[at].x) for line in lines if (at := cuts.get(id(line))))
        edge = next((x for x, n in starts.most_common(1) if n >= 2), None)
        if edge is None:
            return lines
        out: list[PdfLine] = []
        for line in lines:
            # once the edge is known, a line is cut there whatever the gap before it (the
            # text may wrap flush against the box)
            at = next((k for k, r in enumerate(line.runs) if k and abs(r.x - edge) <= 1), None)
            if at is not None and self._from_left(line):
                body, box = split_runs(line, at, self.heuristics)
                out.append(body)
                self.beside_box.add(id(body))
                self.boxed.append(box)
                self.count("pdf_box_lines")
            elif abs(line.x0 - edge) <= 1:
                self.boxed.append(line)  # a line of the box beside no body line
                self.count("pdf_box_lines")
            else:
                out.append(line)
        return out

    def _box_cut(self, line: PdfLine, middle: float) -> int | None:
        """The run of a body line (from the left margin) past ``middle`` after the line's
        widest gap, wider than its other gaps by a word gap; None without one."""
        h = self.heuristics
        if not self._from_left(line):
            return None
        runs = line.runs
        gaps = [runs[k].x - run_end(runs[k - 1], h) for k in range(1, len(runs))]
        if not gaps:
            return None
        widest = max(range(len(gaps)), key=lambda k: gaps[k])
        others = max((g for k, g in enumerate(gaps) if k != widest), default=0.0)
        if runs[widest + 1].x <= middle or gaps[widest] < others + h.word_gap_share * line.size:
            return None
        return widest + 1

    def _from_left(self, line: PdfLine) -> bool:
        """A body line starting at the left margin (one a text box may stand beside)."""
        return _rounded(line.size) == self.body and abs(line.x0 - self.left) <= line.size

    def _read_box(self) -> None:
        """The lines of a text box, once the body text beside it is read: each a paragraph,
        but a line going on with the one before (that one unfinished, this one opening in
        lower case: a sentence wrapped in the narrow box)."""
        boxed, self.boxed = self.boxed, []
        for k, line in enumerate(boxed):
            goes_on = k > 0 and line.text[:1].islower() and self._unfinished(self.items[-1])
            if goes_on:
                self.items[-1].lines.append(self._as_line(line))
            else:
                self._new_item(line)

    def _column_edges(self, lines: list[PdfLine]) -> dict[int, float]:
        """The right edge of each line of a narrower column: in a run of body lines ending well
        before the page's right edge, three or more ending close to their median (the longest
        of them is the column's edge; a paragraph's last line may be shorter). Text wrapping
        around a picture is such a column: its lines would otherwise each read as left short.
        (Two lines close are not enough: two short paragraphs of about one length.)"""
        h = self.heuristics
        edges: dict[int, float] = {}

        def short(line: PdfLine) -> bool:
            # body text from the left margin or a list item's indent, in one piece: no bold
            # line (a heading), no table row (cells far apart: the glossary)
            return (
                bool(self.right)
                and _rounded(line.size) == self.body
                and not line.bold
                and line.measured
                and -line.size <= line.text_x - self.left <= h.column_indent_share * line.size
                and line.end(h) < self.right - h.column_short_share * line.size
                and len(cells(line.runs, h)) == 1
            )

        spread = h.column_spread_share * self.body
        word = h.column_word_share * self.body
        runs = [list(g) for k, g in itertools.groupby(lines, key=short) if k]
        for run in runs:
            ends = [ln.end(h) for ln in run]
            # the column's edge: the longest of the ends close to their median that two other
            # ends come close to (within a long word); a longer line of the run (the last
            # line of a paragraph before the column) is no part of it
            middle = statistics.median(ends)
            close = [e for e in ends if abs(e - middle) <= spread / 2]
            held = [e for i, e in enumerate(close) if _near_below(close, i, word) >= 2]
            if len(close) >= 3 and held:
                edge = max(held)
                # a line ending a little past that edge (under a long word's width) is the
                # column's too: its own end is its edge
                edges.update(
                    (id(ln), max(edge, e))
                    for ln, e in zip(run, ends, strict=True)
                    if e <= edge + word
                )
        return edges

    def _small(self, line: PdfLine) -> bool:
        return line.size <= self.heuristics.note_size_share * self.body

    # --- notes ---------------------------------------------------------------------------
    def _read_notes(self, foot: list[PdfLine]) -> list[PdfLine]:
        """Read the note lines of a page foot; return lines that belong to no note."""
        started = False
        leftover: list[PdfLine] = []
        for line in foot:
            pieces = self._note_pieces(line)
            if pieces and pieces[0][0] is None and not started and not self._note_goes_on(line):
                leftover.append(line)  # small print above the notes: a caption, say
                continue
            for i, (number, x0, text) in enumerate(pieces):
                if number is not None:
                    self.notes.append(Note(number, []))
                    started = True
                note = self.notes[-1]
                last = i == len(pieces) - 1
                note.lines.append(
                    self._line_end(line, text) if last else Line(text, text, line.page)
                )
                self.segments.append(_Segment(note, line.page, line.y, x0, line.size))
        return leftover

    def _note_goes_on(self, line: PdfLine) -> bool:
        """``line`` continues the last note: unfinished, and in the size of its type."""
        if not self.notes or not self.notes[-1].lines or not self.segments:
            return False
        if abs(self.segments[-1].size - line.size) > 0.5:  # other small print (a table…)
            return False
        last = self.notes[-1].lines[-1].text.rstrip()
        return not last or last[-1] not in ".)»!?"

    def _note_pieces(self, line: PdfLine) -> list[tuple[int | None, float, str]]:
        """(note number or None for a continuation, x, text) of the parts of a note line."""
        pieces: list[tuple[int | None, float, list[Run]]] = []
        expected = self.notes[-1].number + 1 if self.notes else 1
        for i, run in enumerate(line.runs):
            head = run.text.strip()
            after_note = bool(pieces) and _ends_sentence(pieces[-1][2])
            starts = head == str(expected) and (
                i == 0 or after_note or is_marker(run, line.size, self.heuristics, line.y)
            )
            if starts and i == 0 and not self.notes:
                self.raised_numbers = is_marker(run, line.size, self.heuristics, line.y)
            inline = (
                note_start(run.text, expected)
                if i == 0 and not starts and not self.raised_numbers
                else None
            )
            if starts or inline is not None:  # a raised number, or ``N text`` in one run
                rest = [run._replace(text=inline)] if inline is not None else []
                pieces.append((expected, run.x, rest))
                expected += 1
            elif pieces:
                pieces[-1][2].append(run)
            else:
                pieces.append((None, run.x, [run]))
        out = []
        for number, x0, runs in pieces:
            text = " ".join(t for _, t in cells(runs, self.heuristics))
            if text or number is not None:
                out.append((number, x0, text))
        return out

    # --- body ----------------------------------------------------------------------------
    def _read_line(self, line: PdfLine, previous: PdfLine | None, following: list[PdfLine]) -> None:
        if _RULE.match(line.plain):  # a separator drawn with « ____ »
            return
        style = (_rounded(line.size), line.bold)
        heading = style in self.levels and heading_like(line.plain, self.heuristics)
        if heading and line.size < self.heuristics.heading_size_share * self.body:
            heading = self._stands_alone(line, previous, following[0] if following else None)
        if self.in_glossary:
            heading = heading and not self.table.lone_acronym(line)
            if self.table.header(line):
                self.count("glossary_header_rows")
                return
            if not heading and self.table.read(line, self.left):
                self.outline.body()  # a heading after the table ends the glossary's run
                return
            self.end_glossary()
        if heading:
            if self.boxed and not self.beside_box:
                self._read_box()  # in the section of the paragraph it stands beside
            self._heading(line, previous, self.levels[style])
            return
        self._read_body_line(line, previous)

    def finish(self) -> None:
        """The end of the document: a text box not yet read is read."""
        self.beside_box.clear()
        if self.boxed:
            self._read_box()

    def end_glossary(self) -> None:
        """The glossary ends; lines it held that were no table's are read as body text."""
        self.in_glossary = False
        earlier: PdfLine | None = None
        for line in self.table.close():
            self._read_body_line(line, earlier)
            earlier = line

    def _read_body_line(self, line: PdfLine, previous: PdfLine | None) -> None:
        self.beside_box.discard(id(line))
        gap = previous.y - line.y if previous is not None else None
        if line.bullet:
            self.count("bullet")
            self._new_item(line, bullet=True)
        elif self.fresh or not self.items:
            self._new_item(line)
        elif gap is None:  # first line of a page
            if line.text[:1].islower() or self._unfinished(self.items[-1]):
                self.count("pages_joined")
                self.items[-1].lines.append(self._as_line(line))
            else:
                self._new_item(line)
        elif gap > self.heuristics.paragraph_gap_share * self.leading or self._ends_paragraph(
            previous, line
        ):
            self._new_item(line)
        else:
            self.items[-1].lines.append(self._as_line(line))
        self.fresh = False
        self.outline.body()

    def _stands_alone(
        self, line: PdfLine, previous: PdfLine | None, following: PdfLine | None
    ) -> bool:
        """A bold line at the body size is a heading only as a block of its own: no list
        item; after a paragraph's end (a wider gap, a sentence end, a line left short, a
        heading) and before a new one (a wider gap, a line break: the next line's first
        word would have fitted; not a lowercase continuation). A bold phrase filling a
        line inside a paragraph, or a paragraph's bold first line, is body text."""
        if line.bullet:
            return False
        wide = self.heuristics.paragraph_gap_share * self.leading
        if previous is not None and not (self.fresh and self._is_heading_style(previous)):
            last = MARKER_RE.sub("", previous.text).rstrip(_CLOSERS)
            ended = (bool(last) and last[-1] in _TERMINAL) or previous.y - line.y > wide
            if not ended and not self._line_left_short(previous, line):
                return False
        if following is None or numbering_depth(line.plain):  # numbered: a heading
            return True
        if following.page != line.page:  # the next page opens with a new sentence
            return not following.text[:1].islower()
        if self._is_heading_style(following):  # a heading run, or this heading's next line
            together = f"{line.plain} {following.plain}"
            return line.y - following.y > wide or heading_like(together, self.heuristics)
        if following.text[:1].islower():
            return False
        return line.y - following.y > wide or self._line_left_short(line, following)

    def _is_heading_style(self, line: PdfLine) -> bool:
        return (_rounded(line.size), line.bold) in self.levels and heading_like(
            line.plain, self.heuristics
        )

    def _line_left_short(self, line: PdfLine, following: PdfLine) -> bool:
        """``following``'s first word would have fitted at the end of ``line``."""
        if not (self.right and line.measured and following.measured):
            return False
        room = self.edges.get(id(line), self.right) - line.end(self.heuristics)
        return room > following.first_word_width() + self.heuristics.word_room_share * line.size

    def _ends_paragraph(self, previous: PdfLine | None, line: PdfLine) -> bool:
        """A paragraph break without a wider gap.

        ``line``'s first word would have fitted on ``previous`` (a line left short on
        purpose); or ``line`` does not stand where the lines of a list item go on (under the
        previous line's text); or ``previous`` ends a sentence and ``line`` is indented
        (a first-line indent, from the page's left margin or from ``previous``).
        """
        if previous is None:
            return False
        if self._line_left_short(previous, line):
            return True
        if self.items and self.items[-1].bullet:  # its lines go on under the previous one's text
            return abs(line.text_x - previous.text_x) > self.heuristics.word_gap_share * line.size
        last = MARKER_RE.sub("", previous.text).rstrip(_CLOSERS)
        indent = line.text_x - min(previous.text_x, self.left or previous.text_x)
        if (
            abs(line.text_x - previous.text_x) <= 0.5 * line.size
            and line.text_x - self.left >= self.heuristics.column_short_share * line.size
        ):
            indent = 0.0  # both start where a picture at their left pushes them: no indent
        return (
            bool(last)
            and last[-1] in _TERMINAL
            and indent >= self.heuristics.first_indent_share * line.size
        )

    def _as_line(self, line: PdfLine) -> Line:
        return self._line_end(line, line.text)

    def _line_end(self, line: PdfLine, text: str) -> Line:
        """``text``, the end of ``line``, as a ``Line``; after a hyphen the layout added
        (dropped from the line) or a word cut where the line was full, the word goes on at
        the next line."""
        if line.hyphenated:
            self.count("layout_hyphens")
            return Line(text, text, line.page, word_cut=True)
        return Line(text, text, line.page, word_cut=self._word_cut(line, text))

    def _word_cut(self, line: PdfLine, text: str) -> bool:
        """``text``, the end of ``line``, is one word reaching the right margin: a word too
        long for a line, broken where the line was full (LibreOffice breaks a long file
        name so, without a hyphen). The next line goes on without a space if it opens with
        a letter or digit (``join_lines``)."""
        if not (self.right and line.measured) or not text or " " in text.strip():
            return False
        # a word drawn past the margin was not broken (it overflows instead)
        return abs(line.end(self.heuristics) - self.right) <= line.size

    def _new_item(self, line: PdfLine, *, bullet: bool = False) -> None:
        if self.boxed and not self.beside_box:
            self._read_box()  # the paragraph beside the box has ended
        section = self.outline.section
        self.items.append(_Item([self._as_line(line)], section, bullet=bullet))

    def _unfinished(self, item: _Item) -> bool:
        if _is_caption(item.lines[0].text):  # « Source : … » ends without a full stop
            return False
        last = MARKER_RE.sub("", item.lines[-1].text).rstrip(_CLOSERS)
        return bool(last) and last[-1] not in _TERMINAL

    def _heading(self, line: PdfLine, previous: PdfLine | None, style: int) -> None:
        """A heading line of style rank ``style`` (its level: ``Outline.open``), or the
        second line of the last heading."""
        text = line.plain
        if (
            previous is not None
            and self.outline.path
            and self.heading_style == style
            and self.fresh
            and (_rounded(previous.size), previous.bold) == (_rounded(line.size), line.bold)
            and previous.y - line.y <= self.heuristics.paragraph_gap_share * line.size * 1.2
        ):
            self.outline.go_on(text, glued=previous.hyphenated)
        else:
            self.count("pdf_headings")
            self.outline.open(text, style)
        self.heading_style = style
        self.fresh = True
        self.in_glossary = unnumbered(self.outline.last).lower() in GLOSSARY_TITLES
        if self.in_glossary:
            self.table.open()


def _ends_sentence(runs: list[Run]) -> bool:
    text = "".join(r.text for r in runs).rstrip()
    return bool(text) and text[-1] in ".)»!?"


def _is_caption(text: str) -> bool:
    words = text.split()
    return bool(words) and words[0].strip(":.").lower() in CAPTION_WORDS


# ----------------------------------------------------------------------------------------
# the document


def build_pdf_document(
    name: str,
    sha256: str,
    pages: Sequence[PdfPage],
    lexicon: Lexicon,
    heuristics: IngestHeuristics = HEURISTICS,
) -> Document:
    """Structure a PDF from its layout (a text-export reading when it has none)."""
    raw_pages = [(p.label, p.text) for p in pages]
    body = body_size(pages)
    lines = [page_lines(page, n, heuristics) for n, page in enumerate(pages, 1)]
    if not body or len({ln.size for page in lines for ln in page}) < 2:
        return build_document(name, sha256, raw_pages, lexicon, heuristics)
    counts: dict[str, int] = {}
    margins = margin_lines(list(zip(pages, lines, strict=True)), heuristics)
    counts["pdf_running_lines"] = len(margins)
    kept = [[ln for i, ln in enumerate(page) if (ln.page, i) not in margins] for page in lines]
    reader = _Reader(
        body=body,
        leading=_leading(kept, body),
        right=_right_edge(kept, body, heuristics),
        levels=heading_styles(
            ((ln.size, ln.bold, ln.plain) for page in kept for ln in page), body, heuristics
        ),
        heuristics=heuristics,
        counts=counts,
    )
    for n, page_kept in enumerate(kept):
        reader.read_page(page_kept, kept[n + 1] if n + 1 < len(kept) else [])
    reader.end_glossary()
    reader.finish()
    lex = lexicon.with_document("\n".join(p.text for p in pages))
    _attach_links(reader, pages)
    notes = finish_notes(NoteState(reader.notes), lex, counts)
    for note, text in notes:  # a link's URI and the URL printed under it: one address
        note.urls[:] = distinct_urls(note.urls, text)
    numbers = {note.number for note, _ in notes}
    paragraphs = [_paragraph(name, item, numbers, lex, counts) for item in reader.items]
    counts["footnote_markers"] = sum(len(p.markers) for p in paragraphs)
    return assemble_document(
        name, sha256, raw_pages, paragraphs, notes, reader.table.entries, lex, counts, heuristics
    )


def _near_below(ends: list[float], i: int, reach: float) -> int:
    """How many ends other than ``ends[i]`` stand at most ``reach`` under it (or level)."""
    return sum(0 <= ends[i] - e <= reach for k, e in enumerate(ends) if k != i)


def _leading(pages: list[list[PdfLine]], body: float) -> float:
    """The usual distance between two lines of a paragraph of body text (bold lines, maybe
    headings at the body size, left out)."""
    gaps = [
        a.y - b.y
        for page in pages
        for a, b in itertools.pairwise(page)
        if _rounded(a.size) == _rounded(b.size) == body
        and not (a.bold or b.bold)
        and 0 < a.y - b.y < 3 * body
    ]
    if not gaps:
        return 1.2 * body
    # the smallest gap common enough: in a short text of short paragraphs and list items
    # spaced apart, the gaps between paragraphs may outnumber those inside them
    counts = Counter(round(g * 2) / 2 for g in gaps)
    common = [g for g, n in counts.items() if n >= max(2, 0.1 * len(gaps))]
    return min(common) if common else statistics.median(gaps)


def _right_edge(pages: list[list[PdfLine]], body: float, heuristics: IngestHeuristics) -> float:
    """Where full lines of body text end (the 90th percentile of their ends); 0 when the
    runs' widths are unknown."""
    ends = sorted(
        line.end(heuristics)
        for page in pages
        for line in page
        if _rounded(line.size) == body and line.measured
    )
    return ends[int(0.9 * (len(ends) - 1))] if len(ends) >= 3 else 0.0


def _attach_links(reader: _Reader, pages: Sequence[PdfPage]) -> None:
    """Each link annotation to the note its rectangle covers, else to one naming its site."""
    for number, page in enumerate(pages, 1):
        for link in page.links:
            under = [
                s
                for s in reader.segments
                if s.page == number and link.y0 - 0.5 * s.size <= s.y <= link.y1
            ]
            if under:  # a rectangle reaching the line above: the line whose baseline it frames
                anchor = link.y0 + 0.25 * (link.y1 - link.y0)
                framed = min((s.y for s in under), key=lambda y: abs(y - anchor))
                under = [s for s in under if s.y == framed]
            left = [s for s in under if s.x0 <= link.x0 + 1]
            owner: Note | None = None
            if left:
                owner = max(left, key=lambda s: s.x0).note
            elif under:
                owner = min(under, key=lambda s: s.x0).note
            else:  # a link in the body text
                owner = assign_url(link.uri, [s.note for s in reader.segments if s.page == number])
            if owner is not None and link.uri not in owner.urls:
                owner.urls.append(link.uri)
                reader.count("pdf_note_links")


def _paragraph(
    name: str, item: _Item, numbers: set[int], lexicon: Lexicon, counts: dict[str, int]
) -> Paragraph:
    """The item's lines joined; markers of known notes taken out as ``Marker``s."""
    for line in item.lines:  # digits raised for no note (an exponent…) stay text
        line.text = MARKER_RE.sub(
            lambda m: m.group() if int(m.group(1)) in numbers else m.group(1), line.text
        )
        line.raw = line.text
    for previous, line in itertools.pairwise(item.lines):  # a marker wrapped after its word
        lead = _LEADING_MARKERS.match(line.text)
        if lead is not None and line.text[lead.end() :].strip():
            previous.text = previous.raw = previous.text + lead.group()
            line.text = line.raw = line.text[lead.end() :].lstrip()
    text, starts = join_lines(item.lines, lexicon, counts)
    if item.bullet:
        text = BULLET + text
        starts = [(o + len(BULLET) if i else 0, p) for i, (o, p) in enumerate(starts)]
    para = Paragraph(document=name, text=text, section=item.section, page_starts=tuple(starts))
    spans = [(m.start(), m.end(), int(m.group(1))) for m in MARKER_RE.finditer(text)]
    return remove_marker_spans(name, para, spans)


def _rounded(size: float) -> float:
    return round(size * 2) / 2
