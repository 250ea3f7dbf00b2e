"""Fitting the answer model on gold questions, and measuring it cross-validated by question.

Used by ``santeqa train`` and ``santeqa eval --cv K``; scikit-learn is imported here only
(answering reads the fitted weights from JSON).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from santeqa.evaluate import Gold
from santeqa.index import LoadedIndex
from santeqa.qa.answer import AnswerResources, Choice, choose
from santeqa.qa.averaging import averaged, c_grid, resamples, weighted_standardisation
from santeqa.qa.examples import Example, collect, make_example, question_folds, with_variants
from santeqa.qa.features import CANDIDATE_FEATURES
from santeqa.qa.judging import FACTUAL_KINDS, QUESTION_FEATURES, question_features
from santeqa.qa.model import AnswerModel, Logistic, Trees
from santeqa.qa.passage_fit import Reordering, fit_passages, out_of_fold, reordered
from santeqa.qa.readings import reads_twice, with_other_reading
from santeqa.qa.rerank import reorders, with_reordered
from santeqa.qa.retrieve import Candidate as Retrieved
from santeqa.qa.retrieve import fuse_rankings
from santeqa.records import AskResult, Hit, IndexInfo

# re-exported: these lived here before ``qa.examples``
__all__ = ["Example", "FitOptions", "collect", "cross_validate", "fit", "make_example"]
_folds = question_folds


@dataclass(frozen=True)
class FitOptions:
    """How the answer model is fitted; written into the model file (``fitted_with``). Each
    choice was measured cross-validated (README « Quality »); `benchmarks/fit_answer.py`
    takes other values as flags to try them."""

    # the ranker: "pairs" (logistic on candidate differences), "logistic" (pointwise) or
    # "gbm" (gradient-boosted trees); the last two were measured and dropped
    ranker: str = "pairs"
    # the ranker's inverse regularisation. A stronger one (0.03) put the right sentence first
    # a little more often but withheld more follow-up answers (README « Quality »)
    ranker_c: float = 0.1
    judge_c: float = 0.5
    # the threshold is the highest that withholds at most this share of the answerable
    # training questions (out of fold), under the 0.05 aimed at: new questions are withheld
    # more often than the gold ones read out of fold (shorter, less like the report's
    # sentences; README « Abstention »). 0.04 until the round of stop 60, when fresh sets
    # written blind were withheld at 0.057-0.151 and the threshold read at 0.04 moved from
    # 0.25 to 0.41 with the encoder's last-digit floats; 0.02 reads it lower in the tail
    # (quality log, round of stop 60)
    max_false_abstain: float = 0.02
    # a neighbour sentence joins the quote when its log-odds are within this of the best's
    # (2.5: with two whole sentences allowed up to AnswerShape.max_joined_chars, the median
    # quote stays shorter than it was with 3 and 400 characters, see README)
    neighbour_margin: float = 2.5
    trees: int = 80  # for ranker "gbm"
    # the weight of a counterfactual row for the judge (an answerable question read as if the
    # report did not hold its answer, ``qa.counterfactual``) against a real out-of-scope one;
    # 0: the judge is fitted on real questions only. 0.25 withheld the most out-of-scope
    # questions (4 splits: 0.1, 0.35 and 0.5 within a question of it, 1.0 no gain; README)
    ablated_weight: float = 0.25
    # which answerable questions give a counterfactual row: "factual" (those asking for a
    # fact a sentence visibly holds: a count, an amount, a date, a name…, as the near-topic
    # out-of-scope questions do) or "all" (a definition or a list taken away from one
    # sentence is often still answered by another, and the rows then look answerable)
    ablated_kinds: str = "factual"
    # hurried variants of each training question (``qa.perturb``: no accents, apostrophes,
    # typos, keywords only…) fitted on too, with the question's gold answer and labels by
    # the matching rule; each is a ranker question like any other, and a judge row weighing
    # ``augment_weight`` against a real one. 0: real questions only
    augment_variants: int = 0
    augment_weight: float = 1.0
    # the passage ranker (``qa.rerank``: the fused passages reordered by a pairwise logistic
    # model, the answer chosen among the new top ones, the confidence still read on the fused
    # order), its inverse regularisation; 0: off. 0.1: 4 splits answer_hit +1.5 points,
    # abstention unchanged (0.03, 0.3 and 1 chose no better; README « Quality »)
    passage_ranker_c: float = 0.1
    # variance reduction (``qa.averaging``): the models named by ``averaged_models``
    # ("ranker": both sentence rankers; "judge"; "both") are each the average of ``bags`` fits
    # on bootstrap resamples of the questions (0: one fit on all of them), every fit repeated
    # at C / c_spread, C and C * c_spread when ``c_spread`` > 1 (1: at C only). The judge
    # averaged over C 0.17, 0.5 and 1.5: 12 splits answer_hit +0.2 point, false_abstain -0.2,
    # oos_abstain +1.0; bagging the judge (10 bags) or the ranker, or the ranker's C grid,
    # gained less or lost (README « Quality »)
    bags: int = 0
    c_spread: float = 3.0
    averaged_models: str = "judge"
    # the threshold is the median of those read out of fold on this many inner splits
    # (5 on the judge's C grid: 12 splits answer_hit +0.2 point, oos_abstain -0.2; not kept)
    threshold_splits: int = 1

    def describe(self) -> tuple[tuple[str, str | float], ...]:
        return tuple((k, v) for k, v in vars(self).items() if self.ranker == "gbm" or k != "trees")


def data_sha256(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: p.name):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _logistic(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.int_],
    names: Sequence[str],
    c: float,
    balanced: bool,
) -> Logistic:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    fit = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None).fit(
        (x - mean) / scale, y
    )
    return Logistic(
        tuple(names), mean, scale, fit.coef_[0].astype(np.float64), float(fit.intercept_[0])
    )


def fit_ranker(examples: Sequence[Example], options: FitOptions) -> Logistic | Trees:
    examples = with_variants(examples, options.augment_variants)
    if options.ranker == "pairs":
        return _averaged_pairwise(examples, options)
    rows = np.asarray([c.features for e in examples if e.gold.answerable for c in e.candidates])
    labels = np.asarray([y for e in examples if e.gold.answerable for y in e.labels])
    if options.ranker == "gbm":
        return _trees(rows, labels, CANDIDATE_FEATURES, options.trees)
    if options.ranker == "logistic":
        return _logistic(rows, labels, CANDIDATE_FEATURES, c=options.ranker_c, balanced=False)
    raise ValueError(f"unknown ranker {options.ranker!r}: pairs, logistic or gbm")


def _averages(options: FitOptions, model: str) -> bool:
    if options.averaged_models not in ("ranker", "judge", "both"):
        raise ValueError(f"unknown averaged_models {options.averaged_models!r}")
    return options.averaged_models in (model, "both") and (options.bags > 0 or options.c_spread > 1)


def _averaged_pairwise(examples: Sequence[Example], options: FitOptions) -> Logistic:
    """The pairwise ranker, or with averaging on (``FitOptions.bags``, ``c_spread``) the mean
    of pairwise rankers fitted on resamples of the questions and over a grid of C."""
    if not _averages(options, "ranker"):
        return _pairwise(examples, options.ranker_c)
    models = []
    for counts in resamples(len(examples), options.bags):
        drawn = [e for e, times in zip(examples, counts, strict=True) for _ in range(times)]
        models += [_pairwise(drawn, c) for c in c_grid(options.ranker_c, options.c_spread)]
    every = np.asarray([c.features for e in examples for c in e.candidates], dtype=np.float64)
    mean, scale = weighted_standardisation(every, np.ones(len(every)))
    return averaged(models, mean, scale, intercept=False)


def _pairwise(examples: Sequence[Example], c: float) -> Logistic:
    """A linear scorer fitted on differences (positive - negative candidate of the same
    question): it learns what makes one sentence a better answer than its rivals, whatever
    the question's overall level of similarity."""
    from sklearn.linear_model import LogisticRegression

    all_rows = np.asarray([c.features for e in examples for c in e.candidates], dtype=np.float64)
    mean = all_rows.mean(axis=0)
    scale = all_rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    diffs: list[npt.NDArray[np.float64]] = []
    rng = np.random.default_rng(3)
    for e in examples:
        if not e.gold.answerable:
            continue
        x = (np.asarray([c.features for c in e.candidates]) - mean) / scale
        y = np.asarray(e.labels)
        pos, neg = x[y == 1], x[y == 0]
        if not len(pos) or not len(neg):
            continue
        take = min(len(neg), 30)
        for p in pos:
            for n in neg[rng.choice(len(neg), take, replace=False)]:
                diffs.append(p - n)
    d = np.asarray(diffs)
    x2 = np.vstack([d, -d])
    y2 = np.concatenate([np.ones(len(d), dtype=int), np.zeros(len(d), dtype=int)])
    fit = LogisticRegression(C=c, max_iter=3000, fit_intercept=False).fit(x2, y2)
    return Logistic(CANDIDATE_FEATURES, mean, scale, fit.coef_[0].astype(np.float64), 0.0)


