"""The lines of a PDF page, from its text runs: baselines, sizes, fonts, markers, margins.

A line is the runs that share a baseline (a superscript sits a little above it). What a line
is made of decides what it is: its size and weight (heading, note), the small raised digits
glued to a word (a note marker), its place in the top or bottom margin (a running header,
a footer, a page number).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from santeqa.ingest.heuristics import IngestHeuristics
from santeqa.ingest.lines import BULLET_START
from santeqa.ingest.pdf import PdfPage, Run

#: where a note marker stands in a line's text (replaced by a ``Marker`` once joined)
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARKER_RE = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")

_MARKER_DIGITS = re.compile(r"^\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*$")
_SYMBOL_FONTS = ("wingdings", "symbol", "dingbats", "webdings")
#: « 3 », « - 3 - », « Page 3 / 41 », « 3 sur 41 », and roman numbers of front matter (« iv »)
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–]?(?:\s*(?:/|sur|of)\s*\d{1,4})?$",
    re.I,
)
_LIGATURES = re.compile("[\ufb00-\ufb06]")


@dataclass
class PdfLine:
    page: int  # 1-based
    y: float  # baseline
    size: float  # size of most of its characters
    bold: bool  # every character bold
    x0: float
    runs: list[Run]
    text: str = ""  # markers as MARK_OPEN n MARK_CLOSE; bullet glyph removed
    bullet: bool = False
    hyphenated: bool = False  # ended by a hyphen the layout added (left out of runs, text)

    @property
    def text_x(self) -> float:
        """Where the text starts (after a bullet glyph)."""
        runs = self.runs[1:] if self.bullet and len(self.runs) > 1 else self.runs
        return runs[0].x

    @property
    def measured(self) -> bool:
        """Every run's drawn width is known (from the fonts' metrics)."""
        return all(r.width > 0 and r.lead > 0 for r in self.runs)

    def end(self, heuristics: IngestHeuristics) -> float:
        """Where the line's text ends."""
        return max(run_end(r, heuristics) for r in self.runs)

    def first_word_width(self) -> float:
        """The drawn width of the line's first word (0: unknown)."""
        runs = self.runs[1:] if self.bullet and len(self.runs) > 1 else self.runs
        return runs[0].lead

    def layout_hyphen(self, heuristics: IngestHeuristics) -> bool:
        """The line ends with a hyphen the layout added (automatic hyphenation): drawn as a
        run of its own right after a word of a longer run (LibreOffice draws it so; a hyphen
        of the text is drawn with its word, a dash after a word gap)."""
        if len(self.runs) < 2 or not self.measured:
            return False
        word, hyphen = self.runs[-2], self.runs[-1]
        return (
            hyphen.text.strip() in ("-", "\u2010", "\u00ad")
            and len(word.text.strip()) > 1
            and word.text.rstrip() == word.text
            and (word.text[-1:].isalnum() or word.text[-1:] in "./_")
            # no word gap before it, once the word's justified gaps are counted
            and hyphen.x - run_end(word, heuristics)
            <= word.stretch + heuristics.word_gap_share * self.size
        )

    @property
    def plain(self) -> str:
        """The text without its markers."""
        return MARKER_RE.sub("", self.text)


def body_size(pages: Sequence[PdfPage]) -> float:
    """The font size of most characters of the document."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for run in page.runs:
            sizes[round(run.size * 2) / 2] += len(run.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def page_lines(page: PdfPage, number: int, heuristics: IngestHeuristics) -> list[PdfLine]:
    """The lines of a page, top to bottom, each with its text assembled."""
    groups: list[list[tuple[int, Run]]] = []
    ordered = sorted(enumerate(page.runs), key=lambda p: (-p[1].y, p[1].x, p[0]))
    for index, run in ordered:
        run = run._replace(text=_unligature(run.text))
        for group in groups[-3:]:
            size = max(r.size for _, r in group)
            if abs(group[0][1].y - run.y) <= heuristics.baseline_tolerance * max(size, run.size):
                group.append((index, run))
                break
        else:
            groups.append([(index, run)])
    # left to right; runs at one x in the order drawn (pypdf places a run that follows
    # another in the same text object, after a font or rise change, at the object's start)
    lines = [
        _line([r for _, r in sorted(g, key=lambda p: (p[1].x, p[0]))], number, heuristics)
        for g in groups
    ]
    return sorted(lines, key=lambda ln: -ln.y)


def _unligature(text: str) -> str:
    """Ligature characters (``ﬁ``, ``ﬂ``…) as their letters."""
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _line(runs: list[Run], page: int, heuristics: IngestHeuristics) -> PdfLine:
    weights: Counter[float] = Counter()
    baselines: Counter[float] = Counter()
    for run in runs:
        weights[run.size] += len(run.text.strip())
        baselines[run.y] += len(run.text.strip())
    size = weights.most_common(1)[0][0]
    baseline = baselines.most_common(1)[0][0]  # where most characters sit
    bold = all(
        is_bold(r) for r in runs if r.text.strip() and not is_marker(r, size, heuristics, baseline)
    )
    line = PdfLine(page, baseline, size, bold, runs[0].x, runs)
    if line.layout_hyphen(heuristics):  # read as the word going on at the next line
        line.runs, line.hyphenated = runs[:-1], True
    line.text, line.bullet = _assemble(line.runs, size, baseline, heuristics)
    return line


_BOLD_NAMES = ("bold", "black", "heavy", "demi")  # …Bold, SemiBold, DemiBold, Black, Heavy


def is_bold(run: Run) -> bool:
    """Drawn in a bold face: its font's name says so, or its descriptor's weight (≥ 600)."""
    low = run.font.lower()
    return (
        any(name in low for name in _BOLD_NAMES) or low.endswith((",b", "-b")) or run.weight >= 600
    )


def is_marker(
    run: Run, line_size: float, heuristics: IngestHeuristics, baseline: float | None = None
) -> bool:
    """Digits (``12``, ``3,4``) drawn smaller than their line, or raised above its baseline
    (``baseline``) at about its size: a superscript note marker, when glued after text."""
    if _MARKER_DIGITS.match(run.text.strip()) is None:
        return False
    if run.size <= heuristics.superscript_max_share * line_size:
        return True
    rise = run.y - baseline if baseline is not None else 0.0
    return rise >= heuristics.superscript_rise_share * line_size and run.size <= line_size * 1.05


def _assemble(
    runs: list[Run], size: float, baseline: float, heuristics: IngestHeuristics
) -> tuple[str, bool]:
    """The line's text (markers as placeholders) and whether it opens with a bullet glyph."""
    text = ""
    bullet = False
    end = runs[0].x
    for i, run in enumerate(runs):
        piece = run.text
        if i == 0 and _symbol_font(run.font) and len(piece.strip()) == 1:
            bullet = True
            end = run.x + run.size
            continue
        if is_marker(run, size, heuristics, baseline):  # also at a line start: wrapped
            numbers = re.findall(r"\d+", piece)
            text = text.rstrip()
            text += "".join(f"{MARK_OPEN}{n}{MARK_CLOSE}" for n in numbers)
        else:
            gap = run.x - end
            glued = not text or text.endswith(" ") or piece.startswith(" ")
            if not glued and gap > heuristics.word_gap_share * run.size:
                text += " "
            text += piece
        end = run_end(run, heuristics)
    text = _hyphens(" ".join(text.split()))
    m = BULLET_START.match(text)
    if not bullet and m is not None:  # a bullet character in a text font
        return text[m.end() :], True
    return text, bullet


