"""What the ingest tests share: a tiny lexicon, a text-export report, a hand-made PDF writer."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from santeqa.ingest import build_document, split_text_pages
from santeqa.ingest.lexicon import Lexicon
from santeqa.records import Document, Paragraph

F = "\ufffd"

LEX = Lexicon(
    frozenset(
        {
            "cette",
            "innovation",
            "mettre",
            "patients",
            "continue",
            "développement",
            "garantir",
            "sénat",
            "la",
            "de",
            "le",
            "en",
        }
    )
)

# Three pages by the one-leading-space rule: headings, glued and detached note markers,
# notes at the page bottoms with their link URLs (one split over two lines), a paragraph
# going on over the page break, bullets, a glossary.
REPORT = "\n".join(
    [
        " Premier chapitre",
        "La mise en place",
        "",
        f"Cete innova{F}on est décrite dans un rapport du Sénat1 et permet",
        f"de metre en avant les pa{F}ents. L’enquête parue en février 20242 donne",
        "une vision précise du dévelop-",
        f"pement des usages, qui con{F}nue sur la page",
        " ",  # a whitespace-only line: the notes follow
        "1 Rapport du Sénat « IA et santé » (senat.fr)",
        "2 Enquête nationale.",
        "",
        "https://www.senat.fr/rap/r23-611/",
        "r23-611_mono.html",
        "https://example.org/enquete.pdf",
        " suivante sans rupture. Le marché pourrait être multiplié par 103.",
        "",
        "• Premier point de la liste",
        f"\uf0a7 Deuxième point qui con{F}nue",
        "sur deux lignes",
        "",
        "Source : htps://exemple.fr/figure",
        "",
        "Les données",
        f"La plateforme 4 entend garan{F}r l’accès aux données pour 2 ans.",
        " ",
        "3 Team France Export (teamfrance-export.fr)",
        "4 HEALTH DATA HUB (health-data-hub.fr)",
        "",
        "https://www.teamfrance-export.fr/infos/123",
        "https://www.health-data-hub.fr/page.pdf",
        " Sigles",
        "IA Intelligence Artificielle",
        "GREYC Groupe de Recherche en informatique, image et instrumentation de",
        "",
        "Caen",
        "SNDS Système National des Données de Santé",
        "",
    ]
)


def doc_of(text: str, name: str = "report.txt") -> Document:
    pages = [(str(i), raw) for i, raw in enumerate(split_text_pages(text), 1)]
    return build_document(name, "0" * 64, pages, LEX)


def marked(p: Paragraph) -> str:
    """Paragraph text with ``[^N]`` where the markers were."""
    text = p.text
    for m in sorted(p.markers, key=lambda m: -m.offset):
        text = f"{text[: m.offset]}[^{m.number}]{text[m.offset :]}"
    return text


def escape_pdf_text(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF: one text line per string, Helvetica with WinAnsi (accents) encoding."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    kids = []
    n = 4
    for lines in pages:
        ops = [b"BT", b"/F1 11 Tf", b"14 TL", b"72 770 Td"]
        ops += [b"(" + escape_pdf_text(line) + b") Tj T*" for line in lines]
        stream = b"\n".join([*ops, b"ET"])
        objects[n + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[n] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (n + 1)
        )
        kids.append(b"%d 0 R" % n)
        n += 2
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return pdf_of_objects(objects)


def pdf_of_objects(objects: dict[int, bytes]) -> bytes:
    """A PDF of the numbered objects (1 = catalog), with a correct xref table."""
    count = max(objects) + 1
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for i in range(1, count):
        offsets[i] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (i, objects[i])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % count
    out += b"".join(b"%010d 00000 n \n" % offsets[i] for i in range(1, count))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref)
    return bytes(out)


PDF_PAGES = [
    [
        "Le rapport sur la santé numérique",
        "Cette étude récente1 présente l’innovation en santé.",
        "Elle décrit les données « massives » et leur protection.",
        "1 Une note de bas de page, à propos de l’étude.",
    ],
    ["Deuxième page : les hôpitaux et la télémédecine.", "Troisième phrase ici."],
]


def with_labels(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.set_page_label(0, 0, style="/r")
    writer.set_page_label(1, 1, style="/D", start=1)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
