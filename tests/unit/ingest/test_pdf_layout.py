"""PDFs in word-processor layouts read from their layout: the structure of the text export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from santeqa.ingest import build_document, found_summary, pdf_child, read_corpus, split_text_pages
from santeqa.ingest.lexicon import Lexicon
from santeqa.ingest.pdf import PdfPage, Run
from santeqa.ingest.pdf_child import parse_pdf
from santeqa.ingest.pdf_layout import build_pdf_document
from santeqa.records import Document
from tests.unit.ingest.pdf_samples import NOTE as NOTE_SIZE
from tests.unit.ingest.pdf_samples import LayoutPdf
from tests.unit.ingest.samples import marked

LEX = Lexicon(
    frozenset({"cette", "innovation", "la", "de", "le", "en", "confiance", "flux", "afflux"})
)
SENAT = "https://www.senat.fr/rap/r1.html"
ENQUETE = "https://example.org/enquete.pdf"
TEAM = "https://www.teamfrance-export.fr/x"
HDH = "https://www.health-data-hub.fr/p.pdf"

BODY_1 = (
    "Cette innovation est décrite dans un rapport du Sénat[^1] et permet de mettre en avant "
    "les patients. L'enquête parue en février 2024[^2] donne une vision précise des usages, "
    "qui continue sur la page"
)
BODY_2 = "suivante sans rupture. Le marché pourrait être multiplié par 10[^3]."
GREYC = "Groupe de Recherche en informatique, image, automatique et instrumentation de Caen"


def report_pdf() -> bytes:
    """Three pages: headings, markers, two notes on one line, a note going on at the next
    page, bullets, links over the notes, a running header, page numbers, a glossary table."""
    doc = LayoutPdf(header="Rapport de test sur la santé numérique")
    doc.page().heading(0, "Premier chapitre").heading(1, "La mise en place")
    doc.para(BODY_1, gap=False)
    doc.notes([(1, "Rapport du Sénat sur la santé.", SENAT), (2, "Enquête nationale.", ENQUETE)])
    doc.page().para(BODY_2)
    doc.para("Premier point de la liste", bullet="l").para("Deuxième point", bullet="l")
    doc.heading(1, "Les données")
    doc.para("La plateforme[^4] entend garantir l'accès aux données pour 2 ans.")
    doc.notes(
        [(3, "Team France Export.", TEAM)],
        [(4, "Health Data Hub, une note qui continue", HDH)],
    )
    doc.page().heading(0, "Sigles")
    doc.row("IA", "Intelligence Artificielle").row("GREYC", GREYC)
    doc.row("SNDS", "Système National des Données de Santé")
    doc.notes([(None, "sur la page suivante.", "")])
    return doc.output()


# The same report as a text export (one-space page rule, notes under a blank line, URLs).
REPORT_TEXT = "\n".join(
    [
        " Premier chapitre",
        "La mise en place",
        "",
        BODY_1.replace("[^", "").replace("]", ""),
        " ",
        "1 Rapport du Sénat sur la santé.",
        "2 Enquête nationale.",
        "",
        SENAT,
        ENQUETE,
        " " + BODY_2.replace("[^", "").replace("]", ""),
        "",
        "• Premier point de la liste",
        "• Deuxième point",
        "",
        "Les données",
        "La plateforme 4 entend garantir l'accès aux données pour 2 ans.",
        " ",
        "3 Team France Export.",
        "4 Health Data Hub, une note qui continue",
        "",
        TEAM,
        HDH,
        " Sigles",
        "IA Intelligence Artificielle",
        f"GREYC {GREYC}",
        "SNDS Système National des Données de Santé",
        " ",
        "sur la page suivante.",
    ]
)


def layout_pages(data: bytes) -> list[PdfPage]:
    """The pages as the parser process reads them (here in this process)."""
    pages = parse_pdf(data, max_pages=100, max_page_chars=10**6, max_document_chars=10**7)
    return [PdfPage.from_json(p) for p in pages]


def from_pdf(data: bytes) -> Document:
    return build_pdf_document("r.pdf", "0" * 64, layout_pages(data), LEX)


def one_page(runs: tuple[Run, ...]) -> Document:
    """A one-page PDF made of these text runs (A4, no links)."""
    return build_pdf_document("r.pdf", "0" * 64, [PdfPage("1", "", 595, 842, 0, runs, ())], LEX)


def structure(doc: Document) -> dict[str, object]:
    return {
        "paragraphs": [(marked(p), p.section, p.page_starts) for p in doc.paragraphs],
        "notes": [(n.number, n.text, n.urls, n.page) for n in doc.footnotes],
        "glossary": [(g.acronym, g.expansion, g.page) for g in doc.glossary],
    }


def test_pdf_layout_gives_the_structure_of_the_text_export() -> None:
    pdf = from_pdf(report_pdf())
    pages = [(str(i), raw) for i, raw in enumerate(split_text_pages(REPORT_TEXT), 1)]
    text = build_document("r.txt", "0" * 64, pages, LEX)
    assert structure(pdf) == structure(text)
    assert [marked(p) for p in pdf.paragraphs] == [
        "Cette innovation est décrite dans un rapport du Sénat[^1] et permet de mettre en avant "
        "les patients. L'enquête parue en février 2024[^2] donne une vision précise des usages, "
        "qui continue sur la page suivante sans rupture. Le marché pourrait être multiplié par "
        "10[^3].",
        "• Premier point de la liste",
        "• Deuxième point",
        "La plateforme[^4] entend garantir l'accès aux données pour 2 ans.",
    ]
    assert [n.urls for n in pdf.footnotes] == [(SENAT,), (ENQUETE,), (TEAM,), (HDH,)]
    assert pdf.footnotes[3].text == "Health Data Hub, une note qui continue sur la page suivante."
    assert pdf.glossary[1].expansion == GREYC  # a row on two lines


def test_running_lines_and_page_numbers_are_removed() -> None:
    doc = from_pdf(report_pdf())
    everything = " ".join([p.text for p in doc.paragraphs] + [n.text for n in doc.footnotes])
    assert "Rapport de test" not in everything
    assert not any(p.text.rstrip(".").endswith((" 1", " 2", " 3")) for p in doc.paragraphs)
    assert doc.repairs["pdf_running_lines"] == 6  # 3 headers, 3 page numbers
    assert doc.repairs["pdf_headings"] == 4
    assert doc.repairs["pdf_note_links"] == 4
    assert doc.repairs["footnote_markers"] == 4


def test_raised_digits_of_no_note_stay_text() -> None:
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.para("Une surface de 40 m[^2] et une note[^1] ici.")
    pdf.notes([(1, "La note.", "")])
    doc = from_pdf(pdf.output())
    assert [marked(p) for p in doc.paragraphs] == ["Une surface de 40 m2 et une note[^1] ici."]


def test_a_link_in_the_body_goes_to_the_note_naming_its_site() -> None:
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.para("Voir le site de la société[^1] et celui du ministère[^2].")
    pdf.pdf.link(LEFT_X, 80, 100, 12, "https://medilink.io/")  # over body text
    pdf.notes([(1, "La société Medilink.", "")], [(2, "Le ministère.", "")])
    doc = from_pdf(pdf.output())
    assert [n.urls for n in doc.footnotes] == [("https://medilink.io/",), ()]


LEFT_X = 56


@pytest.mark.skipif(
    not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file(),
    reason="needs the DejaVu fonts (Debian fonts-dejavu-core) for ligature glyphs",
)
def test_ligature_glyphs_are_read_as_letters() -> None:
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.pdf.add_font("dejavu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.pdf.set_font("dejavu", "", 10)
    pdf.pdf.write(13, "La con\ufb01ance et le \ufb02ux, un a\ufb04ux.")
    pdf.pdf.ln(20)
    pdf.notes([(1, "Une note.", "")])
    doc = from_pdf(pdf.output())
    assert [p.text for p in doc.paragraphs] == ["La confiance et le flux, un afflux."]


def test_read_through_the_parser_process(tmp_path: Path) -> None:
    (tmp_path / "r.pdf").write_bytes(report_pdf())
    docs, skipped = read_corpus(tmp_path, LEX)
    assert skipped == []
    assert structure(docs[0]) == structure(from_pdf(report_pdf()))
    assert [p.label for p in docs[0].pages] == ["1", "2", "3"]


def test_plain_note_numbers_long_headings_and_page_of_footers() -> None:
    """Note numbers in the notes' size, « Page N sur M » footers, a heading on two lines,
    small print above the notes that is no note."""
    long_title = "Une longue partie dont le titre tient sur deux lignes de la page à cause"
    doc = LayoutPdf(footer="Page {page} sur 2")
    doc.page().heading(0, f"{long_title} de sa longueur")
    doc.para("Un premier texte cite une étude[^1] sur la question.")
    doc.notes([(1, "Une étude de 2023.", "https://example.org/etude")], raised=False)
    doc.page().heading(1, "Suite")
    doc.para("Un second texte cite un rapport[^2] et s'arrête là.")
    doc.pdf.set_font("helvetica", "", NOTE_SIZE)
    doc.pdf.set_xy(56, 700)
    doc.pdf.cell(text="Source : un tableau en petits caractères")
    doc.notes([(2, "Un rapport.", "")], raised=False)
    read = from_pdf(doc.output())
    title = f"{long_title} de sa longueur"
    assert [(p.section, marked(p)) for p in read.paragraphs] == [
        ((title,), "Un premier texte cite une étude[^1] sur la question."),
        ((title, "Suite"), "Un second texte cite un rapport[^2] et s'arrête là."),
        ((title, "Suite"), "Source : un tableau en petits caractères"),
    ]
    assert [(n.number, n.text, n.urls) for n in read.footnotes] == [
        (1, "Une étude de 2023.", ("https://example.org/etude",)),
        (2, "Un rapport.", ()),
    ]
    assert read.repairs["pdf_running_lines"] == 2


def _renamed_font(data: bytes, old: str, new: str) -> bytes:
    """The PDF with the base font ``old`` renamed ``new`` (a Word export names Wingdings)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/BaseFont"] == old:
                font[NameObject("/BaseFont")] = NameObject(new)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_wingdings_bullets() -> None:
    """A bullet glyph in a symbol font, whatever character it decodes to, opens an item."""
    pdf = LayoutPdf().page().heading(0, "Liste")
    pdf.para("Les points suivants :", gap=False)
    pdf.para("premier point de la liste ;", bullet="n", gap=False)
    pdf.para("second point de la liste.", bullet="n")
    pdf.notes([(1, "Une note.", "")])
    data = _renamed_font(pdf.output(), "/ZapfDingbats", "/Wingdings-Regular")
    pages = layout_pages(data)
    assert {r.font for r in pages[0].runs} >= {"Wingdings-Regular"}
    doc = build_pdf_document("r.pdf", "0" * 64, pages, LEX)
    assert [p.text for p in doc.paragraphs] == [
        "Les points suivants :",
        "• premier point de la liste ;",
        "• second point de la liste.",
    ]
    assert doc.repairs["bullet"] == 2


