"""Retrieval: dense (FAISS) and lexical (BM25) rankings fused by reciprocal rank.

The question is encoded once; that vector scores both passages and their sentences, and the
sentence scores are kept for the answer step (which makes no further model call).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from santeqa.index import LoadedIndex
from santeqa.qa.glossary import matcher_for
from santeqa.qa.question import looks_english
from santeqa.records import GlossaryEntry
from santeqa.text import Analyzer
from santeqa.tunables import Fusion


def expand_question(question: str, glossary: Sequence[GlossaryEntry]) -> str:
    """Add glossary knowledge: an acronym brings its expansion, an expansion its acronym."""
    return matcher_for(glossary).expand(question)


@dataclass(frozen=True)
class Question:
    """What the question is, as far as retrieval and answer choice care."""

    text: str
    expanded: str  # with glossary expansions: the text that is encoded and analysed
    terms: tuple[str, ...]
    english: bool  # its lexical ranking counts less in fusion


def analyse(question: str, glossary: Sequence[GlossaryEntry], analyzer: Analyzer) -> Question:
    expanded = expand_question(question, glossary)
    return Question(
        text=question,
        expanded=expanded,
        terms=tuple(analyzer.terms(expanded)),
        english=looks_english(question),
    )


@dataclass(frozen=True)
class Candidate:
    row: int  # chunk row in the index
    score: float  # fused
    dense: float | None
    lexical: float | None


@dataclass(frozen=True)
class RetrievalScores:
    """Everything the answer step needs, computed from one encoding of the question."""

    question: Question
    chunk_dense: npt.NDArray[np.float32]
    sentence_dense: npt.NDArray[np.float32]
    lexical: npt.NDArray[np.float32]


#: sentences are scored inside this many passages at most (the closest by passage vector, plus
#: the lexical top ones): enough to hold every passage of a report, so there nothing changes,
#: while on a large corpus a question no longer scores every sentence of it
SENTENCE_SCAN_PASSAGES = 256
LEXICAL_SCAN_PASSAGES = 32


def score(
    idx: LoadedIndex, question: Question, query_vector: npt.NDArray[np.float32]
) -> RetrievalScores:
    """Passage and sentence similarities and lexical scores for one question.

    A sentence outside the scanned passages gets -1 (the lowest cosine): it can neither lift
    its passage nor be chosen as an answer.
    """
    q = np.ascontiguousarray(query_vector.reshape(-1), dtype=np.float32)
    chunk_dense = (idx.chunk_vectors @ q).astype(np.float32, copy=False)
    lexical = idx.lexical.scores(question.terms)
    n_sentences = len(idx.sentence_vectors)
    if len(chunk_dense) <= SENTENCE_SCAN_PASSAGES:
        sentence_dense = (idx.sentence_vectors @ q).astype(np.float32, copy=False)
    else:
        scanned = np.union1d(
            np.argpartition(-chunk_dense, SENTENCE_SCAN_PASSAGES)[:SENTENCE_SCAN_PASSAGES],
            np.argpartition(-lexical, LEXICAL_SCAN_PASSAGES)[:LEXICAL_SCAN_PASSAGES],
        )
        offsets = idx.sentence_offsets
        rows = np.fromiter(
            (r for p in scanned for r in range(offsets[p], offsets[p + 1])), dtype=np.intp
        )
        sentence_dense = np.full(n_sentences, -1.0, dtype=np.float32)
        sentence_dense[rows] = idx.sentence_vectors[rows] @ q
    return RetrievalScores(
        question=question,
        chunk_dense=chunk_dense,
        sentence_dense=sentence_dense,
        lexical=lexical,
    )


def dense_passage_scores(idx: LoadedIndex, s: RetrievalScores) -> npt.NDArray[np.float32]:
    """A passage is as close as its text or its closest sentence."""
    if not len(s.sentence_dense):
        return s.chunk_dense
    starts, has = idx.sentence_bounds
    best_sentence = np.full(len(has), -1.0, dtype=np.float32)
    best_sentence[has] = np.maximum.reduceat(s.sentence_dense, starts)
    return np.maximum(s.chunk_dense, best_sentence).astype(np.float32)


def _top(values: npt.NDArray[np.float32], depth: int, positive_only: bool) -> list[int]:
    order = np.argsort(-values, kind="stable")[:depth]
    if positive_only:
        order = order[values[order] > 0]
    return order.tolist()  # type: ignore[no-any-return]


def fuse(
    idx: LoadedIndex,
    s: RetrievalScores,
    *,
    depth: int,
    rrf_k: int,
    limit: int | None = None,
    weights: Fusion = Fusion(),
) -> list[Candidate]:
    """Reciprocal rank fusion of each retriever's top ``depth`` passages."""
    dense = dense_passage_scores(idx, s)
    lexical_weight = (
        weights.english_lexical_weight if s.question.english else weights.lexical_weight
    )
    fused: dict[int, float] = {}
    for rank, row in enumerate(_top(dense, depth, positive_only=False)):
        fused[row] = fused.get(row, 0.0) + 1.0 / (rrf_k + rank + 1)  # dense weighs 1
    for rank, row in enumerate(_top(s.lexical, depth, positive_only=True)):
        fused[row] = fused.get(row, 0.0) + lexical_weight / (rrf_k + rank + 1)
    # Python floats once (the same values as float() of each numpy scalar, read ~60 times)
    dense_of, lexical_of = dense.tolist(), s.lexical.tolist()
    ranked = sorted(fused.items(), key=lambda kv: (-kv[1], -dense_of[kv[0]], kv[0]))
    if limit is not None:
        ranked = ranked[:limit]
    return [
        Candidate(
            row=row,
            score=round(value * (rrf_k + 1) / (1.0 + lexical_weight), 6),
            dense=round(dense_of[row], 6),
            lexical=round(lexical_of[row], 6) if lexical_of[row] > 0 else 0.0,
        )
        for row, value in ranked
    ]


def fuse_rankings(
    rankings: Sequence[Sequence[Candidate]],
    rrf_k: int,
    weights: Sequence[float] | None = None,
) -> list[Candidate]:
    """Several readings' rankings of the passages fused by reciprocal rank, each weighing 1
    (or its ``weights``). A passage keeps the similarities of the first reading that ranked
    it; its score is the fused one (the same scale as ``fuse``'s: 1 for a passage first in
    every ranking)."""
    weights = weights if weights is not None else [1.0] * len(rankings)
    fused: dict[int, float] = {}
    first: dict[int, Candidate] = {}
    for ranked, weight in zip(rankings, weights, strict=True):
        for rank, c in enumerate(ranked):
            fused[c.row] = fused.get(c.row, 0.0) + weight / (rrf_k + rank + 1)
            first.setdefault(c.row, c)
    scale = (rrf_k + 1) / max(sum(weights), 1e-9)
    rows = sorted(fused, key=lambda r: (-fused[r], r))
    return [replace(first[r], score=round(fused[r] * scale, 6)) for r in rows]


def dense_only(idx: LoadedIndex, s: RetrievalScores, limit: int) -> list[Candidate]:
    dense = dense_passage_scores(idx, s)
    return [
        Candidate(row=r, score=float(dense[r]), dense=float(dense[r]), lexical=None)
        for r in _top(dense, limit, positive_only=False)
    ]


def lexical_only(idx: LoadedIndex, s: RetrievalScores, limit: int) -> list[Candidate]:
    return [
        Candidate(row=r, score=float(s.lexical[r]), dense=None, lexical=float(s.lexical[r]))
        for r in _top(s.lexical, limit, positive_only=True)
    ]
