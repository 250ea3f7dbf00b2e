"""Document structure the answer step reads (``qa.mentions``): where the body first uses a
term, and which terms a sentence defines. Literal passages written for these tests."""

from __future__ import annotations

from santeqa.qa.mentions import defined_terms, first_mentions
from santeqa.records import Chunk, Sentence
from santeqa.text import Analyzer

ANALYSE = Analyzer().terms


def _chunk(sentences: list[str], kind: str = "body", document: str = "r.txt") -> Chunk:
    text = " ".join(sentences)
    spans, start = [], 0
    for s in sentences:
        spans.append(Sentence(start, start + len(s), 1))
        start += len(s) + 1
    return Chunk("id", document, 1, (1,), ("Titre",), text, (), tuple(spans), kind)


def _terms(chunks: list[Chunk]) -> list[frozenset[str]]:
    return [frozenset(ANALYSE(c.text[s.start : s.end])) for c in chunks for s in c.sentences]


def _first(chunks: list[Chunk]) -> list[frozenset[str]]:
    return first_mentions(chunks, _terms(chunks))


def test_a_term_is_first_mentioned_where_the_body_first_uses_it() -> None:
    chunks = [
        _chunk(
            [
                "Le réseau ferré dessert la vallée.",
                "Le Syndicat des Transports (SDT) gère les lignes.",
            ]
        ),
        _chunk(["Le SDT, déjà évoqué, publie les horaires.", "Les horaires changent en mai."]),
    ]
    first = _first(chunks)
    sdt = ANALYSE("SDT")[0]
    assert sdt in first[1]
    assert not any(sdt in f for f in first[2:])
    assert ANALYSE("horaires")[0] in first[2] and ANALYSE("horaires")[0] not in first[3]


def test_a_sentence_repeated_by_the_next_passage_is_the_same_first_mention() -> None:
    shared = "La navette fluviale relie les deux rives."
    chunks = [
        _chunk(["Le port accueille des ferries.", shared]),
        _chunk([shared, "La navette circule le dimanche."]),
    ]
    first = _first(chunks)
    navette = ANALYSE("navette")[0]
    assert navette in first[1] and navette in first[2]  # the same sentence, twice
    assert navette not in first[3]


def test_notes_glossary_and_other_documents_do_not_take_the_first_mention() -> None:
    chunks = [
        _chunk(["SDT Syndicat des Transports"], kind="glossary"),
        _chunk(["Rapport du SDT sur les lignes."], kind="note"),
        _chunk(["Le SDT gère les lignes."]),
        _chunk(["Le SDT gère aussi les quais."], document="autre.txt"),
    ]
    first = _first(chunks)
    sdt = ANALYSE("SDT")[0]
    assert first[0] == first[1] == frozenset()
    assert sdt in first[2] and sdt in first[3]  # each document has its own first mention


def test_a_sentence_defines_its_subject_before_a_defining_verb() -> None:
    got = defined_terms("La télébiologie désigne l’analyse à distance des prélèvements.", ANALYSE)
    assert ANALYSE("télébiologie")[0] in got
    assert ANALYSE("prélèvements")[0] not in got


def test_a_defining_verb_far_from_the_start_defines_nothing() -> None:
    text = "Dans les communes rurales de la vallée où les cabinets ferment, le bus est un lien."
    assert defined_terms(text, ANALYSE) == frozenset()


def test_an_acronym_in_parentheses_is_defined_with_the_words_before_it() -> None:
    got = defined_terms("En 2021, le Syndicat des Transports (SDT) a repris les lignes.", ANALYSE)
    assert {ANALYSE("SDT")[0], ANALYSE("Syndicat")[0]} <= got
    assert ANALYSE("lignes")[0] not in got
