"""JSON round trip for the records (what the index stores and the CLI prints)."""

from __future__ import annotations

from typing import Any

from santeqa.records import (
    Chunk,
    Document,
    Footnote,
    GlossaryEntry,
    Marker,
    Page,
    Paragraph,
    Sentence,
)

Json = dict[str, Any]


def chunk_to_json(c: Chunk) -> Json:
    return {
        "id": c.id,
        "document": c.document,
        "page": c.page,
        "pages": list(c.pages),
        "section": list(c.section),
        "text": c.text,
        "footnotes": list(c.footnotes),
        "sentences": [[s.start, s.end, s.page, list(s.footnotes)] for s in c.sentences],
        "kind": c.kind,
        "page_starts": [list(x) for x in c.page_starts],
    }


def chunk_from_json(d: Json) -> Chunk:
    return Chunk(
        id=d["id"],
        document=d["document"],
        page=d["page"],
        pages=tuple(d["pages"]),
        section=tuple(d["section"]),
        text=d["text"],
        footnotes=tuple(d["footnotes"]),
        sentences=tuple(Sentence(s[0], s[1], s[2], tuple(s[3])) for s in d["sentences"]),
        kind=d.get("kind", "body"),
        page_starts=tuple((a, b) for a, b in d.get("page_starts", ())),
    )


def footnote_to_json(f: Footnote) -> Json:
    return {
        "number": f.number,
        "text": f.text,
        "urls": list(f.urls),
        "page": f.page,
        "page_starts": [list(s) for s in f.page_starts],
    }


def document_to_json(doc: Document) -> Json:
    return {
        "name": doc.name,
        "sha256": doc.sha256,
        "pages": [{"number": p.number, "label": p.label, "raw": p.raw} for p in doc.pages],
        "paragraphs": [
            {
                "text": p.text,
                "section": list(p.section),
                "page_starts": [list(x) for x in p.page_starts],
                "markers": [[m.offset, m.number] for m in p.markers],
            }
            for p in doc.paragraphs
        ],
        "footnotes": [footnote_to_json(f) for f in doc.footnotes],
        "glossary": [
            {"acronym": g.acronym, "expansion": g.expansion, "page": g.page} for g in doc.glossary
        ],
        "repairs": dict(doc.repairs),
        "acronyms": [
            {
                "acronym": a.acronym,
                "expansion": a.expansion,
                "page": a.page,
                "source": a.source,
                "where": a.where,
                "start": a.start,
                "end": a.end,
            }
            for a in doc.acronyms
        ],
    }


def document_from_json(d: Json) -> Document:
    name = d["name"]
    return Document(
        name=name,
        sha256=d["sha256"],
        pages=tuple(Page(name, p["number"], p["label"], p["raw"]) for p in d["pages"]),
        paragraphs=tuple(
            Paragraph(
                document=name,
                text=p["text"],
                section=tuple(p["section"]),
                page_starts=tuple((a, b) for a, b in p["page_starts"]),
                markers=tuple(Marker(o, n) for o, n in p["markers"]),
            )
            for p in d["paragraphs"]
        ),
        footnotes=tuple(
            Footnote(
                name,
                f["number"],
                f["text"],
                tuple(f["urls"]),
                f["page"],
                # (an index built before notes kept their pages: each note on its first page)
                tuple((a, b) for a, b in f.get("page_starts", ())),
            )
            for f in d["footnotes"]
        ),
        glossary=tuple(
            GlossaryEntry(name, g["acronym"], g["expansion"], g["page"]) for g in d["glossary"]
        ),
        repairs=dict(d["repairs"]),
        acronyms=tuple(
            GlossaryEntry(
                name,
                a["acronym"],
                a["expansion"],
                a["page"],
                a["source"],
                a["where"],
                a["start"],
                a["end"],
            )
            for a in d["acronyms"]
        ),
    )
