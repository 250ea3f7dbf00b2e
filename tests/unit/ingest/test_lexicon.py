"""Word repairs decided with a (tiny) lexicon."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from santeqa.ingest.lexicon import (
    Lexicon,
    document_vocabulary,
    fix_url_schemes,
    join_hyphenated,
    load_lexicon,
    repair_text,
    repair_word,
)

F = "\ufffd"

WORDS = frozenset(
    {
        "innovation",
        "innovations",
        "utilisation",
        "attirer",
        "tirer",
        "parti",
        "cette",
        "mettre",
        "mètre",
        "permettre",
        "permettent",
        "attente",
        "atteints",
        "patente",
        "site",
        "note",
        "lutte",
        "lute",
        "petit",
        "attractives",
        "développement",
        "orthésistes",
        "bien-être",
        "bien",
        "être",
        "sociale",
        "santé",
        "la",
        "de",
    }
)


@pytest.fixture
def lex() -> Lexicon:
    return Lexicon(WORDS)


def test_load_lexicon_lowercases(tmp_path: Path) -> None:
    path = tmp_path / "words"
    path.write_text("Cette\nmettre\n\n  Santé \n", encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.words == {"cette", "mettre", "santé"}
    assert lexicon.is_word("CETTE")


def test_missing_lexicon_is_empty_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="santeqa.ingest.lexicon"):
        lexicon = load_lexicon(tmp_path / "nope")
    assert len(lexicon) == 0
    assert any("unreadable" in r.getMessage() for r in caplog.records)
    # still usable: U+FFFD goes, nothing else changes
    assert repair_word(f"Innova{F}on", lexicon) == "Innovation"
    assert repair_word("cete", lexicon) == "cete"


def test_ligature_ti_and_tti(lex: Lexicon) -> None:
    counts: dict[str, int] = {}
    assert repair_word(f"innova{F}on", lex, counts) == "innovation"
    assert repair_word(f"u{F}lisa{F}on", lex, counts) == "utilisation"
    assert repair_word(f"a{F}rer", lex, counts) == "attirer"
    assert repair_word(f"{F}rer", lex, counts) == "tirer"
    assert repair_word(f"par{F}", lex, counts) == "parti"
    assert counts == {"ligature_ti": 5, "ligature_tti": 1}


def test_case_is_kept(lex: Lexicon) -> None:
    assert repair_word(f"Innova{F}on", lex) == "Innovation"
    assert repair_word(f"INNOVA{F}ON", lex) == "INNOVATION"
    assert repair_word(f"A{F}rer", lex) == "Attirer"
    assert repair_word("Cete", lex) == "Cette"


def test_dropped_tt_is_restored(lex: Lexicon) -> None:
    counts: dict[str, int] = {}
    for damaged, fixed in [
        ("cete", "cette"),
        ("metre", "mettre"),
        ("permetre", "permettre"),
        ("permetent", "permettent"),
        ("atente", "attente"),
        ("ateints", "atteints"),
    ]:
        assert repair_word(damaged, lex, counts) == fixed
    assert counts == {"tt_restored": 6}


def test_ligature_and_tt_together(lex: Lexicon) -> None:
    counts: dict[str, int] = {}
    assert repair_word(f"atrac{F}ves", lex, counts) == "attractives"
    assert counts == {"ligature_ti": 1, "tt_restored": 1}


@pytest.mark.parametrize("word", ["patente", "site", "note", "lutte", "lute", "mètre", "Note"])
def test_real_words_are_never_repaired(lex: Lexicon, word: str) -> None:
    counts: dict[str, int] = {}
    assert repair_word(word, lex, counts) == word
    assert counts == {}


def test_unknown_words_without_a_known_repair_stay(lex: Lexicon) -> None:
    assert repair_word("Metadom", lex) == "Metadom"
    assert repair_word("TES", lex) == "TES"  # acronyms are left alone


def test_fffd_falls_back_to_ti(lex: Lexicon) -> None:
    counts: dict[str, int] = {}
    assert repair_word(f"Microso{F}", lex, counts) == "Microsoti"
    assert counts == {"ligature_fallback": 1}


def test_document_words_count_as_known(lex: Lexicon) -> None:
    doc = lex.with_document("La société Microsoft héberge la plateforme.")
    counts: dict[str, int] = {}
    assert repair_word(f"Microso{F}", doc, counts) == "Microsoft"
    assert counts == {"ligature_other": 1}
    assert "microsoft" in document_vocabulary("Microsoft et Microso\ufffd")
    assert f"microso{F}" not in document_vocabulary("Microsoft et Microso\ufffd")


def test_damaged_word_attested_in_document_is_still_repaired(lex: Lexicon) -> None:
    doc = lex.with_document("cete phrase, cete autre")
    assert repair_word("cete", doc) == "cette"


def test_repair_text_keeps_urls_and_fixes_scheme(lex: Lexicon) -> None:
    counts: dict[str, int] = {}
    text = f"Cete innova{F}on : htps://exemple.fr/cete-metre et www.site.fr/metre."
    assert repair_text(text, lex, counts) == (
        "Cette innovation : https://exemple.fr/cete-metre et www.site.fr/metre."
    )
    assert counts == {"url_scheme": 1, "tt_restored": 1, "ligature_ti": 1}
    assert fix_url_schemes("htp://a.fr htps://b.fr https://c.fr") == (
        "http://a.fr https://b.fr https://c.fr"
    )


def test_lone_replacement_character_is_dropped(lex: Lexicon) -> None:
    assert repair_text(f"santé {F} sociale", lex) == "santé  sociale"


def test_hyphenation(lex: Lexicon) -> None:
    counts: dict[str, int] = {}
    assert (
        join_hyphenated("le dévelop-", "pement durable", lex, counts) == "le développement durable"
    )
    assert join_hyphenated("podo-", "orthésistes", lex, counts) == "podo-orthésistes"
    assert join_hyphenated("du bien-", "être", lex, counts) == "du bien-être"
    assert join_hyphenated("Seine-", "Eure", lex, counts) == "Seine-Eure"
    assert join_hyphenated("2023-", "2027 entend", lex, counts) == "2023-2027 entend"
    assert join_hyphenated("pseudo-", "nymisation", lex, counts) == "pseudonymisation"
    assert counts == {"hyphen_joined": 2, "hyphen_kept": 4}
