"""PDFs in a word-processor layout, written with fpdf2 (core fonts: no font file needed).

``[^N]`` in a text is drawn as a superscript marker N; a heading's size says its level;
notes go to the page foot in small type, their URLs as link annotations over them.
``text_object`` writes text operators directly (text rise, ``TJ`` arrays, glyphs placed one
by one), the way other exporters draw text.
"""

from __future__ import annotations

import re

from fpdf import FPDF

LEFT, TOP, WIDTH = 56.0, 70.0, 483.0
BODY, LEADING, NOTE = 10.0, 13.0, 7.5
HEADING_SIZES = (15.0, 12.5, 11.0)
_MARK = re.compile(r"\[\^(\d+)\]")


class LayoutPdf:
    """A PDF drawn top to bottom, page by page."""

    def __init__(
        self, *, header: str = "", footer_numbers: bool = True, footer: str = "{page}"
    ) -> None:
        self.pdf = FPDF(format="A4", unit="pt")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(LEFT, TOP, LEFT)
        self.header = header
        self.footer_numbers = footer_numbers
        self.footer = footer
        self.pages = 0

    def page(self, header: str | None = None) -> LayoutPdf:
        """A new page (``header``: this page's running header instead of the document's)."""
        pdf = self.pdf
        pdf.add_page()
        self.pages += 1
        header = self.header if header is None else header
        if header:
            pdf.set_font("helvetica", "", 8)
            pdf.set_xy(LEFT, 30)
            pdf.cell(text=header)
        if self.footer_numbers:
            pdf.set_font("helvetica", "", 9)
            pdf.set_xy(pdf.w / 2 - 40, pdf.h - 36)
            pdf.cell(80, 10, self.footer.format(page=self.pages), align="C")
        pdf.set_xy(LEFT, TOP)
        return self

    def heading(self, level: int, text: str) -> LayoutPdf:
        size = HEADING_SIZES[level]
        self.pdf.set_font("helvetica", "B", size)
        self.pdf.ln(6)
        self.pdf.set_x(LEFT)
        self.pdf.multi_cell(WIDTH, size * 1.25, text)
        self.pdf.ln(3)
        return self

    def para(
        self, text: str, *, bullet: str = "", gap: bool = True, first_indent: float = 0.0
    ) -> LayoutPdf:
        """A paragraph; ``bullet`` is a ZapfDingbats glyph (``l`` = ●) drawn before it."""
        pdf = self.pdf
        indent = 0.0
        if bullet:
            pdf.set_font("zapfdingbats", "", 7)
            pdf.set_x(LEFT + 4)
            pdf.cell(10, LEADING, bullet)
            indent = 14.0
        pdf.set_left_margin(LEFT + indent)
        pdf.set_x(LEFT + indent + first_indent)
        self._write(text, BODY, LEADING)
        pdf.set_left_margin(LEFT)
        pdf.ln(LEADING + (8 if gap else 0))
        return self

    def row(self, acronym: str, expansion: str, *, bold: bool = False) -> LayoutPdf:
        """A row of a two-column table (``bold``: both cells in bold, a header row)."""
        pdf = self.pdf
        y = pdf.get_y()
        pdf.set_font("helvetica", "B", BODY)
        pdf.set_xy(LEFT, y)
        pdf.cell(90, LEADING, acronym)
        pdf.set_font("helvetica", "B" if bold else "", BODY)
        pdf.set_xy(LEFT + 100, y)
        pdf.multi_cell(WIDTH - 100, LEADING, expansion)
        pdf.set_x(LEFT)
        return self

    def beside(self, text: str, box: list[str], *, box_width: float = 130.0) -> LayoutPdf:
        """A paragraph wrapping around a text box set at the right of its first lines: the
        paragraph narrower than the text, the box's short lines at the same heights."""
        pdf = self.pdf
        top = pdf.get_y()
        pdf.set_font("helvetica", "", BODY)
        pdf.set_xy(LEFT + WIDTH - box_width, top)
        for line in box:
            pdf.set_x(LEFT + WIDTH - box_width)
            pdf.cell(box_width, LEADING, line)
            pdf.ln(LEADING)
        pdf.set_xy(LEFT, top)
        pdf.multi_cell(WIDTH - box_width - 20, LEADING, text)
        pdf.set_x(LEFT)
        pdf.ln(8)
        return self

    def notes(self, *lines: list[tuple[int | None, str, str]], raised: bool = True) -> LayoutPdf:
        """Note lines at the page foot: each a list of (number or None, text, URL or "");
        the numbers raised (superscript) or in the notes' own size."""
        pdf = self.pdf
        leading = NOTE * 1.25
        top = pdf.h - 60 - len(lines) * (leading + 1)
        pdf.line(LEFT, top - 4, LEFT + 150, top - 4)
        pdf.set_xy(LEFT, top)
        for line in lines:
            pdf.set_x(LEFT)
            for number, text, url in line:
                pdf.set_font("helvetica", "", NOTE)
                if number is not None and raised:
                    pdf.char_vpos = "SUP"
                    pdf.write(leading, str(number))
                    pdf.char_vpos = "LINE"
                    pdf.set_font("helvetica", "", NOTE)
                    text = " " + text
                elif number is not None:
                    text = f"{number} {text}"
                pdf.write(leading, text, link=url)
            pdf.ln(leading + 1)
        return self

    def _write(self, text: str, size: float, leading: float) -> None:
        pdf = self.pdf
        pos = 0
        for m in _MARK.finditer(text):
            pdf.set_font("helvetica", "", size)
            pdf.write(leading, text[pos : m.start()])
            pdf.char_vpos = "SUP"
            pdf.write(leading, m.group(1))
            pdf.char_vpos = "LINE"
            pos = m.end()
        pdf.set_font("helvetica", "", size)
        pdf.write(leading, text[pos:])

    # --- text operators written directly ---------------------------------------------------
    def font(self, size: float, style: str = "") -> str:
        """``Tf`` of Helvetica at ``size`` (registered on the page)."""
        self.pdf.set_font("helvetica", style, size)
        assert self.pdf.current_font is not None
        return self.pdf._set_font_for_page(self.pdf.current_font, size, False)

    @staticmethod
    def string(text: str) -> str:
        """``text`` as a PDF string operand (Latin-1, as the core fonts are encoded)."""
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped})"

    def width(self, text: str, size: float) -> float:
        self.pdf.set_font("helvetica", "", size)
        return float(self.pdf.get_string_width(text))

    def baseline(self) -> float:
        """The PDF y (from the bottom) of the next body line's baseline; moves down a line."""
        y = self.pdf.h - self.pdf.get_y() - BODY
        self.pdf.set_y(self.pdf.get_y() + LEADING)
        return y

    def text_object(self, *operators: str) -> LayoutPdf:
        """``BT operators… ET`` in the page's content."""
        self.pdf._out(" ".join(["BT", *operators, "ET"]))
        return self

    def output(self) -> bytes:
        return bytes(self.pdf.output())
