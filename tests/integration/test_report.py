"""The real report: repairs, notes, glossary, pages and chunks (no model needed, fast)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from santeqa.chunk import chunk_document, count_words, repair_stats
from santeqa.ingest import load_lexicon, read_corpus
from santeqa.records import Chunk, Document
from santeqa.settings import Settings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
REPORT = "innovations-sante-numerique-normandie.txt"

#: every note of the report and the URLs it lists (link annotations assigned by site name)
NOTE_URLS: dict[int, tuple[str, ...]] = {
    1: (),
    2: ("https://www.senat.fr/rap/r23-611/r23-611_mono.html",),
    3: ("https://www.oecd.org/fr/sante/IA-en-sante-immense-potentiel-enormes-risques.pdf",),
    4: (),
    5: (),
    6: (
        "https://www.institutmontaigne.org/ressources/pdfs/publications/donnees-de-sante-"
        "liberer-leur-potentiel.pdf",
    ),
    7: ("https://epidemiologie-france.aviesan.fr",),
    8: ("https://www.snds.gouv.fr/",),
    9: ("https://www.health-data-hub.fr/sites/default/files/2021-04/Engagements_Citoyens.pdf",),
    10: (
        "https://esante.gouv.fr/sites/default/files/media_entity/documents/20240205_synth"
        "ese-numerique-sante.pdf",
    ),
    11: (),
    12: ("https://sante.gouv.fr/IMG/pdf/20240205_presentationpresse_enquete.pdf",),
    13: (
        "https://www.santepubliquefrance.fr/presse/2024/information-en-sante-quelles-sont"
        "-les-difficultes-des-francais",
    ),
    14: (),
    15: (),
    16: (
        "https://gnius.esante.gouv.fr/fr/programmes-nationaux/feuille-de-route-du-numeriq"
        "ue-en-sante",
    ),
    17: (
        "https://participez.esante.gouv.fr/project/plan-dactions-du-grand-defi-dispositif"
        "s-medicaux-numeriques-et-bien-vieillir/presentation/presentation",
    ),
    18: (),
    19: ("https://sante.gouv.fr/IMG/pdf/dp_2ans_sasn_18janvier2024.pdf",),
    20: (
        "https://www.academie-medecine.fr/linnovation-en-sante-une-action-volontariste-de"
        "-letat-face-a-la-complexite-de-son-organisation/",
    ),
    21: (
        "https://www.has-sante.fr/upload/docs/application/pdf/2024-03/recommandations_-_l"
        "ieux_et_conditions_denvironnement_pour_la_realisation_dune_teleconsultation_ou_d"
        "un_telesoin.pdf",
    ),
    22: (
        "https://drees.solidarites-sante.gouv.fr/publications-communique-de-presse/etudes"
        "-et-resultats/sept-teleconsultations-de-medecine-generale",
    ),
    23: ("https://info.medadom.com/blog/dispositifs-teleconsultation",),
    24: ("https://tessan.io/qui-sommes-nous/",),
    25: (
        "https://www.normand-esante.fr/les-services/le-bouquet-de-services-regional/le-bo"
        "uquet-de-services-regional,5406,12491.html",
    ),
    26: (
        "https://www.normand-esante.fr/les-services/le-bouquet-de-services-regional/telee"
        "xpertise,5406,12495.html",
    ),
    27: ("https://www.youtube.com/watch?v=Pzb5zY2HUVk",),
    28: ("https://www.youtube.com/watch?v=hlT3hAN1hHk",),
    29: (),
    30: (),
    31: ("https://www.normandie-incubation.com/la-healthtech-en-normandie/",),
    32: ("https://www.oecd.org/fr/publications/l-ia-dans-le-domaine-de-la-sante_ebfdeb50-fr.html",),
    33: (
        "https://www.teamfrance-export.fr/infos-sectorielles/30440/30440-le-role-croissan"
        "t-de-lia-dans-le-developpement-de-nouveaux-medicaments",
    ),
}


@pytest.fixture(scope="module")
def doc() -> Document:
    lexicon = load_lexicon(Settings().lexicon)
    if len(lexicon) == 0:
        pytest.skip("French word list missing (apt-get install wfrench)")
    docs, skipped = read_corpus(CORPUS, lexicon)
    assert REPORT not in {s.name for s in skipped}
    return next(d for d in docs if d.name == REPORT)


@pytest.fixture(scope="module")
def chunks(doc: Document) -> list[Chunk]:
    return chunk_document(doc, words=120, max_words=160, overlap=1)


def _all_text(chunks: list[Chunk], doc: Document) -> str:
    return "\n".join([c.text for c in chunks] + [n.text for n in doc.footnotes])


def test_forty_one_pages(doc: Document) -> None:
    assert len(doc.pages) == 41
    assert [p.number for p in doc.pages] == list(range(1, 42))
    raw = (CORPUS / REPORT).read_text(encoding="utf-8")
    assert "\n".join(p.raw for p in doc.pages) == raw


def test_damage_is_repaired(doc: Document, chunks: list[Chunk]) -> None:
    for chunk in chunks:
        assert "\ufffd" not in chunk.text
        for bad in ("cete", "metre", "permetre", "a\ufffdrer", "htps", "atente"):
            assert not re.search(rf"(?<!\w){bad}(?!\w)", chunk.text, re.IGNORECASE), (bad, chunk.id)
    for note in doc.footnotes:
        assert "\ufffd" not in note.text
    text = _all_text(chunks, doc)
    for good in ("cette", "mettre", "permettre", "attirer", "https"):
        assert re.search(rf"(?<!\w){good}(?!\w)", text, re.IGNORECASE), good


def test_repair_counts(doc: Document) -> None:
    """Every repair of the report, counted exactly (``santeqa chunks --stats`` prints them)."""
    assert repair_stats([doc]) == {
        "ligature_ti": 811,
        "ligature_tti": 4,
        "ligature_fallback": 19,
        "tt_restored": 63,
        "url_scheme": 1,
        "footnote_markers": 33,
        "bullet": 145,
        "lines_joined": 754,
        "pages_joined": 11,
        "blocks_joined": 10,
        "hyphen_kept": 12,
    }


def test_thirty_three_footnotes(doc: Document, chunks: list[Chunk]) -> None:
    assert [n.number for n in doc.footnotes] == list(range(1, 34))
    assert all(n.text.strip() for n in doc.footnotes)
    assert {n.number: n.urls for n in doc.footnotes} == NOTE_URLS
    # one note is printed over two pages: its reference stands on the second
    over = {n.number: n for n in doc.footnotes if len(n.page_starts) > 1}
    assert list(over) == [17] and [p for _, p in over[17].page_starts] == [13, 14]
    second = over[17].page_starts[1][0]
    assert over[17].text[second:].startswith("portant sur les thématiques")
    cited = {n for c in chunks for n in c.footnotes}
    assert cited == set(range(1, 34))


@pytest.mark.parametrize(
    ("phrase", "number"),
    [("parue en février 2024", 10), ("2023-2027 entend", 15), ("multiplié par 10", 33)],
)
def test_glued_markers(chunks: list[Chunk], phrase: str, number: int) -> None:
    holding = [c for c in chunks if phrase in c.text]
    assert holding
    for chunk in holding:
        assert number in chunk.footnotes
        (sentence,) = [s for s in chunk.sentences if phrase in chunk.text[s.start : s.end]]
        assert number in sentence.footnotes


def test_no_marker_left_glued(chunks: list[Chunk]) -> None:
    for chunk in chunks:
        for glued in ("202410", "202715", "1033", "médicaments2", "(SNDS)8", "Santé11"):
            assert glued not in chunk.text


def test_glossary(doc: Document) -> None:
    assert len(doc.glossary) == 30
    entries = {g.acronym: g.expansion for g in doc.glossary}
    assert entries["SNDS"] == "Système National des Données de Santé"
    assert entries["GREYC"] == (
        "Groupe de Recherche en informatique, image et instrumentation de Caen"
    )
    assert entries["LITIS"].endswith("de l’Information et des Systèmes")
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Groupe de Recherche en informatique" not in body


def test_acronyms_defined_in_the_text(doc: Document) -> None:
    """Four acronyms the glossary lacks are defined in the paragraphs, one more in a note,
    one by a section's title (« Le Pôle Universitaire d'Innovation » over « Le PUI … »);
    each long form stands at its offsets and none is one the glossary already lists."""
    found = [(a.acronym, a.source) for a in doc.acronyms]
    assert len([s for _a, s in found if s == "body"]) == 4
    assert len([s for _a, s in found if s == "note"]) == 1
    (headed,) = [a for a in doc.acronyms if a.source == "heading"]
    assert (headed.acronym, headed.page) == ("PUI", 25)
    assert headed.expansion == doc.paragraphs[headed.where].section[-1].removeprefix("Le ")
    listed = {g.acronym.upper() for g in doc.glossary}
    notes = {n.number: n.text for n in doc.footnotes}
    for a in doc.acronyms:
        assert a.acronym.upper() not in listed
        if a.source == "heading":
            continue
        text = doc.paragraphs[a.where].text if a.source == "body" else notes[a.where]
        assert text[a.start : a.end] == a.expansion
        assert f"({a.acronym})" in text or f"{a.acronym} :" in text or f"{a.acronym} (" in text


def _skeleton(text: str) -> str:
    """Letters only, without those the damage touches (t, i, f, l): comparable to the raw."""
    plain = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in plain if "a" <= c <= "z" and c not in "tifl")


def _pages_by_rule() -> list[str]:
    """The raw file cut at lines starting with exactly one space then a non-space."""
    pages: list[list[str]] = []
    for line in (CORPUS / REPORT).read_text(encoding="utf-8").split("\n"):
        if re.match(r"^ \S", line) or not pages:
            pages.append([])
        pages[-1].append(line)
    return ["\n".join(p) for p in pages]


def test_chunk_page_is_the_page_of_its_first_sentence(chunks: list[Chunk]) -> None:
    pages = _pages_by_rule()
    assert len(pages) == 41
    skeleton = ""
    bounds = []  # (start offset in skeleton, page number)
    for number, page in enumerate(pages, 1):
        bounds.append((len(skeleton), number))
        skeleton += _skeleton(page)

    def page_of(offset: int) -> int:
        return max(number for start, number in bounds if start <= offset)

    cursor = 0
    for chunk in chunks:
        first = chunk.sentences[0]
        key = _skeleton(chunk.text[first.start : first.end])
        found = -1
        for size in (40, 30, 20, 12):
            found = skeleton.find(key[:size], cursor)
            if found != -1:
                break
        assert found != -1, chunk.text[:80]
        assert chunk.page == page_of(found) == first.page, chunk.text[:80]
        cursor = found


def test_chunk_sizes_and_sections(doc: Document, chunks: list[Chunk]) -> None:
    by_section: dict[tuple[str, ...], list[Chunk]] = defaultdict(list)
    for chunk in chunks:
        by_section[chunk.section].append(chunk)
    for section_chunks in by_section.values():
        for chunk in section_chunks:
            words = count_words(chunk.text)
            assert words <= 160
            if len(section_chunks) > 1:
                assert words >= 80, chunk.text[:80]
    # a chunk holds only sentences of paragraphs of its own section
    paragraphs: dict[tuple[str, ...], str] = defaultdict(str)
    for para in doc.paragraphs:
        paragraphs[para.section] += "\n" + para.text
    for chunk in chunks:
        for s in chunk.sentences:
            assert chunk.text[s.start : s.end] in paragraphs[chunk.section]
    # the sections read as headings
    titles = {c.section_title for c in chunks}
    assert "Clarifier les concepts › Innovation ou Innovations ?" in titles
    assert any(t.endswith("Les Français et la santé numérique") for t in titles)
    assert not any("Sigles" in t for t in titles)


def test_chunks_are_deterministic(doc: Document, chunks: list[Chunk]) -> None:
    again = chunk_document(doc)
    assert [c.id for c in again] == [c.id for c in chunks]
    assert len({c.id for c in chunks}) == len(chunks)
    for chunk in chunks:
        assert chunk.pages[0] == chunk.page
        assert chunk.footnotes == tuple(sorted({n for s in chunk.sentences for n in s.footnotes}))
