"""Fitting on hurried variants of each question (``FitOptions.augment_variants``): the rewrites
are seeded, keep their question's gold answer and labels, and stay in its fold."""

from __future__ import annotations

import pytest

from santeqa.embed import FakeEmbedder
from santeqa.evaluate import Gold
from santeqa.index import LoadedIndex, load_index
from santeqa.qa import train
from santeqa.qa.answer import AnswerResources
from santeqa.qa.perturb import KINDS, no_accents, training_variants
from santeqa.tunables import Fusion
from tests.tiny import FUNDING, GLOSSARY, OPENING, REGION_NOTE, gold, report, tiny_index


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> LoadedIndex:
    pages = [[*OPENING, ""], [*FUNDING, *REGION_NOTE], GLOSSARY]
    return load_index(
        tiny_index(tmp_path_factory.mktemp("augment"), report(*pages)).index_dir, None
    ).index


def _gold(i: int, question: str, *phrases: str) -> Gold:
    return gold(f"a{i}", question, *phrases)


GOLDS = [
    _gold(1, "Qui dirige le projet ?", "Claire Dubois"),
    _gold(2, "Combien d’actes de téléconsultation sont recensés ?", "12 500 téléconsultations"),
    _gold(3, "Quel est le budget du programme régional ?", "3 millions d’euros"),
    _gold(4, "Que veut dire l'acronyme ARS ?", "Agence Régionale de Santé"),
    _gold(5, "Quelle est la recette traditionnelle du cidre ?"),
    _gold(6, "Qui a gagné la course cycliste régionale ?"),
]


def _examples(index: LoadedIndex, golds: list[Gold], variants: int) -> list[train.Example]:
    res = AnswerResources.of(index)
    return train.collect(
        index,
        res,
        golds,
        FakeEmbedder().embed_queries,
        depth=10,
        rrf_k=60,
        fusion=Fusion(),
        variants=variants,
    )


def test_variants_are_seeded_by_the_question_and_differ_from_it() -> None:
    question = "Combien de pharmacies proposent la téléconsultation depuis l'été ?"
    first = training_variants("q7", question, 3)
    assert first == training_variants("q7", question, 3)
    assert len(first) == 3 and len(set(first)) == 3 and question not in first
    # another key draws other slips (the rewrite is not a function of the text alone)
    assert first != training_variants("q8", question, 3)
    # asking for fewer gives the first ones: the model file names how many were used
    assert training_variants("q7", question, 1) == first[:1]


def test_each_perturbation_is_deterministic_under_a_seed() -> None:
    import random

    question = "Quels établissements hospitaliers participent à l'expérimentation ?"
    for kind, perturb in KINDS.items():
        once = perturb(question, random.Random(f"s:{kind}"))
        assert once == perturb(question, random.Random(f"s:{kind}")), kind
        assert once.isascii() and "?" not in once, kind
    assert no_accents("Où est l’hôpital ?", random.Random(0)) == "ou est l'hopital"


def test_variants_keep_their_question_s_gold_and_labels(index: LoadedIndex) -> None:
    examples = _examples(index, GOLDS, variants=2)
    for e in examples:
        assert len(e.variants) == 2
        for v in e.variants:
            assert v.gold.question != e.gold.question
            assert (v.gold.id, v.gold.answerable, v.gold.phrases) == (
                e.gold.id,
                e.gold.answerable,
                e.gold.phrases,
            )
            # the labels follow the matching rule on the variant's own candidates
            assert len(v.labels) == len(v.candidates)
            if not e.gold.answerable:
                assert not any(v.labels)
            assert v.ablated is None and not v.variants
    # an answerable variant still finds the answer among its candidates
    assert any(any(v.labels) for e in examples if e.gold.answerable for v in e.variants)
    # without the option no variant is made
    assert all(not e.variants for e in _examples(index, GOLDS, variants=0))


def test_the_ranker_is_fitted_on_the_variants(index: LoadedIndex) -> None:
    examples = _examples(index, GOLDS, variants=2)
    assert len(train.with_variants(examples, 1)) == 2 * len(examples)
    assert len(train.with_variants(examples, 0)) == len(examples)
    off = train.fit_ranker(examples, train.FitOptions())
    on = train.fit_ranker(examples, train.FitOptions(augment_variants=2))
    assert not (off.coef == on.coef).all()  # type: ignore[union-attr]


