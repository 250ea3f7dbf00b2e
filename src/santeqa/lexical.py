"""French lexical search: an analyser (accents folded, elisions split, stop words, Snowball
stems) and a BM25 index over it (bm25s)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import numpy.typing as npt
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


def fold(text: str) -> str:
    """Lower-case, accents removed, U+FFFD read as the ``ti`` ligature it usually is."""
    text = text.replace("\ufffd", "ti")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(fold(w) for w in STOPWORDS_FRENCH) | _EXTRA_STOPWORDS


class Analyzer:
    """Text → list of index terms. Deterministic; the same for documents and questions."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("french")
        self._stop = _stopwords()

    def terms(self, text: str) -> list[str]:
        text = _DIGIT_GROUPS.sub(lambda m: re.sub(r"\D", "", m.group()), text)
        text = _ELISION.sub(" ", text)
        words = [w for w in _WORD.findall(fold(text)) if w not in self._stop]
        return [fold(s) for s in self._stemmer.stemWords(words)]


class LexicalIndex:
    """BM25 over analysed texts. ``scores(terms)`` gives one score per indexed text."""

    def __init__(self, bm25: bm25s.BM25, size: int) -> None:
        self._bm25 = bm25
        self.size = size

    @classmethod
    def build(cls, texts: Sequence[str], analyzer: Analyzer) -> LexicalIndex:
        corpus = [analyzer.terms(t) or ["∅"] for t in texts]
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        return cls(bm25, len(texts))

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder))

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        bm25 = bm25s.BM25.load(str(folder))
        return cls(bm25, size)

    def scores(self, terms: Sequence[str]) -> npt.NDArray[np.float32]:
        known = [t for t in terms if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
