"""English question words in the report's French (``qa.translate``), with a tiny literal
dictionary in dictd format written by the tests (never the installed one)."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path
from typing import Any

import pytest

from santeqa.embed import FakeEmbedder
from santeqa.qa.translate import Bilingual, Translator, english_forms, load_bilingual
from santeqa.service.engine import Engine
from santeqa.text import Analyzer
from tests.tiny import tiny_index

# headword → the entry's text after its first line (numbered senses, commas between words)
ENTRIES = {
    "bridge": "1. pont\n2. passerelle, pont levant\n",
    "city": "cité, ville\n",
    "funding": "financement\n",
    "gardener": "jardinier\n",
    "journey": "1. trajet\n2. journée, voyage\n",
    "plan": "1. plan, projet\n2. planifier\n",
    "the": "le, la, les\n",
    "three": "trois\n",
    "year": "1. an, année\n2. millésime\n",
}
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    out = _B64[n % 64]
    while n >= 64:
        n //= 64
        out = _B64[n % 64] + out
    return out


def dictd(entries: dict[str, str]) -> tuple[str, bytes]:
    """A dictd index and its text: ``headword\\toffset\\tlength`` lines in base 64."""
    text, lines = b"", ["00databaseshort\tA\tA"]
    for word, senses in sorted(entries.items()):
        entry = f"{word} /x/\n{senses}".encode()
        lines.append(f"{word}\t{_b64(len(text))}\t{_b64(len(entry))}")
        text += entry
    return "\n".join(lines) + "\n", text


def write_dictd(folder: Path, entries: dict[str, str] = ENTRIES) -> Path:
    index, text = dictd(entries)
    path = folder / "eng-fra.index"
    path.write_text(index, encoding="utf-8")
    (folder / "eng-fra.dict.dz").write_bytes(gzip.compress(text))
    return path


def _bilingual() -> Bilingual:
    index, text = dictd(ENTRIES)
    return Bilingual.parse(index, text.decode())


def test_an_entry_gives_its_single_word_translations_in_order() -> None:
    b = _bilingual()
    assert b.entries["bridge"] == ("pont", "passerelle")  # « pont levant » is two words
    assert b.entries["city"] == ("cité", "ville")
    assert "00databaseshort" not in b.entries


def test_plurals_and_verb_endings_find_their_headword() -> None:
    b = _bilingual()
    assert b.lookup("cities") == ("cité", "ville")
    assert b.lookup("bridges") == ("pont", "passerelle")
    assert b.lookup("planned") == b.lookup("planning") == b.lookup("plan")
    assert b.lookup("gardeners") == ("jardinier",)
    assert b.lookup("bicycles") == ()
    assert "city" in english_forms("cities")


def _translator(vocabulary: set[str], per_word: int = 3) -> Translator:
    return Translator(_bilingual(), Analyzer().terms, vocabulary, per_word)


def test_only_french_terms_the_report_uses_are_kept() -> None:
    analyse = Analyzer().terms
    t = _translator({*analyse("ville"), *analyse("pont")})
    assert t.terms("cities") == tuple(analyse("ville"))  # « cité » is not in the report
    assert t.terms("bridge") == tuple(analyse("pont"))
    assert t.terms("gardener") == ()
    assert t.terms("the") == ()  # a stop word is not looked up, whatever it translates to


def test_at_most_per_word_terms() -> None:
    analyse = Analyzer().terms
    t = _translator({*analyse("pont passerelle")}, per_word=1)
    assert t.terms("bridges") == tuple(analyse("pont"))


def test_a_translation_the_word_resembles_is_preferred() -> None:
    """« journée » looks like "journey": the other senses give way to it when the report uses
    it, and are kept when it does not."""
    analyse = Analyzer().terms
    t = _translator({*analyse("trajet journée voyage")})
    assert t.terms("journey") == tuple(analyse("journée"))
    t = _translator({*analyse("trajet voyage")})
    assert t.terms("journey") == (*analyse("trajet"), *analyse("voyage"))


def test_an_english_question_is_searched_with_french_terms() -> None:
    """Translated words and stop words give way to French terms; an untranslated word and a
    name the report uses stay."""
    analyse = Analyzer().terms
    vocabulary = {*analyse("ville financement Rouen")}
    t = _translator(vocabulary)
    question = "Which city gets the funding for Rouen gardeners?"
    terms = t.rewrite(question, analyse(question))
    assert set(analyse("ville financement Rouen")) <= set(terms)
    assert not set(analyse("city funding which the")) & set(terms)
    assert set(analyse("gardeners")) <= set(terms)  # no French term for it: left as typed


def test_the_dictionary_is_read_from_dictd_files(tmp_path: Path) -> None:
    path = write_dictd(tmp_path)
    assert load_bilingual(path) == _bilingual()


def test_a_missing_dictionary_is_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="santeqa.qa.translate"):
        assert load_bilingual(tmp_path / "none.index") is None
        assert load_bilingual(tmp_path / "none.index") is None
    assert sum("dict-freedict-eng-fra" in r.getMessage() for r in caplog.records) == 1


def _lexical_hits(settings: Any, question: str) -> list[str]:
    engine = Engine(settings, FakeEmbedder())
    return [h.chunk.text for h in engine.ask(question, mode="lexical").hits]


def test_an_english_question_finds_the_french_passage_with_the_dictionary(
    tmp_path: Path,
) -> None:
    """The lexical ranking of an English question finds the French passage through the
    dictionary; without one, it finds nothing (and the question is still answered)."""
    question = "Who provides the funding over three years?"
    assert _lexical_hits(tiny_index(tmp_path / "without"), question) == []
    (tmp_path / "with").mkdir()
    write_dictd(tmp_path / "with")
    hits = _lexical_hits(tiny_index(tmp_path / "with"), question)
    assert hits and "sur trois ans" in hits[0]
