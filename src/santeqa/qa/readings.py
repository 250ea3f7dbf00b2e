"""Two readings of one question: an English question as typed and its French translation; a
follow-up as the grammar resolved it and as typed with the conversation's words.

Each reading ranks the candidate sentences on its own, and each is wrong in its own way: the
typed English shares few words with the French text, so its coverage features read little;
the translation (Apertium, English → Spanish → French, ``santeqa.translate``) shares the
report's words but is rough (« Je descends le Code » for "Under the Code"). On the 272
answerable English questions of the gold and own files, the typed reading's likeliest
sentence held the answer 189 times, the French reading's 193 times, and the sentence both
find likely (the sum of their log-odds) 204 times.

So the answer to an English question is quoted among the typed reading's candidates, each
scored by both readings (``AnswerShape.french_reading_weight`` weighs the French one's
log-odds); the judge's confidence stays the typed reading's.

A follow-up is read the same way. Its first reading is the grammar's (``qa.followup``: « Et
pour les médecins ? » written into the earlier question, « elle » replaced by the phrase it
stands for), which is wrong when the pronoun was given the wrong referent or the context came
out garbled. Its second is the question as typed with the conversation's words after « — »
(``Resolution.fallback``). The first reading's candidates are scored by both
(``AnswerShape.context_reading_weight``) and its judge decides, as above. On the 1,127 turns of
the own dialogue sets and dialogues-dev with history, 812 answered instead of 801 (+18 −7).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from santeqa.index import LoadedIndex
from santeqa.qa.answer import AnswerResources, Choice, quote_best
from santeqa.qa.features import Candidate, Evidence, logit
from santeqa.qa.model import AnswerModel
from santeqa.qa.question import Asked

#: the probability given to a sentence the other reading did not read (not among its top
#: passages): it found it unlikely
UNREAD = 1e-3


def reads_twice(asked: Asked, followed: bool) -> bool:
    """Whether an English question's candidates are scored by its French reading too. Not a
    follow-up's: its resolved English reads worse in translation (on the English turns of the
    own dialogue sets, 3 more answered and 5 lost). Not an acronym asked: it is the same in
    both languages and the glossary answers it, while Apertium mangles the question ("stand
    for" « estand pour », GRADES « NOTES »)."""
    return not followed and asked.kind != "meaning"


def with_other_reading(
    idx: LoadedIndex,
    res: AnswerResources,
    model: AnswerModel,
    ev: Evidence,
    first: Choice,
    other: Choice,
    weight: float,
) -> Choice:
    """``first``'s answer quoted again, its candidates scored by both readings: each
    sentence's log-odds under ``first`` plus ``weight`` times its log-odds under ``other``.
    ``ev``: the evidence of ``first``'s reading (the quote is read by its question)."""
    if not first.candidates or weight == 0:
        return first
    scores = both_readings(first.candidates, first.scores, other, weight)
    return quote_best(idx, ev, model, first.candidates, scores, first.confidence, res)


def both_readings(
    cands: Sequence[Candidate], probs: Sequence[float], other: Choice, weight: float
) -> list[float]:
    """Each candidate's probability with the other reading's log-odds added (see
    ``with_other_reading``)."""
    read: dict[tuple[int, int], float] = {}
    for c, p in zip(other.candidates, other.scores, strict=True):
        key = (c.row, c.sentence)
        read[key] = max(p, read.get(key, 0.0))
    return [
        _sigmoid(logit(p) + weight * logit(read.get((c.row, c.sentence), UNREAD)))
        for c, p in zip(cands, probs, strict=True)
    ]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