def _hyphens(text: str) -> str:
    """Soft hyphens (U+00AD) dropped, but one ending the line is the hyphen drawn there;
    a line-end U+2010 (hyphen) is read as ``-`` too (``join_lines`` then rejoins the word)."""
    if text.endswith(("\u00ad", "\u2010")):
        text = text[:-1] + "-"
    return text.replace("\u00ad", "")


def run_end(run: Run, heuristics: IngestHeuristics) -> float:
    """Where the run ends: its drawn width, else a width estimated from its length."""
    if run.width > 0:
        return run.x + run.width
    return run.x + heuristics.char_width_share * run.size * len(run.text)


def _symbol_font(font: str) -> bool:
    low = font.lower()
    return any(name in low for name in _SYMBOL_FONTS)


def cells(runs: Sequence[Run], heuristics: IngestHeuristics) -> list[tuple[float, str]]:
    """Runs of a line cut where they stand far apart: (x, text) of each cell (table columns).

    Inside a cell, runs are joined by a space unless one is drawn, or their drawn widths
    show them touching (a word drawn glyph by glyph)."""
    out: list[tuple[float, str]] = []
    end = None
    last: Run | None = None
    for run in runs:
        gap = run.x - end if end is not None else 0.0
        if not out or gap > heuristics.column_gap_share * run.size:
            out.append((run.x, run.text))
        else:
            text = out[-1][1]
            spaced = text.endswith(" ") or run.text.startswith(" ")
            measured = last is not None and last.width > 0 and run.width > 0
            if not spaced and (not measured or gap > heuristics.word_gap_share * run.size):
                text += " "
            out[-1] = (out[-1][0], text + run.text)
        end = run_end(run, heuristics)
        last = run
    return [(x, " ".join(_unligature(t).split())) for x, t in out if t.strip()]


def split_runs(line: PdfLine, at: int, heuristics: IngestHeuristics) -> tuple[PdfLine, PdfLine]:
    """``line`` cut before its run ``at``: two lines, each assembled anew."""
    return (
        _line(line.runs[:at], line.page, heuristics),
        _line(line.runs[at:], line.page, heuristics),
    )


def margin_lines(
    pages: Sequence[tuple[PdfPage, list[PdfLine]]], heuristics: IngestHeuristics
) -> set[tuple[int, int]]:
    """(page, line index) of running headers, footers and page numbers.

    A line in the top or bottom margin band that is a page number, or whose text (digits
    aside) stands in the same band on several pages; in the top band, on two pages already,
    or once when it is a heading's text (a header naming the current chapter).
    """
    band = heuristics.margin_band_share
    found: list[tuple[int, int, str, str]] = []  # page, index, band, shape
    # texts of the heading-like lines (bold, or larger than most) outside the bands: a
    # body line repeated there (a caption that also opens a page in the top band) is text
    sizes = Counter(round(line.size, 1) for _, lines in pages for line in lines)
    usual = sizes.most_common(1)[0][0] if sizes else 0.0
    inside: set[str] = set()
    for page, lines in pages:
        for i, line in enumerate(lines):
            rel = (line.y - page.bottom) / page.height if page.height else 0.5
            where = "top" if rel >= 1 - band else "bottom" if rel <= band else ""
            if where:
                found.append((line.page, i, where, re.sub(r"\d+", "#", line.plain.lower())))
            elif line.bold or line.size > usual + 0.5:
                inside.add(" ".join(line.plain.lower().split()))
    shapes = Counter((where, shape) for _, _, where, shape in found)
    repeated = max(2, int(len(pages) * heuristics.running_line_share))
    return {
        (page, i)
        for page, i, where, shape in found
        if shapes[(where, shape)] >= repeated
        or (where == "top" and (shapes[(where, shape)] >= 2 or shape in inside))
        or _PAGE_NUMBER.match(shape.replace("#", "1"))
    }
