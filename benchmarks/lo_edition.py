"""The report as a PDF made by a real word processor (LibreOffice), and what santeqa reads back.

    .venv/bin/python benchmarks/lo_edition.py render OUT.pdf [--docx] [--word-like] [--keep-pages]
        [--frames]
    .venv/bin/python benchmarks/lo_edition.py measure OUT.pdf
    .venv/bin/python benchmarks/lo_edition.py fixture OUT.pdf [--docx] [--word-like] [--long-note]
        [--frame picture|box]
    .venv/bin/python benchmarks/lo_edition.py variants [--keep-pages] [--frames]

``render`` writes the structure parsed from the text export (sections as headings of their
level, paragraphs, bullets as a list, each note as a real footnote ``<text:note>`` at its
marker, URLs as hyperlinks inside the notes, the glossary as a two-column table, the page
number in a footer) as a flat OpenDocument text (``.fodt``, written by hand: no new
dependency), and has LibreOffice convert it (``soffice --headless --convert-to pdf``), so
the notes' placement at the page foot, the superscript markers, the fonts and the page
breaks are LibreOffice's own, not an imitation. ``--docx`` goes through Word's format first
(ODT → DOCX by LibreOffice, then DOCX → PDF). LibreOffice paginates on its own: pages differ
from the text export's (which follow the original Word layout), so page numbers are not
comparable with the gold pages. ``--keep-pages`` keeps the export's pages instead: a page
break before each (a paragraph running over a page turn cut there, the glossary table cut
at its rows' page turns), so the PDF has the export's 41 pages and the gold pages apply;
``render`` prints the page count (more pages than the export's: a page overflowed, and
those after it are shifted). ``measure`` prints the figures of
``benchmarks/pdf_edition.py measure``. ``fixture`` renders a few pages of fresh text (not the
report's) in the same layout: the unit tests' fixtures under ``tests/unit/ingest/fixtures``
were made with it (LibreOffice 7.4, Debian 12 ``libreoffice-writer-nogui``).
Needs ``soffice`` on the PATH (Debian: ``apt-get install libreoffice-writer-nogui``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks.lo_styles import LIBREOFFICE_LOOK, WORD_LIKE, Layout, styles
from santeqa.records import Document, Footnote, Marker, Paragraph

_URL = re.compile(r"https?://\S+[^\s.,;:)»]")


_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
"""


