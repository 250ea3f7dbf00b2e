"""The report's PDF edition in the ways real word-processor exports differ from each other.

    .venv/bin/python benchmarks/pdf_edition.py variants [NAME…]   # render and measure each

Each ``Layout`` draws the structure parsed from the text export (as ``pdf_edition.render``
does: one page of the export per page of the PDF) with its own text operators, written
directly into fpdf2's page streams, so that what differs between exporters can be chosen:

* the note markers: smaller and raised by text rise (``Ts``), raised by text rise alone at the
  same size, raised by a y offset at the same or a slightly smaller size, in another font;
* how a line is drawn: one string with spaces, justified (``TJ`` arrays with kerning inside
  words and the word gaps as offsets, with or without space characters), word by word or glyph
  by glyph at absolute positions, words hyphenated at line ends;
* fonts (DejaVu, Liberation = Arial's metrics), headings by size and bold, by size only, by
  bold only, numbered (« 1. », « 1.2 »);
* note numbers raised, followed by a tab, or plain; a long note going on at the next page;
* the page number centred, at the right, or « Page 3 / 41 »; the running header;
* link annotations over the whole note, over its last words only, or the URL printed;
* the glossary as a table without borders, or with cell borders and a header row.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks.pdf_edition import HEADER, _contents, _PageContent
from santeqa.records import Document, Paragraph

if TYPE_CHECKING:
    from fpdf import FPDF

FAMILIES = {
    "dejavu": ("/usr/share/fonts/truetype/dejavu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "liberation": (
        "/usr/share/fonts/truetype/liberation",
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
    ),
}
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LEFT, WIDTH, TOP, FOOT = 56.0, 483.0, 64.0, 60.0


@dataclass(frozen=True)
class Layout:
    marker: str = "sup"  # sup | rise | offset | offset-small | font
    draw: str = "line"  # line | kern | kern-nospace | words | glyphs
    justify: bool = False
    hyphenate: bool = False
    family: str = "dejavu"
    headings: str = "bold-size"  # bold-size | size | bold | numbered | bold-numbered
    note_number: str = "sup"  # sup | tab | plain
    continued_notes: bool = False  # the last note of a page goes on at the next page foot
    footer: str = "centre"  # centre | right | page-of | none
    header: str = "title"  # title | chapter (the current chapter's title) | none
    body: float = 10.0
    note: float = 7.5
    heading_sizes: tuple[float, ...] = (15.0, 12.5, 11.0, 10.5)
    paragraph_space: float = 8.0  # space after a paragraph
    first_indent: float = 0.0  # first-line indent of a paragraph
    hyphen: str = "-"  # the character drawn at a line-end hyphenation
    links: str = "whole"  # whole | part | printed | tall (reaching the line above)
    glossary: str = "table"  # table | borders


VARIANTS: dict[str, Layout] = {
    "lines": Layout(),
    "marker-rise-same-size": Layout(marker="rise"),
    "marker-offset-same-size": Layout(marker="offset"),
    "marker-offset-0.9": Layout(marker="offset-small"),
    "marker-other-font": Layout(marker="font"),
    "justified-tj-kerning": Layout(draw="kern", justify=True),
    "justified-tj-no-spaces": Layout(draw="kern-nospace", justify=True),
    "word-by-word": Layout(draw="words", justify=True),
    "glyph-by-glyph": Layout(draw="glyphs", justify=True),
    "liberation-headings-size-only": Layout(family="liberation", headings="size"),
    "headings-bold-only": Layout(headings="bold"),
    "headings-numbered": Layout(headings="numbered"),
    "headings-bold-only-numbered": Layout(headings="bold-numbered"),
    "note-number-tab": Layout(note_number="tab"),
    "note-number-plain": Layout(note_number="plain"),
    "notes-continued": Layout(continued_notes=True),
    "footer-right": Layout(footer="right"),
    "footer-page-of": Layout(footer="page-of"),
    "no-header-no-footer": Layout(footer="none", header="none"),
    "chapter-title-header": Layout(header="chapter", footer="right"),
    "soft-hyphens": Layout(hyphenate=True, justify=True, hyphen="\u00ad"),
    "paragraphs-indented-no-space": Layout(paragraph_space=0.0, first_indent=18.0),
    "word-2016-like": Layout(
        family="liberation",
        body=11.0,
        note=10.0,
        heading_sizes=(16.0, 13.0, 12.0, 11.0),
        headings="size",
        marker="offset-small",
        draw="kern",
        justify=True,
        footer="right",
    ),
    "hyphenated": Layout(hyphenate=True, justify=True),
    "links-part-of-note": Layout(links="part"),
    "urls-printed": Layout(links="printed"),
    "links-tall-rectangles": Layout(links="tall"),
    "glossary-borders": Layout(glossary="borders"),
    "all-at-once": Layout(
        marker="offset-small",
        draw="kern",
        justify=True,
        hyphenate=True,
        family="liberation",
        headings="numbered",
        note_number="tab",
        continued_notes=True,
        footer="page-of",
        links="part",
        glossary="borders",
    ),
}


@dataclass
class _Seg:
    text: str
    marker: bool = False


_Word = list[_Seg]


class _Writer:
    """fpdf2 for the document's frame (fonts, pages, links, rules); text drawn as raw ops."""

    def __init__(self, layout: Layout) -> None:
        from fpdf import FPDF

        self.layout = layout
        self.pdf: FPDF = FPDF(format="A4", unit="pt")
        self.pdf.set_auto_page_break(False)
        folder, regular, bold = FAMILIES[layout.family]
        self.pdf.add_font("body", "", f"{folder}/{regular}")
        self.pdf.add_font("body", "B", f"{folder}/{bold}")
        self.pdf.add_font("alt", "", SERIF)
        self.h = self.pdf.h

    def tf(self, size: float, style: str = "", family: str = "body") -> str:
        self.pdf.set_font(family, style, size)
        assert self.pdf.current_font is not None
        return self.pdf._set_font_for_page(self.pdf.current_font, size, False)

    def enc(self, text: str, size: float, family: str = "body", style: str = "") -> str:
        """``text`` as a PDF string in that font (each font has its own glyph codes)."""
        self.pdf.set_font(family, style, size)
        assert self.pdf.current_font is not None
        return self.pdf.current_font.encode_text(text)[: -len(" Tj")]

    def width(self, text: str, size: float, style: str = "", family: str = "body") -> float:
        self.pdf.set_font(family, style, size)
        return float(self.pdf.get_string_width(text))

    def put(self, ops: list[str]) -> None:
        self.pdf._out(" ".join(ops))

    def text_at(self, x: float, y: float, text: str, size: float, style: str = "") -> None:
        """One run at (x, y) in page space from the top (y = baseline)."""
        tf = self.tf(size, style)
        self.put(
            [
                "BT",
                tf,
                f"1 0 0 1 {x:.2f} {self.h - y:.2f} Tm",
                self.enc(text, size, style=style),
                "Tj ET",
            ]
        )


