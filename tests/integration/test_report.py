"""The real report: repairs, notes, glossary, pages and chunks (no model needed, fast)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from santeqa.chunk import chunk_document, count_words, repair_stats
from santeqa.ingest import read_corpus
from santeqa.lexicon import load_lexicon
from santeqa.records import Chunk, Document
from santeqa.settings import Settings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
REPORT = "innovations-sante-numerique-normandie.txt"


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
    stats = repair_stats([doc])
    for kind in (
        "ligature_ti",
        "ligature_tti",
        "tt_restored",
        "url_scheme",
        "bullet",
        "footnote_markers",
        "lines_joined",
    ):
        assert stats.get(kind, 0) > 0, kind
    assert stats["footnote_markers"] == 33


def test_thirty_three_footnotes(doc: Document, chunks: list[Chunk]) -> None:
    assert [n.number for n in doc.footnotes] == list(range(1, 34))
    assert all(n.text.strip() for n in doc.footnotes)
    notes = {n.number: n for n in doc.footnotes}
    assert notes[2].urls == ("https://www.senat.fr/rap/r23-611/r23-611_mono.html",)
    assert "oecd.org" in notes[3].urls[0]
    assert notes[24].urls == ("https://tessan.io/qui-sommes-nous/",)
    assert notes[27].urls != notes[28].urls
    for note in doc.footnotes:
        assert len(set(note.urls)) == len(note.urls)
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
