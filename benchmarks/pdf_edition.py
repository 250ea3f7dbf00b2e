"""The report as a word-processor PDF edition, and what santeqa reads back from it.

    .venv/bin/python benchmarks/pdf_edition.py render OUT.pdf      # from corpus/*.txt
    .venv/bin/python benchmarks/pdf_edition.py measure OUT.pdf     # figures of the reading

``render`` lays out the structure parsed from the text export (pages, sections, paragraphs
with their note markers, notes with their URLs, glossary) the way a word processor exports it:
bold headings sized by level, superscript markers, notes in small type at the page foot with
their URLs as link annotations (not printed), bullets as ZapfDingbats glyphs, ``fi``/``fl`` as
ligature glyphs, a running header and a page number in the footer, the glossary as a
two-column table. Each page of the export is one page of the PDF (shrunk to fit if need be),
so page numbers stay comparable.

``measure`` reads a PDF through ``santeqa.ingest`` and prints: notes found and cited by body
passages, section paths, passages ending with a page number, markers left glued, notes whose
URLs come back. ``ask GOLD.jsonl`` prints the ``santeqa eval`` figures of the index named by
the settings (``page_ok``, the answer on the gold page, among them). Needs fpdf2 (the
``dev`` extra) and the DejaVu fonts (Debian fonts-dejavu-core).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from santeqa.records import Document, Paragraph
from santeqa.settings import Settings

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
HEADER = "Innovations en santé numérique en Normandie"
LEFT, RIGHT, TOP, BOTTOM = 56.0, 56.0, 64.0, 60.0
BODY, LEADING, NOTE, HEADINGS = 10.0, 13.0, 7.5, (15.0, 12.5, 11.0, 10.5)
_LIGATURES = {"fi": "\ufb01", "fl": "\ufb02"}


@dataclass
class _PageContent:
    number: int
    blocks: list[tuple[str, object]] = field(default_factory=list)  # (kind, payload)
    notes: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)


def fonts_available() -> bool:
    return all((FONT_DIR / f).is_file() for f in FONTS.values())


def render_edition(doc: Document, *, ligatures: bool = True) -> bytes:
    """The document as a PDF in a word-processor layout (see the module docstring)."""
    pages = _contents(doc)
    pdf, scratch = _new_pdf(), _new_pdf()  # scratch: pages drawn to see whether they fit
    for content in pages:
        scale = next(
            (s for s in (1.0, 0.92, 0.85, 0.78, 0.7, 0.62) if _fits(scratch, content, s)), 0.55
        )
        pdf.add_page()
        _page(pdf, content, scale, ligatures)
    return bytes(pdf.output())


def _new_pdf() -> FPDF:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    for style, file in FONTS.items():
        pdf.add_font("dejavu", style, str(FONT_DIR / file))
    return pdf


def _contents(doc: Document) -> list[_PageContent]:
    pages = [_PageContent(p.number) for p in doc.pages]
    section: tuple[str, ...] = ()
    for para in doc.paragraphs:
        cuts = [o for o, _ in para.page_starts] + [len(para.text)]
        for (start, page), end in zip(para.page_starts, cuts[1:], strict=True):
            if start == 0:
                shared = 0
                while shared < min(len(section), len(para.section)) and (
                    section[shared] == para.section[shared]
                ):
                    shared += 1
                for level in range(shared, len(para.section)):
                    pages[page - 1].blocks.append(("heading", (level, para.section[level])))
                section = para.section
            pages[page - 1].blocks.append(("text", (para, start, end)))
    if doc.glossary:
        pages[doc.glossary[0].page - 1].blocks.append(("heading", (0, "Sigles")))
    for entry in doc.glossary:
        pages[entry.page - 1].blocks.append(("row", (entry.acronym, entry.expansion)))
    for note in doc.footnotes:
        pages[note.page - 1].notes.append((note.number, note.text, note.urls))
    return pages


def _fits(pdf: FPDF, content: _PageContent, scale: float) -> bool:
    pdf.add_page()
    end = _body(pdf, content, scale, False)
    return end <= _notes_top(pdf, content, scale) - 8


def _page(pdf: FPDF, content: _PageContent, scale: float, ligatures: bool) -> None:
    pdf.set_font("dejavu", "", 8)
    pdf.set_xy(LEFT, 30)
    pdf.cell(text=HEADER)
    pdf.set_font("dejavu", "", 9)
    pdf.set_xy(pdf.w / 2 - 10, pdf.h - 36)
    pdf.cell(20, 10, str(content.number), align="C")
    _body(pdf, content, scale, ligatures)
    _notes(pdf, content, scale)


def _lig(text: str, on: bool) -> str:
    if not on:
        return text
    return re.sub("fi|fl", lambda m: _LIGATURES[m.group()], text)


def _body(pdf: FPDF, content: _PageContent, scale: float, ligatures: bool) -> float:
    width = pdf.w - LEFT - RIGHT
    pdf.set_left_margin(LEFT)
    pdf.set_right_margin(RIGHT)
    pdf.set_xy(LEFT, TOP)
    size, leading = BODY * scale, LEADING * scale
    for kind, payload in content.blocks:
        if kind == "heading":
            level, text = payload  # type: ignore[misc]
            pdf.set_font("dejavu", "B", HEADINGS[min(level, 3)] * scale)
            pdf.set_x(LEFT)
            pdf.ln(6 * scale)
            pdf.multi_cell(width, HEADINGS[min(level, 3)] * scale * 1.25, text)
            pdf.ln(3 * scale)
        elif kind == "row":
            acronym, expansion = payload  # type: ignore[misc]
            y = pdf.get_y()
            pdf.set_font("dejavu", "B", size)
            pdf.set_xy(LEFT, y)
            pdf.cell(90, leading, acronym)
            pdf.set_font("dejavu", "", size)
            pdf.set_xy(LEFT + 100, y)
            pdf.multi_cell(width - 100, leading, expansion)
            pdf.set_x(LEFT)
        else:
            para, start, end = payload  # type: ignore[misc]
            _text(pdf, para, start, end, size, leading, ligatures)
            pdf.ln(leading + 8 * scale)
    return pdf.get_y()


def _text(
    pdf: FPDF,
    para: Paragraph,
    start: int,
    end: int,
    size: float,
    leading: float,
    ligatures: bool,
) -> None:
    text = para.text
    indent = 0.0
    if start == 0 and text.startswith("• "):
        pdf.set_font("zapfdingbats", "", size * 0.7)
        pdf.set_x(LEFT + 4)
        pdf.cell(10, leading, "l")
        indent = 14.0
        start = 2
    pdf.set_left_margin(LEFT + indent)
    pdf.set_x(LEFT + indent)
    pos = start
    for marker in [m for m in para.markers if start <= m.offset <= end]:
        pdf.set_font("dejavu", "", size)
        pdf.write(leading, _lig(text[pos : marker.offset], ligatures))
        pdf.char_vpos = "SUP"
        pdf.write(leading, str(marker.number))
        pdf.char_vpos = "LINE"
        pos = marker.offset
    pdf.set_font("dejavu", "", size)
    pdf.write(leading, _lig(text[pos:end].rstrip(), ligatures))
    pdf.set_left_margin(LEFT)


def _notes_top(pdf: FPDF, content: _PageContent, scale: float) -> float:
    pdf.set_font("dejavu", "", NOTE * scale)
    width = pdf.w - LEFT - RIGHT - 8
    height = 0.0
    for number, text, _ in content.notes:
        lines = pdf.multi_cell(
            width, NOTE * scale * 1.25, f"{number} {text}", dry_run=True, output="LINES"
        )
        height += len(lines) * NOTE * scale * 1.25 + 1
    return pdf.h - BOTTOM - height


def _notes(pdf: FPDF, content: _PageContent, scale: float) -> None:
    if not content.notes:
        return
    top = _notes_top(pdf, content, scale)
    pdf.line(LEFT, top - 4, LEFT + 150, top - 4)
    pdf.set_xy(LEFT, top)
    size, leading = NOTE * scale, NOTE * scale * 1.25
    for number, text, urls in content.notes:
        pdf.set_left_margin(LEFT)
        pdf.set_x(LEFT)
        pdf.set_font("dejavu", "", size)
        pdf.char_vpos = "SUP"
        pdf.write(leading, str(number))
        pdf.char_vpos = "LINE"
        pdf.set_font("dejavu", "", size)
        x, y = pdf.get_x(), pdf.get_y()
        pdf.write(leading, " " + text, link=urls[0] if urls else "")
        for url in urls[1:]:
            pdf.link(x, y, 120, leading, url)
        pdf.ln(leading + 1)


# ----------------------------------------------------------------------------------------
# measuring a reading


_PAGE_END = re.compile(r"(?:\s|^)\d{1,3}\s*$")
_GLUED = re.compile(r"[^\W\d_][\)»”]?\d{1,2}(?=[\s.,;:!?)]|$)")


def measure(doc: Document, reference: Document | None = None) -> dict[str, object]:
    """Figures of one reading (beside the reference reading when given)."""
    from santeqa.chunk import chunk_document

    chunks = chunk_document(doc)
    body = [c for c in chunks if c.kind == "body"]
    cited = {n for c in body for n in c.footnotes}
    figures: dict[str, object] = {
        "notes": len(doc.footnotes),
        "notes_cited": len(cited & {n.number for n in doc.footnotes}),
        "section_paths": len({p.section for p in doc.paragraphs}),
        "passages_ending_with_number": sum(bool(_PAGE_END.search(c.text)) for c in body),
        "glued_markers": sum(len(_GLUED.findall(c.text)) for c in body),
        "notes_with_urls": sum(bool(n.urls) for n in doc.footnotes),
        "glossary": len(doc.glossary),
    }
    if reference is not None:
        want = {n.number: set(n.urls) for n in reference.footnotes if n.urls}
        got = {n.number: set(n.urls) for n in doc.footnotes}
        figures["notes_urls_back"] = (
            f"{sum(want[k] <= got.get(k, set()) for k in want)}/{len(want)}"
        )
        sections = {p.section for p in reference.paragraphs}
        found = {_unnumbered(s) for s in sections} & {
            _unnumbered(p.section) for p in doc.paragraphs
        }
        figures["sections_as_text_export"] = f"{len(found)}/{len(sections)}"
        notes = {(n.number, n.text) for n in doc.footnotes}
        same = sum((n.number, n.text) in notes for n in reference.footnotes)
        figures["notes_as_text_export"] = f"{same}/{len(reference.footnotes)}"
        entries = {(g.acronym, g.expansion) for g in doc.glossary}
        same = sum((g.acronym, g.expansion) in entries for g in reference.glossary)
        figures["glossary_as_text_export"] = f"{same}/{len(reference.glossary)}"
        texts = {p.text for p in doc.paragraphs}
        same = sum(p.text in texts for p in reference.paragraphs)
        figures["paragraphs_as_text_export"] = f"{same}/{len(reference.paragraphs)}"
        on = {p.text: [n for _, n in p.page_starts] for p in doc.paragraphs}
        same = sum(on.get(p.text) == [n for _, n in p.page_starts] for p in reference.paragraphs)
        figures["paragraphs_on_export_pages"] = f"{same}/{len(reference.paragraphs)}"
        words = {w for p in reference.paragraphs for w in _words(p.text)}
        figures["words_not_in_export"] = sum(
            w not in words for p in doc.paragraphs for w in _words(p.text)
        )
    return figures


def _unnumbered(section: tuple[str, ...]) -> tuple[str, ...]:
    """A section path without heading numbers (« 1.2 Titre » → « Titre »)."""
    return tuple(re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", h) for h in section)


def _words(text: str) -> list[str]:
    """Words as compared between readings (glued or split words differ)."""
    return [w.strip(".,;:!?()«»\"'’") for w in text.split() if w.strip(".,;:!?()«»\"'’")]


def print_measure(pdf: Path, reference: Document) -> None:
    """``measure``'s figures of the PDF read back, one per line."""
    for key, value in measure(_read(pdf), reference).items():
        print(f"{key:<30} {value}")


