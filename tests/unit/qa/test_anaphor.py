"""Sentences whose subject stands for the previous sentence's topic: detected, read with
their antecedent by the features, quoted with it."""

from __future__ import annotations

import numpy as np
import pytest

from santeqa.qa.anaphor import opens_with_anaphor
from santeqa.qa.features import CANDIDATE_FEATURES, CandidateReader, Evidence, Passage
from santeqa.qa.facts import sentence_facts
from santeqa.qa.question import Asked
from santeqa.qa.spans import with_antecedent
from santeqa.text import shared_analyzer
from tests.tiny import chunk_of


@pytest.mark.parametrize(
    "sentence",
    [
        "Celui-ci réunit trois laboratoires.",
        "Celles-ci ouvrent le samedi.",
        "Elle ouvre en juin.",
        "Ils sont douze.",
        "Ce dernier compte 40 lits.",
        "Cette dernière a recruté deux guides.",
        "Ce réseau relie les écoles.",
        "Cette plateforme numérique propose des cours.",
        "Ces ateliers accueillent des enfants.",
        "Financé par la commune, il accueille 20 enfants.",
        "Installée au port, cette halle vend du poisson.",
        "En 2020, elle a reçu un prix.",
        "It opened in May.",
        "This network links schools.",
    ],
)
def test_an_anaphoric_subject_opens_the_sentence(sentence: str) -> None:
    assert opens_with_anaphor(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "La ville compte 3 parcs.",
        "Il y a trois salles.",
        "Il faut réserver.",
        "Il est possible de venir à vélo.",
        "Ce type de réseau relie les écoles.",
        "Ce qui compte est la date.",
        "Cette année, la ville a ouvert un parc.",
        "Dans ce cadre, la ville ouvre un parc.",
        "Italie est un pays.",
    ],
)
def test_no_anaphoric_subject(sentence: str) -> None:
    assert not opens_with_anaphor(sentence)


SENTENCES = (
    "La commune a lancé le programme Vélobus en 2021.",
    "Celui-ci transporte 300 écoliers chaque matin.",
    "Le car transporte 300 voyageurs.",
)


def _features(sentences: tuple[str, ...], terms_before: frozenset[str] = frozenset()):  # type: ignore[no-untyped-def]
    """The features by name of each sentence of one passage, for « combien d'écoliers le
    programme Vélobus transporte-t-il ? » (its salient terms, equal weights)."""
    analyse = shared_analyzer().terms
    chunk = chunk_of(*sentences)
    sentence_terms = [frozenset(analyse(s)) for s in sentences]
    passage = Passage(
        row=0,
        chunk=chunk,
        first_sentence_row=0,
        terms=frozenset().union(*sentence_terms),
        sentence_terms=sentence_terms,
        facts=[sentence_facts(s) for s in sentences],
        is_reference=False,
        dense=0.5,
        terms_before=terms_before,
    )
    n = len(sentences)
    ev = Evidence(
        asked=Asked(kind="quantity", source=False, english=False, counted="ecoliers"),
        weights={t: 1.0 for t in analyse("programme Vélobus écoliers transporte")},
        counted_stem=analyse("écoliers")[0],
        names=frozenset(analyse("Vélobus")),
        sentence_dense=np.full(n, 0.5, dtype=np.float32),
        chunk_dense=np.asarray([0.5], dtype=np.float32),
        lexical=np.asarray([1.0], dtype=np.float32),
    )
    cands = CandidateReader(ev).candidates([passage])
    return [dict(zip(CANDIDATE_FEATURES, c.features, strict=True)) for c in cands]


def test_an_anaphoric_sentence_is_read_with_its_antecedent() -> None:
    first, anaphoric, plain = _features(SENTENCES)
    # « Celui-ci transporte 300 écoliers » holds two of the four terms, its antecedent the
    # programme's name: read together, all four
    assert anaphoric["cov"] == pytest.approx(0.5)
    assert anaphoric["cov_antecedent"] == pytest.approx(1.0)
    # a sentence opening with its own subject is read alone
    assert plain["cov_antecedent"] == plain["cov"]
    assert first["cov_antecedent"] == first["cov"]


def test_a_first_sentence_is_read_with_the_previous_passages_last() -> None:
    analyse = shared_analyzer().terms
    before = frozenset(analyse(SENTENCES[0]))
    alone = _features(SENTENCES[1:])[0]
    after = _features(SENTENCES[1:], terms_before=before)[0]
    assert alone["cov_antecedent"] == pytest.approx(0.5)
    assert after["cov_antecedent"] == pytest.approx(1.0)


def test_the_quote_brings_the_antecedent_when_it_fits() -> None:
    chunk = chunk_of(*SENTENCES)
    assert with_antecedent(chunk, 1, (1, 1), 400) == (0, 1)
    assert with_antecedent(chunk, 1, (1, 1), 60) == (1, 1)  # the two do not fit
    assert with_antecedent(chunk, 2, (2, 2), 400) == (2, 2)  # no anaphor
    assert with_antecedent(chunk, 0, (0, 0), 400) == (0, 0)  # nothing before
