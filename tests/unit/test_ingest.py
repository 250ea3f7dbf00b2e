"""Reading and structuring documents: tiny literal texts and hand-made PDFs."""

from __future__ import annotations

import hashlib
import io
import logging
import os
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from santeqa.errors import CorpusError
from santeqa.ingest import build_document, read_corpus, split_text_pages
from santeqa.lexicon import Lexicon
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


def _doc(text: str, name: str = "report.txt") -> Document:
    pages = [(str(i), raw) for i, raw in enumerate(split_text_pages(text), 1)]
    return build_document(name, "0" * 64, pages, LEX)


def _marked(p: Paragraph) -> str:
    """Paragraph text with ``[^N]`` where the markers were."""
    text = p.text
    for m in sorted(p.markers, key=lambda m: -m.offset):
        text = f"{text[: m.offset]}[^{m.number}]{text[m.offset :]}"
    return text


# ----------------------------------------------------------------------------------------
# pages


def test_pages_by_form_feed_one_space_rule_or_single() -> None:
    assert split_text_pages("un\fdeux\f") == ["un", "deux"]
    assert split_text_pages(" Un\nsuite\n Deux\n  pas une page\n Trois") == [
        " Un\nsuite",
        " Deux\n  pas une page",
        " Trois",
    ]
    assert split_text_pages("Un texte\n simple\n") == ["Un texte\n simple\n"]


def test_report_structure() -> None:
    doc = _doc(REPORT)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[0].raw.startswith(" Premier chapitre")
    assert F in doc.pages[0].raw  # the raw page stays for audit
    texts = [_marked(p) for p in doc.paragraphs]
    assert texts == [
        "Cette innovation est décrite dans un rapport du Sénat[^1] et permet de mettre en avant "
        "les patients. L’enquête parue en février 2024[^2] donne une vision précise du "
        "développement des usages, qui continue sur la page suivante sans rupture. Le marché "
        "pourrait être multiplié par 10[^3].",
        "• Premier point de la liste",
        "• Deuxième point qui continue sur deux lignes",
        "Source : https://exemple.fr/figure",
        "La plateforme[^4] entend garantir l’accès aux données pour 2 ans.",
    ]
    first = doc.paragraphs[0]
    assert first.section == ("Premier chapitre", "La mise en place")
    cut = first.text.index("suivante")
    assert first.page_starts == ((0, 1), (cut, 2))
    assert first.page_at(cut - 2) == 1 and first.page_at(cut) == 2
    assert doc.paragraphs[-1].section == ("Premier chapitre", "Les données")
    assert all(p.document == "report.txt" for p in doc.paragraphs)


def test_report_footnotes_and_urls() -> None:
    doc = _doc(REPORT)
    notes = {n.number: n for n in doc.footnotes}
    assert sorted(notes) == [1, 2, 3, 4]
    assert notes[1].text == "Rapport du Sénat « IA et santé » (senat.fr)"
    assert notes[1].urls == ("https://www.senat.fr/rap/r23-611/r23-611_mono.html",)
    assert notes[2].urls == ("https://example.org/enquete.pdf",)  # nearest plausible
    assert notes[3].urls == ("https://www.teamfrance-export.fr/infos/123",)
    assert notes[4].urls == ("https://www.health-data-hub.fr/page.pdf",)
    assert [notes[n].page for n in (1, 2, 3, 4)] == [1, 1, 2, 2]


def test_report_glossary_and_repairs() -> None:
    doc = _doc(REPORT)
    assert [(g.acronym, g.expansion, g.page) for g in doc.glossary] == [
        ("IA", "Intelligence Artificielle", 3),
        ("GREYC", "Groupe de Recherche en informatique, image et instrumentation de Caen", 3),
        ("SNDS", "Système National des Données de Santé", 3),
    ]
    assert not any("Intelligence Artificielle" in p.text for p in doc.paragraphs)
    r = doc.repairs
    assert r["footnote_markers"] == 4
    assert r["tt_restored"] == 2  # Cete, metre
    assert r["url_scheme"] == 1
    assert r["hyphen_joined"] == 1
    assert r["bullet"] == 2
    assert r["pages_joined"] == 1
    assert r["ligature_ti"] + r.get("ligature_fallback", 0) == 5


def test_markers_are_not_real_numbers() -> None:
    text = (
        " Titre du rapport \n\nEn 2018 les 3 champs de 2 ans ont coûté 160 000 euros "
        "pour une durée de 24 heures sur 24 selon une étude1. \n \n1 Une étude. \n"
    )
    doc = _doc(text)
    (para,) = doc.paragraphs
    assert _marked(para) == (
        "En 2018 les 3 champs de 2 ans ont coûté 160 000 euros pour une durée de 24 heures "
        "sur 24 selon une étude[^1]."
    )


