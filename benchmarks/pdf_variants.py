"""The report's PDF edition in the ways real word-processor exports differ from each other.

    .venv/bin/python benchmarks/pdf_edition.py variants [NAME…]   # render and measure each

Each ``Layout`` draws the structure parsed from the text export (as ``pdf_edition.render``
does: one page of the export per page of the PDF) with its own text operators, written
directly into fpdf2's page streams (``pdf_variant_text.py`` draws the paragraphs), so that
what differs between exporters can be chosen:

* the note markers: smaller and raised by text rise (``Ts``), raised by text rise alone at the
  same size, raised by a y offset at the same or a slightly smaller size, in another font;
* how a line is drawn: one string with spaces, justified (``TJ`` arrays with kerning inside
  words and the word gaps as offsets, with or without space characters), word by word or glyph
  by glyph at absolute positions, words hyphenated at line ends;
* fonts (DejaVu, Liberation = Arial's metrics), headings by size and bold, by size only, by
  bold only (at the body size, also coloured or with bold lead-ins and bold sentences in
  paragraphs), bold 1 pt larger than the body, numbered (« 1. », « 1.2 »);
* note numbers raised, followed by a tab, or plain; a long note going on at the next page;
* the page number centred, at the right, or « Page 3 / 41 »; the running header;
* link annotations over the whole note, over its last words only, or the URL printed;
* the glossary as a table without borders, or with cell borders and a header row.
"""

from __future__ import annotations

import itertools

from benchmarks.pdf_edition import HEADER, _contents, _PageContent
from benchmarks.pdf_variant_text import FOOT, LEFT, TOP, WIDTH, Layout, Writer, draw_paragraph
from santeqa.records import Document

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
    "headings-bold-only-bold-in-paragraphs": Layout(headings="bold", emphasis=True),
    "headings-bold-only-coloured": Layout(headings="bold", heading_colour="0.12 0.29 0.53"),
    "headings-bold-1pt-larger": Layout(headings="bold-larger"),
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
    "glossary-cells-bottom": Layout(glossary="borders-bottom"),
    "glossary-cells-middle": Layout(glossary="borders-middle"),
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


def render_variant(doc: Document, layout: Layout) -> bytes:
    """The document as a PDF in ``layout``."""
    pages = _contents(doc)
    if layout.continued_notes:
        _continue_notes(pages)
    writer = Writer(layout)
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


def _frame(writer: Writer, number: int, total: int, chapter: str) -> None:
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


def _note_lines(writer: Writer, text: str, indent: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and writer.width(trial, writer.layout.note) > WIDTH - indent:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def _notes(writer: Writer, content: _PageContent) -> float:
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
            if layout.draw in ("words", "glyphs"):  # the notes drawn as the body is
                writer.words_at(x, y, line, layout.note, per_glyph=layout.draw == "glyphs")
            else:
                writer.text_at(x, y, line, layout.note)
            if urls and layout.links != "printed":
                _note_link(writer, x, y, line, urls, i == len(lines) - 1)
            y += leading
        y += 1
    return top


def _note_number(writer: Writer, number: int, y: float) -> float:
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
    writer: Writer, x: float, y: float, line: str, urls: tuple[str, ...], last: bool
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


def _body(writer: Writer, content: _PageContent, bottom: float, numbering: list[int]) -> None:
    """Draw the page's blocks from the top, shrunk until they end above the notes."""
    for scale in (1.0, 0.92, 0.85, 0.78, 0.7, 0.62, 0.55):
        ops_before = len(writer.pdf.pages[writer.pdf.page].contents)
        numbers_before = list(numbering)
        end = _blocks(writer, content, scale, numbering)
        if end <= bottom - 8 or scale == 0.55:
            return
        del writer.pdf.pages[writer.pdf.page].contents[ops_before:]  # undo and shrink
        numbering[:] = numbers_before


def _blocks(writer: Writer, content: _PageContent, scale: float, numbering: list[int]) -> float:
    y = TOP
    size = writer.layout.body * scale
    leading = size * 1.3
    previous = ""
    for kind, payload in content.blocks:
        if kind == "heading":
            level, title = payload  # type: ignore[misc]
            y = _heading(writer, level, title, y, scale, numbering)
        elif kind == "row":
            if previous != "row" and writer.layout.glossary.startswith("borders"):  # header
                y = _row(writer, "Sigle", "Signification", y, size, leading, bold=True)
            acronym, expansion = payload  # type: ignore[misc]
            y = _row(writer, acronym, expansion, y, size, leading)
        else:
            para, start, end = payload  # type: ignore[misc]
            y = draw_paragraph(writer, para, start, end, y, size, leading)
            y += writer.layout.paragraph_space * scale
        previous = kind
    return y


def _heading(
    writer: Writer, level: int, title: str, y: float, scale: float, numbering: list[int]
) -> float:
    style = writer.layout.headings
    sizes = writer.layout.heading_sizes
    size = {"bold": writer.layout.body, "bold-numbered": writer.layout.body}.get(
        style, writer.layout.body + 1.0 if style == "bold-larger" else sizes[min(level, 3)]
    )
    size *= scale
    weight = "" if style == "size" else "B"
    if style.endswith("numbered"):
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
            writer.text_at(LEFT, y, line, size, weight, writer.layout.heading_colour)
            y += size * 1.25
            line = word
        else:
            line = trial
    writer.text_at(LEFT, y, line, size, weight, writer.layout.heading_colour)
    return y + size * 0.25 + 3 * scale


def _row(
    writer: Writer,
    acronym: str,
    expansion: str,
    y: float,
    size: float,
    leading: float,
    *,
    bold: bool = False,
) -> float:
    borders = writer.layout.glossary.startswith("borders")
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
    shift = {"borders-bottom": 1.0, "borders-middle": 0.5}.get(writer.layout.glossary, 0.0)
    writer.text_at(LEFT + pad, y + shift * (len(lines) - 1) * leading, acronym, size, "B")
    for i, text in enumerate(lines):
        writer.text_at(LEFT + 100 + pad, y + i * leading, text, size, "B" if bold else "")
    bottom = y + (len(lines) - 1) * leading + size * 0.3 + pad
    if borders:
        writer.pdf.rect(LEFT, top, 100, bottom - top)
        writer.pdf.rect(LEFT + 100, top, WIDTH - 100, bottom - top)
    return bottom + (0 if borders else leading - size)
