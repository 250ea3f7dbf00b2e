"""An English question read with the report's own French words, through the multilingual
encoder: no dictionary, no translation model.

An English question shares few terms with the French report, so its lexical ranking is mostly
noise and the answer step's term coverage sees little. The encoder that embeds passages puts a
word and its translation close together ("security" and « sécurité » at a cosine of 0.96,
"doctors" and « médecins » 0.96, "staff" and « personnel » 0.92), while unrelated French words
stay lower (about 0.88-0.91). So the report's words are embedded once per index generation
(about 2,300 words, two seconds on two cores), and each content word of an English question
that the report does not write itself is read as the report's words closest to it, when they
are close enough (``tunables.Bridge``). Those French words join the question's terms; what is
encoded for dense retrieval stays the question as typed.

Cognates the report already writes ("patients", "data", "teleconsultation") and capitalised
names are left as they are. A near-homograph can slip through ("paying" is close to « pays »):
the threshold keeps such words few, and a term only adds to the evidence of passages.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from bm25s.stopwords import STOPWORDS_EN_PLUS

from santeqa.qa.retrieve import Question
from santeqa.text import Analyzer, fold
from santeqa.tunables import Bridge

_WORD = re.compile(r"[^\W\d_]{3,}")
_ENGLISH_STOP = frozenset(STOPWORDS_EN_PLUS)
Vectors = npt.NDArray[np.float32]
# an embedder's ``embed_queries``, or a cache of its vectors (a benchmark's)
Encode = Callable[[Sequence[str]], Vectors | Sequence[Vectors]]


@dataclass(frozen=True)
class WordBridge:
    """The report's words and their vectors (as questions are encoded)."""

    words: tuple[str, ...]
    vectors: Vectors  # one L2-normalised row per word
    folded: frozenset[str]  # the words folded (accents off), to leave cognates alone

    @classmethod
    def of(cls, texts: Iterable[str], encode: Encode) -> WordBridge:
        words = tuple(sorted({w.lower() for t in texts for w in _WORD.findall(t)}))
        vectors = (
            np.asarray(encode(list(words)), dtype=np.float32)
            if words
            else np.zeros((0, 0), dtype=np.float32)
        )
        return cls(words, vectors, frozenset(fold(w) for w in words))

    def to_bridge(self, question: str) -> list[str]:
        """The question's English content words the report does not write itself (lower
        case, in order, once each): not stop words, not capitalised names, not cognates."""
        seen: list[str] = []
        for match in _WORD.finditer(question):
            word = match.group()
            low = word.lower()
            if word[:1].isupper() and match.start() > 0:
                continue  # a name inside the question (« Mon Espace Santé »)
            if low in _ENGLISH_STOP or fold(low) in self.folded or low in seen:
                continue
            seen.append(low)
        return seen

    def french_for(self, vectors: Vectors, shape: Bridge) -> list[str]:
        """For each English word's vector, the report's words closest to it: at least
        ``min_similarity`` and within ``spread`` of the closest, ``most`` of them."""
        if not len(self.words) or not len(vectors):
            return []
        similarities = vectors @ self.vectors.T
        found: list[str] = []
        for row in similarities:
            order = np.argsort(-row)[: shape.most]
            best = float(row[order[0]])
            floor = max(shape.min_similarity, best - shape.spread)
            found += [self.words[j] for j in order if row[j] >= floor]
        return found


def read_across(
    questions: Sequence[Question],
    bridge: WordBridge | None,
    encode: Encode,
    shape: Bridge,
    analyzer: Analyzer,
) -> tuple[list[Question], list[Vectors]]:
    """Each question's vector (its expanded text encoded) and the question with, for an English
    one, the report's words for its own as more terms: one encoding call for all of them."""
    words = [bridge.to_bridge(q.text) if bridge and q.english else [] for q in questions]
    texts = [t for q, ws in zip(questions, words, strict=True) for t in (q.expanded, *ws)]
    vectors = list(encode(texts)) if texts else []
    read: list[Question] = []
    encoded: list[Vectors] = []
    at = 0
    for q, ws in zip(questions, words, strict=True):
        encoded.append(np.asarray(vectors[at], dtype=np.float32))
        if ws and bridge is not None:
            own = np.asarray(vectors[at + 1 : at + 1 + len(ws)], dtype=np.float32)
            french = analyzer.terms(" ".join(bridge.french_for(own, shape)))
            q = replace(q, terms=tuple(dict.fromkeys((*q.terms, *french))))
        read.append(q)
        at += 1 + len(ws)
    return read, encoded


class BridgeCache:
    """One ``WordBridge`` per index generation, built on first use (an English question or the
    warm-up); concurrent first users wait for the one build."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: tuple[str, WordBridge] | None = None

    def get(
        self, generation: str, texts: Callable[[], Iterable[str]], encode: Encode
    ) -> WordBridge:
        held = self._held
        if held is None or held[0] != generation:
            with self._lock:
                held = self._held
                if held is None or held[0] != generation:
                    held = (generation, WordBridge.of(texts(), encode))
                    self._held = held
        return held[1]