def render_variant(doc: Document, layout: Layout) -> bytes:
    """The document as a PDF in ``layout``."""
    pages = _contents(doc)
    if layout.continued_notes:
        _continue_notes(pages)
    writer = _Writer(layout)
    numbering: list[int] = []
    chapter = HEADER
    for content in pages:
        writer.pdf.add_page()
        chapter = next(
            (str(p[1]) for k, p in content.blocks if k == "heading" and p[0] == 0),  # type: ignore[index]
            chapter,
        )
        _frame(writer, content.number, len(pages), chapter)
        notes_top = _notes(writer, content)
        _body(writer, content, notes_top, numbering)
    return bytes(writer.pdf.output())


def _continue_notes(pages: list[_PageContent]) -> None:
    """The last note of a page, when long, goes on at the next page foot (number None)."""
    for page, following in itertools.pairwise(pages):
        if not page.notes:
            continue
        number, text, urls = page.notes[-1]
        words = text.split()
        if len(words) < 16 or number is None:
            continue
        cut = len(words) // 2
        page.notes[-1] = (number, " ".join(words[:cut]), urls)
        following.notes.insert(0, (None, " ".join(words[cut:]), ()))  # type: ignore[arg-type]


def _frame(writer: _Writer, number: int, total: int, chapter: str) -> None:
    layout = writer.layout
    if layout.header != "none":
        writer.text_at(LEFT, 38, chapter if layout.header == "chapter" else HEADER, 8)
    label = {"page-of": f"Page {number} / {total}"}.get(layout.footer, str(number))
    if layout.footer == "none":
        return
    width = writer.width(label, 9)
    x = LEFT + WIDTH - width if layout.footer == "right" else (writer.pdf.w - width) / 2
    writer.text_at(x, writer.h - 30, label, 9)