def test_note_going_on_at_the_next_page_bottom() -> None:
    text = (
        " Premier texte avec une note1. \n \n1 Le début de la note qui continue \n"
        " Deuxième page de texte, une autre note2. \n \nsur la page suivante. \n"
        "2 Seconde note. \n"
    )
    doc = _doc(text)
    assert [(n.number, n.text, n.page) for n in doc.footnotes] == [
        (1, "Le début de la note qui continue sur la page suivante.", 1),
        (2, "Seconde note.", 2),
    ]
    assert [_marked(p) for p in doc.paragraphs] == [
        "Premier texte avec une note[^1].",
        "Deuxième page de texte, une autre note[^2].",
    ]


def test_plain_text_without_headings_or_notes() -> None:
    doc = _doc("Un texte simple.\r\nSur deux lignes.\n\nUn second paragraphe.\n")
    assert len(doc.pages) == 1
    assert [p.text for p in doc.paragraphs] == [
        "Un texte simple. Sur deux lignes.",
        "Un second paragraphe.",
    ]
    assert all(p.section == () for p in doc.paragraphs)
    assert doc.footnotes == () and doc.glossary == ()


# ----------------------------------------------------------------------------------------
# files


def _escape(text: str) -> bytes:
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
        ops += [b"(" + _escape(line) + b") Tj T*" for line in lines]
        stream = b"\n".join([*ops, b"ET"])
        objects[n + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        objects[n] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (n + 1)
        )
        kids.append(b"%d 0 R" % n)
        n += 2
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for i in range(1, n):
        offsets[i] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (i, objects[i])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    out += b"".join(b"%010d 00000 n \n" % offsets[i] for i in range(1, n))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
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


def _with_labels(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.set_page_label(0, 0, style="/r")
    writer.set_page_label(1, 1, style="/D", start=1)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_pdf_is_read_with_pages_labels_accents_and_note(tmp_path: Path) -> None:
    data = _with_labels(make_pdf(PDF_PAGES))
    (tmp_path / "rapport.pdf").write_bytes(data)
    docs, skipped = read_corpus(tmp_path, LEX)
    assert skipped == []
    (doc,) = docs
    assert doc.name == "rapport.pdf"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert [(p.number, p.label) for p in doc.pages] == [(1, "i"), (2, "1")]
    assert [(n.number, n.text, n.page) for n in doc.footnotes] == [
        (1, "Une note de bas de page, à propos de l’étude.", 1)
    ]
    by_page = {p.page_starts[0][1]: p for p in doc.paragraphs}
    assert "l’innovation en santé" in by_page[1].text
    assert "« massives »" in by_page[1].text
    assert [m.number for m in by_page[1].markers] == [1]
    assert by_page[2].text.startswith("Deuxième page : les hôpitaux et la télémédecine.")
    assert not any("note de bas de page" in p.text for p in doc.paragraphs)


def test_bad_files_are_skipped_the_others_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-bon.txt").write_text("Un texte lisible.\n", encoding="utf-8")
    (corpus / "b-vide.txt").write_bytes(b"")
    (corpus / "c-binaire.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "d-garbage.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(300))
    (corpus / "e-chiffre.pdf").write_bytes(_encrypted(make_pdf(PDF_PAGES)))
    (corpus / "f-bon.pdf").write_bytes(make_pdf(PDF_PAGES))
    (corpus / "g-latin1.txt").write_bytes("Un texte accentué, déjà lu.\n".encode("cp1252"))
    (corpus / "h-bruit.txt").write_bytes(bytes(b % 31 + 1 for b in os.urandom(500)) + b"\xff")
    (corpus / "i-blanc.txt").write_text("   \n\n  ", encoding="utf-8")
    (corpus / "notes.md").write_text("ignoré", encoding="utf-8")
    outside = tmp_path / "dehors.txt"
    outside.write_text("Hors du corpus.\n", encoding="utf-8")
    (corpus / "j-lien.txt").symlink_to(outside)
    (corpus / "k-lien-interne.txt").symlink_to(corpus / "a-bon.txt")

    with caplog.at_level(logging.WARNING, logger="santeqa.ingest"):
        docs, skipped = read_corpus(corpus, LEX)
    assert [d.name for d in docs] == [
        "a-bon.txt",
        "f-bon.pdf",
        "g-latin1.txt",
        "k-lien-interne.txt",
    ]
    reasons = {s.name: s.reason for s in skipped}
    assert sorted(reasons) == [
        "b-vide.txt",
        "c-binaire.txt",
        "d-garbage.pdf",
        "e-chiffre.pdf",
        "h-bruit.txt",
        "i-blanc.txt",
        "j-lien.txt",
    ]
    assert "empty" in reasons["b-vide.txt"]
    assert "binary" in reasons["c-binaire.txt"]
    assert "PDF" in reasons["d-garbage.pdf"]
    assert "password" in reasons["e-chiffre.pdf"]
    assert "outside" in reasons["j-lien.txt"]
    assert docs[2].paragraphs[0].text == "Un texte accentué, déjà lu."
    assert all(s.name in caplog.text for s in skipped)


def test_missing_corpus_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError):
        read_corpus(tmp_path / "absent", LEX)
