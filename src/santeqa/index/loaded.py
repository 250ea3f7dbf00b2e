"""A published generation loaded in memory (``LoadedIndex``), and loading with fallback."""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt

from santeqa.codec import chunk_from_json, document_from_json
from santeqa.embed import Vectors
from santeqa.errors import IndexCorrupt, IndexMismatch, IndexMissing, IndexProblem
from santeqa.index.generation import (
    GENERATION_NAME,
    POINTER,
    check_config,
    generations,
    published_generation,
    read_manifest,
    unreadable,
    verify,
)
from santeqa.index.texts import citing_sentences, sentence_texts
from santeqa.lexical import LexicalIndex
from santeqa.records import Chunk, Document, Footnote, GlossaryEntry
from santeqa.text import Analyzer, fold

log = logging.getLogger(__name__)


def question_glossary(documents: Sequence[Document]) -> tuple[GlossaryEntry, ...]:
    """What questions are expanded with: every glossary row, then the acronyms the running
    text defines that no glossary has (a glossary's own expansion wins)."""
    rows = tuple(g for d in documents for g in d.glossary)
    listed = {g.acronym.upper() for g in rows}
    body: dict[str, GlossaryEntry] = {}
    for a in (a for d in documents for a in d.acronyms):
        if a.acronym.upper() not in listed:
            body.setdefault(a.acronym.upper(), a)
    return rows + tuple(body.values())


@dataclass(frozen=True)
class LoadedIndex:
    """A verified generation in memory, shared read-only by request threads.

    Build one with ``LoadedIndex.of``: it derives the lookup tables and analysed terms once,
    so that answering analyses nothing but the question.
    """

    generation: str
    manifest: dict[str, Any]
    documents: Mapping[str, Document]
    chunks: Sequence[Chunk]
    chunk_vectors: Vectors
    sentence_vectors: Vectors
    sentence_offsets: Sequence[int]  # chunk i's sentences are rows offsets[i]:offsets[i+1]
    dense: Any  # faiss.IndexFlatIP
    lexical: LexicalIndex
    notes: Mapping[tuple[str, int], Footnote]
    glossary: Sequence[GlossaryEntry]  # the glossaries' rows, then body-defined acronyms
    citing: Mapping[tuple[str, int], list[str]]
    common_words: frozenset[str]  # words the corpus writes in lower case, folded (no accents)
    chunk_terms: Sequence[frozenset[str]]
    sentence_terms: Sequence[frozenset[str]]  # by sentence row
    citing_terms: Mapping[tuple[str, int], frozenset[str]]
    idf: dict[str, float]  # a dict: the answer step takes one
    # every word of the passages and its vector, for glossing English questions (``qa.gloss``)
    words: Sequence[str] = ()
    word_vectors: Vectors | None = None
    known_words: frozenset[str] = frozenset()  # ``words`` folded

    @classmethod
    def of(
        cls,
        *,
        generation: str,
        manifest: dict[str, Any],
        documents: Sequence[Document],
        chunks: Sequence[Chunk],
        chunk_vectors: Vectors,
        sentence_vectors: Vectors,
        dense: Any,
        lexical: LexicalIndex,
        words: Sequence[str] = (),
        word_vectors: Vectors | None = None,
    ) -> LoadedIndex:
        """The index over these parts, with everything derived from them computed once."""
        chunks = tuple(chunks)
        offsets = [0]
        for c in chunks:
            offsets.append(offsets[-1] + len(c.sentences))
        citing = citing_sentences(chunks)
        analyzer = Analyzer()
        chunk_terms = tuple(frozenset(analyzer.terms(c.text)) for c in chunks)
        return cls(
            generation=generation,
            manifest=manifest,
            documents={d.name: d for d in documents},
            chunks=chunks,
            chunk_vectors=chunk_vectors,
            sentence_vectors=sentence_vectors,
            sentence_offsets=tuple(offsets),
            dense=dense,
            lexical=lexical,
            notes={(d.name, n.number): n for d in documents for n in d.footnotes},
            glossary=question_glossary(documents),
            citing=citing,
            common_words=frozenset(
                fold(w) for c in chunks for w in re.findall(r"\b[a-zà-ÿ]+\b", c.text)
            ),
            chunk_terms=chunk_terms,
            sentence_terms=tuple(
                frozenset(analyzer.terms(t)) for c in chunks for t in sentence_texts(c)
            ),
            citing_terms={
                key: frozenset(analyzer.terms(" ".join(texts))) for key, texts in citing.items()
            },
            idf=_idf(chunk_terms),
            words=tuple(words),
            word_vectors=word_vectors,
            known_words=frozenset(fold(w) for w in words),
        )

    def footnotes_of(self, chunk: Chunk, numbers: Sequence[int] | None = None) -> list[Footnote]:
        wanted = chunk.footnotes if numbers is None else numbers
        return [
            self.notes[(chunk.document, n)] for n in wanted if (chunk.document, n) in self.notes
        ]

    @cached_property
    def sentence_bounds(self) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        """The first sentence row of each passage that has sentences, and which passages have
        some (``sentence_offsets`` as arrays, for the per-question reductions over them)."""
        offsets = np.asarray(self.sentence_offsets, dtype=np.intp)
        has = np.diff(offsets) > 0
        return offsets[:-1][has], has

    @cached_property
    def _rows_by_id(self) -> dict[str, int]:
        return {c.id: r for r, c in enumerate(self.chunks)}

    def row_of(self, passage_id: str) -> int | None:
        """The row of the passage with this id, if the index holds it."""
        return self._rows_by_id.get(passage_id)

    def sentence_rows(self, chunk_index: int) -> range:
        return range(self.sentence_offsets[chunk_index], self.sentence_offsets[chunk_index + 1])

    @property
    def model(self) -> str:
        return str(self.manifest["model"]["name"])

    @property
    def built_at(self) -> str:
        return str(self.manifest["built_at"])


