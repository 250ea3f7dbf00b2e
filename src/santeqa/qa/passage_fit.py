"""Fitting the passage ranker (``qa.rerank``) and giving the answer step the passage orders
it will see: strictly out of fold.

When the passage ranker is on (``FitOptions.passage_ranker_c`` > 0), the answer model must be
fitted on candidates drawn from reordered passages, yet a question's passages reordered by a
ranker fitted on that question would look better than they will on a new one. So each
training question is reordered by a passage ranker fitted without its inner fold, the answer
model is fitted on those, and the passage ranker fitted on every training question is the one
kept; in cross-validation all of this happens inside the outer training folds only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from santeqa.index import LoadedIndex
from santeqa.qa.answer import AnswerResources
from santeqa.qa.examples import Example, make_example, question_folds
from santeqa.qa.model import Logistic
from santeqa.qa.rerank import fit_passage_ranker, ranked_order
from santeqa.tunables import AnswerShape


class Reordering:
    """Rebuilds an example with its fused passages in another order: its candidate sentences
    are those of the new top passages, and their rank features follow the new order. Cached
    by the top passages (what the candidates depend on), since fold after fold reorders the
    same question the same way."""

    def __init__(self, idx: LoadedIndex, res: AnswerResources) -> None:
        self.idx = idx
        self.res = res
        self._made: dict[tuple[str, str, tuple[int, ...]], Example] = {}

    def __call__(self, e: Example, order: Sequence[int]) -> Example:
        if list(order) == list(range(len(e.fused))):
            return e
        fused = tuple(e.fused[i] for i in order)
        key = (e.gold.id, e.gold.question, tuple(c.row for c in fused[: AnswerShape.passages]))
        made = self._made.get(key)
        if made is None:
            made = make_example(self.idx, self.res, e.gold, e.evidence, fused)
            self._made[key] = made
        return replace(
            made,
            fused=fused,
            variants=e.variants,
            # the passage features stay those read on the fused order (its ranks)
            passage_rows=tuple(e.passage_rows[i] for i in order),
            passage_labels=tuple(e.passage_labels[i] for i in order),
        )


def fit_passages(examples: Sequence[Example], c: float) -> Logistic:
    """The passage ranker fitted on the answerable questions with a right fused passage."""
    return fit_passage_ranker(
        [(e.passage_rows, e.passage_labels) for e in examples if any(e.passage_labels)], c
    )


def reordered(ranker: Logistic | None, e: Example, reorder: Reordering) -> Example:
    """``e`` with its passages in the ranker's order (unchanged without a ranker)."""
    if ranker is None:
        return e
    return reorder(e, ranked_order(ranker, e.passage_rows))


def out_of_fold(
    examples: Sequence[Example], reorder: Reordering, c: float, k: int
) -> list[Example]:
    """Each example reordered by a passage ranker fitted on the other inner folds."""
    out = list(examples)
    for test in question_folds(len(examples), k, seed=31):
        held = set(int(i) for i in test)
        ranker = fit_passages([e for i, e in enumerate(examples) if i not in held], c)
        for i in held:
            out[i] = reordered(ranker, examples[i], reorder)
    return out
