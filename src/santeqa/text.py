"""Folding and analysing French text: accents folded, elisions split, stop words, Snowball
stems. The same analysis serves lexical search (documents and questions) and the answer step."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_FRENCH

# Question words and fillers that carry no topic in a question.
_EXTRA_STOPWORDS = {
    "quel", "quelle", "quels", "quelles", "combien", "comment", "pourquoi", "quoi", "ou",
    "qui", "que", "quand", "lequel", "laquelle", "lesquels", "lesquelles", "est", "ce",
    "cela", "ca", "selon", "rapport", "t", "il", "elle", "ils", "elles", "dont", "veut",
    "dire", "signifie",
}  # fmt: skip

_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
_DIGIT_GROUPS = re.compile(r"\b\d{1,3}(?:[ \u00a0\u202f]\d{3})+\b")
_WORD = re.compile(r"[0-9a-z]+")
# a legal citation abbreviates « article » before the code's part letter or the number
# (« Art. L. 4001-3 », « art. 17 »): read as the word, so that « quel article … ? » finds it
_ARTICLE = re.compile(r"\b[Aa]rt\.\s*(?=[LRD]\.|\d)")

#: the analysis's version, recorded in the index manifest: the lexical index and the terms a
#: generation was built with are refused by an analysis that reads text otherwise
ANALYSIS_VERSION = 2


class _CombiningMarks(dict[int, int | None]):
    """``str.translate`` table that deletes combining marks: each code point's verdict is
    looked up once (``unicodedata.combining``), then read from the dict in C."""

    def __missing__(self, code: int) -> int | None:
        verdict = None if unicodedata.combining(chr(code)) else code
        self[code] = verdict
        return verdict


_WITHOUT_MARKS = _CombiningMarks()


def fold(text: str) -> str:
    """Lower-case, accents removed, U+FFFD read as the ``ti`` ligature it usually is."""
    if text.isascii():  # nothing to decompose (most stems and words): a question folds ~100
        return text.lower()
    text = text.replace("\ufffd", "ti")
    return unicodedata.normalize("NFKD", text).translate(_WITHOUT_MARKS).lower()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Folded French stop words and question fillers: never index terms."""
    return frozenset(fold(w) for w in STOPWORDS_FRENCH) | _EXTRA_STOPWORDS


# a word written with two capitals or more: an acronym or a brand (« ROBOCATH », « NeS »),
# not a capitalised common word (« Français », « Région »)
MARKED_NAME = re.compile(r"\b\w*[A-ZÉ]\w*[A-ZÉ][\w-]*")


class Analyzer:
    """Text → list of index terms. Deterministic; the same for documents and questions."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("french")
        self._stop = stopwords()

    def terms(self, text: str) -> list[str]:
        text = _ARTICLE.sub("article ", text)
        text = _DIGIT_GROUPS.sub(lambda m: re.sub(r"\D", "", m.group()), text)
        text = _ELISION.sub(" ", text)
        words = [w for w in _WORD.findall(fold(text)) if w not in self._stop]
        return [fold(s) for s in self._stemmer.stemWords(words)]


@lru_cache(maxsize=1)
def shared_analyzer() -> Analyzer:
    """One analyzer for the module-level caches of terms (a new one loads the stemmer and the
    stop words again)."""
    return Analyzer()
