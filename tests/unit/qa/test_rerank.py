"""The fitted passage ranker (``qa.rerank``, ``qa.passage_fit``) on a tiny literal report
(fake embedder): its features and labels, its order, and how fitting keeps it out of fold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from santeqa.embed import FakeEmbedder
from santeqa.evaluate import Gold, contains
from santeqa.index import LoadedIndex, load_index
from santeqa.qa import train
from santeqa.qa.answer import AnswerResources, choose
from santeqa.qa.model import Logistic, load_model
from santeqa.qa.passage_fit import Reordering
from santeqa.qa.rerank import PASSAGE_FEATURES, choose_reordered, ranked_order, rerank
from santeqa.tunables import Fusion
from tests.tiny import COMMITTEE_PAGES, gold, report, tiny_index

PAGES = COMMITTEE_PAGES

GOLDS = [
    gold("r1", "Qui dirige le projet ?", "Claire Dubois"),
    gold("r2", "Combien de téléconsultations ?", "12 500 téléconsultations"),
    gold("r3", "Quel est le budget du programme ?", "3 millions d’euros"),
    gold("r4", "Où se réunit le comité de pilotage ?", "à Rouen"),
    gold("r5", "Que veut dire ARS ?", "Agence Régionale de Santé"),
    gold("r6", "Quelle est la recette du cidre ?"),
    gold("r7", "Combien coûte un ticket de bus ?"),
] * 2


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> LoadedIndex:
    settings = tiny_index(tmp_path_factory.mktemp("rerank"), report(*PAGES))
    return load_index(settings.index_dir, None).index


def _examples(index: LoadedIndex, golds: list[Gold]) -> list[train.Example]:
    res = AnswerResources.of(index)
    return train.collect(
        index, res, golds, FakeEmbedder().embed_queries, depth=10, rrf_k=60, fusion=Fusion()
    )


def _ranker(weights: dict[str, float]) -> Logistic:
    n = len(PASSAGE_FEATURES)
    coef = np.asarray([weights.get(f, 0.0) for f in PASSAGE_FEATURES])
    return Logistic(PASSAGE_FEATURES, np.zeros(n), np.ones(n), coef, 0.0)


def test_the_order_follows_the_fitted_score_and_ties_keep_the_fused_order() -> None:
    rows = [(0.2,) * len(PASSAGE_FEATURES), (0.9,) * len(PASSAGE_FEATURES)]
    rows += [(0.2,) * len(PASSAGE_FEATURES)]
    assert ranked_order(_ranker({"dense": 1.0}), rows) == [1, 0, 2]
    assert ranked_order(_ranker({"dense": -1.0}), rows) == [0, 2, 1]
    fused = ["a", "b", "c"]
    assert rerank(None, rows, fused) == fused  # type: ignore[arg-type]


def test_each_fused_passage_has_a_row_and_a_label_by_the_matching_rule(
    index: LoadedIndex,
) -> None:
    for e in _examples(index, GOLDS[:7]):
        assert len(e.passage_rows) == len(e.fused) == len(e.passage_labels)
        assert all(len(r) == len(PASSAGE_FEATURES) for r in e.passage_rows)
        for c, y in zip(e.fused, e.passage_labels, strict=True):
            text = index.chunks[c.row].text
            assert y == int(e.gold.answerable and any(contains(text, p) for p in e.gold.phrases))
        if e.gold.answerable:
            assert any(e.passage_labels), e.gold.question


def test_a_reordered_example_reads_the_new_top_passages(index: LoadedIndex) -> None:
    e = _examples(index, GOLDS[:1])[0]
    order = list(range(len(e.fused)))[::-1]
    moved = Reordering(index, AnswerResources.of(index))(e, order)
    assert [c.row for c in moved.fused] == [e.fused[i].row for i in order]
    assert moved.passage_rows == tuple(e.passage_rows[i] for i in order)
    top = {c.row for c in moved.fused[:5]}
    assert {c.row for c in moved.candidates} <= top


def test_the_passage_ranker_is_fitted_into_the_model_file_and_read_back(
    index: LoadedIndex, tmp_path: Path
) -> None:
    examples = _examples(index, GOLDS)
    options = train.FitOptions(passage_ranker_c=0.1)
    with pytest.raises(ValueError):
        train.fit(examples, sha256="x", names=(), options=options, inner_k=2)
    res = AnswerResources.of(index)
    model = train.fit(
        examples, sha256="x", names=(), options=options, inner_k=2, reorder=Reordering(index, res)
    )
    assert model.passages is not None and model.passages.features == PASSAGE_FEATURES
    model.save(tmp_path / "m.json")
    back = load_model(tmp_path / "m.json")
    assert back.passages is not None and back.reordered_ranker is not None
    assert np.allclose(back.passages.coef, model.passages.coef, atol=1e-6)
    # the answer comes from the reordered passages, the confidence from the fused order
    for e in examples[:7]:
        choice, order = choose_reordered(index, res, back, e.evidence, e.fused, False)
        assert sorted(c.row for c in order) == sorted(c.row for c in e.fused)
        plain = choose(index, res, back, e.evidence, e.fused)
        assert choice.confidence == plain.confidence
        if choice.answer is not None:
            assert choice.answer.passage_id in {index.chunks[c.row].id for c in order[:5]}
    off = train.FitOptions(passage_ranker_c=0.0)
    plain = train.fit(examples, sha256="x", names=(), inner_k=2, options=off)
    assert plain.passages is None
    assert "passage_ranker" not in plain.to_json()


def test_cross_validation_answers_from_the_reordered_passages(index: LoadedIndex) -> None:
    examples = _examples(index, GOLDS)
    res = AnswerResources.of(index)
    options = train.FitOptions(passage_ranker_c=0.1)
    judged = train.cross_validate(index, res, examples, 2, options=options)
    for j, e in zip(judged, examples, strict=True):
        assert sorted(c.row for c in j.fused) == sorted(c.row for c in e.fused)
        answer = j.choice.answer
        if answer is not None:
            top = {index.chunks[c.row].id for c in j.fused[:5]}
            assert answer.passage_id in top


def test_the_answer_is_the_one_chosen_among_the_reordered_passages_whatever_the_order(
    index: LoadedIndex,
) -> None:
    """Whether the reordered top passages keep the fused order (the candidates are then reused)
    or not, the choice is the reordered sentence ranker's among them, with the fused judge's
    confidence."""
    from dataclasses import replace

    examples = _examples(index, GOLDS)
    res = AnswerResources.of(index)
    options = train.FitOptions(passage_ranker_c=0.1)
    model = train.fit(
        examples, sha256="x", names=(), options=options, inner_k=2, reorder=Reordering(index, res)
    )
    assert isinstance(model.ranker, Logistic) and model.passages is not None
    # a reordered sentence ranker unlike the fused one, so that mixing them up shows
    model = replace(model, reordered_ranker=replace(model.ranker, coef=-model.ranker.coef))
    reranked = replace(model, ranker=model.reordered_ranker)
    kept = 0
    for e in examples[:7]:
        for keep in (True, False):
            # a passage ranker keeping the fused order (weights 0: ties keep it), or the fitted one
            m = replace(model, passages=_ranker({})) if keep else model
            choice, order = choose_reordered(index, res, m, e.evidence, e.fused, False)
            same = [c.row for c in order[:5]] == [c.row for c in e.fused[:5]]
            kept += same
            full = choose(index, res, reranked, e.evidence, order)
            assert choice.answer == full.answer and choice.highlight == full.highlight
            assert choice.scores == full.scores and choice.candidates == full.candidates
            assert choice.confidence == choose(index, res, model, e.evidence, e.fused).confidence
    assert kept >= 7


@pytest.mark.parametrize("reading", ["keywords", "english"])
def test_a_question_typed_as_keywords_or_in_english_keeps_the_fused_order(
    index: LoadedIndex, reading: str
) -> None:
    from dataclasses import replace

    examples = _examples(index, GOLDS)
    res = AnswerResources.of(index)
    options = train.FitOptions(passage_ranker_c=0.1)
    model = train.fit(
        examples, sha256="x", names=(), options=options, inner_k=2, reorder=Reordering(index, res)
    )
    # a passage ranker that reverses the fused order, so that keeping it shows
    model = replace(model, passages=_ranker({"fused_rank": 1.0}))
    for e in examples[:5]:
        typed = replace(e.evidence, asked=replace(e.evidence.asked, **{reading: True}))
        choice, order = choose_reordered(index, res, model, typed, e.fused, False)
        assert [c.row for c in order] == [c.row for c in e.fused]
        assert choice == choose(index, res, model, typed, e.fused)
        moved = choose_reordered(index, res, model, e.evidence, e.fused, False)[1]
        assert [c.row for c in moved] != [c.row for c in e.fused]


def test_a_shared_candidate_reader_gives_the_candidates_of_each_order_read_anew(
    index: LoadedIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fused top passages read, then another order (reversed: the same passages in
    another order, or with a top of one passage another passage), with one
    ``CandidateReader``: each order's candidates equal those of a fresh reading, feature for
    feature, and each passage's sentences are read once."""
    from santeqa.qa import features
    from santeqa.qa.answer import passages

    res = AnswerResources.of(index)
    read: list[int] = []
    sentences = features.CandidateReader._sentences

    def counted(self: features.CandidateReader, p: features.Passage) -> object:
        read.append(p.row)
        return sentences(self, p)

    examples = _examples(index, GOLDS[:7])
    assert all(len(e.fused) == 2 for e in examples)  # the tiny report's two passages
    for e in examples:
        orders = (list(e.fused), list(e.fused)[::-1])
        for top in (1, 2):
            fresh = [
                features.candidates(e.evidence, passages(index, res, order, top))
                for order in orders
            ]
            with monkeypatch.context() as patch:
                patch.setattr(features.CandidateReader, "_sentences", counted)
                read.clear()
                reader = features.CandidateReader(e.evidence)
                shared = [reader.candidates(passages(index, res, order, top)) for order in orders]
            assert shared == fresh
            assert sorted(read) == sorted(c.row for c in e.fused)  # each passage read once
            if top == 2:  # the same sentences, but the order's own features (ranks) differ
                assert sorted(c.text for c in shared[0]) == sorted(c.text for c in shared[1])
                assert [c.rank for c in shared[0]] != [c.rank for c in shared[1]]
