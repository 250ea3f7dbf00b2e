"""The judge's grammar and retrieval evidence (``qa.judging``): where the asked kind stands,
what is missing without the kind's own noun, whether the retrievers agree. Fresh examples
about a city's libraries, in no gold file."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from santeqa.qa.facts import kind_spans
from santeqa.qa.features import CANDIDATE_FEATURES, Candidate, Evidence
from santeqa.qa.judging import (
    JUDGE_FEATURES,
    QUESTION_FEATURES,
    content_weights,
    near_mass,
    question_features,
)
from santeqa.qa.question import Asked, asked
from santeqa.text import shared_analyzer


def _weights(question: str) -> dict[str, float]:
    return {t: 1.0 for t in shared_analyzer().terms(question)}


def test_kind_spans_are_where_the_sentence_holds_the_kind() -> None:
    text = "La médiathèque a prêté 45 000 livres en 2022."
    numbers = [text[a:b] for a, b in kind_spans(text, "number")]
    assert numbers == ["45 000 "]
    assert [text[a:b] for a, b in kind_spans(text, "date")] == ["2022"]
    assert kind_spans(text, "money") == []
    assert kind_spans(text, "bullet") == []  # a shape, not a span
    assert kind_spans(text, "no such flag") == []


def test_a_number_among_the_question_words_is_near_them() -> None:
    weights = _weights("Combien de livres la médiathèque a-t-elle prêtés ?")
    answer = "La médiathèque a prêté 45 000 livres l'an passé."
    assert near_mass(answer, "quantity", weights) == 1.0


def test_a_number_far_from_the_question_words_is_not_near_them() -> None:
    weights = _weights("Combien de livres la médiathèque a-t-elle prêtés ?")
    # the sentence names the topic, but its number belongs to another clause
    other = (
        "La médiathèque prête des livres, des disques et des jeux aux habitants du quartier "
        "nord, qui profitent depuis peu d'un jardin partagé de 12 parcelles."
    )
    near = near_mass(other, "quantity", weights)
    assert near < 0.5
    assert near_mass(other, "quantity", weights) < near_mass(
        "La médiathèque a prêté 45 000 livres.", "quantity", weights
    )


def test_nothing_is_near_without_the_asked_kind() -> None:
    weights = _weights("En quelle année la médiathèque a-t-elle ouvert ?")
    assert near_mass("La médiathèque a ouvert ses portes au printemps.", "date", weights) == 0.0
    # nothing precise asked: no kind to stand near
    assert near_mass("La médiathèque a ouvert en 1998.", None, weights) == 0.0
    assert near_mass("La médiathèque a ouvert en 1998.", "date", {}) == 0.0


def test_the_kinds_own_noun_is_not_a_content_term() -> None:
    analyse = shared_analyzer().terms
    weights = _weights("En quelle année la médiathèque a-t-elle ouvert ?")
    kept = content_weights(weights)
    assert analyse("année")[0] not in kept
    assert analyse("médiathèque")[0] in kept
    percentage = content_weights(_weights("What percentage of readers borrow comics?"))
    assert analyse("percentage")[0] not in percentage
    assert analyse("readers")[0] in percentage


def _evidence(  # type: ignore[no-untyped-def]
    question: str,
    kind: str | None,
    chunk_dense: list[float],
    lexical: list[float],
    counted: str | None = None,
):
    return Evidence(
        asked=Asked(kind=kind, source=False, english=False, counted=counted),
        weights=_weights(question),
        counted_stem=None,
        names=frozenset(),
        sentence_dense=np.asarray([0.8, 0.7], dtype=np.float32),
        chunk_dense=np.asarray(chunk_dense, dtype=np.float32),
        lexical=np.asarray(lexical, dtype=np.float32),
    )


def _judge(ev: Evidence, texts: list[str], scores: list[float]) -> dict[str, float]:
    """The judge's features for candidates of these texts (passage row = position)."""
    cands = [
        Candidate(i, i, 0, tuple(0.0 for _ in CANDIDATE_FEATURES), text=t)
        for i, t in enumerate(texts)
    ]

    def terms_of(c: Candidate) -> tuple[frozenset[str], frozenset[str]]:
        terms = frozenset(shared_analyzer().terms(c.text))
        return terms, terms

    values = question_features(ev, cands, scores, 0.0, terms_of)
    return dict(zip(QUESTION_FEATURES, values, strict=True))


