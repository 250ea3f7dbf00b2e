"""The text of a layout variant (``pdf_variants.py``): its options, the writer that puts
text operators into fpdf2's page streams, and paragraphs — words with their markers broken
into lines (hyphenated when asked) and drawn as one string, as ``TJ`` arrays with kerning, or
word by word or glyph by glyph at absolute positions.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from santeqa.records import Paragraph

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
    headings: str = "bold-size"  # bold-size | size | bold | bold-larger | numbered | bold-numbered
    heading_colour: str = ""  # the headings' fill colour (``r g b``); "" black
    emphasis: bool = False  # bold lead-ins (« Objectif : … ») and bold sentences in paragraphs
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
    glossary: str = "table"  # table | borders | borders-bottom | borders-middle (cells' alignment)


@dataclass
class Seg:
    text: str
    marker: bool = False
    bold: bool = False

    @property
    def style(self) -> str:
        return "B" if self.bold else ""


_Word = list[Seg]


class Writer:
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

    def words_at(self, x: float, y: float, text: str, size: float, *, per_glyph: bool) -> None:
        """``text`` word by word (or glyph by glyph) at their places, no space drawn."""
        for word in text.split(" "):
            for piece in list(word) if per_glyph else [word]:
                self.text_at(x, y, piece, size)
                x += self.width(piece, size)
            x += self.width(" ", size)

    def text_at(
        self, x: float, y: float, text: str, size: float, style: str = "", colour: str = ""
    ) -> None:
        """One run at (x, y) in page space from the top (y = baseline), in ``colour``."""
        tf = self.tf(size, style)
        self.put(
            [
                "BT",
                tf,
                f"{colour} rg" if colour else "",
                f"1 0 0 1 {x:.2f} {self.h - y:.2f} Tm",
                self.enc(text, size, style=style),
                "Tj ET",
                "0 g" if colour else "",
            ]
        )


def emphasis(text: str) -> tuple[int, int]:
    """Where a paragraph is drawn in bold (``Layout.emphasis``), chosen from a hash of its
    text: its lead-in up to a colon near its start (« Objectif : … »), its first sentence
    (a bold line may fill the first line), or its second sentence (bold lines inside the
    paragraph); (0, 0) for none."""
    pick = zlib.crc32(text.encode()) % 4
    colon = text.find(" :", 0, 60)
    if colon > 0 and pick != 3:
        return (2 if text.startswith("• ") else 0), colon + 2
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s+[A-ZÀ-Ý«])", text)]
    if pick == 0 and ends:
        return 0, ends[0]
    if pick == 1 and len(ends) >= 2:
        return ends[0] + 1, ends[1]
    return 0, 0


def _words(para: Paragraph, start: int, end: int, *, emphasised: bool = False) -> list[_Word]:
    """The text's words, each a list of segments, the markers glued after their word."""
    text = para.text
    out: list[_Word] = []
    pos = start
    bullet = start == 0 and text.startswith("• ")
    if bullet:
        pos = 2
    cuts = [m for m in para.markers if start <= m.offset <= end]
    pieces: list[tuple[int, str, int | None]] = []
    for marker in cuts:
        pieces.append((pos, text[pos : marker.offset], None))
        pieces.append((marker.offset, "", marker.number))
        pos = marker.offset
    pieces.append((pos, text[pos:end], None))
    bold = emphasis(text) if emphasised else (0, 0)
    for at, piece, number in pieces:
        if number is not None:
            if out:
                out[-1].append(Seg(str(number), marker=True))
            continue
        for m in re.finditer(r"\S+", piece):
            seg = Seg(m.group(), bold=bold[0] <= at + m.start() < bold[1])
            if m.start() == 0 and out and out[-1][-1].marker:  # glued after a marker
                out[-1].append(seg)
            else:
                out.append([seg])
    return out


def _marker_size(layout: Layout, size: float) -> float:
    return {"rise": size, "offset": size, "offset-small": size * 0.9}.get(layout.marker, size * 0.6)


def _word_width(writer: Writer, word: _Word, size: float) -> float:
    msize = _marker_size(writer.layout, size)
    family = "alt" if writer.layout.marker == "font" else "body"
    return sum(
        writer.width(s.text, msize, family=family)
        if s.marker
        else writer.width(s.text, size, s.style)
        for s in word
    )


def _break_lines(
    writer: Writer, words: list[_Word], widths: tuple[float, float], size: float
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


def _hyphenate(writer: Writer, word: _Word, room: float, size: float) -> tuple[_Word, _Word] | None:
    """``word`` cut with a hyphen so that its head fits in ``room`` (letters only, ≥ 3 each)."""
    if not writer.layout.hyphenate or len(word) != 1 or not word[0].text.isalpha():
        return None
    text, bold = word[0].text, word[0].bold
    for cut in range(len(text) - 3, 2, -1):
        head = text[:cut] + writer.layout.hyphen
        if writer.width(head, size, word[0].style) <= room:
            return [Seg(head, bold=bold)], [Seg(text[cut:], bold=bold)]
    return None


def draw_paragraph(
    writer: Writer,
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
    words = _words(para, start, end, emphasised=writer.layout.emphasis)
    lines = _break_lines(writer, words, widths, size)
    for i, line in enumerate(lines):
        y += leading
        justify = writer.layout.justify and i < len(lines) - 1
        shift = first if i == 0 else 0.0
        _draw_line(writer, line, LEFT + indent + shift, y, widths[i > 0], size, justify)
    return y + leading - size


def _draw_line(
    writer: Writer,
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
    writer: Writer, word: _Word, x: float, y: float, size: float, *, per_glyph: bool
) -> None:
    for seg in word:
        if seg.marker:
            x += _marker(writer, seg.text, x, y, size, [])
            continue
        pieces = list(seg.text) if per_glyph else [seg.text]
        for piece in pieces:
            writer.text_at(x, y, piece, size, seg.style)
            x += writer.width(piece, size, seg.style)


def _marker(writer: Writer, number: str, x: float, y: float, size: float, ops: list[str]) -> float:
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
    writer: Writer,
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
    current = ""  # the style of the font set (bold segments switch it)

    def restyle(style: str) -> None:
        nonlocal pending, current
        if style == current:
            return
        if pending:
            array.append(writer.enc(pending, size, style=current))
            pending = ""
        flush()
        ops.append(writer.tf(size, style))
        current = style

    for i, word in enumerate(words):
        if i:
            if draw == "kern-nospace":
                array.append(f"{-(extra + writer.width(' ', size)) / size * 1000:.1f}")
            elif draw == "line":
                pending += " "
            else:
                array.append(writer.enc(" ", size, style=current))
                if extra > 0.01:
                    array.append(f"{-extra / size * 1000:.1f}")
        x = xs[i]
        for seg in word:
            if seg.marker:
                if pending:
                    array.append(writer.enc(pending, size, style=current))
                    pending = ""
                flush()
                x += _marker(writer, seg.text, x, y, size, ops)
                if writer.layout.marker != "rise":  # the marker's ops set the regular font
                    current = ""
                continue
            restyle(seg.style)
            code = writer.enc
            if draw == "line":
                pending += seg.text
            elif len(seg.text) > 3:  # kerning inside the word
                head, tail = seg.text[:2], seg.text[2:]
                array += [code(head, size, style=current), "15", code(tail, size, style=current)]
            else:
                array.append(code(seg.text, size, style=current))
            x += writer.width(seg.text, size, current)
    if pending:
        array.append(writer.enc(pending, size, style=current))
    flush()
    ops.append("ET")
    writer.put(ops)
