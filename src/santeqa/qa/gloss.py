"""English question words glossed by the report's own French words, through the embedding model.

An English question shares almost no word with the French report, so its lexical ranking and
the answer step's coverage features read little but names. The multilingual encoder, though,
places an English word near its French counterpart: "reimbursed" nearest « remboursée »,
"innovators" « innovateurs », "physicians" « médecins », "risky" « risque ». So every word of
the report is embedded once, at index time (``index.build``), and an English question's
content words that the report never writes are each embedded at question time; a word whose
nearest report word is at least ``Fusion.english_gloss_min_cosine`` close adds that word's
terms to the question's lexical terms (its encoded text is left as typed). Below the bar the
neighbour is mostly noise ("booths" comes out nearest « protocoles »): the word adds nothing.

French questions are not glossed: glossing their words the report never writes gained
nothing on the own sets (−9 at 0.87, ±0 at 0.92; quality log, round of stop 60).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from santeqa.embed import Vectors
from santeqa.index import LoadedIndex
from santeqa.index.texts import MIN_WORD_CHARS  # the report's words embedded are as long
from santeqa.qa.followup import CONTEXT_MARK
from santeqa.qa.retrieve import Question
from santeqa.text import Analyzer, fold

# English function words of four letters or more: grammar, never glossed
_FUNCTION = frozenset(
    (
        "what which whom whose when where does were have been being with from into about "
        "their they them there than then this these those that also only such some other "
        "more most much many very just each both between under over after before during "
        "through would could should will shall might must according said report whether"
    ).split()
)
_WORD = re.compile(r"[a-z][a-z'-]+")


def words_to_gloss(question: str, known: frozenset[str]) -> list[str]:
    """The content words of an English question that the report never writes (``known``:
    the report's words, folded), each once, in order."""
    out: list[str] = []
    for w in _WORD.findall(question.lower().replace("’", "'")):
        w = w.split("'")[0]  # "AI's" -> "ai"
        content = len(w) >= MIN_WORD_CHARS and w not in _FUNCTION
        if content and fold(w) not in known and w not in out:
            out.append(w)
    return out


def nearest(
    vectors: Vectors, report: Sequence[str], report_vectors: Vectors, min_cosine: float
) -> list[str]:
    """For each row of ``vectors`` (a word's, a unit vector), the nearest of the ``report``
    words (rows of ``report_vectors``) when its cosine reaches ``min_cosine``; none otherwise."""
    if not len(vectors) or not len(report):
        return []
    sims = vectors @ report_vectors.T
    best = sims.argmax(axis=1)
    return [report[j] for i, j in enumerate(best) if sims[i, j] >= min_cosine]


def to_gloss(idx: LoadedIndex, q: Question) -> list[str]:
    """The words of ``q`` to gloss: none unless it is English and the index has word vectors.
    A follow-up's context (after ``CONTEXT_MARK``) is the earlier turn's words: not glossed."""
    if not q.english or idx.word_vectors is None:
        return []
    return words_to_gloss(q.text.partition(CONTEXT_MARK)[0], idx.known_words)


def glossed(
    idx: LoadedIndex,
    q: Question,
    encode: Callable[[Sequence[str]], Vectors | Sequence[Vectors]],
    min_cosine: float,
    analyzer: Analyzer,
) -> Question:
    """``q`` with the terms of the report words nearest its words to gloss (``to_gloss``),
    these words encoded by ``encode``; ``q`` itself when none is near enough."""
    words = to_gloss(idx, q)
    if not words or idx.word_vectors is None:
        return q
    vectors = np.asarray(encode(words), dtype=np.float32).reshape(len(words), -1)
    found = nearest(vectors, idx.words, idx.word_vectors, min_cosine)
    if not found:
        return q
    return replace(q, terms=q.terms + tuple(analyzer.terms(" ".join(found))))