def test_question_features_carry_the_judging_evidence() -> None:
    assert set(JUDGE_FEATURES) <= set(QUESTION_FEATURES)
    question = "En quelle année la médiathèque a-t-elle ouvert ?"
    ev = _evidence(question, "date", [0.9, 0.2], [7.0, 1.0])
    dated = _judge(ev, ["La médiathèque a ouvert en 1998.", "Elle ferme le lundi."], [0.9, 0.1])
    # the year stands by « médiathèque » and « ouvert »: all the question's weight but that
    # of « année », which no dated answer writes
    assert dated["kind_near"] == 2 / 3
    # every content word is held: « année » is the kind asked, not a word the answer lacks
    assert dated["top_missing_content"] == 0.0
    assert dated["best_missing_content"] == 0.0
    assert dated["retrievers_agree"] == 1.0


def test_the_judge_reads_a_question_asking_two_things() -> None:
    """« Quand … et combien … ? »: each part is answered by its own sentence, so the judge
    knows the best one covers about half of the question."""
    question = "Quand la médiathèque a-t-elle ouvert et combien de livres prête-t-elle ?"
    texts = ["La médiathèque a ouvert en 1998.", "Elle prête 20 000 livres."]
    ev = _evidence(question, "date", [0.9, 0.2], [7.0, 1.0])
    two = replace(ev, parts_asked=2)
    assert _judge(two, texts, [0.9, 0.1])["two_parts"] == 1.0
    assert _judge(ev, texts, [0.9, 0.1])["two_parts"] == 0.0


def test_no_kind_is_missed_when_a_part_asks_none() -> None:
    """« Quelle est la spécialité du marché, et depuis quand existe-t-il ? »: a sentence
    answering the first part holds no date and misses nothing asked; with both parts asking
    a kind (« quand …, et combien … ? ») a sentence holding neither misses."""
    name = {n: i for i, n in enumerate(CANDIDATE_FEATURES)}
    features = [0.0 for _ in CANDIDATE_FEATURES]
    features[name["type_miss"]] = 1.0
    cands = [Candidate(0, 0, 0, tuple(features), text="Le marché est spécialisé en fromages.")]

    def best_type_miss(question: str) -> float:
        ev = replace(_asking(question, "date"), asked=asked(question))
        values = question_features(ev, cands, [0.9], 0.0, lambda c: (frozenset(), frozenset()))
        return dict(zip(QUESTION_FEATURES, values, strict=True))["best_type_miss"]

    assert best_type_miss("Quelle est la spécialité du marché, et depuis quand existe-t-il ?") == 0
    assert best_type_miss("Depuis quand le marché existe-t-il ?") == 1.0
    assert best_type_miss("Quand le marché a-t-il ouvert, et combien d'étals a-t-il ?") == 1.0


def test_the_judge_reads_a_near_topic_sentence() -> None:
    question = "En quelle année la médiathèque a-t-elle ouvert ?"
    # the lexical retriever puts the second passage first, the dense one the first
    ev = _evidence(question, "date", [0.9, 0.2], [1.0, 7.0])
    values = _judge(
        ev, ["La médiathèque prête des livres.", "Le quartier date de 1900."], [0.9, 0.1]
    )
    assert values["kind_near"] < 0.5  # the year stands in another sentence, far from the topic
    assert values["top_missing_content"] > 0.0  # « ouvert » is missing
    assert 0.0 < values["best_missing_content"] < 1.0
    assert values["retrievers_agree"] == 0.0


