"""Text-export layout: pages, paragraphs, headings, glossary, bullets, repairs."""

from __future__ import annotations

from santeqa.ingest import IngestHeuristics, build_document, split_text_pages
from tests.unit.ingest.samples import LEX, REPORT, F, doc_of, marked


def test_pages_by_form_feed_one_space_rule_or_single() -> None:
    assert split_text_pages("un\fdeux\f") == ["un", "deux"]
    assert split_text_pages(" Un\nsuite\n Deux\n  pas une page\n Trois") == [
        " Un\nsuite",
        " Deux\n  pas une page",
        " Trois",
    ]
    assert split_text_pages("Un texte\n simple\n") == ["Un texte\n simple\n"]


def test_report_structure() -> None:
    doc = doc_of(REPORT)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[0].raw.startswith(" Premier chapitre")
    assert F in doc.pages[0].raw  # the raw page stays for audit
    texts = [marked(p) for p in doc.paragraphs]
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


def test_report_glossary_and_repairs() -> None:
    doc = doc_of(REPORT)
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


def test_plain_text_without_headings_or_notes() -> None:
    doc = doc_of("Un texte simple.\r\nSur deux lignes.\n\nUn second paragraphe.\n")
    assert len(doc.pages) == 1
    assert [p.text for p in doc.paragraphs] == [
        "Un texte simple. Sur deux lignes.",
        "Un second paragraphe.",
    ]
    assert all(p.section == () for p in doc.paragraphs)
    assert doc.footnotes == () and doc.glossary == ()


def test_heuristics_are_the_ones_applied() -> None:
    """The thresholds come from the ``IngestHeuristics`` passed in, not from literals."""
    pages = [(str(i), raw) for i, raw in enumerate(split_text_pages(REPORT), 1)]
    strict = IngestHeuristics(max_heading_run=0)  # never take a heading
    doc = build_document("report.txt", "0" * 64, pages, LEX, strict)
    assert all(p.section == () for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "Premier chapitre La mise en place"  # a body line now
    short = IngestHeuristics(max_heading_words=2)  # « La mise en place » is too long
    doc = build_document("report.txt", "0" * 64, pages, LEX, short)
    assert [(p.section, p.text) for p in doc.paragraphs[:1]] == [
        (("Premier chapitre",), "La mise en place")
    ]
