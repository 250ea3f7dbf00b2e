"""French lexical search: a BM25 index (bm25s) over the terms of ``santeqa.text.Analyzer``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import numpy.typing as npt

from santeqa.text import Analyzer


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