def _trees(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.int_], names: Sequence[str], n: int
) -> Trees:
    from sklearn.ensemble import GradientBoostingClassifier

    fit = GradientBoostingClassifier(
        n_estimators=n,
        max_depth=3,
        learning_rate=0.1,
        subsample=0.8,
        random_state=0,
    ).fit(x, y)
    return Trees.from_sklearn(fit, names)


def _judge_rows(examples: Sequence[Example], ranker: Logistic | Trees) -> list[tuple[float, ...]]:
    out = []
    for e in examples:
        probs = [float(p) for p in ranker.probabilities([c.features for c in e.candidates])]
        out.append(question_features(e.evidence, e.candidates, probs, e.unknown, e.terms_of))
    return out


def fit(
    examples: Sequence[Example],
    *,
    sha256: str,
    names: Sequence[str],
    inner_k: int = 5,
    options: FitOptions = FitOptions(),
    reorder: Reordering | None = None,
) -> AnswerModel:
    """Ranker on every candidate; judge on out-of-fold ranker scores (so that it learns how
    the ranker behaves on questions it has not seen), with the counterfactual rows of these
    examples when ``options.ablated_weight`` is set; threshold from the judge's own
    out-of-fold probabilities on the real questions only. With ``passage_ranker_c`` set, also
    the passage ranker and a sentence ranker fitted on passages it reordered out of fold
    (``qa.passage_fit``; ``reorder`` rebuilds the examples): the answer is chosen with these,
    the confidence stays the judge's on the fused order (``qa.rerank.choose_reordered``)."""
    passages = reordered_ranker = None
    if options.passage_ranker_c > 0:
        if reorder is None:
            raise ValueError("a passage ranker needs the examples' index to reorder them")
        passages = fit_passages(examples, options.passage_ranker_c)
        moved = out_of_fold(examples, reorder, options.passage_ranker_c, inner_k)
        fitted = fit_ranker(moved, options)
        if not isinstance(fitted, Logistic):
            raise ValueError("the passage ranker goes with a logistic sentence ranker")
        reordered_ranker = fitted
    ranker = fit_ranker(examples, options)
    rows = judge_rows(examples, inner_k, options)
    judge = _judge(rows, range(len(examples)), options)
    return AnswerModel(
        ranker=ranker,
        judge=judge,
        threshold=oof_threshold(rows, inner_k, options),
        neighbour_margin=options.neighbour_margin,
        data_sha256=sha256,
        trained_on=tuple(names),
        fitted_with=options.describe(),
        passages=passages,
        reordered_ranker=reordered_ranker,
    )


