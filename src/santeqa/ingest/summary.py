"""What reading a document found, in one line (``santeqa chunks --stats``)."""

from __future__ import annotations

from santeqa.records import Document


def found_summary(doc: Document) -> str:
    """Markers linked, section paths (headings), URLs, notes printed over several pages,
    running lines removed, lines of text boxes set beside the text (when there are)."""
    markers = sum(len(p.markers) for p in doc.paragraphs)
    cited = len({m.number for p in doc.paragraphs for m in p.markers})
    sections = len({p.section for p in doc.paragraphs if p.section})
    urls = sum(len(n.urls) for n in doc.footnotes)
    with_urls = sum(bool(n.urls) for n in doc.footnotes)
    over_pages = sum(len(n.page_starts) > 1 for n in doc.footnotes)
    headings = doc.repairs.get("pdf_headings")
    running = doc.repairs.get("pdf_running_lines", 0)
    return (
        f"  found: {markers} markers linked ({cited} notes cited), {sections} section paths"
        + (f" from {headings} headings" if headings is not None else "")
        + f", {urls} URLs on {with_urls} notes, notes over two pages or more: {over_pages}"
        + f", {running} running header/footer lines removed"
        + (
            f", {boxed} lines of text boxes read apart"
            if (boxed := doc.repairs.get("pdf_box_lines"))
            else ""
        )
    )
