"""Averaged logistic models (bagging over questions, a grid of C): one weight vector whose
log-odds are the mean of the fits', on tiny literal data."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from santeqa.qa import train
from santeqa.qa.averaging import averaged, c_grid, resamples, weighted_standardisation
from santeqa.qa.judging import QUESTION_FEATURES
from santeqa.qa.model import Logistic

NAMES = ("a", "b")


def _model(mean: list[float], scale: list[float], coef: list[float], b: float) -> Logistic:
    return Logistic(NAMES, np.asarray(mean), np.asarray(scale), np.asarray(coef), b)


def _log_odds(m: Logistic, rows: list[list[float]]) -> np.ndarray:
    p = m.probabilities(rows)
    return np.asarray(np.log(p / (1 - p)))


ROWS = [[0.0, 0.0], [1.0, -2.0], [3.5, 4.0], [-1.0, 0.25]]


def test_the_average_of_two_models_is_the_mean_of_their_log_odds() -> None:
    one = _model([1.0, 2.0], [2.0, 0.5], [0.8, -1.2], 0.3)
    two = _model([0.0, -1.0], [1.0, 4.0], [-0.2, 2.0], -1.0)
    mean = _log_odds(one, ROWS) / 2 + _log_odds(two, ROWS) / 2
    both = averaged([one, two], np.asarray([0.5, 0.5]), np.asarray([3.0, 1.0]))
    assert np.allclose(_log_odds(both, ROWS), mean)
    # written over the standardisation it was given, as a stored model is
    assert list(both.mean) == [0.5, 0.5] and list(both.scale) == [3.0, 1.0]


def test_one_model_averaged_alone_scores_as_before_whatever_its_standardisation() -> None:
    one = _model([1.0, 2.0], [2.0, 0.5], [0.8, -1.2], 0.3)
    again = averaged([one], np.asarray([-4.0, 7.0]), np.asarray([0.1, 9.0]))
    assert np.allclose(again.probabilities(ROWS), one.probabilities(ROWS))


def test_a_pairwise_average_keeps_no_constant() -> None:
    one = _model([1.0, 2.0], [2.0, 0.5], [0.8, -1.2], 0.0)
    two = _model([0.0, -1.0], [1.0, 4.0], [-0.2, 2.0], 0.0)
    both = averaged([one, two], np.asarray([0.5, 0.5]), np.asarray([1.0, 1.0]), intercept=False)
    assert both.intercept == 0.0
    # the differences between candidates, which are all a ranker reads, are the mean's
    diff = np.diff(_log_odds(one, ROWS) + _log_odds(two, ROWS)) / 2
    assert np.allclose(np.diff(_log_odds(both, ROWS)), diff)


def test_nothing_to_average_is_an_error() -> None:
    with pytest.raises(ValueError):
        averaged([], np.zeros(2), np.ones(2))


def test_resamples_draw_every_question_count_and_repeat_on_a_refit() -> None:
    assert [list(c) for c in resamples(4, 0)] == [[1, 1, 1, 1]]
    draws = resamples(30, 3)
    assert len(draws) == 3 and all(int(c.sum()) == 30 for c in draws)
    assert all((c == 0).any() and (c > 1).any() for c in draws)  # a bootstrap, not a shuffle
    assert all(np.array_equal(a, b) for a, b in zip(draws, resamples(30, 3), strict=True))
    assert not np.array_equal(draws[0], draws[1])


def test_c_grid() -> None:
    assert c_grid(0.5, 1.0) == (0.5,)
    assert c_grid(0.5, 2.0) == (0.25, 0.5, 1.0)


def test_weighted_standardisation_counts_a_row_twice_as_two_rows() -> None:
    x = np.asarray([[1.0, 5.0], [3.0, 5.0], [7.0, 5.0]])
    mean, scale = weighted_standardisation(x, np.asarray([2.0, 1.0, 1.0]))
    twice = np.vstack([x[:1], x])
    assert np.allclose(mean, twice.mean(axis=0))
    assert np.allclose(scale, [twice[:, 0].std(), 1.0])  # a constant feature: scale 1


def _rows(n_real: int, owners: list[int]) -> train.JudgeRows:
    rng = np.random.default_rng(1)
    return train.JudgeRows(
        real=rng.normal(size=(n_real, len(QUESTION_FEATURES))),
        answerable=np.asarray([i % 3 != 0 for i in range(n_real)], dtype=int),
        ablated=rng.normal(size=(len(owners), len(QUESTION_FEATURES))) + 1.0,
        owner=np.asarray(owners, dtype=int),
    )


def test_a_question_drawn_twice_weighs_as_two_copies_with_its_counterfactual_row() -> None:
    rows = _rows(9, [1, 2, 4])
    options = train.FitOptions(ablated_weight=0.5)
    chosen = np.arange(9)
    counts = np.asarray([1, 2, 0, 1, 1, 1, 0, 2, 1])  # 1 and 7 twice, 2 and 6 left out
    drawn = train._judge_fit(rows, chosen, counts, 0.5, options)
    # the same questions written out: 1 and 7 repeated (question 1's counterfactual row too),
    # 2 (and its counterfactual row) and 6 gone
    keep = [0, 1, 1, 3, 4, 5, 7, 7, 8]
    copies = train.JudgeRows(
        real=rows.real[keep],
        answerable=rows.answerable[keep],
        ablated=rows.ablated[[0, 0, 2]],
        owner=np.asarray([1, 2, 5]),  # positions of question 1 (twice) and 4 among ``keep``
    )
    written = train._judge_fit(copies, np.arange(9), np.ones(9, dtype=int), 0.5, options)
    assert np.allclose(drawn.probabilities(rows.real), written.probabilities(rows.real), atol=1e-5)


def test_averaging_off_fits_the_judge_as_before_and_on_differs() -> None:
    rows = _rows(15, [1, 2, 4])
    off = train.FitOptions(c_spread=1.0)
    plain = train._judge(rows, range(15), off)
    ones = train._judge_fit(rows, np.arange(15), np.ones(15, dtype=int), 0.5, off)
    assert np.allclose(plain.coef, ones.coef) and plain.intercept == ones.intercept
    # averaging the ranker only leaves the judge alone
    ranker_only = train.FitOptions(bags=4, c_spread=3.0, averaged_models="ranker")
    assert np.allclose(train._judge(rows, range(15), ranker_only).coef, plain.coef)
    bagged = train._judge(rows, range(15), replace(off, bags=4))
    assert not np.allclose(bagged.coef, plain.coef)
    assert np.allclose(bagged.mean, rows.real.mean(axis=0))  # over every question's real row


def test_the_default_judge_is_the_mean_of_three_regularisations() -> None:
    rows = _rows(15, [1, 2, 4])
    default = train.FitOptions()
    assert c_grid(default.judge_c, default.c_spread) == pytest.approx((0.5 / 3, 0.5, 1.5))
    judge = train._judge(rows, range(15), default)
    every = [
        train._judge_fit(rows, np.arange(15), np.ones(15, dtype=int), c, default)
        for c in (0.5 / 3, 0.5, 1.5)
    ]
    mean_log_odds = np.mean([_log_odds(m, rows.real.tolist()) for m in every], axis=0)
    assert np.allclose(_log_odds(judge, rows.real.tolist()), mean_log_odds)
    # and the rankers are fitted once, at their own C
    assert default.bags == 0 and default.averaged_models == "judge"


def _question(value: float, answerable: bool = True) -> Any:
    candidate = SimpleNamespace(features=(value, 2 * value))
    return SimpleNamespace(gold=SimpleNamespace(answerable=answerable), candidates=[candidate])


def test_the_ranker_is_averaged_over_resampled_questions_and_the_c_grid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    questions = [_question(float(i)) for i in range(6)]
    fits: list[tuple[list[int], float]] = []

    def pairwise(drawn: list[Any], c: float) -> Logistic:
        fits.append(([questions.index(e) for e in drawn], c))
        return _model([0.0, 0.0], [1.0, 1.0], [float(len(fits)), 0.0], 0.0)

    monkeypatch.setattr(train, "_pairwise", pairwise)
    options = train.FitOptions(bags=2, c_spread=3.0, averaged_models="ranker", ranker_c=0.3)
    ranker = train._averaged_pairwise(questions, options)  # type: ignore[arg-type]
    assert [c for _d, c in fits] == pytest.approx([0.1, 0.3, 0.9] * 2)
    for drawn, _c in fits:
        assert len(drawn) == 6 and len(set(drawn)) < 6  # drawn with replacement
    # the mean of the six fits' weights (1 … 6 on the first feature, unit scale) written over
    # the standardisation of every question's candidates
    every = np.asarray([[float(i), 2.0 * i] for i in range(6)])
    assert np.allclose(ranker.mean, every.mean(axis=0))
    assert ranker.coef[0] == pytest.approx(3.5 * every[:, 0].std())
    assert ranker.intercept == 0.0
    # averaging the judge only: one plain fit
    fits.clear()
    judge_only = replace(options, averaged_models="judge")
    train._averaged_pairwise(questions, judge_only)  # type: ignore[arg-type]
    assert fits == [(list(range(6)), 0.3)]


def test_an_unknown_choice_of_models_to_average_is_an_error() -> None:
    with pytest.raises(ValueError):
        train._judge(_rows(6, []), range(6), train.FitOptions(bags=2, averaged_models="all"))