@dataclass(frozen=True)
class JudgeRows:
    """The judge's training rows: one per real question, and the counterfactual ones, each
    with the index of the question it was made from (``owner``)."""

    real: npt.NDArray[np.float64]
    answerable: npt.NDArray[np.int_]
    ablated: npt.NDArray[np.float64]
    owner: npt.NDArray[np.int_]
    # the hurried variants' rows, their labels (their question's) and question; none when
    # ``augment_variants`` is 0
    variant: npt.NDArray[np.float64] = field(
        default_factory=lambda: np.zeros((0, len(QUESTION_FEATURES)))
    )
    variant_answerable: npt.NDArray[np.int_] = field(default_factory=lambda: np.zeros(0, int))
    variant_owner: npt.NDArray[np.int_] = field(default_factory=lambda: np.zeros(0, int))


def judge_rows(examples: Sequence[Example], inner_k: int, options: FitOptions) -> JudgeRows:
    """Question features from out-of-fold ranker scores: a question's rows (its real one, its
    counterfactual one and its hurried variants') are scored by a ranker fitted without it
    and without its variants."""
    real: list[tuple[float, ...]] = [()] * len(examples)
    ablated: list[tuple[float, ...]] = []
    owner: list[int] = []
    variant: list[tuple[float, ...]] = []
    variant_owner: list[int] = []
    k = options.augment_variants if options.augment_weight > 0 else 0
    for test in _folds(len(examples), inner_k):
        held = set(int(i) for i in test)
        inner = fit_ranker([e for i, e in enumerate(examples) if i not in held], options)
        for i, row in zip(test, _judge_rows([examples[int(i)] for i in test], inner), strict=True):
            real[int(i)] = row
        if options.ablated_weight > 0:
            made = [(int(i), _ablated(examples[int(i)], options)) for i in test]
            kept = [(i, a) for i, a in made if a is not None]
            ablated += _judge_rows([a for _i, a in kept], inner)
            owner += [i for i, _a in kept]
        if k:
            hurried = [(int(i), v) for i in test for v in examples[int(i)].variants[:k]]
            variant += _judge_rows([v for _i, v in hurried], inner)
            variant_owner += [i for i, _v in hurried]
    width = len(QUESTION_FEATURES)
    answerable = np.asarray([int(e.gold.answerable) for e in examples])
    variant_owners = np.asarray(variant_owner, dtype=int)
    return JudgeRows(
        np.asarray(real, dtype=np.float64),
        answerable,
        np.asarray(ablated, dtype=np.float64).reshape(-1, width),
        np.asarray(owner, dtype=int),
        np.asarray(variant, dtype=np.float64).reshape(-1, width),
        answerable[variant_owners],
        variant_owners,
    )


