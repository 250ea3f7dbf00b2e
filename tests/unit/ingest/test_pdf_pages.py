"""Page turns of a PDF whose body starts high on the page (no running header): the lines
that open a page are text, not running headers; a note's link and its printed URL."""

from __future__ import annotations

from collections.abc import Sequence

from santeqa.ingest.lexicon import Lexicon
from santeqa.ingest.notes import distinct_urls
from santeqa.ingest.pdf import PdfPage, Run
from santeqa.ingest.pdf_layout import build_pdf_document
from santeqa.records import Document
from tests.unit.ingest.pdf_samples import LayoutPdf
from tests.unit.ingest.test_pdf_exports import from_pdf

LEX = Lexicon(frozenset({"une", "source", "la", "de"}))
CAPTION = "Source : un observatoire régional"


def pages_of(*pages: Sequence[Run]) -> Document:
    """A document of A4 pages made of these runs, each with its page number in the footer."""
    built = [
        PdfPage(str(n), "", 595, 842, 0, (*runs, Run(290, 40, 9, "Helvetica", str(n))), ())
        for n, runs in enumerate(pages, 1)
    ]
    return build_pdf_document("r.pdf", "0" * 64, built, LEX)


def test_a_caption_opening_a_page_in_the_top_band_is_kept() -> None:
    """The same caption under two figures: once mid-page, once as the first line of the
    next page, inside the top margin band; both stay text."""
    first = [
        Run(56, 800, 15, "Helvetica-Bold", "Un chapitre"),
        Run(56, 770, 10, "Helvetica", "Un premier paragraphe finit ici."),
        Run(56, 740, 10, "Helvetica", CAPTION),
        Run(56, 710, 10, "Helvetica", "Un deuxième paragraphe finit aussi."),
    ]
    second = [
        Run(56, 800, 10, "Helvetica", CAPTION),
        Run(56, 770, 10, "Helvetica", "Un dernier paragraphe finit la page."),
    ]
    doc = pages_of(first, second)
    assert [(p.text, p.page_starts[0][1]) for p in doc.paragraphs] == [
        ("Un premier paragraphe finit ici.", 1),
        (CAPTION, 1),
        ("Un deuxième paragraphe finit aussi.", 1),
        (CAPTION, 2),
        ("Un dernier paragraphe finit la page.", 2),
    ]


def test_a_running_header_repeating_a_heading_is_still_removed() -> None:
    """A header in the top band naming the chapter (a heading in bold elsewhere) goes."""
    first = [
        Run(56, 760, 15, "Helvetica-Bold", "Un chapitre"),
        Run(56, 730, 10, "Helvetica", "Un premier paragraphe finit ici."),
    ]
    second = [
        Run(56, 810, 8, "Helvetica", "Un chapitre"),
        Run(56, 760, 10, "Helvetica", "Un dernier paragraphe finit la page."),
    ]
    doc = pages_of(first, second)
    assert [p.text for p in doc.paragraphs] == [
        "Un premier paragraphe finit ici.",
        "Un dernier paragraphe finit la page.",
    ]


def test_a_link_over_its_printed_url_gives_one_address() -> None:
    """A link whose URI adds a trailing slash to the printed URL; a printed URL broken after
    its scheme, its second line read as a URL without one: each note keeps one address,
    with its scheme, as printed when it is."""
    pdf = LayoutPdf().page().heading(0, "Titre")
    pdf.para("Le portail[^1] et une étude[^2] ont paru. " + "Le texte continue ici. " * 8)
    portal, study = "https://portail.example.fr", "https://www.etude.example.org/rapport.pdf"
    pdf.notes(
        [(1, f"Le portail {portal}", portal + "/")],
        [(2, "Une étude https://", study)],
        [(None, study.removeprefix("https://"), study)],
    )
    doc = from_pdf(pdf.output())
    assert [n.urls for n in doc.footnotes] == [(portal,), (study,)]


def test_distinct_urls_keeps_one_address_of_each_page() -> None:
    urls = ["a.example.net/x", "http://a.example.net/x/", "https://b.example.net", "b.example.net/"]
    assert distinct_urls(urls, "voir a.example.net/x et b.example.net") == [
        "http://a.example.net/x/",
        "https://b.example.net",
    ]
    assert distinct_urls(["https://c.example.net/A", "https://c.example.net/B"], "") == [
        "https://c.example.net/A",
        "https://c.example.net/B",
    ]