def test_glossary_whose_columns_read_as_one_run() -> None:
    """Some writers draw a row in one run: ``SNDS Système…``; wrapped lines still join."""
    runs = (
        Run(56, 760, 14, "Arial-BoldMT", "Sigles"),
        Run(56, 730, 10, "ArialMT", "IA Intelligence Artificielle"),
        Run(56, 717, 10, "ArialMT", "SNDS Système National des Données de"),
        Run(56, 704, 10, "ArialMT", "Santé"),
        Run(56, 691, 10, "ArialMT", "ARS Agence Régionale de Santé"),
    )
    doc = one_page(runs)
    assert [(g.acronym, g.expansion) for g in doc.glossary] == [
        ("IA", "Intelligence Artificielle"),
        ("SNDS", "Système National des Données de Santé"),
        ("ARS", "Agence Régionale de Santé"),
    ]
    assert doc.paragraphs == ()


def test_bullet_characters_and_drawn_rules() -> None:
    """« • » in a text font opens an item as a symbol glyph does; a rule of « _ » is no text."""
    runs = (
        Run(56, 760, 14, "Arial-BoldMT", "Titre"),
        Run(56, 730, 10, "ArialMT", "Les points :"),
        Run(56, 717, 10, "ArialMT", "• un premier point ;"),
        Run(56, 704, 10, "ArialMT", "• un second point."),
        Run(56, 120, 10, "ArialMT", "____________________"),
        Run(56, 100, 7, "ArialMT", "1 Une note."),
    )
    doc = one_page(runs)
    assert [p.text for p in doc.paragraphs] == [
        "Les points :",
        "• un premier point ;",
        "• un second point.",
    ]
    assert [n.text for n in doc.footnotes] == ["Une note."]