def _ablated(example: Example, options: FitOptions) -> Example | None:
    """The counterfactual row of this example that ``options`` asks for, if any."""
    if options.ablated_kinds == "all":
        return example.ablated
    if options.ablated_kinds == "factual":
        return example.ablated if example.evidence.asked.kind in FACTUAL_KINDS else None
    raise ValueError(f"unknown ablated_kinds {options.ablated_kinds!r}: factual or all")


def oof_threshold(rows: JudgeRows, inner_k: int, options: FitOptions) -> float:
    """The threshold read on out-of-fold judge probabilities of the real questions (those of
    a judge fitted without the question's inner fold); with ``threshold_splits`` > 1, the
    median of the thresholds read on that many inner splits."""
    n = len(rows.real)
    thresholds = []
    for split in range(max(1, options.threshold_splits)):
        oof = np.zeros(n)
        for test in _folds(n, inner_k, seed=29 + split):
            j = _judge(rows, np.setdiff1d(np.arange(n), test), options)
            oof[test] = j.probabilities(rows.real[test].tolist())
        thresholds.append(_threshold(oof, rows.answerable, options.max_false_abstain))
    return float(np.median(thresholds))


def _judge(
    rows: JudgeRows, questions: Sequence[int] | npt.NDArray[np.int_], options: FitOptions
) -> Logistic:
    """The judge fitted on these questions' rows (``_judge_fit``), or with averaging on the
    mean of judges fitted on resamples of the questions and over a grid of C, written over
    the standardisation of all these questions' real rows."""
    chosen = np.asarray(questions, dtype=int)
    if not _averages(options, "judge"):
        return _judge_fit(rows, chosen, np.ones(len(chosen), dtype=int), options.judge_c, options)
    models = [
        _judge_fit(rows, chosen, counts, c, options)
        for counts in resamples(len(chosen), options.bags)
        for c in c_grid(options.judge_c, options.c_spread)
    ]
    mean, scale = weighted_standardisation(rows.real[chosen], np.ones(len(chosen)))
    return averaged(models, mean, scale)


