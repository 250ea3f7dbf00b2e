"""Fitting examples: each gold question retrieved once, with its candidate sentences and their
labels (by the matching rule of eval), its counterfactual and hurried variants, and its fused
passages' features for the passage ranker; and the folds by question that fitting and
cross-validation share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from santeqa.evaluate import Gold, contains
from santeqa.index import LoadedIndex
from santeqa.qa.answer import (
    AnswerResources,
    evidence,
    passages,
    read_question,
    terms_reader,
    unknown_mass,
)
from santeqa.qa.counterfactual import holding_rows, without_answer
from santeqa.qa.features import Candidate, Evidence
from santeqa.qa.features import candidates as make_candidates
from santeqa.qa.gloss import glossed
from santeqa.qa.perturb import training_variants
from santeqa.qa.question import looks_english
from santeqa.qa.rerank import passage_labels, passage_rows
from santeqa.qa.retrieve import Candidate as Retrieved
from santeqa.qa.retrieve import fuse, score
from santeqa.qa.spans import span_for
from santeqa.text import Analyzer
from santeqa.tunables import Fusion


@dataclass(frozen=True)
class Example:
    """One gold question, retrieved once: its evidence, candidates and their labels."""

    gold: Gold
    evidence: Evidence
    fused: tuple[Retrieved, ...]
    candidates: tuple[Candidate, ...]
    labels: tuple[int, ...]  # candidate's quoted span holds a gold phrase
    unknown: float  # share of question terms the report never uses
    terms_of: Callable[[Candidate], tuple[frozenset[str], frozenset[str]]]
    # the same question as if the report did not hold its answer (not answerable, no
    # candidate holding a gold phrase); None for an out-of-scope question, or when no
    # candidate would be left
    ablated: Example | None = None
    # the same question typed in a hurry (``qa.perturb.training_variants``), same gold
    variants: tuple[Example, ...] = ()
    # the fused passages' features for the passage ranker (``qa.rerank``), in fused order,
    # and whether each holds a gold phrase
    passage_rows: tuple[tuple[float, ...], ...] = ()
    passage_labels: tuple[int, ...] = ()


def make_example(
    idx: LoadedIndex,
    res: AnswerResources,
    gold: Gold,
    ev: Evidence,
    fused: Sequence[Retrieved],
    *,
    ablate: bool = True,
) -> Example:
    ps = passages(idx, res, fused)
    cands = make_candidates(ev, ps)
    labels = []
    for c in cands:
        chunk = idx.chunks[c.row]
        first, last = span_for(chunk, c.sentence, ev.asked.kind == "list")
        text = chunk.text[chunk.sentences[first].start : chunk.sentences[last].end]
        labels.append(int(gold.answerable and any(contains(text, p) for p in gold.phrases)))
    unknown = unknown_mass(ev.weights, idx.idf)
    ablated = None
    if gold.answerable and ablate:
        # every sentence holding a gold phrase (its alternatives too), wherever it stands,
        # and every candidate whose quoted span holds one (a lead-in whose items do)
        holding = {
            idx.sentence_rows(c.row).start + c.sentence
            for c, y in zip(cands, labels, strict=True)
            if y
        }
        absent = holding_rows(idx, gold.phrases) | holding
        reduced, left, terms_of = without_answer(idx, res, ev, fused, absent)
        if left:
            ablated = Example(
                replace(gold, answerable=False),
                reduced,
                tuple(fused),
                tuple(left),
                tuple(0 for _ in left),
                unknown,
                terms_of,
            )
    return Example(
        gold,
        ev,
        tuple(fused),
        tuple(cands),
        tuple(labels),
        unknown,
        terms_reader(idx, res),
        ablated,
        passage_rows=tuple(
            passage_rows(idx, res.passage_terms, ev, fused, looks_english(gold.question))
        ),
        passage_labels=tuple(passage_labels(idx, gold, fused)),
    )


def collect(
    idx: LoadedIndex,
    res: AnswerResources,
    golds: Sequence[Gold],
    encode: Callable[[Sequence[str]], npt.NDArray[np.float32] | Sequence[npt.NDArray[np.float32]]],
    *,
    depth: int,
    rrf_k: int,
    fusion: Fusion,
    variants: int = 0,
) -> list[Example]:
    """Retrieve every gold question once (one batch of encodings) and build its example,
    with up to ``variants`` hurried rewrites of it (``FitOptions.augment_variants``)."""
    analyzer = Analyzer()
    rewritten = [
        [replace(g, question=t) for t in training_variants(g.id, g.question, variants)]
        for g in golds
    ]
    asked = [*golds, *(v for vs in rewritten for v in vs)]
    bar = fusion.english_gloss_min_cosine
    read = [
        (what, glossed(idx, q, encode, bar, analyzer))
        for what, q in (read_question(idx, res, g.question, analyzer) for g in asked)
    ]
    vectors = encode([q.expanded for _a, q in read])
    made = []
    for n, (g, (what, q), vector) in enumerate(zip(asked, read, vectors, strict=True)):
        s = score(idx, q, vector)
        fused = fuse(idx, s, depth=depth, rrf_k=rrf_k, weights=fusion)
        ev = evidence(idx, what, q.text, q.terms, s, analyzer, res.places)
        made.append(make_example(idx, res, g, ev, fused, ablate=n < len(golds)))
    out, rest = made[: len(golds)], iter(made[len(golds) :])
    return [
        replace(e, variants=tuple(next(rest) for _v in vs))
        for e, vs in zip(out, rewritten, strict=True)
    ]


def with_variants(examples: Sequence[Example], k: int) -> list[Example]:
    """These examples and the first ``k`` hurried variants of each (never another's)."""
    return [x for e in examples for x in (e, *e.variants[:k])]


def question_folds(n: int, k: int, seed: int = 13) -> list[npt.NDArray[np.int_]]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]
