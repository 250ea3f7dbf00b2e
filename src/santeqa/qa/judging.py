"""Evidence for the judge (is the question answered at all?) read from grammar and retrieval,
added to the question features of ``qa.features``.

Most questions the report does not answer are near-topic: the best sentence names the plan,
the company or the agency, and even holds a number or a date, but not *the* one asked for.
What tells them apart, in general terms:

- **where the asked kind stands** (``kind_near``): in an answer the number (the date, the
  amount, the name…) stands among the question's own words (« le musée a accueilli 12 000
  visiteurs » for « combien de visiteurs le musée a-t-il accueillis ? »); near-topic, the
  sentence's number belongs to another part of it (« le musée, rénové par la ville après la
  crue, a reçu 3 prix »);
- **what is missing, without the kind's own noun** (``top_missing_content``,
  ``best_missing_content``): « en quelle ANNÉE », « quel POURCENTAGE », « quel NOMBRE » name
  the kind asked, which an answer holds as a figure, not as that word; so they are not
  counted as missing (a missing « année » told the judge a dated answer lacked something);
- **whether the retrievers agree** (``retrievers_agree``): the dense and the lexical
  retrievers putting the same passage first.

Nothing here knows the report: the kinds' spans are ``qa.facts``'s patterns, the kind nouns
are general French and English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from santeqa.qa.facts import FLAG_OF_KIND, kind_spans
from santeqa.text import shared_analyzer
from santeqa.tunables import AnswerShape

if TYPE_CHECKING:  # qa.features imports this module
    from santeqa.qa.features import Candidate, Evidence

JUDGE_FEATURES = (
    "kind_near",
    "top_missing_content",
    "best_missing_content",
    "retrievers_agree",
)

NEAR_WORDS = AnswerShape.judge_near_words  # either side of a span of the asked kind
NEAR_CANDIDATES = AnswerShape.judge_near_candidates  # the likeliest sentences read
# nouns that name the kind asked rather than a thing of the report (folded)
_KIND_NOUNS = frozenset(
    "annee annees date dates periode duree nombre chiffre montant somme part proportion "
    "pourcentage taux nom year years number amount share percentage rate name".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@lru_cache(maxsize=16_384)
def _word_terms(word: str) -> tuple[str, ...]:
    return tuple(shared_analyzer().terms(word))


def near_mass(
    text: str, kind: str | None, weights: dict[str, float], common: frozenset[str] = frozenset()
) -> float:
    """The largest share of the question's salient weight standing within ``NEAR_WORDS``
    words of one span of the asked kind in ``text`` (0 when the text holds none, or when
    nothing precise is asked)."""
    flag = FLAG_OF_KIND.get(kind or "")
    total = sum(weights.values())
    if flag is None or not total:
        return 0.0
    spans = kind_spans(text, flag, common)
    if not spans:
        return 0.0
    words = [(m.start(), m.end(), _word_terms(m.group())) for m in _WORD.finditer(text)]
    best = 0.0
    for start, end in spans:
        inside = [i for i, (a, b, _t) in enumerate(words) if a < end and b > start]
        if inside:
            lo, hi = inside[0] - NEAR_WORDS, inside[-1] + NEAR_WORDS
        else:  # a span of no word (« € » alone): placed before the next word
            after = next((i for i, w in enumerate(words) if w[0] >= end), len(words))
            lo, hi = after - NEAR_WORDS, after + NEAR_WORDS - 1
        closing = _closing_parenthesis(text, start)
        if closing is not None:  # « le musée (12 salles) et la médiathèque » : 12 is the museum's
            hi = min(hi, max((i for i, w in enumerate(words) if w[0] < closing), default=-1))
        near = {t for _a, _b, terms in words[max(lo, 0) : hi + 1] for t in terms}
        best = max(best, sum(w for t, w in weights.items() if t in near) / total)
    return best


def _closing_parenthesis(text: str, at: int) -> int | None:
    """Where the parentheses ``at`` stands inside close (None outside any): what is said in
    parentheses belongs to the noun before them, not to what follows them."""
    depth = 0
    for i in range(at - 1, -1, -1):  # an opening parenthesis left unclosed before ``at``?
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth < 0:
            break
    else:
        return None
    closing = text.find(")", at)
    return closing if closing >= 0 else None


def content_weights(weights: dict[str, float]) -> dict[str, float]:
    """The salient question terms without the nouns that name the kind asked (« en quelle
    ANNÉE », "what PERCENTAGE")."""
    kinds = _kind_stems()
    return {t: w for t, w in weights.items() if t not in kinds}


@lru_cache(maxsize=1)
def _kind_stems() -> frozenset[str]:
    return frozenset(t for w in _KIND_NOUNS for t in shared_analyzer().terms(w))


def judge_features(
    ev: Evidence,
    cands: Sequence[Candidate],
    order: Sequence[int],
    terms_of: Callable[[Candidate], tuple[frozenset[str], frozenset[str]]],
) -> dict[str, float]:
    """The values of ``JUDGE_FEATURES`` for one question; ``order``: the candidates by
    decreasing ranker score (at least one)."""
    window, passage = terms_of(cands[order[0]])
    content = content_weights(ev.weights)
    total = sum(content.values())
    absent = [w for t, w in content.items() if t not in window]
    dense_top = int(ev.chunk_dense.argmax()) if len(ev.chunk_dense) else -1
    lexical_top = int(ev.lexical.argmax()) if len(ev.lexical) else -2
    return {
        "kind_near": max(
            near_mass(cands[i].text, ev.asked.kind, ev.weights, ev.common_words)
            for i in order[:NEAR_CANDIDATES]
        ),
        "top_missing_content": max(absent, default=0.0) / AnswerShape.unknown_term_idf,
        "best_missing_content": (
            sum(w for t, w in content.items() if t not in passage and t not in window) / total
            if total
            else 0.0
        ),
        "retrievers_agree": 1.0 if dense_top == lexical_top else 0.0,
    }
