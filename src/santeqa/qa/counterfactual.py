"""Counterfactual training rows for the judge: an answerable question read as if the report
did not hold its answer.

Most questions the report does not answer are near-topic: the report names the company, the
plan or the agency, but not the count, date or person asked for. Few such questions exist to
fit on, but every answerable one becomes one when the sentences holding its answer are taken
away: the topic is still there, the fact is not. Those sentences stop being candidates, and
everything the judge reads of the report around them (the closest sentence of the report, the
terms near the best candidate and in its passage) is read without them. Only training uses
this (``qa.train``); answering never does.

What is not taken away: the passages retrieved (their order, BM25 and passage vectors were
computed on the whole text) and the share of question terms the report never uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from santeqa.evaluate import contains
from santeqa.index import LoadedIndex, sentence_texts
from santeqa.qa.answer import AnswerResources, passages, terms_reader
from santeqa.qa.features import Candidate, Evidence, Passage, candidates
from santeqa.qa.retrieve import Candidate as Retrieved

#: the similarity an absent sentence gets: below any real one (vectors are normalised)
ABSENT_SIMILARITY = -1.0

TermsOf = Callable[[Candidate], tuple[frozenset[str], frozenset[str]]]


def holding_rows(idx: LoadedIndex, phrases: Sequence[str]) -> frozenset[int]:
    """Sentence rows of the whole report whose text holds one of the phrases (by the
    matching rule of ``evaluate.contains``)."""
    rows: set[int] = set()
    for chunk_row, chunk in enumerate(idx.chunks):
        first = idx.sentence_rows(chunk_row).start
        for j, text in enumerate(sentence_texts(chunk)):
            if any(contains(text, p) for p in phrases):
                rows.add(first + j)
    return frozenset(rows)


def without_answer(
    idx: LoadedIndex,
    res: AnswerResources,
    ev: Evidence,
    fused: Sequence[Retrieved],
    absent: frozenset[int],
) -> tuple[Evidence, list[Candidate], TermsOf]:
    """The evidence, candidates and terms reader of the question as if the sentence rows
    ``absent`` were not in the report."""
    dense, query_dense = ev.sentence_dense.copy(), ev.sentence_query_dense.copy()
    dense[sorted(absent)] = query_dense[sorted(absent)] = ABSENT_SIMILARITY
    reduced = replace(ev, sentence_dense=dense, sentence_query_dense=query_dense)
    kept = [_without(p, absent) for p in passages(idx, res, fused)]
    return reduced, candidates(reduced, kept, absent), terms_reader(idx, res, absent)


def _without(p: Passage, absent: frozenset[int]) -> Passage:
    """The passage with the absent sentences' terms gone (a term another sentence of it
    uses stays)."""
    rows = range(p.first_sentence_row, p.first_sentence_row + len(p.sentence_terms))
    if not any(r in absent for r in rows):
        return p
    pairs = list(zip(rows, p.sentence_terms, strict=True))
    kept = [t if r not in absent else frozenset() for r, t in pairs]
    lost = frozenset().union(*(t for r, t in pairs if r in absent))
    return replace(p, sentence_terms=kept, terms=p.terms - (lost - frozenset().union(*kept)))
