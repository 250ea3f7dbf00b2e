"""Questions typed in a hurry: seeded, general rewrites of a question (no rule knows one).

Used to measure robustness (``benchmarks/messy.py``) and, when ``FitOptions.augment_variants``
is set, to fit the answer model on hurried variants of each training question too.

- ``accents``: lower-case, accents and the question mark dropped (« ou se reunit le comite »);
- ``apostrophes``: and apostrophes and hyphens dropped (« lia ») or spaced (« l ia »);
- ``typo``: and one slip (a letter dropped, doubled, swapped, or a neighbouring AZERTY key)
  in about one word of four of five letters or more (at least one);
- ``keywords``: and the stop words and question words dropped (« budget programme 2024 »);
- ``shorthand``: « nombre » → « nb », « combien » → « cb » / « cbn »;
- ``hurried``: all of them at once, the question word dropped in one variant of two.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from santeqa.text import fold

QUESTION_WORDS = frozenset(
    (
        "combien quel quelle quels quelles lequel laquelle lesquels lesquelles qui que quoi "
        "quand comment pourquoi ou est-ce qu'est-ce"
    ).split()
)
STOP_WORDS = frozenset(
    (
        "le la les l de d du des un une et est sont a au aux en dans pour par sur avec ce "
        "cette ces c se s sa son ses leur leurs il elle ils elles on y t ne n pas qu il-t-il "
        "t-il t-elle t-ils t-elles-il-elle ete etre avait ont fait faire peut-on "
        "selon d'apres"
    ).split()
)
AZERTY = ("azertyuiop", "qsdfghjklm", "wxcvbn")


def _neighbours(letter: str) -> str:
    """The keys next to ``letter`` on an AZERTY keyboard (left, right, above, below)."""
    for r, row in enumerate(AZERTY):
        c = row.find(letter)
        if c < 0:
            continue
        near = [row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)]
        near += [AZERTY[rr][c] for rr in (r - 1, r + 1) if 0 <= rr < 3 and c < len(AZERTY[rr])]
        return "".join(near)
    return ""


def typo(word: str, rng: random.Random) -> str:
    """One slip of the finger, never on the first letter."""
    i = rng.randrange(1, len(word))
    kind = rng.choice(("delete", "swap", "double", "near"))
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "near" and _neighbours(word[i]):
        return word[:i] + rng.choice(_neighbours(word[i])) + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def no_accents(q: str, rng: random.Random) -> str:
    return re.sub(r"\s*\?\s*$", "", fold(q).replace("’", "'"))


def no_apostrophes(q: str, rng: random.Random) -> str:
    return re.sub(r"['-]", lambda m: rng.choice(("", " ")), no_accents(q, rng))


def with_typo(q: str, rng: random.Random) -> str:
    words = no_accents(q, rng).split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return " ".join(words)
    chosen = [i for i in long if rng.random() < 0.25] or [rng.choice(long)]
    for i in chosen:
        words[i] = typo(words[i], rng)
    return " ".join(words)


def keywords(q: str, rng: random.Random, drop_question_word: bool = True) -> str:
    text = re.sub(r"[,;:.!?()«»\"]", " ", no_accents(q, rng))
    out = []
    for w in text.split():
        parts = re.split(r"(?<=\b[a-z])'|(?<=\bqu)'", w)  # l'ia → l, ia
        for p in parts:
            p = p.strip("'-")
            if not p or p in STOP_WORDS or (drop_question_word and p in QUESTION_WORDS):
                continue
            out.append(p)
    return " ".join(out)


def shorthand(q: str, rng: random.Random) -> str:
    text = no_accents(q, rng)
    text = re.sub(r"\bnombre\b", "nb", text)
    return re.sub(r"\bcombien\b", lambda m: rng.choice(("cb", "cbn")), text)


def hurried(q: str, rng: random.Random) -> str:
    text = keywords(q, rng, drop_question_word=rng.random() < 0.5)
    text = shorthand(text, rng)
    text = no_apostrophes(text, rng)
    return with_typo(text, rng)


KINDS: dict[str, Callable[[str, random.Random], str]] = {
    "accents": no_accents,
    "apostrophes": no_apostrophes,
    "typo": with_typo,
    "keywords": keywords,
    "shorthand": shorthand,
    "hurried": hurried,
}

# the kinds a training variant is drawn from: each changes more than the one before, and
# « shorthand » alone is mostly « accents » (few questions hold « nombre » or « combien »)
TRAINING_KINDS = ("apostrophes", "typo", "keywords", "hurried")


def training_variants(key: str, question: str, n: int) -> tuple[str, ...]:
    """Up to ``n`` distinct hurried rewrites of ``question``, none equal to it; the same for
    the same ``key`` (a question's id) and text, whatever else is fitted."""
    out: list[str] = []
    # the kinds in turn from a seeded first one, so that two variants are of two kinds
    first = random.Random(f"{key}:train").randrange(len(TRAINING_KINDS))
    for attempt in range(4 * n):
        if len(out) == n:
            break
        rng = random.Random(f"{key}:train:{attempt}")
        kind = TRAINING_KINDS[(first + attempt) % len(TRAINING_KINDS)]
        text = KINDS[kind](question, rng).strip()
        if text and text != question and text not in out:
            out.append(text)
    return tuple(out)
