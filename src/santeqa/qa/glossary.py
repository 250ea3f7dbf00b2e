"""Glossary expansion of a question, prepared once per glossary rather than once per question.

A corpus of many documents repeats glossary entries (every copy of a report brings its own);
folding each expansion and compiling each acronym's pattern for every question made the cost of
a question grow with the corpus. ``matcher_for`` keeps the prepared form of the last few
glossaries, keyed by identity (a loaded index keeps its glossary for its whole life).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from santeqa.records import GlossaryEntry
from santeqa.text import fold, shared_analyzer

# apostrophes as people type them and as documents print them: one for matching
_APOSTROPHES = str.maketrans(dict.fromkeys("’‘ʼ`´", "'"))
ACRONYM = re.compile(r"\b[A-Za-zÀ-ÿ]*[A-Z][A-Za-zÀ-ÿ]*[A-Z]+[A-Za-zÀ-ÿ]*\b")
# an acronym spelled letter by letter (« L, M, D », « L.M.D. », « S-N-C-F »): its letters
# (the last letter may come after « et » / "and": « les lettres L, M et D »)
SPELLED = re.compile(
    r"(?<!\w)[A-Z](?:\s*[.,-]\s*[A-Z]){0,8}(?:\s*[.,-]\s*|\s+(?:et|and)\s+)[A-Z](?!\w)"
)
# an acronym written as a word, one capital then lower case (« la Cnam », « l'Inserm »: French
# typography's way with acronyms read aloud as words), of 4+ letters and not opening the
# question, where a capital says nothing (« Care », « Grades », "Has" are words too)
CAPITALISED = re.compile(r"(?<=[\s'’(«\"])[A-Z][a-z]{3,}\b")
_KEEP = 4  # glossaries prepared at once: the served generation and one being switched to


@dataclass(frozen=True)
class _Entry:
    acronym: str
    upper: str
    pattern: re.Pattern[str] | None  # the acronym as a word, for acronyms of 3+ letters
    folded_expansion: str
    # the expansion's index terms, space-separated and padded (" programm invest aven "), for
    # one of two words or more; else ""
    stems: str
    with_expansion: str  # "ACR : expansion"


class GlossaryMatcher:
    """Each distinct (acronym, expansion) pair of a glossary, in first-seen order."""

    def __init__(self, glossary: Sequence[GlossaryEntry]) -> None:
        pairs = dict.fromkeys((g.acronym, g.expansion) for g in glossary)
        self._entries = tuple(
            _Entry(
                acronym=acronym,
                upper=acronym.upper(),
                pattern=re.compile(rf"\b{re.escape(acronym)}\b") if len(acronym) >= 3 else None,
                folded_expansion=_folded(expansion),
                stems=_stems(expansion) if len(shared_analyzer().terms(expansion)) >= 2 else "",
                with_expansion=f"{acronym} : {expansion}",
            )
            for acronym, expansion in pairs
        )

    def expand(self, question: str) -> str:
        """An acronym in the question (also spelled letter by letter) brings its expansion, an
        expansion its acronym (as written, or its words in the same order in another number or
        gender)."""
        extra: list[str] = []
        tokens = {t.upper() for t in ACRONYM.findall(question)}
        tokens |= {re.sub(r"[^A-Z]", "", t) for t in SPELLED.findall(question)}
        tokens |= {t.upper() for t in CAPITALISED.findall(question)}
        folded = _folded(question)
        stems = _stems(question)
        for entry in self._entries:
            if entry.upper in tokens or (entry.pattern and entry.pattern.search(question)):
                extra.append(entry.with_expansion)
            elif entry.folded_expansion in folded or (entry.stems and entry.stems in stems):
                extra.append(entry.acronym)
        if not extra:
            return question
        return question + " (" + " ; ".join(dict.fromkeys(extra)) + ")"


def _folded(text: str) -> str:
    """``fold``, every apostrophe written ' : a question typed « Programmes d'investissements
    d'avenir » names the long form the report prints « Programmes d’investissements d’avenir »."""
    return fold(text).translate(_APOSTROPHES)


def _stems(text: str) -> str:
    """``text``'s index terms, space-separated and padded: an expansion's words in the order
    the question writes them, whatever their number, gender or hyphens (« programme
    d'investissement d'avenir » names « Programmes d’investissements d’avenir »)."""
    return " " + " ".join(shared_analyzer().terms(text)) + " "


_prepared: dict[int, tuple[Sequence[GlossaryEntry], GlossaryMatcher]] = {}
_lock = threading.Lock()


def matcher_for(glossary: Sequence[GlossaryEntry]) -> GlossaryMatcher:
    with _lock:
        found = _prepared.get(id(glossary))
        if found is not None and found[0] is glossary:
            return found[1]
    matcher = GlossaryMatcher(glossary)
    with _lock:
        while len(_prepared) >= _KEEP:
            del _prepared[next(iter(_prepared))]
        # the glossary itself is kept too, so that its id cannot be reused by another object
        _prepared[id(glossary)] = (glossary, matcher)
    return matcher
