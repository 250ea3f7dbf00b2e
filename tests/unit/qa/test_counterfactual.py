"""Counterfactual rows for the judge: an answerable question read as if the report did not hold
its answer, on a tiny literal report (fake embedder)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from santeqa.embed import FakeEmbedder
from santeqa.evaluate import Gold, contains
from santeqa.index import LoadedIndex, load_index
from santeqa.qa import train
from santeqa.qa.answer import AnswerResources
from santeqa.qa.counterfactual import ABSENT_SIMILARITY, holding_rows
from santeqa.qa.judging import FACTUAL_KINDS, QUESTION_FEATURES, question_features
from santeqa.qa.passage_fit import Reordering
from santeqa.qa.spans import span_for
from santeqa.tunables import Fusion
from tests.tiny import COMMITTEE_PAGES, gold, report, tiny_index

PAGES = COMMITTEE_PAGES


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> LoadedIndex:
    settings = tiny_index(tmp_path_factory.mktemp("counterfactual"), report(*PAGES))
    return load_index(settings.index_dir, None).index


def _gold(i: int, question: str, *phrases: str) -> Gold:
    return gold(f"c{i}", question, *phrases)


GOLDS = [
    _gold(1, "Qui dirige le projet ?", "Claire Dubois"),
    _gold(2, "Combien de téléconsultations ?", "12 500 téléconsultations"),
    _gold(3, "Quel est le budget du programme ?", "3 millions d’euros"),
    _gold(4, "Où se réunit le comité de pilotage ?", "à Rouen"),
    _gold(5, "Que veut dire ARS ?", "Agence Régionale de Santé"),
    _gold(6, "Quelle est la recette du cidre ?"),
    _gold(7, "Qui a gagné la course cycliste ?"),
    _gold(8, "Combien coûte un ticket de bus ?"),
] * 2


def _examples(index: LoadedIndex, golds: list[Gold]) -> list[train.Example]:
    res = AnswerResources.of(index)
    return train.collect(
        index, res, golds, FakeEmbedder().embed_queries, depth=10, rrf_k=60, fusion=Fusion()
    )


def _row(index: LoadedIndex, row: int, sentence: int) -> int:
    return index.sentence_rows(row).start + sentence


def test_the_ablated_example_holds_no_answer_and_is_not_answerable(index: LoadedIndex) -> None:
    examples = _examples(index, GOLDS[:8])
    for e in examples:
        if not e.gold.answerable:
            assert e.ablated is None
            continue
        assert any(e.labels), e.gold.question  # the real one has its answer among candidates
        a = e.ablated
        assert a is not None and a.candidates
        assert not a.gold.answerable and not any(a.labels)
        holding = holding_rows(index, e.gold.phrases)
        for c in a.candidates:
            assert _row(index, c.row, c.sentence) not in holding
            chunk = index.chunks[c.row]
            first, last = span_for(chunk, c.sentence, a.evidence.asked.kind == "list")
            text = chunk.text[chunk.sentences[first].start : chunk.sentences[last].end]
            assert not any(contains(text, p) for p in e.gold.phrases)
        # the closest sentence of the report is read without the sentences holding the answer
        assert all(a.evidence.sentence_dense[r] == ABSENT_SIMILARITY for r in holding)
        assert float(a.evidence.sentence_dense.max()) < float(e.evidence.sentence_dense.max()) or (
            max(float(e.evidence.sentence_dense[r]) for r in holding)
            < float(e.evidence.sentence_dense.max())
        )


def test_every_holding_sentence_goes_an_alternative_too(index: LoadedIndex) -> None:
    # the same answer said twice: both sentences leave
    gold = _gold(9, "Qui dirige le projet ?", "Claire Dubois", "se réunit chaque trimestre")
    (e,) = _examples(index, [gold])
    assert e.ablated is not None
    left = {_row(index, c.row, c.sentence) for c in e.ablated.candidates}
    holding = holding_rows(index, gold.phrases)
    assert len(holding) == 2 and not holding & left


def test_the_terms_near_the_best_candidate_are_read_without_the_answer(index: LoadedIndex) -> None:
    (e,) = _examples(index, [_gold(10, "Quel poste occupe Claire Dubois ?", "directrice de")])
    assert e.ablated is not None

    def text(row: int, sentence: int) -> str:
        s = index.chunks[row].sentences[sentence]
        return index.chunks[row].text[s.start : s.end]

    # the sentence before the one naming her: its window no longer reaches « Dubois »
    budget = next(c for c in e.ablated.candidates if "3 millions" in text(c.row, c.sentence))
    real = next(c for c in e.candidates if (c.row, c.sentence) == (budget.row, budget.sentence))
    (stem,) = (t for t in e.evidence.names if t.startswith("dubois"))
    assert stem in e.terms_of(real)[0] and stem in e.terms_of(real)[1]
    assert stem not in e.ablated.terms_of(budget)[0]
    assert stem not in e.ablated.terms_of(budget)[1]
    # and so the question's name counts as missing where the answer would be read
    scores = [0.9 if c is budget else 0.1 for c in e.ablated.candidates]
    features = question_features(
        e.ablated.evidence, e.ablated.candidates, scores, e.ablated.unknown, e.ablated.terms_of
    )
    assert features[QUESTION_FEATURES.index("names_missing")] > 0.0


def _rows(n_real: int, owners: list[int]) -> train.JudgeRows:
    rng = np.random.default_rng(0)
    return train.JudgeRows(
        real=rng.normal(size=(n_real, len(QUESTION_FEATURES))),
        answerable=np.asarray([i % 3 != 0 for i in range(n_real)], dtype=int),
        ablated=rng.normal(size=(len(owners), len(QUESTION_FEATURES))) + 5.0,
        owner=np.asarray(owners, dtype=int),
    )


def test_a_held_out_question_never_brings_its_ablated_row() -> None:
    rows = _rows(12, [1, 2, 4, 10, 11])
    on = train.FitOptions(ablated_weight=1.0)
    trained_on = list(range(9))  # questions 10 and 11 held out
    judge = train._judge(rows, trained_on, on)
    keep = rows.owner < 9
    alone = replace(rows, ablated=rows.ablated[keep], owner=rows.owner[keep])
    assert np.allclose(judge.coef, train._judge(alone, trained_on, on).coef)
    # and the rows of the training questions are used: the judge differs without them
    off = train._judge(rows, trained_on, train.FitOptions(ablated_weight=0.0))
    assert not np.allclose(judge.coef, off.coef)


def test_without_ablated_rows_the_judge_is_the_balanced_logistic() -> None:
    rows = _rows(12, [1, 2])
    # one fit at the judge's C (the default averages three, ``qa.averaging``)
    off = train._judge(rows, range(12), train.FitOptions(ablated_weight=0.0, c_spread=1.0))
    before = train._logistic(rows.real, rows.answerable, QUESTION_FEATURES, c=0.5, balanced=True)
    assert np.allclose(off.coef, before.coef, atol=1e-4)
    assert off.intercept == pytest.approx(before.intercept, abs=1e-4)


def test_held_out_questions_in_cross_validation_bring_no_ablated_rows(
    index: LoadedIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = _examples(index, GOLDS)
    fitted_on: list[set[int]] = []
    real_fit = train.fit

    def spy(rest: list[train.Example], **kw: object) -> object:
        fitted_on.append({id(e) for e in rest})
        return real_fit(rest, inner_k=2, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(train, "fit", spy)
    options = train.FitOptions(ablated_weight=1.0)
    judged = train.cross_validate(index, AnswerResources.of(index), examples, 2, options=options)
    assert len(judged) == len(examples) and len(fitted_on) == 2
    # each fold's model (and the ablated rows its examples carry) comes from the other fold
    assert fitted_on[0].isdisjoint(fitted_on[1])
    assert fitted_on[0] | fitted_on[1] == {id(e) for e in examples}


def test_the_threshold_is_read_on_real_answerable_questions_only(
    index: LoadedIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = _examples(index, GOLDS)
    seen: list[tuple[int, int]] = []
    real_threshold = train._threshold

    def spy(probs: np.ndarray, answerable: np.ndarray, budget: float) -> float:
        seen.append((len(probs), int(answerable.sum())))
        return real_threshold(probs, answerable, budget)

    monkeypatch.setattr(train, "_threshold", spy)
    options = train.FitOptions(ablated_weight=1.0)
    model = train.fit(
        examples,
        sha256="f" * 64,
        names=(),
        inner_k=2,
        options=options,
        reorder=Reordering(index, AnswerResources.of(index)),
    )
    assert sum(e.ablated is not None for e in examples) > 0
    assert seen == [(len(examples), sum(e.gold.answerable for e in examples))]
    assert dict(model.fitted_with)["ablated_weight"] == 1.0


def test_only_questions_asking_for_a_fact_give_rows_unless_all_are_asked(
    index: LoadedIndex,
) -> None:
    examples = _examples(index, GOLDS[:8])
    meaning = [i for i, e in enumerate(examples) if e.evidence.asked.kind == "meaning"]
    factual = [
        i
        for i, e in enumerate(examples)
        if e.gold.answerable and e.evidence.asked.kind in FACTUAL_KINDS
    ]
    assert meaning and factual  # « Que veut dire ARS ? » asks for an expansion, not a fact

    def owners(kinds: str) -> set[int]:
        options = train.FitOptions(ablated_weight=1.0, ablated_kinds=kinds)
        return set(train.judge_rows(examples, 2, options).owner.tolist())

    assert owners("factual") == set(factual)
    assert set(meaning) <= owners("all")
    assert not owners("all") & {i for i, e in enumerate(examples) if not e.gold.answerable}
    with pytest.raises(ValueError, match="ablated_kinds"):
        owners("lists")