def test_layout_over_its_budget_is_dropped_and_the_text_still_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Too many text runs to carry: every page keeps its text, none its runs."""
    monkeypatch.setattr(pdf_child, "_MIN_RUNS", 5)
    data = report_pdf()
    raw = pdf_child.parse_pdf(data, max_pages=10, max_page_chars=10**5, max_document_chars=10**5)
    assert all(p["runs"] for p in raw)
    monkeypatch.setattr(pdf_child, "_CHARS_PER_RUN", 10**6)  # budget: _MIN_RUNS runs
    raw = pdf_child.parse_pdf(data, max_pages=10, max_page_chars=10**5, max_document_chars=10**5)
    assert not any(p["runs"] for p in raw)
    assert all("numérique" in p["text"] for p in raw)
    pages = [PdfPage.from_json(p) for p in raw]
    doc = build_pdf_document("r.pdf", "0" * 64, pages, LEX)  # read as a text export
    assert "pdf_running_lines" not in doc.repairs and doc.paragraphs


FULL_WIDTH = (
    "Un paragraphe qui occupe toute la largeur de la page, pour que l'on sache où finissent "
    "les lignes pleines du texte courant, sur plusieurs lignes de suite afin que le bord droit "
    "soit bien établi par la mesure des lignes."
)
WRAPPED = (
    "La bibliothèque municipale a rouvert ses portes au printemps après deux années de "
    "travaux. Son fonds provient de l'ancienne bibliothèque du couvent, complété par des dons "
    "des habitants et par les achats de la commune, qui consacre chaque année un budget "
    "important aux nouveautés et aux abonnements de presse pour tous les âges."
)


def test_a_paragraph_wrapping_around_a_picture_is_one_paragraph() -> None:
    """Its lines end well before the page's right edge, at the picture: each is left short
    only against that narrower column, so the paragraph does not break at each line."""
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.para(FULL_WIDTH).para(FULL_WIDTH)
    pdf.beside(WRAPPED, [], box_width=160)
    pdf.para(FULL_WIDTH)
    doc = from_pdf(pdf.output())
    assert [p.text for p in doc.paragraphs] == [FULL_WIDTH, FULL_WIDTH, WRAPPED, FULL_WIDTH]


def test_short_paragraphs_in_a_row_stay_apart() -> None:
    """Short lines whose ends do not line up are no column: each is a paragraph."""
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.para(FULL_WIDTH)
    for text in (
        "Quarante-huit mille notices.",
        "Sept antennes.",
        "Un quart de visiteurs en plus.",
    ):
        pdf.para(text, gap=False)
    pdf.para(FULL_WIDTH)
    doc = from_pdf(pdf.output())
    assert [p.text for p in doc.paragraphs][1:4] == [
        "Quarante-huit mille notices.",
        "Sept antennes.",
        "Un quart de visiteurs en plus.",
    ]


def _beside_a_box(box: list[str]) -> Document:
    """Two full paragraphs, one wrapped beside a text box holding ``box``, one more."""
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.para(FULL_WIDTH).para(FULL_WIDTH)
    pdf.beside(WRAPPED, box, box_width=160)
    pdf.para(FULL_WIDTH)
    return from_pdf(pdf.output())


def test_a_text_box_beside_a_paragraph_is_read_apart_from_it() -> None:
    """The box's lines stand at the heights of the paragraph's first lines, far from them:
    cut off there, the paragraph reads whole and the box's lines follow it."""
    box = ["48 000 notices", "7 antennes", "22 % de fréquentation en plus"]
    doc = _beside_a_box(box)
    assert [p.text for p in doc.paragraphs] == [FULL_WIDTH, FULL_WIDTH, WRAPPED, *box, FULL_WIDTH]
    assert doc.repairs["pdf_box_lines"] == 3
    assert "3 lines of text boxes read apart" in found_summary(doc)


