"""English question words read as the report's own French words.

An English question shares few words with the French text, so everything the answer step
reads from words (coverage of the question's terms, the counted noun, BM25) is mostly
noise for it. The multilingual model places a word near its translation: "students" next
to « étudiants », "company" next to « société », "funding" next to « fonds ». Each content
word of an English question is encoded alone and read as the report word closest to it,
when that word is close enough (``BridgeShape.min_similarity``); English function words
("the", "how", "many") are dropped, and a word with no close report word is kept as typed.

Verbs and other words with no clear counterpart land on look-alikes ("chosen" near
« choix », "approved" near « approprient ») at lower similarity: the threshold keeps them
out. Nothing here knows the report: the vocabulary is whatever the indexed text writes.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

from santeqa.text import fold

Encode = Callable[[Sequence[str]], npt.NDArray[np.float32]]

_WORD = re.compile(r"[^\W\d_]{4,}")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# English words that carry no content in a question (question words, auxiliaries, pronouns,
# prepositions) and the requests around one ("give", "list", "name")
ENGLISH_FUNCTION_WORDS = frozenset(
    (
        "the a an and or but not no nor what which who whom whose when where why how does did "
        "do done is are was were be been being am of to in for by on with from among into about "
        "at as than then that this these those there their them they it its his her he she we "
        "our you your my me i many much more most less least rate share people should would "
        "could can will shall may might must has have had having according report reports "
        "give list name tell explain describe say says said mention mentions mentioned "
        "document text paper one two some any all each every other such also only just very "
        "over under after before between within without per up out so if"
    ).split()
)


class TermBridge:
    """The report's vocabulary with one vector per word, and the English-to-report reading
    of question words (cached: the same words come back)."""

    def __init__(
        self,
        words: Sequence[str],
        vectors: npt.NDArray[np.float32],
        encode: Encode,
        min_similarity: float,
        cache_size: int = 4096,
    ) -> None:
        self.words = tuple(words)
        self.vectors = vectors
        self.encode = encode
        self.min_similarity = min_similarity
        self._known = {fold(w): w for w in self.words}
        self._cache: OrderedDict[str, str | None] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @classmethod
    def of_texts(cls, texts: Iterable[str], encode: Encode, min_similarity: float) -> TermBridge:
        words = sorted({w.lower() for t in texts for w in _WORD.findall(t)})
        vectors = encode(words) if words else np.zeros((0, 1), dtype=np.float32)
        return cls(words, np.asarray(vectors, dtype=np.float32), encode, min_similarity)

    def report_word(self, word: str) -> str | None:
        """The report word an English word stands for, or None when none is close enough."""
        low = word.lower()
        if fold(low) in self._known:
            return self._known[fold(low)]
        with self._lock:
            if low in self._cache:
                self._cache.move_to_end(low)
                return self._cache[low]
        found = self._nearest([low])[0]
        self._remember(low, found)
        return found

    def read(self, question: str) -> str:
        """The question's content words, each as the report word it stands for (or as
        typed), function words left out: what the answer step matches against the text."""
        words = [w for w in _LETTERS.findall(question) if w.lower() not in ENGLISH_FUNCTION_WORDS]
        self._prefetch(words)
        return " ".join(self.report_word(w) or w for w in words)

    def _prefetch(self, words: Sequence[str]) -> None:
        """Encode in one batch the words neither known nor cached."""
        with self._lock:
            todo = sorted(
                {
                    w.lower()
                    for w in words
                    if fold(w.lower()) not in self._known and w.lower() not in self._cache
                }
            )
        if todo:
            for w, found in zip(todo, self._nearest(todo), strict=True):
                self._remember(w, found)

    def _nearest(self, words: Sequence[str]) -> list[str | None]:
        if not len(self.words):
            return [None] * len(words)
        sims = np.asarray(self.encode(words), dtype=np.float32) @ self.vectors.T
        best = sims.argmax(axis=1)
        return [
            self.words[b] if sims[i, b] >= self.min_similarity else None
            for i, b in enumerate(best)
        ]

    def _remember(self, word: str, found: str | None) -> None:
        with self._lock:
            self._cache[word] = found
            self._cache.move_to_end(word)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