def test_a_held_out_question_s_variants_stay_out_of_its_fold_s_model(
    index: LoadedIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = _examples(index, GOLDS * 2, variants=2)
    ranked_on: list[set[int]] = []
    real_fit_ranker = train.fit_ranker

    def spy(chosen: list[train.Example], options: train.FitOptions) -> object:
        ranked_on.append({id(x) for x in train.with_variants(chosen, options.augment_variants)})
        return real_fit_ranker(chosen, options)

    monkeypatch.setattr(train, "fit_ranker", spy)
    options = train.FitOptions(augment_variants=2, augment_weight=1.0)
    res = AnswerResources.of(index)
    judged = train.cross_validate(index, res, examples, 2, options=options)
    # only the original questions are judged
    assert [j.gold.question for j in judged] == [e.gold.question for e in examples]
    folds = train._folds(len(examples), 2, seed=7)
    owned = [
        {id(x) for i in fold for x in (examples[int(i)], *examples[int(i)].variants)}
        for fold in folds
    ]
    assert ranked_on  # every ranker (final and inner) of a fold's model
    per_fold = len(ranked_on) // 2
    for n, fold_owned in enumerate(owned):
        for seen in ranked_on[n * per_fold : (n + 1) * per_fold]:
            assert seen.isdisjoint(fold_owned)
        assert any(seen & owned[1 - n] for seen in ranked_on[n * per_fold : (n + 1) * per_fold])


def test_the_judge_takes_its_variants_rows_with_their_question_s_label(
    index: LoadedIndex,
) -> None:
    examples = _examples(index, GOLDS, variants=2)
    options = train.FitOptions(augment_variants=2, augment_weight=0.5)
    rows = train.judge_rows(examples, 2, options)
    assert len(rows.variant) == 2 * len(examples)
    assert sorted(rows.variant_owner.tolist()) == sorted(list(range(len(examples))) * 2)
    for owner, label in zip(rows.variant_owner, rows.variant_answerable, strict=True):
        assert label == int(examples[int(owner)].gold.answerable)
    off = train._judge(rows, range(len(examples)), train.FitOptions(augment_weight=0.0))
    on = train._judge(rows, range(len(examples)), options)
    assert not (off.coef == on.coef).all()
    # a held-out question's variant rows do not move the judge
    kept = rows.variant_owner != 0
    alone = train.JudgeRows(
        rows.real,
        rows.answerable,
        rows.ablated,
        rows.owner,
        rows.variant[kept],
        rows.variant_answerable[kept],
        rows.variant_owner[kept],
    )
    rest = range(1, len(examples))
    assert (train._judge(rows, rest, options).coef == train._judge(alone, rest, options).coef).all()


def test_variant_rows_are_scored_by_a_ranker_fitted_without_their_question(
    index: LoadedIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = _examples(index, GOLDS * 2, variants=2)
    last_ranked: list[set[int]] = []
    scored: list[tuple[set[int], set[int]]] = []
    real_fit_ranker, real_rows = train.fit_ranker, train._judge_rows

    def rank(chosen: list[train.Example], options: train.FitOptions) -> object:
        last_ranked[:] = [{id(x) for x in train.with_variants(chosen, options.augment_variants)}]
        return real_fit_ranker(chosen, options)

    def rows(chosen: list[train.Example], ranker: object) -> object:
        scored.append(({id(x) for x in chosen}, last_ranked[0]))
        return real_rows(chosen, ranker)  # type: ignore[arg-type]

    monkeypatch.setattr(train, "fit_ranker", rank)
    monkeypatch.setattr(train, "_judge_rows", rows)
    train.judge_rows(examples, 3, train.FitOptions(augment_variants=2))
    variant_ids = {id(v) for e in examples for v in e.variants}
    assert any(ids & variant_ids for ids, _ranked in scored)
    for ids, ranked in scored:
        owners = [e for e in examples if ids & {id(e), *(id(v) for v in e.variants)}]
        assert ranked.isdisjoint({id(x) for e in owners for x in (e, *e.variants)})