# --- notes ---------------------------------------------------------------------------------


def _note_lines(writer: _Writer, text: str, indent: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and writer.width(trial, writer.layout.note) > WIDTH - indent:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def _notes(writer: _Writer, content: _PageContent) -> float:
    """Draw the notes at the page foot; return the top of the notes area."""
    layout = writer.layout
    leading = layout.note * 1.25
    drawn: list[tuple[int | None, list[str], tuple[str, ...]]] = []
    for number, text, urls in content.notes:
        if layout.links == "printed" and urls:
            text = f"{text} {' '.join(urls)}"
        drawn.append((number, _note_lines(writer, text, 12), tuple(urls)))
    count = sum(len(lines) for _, lines, _ in drawn)
    top = writer.h - FOOT - count * leading - len(drawn)
    if not drawn:
        return writer.h - FOOT
    writer.pdf.line(LEFT, top - 6, LEFT + 150, top - 6)  # the separator rule
    y = top + writer.layout.note
    for number, lines, urls in drawn:
        for i, line in enumerate(lines):
            x = LEFT
            if i == 0 and number is not None:
                x = _note_number(writer, number, y)
            elif number is not None or layout.note_number == "tab":
                x = LEFT + 12 if layout.note_number == "tab" else LEFT
            writer.text_at(x, y, line, writer.layout.note)
            if urls and layout.links != "printed":
                _note_link(writer, x, y, line, urls, i == len(lines) - 1)
            y += leading
        y += 1
    return top


def _note_number(writer: _Writer, number: int, y: float) -> float:
    """Draw the note's number; return where its text starts."""
    style = writer.layout.note_number
    if style == "sup":
        size = writer.layout.note * 0.6
        ops = ["BT", writer.tf(size), f"1 0 0 1 {LEFT:.2f} {writer.h - y:.2f} Tm", "2.5 Ts"]
        writer.put([*ops, writer.enc(str(number), size), "Tj 0 Ts ET"])
        return LEFT + writer.width(str(number), size) + writer.width(" ", writer.layout.note)
    writer.text_at(LEFT, y, str(number), writer.layout.note)
    if style == "tab":
        return LEFT + 12
    return LEFT + writer.width(f"{number} ", writer.layout.note)


def _note_link(
    writer: _Writer, x: float, y: float, line: str, urls: tuple[str, ...], last: bool
) -> None:
    width = writer.width(line, writer.layout.note)
    if writer.layout.links == "part":  # only over the last words of the note's last line
        if not last:
            return
        words = line.split()
        tail = " ".join(words[len(words) // 2 :])
        x, width = (
            x + width - writer.width(tail, writer.layout.note),
            writer.width(tail, writer.layout.note),
        )
    size = writer.layout.note
    top, height = (
        (y - 1.6 * size, 1.6 * size + 3)
        if writer.layout.links == "tall"
        else (
            y - size,
            1.2 * size,
        )
    )
    for k, url in enumerate(urls):
        writer.pdf.link(x, top + k * 0.5, width, height, url)


# --- body ----------------------------------------------------------------------------------


def _body(writer: _Writer, content: _PageContent, bottom: float, numbering: list[int]) -> None:
    """Draw the page's blocks from the top, shrunk until they end above the notes."""
    for scale in (1.0, 0.92, 0.85, 0.78, 0.7, 0.62, 0.55):
        ops_before = len(writer.pdf.pages[writer.pdf.page].contents)
        numbers_before = list(numbering)
        end = _blocks(writer, content, scale, numbering)
        if end <= bottom - 8 or scale == 0.55:
            return
        del writer.pdf.pages[writer.pdf.page].contents[ops_before:]  # undo and shrink
        numbering[:] = numbers_before


def _blocks(writer: _Writer, content: _PageContent, scale: float, numbering: list[int]) -> float:
    y = TOP
    size = writer.layout.body * scale
    leading = size * 1.3
    previous = ""
    for kind, payload in content.blocks:
        if kind == "heading":
            level, title = payload  # type: ignore[misc]
            y = _heading(writer, level, title, y, scale, numbering)
        elif kind == "row":
            if previous != "row" and writer.layout.glossary == "borders":  # a header row
                y = _row(writer, "Sigle", "Signification", y, size, leading, bold=True)
            acronym, expansion = payload  # type: ignore[misc]
            y = _row(writer, acronym, expansion, y, size, leading)
        else:
            para, start, end = payload  # type: ignore[misc]
            y = _paragraph(writer, para, start, end, y, size, leading)
            y += writer.layout.paragraph_space * scale
        previous = kind
    return y


def _heading(
    writer: _Writer, level: int, title: str, y: float, scale: float, numbering: list[int]
) -> float:
    style = writer.layout.headings
    sizes = writer.layout.heading_sizes
    at_body_size = style in ("bold", "bold-numbered")
    size = (writer.layout.body if at_body_size else sizes[min(level, 3)]) * scale
    weight = "" if style == "size" else "B"
    if style.endswith("numbered") and title != "Sigles":
        del numbering[level + 1 :]
        while len(numbering) <= level:
            numbering.append(0)
        numbering[level] += 1
        label = ".".join(str(n) for n in numbering[: level + 1])
        title = f"{label}. {title}" if level == 0 else f"{label} {title}"
    y += 6 * scale + size
    words, line = title.split(), ""
    for word in words:
        trial = f"{line} {word}".strip()
        if line and writer.width(trial, size, weight) > WIDTH:
            writer.text_at(LEFT, y, line, size, weight)
            y += size * 1.25
            line = word
        else:
            line = trial
    writer.text_at(LEFT, y, line, size, weight)
    return y + size * 0.25 + 3 * scale


def _row(
    writer: _Writer,
    acronym: str,
    expansion: str,
    y: float,
    size: float,
    leading: float,
    *,
    bold: bool = False,
) -> float:
    borders = writer.layout.glossary == "borders"
    lines, line = [], ""
    for word in expansion.split():
        trial = f"{line} {word}".strip()
        if line and writer.width(trial, size) > WIDTH - 110:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    pad = 3.0 if borders else 0.0
    top = y
    y += pad + size
    writer.text_at(LEFT + pad, y, acronym, size, "B")
    for i, text in enumerate(lines):
        writer.text_at(LEFT + 100 + pad, y + i * leading, text, size, "B" if bold else "")
    bottom = y + (len(lines) - 1) * leading + size * 0.3 + pad
    if borders:
        writer.pdf.rect(LEFT, top, 100, bottom - top)
        writer.pdf.rect(LEFT + 100, top, WIDTH - 100, bottom - top)
    return bottom + (0 if borders else leading - size)


def _words(para: Paragraph, start: int, end: int) -> list[_Word]:
    """The text's words, each a list of segments, the markers glued after their word."""
    text = para.text
    out: list[_Word] = []
    pos = start
    bullet = start == 0 and text.startswith("• ")
    if bullet:
        pos = 2
    cuts = [m for m in para.markers if start <= m.offset <= end]
    pieces: list[tuple[str, int | None]] = []
    for marker in cuts:
        pieces.append((text[pos : marker.offset], None))
        pieces.append(("", marker.number))
        pos = marker.offset
    pieces.append((text[pos:end], None))
    for piece, number in pieces:
        if number is not None:
            if out:
                out[-1].append(_Seg(str(number), marker=True))
            continue
        for i, word in enumerate(re.split(r"(\s+)", piece)):
            if not word or word.isspace():
                continue
            glued = i == 0 and out and not piece[:1].isspace() and out[-1][-1].marker
            if glued:
                out[-1].append(_Seg(word))
            else:
                out.append([_Seg(word)])
    return out


def _marker_size(layout: Layout, size: float) -> float:
    return {"rise": size, "offset": size, "offset-small": size * 0.9}.get(layout.marker, size * 0.6)


def _word_width(writer: _Writer, word: _Word, size: float) -> float:
    msize = _marker_size(writer.layout, size)
    family = "alt" if writer.layout.marker == "font" else "body"
    return sum(
        writer.width(s.text, msize, family=family) if s.marker else writer.width(s.text, size)
        for s in word
    )


def _break_lines(
    writer: _Writer, words: list[_Word], widths: tuple[float, float], size: float
) -> list[list[_Word]]:
    """Words broken into lines (the first line ``widths[0]`` wide, the others ``widths[1]``)."""
    lines: list[list[_Word]] = [[]]
    used = 0.0
    width = widths[0]
    space = writer.width(" ", size)
    queue = list(words)
    while queue:
        word = queue.pop(0)
        w = _word_width(writer, word, size)
        if not lines[-1] or used + space + w <= width:
            used += (space if lines[-1] else 0) + w
            lines[-1].append(word)
            continue
        split = _hyphenate(writer, word, width - used - space, size)
        if split is not None:
            lines[-1].append(split[0])
            queue.insert(0, split[1])
        lines.append([])
        used = 0.0
        width = widths[1]
        if split is None:
            queue.insert(0, word)
    return [line for line in lines if line]


def _hyphenate(
    writer: _Writer, word: _Word, room: float, size: float
) -> tuple[_Word, _Word] | None:
    """``word`` cut with a hyphen so that its head fits in ``room`` (letters only, ≥ 3 each)."""
    if not writer.layout.hyphenate or len(word) != 1 or not word[0].text.isalpha():
        return None
    text = word[0].text
    for cut in range(len(text) - 3, 2, -1):
        head = text[:cut] + writer.layout.hyphen
        if writer.width(head, size) <= room:
            return [_Seg(head)], [_Seg(text[cut:])]
    return None


def _paragraph(
    writer: _Writer,
    para: Paragraph,
    start: int,
    end: int,
    y: float,
    size: float,
    leading: float,
) -> float:
    indent = first = 0.0
    if start == 0 and para.text.startswith("• "):
        writer.pdf.set_font("zapfdingbats", "", size * 0.7)
        writer.pdf.text(LEFT + 4, y + size, "l")
        indent = 14.0
    elif start == 0:
        first = writer.layout.first_indent
    widths = (WIDTH - indent - first, WIDTH - indent)
    lines = _break_lines(writer, _words(para, start, end), widths, size)
    for i, line in enumerate(lines):
        y += leading
        justify = writer.layout.justify and i < len(lines) - 1
        shift = first if i == 0 else 0.0
        _draw_line(writer, line, LEFT + indent + shift, y, widths[i > 0], size, justify)
    return y + leading - size


def _draw_line(
    writer: _Writer,
    words: list[_Word],
    x0: float,
    y: float,
    width: float,
    size: float,
    justify: bool,
) -> None:
    widths = [_word_width(writer, w, size) for w in words]
    space = writer.width(" ", size)
    gap = (width - sum(widths)) / (len(words) - 1) if justify and len(words) > 1 else space
    xs, x = [], x0
    for w in widths:
        xs.append(x)
        x += w + gap
    draw = writer.layout.draw
    if draw in ("words", "glyphs"):
        for word, wx in zip(words, xs, strict=True):
            _draw_word(writer, word, wx, y, size, per_glyph=draw == "glyphs")
        return
    _draw_flow(writer, words, xs, x0, y, size, gap - space)


def _draw_word(
    writer: _Writer, word: _Word, x: float, y: float, size: float, *, per_glyph: bool
) -> None:
    for seg in word:
        if seg.marker:
            x += _marker(writer, seg.text, x, y, size, [])
            continue
        pieces = list(seg.text) if per_glyph else [seg.text]
        for piece in pieces:
            writer.text_at(x, y, piece, size)
            x += writer.width(piece, size)


def _marker(writer: _Writer, number: str, x: float, y: float, size: float, ops: list[str]) -> float:
    """Draw a marker at (x, y) — inside the text object ``ops`` when given; return its width."""
    style = writer.layout.marker
    msize = _marker_size(writer.layout, size)
    family = "alt" if style == "font" else "body"
    width = writer.width(number, msize, family=family)
    rise = size * 0.35
    if style in ("sup", "rise") and ops:  # in the flow: text rise, back to the body after
        tf = writer.tf(msize, family=family) if style == "sup" else ""
        code = writer.enc(number, msize, family)
        back = writer.tf(size) if style == "sup" else ""  # raised alone: no font change at all
        ops += [tf, f"{rise:.2f} Ts", code, "Tj 0 Ts", back]
        return width
    if style in ("sup", "rise"):
        tf = writer.tf(msize, family=family)
        place = f"1 0 0 1 {x:.2f} {writer.h - y:.2f} Tm {rise:.2f} Ts"
        writer.put(["BT", tf, place, writer.enc(number, msize, family), "Tj 0 Ts ET"])
        return width
    tf = writer.tf(msize, family=family)
    place = f"1 0 0 1 {x:.2f} {writer.h - y + rise:.2f} Tm"
    if ops:
        ops += [tf, place, writer.enc(number, msize, family), "Tj", writer.tf(size)]
        ops.append(f"1 0 0 1 {x + width:.2f} {writer.h - y:.2f} Tm")
    else:
        writer.put(["BT", tf, place, writer.enc(number, msize, family), "Tj ET"])
    return width


def _draw_flow(
    writer: _Writer,
    words: list[_Word],
    xs: list[float],
    x0: float,
    y: float,
    size: float,
    extra: float,
) -> None:
    """One text object for the line: strings (``TJ`` arrays when kerned), markers inside."""
    draw = writer.layout.draw
    ops = ["BT", writer.tf(size), f"1 0 0 1 {x0:.2f} {writer.h - y:.2f} Tm"]
    array: list[str] = []

    def flush() -> None:
        if array:
            ops.append(f"[{' '.join(array)}] TJ" if draw != "line" else f"{array[0]} Tj")
            array.clear()

    pending = ""  # plain drawing: the line's text so far in one string
    for i, word in enumerate(words):
        if i:
            if draw == "kern-nospace":
                array.append(f"{-(extra + writer.width(' ', size)) / size * 1000:.1f}")
            elif draw == "line":
                pending += " "
            else:
                array.append(writer.enc(" ", size))
                if extra > 0.01:
                    array.append(f"{-extra / size * 1000:.1f}")
        x = xs[i]
        for seg in word:
            if seg.marker:
                if pending:
                    array.append(writer.enc(pending, size))
                    pending = ""
                flush()
                x += _marker(writer, seg.text, x, y, size, ops)
                continue
            if draw == "line":
                pending += seg.text
            elif len(seg.text) > 3:  # kerning inside the word
                array += [writer.enc(seg.text[:2], size), "15", writer.enc(seg.text[2:], size)]
            else:
                array.append(writer.enc(seg.text, size))
            x += writer.width(seg.text, size)
    if pending:
        array.append(writer.enc(pending, size))
    flush()
    ops.append("ET")
    writer.put(ops)