def _judge_fit(
    rows: JudgeRows,
    chosen: npt.NDArray[np.int_],
    counts: npt.NDArray[np.int_],
    c: float,
    options: FitOptions,
) -> Logistic:
    """The judge fitted on the questions ``chosen``, each counted ``counts`` times (a bootstrap
    draw; all ones for a plain fit): their real rows, their counterfactual ones and their
    hurried variants' (never another question's), each class weighing as much as the other;
    a counterfactual row weighs ``ablated_weight`` and a variant's ``augment_weight`` against
    a real one inside its class. Standardised on the real rows, so that the options off fit
    exactly as before."""
    from sklearn.linear_model import LogisticRegression

    drawn, times = chosen[counts > 0], counts[counts > 0].astype(np.float64)
    per_question = np.zeros(len(rows.real))
    per_question[drawn] = times
    x, y, w = rows.real[drawn], rows.answerable[drawn], times
    mean, scale = weighted_standardisation(x, w)
    if options.ablated_weight > 0:
        kept = per_question[rows.owner] > 0
        x = np.vstack([x, rows.ablated[kept]])
        y = np.concatenate([y, np.zeros(int(kept.sum()), dtype=int)])
        w = np.concatenate([w, options.ablated_weight * per_question[rows.owner[kept]]])
    hurried = per_question[rows.variant_owner] > 0
    if options.augment_weight > 0 and hurried.any():
        x = np.vstack([x, rows.variant[hurried]])
        y = np.concatenate([y, rows.variant_answerable[hurried]])
        w = np.concatenate([w, options.augment_weight * per_question[rows.variant_owner[hurried]]])
    fit = LogisticRegression(C=c, max_iter=2000).fit(
        (x - mean) / scale, y, sample_weight=_balanced(w, y, int(times.sum()))
    )
    return Logistic(
        QUESTION_FEATURES, mean, scale, fit.coef_[0].astype(np.float64), float(fit.intercept_[0])
    )


def _balanced(
    weights: npt.NDArray[np.float64], labels: npt.NDArray[np.int_], total: int
) -> npt.NDArray[np.float64]:
    """Each class weighing ``total / 2`` in all: scikit-learn's ``class_weight="balanced"``
    when every weight is 1 and ``total`` is the number of rows, so that the regularisation
    weighs as much against the data with counterfactual rows as without."""
    out = weights.astype(np.float64)
    for label in np.unique(labels):
        out[labels == label] *= total / (2 * out[labels == label].sum())
    return out


def _threshold(
    probs: npt.NDArray[np.float64], answerable: npt.NDArray[np.int_], max_false_abstain: float
) -> float:
    """The highest threshold that withholds at most ``max_false_abstain`` of answerable ones."""
    pos = np.sort(probs[answerable == 1])
    if not len(pos):
        return 0.5
    allowed = int(np.floor(max_false_abstain * len(pos)))
    # withhold strictly below the (allowed+1)-th lowest answerable probability
    return float(pos[allowed]) - 1e-6


@dataclass(frozen=True)
class Judged:
    gold: Gold
    choice: Choice
    abstained: bool
    fused: tuple[Retrieved, ...] = ()  # the passages in the order the answer step read them


def cross_validate(
    idx: LoadedIndex,
    res: AnswerResources,
    examples: Sequence[Example],
    k: int,
    on_fold: Callable[[int], None] | None = None,
    seed: int = 7,
    options: FitOptions = FitOptions(),
    second: SecondReadings | None = None,
) -> list[Judged]:
    """Each question answered by a model fitted on the other folds (k-fold by question).

    ``second``: other readings of some questions (an English question put into French),
    answered by the same fold's model when the first is withheld, as ``Engine.ask`` does."""
    out: list[Judged | None] = [None] * len(examples)
    for n, test in enumerate(_folds(len(examples), k, seed=seed)):
        held = set(int(i) for i in test)
        rest = [e for i, e in enumerate(examples) if i not in held]
        reorder = Reordering(idx, res) if options.passage_ranker_c > 0 else None
        model = fit(rest, sha256="cv", names=(), options=options, reorder=reorder)
        for i in test:
            e = examples[int(i)]
            judged = _judged(idx, res, model, e, reorder)
            again = second.examples.get(int(i)) if second is not None else None
            if again is not None and second is not None:
                judged = _read_twice(idx, res, model, e, judged, again, reorder, second)
            out[int(i)] = judged
        if on_fold:
            on_fold(n)
    return [j for j in out if j is not None]


