"""A fitted passage ranking: the fused passages reordered by a small pairwise logistic model.

Reciprocal rank fusion weighs the dense and the lexical rankings by hand; this reads more of
what retrieval already computed for each of the top fused passages — its dense similarity (as
text and by its best sentence), its BM25, the ranks, how much of the question's salient
(IDF-weighted) terms the passage and its section title hold, its kind — and orders them by a
linear score fitted on pairs (a passage holding a gold phrase minus one that does not, of the
same question). No model call: every number is read from the one encoding of the question.

The answer is chosen among the reordered passages, by a sentence ranker fitted on such orders
(``qa.passage_fit``), while the judge's confidence is read on the fused order: with the judge
on the reordered passages too, it withheld fewer out-of-scope questions (README « Quality »).
``FitOptions.passage_ranker_c`` 0 fits no passage ranker: the fused order is used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from santeqa.evaluate import Gold, contains
from santeqa.index import LoadedIndex
from santeqa.qa.answer import (
    PASSAGES,
    AnswerResources,
    Choice,
    choose,
    quote_best,
    ranker_probabilities,
    scored,
)
from santeqa.qa.features import CandidateReader, Coverage, Evidence
from santeqa.qa.model import AnswerModel, Logistic
from santeqa.qa.retrieve import Candidate as Retrieved
from santeqa.text import shared_analyzer

PASSAGE_FEATURES = (
    "dense",  # the passage's dense score: its text or its closest sentence
    "text_dense",  # its text vector alone
    "dense_gap",  # to the best dense score of the pool
    "dense_rank",  # log(1 + rank by dense inside the pool)
    "bm25",  # BM25 over the best BM25 of the pool (0 when none)
    "bm25_rank",  # log(1 + rank by BM25 inside the pool; the pool's size when 0)
    "fused_rank",  # log(1 + rank in the fused list)
    "coverage",  # IDF-weighted share of the salient terms the passage holds
    "best_sentence_coverage",  # the same for its best-covering sentence
    "title_coverage",  # the same for its section title
    "names",  # share of the question's names the passage holds
    "note",
    "glossary",
    "english_bm25",  # bm25 for an English question (its lexical side is mostly noise)
    "english_coverage",
)


def passage_rows(
    idx: LoadedIndex,
    passage_terms: Sequence[frozenset[str]],
    ev: Evidence,
    fused: Sequence[Retrieved],
    english: bool,
) -> list[tuple[float, ...]]:
    """One feature row per fused passage (``PASSAGE_FEATURES``)."""
    rows = [c.row for c in fused]
    dense = np.asarray([float(c.dense or 0.0) for c in fused])
    bm25 = np.asarray([float(ev.lexical[r]) for r in rows])
    dense_rank = _ranks(dense)
    bm25_rank = np.where(bm25 > 0, _ranks(bm25), len(rows))
    top_dense = float(dense.max()) if len(dense) else 0.0
    top_bm25 = float(bm25.max()) if len(bm25) and bm25.max() > 0 else 1.0
    names = ev.names
    weighed = Coverage(ev.weights)  # the weights' total summed once, not for each term set
    out: list[tuple[float, ...]] = []
    for n, row in enumerate(rows):
        chunk = idx.chunks[row]
        terms = passage_terms[row]
        cover = weighed.of(terms)
        sentences = idx.sentence_terms[idx.sentence_offsets[row] : idx.sentence_offsets[row + 1]]
        lexical = float(bm25[n]) / top_bm25
        out.append(
            (
                float(dense[n]),
                float(ev.chunk_dense[row]),
                float(dense[n]) - top_dense,
                math.log1p(float(dense_rank[n])),
                lexical,
                math.log1p(float(bm25_rank[n])),
                math.log1p(n),
                cover,
                max((weighed.of(t) for t in sentences), default=0.0),
                weighed.of(_title_terms(chunk.section_title)),
                sum(t in terms for t in names) / len(names) if names else 0.0,
                float(chunk.kind == "note"),
                float(chunk.kind == "glossary"),
                lexical if english else 0.0,
                cover if english else 0.0,
            )
        )
    return out


def _ranks(values: npt.NDArray[np.float64]) -> npt.NDArray[np.int_]:
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=int)
    ranks[order] = np.arange(len(values))
    return ranks


@lru_cache(maxsize=1024)
def _title_terms(title: str) -> frozenset[str]:
    return frozenset(shared_analyzer().terms(title))


def ranked_order(ranker: Logistic, rows: Sequence[tuple[float, ...]]) -> list[int]:
    """Indices of ``rows`` by descending fitted score (ties keep their order)."""
    if len(rows) < 2:
        return list(range(len(rows)))
    z = ((np.asarray(rows, dtype=np.float64) - ranker.mean) / ranker.scale) @ ranker.coef
    return sorted(range(len(rows)), key=lambda i: (-float(z[i]), i))


def rerank(
    ranker: Logistic | None,
    rows: Sequence[tuple[float, ...]],
    fused: Sequence[Retrieved],
) -> list[Retrieved]:
    """``fused`` ordered by the fitted score; unchanged without a ranker. Each passage keeps
    its fused score, so the scores shown no longer descend."""
    if ranker is None:
        return list(fused)
    return [fused[i] for i in ranked_order(ranker, rows)]


def reordered_passages(
    ranker: Logistic | None,
    idx: LoadedIndex,
    passage_terms: Sequence[frozenset[str]],
    ev: Evidence,
    fused: Sequence[Retrieved],
    english: bool,
) -> list[Retrieved]:
    """What the answer step reads: the fused passages in the fitted order when the answer
    model has a passage ranker (``AnswerModel.passages``), else as fused."""
    if ranker is None:
        return list(fused)
    return rerank(ranker, passage_rows(idx, passage_terms, ev, fused, english), fused)


def choose_reordered(
    idx: LoadedIndex,
    res: AnswerResources,
    model: AnswerModel,
    ev: Evidence,
    fused: Sequence[Retrieved],
    english: bool,
) -> tuple[Choice, list[Retrieved]]:
    """The answer step with the passage ranker when the model has one and the question is a
    French sentence (else ``choose`` on the fused order, see ``reorders``): the passages in
    the fitted order and the answer chosen among them."""
    if not reorders(model, ev) or model.reordered_ranker is None:  # (the second for mypy)
        return choose(idx, res, model, ev, fused), list(fused)
    # the two orders share most of their top passages: each passage's sentences read once
    reader = CandidateReader(ev)
    cands, _probs, confidence = scored(idx, res, model, ev, fused, reader)  # the judge's
    order = reordered_passages(model.passages, idx, res.passage_terms, ev, fused, english)
    if [r.row for r in order[:PASSAGES]] == [r.row for r in fused[:PASSAGES]]:
        # the same top passages in the same order: the same candidates, scored again by the
        # sentence ranker fitted on reordered passages
        reranked = replace(model, ranker=model.reordered_ranker)
        probs = ranker_probabilities(reranked, cands)
        choice = quote_best(idx, ev, reranked, cands, probs, confidence, res)
        return choice, list(order)
    return with_reordered(idx, res, model, ev, confidence, order, reader)


def reorders(model: AnswerModel, ev: Evidence) -> bool:
    """Whether the answer is chosen among reordered passages: the model has a passage ranker,
    and the question is a French sentence. Keyword-only and English questions keep the fused
    order: the ranker's coverage, title and BM25 features favour the passages that repeat the
    question's words, which keywords over-weigh and an English question barely shares with a
    French text; both lost answers with it (``benchmarks/messy.py``, ``fit_answer.py``, README
    « Quality »)."""
    if model.passages is None or model.reordered_ranker is None:
        return False
    return not (ev.asked.keywords or ev.asked.english)


def with_reordered(
    idx: LoadedIndex,
    res: AnswerResources,
    model: AnswerModel,
    ev: Evidence,
    confidence: float,
    order: Sequence[Retrieved],
    reader: CandidateReader | None = None,
) -> tuple[Choice, list[Retrieved]]:
    """The answer chosen from the reordered passages by the sentence ranker fitted on such
    orders, with ``confidence`` (the judge's on the fused order): with the judge on the
    reordered passages, near-topic questions looked answerable more often (README).
    ``reader``: the one that read the fused order for the judge (its sentences reused)."""
    reranked = replace(model, ranker=model.reordered_ranker or model.ranker)
    return choose(idx, res, reranked, ev, order, confidence, reader), list(order)


def passage_labels(idx: LoadedIndex, gold: Gold, fused: Sequence[Retrieved]) -> list[int]:
    """A passage is right when its text holds a gold phrase (the matching rule of eval)."""
    return [
        int(gold.answerable and any(contains(idx.chunks[c.row].text, p) for p in gold.phrases))
        for c in fused
    ]


def fit_passage_ranker(
    questions: Sequence[tuple[Sequence[tuple[float, ...]], Sequence[int]]], c: float
) -> Logistic:
    """Pairwise logistic regression (no intercept) over standardised passage features: every
    right passage against every wrong one of the same question."""
    from sklearn.linear_model import LogisticRegression

    every = np.asarray([r for rows, _y in questions for r in rows], dtype=np.float64)
    mean = every.mean(axis=0)
    scale = every.std(axis=0)
    scale[scale < 1e-9] = 1.0
    diffs = []
    for rows, labels in questions:
        x = (np.asarray(rows, dtype=np.float64) - mean) / scale
        y = np.asarray(labels)
        for p in x[y == 1]:
            diffs.extend(p - x[y == 0])
    d = np.asarray(diffs).reshape(-1, len(PASSAGE_FEATURES))
    x2 = np.vstack([d, -d])
    y2 = np.concatenate([np.ones(len(d), dtype=int), np.zeros(len(d), dtype=int)])
    fit = LogisticRegression(C=c, max_iter=3000, fit_intercept=False).fit(x2, y2)
    return Logistic(PASSAGE_FEATURES, mean, scale, fit.coef_[0].astype(np.float64), 0.0)
