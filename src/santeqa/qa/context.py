"""What a candidate sentence's neighbours bring to it: general French grammar, no gold wording.

- **Continuation.** A sentence opened by an anaphoric pronoun or a connective (« Celui-ci
  compte… », « Elle est ouverte… », « Ainsi, … », « De plus, … ») goes on with what the
  sentence before it said: the topic the question names is often there, the answer here.
- **Pairs.** The question's terms may be split over two sentences that follow each other
  (« La ville a ouvert une médiathèque. Elle prête des jeux. »): the IDF-weighted coverage of
  the question's rarest terms by the sentence with its predecessor or its successor, the
  better of the two.
- **Echo.** A sentence made mostly of the question's own words restates the topic rather
  than answering it (« Le club de voile de la ville » for « Que propose le club de voile de
  la ville ? »).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from santeqa.text import fold

# a sentence that goes on from the one before it: an anaphoric pronoun or determiner, or a
# connective, as its first words (accents folded; bullets are items, not continuations)
_CONTINUES = re.compile(
    r"^(?:(?:celui|celle|ceux|celles)-ci|ceci|cela|ca|c['’]|ce|cet|cette|ces|il|elle|ils|elles|"
    r"leur|leurs|son|sa|ses|ainsi|aussi|donc|enfin|or|de plus|en outre|en effet|"
    r"par ailleurs|toutefois|cependant|pourtant|neanmoins|en revanche|de meme|"
    r"dans ce cadre|a ce titre|a cet effet|pour ce faire|pour cela|a cette fin|"
    r"this|these|it|they|its|their)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=32_768)
def continues(sentence: str) -> bool:
    """Does the sentence open with a word that refers back to the sentence before it?
    (« Celle-ci est gratuite. », « Par ailleurs, … », « Elle … »; not « • Elle … »)"""
    return _CONTINUES.match(fold(sentence.lstrip())) is not None


def rarest(weights: dict[str, float], share: float = 0.5) -> dict[str, float]:
    """The question's rarest terms: the heaviest ones making up ``share`` of its IDF mass
    (at least one)."""
    total = sum(weights.values())
    out: dict[str, float] = {}
    for term, w in sorted(weights.items(), key=lambda tw: (-tw[1], tw[0])):
        if out and sum(out.values()) >= share * total:
            break
        out[term] = w
    return out


def pair_coverage(
    rare: dict[str, float], sentence_terms: Sequence[frozenset[str]], j: int
) -> float:
    """IDF-weighted share of ``rare`` held by sentence ``j`` with the sentence before it or
    with the one after it (the better pair; the sentence alone when it has no neighbour)."""
    total = sum(rare.values())
    if not total:
        return 0.0
    own = sentence_terms[j]
    best = 0.0
    for k in (j - 1, j + 1):
        pair = own | sentence_terms[k] if 0 <= k < len(sentence_terms) else own
        best = max(best, sum(w for t, w in rare.items() if t in pair))
    return best / total


def echo(question_terms: frozenset[str], terms: frozenset[str]) -> float:
    """Share of the sentence's own terms that are the question's."""
    return len(terms & question_terms) / len(terms) if terms else 0.0