@dataclass(frozen=True)
class SecondReadings:
    """Second readings for cross-validation: by example index, the same question read
    otherwise (its gold kept), the confidence its answer needs, and how much its log-odds
    weigh when the first reading's candidates are scored by both (``qa.readings``)."""

    examples: dict[int, Example]
    bar: float
    rrf_k: int  # the passages both readings find are shown, fused as ``ask`` fuses them
    weight: float = 0.0


def _read_twice(
    idx: LoadedIndex,
    res: AnswerResources,
    model: AnswerModel,
    e: Example,
    judged: Judged,
    again: Example,
    reorder: Reordering | None,
    second: SecondReadings,
) -> Judged:
    """A question read as typed (``judged``) and otherwise (``again``), as ``Engine.ask``
    reads an English question: its candidates scored by both readings; when withheld, the
    other reading's answer, if it is likely enough."""
    other = _judged(idx, res, model, again, reorder)
    if judged.abstained:
        if not other.abstained and other.choice.confidence >= second.bar:
            return dataclasses.replace(other, gold=e.gold)
        return judged
    if not reads_twice(e.evidence.asked, followed=False):
        return judged
    both = with_other_reading(
        idx, res, model, e.evidence, judged.choice, other.choice, second.weight
    )
    shown = fuse_rankings([judged.fused or e.fused, other.fused or again.fused], second.rrf_k)
    return dataclasses.replace(judged, choice=both, fused=tuple(shown))


def _judged(
    idx: LoadedIndex,
    res: AnswerResources,
    model: AnswerModel,
    e: Example,
    reorder: Reordering | None,
) -> Judged:
    choice = choose(idx, res, model, e.evidence, e.fused)
    fused = list(e.fused)
    if reorder is not None and reorders(model, e.evidence):
        moved = reordered(model.passages, e, reorder)
        choice, fused = with_reordered(idx, res, model, e.evidence, choice.confidence, moved.fused)
    return Judged(e.gold, choice, choice.confidence < model.threshold, tuple(fused))


def cv_results(
    idx: LoadedIndex,
    res: AnswerResources,
    examples: Sequence[Example],
    folds: int,
    top_k: int,
    options: FitOptions = FitOptions(),
    second: SecondReadings | None = None,
) -> list[tuple[Gold, AskResult]]:
    """Cross-validated answers as ``AskResult``s, so that ``evaluate.judge`` scores them
    exactly as it scores live answers (passages: the fused top k, the answer's first)."""
    info = IndexInfo(idx.generation, len(idx.chunks), len(idx.documents), idx.model, idx.built_at)
    out = []
    judged_all = cross_validate(idx, res, examples, folds, options=options, second=second)
    for judged, e in zip(judged_all, examples, strict=True):
        answer = judged.choice.answer
        rows = list(judged.fused or e.fused)
        if answer is not None:
            rows.sort(key=lambda c: idx.chunks[c.row].id != answer.passage_id)
        hits = tuple(
            Hit(
                idx.chunks[c.row],
                c.score,
                c.dense,
                c.lexical,
                tuple(idx.footnotes_of(idx.chunks[c.row])),
            )
            for c in rows[:top_k]
        )
        result = AskResult(
            question=e.gold.question,
            answer=None if judged.abstained else answer,
            abstained=judged.abstained,
            message="",
            hits=hits,
            index=info,
            took_ms=0.0,
            confidence=judged.choice.confidence,
        )
        out.append((e.gold, result))
    return out