def _read(path: Path) -> Document:
    from santeqa.ingest import load_lexicon, read_corpus

    lexicon = load_lexicon(Settings().lexicon)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        (corpus / path.name).write_bytes(path.read_bytes())
        docs, skipped = read_corpus(corpus, lexicon)
    if skipped:
        raise SystemExit(f"{path}: {skipped[0].reason}")
    return docs[0]


def ask(gold_file: Path) -> dict[str, float]:
    """``santeqa eval`` figures on the index of the settings, ``page_ok`` among them (the
    answer on the gold page)."""
    from santeqa import evaluate
    from santeqa.service import Engine

    engine = Engine.from_settings(Settings())
    outcomes = evaluate.run(engine, evaluate.load_gold(gold_file), top_k=5)
    return dict(evaluate.summarise(outcomes))


_COLUMNS = {
    "notes": "notes",
    "notes_cited": "cited",
    "notes_as_text_export": "same notes",
    "section_paths": "paths",
    "sections_as_text_export": "as export",
    "glued_markers": "glued",
    "notes_urls_back": "URLs",
    "passages_ending_with_number": "page-nr ends",
    "words_not_in_export": "odd words",
    "paragraphs_as_text_export": "same paragraphs",
    "glossary_as_text_export": "glossary",
}


def _variants(reference: Document, names: list[str]) -> None:
    """Render each layout variant, read it back, print one table row per variant."""
    from benchmarks.pdf_variants import VARIANTS, render_variant

    print("| variant | " + " | ".join(_COLUMNS.values()) + " |")
    print("| --- |" + " ---: |" * len(_COLUMNS))
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or list(VARIANTS):
            path = Path(tmp) / f"{name}.pdf"
            path.write_bytes(render_variant(reference, VARIANTS[name]))
            figures = measure(_read(path), reference)
            row = " | ".join(str(figures[key]) for key in _COLUMNS)
            print(f"| {name} | {row} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("action", choices=["render", "measure", "ask", "variants"])
    parser.add_argument(
        "pdf", type=Path, nargs="?", help="the PDF (render, measure) or gold file (ask)"
    )
    parser.add_argument("--variant", help="render: a layout of benchmarks/pdf_variants.py")
    parser.add_argument("names", nargs="*", help="variants: their names (default: all)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    args = parser.parse_args(argv)
    if args.action == "ask":  # on SANTEQA_INDEX_DIR, built beforehand with `santeqa index`
        for key, value in ask(args.pdf).items():
            print(f"{key:<14} {value:.3f}")
        return 0
    text = next(p for p in sorted(args.corpus.glob("*.txt")))
    reference = _read(text)
    if args.action == "variants":
        _variants(reference, ([str(args.pdf)] if args.pdf else []) + args.names)
        return 0
    if args.action == "render":
        if args.variant:
            from benchmarks.pdf_variants import VARIANTS, render_variant

            args.pdf.write_bytes(render_variant(reference, VARIANTS[args.variant]))
        else:
            args.pdf.write_bytes(render_edition(reference))
        print(f"wrote {args.pdf} from {text.name}")
        return 0
    print_measure(args.pdf, reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