def test_a_sentence_wrapped_in_a_text_box_reads_as_one_paragraph() -> None:
    """A box line opening in lower case after an unfinished one goes on with it."""
    doc = _beside_a_box(["48 000 notices prêtées", "chaque année", "7 antennes"])
    assert [p.text for p in doc.paragraphs][3:5] == [
        "48 000 notices prêtées chaque année",
        "7 antennes",
    ]


def _word_runs(y: float, words: list[str], wider_after: int) -> list[Run]:
    """A line drawn word by word (5 points a letter), gaps of 3 points but one of 3.4."""
    runs, x = [], 56.0
    for k, word in enumerate(words):
        width = 5.0 * len(word)
        runs.append(Run(x, y, 10, "Helvetica", word, width=width, lead=width))
        x += width + (3.4 if k == wider_after else 3.0)
    return runs


def test_words_drawn_one_by_one_make_no_box() -> None:
    """Three lines drawn word by word, alike: past the middle, a word starts at one x on each,
    after a gap a little wider than the line's others. A box's edge stands out more."""
    words = "chaque ligne du texte est ici dessinée mot après mot par un outil qui".split()
    runs = [Run(56, 760, 15, "Helvetica-Bold", "Titre", width=40, lead=40)]
    for n in range(3):
        runs += _word_runs(740 - 13 * n, words, wider_after=10)
    doc = one_page(runs)
    assert "pdf_box_lines" not in doc.repairs
    assert [p.text for p in doc.paragraphs] == [" ".join(words * 3)]