def test_an_english_question_missing_the_kind_asked_is_read_as_such() -> None:
    name = {n: i for i, n in enumerate(CANDIDATE_FEATURES)}

    def judged(english: bool, type_miss: float) -> dict[str, float]:
        features = [0.0 for _ in CANDIDATE_FEATURES]
        features[name["type_miss"]] = type_miss
        cands = [Candidate(0, 0, 0, tuple(features), text="The library lends books.")]
        ev = Evidence(
            asked=Asked(kind="date", source=False, english=english, counted=None),
            weights=_weights("When did the library open?"),
            counted_stem=None,
            names=frozenset(),
            sentence_dense=np.asarray([0.8], dtype=np.float32),
            chunk_dense=np.asarray([0.8], dtype=np.float32),
            lexical=np.asarray([1.0], dtype=np.float32),
        )
        values = question_features(ev, cands, [0.9], 0.0, lambda c: (frozenset(), frozenset()))
        return dict(zip(QUESTION_FEATURES, values, strict=True))

    # the judge lifts English questions (``english``), whose words the French text rarely
    # holds, but a year asked and held by no sentence is a miss in either language
    assert judged(english=True, type_miss=1.0)["english_type_miss"] == 1.0
    assert judged(english=True, type_miss=0.0)["english_type_miss"] == 0.0
    assert judged(english=False, type_miss=1.0)["english_type_miss"] == 0.0
    assert judged(english=False, type_miss=1.0)["best_type_miss"] == 1.0


def _asking(question: str, kind: str, counted: str | None = None) -> Evidence:
    """The evidence of ``question`` asking ``kind`` (two sentences, one passage)."""
    return _evidence(question, kind, [0.8], [1.0], counted)  # type: ignore[no-any-return]


def test_the_kind_asked_is_read_over_the_sentence_an_anaphoric_one_is_quoted_after() -> None:
    """« Certaines de ses navettes … » is quoted after « On peut citer la société X, … »
    (``qa.spans.with_antecedent``): the company asked for is held."""
    name = {n: i for i, n in enumerate(CANDIDATE_FEATURES)}

    def candidate(j: int, text: str, *, holds: bool) -> Candidate:
        features = [0.0 for _ in CANDIDATE_FEATURES]
        features[name["type_match" if holds else "type_miss"]] = 1.0
        return Candidate(0, 0, j, tuple(features), text=text)

    ev = _asking("Quelle société fait rouler des navettes la nuit ?", "organisation")

    def best_type_miss(first: str, holds: bool) -> float:
        cands = [
            candidate(0, "On peut citer la société Rouletout, née à Caen.", holds=holds),
            candidate(1, first, holds=False),
        ]
        values = question_features(ev, cands, [0.5, 0.9], 0.0, lambda c: (frozenset(), frozenset()))
        return dict(zip(QUESTION_FEATURES, values, strict=True))["best_type_miss"]

    assert best_type_miss("Certaines de ses navettes roulent la nuit.", holds=True) == 0.0
    # the sentence before holds no company, or the first sentence is no anaphor: a miss
    assert best_type_miss("Certaines de ses navettes roulent la nuit.", holds=False) == 1.0
    assert best_type_miss("Des navettes roulent la nuit.", holds=True) == 1.0


def test_the_kind_asked_is_read_over_a_neighbour_nearly_as_likely() -> None:
    """« Le projet Vélo a été retenu … . Doté de 2 M€, il … »: two sentences nearly tied are
    quoted together (``qa.spans.join_neighbours``), so the amount the second holds is held."""
    name = {n: i for i, n in enumerate(CANDIDATE_FEATURES)}

    def candidate(j: int, *, holds: bool, counts: bool = False) -> Candidate:
        features = [0.0 for _ in CANDIDATE_FEATURES]
        features[name["type_match" if holds else "type_miss"]] = 1.0
        features[name["counted_number"]] = float(counts)
        return Candidate(0, 0, j, tuple(features), text=f"Phrase {j}.")

    def best_type_miss(second: float, *, sentence: int = 1, counted: str | None = None) -> float:
        ev = _asking("Quel est le budget du projet Vélo ?", "money", counted)
        cands = [candidate(0, holds=False), candidate(sentence, holds=True)]
        values = question_features(
            ev, cands, [0.9, second], 0.0, lambda c: (frozenset(), frozenset())
        )
        return dict(zip(QUESTION_FEATURES, values, strict=True))["best_type_miss"]

    assert best_type_miss(0.88) == 0.0  # the next sentence, nearly as likely, holds it
    assert best_type_miss(0.3) == 1.0  # far less likely: not quoted with it
    assert best_type_miss(0.88, sentence=2) == 1.0  # not beside it
    # « combien de vélos »: the neighbour must count the thing asked, not hold any number
    assert best_type_miss(0.88, counted="velos") == 1.0