def _linked(text: str, urls: tuple[str, ...] = ()) -> str:
    """Text with its printed URLs as hyperlinks; URLs not printed link the text itself (as
    « "IA et santé" - Sénat (senat.fr) » links to the page in a Word document)."""
    printed = [u for u in urls if u in text]
    hidden = [u for u in urls if u not in text]
    out, pos = [], 0
    for match in _URL.finditer(text):
        out.append(escape(text[pos : match.start()]))
        out.append(_anchor(match.group(), match.group()))
        pos = match.end()
    rest = text[pos:]
    if hidden and not printed:
        words = rest.split(" ")
        share = max(1, len(words) // len(hidden))
        parts = [
            # the last part takes the words left over
            " ".join(words[i * share : (i + 1) * share if i < len(hidden) - 1 else None])
            for i in range(len(hidden))
        ]
        out.extend(
            _anchor(url, part) + (" " if i < len(parts) - 1 else "")
            for i, (url, part) in enumerate(zip(hidden, parts, strict=True))
        )
    else:
        out.append(escape(rest))
    return "".join(out)


def _anchor(url: str, label: str) -> str:
    return (
        f'<text:a xlink:type="simple" xlink:href="{escape(url, {chr(34): "&quot;"})}" '
        f'text:style-name="Internet_20_link">{escape(label)}</text:a>'
    )


def _note(note: Footnote | None, number: int) -> str:
    text = note.text if note else ""
    urls = note.urls if note else ()
    return (
        '<text:note text:note-class="footnote">'
        f"<text:note-citation>{number}</text:note-citation><text:note-body>"
        f'<text:p text:style-name="Footnote">{_linked(text, urls)}</text:p>'
        "</text:note-body></text:note>"
    )


def _paragraph_body(text: str, markers: tuple[Marker, ...], notes: dict[int, Footnote]) -> str:
    out, pos = [], 0
    for marker in markers:
        out.append(_linked(text[pos : marker.offset]))
        out.append(_note(notes.get(marker.number), marker.number))
        pos = marker.offset
    out.append(_linked(text[pos:]))
    return "".join(out)


def fodt_of(doc: Document, layout: Layout = LIBREOFFICE_LOOK, *, keep_pages: bool = False) -> str:
    """The document as a flat ODT (see the module docstring). With ``keep_pages``, a page
    break before each page of ``doc`` (the text export's own pages): a paragraph running
    over a page turn is cut there in two, the second part opening the next page (a bullet
    item's second part indented as the item, without a bullet); the glossary table is cut
    where its rows' page turns."""
    notes = {n.number: n for n in doc.footnotes}
    body: list[str] = []
    section: tuple[str, ...] = ()
    in_list = False
    page = 1
    for part in _parts(doc.paragraphs, keep_pages):
        broken = part.page > page  # the first block of this part opens a new page
        body.extend(
            '<text:p text:style-name="Standard_20_break"/>' for _ in range(page + 1, part.page)
        )
        page = max(page, part.page)
        para = part.paragraph
        if para.section != section and not part.continued:
            shared = 0
            while shared < min(len(section), len(para.section)) and (
                section[shared] == para.section[shared]
            ):
                shared += 1
            if in_list:
                body.append("</text:list>")
                in_list = False
            for level in range(shared, len(para.section)):
                body.append(_heading(level + 1, para.section[level], broken=broken))
                broken = False
            section = para.section
        bullet = para.text.startswith("• ")
        if bullet != in_list:
            body.append('<text:list text:style-name="Bullets">' if bullet else "</text:list>")
            in_list = bullet
        text, markers = part.text, part.markers
        if bullet and not part.continued:
            text = text[2:]
            markers = tuple(Marker(m.offset - 2, m.number) for m in markers)
        inner = _paragraph_body(text, markers, notes)
        style = "Text_20_body_20_break" if broken else "Text_20_body"
        para_xml = f'<text:p text:style-name="{style}">{inner}</text:p>'
        item = "text:list-header" if part.continued else "text:list-item"
        body.append(f"<{item}>{para_xml}</{item}>" if bullet else para_xml)
    if in_list:
        body.append("</text:list>")
    if doc.glossary:
        body.extend(_glossary_pages(doc, page, keep_pages))
    return (
        _HEAD
        + styles(layout)
        + "<office:body><office:text>"
        + "\n".join(body)
        + "</office:text></office:body></office:document>\n"
    )


@dataclass(frozen=True)
class _Part:
    """A paragraph, or the piece of it on one page; ``markers`` offsets into ``text``."""

    paragraph: Paragraph
    text: str
    markers: tuple[Marker, ...]
    page: int
    continued: bool  # goes on from the page before


def _parts(paragraphs: tuple[Paragraph, ...], keep_pages: bool) -> Iterator[_Part]:
    """Each paragraph whole, or (``keep_pages``) cut at its page turns."""
    for para in paragraphs:
        starts = para.page_starts if keep_pages else ((0, 1),)  # one page: no break
        cuts = [offset for offset, _ in starts[1:]] + [len(para.text)]
        for (start, page), end in zip(starts, cuts, strict=True):
            piece = para.text[start:end]
            lead = len(piece) - len(piece.lstrip())  # spaces at the turn: dropped
            markers = tuple(
                Marker(m.offset - start - lead, m.number)
                for m in para.markers
                if (start < m.offset or m.offset == start == 0) and m.offset <= end
            )
            yield _Part(para, piece.strip(), markers, page, continued=start > 0)


def _glossary_pages(doc: Document, page: int, keep_pages: bool) -> Iterator[str]:
    """The glossary's heading and table after ``page``; with ``keep_pages``, on the pages
    of its rows: the table cut at their page turns, each piece opening its page."""
    first = doc.glossary[0].page if keep_pages else page
    yield from ('<text:p text:style-name="Standard_20_break"/>' for _ in range(page + 1, first))
    yield _heading(1, "Sigles", broken=first > page)
    rows = [(g.acronym, g.expansion, g.page if keep_pages else first) for g in doc.glossary]
    current = max(first, page)
    for table_page in sorted({row_page for _, _, row_page in rows}):
        rows_here = [(acronym, expansion) for acronym, expansion, p in rows if p == table_page]
        if table_page > current:  # an empty paragraph opens the page: Word's format has no
            yield '<text:p text:style-name="Standard_20_break"/>'  # break before a table
        yield _glossary(rows_here)
        current = table_page


def _heading(level: int, text: str, *, broken: bool = False) -> str:
    style = f"Heading_20_{min(level, 4)}" + ("_20_break" if broken else "")
    return f'<text:h text:style-name="{style}" text:outline-level="{level}">{escape(text)}</text:h>'


def _glossary(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        '<table:table-row table:style-name="Glossary.row">'
        + "".join(
            '<table:table-cell table:style-name="Glossary.cell" office:value-type="string">'
            f'<text:p text:style-name="Table_20_Contents">{escape(c)}</text:p></table:table-cell>'
            for c in (acronym, expansion)
        )
        + "</table:table-row>"
        for acronym, expansion in rows
    )
    return (
        '<table:table table:name="Glossary" table:style-name="Glossary">'
        '<table:table-column table:style-name="Glossary.A"/>'
        '<table:table-column table:style-name="Glossary.B"/>'
        f"{cells}</table:table>"
    )


def convert(fodt: str, out: Path, *, docx: bool = False, tagged: bool = False) -> None:
    """Has LibreOffice lay the document out and export it as PDF (through DOCX if asked)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = work / f"{out.stem}.fodt"
        source.write_text(fodt, encoding="utf-8")
        profile = f"-env:UserInstallation=file://{work}/profile"
        if docx:
            _soffice(soffice, profile, "docx:MS Word 2007 XML", source, work)
            source = work / f"{out.stem}.docx"
            (work / f"{out.stem}.fodt").unlink()
        options = '{"UseTaggedPDF":{"type":"boolean","value":"true"}}' if tagged else ""
        _soffice(soffice, profile, f"pdf:writer_pdf_Export:{options}".rstrip(":"), source, work)
        shutil.copyfile(work / f"{out.stem}.pdf", out)


def _soffice(soffice: str, profile: str, target: str, source: Path, outdir: Path) -> None:
    subprocess.run(
        [
            soffice,
            profile,
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


#: the routes and looks measured by ``variants``: (name, layout, through DOCX)
VARIANTS = (
    ("ODT, LibreOffice's look", Layout(), False),
    ("ODT, Word's look", WORD_LIKE, False),
    ("DOCX, LibreOffice's look", Layout(), True),
    ("DOCX, Word's look", WORD_LIKE, True),
    ("DOCX, Word's look, table rows kept whole", replace(WORD_LIKE, rows_kept_together=True), True),
    ("DOCX, Word's look, numbered headings", replace(WORD_LIKE, numbered_headings=True), True),
    ("DOCX, Word's look, hyphenated", replace(WORD_LIKE, hyphenate=True), True),
    ("DOCX, Word's look, tagged PDF", replace(WORD_LIKE, tagged=True), True),
    (
        "all of these",
        replace(
            WORD_LIKE, rows_kept_together=True, numbered_headings=True, hyphenate=True, tagged=True
        ),
        True,
    ),
)


def pictured(reference: Document, export: str) -> list[str]:
    """The starts (30 characters, XML-escaped) of the paragraphs the text export prints in
    narrow lines — four or more lines of 40 to 72 characters in a row, where its other lines
    run to about 95: a picture stood beside them in the original layout."""

    def key(text: str) -> str:
        text = text.replace("\ufffd", "ti").replace("\uf0b7", "").replace("\uf0d8", "")
        return re.sub(r"\W+", " ", text).strip()[:20]

    firsts, run = [], []
    for line in export.split("\n"):
        if 40 <= len(line.rstrip()) <= 72 and not line.startswith("•"):
            run.append(line)
            continue
        if len(run) >= 4:
            firsts.append(key(run[0]))
        run = []
    heads = []
    for para in reference.paragraphs:
        text = para.text.removeprefix("• ")
        if any(key(text).startswith(k) for k in firsts):
            heads.append(escape(text[:30]))
    return heads


def _variants(
    reference: Document, *, keep_pages: bool = False, frames: list[str] | None = None
) -> None:
    """Render the report by each route and look, read it back, print a row per variant
    (the columns of ``benchmarks/pdf_edition.py variants``, paragraphs on the export's
    pages with ``keep_pages``) and its page count. ``frames``: the starts of the paragraphs
    opened by an empty frame at their right, their text wrapping around it (``pictured``)."""
    from benchmarks.lo_fixture import with_frames
    from benchmarks.pdf_edition import _COLUMNS, _read, measure

    columns = dict(_COLUMNS)
    if keep_pages:
        columns["paragraphs_on_export_pages"] = "on export pages"
    print("| LibreOffice edition | pages | " + " | ".join(columns.values()) + " |")
    print("| --- | ---: |" + " ---: |" * len(columns))
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, layout, docx) in enumerate(VARIANTS):
            path = Path(tmp) / f"edition-{i}.pdf"
            fodt = fodt_of(reference, layout, keep_pages=keep_pages)
            if frames:
                fodt = with_frames(fodt, frames)
            convert(fodt, path, docx=docx, tagged=layout.tagged)
            doc = _read(path)
            figures = measure(doc, reference)
            row = " | ".join(str(figures[key]) for key in columns)
            print(f"| {name} | {len(doc.pages)} | {row} |", flush=True)


def _page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.pdf_edition import _read, print_measure

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("action", choices=["render", "measure", "fixture", "variants"])
    parser.add_argument("pdf", type=Path, nargs="?", help="the PDF (render, measure, fixture)")
    parser.add_argument("--docx", action="store_true", help="render: ODT → DOCX → PDF")
    parser.add_argument("--word-like", action="store_true", help="render: Word's look")
    parser.add_argument("--rows-kept-together", action="store_true", help="no row split")
    parser.add_argument("--hyphenate", action="store_true", help="justified, hyphenated")
    parser.add_argument(
        "--keep-pages",
        action="store_true",
        help="render, variants: the text export's own pages (a page break before each)",
    )
    parser.add_argument("--glossary-repeat", type=int, default=3, help="fixture: table length")
    parser.add_argument(
        "--long-note", action="store_true", help="fixture: a note going on over a page"
    )
    parser.add_argument(
        "--frames",
        action="store_true",
        help="render, variants: the paragraphs the text export prints narrow wrap around a frame",
    )
    parser.add_argument(
        "--frame",
        choices=["picture", "box"],
        help="fixture: the second paragraph wraps around an empty frame or a text box",
    )
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    args = parser.parse_args(argv)
    layout = replace(
        WORD_LIKE if args.word_like else Layout(), rows_kept_together=args.rows_kept_together
    )
    if args.hyphenate:
        layout = replace(layout, justified=True, hyphenate=True)
    if args.action == "fixture":
        from benchmarks.lo_fixture import FIXTURE_HEADER, fresh_document, with_frame

        layout = replace(layout, header=FIXTURE_HEADER if layout.header else "")
        document = fresh_document(args.glossary_repeat, long_note=args.long_note)
        fodt = fodt_of(document, layout)
        convert(with_frame(fodt, args.frame) if args.frame else fodt, args.pdf, docx=args.docx)
        print(f"wrote {args.pdf}")
        return 0
    text = next(p for p in sorted(args.corpus.glob("*.txt")))
    reference = _read(text)
    if args.action == "variants":
        frames = pictured(reference, text.read_text(encoding="utf-8")) if args.frames else None
        if frames:
            print(f"{len(frames)} paragraphs wrap around a frame")
        _variants(reference, keep_pages=args.keep_pages, frames=frames)
        return 0
    if args.action == "render":
        fodt = fodt_of(reference, layout, keep_pages=args.keep_pages)
        if args.frames:
            from benchmarks.lo_fixture import with_frames

            fodt = with_frames(fodt, pictured(reference, text.read_text(encoding="utf-8")))
        convert(fodt, args.pdf, docx=args.docx, tagged=layout.tagged)
        print(f"wrote {args.pdf} from {text.name}: {_page_count(args.pdf)} pages")
        return 0
    print_measure(args.pdf, reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
