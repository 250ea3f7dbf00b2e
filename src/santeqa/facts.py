"""What a sentence holds: numbers with their units, dates, amounts, names, list shape.

Computed once per sentence at index time (named entities come from spaCy's small French
pipeline, ``fr_core_news_sm``; the rest from patterns), so answering reads flags only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_YEAR = r"(?:19|20)\d\d"
_NUMBER = re.compile(
    rf"(?<![\d,])(?!{_YEAR}(?![\d %]))\d[\d\s\u00a0\u202f]*(?:[,.]\d+)?|\b(deux|trois|quatre|"
    r"cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|cent|mille|millions?|"
    r"milliards?|moitié|tiers|quarts?|majorité|millier|centaine|dizaine)s?\b",
    re.IGNORECASE,
)
_SHARE = re.compile(r"\d\s*%|\bpour\s*cent\b|\b(moitié|tiers|quarts?|majorité)\b", re.IGNORECASE)
_MONEY = re.compile(
    r"\d[\d\s\u00a0\u202f,.]*\s*(?:(?:millions?|milliards?|Md|M|k)\s*(?:d[e’']\s*)?)?"
    r"(?:€|euros?\b|\$|dollars?\b)",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b{_YEAR}\b|\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
    r"novembre|décembre)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(\d+|deux|trois|quatre|cinq|six|dix)\s*(h|heures?|ans|années?|mois|jours?|semaines?|"
    r"minutes?)\b",
    re.IGNORECASE,
)
_TITLE_NAME = re.compile(r"\b(M\.|Mme|Dr|Pr|Professeur|Docteur)\s+[A-ZÉ]")
_ACRONYM = re.compile(r"\b[A-ZÉ]{2,}[a-z]?\b")
_DEFINING = re.compile(
    r"\b(désigne|définit|définie?s?|consiste|signifie|c’est-à-dire|correspond|regroupe|"
    r"permet(tent)?|vise(nt)?|a pour (objet|objectif|mission|but)|est (un|une|la|le|l’))\b",
    re.IGNORECASE,
)
BULLET = "• "

FLAGS = (
    "number",
    "share",
    "money",
    "date",
    "duration",
    "person",
    "organisation",
    "place",
    "defining",
    "bullet",
    "lead_in",
)


@dataclass(frozen=True)
class SentenceFacts:
    """Flags of one sentence (see ``FLAGS``)."""

    flags: frozenset[str]

    def holds(self, flag: str) -> bool:
        return flag in self.flags

    def to_json(self) -> list[str]:
        return sorted(self.flags)

    @classmethod
    def from_json(cls, data: Iterable[str]) -> SentenceFacts:
        return cls(frozenset(data))


def sentence_facts(text: str, entity_labels: Sequence[str] = ()) -> SentenceFacts:
    """Flags for one sentence; ``entity_labels`` are spaCy's labels (PER, ORG, LOC, MISC)."""
    flags: set[str] = set()
    if _NUMBER.search(text):
        flags.add("number")
    if _SHARE.search(text):
        flags.add("share")
    if _MONEY.search(text):
        flags.add("money")
    if _DATE.search(text):
        flags.add("date")
    if _DURATION.search(text):
        flags.add("duration")
    if "PER" in entity_labels or _TITLE_NAME.search(text):
        flags.add("person")
    if "ORG" in entity_labels or _ACRONYM.search(text):
        flags.add("organisation")
    if "LOC" in entity_labels:
        flags.add("place")
    if _DEFINING.search(text):
        flags.add("defining")
    if text.startswith(BULLET):
        flags.add("bullet")
    if text.rstrip().endswith(":"):
        flags.add("lead_in")
    return SentenceFacts(frozenset(flags))


def entity_labels(texts: Sequence[str]) -> list[list[str]]:
    """spaCy's entity labels for each text (empty lists when the pipeline is not installed)."""
    nlp = _pipeline()
    if nlp is None:
        return [[] for _ in texts]
    return [[e.label_ for e in doc.ents] for doc in nlp.pipe(texts, batch_size=64)]


def _pipeline() -> Any:
    try:
        import spacy  # heavy: imported only when an index is built
    except ImportError:  # pragma: no cover - spaCy is a declared dependency
        return None
    try:
        return spacy.load("fr_core_news_sm", disable=["parser", "lemmatizer"])
    except OSError:  # the French pipeline package is missing
        return None


def all_facts(texts: Sequence[str]) -> list[SentenceFacts]:
    return [
        sentence_facts(t, labels) for t, labels in zip(texts, entity_labels(texts), strict=True)
    ]