def test_lines_pushed_right_by_a_picture_at_their_left_are_no_indent() -> None:
    """Lines starting far from the margin, at one x (a picture at their left): a line after
    one ending a sentence goes on with its paragraph."""
    lines = (
        "Un texte à la marge, sur toute la largeur de la page, pour en donner les bords,",
        "qui continue sur une deuxième ligne aussi longue que la première ligne du texte",
        "puis sur une troisième et sur une quatrième, de sorte que la marge soit la plus",
        "fréquente des positions où commencent les lignes de la page et du paragraphe.",
    )
    wrapped = (
        "La médiathèque a rouvert au printemps après des travaux.",
        "Son fonds vient de l'ancienne bibliothèque du couvent et",
        "des dons des habitants de la commune et des environs.",
    )
    runs = [Run(56, 760, 15, "Helvetica-Bold", "Titre", width=40, lead=40)]
    for n, text in enumerate(lines):
        runs.append(Run(56, 740 - 13 * n, 10, "Helvetica", text, width=480, lead=10))
    for n, text in enumerate(wrapped):
        runs.append(Run(206, 688 - 13 * n, 10, "Helvetica", text, width=330, lead=10))
    doc = one_page(runs)
    assert [p.text for p in doc.paragraphs] == [" ".join(lines), " ".join(wrapped)]


def test_a_list_item_wrapping_around_a_picture_is_one_item() -> None:
    """A list item's lines start at its indent, beside a picture: still a column, whose edge
    the last line of the paragraph before (ending further right) does not hide."""
    full = (
        "Un texte à la marge, sur toute la largeur de la page, pour en donner les bords,",
        "qui continue sur une deuxième ligne aussi longue que la première ligne du texte",
        "et finit sur une ligne plus courte que les autres lignes.",
    )
    item = (
        "Mais encore faut-il rendre acceptables les",
        "innovations et anticiper le rôle des objets",
        "connectés : pour le bien-être de la personne ?",
        "Avec le risque d'un usage des données à des",
        "fins mercantiles que le rapport redoute.",
    )
    runs = [Run(56, 760, 15, "Helvetica-Bold", "Titre", width=40, lead=40)]
    widths = (480, 480, 300)
    for n, (text, width) in enumerate(zip(full, widths, strict=True)):
        runs.append(Run(56, 740 - 13 * n, 10, "Helvetica", text, width=width, lead=10))
    runs.append(Run(62, 701, 7, "ZapfDingbats", "●", width=5, lead=5))
    for n, text in enumerate(item):
        width = (210, 214, 218, 212, 180)[n]
        runs.append(Run(74, 701 - 13 * n, 10, "Helvetica", text, width=width, lead=20))
    doc = one_page(runs)
    assert [p.text for p in doc.paragraphs] == [" ".join(full), "• " + " ".join(item)]


def test_a_line_of_the_paragraph_before_is_no_edge_of_the_column() -> None:
    """The last line of the paragraph before ends a little further right than the list
    item's lines beside the picture, but no other line ends near it: the column's edge is
    where the item's lines end, so its first line is not left short."""
    full = (
        "Un texte à la marge, sur toute la largeur de la page, pour en donner les bords,",
        "qui continue sur une deuxième ligne aussi longue que la première ligne du texte",
        "puis sur une troisième et sur une quatrième, de sorte que la marge et le bord",
        "droit de la page soient bien ceux de la plupart des lignes de ce court texte",
        "et finit sur une ligne plus courte que les autres.",
    )
    item = (
        "Mais encore faut-il rendre acceptables",
        "les innovations et anticiper le rôle des",
        "objets connectés : pour le bien-être de",
        "la personne ? Avec le risque d'un usage",
        "des données que le rapport redoute.",
    )
    runs = [Run(56, 760, 15, "Helvetica-Bold", "Titre", width=40, lead=40)]
    for n, (text, width) in enumerate(zip(full, (480, 480, 480, 480, 254), strict=True)):
        runs.append(Run(56, 740 - 13 * n, 10, "Helvetica", text, width=width, lead=10))
    runs.append(Run(62, 675, 7, "ZapfDingbats", "●", width=5, lead=5))
    for n, (text, width) in enumerate(zip(item, (200, 214, 218, 212, 180), strict=True)):
        runs.append(Run(74, 675 - 13 * n, 10, "Helvetica", text, width=width, lead=20))
    doc = one_page(runs)
    assert [p.text for p in doc.paragraphs] == [" ".join(full), "• " + " ".join(item)]