def _idf(chunk_terms: Sequence[frozenset[str]]) -> dict[str, float]:
    n = max(len(chunk_terms), 1)
    df: dict[str, int] = {}
    for terms in chunk_terms:
        for t in terms:
            df[t] = df.get(t, 0) + 1
    return {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}


# --------------------------------------------------------------------------- loading


def load_generation(index_dir: Path, name: str, expected: dict[str, Any] | None) -> LoadedIndex:
    if not GENERATION_NAME.fullmatch(name):
        raise IndexCorrupt(f"{POINTER} names {name!r}, which is not a generation")
    folder = index_dir / name
    if not folder.is_dir():
        raise IndexCorrupt(f"generation {name} named by {POINTER} does not exist")
    manifest = read_manifest(folder)
    if expected is not None:
        check_config(manifest, expected, name)
    verify(folder, manifest)
    try:
        docs = [
            document_from_json(d)
            for d in json.loads((folder / "documents.json").read_text("utf-8"))
        ]
        chunks = [
            chunk_from_json(json.loads(line))
            for line in (folder / "chunks.jsonl").read_text("utf-8").splitlines()
            if line.strip()
        ]
        chunk_vectors = np.load(folder / "chunk_vectors.npy", allow_pickle=False)
        sentence_vectors = np.load(folder / "sentence_vectors.npy", allow_pickle=False)
        words = json.loads((folder / "words.json").read_text("utf-8"))
        word_vectors = np.load(folder / "word_vectors.npy", allow_pickle=False)
        dense = faiss.read_index(str(folder / "dense.faiss"))
        lexical = LexicalIndex.load(folder / "lexical", len(chunks))
    except OSError as exc:
        raise unreadable(name, "an index file", exc) from exc
    except (ValueError, KeyError, RuntimeError) as exc:
        # the message of a parser may quote the file's full path: it is cut to the folder name
        detail = str(exc).replace(str(folder), name)
        raise IndexCorrupt(f"{name}: cannot read the index files ({detail})") from exc
    sentences = sum(len(c.sentences) for c in chunks)
    model = manifest.get("model")
    dim = model.get("dimension") if isinstance(model, dict) else None
    if chunk_vectors.shape != (len(chunks), dim) or sentence_vectors.shape != (sentences, dim):
        raise IndexCorrupt(f"{name}: vector arrays do not match the passages")
    if not isinstance(words, list) or word_vectors.shape != (len(words), dim):
        raise IndexCorrupt(f"{name}: word vectors do not match the words")
    if dense.ntotal != len(chunks):
        raise IndexCorrupt(
            f"{name}: FAISS index holds {dense.ntotal} vectors, expected {len(chunks)}"
        )
    return LoadedIndex.of(
        generation=name,
        manifest=manifest,
        documents=docs,
        chunks=chunks,
        chunk_vectors=chunk_vectors.astype(np.float32, copy=False),
        sentence_vectors=sentence_vectors.astype(np.float32, copy=False),
        dense=dense,
        lexical=lexical,
        words=[str(w) for w in words],
        word_vectors=word_vectors.astype(np.float32, copy=False),
    )


@dataclass(frozen=True)
class LoadOutcome:
    index: LoadedIndex
    fallback_reason: str | None  # why the published generation was not used, if it was not


def load_index(
    index_dir: Path, expected: dict[str, Any] | None, loaded: LoadedIndex | None = None
) -> LoadOutcome:
    """Load the published generation; if it is damaged, the newest older one that is intact
    (``loaded``, when it is that one, is used as it is instead of being read again).

    An index that cannot be read right now (IndexUnavailable) is not damaged: that error is
    raised as it is, for the caller to retry.
    """
    name = published_generation(index_dir)
    if name is None:
        raise IndexMissing("no index in the index folder yet: build one with `santeqa index`")
    try:
        return LoadOutcome(load_generation(index_dir, name, expected), None)
    except IndexMismatch:
        raise
    except IndexCorrupt as exc:
        reason = str(exc)
        log.error("published index unusable: %s", reason)
        for older in reversed(generations(index_dir)):
            if older >= name:
                continue
            if loaded is not None and loaded.generation == older:
                log.warning("still serving previous generation %s", older)
                return LoadOutcome(loaded, reason)
            try:
                loaded = load_generation(index_dir, older, expected)
            except IndexProblem as exc2:
                log.error("fallback generation %s unusable: %s", older, exc2)
                continue
            log.warning("serving previous generation %s instead", older)
            return LoadOutcome(loaded, reason)
        raise


def load_newest(index_dir: Path, expected: dict[str, Any] | None, reason: str) -> LoadOutcome:
    """When ``CURRENT`` cannot say which generation is published (``reason``): the newest
    intact generation, served with that reason; raises IndexCorrupt(reason) if there is none."""
    for name in reversed(generations(index_dir)):
        try:
            loaded = load_generation(index_dir, name, expected)
        except IndexProblem as exc:
            log.error("generation %s unusable: %s", name, exc)
            continue
        log.warning("%s: serving the newest generation, %s", reason, name)
        return LoadOutcome(loaded, reason)
    raise IndexCorrupt(reason)
