"""The build pipeline: read the corpus, cut passages, embed what the cache lacks, write a
generation, publish it.

Each step is a function of its own; ``build`` runs them in order under the build lock. A
build re-embeds only texts whose content key is not in the published generation (the
embedding cache).
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from santeqa import __version__
from santeqa.chunk import passages
from santeqa.codec import chunk_to_json, document_to_json
from santeqa.embed import Embedder, Vectors
from santeqa.errors import CorpusError, IndexProblem
from santeqa.index.generation import (
    FORMAT_VERSION,
    BuildLock,
    expected_config,
    file_list,
    prune,
    publish,
    published_generation,
    read_manifest,
    remove_stale_temporaries,
    seal,
    temporary_folder,
    verify,
)
from santeqa.index.texts import (
    citing_sentences,
    report_words,
    retrieval_text,
    sentence_texts,
    text_key,
)
from santeqa.ingest import Limits, load_lexicon, read_corpus
from santeqa.lexical import LexicalIndex
from santeqa.records import Chunk, Document, Skipped
from santeqa.settings import Settings
from santeqa.text import Analyzer
from santeqa.tunables import Tunables

log = logging.getLogger(__name__)

EMBED_REPORT_EVERY = 64  # texts between two progress lines when there is no progress bar
Say = Callable[[str], None]


@dataclass(frozen=True)
class BuildReport:
    generation: str
    documents: int
    chunks: int
    skipped: tuple[Skipped, ...]
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]
    embedded: int  # texts sent to the model
    reused: int  # texts whose vectors came from the previous generation
    seconds: float
    repairs: dict[str, int]

    def summary(self) -> str:
        lines = [
            f"generation {self.generation}: {self.documents} document(s), {self.chunks} passages",
            f"documents added {len(self.added)}, changed {len(self.changed)}, "
            f"removed {len(self.removed)}, unchanged {len(self.unchanged)}",
            f"texts embedded {self.embedded}, reused from cache {self.reused}",
            f"took {self.seconds:.1f} s",
        ]
        lines += [f"skipped {s.name}: {s.reason}" for s in self.skipped]
        for name in ("added", "changed", "removed"):
            for doc in getattr(self, name):
                lines.append(f"  {name}: {doc}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- step 1: read, cut


@dataclass(frozen=True)
class ReadCorpus:
    """The corpus as documents and passages: what a build indexes and `santeqa chunks` shows."""

    documents: list[Document]
    skipped: list[Skipped]
    chunks: list[Chunk]


def read_passages(settings: Settings, tunables: Tunables | None = None) -> ReadCorpus:
    """Read every document of ``settings.corpus_dir`` and cut it into passages."""
    docs, skipped = read_corpus(
        settings.corpus_dir,
        load_lexicon(settings.lexicon),
        limits=Limits.from_settings(settings),
        heuristics=(tunables or Tunables()).ingest,
    )
    chunks = passages(
        docs,
        words=settings.chunk_words,
        max_words=settings.chunk_max_words,
        overlap=settings.chunk_overlap_sentences,
        split=(tunables or Tunables()).chunking,
    )
    return ReadCorpus(docs, skipped, chunks)


# --------------------------------------------------------------------------- step 2: embed


@dataclass(frozen=True)
class Embedded:
    """The texts of a build, their cache keys and vectors."""

    chunk_texts: list[str]
    chunk_keys: list[str]
    sentence_keys: list[str]
    chunk_vectors: Vectors
    sentence_vectors: Vectors
    words: list[str]  # every word of the passages (``qa.gloss``)
    word_keys: list[str]
    word_vectors: Vectors
    embedded: int  # texts sent to the model
    reused: int  # texts found in the cache


def previous_generation(index_dir: Path) -> str | None:
    """The published generation, None when there is none or ``CURRENT`` is unreadable (a
    build then starts afresh, and publishing it repairs ``CURRENT``)."""
    try:
        return published_generation(index_dir)
    except IndexProblem as exc:
        log.warning("no previous generation: %s", exc)
        return None


def _previous_vectors(index_dir: Path, model_cfg: dict[str, Any]) -> dict[str, np.ndarray]:
    """Embedding cache: content key → vector, from the published generation if compatible."""
    name = previous_generation(index_dir)
    if name is None:
        return {}
    folder = index_dir / name
    try:
        manifest = read_manifest(folder)
        if manifest.get("model") != model_cfg:
            return {}
        verify(folder, manifest)
        keys = json.loads((folder / "keys.json").read_text("utf-8"))
        cv = np.load(folder / "chunk_vectors.npy", allow_pickle=False)
        sv = np.load(folder / "sentence_vectors.npy", allow_pickle=False)
        wv = np.load(folder / "word_vectors.npy", allow_pickle=False)
    except (IndexProblem, OSError, ValueError) as exc:
        log.warning("previous generation not reused as a cache: %s", exc)
        return {}
    cache = dict(zip(keys["chunks"], cv, strict=True))
    cache.update(zip(keys["sentences"], sv, strict=True))
    cache.update(zip(keys["words"], wv, strict=True))
    return cache


def _embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    keys: Sequence[str],
    cache: dict[str, np.ndarray],
    progress: bool,
    say: Say,
    what: str,
) -> tuple[Vectors, int]:
    missing: dict[str, str] = {}
    for k, t in zip(keys, texts, strict=True):
        if k not in cache and k not in missing:
            missing[k] = t
    todo = list(missing.items())
    # without a progress bar (not a terminal: a log), say how far it got every batch
    step = len(todo) if progress else EMBED_REPORT_EVERY
    for i in range(0, len(todo), max(step, 1)):
        batch = todo[i : i + step]
        fresh = embedder.embed_passages([t for _k, t in batch], progress=progress)
        cache.update(zip((k for k, _t in batch), fresh, strict=True))
        if not progress:
            say(f"  {what}: embedded {i + len(batch)}/{len(todo)}")
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32), 0
    return np.stack([cache[k] for k in keys]).astype(np.float32), len(missing)


def embed_corpus(
    settings: Settings, embedder: Embedder, corpus: ReadCorpus, progress: bool, say: Say
) -> Embedded:
    """Vectors for every passage (its retrieval text) and every sentence, reusing those of
    the published generation when the model configuration is the same."""
    model_cfg = expected_config(settings, embedder.name, embedder.dimension)["model"]
    cache = _previous_vectors(settings.index_dir, model_cfg)
    chunks = corpus.chunks
    notes = {(d.name, f.number): f for d in corpus.documents for f in d.footnotes}
    citing = citing_sentences(chunks)
    chunk_texts = [retrieval_text(c, notes, citing) for c in chunks]
    sent_texts = [t for c in chunks for t in sentence_texts(c)]
    pp = settings.passage_prefix
    chunk_keys = [text_key(embedder.name, pp, t) for t in chunk_texts]
    sent_keys = [text_key(embedder.name, pp, t) for t in sent_texts]
    words = report_words([c.text for c in chunks])
    word_keys = [text_key(embedder.name, pp, w) for w in words]
    say(
        f"embedding {len(chunk_texts)} passages, {len(sent_texts)} sentences and {len(words)} words"
    )
    cv, n1 = _embed_with_cache(embedder, chunk_texts, chunk_keys, cache, progress, say, "passages")
    sv, n2 = _embed_with_cache(embedder, sent_texts, sent_keys, cache, progress, say, "sentences")
    wv, n3 = _embed_with_cache(embedder, words, word_keys, cache, progress, say, "words")
    reused = len(set(chunk_keys) | set(sent_keys) | set(word_keys)) - (n1 + n2 + n3)
    return Embedded(
        chunk_texts, chunk_keys, sent_keys, cv, sv, words, word_keys, wv, n1 + n2 + n3, reused
    )


# --------------------------------------------------------------------------- step 3: write


def _versions() -> dict[str, str]:
    out = {"santeqa": __version__, "python": platform.python_version()}
    for pkg in ("numpy", "faiss-cpu", "bm25s", "sentence-transformers", "torch", "PyStemmer"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "absent"
    return out


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def generation_name(model_cfg: dict[str, Any], corpus: ReadCorpus) -> str:
    """``gen-<UTC time>-<hash of model, documents and passage ids>``: names sort by time."""
    hashes = sorted((d.name, d.sha256) for d in corpus.documents)
    content = hashlib.sha256(
        json.dumps([model_cfg, hashes, [c.id for c in corpus.chunks]]).encode()
    ).hexdigest()[:8]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"gen-{stamp}-{content}"


def _write_data_files(folder: Path, corpus: ReadCorpus, vectors: Embedded, dimension: int) -> None:
    _write_json(folder / "documents.json", [document_to_json(d) for d in corpus.documents])
    (folder / "chunks.jsonl").write_text(
        "".join(json.dumps(chunk_to_json(c), ensure_ascii=False) + "\n" for c in corpus.chunks),
        encoding="utf-8",
    )
    keys = {
        "chunks": vectors.chunk_keys,
        "sentences": vectors.sentence_keys,
        "words": vectors.word_keys,
    }
    _write_json(folder / "keys.json", keys)
    _write_json(folder / "words.json", vectors.words)
    np.save(folder / "chunk_vectors.npy", vectors.chunk_vectors, allow_pickle=False)
    np.save(folder / "sentence_vectors.npy", vectors.sentence_vectors, allow_pickle=False)
    np.save(folder / "word_vectors.npy", vectors.word_vectors, allow_pickle=False)
    dense = faiss.IndexFlatIP(dimension)
    if len(vectors.chunk_vectors):
        dense.add(vectors.chunk_vectors)
    faiss.write_index(dense, str(folder / "dense.faiss"))
    LexicalIndex.build(vectors.chunk_texts, Analyzer()).save(folder / "lexical")


def write_generation(
    settings: Settings,
    embedder: Embedder,
    corpus: ReadCorpus,
    vectors: Embedded,
    previous: str | None,
    tunables: Tunables | None = None,
) -> str:
    """Write the generation and its manifest under a temporary name, then seal it. Returns
    its name (it is not published yet)."""
    index_dir = settings.index_dir
    config = expected_config(settings, embedder.name, embedder.dimension, tunables)
    name = generation_name(config["model"], corpus)
    with temporary_folder(index_dir) as tmp:
        _write_data_files(tmp, corpus, vectors, embedder.dimension)
        manifest = {
            "format_version": FORMAT_VERSION,
            "generation": name,
            "previous": previous,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            **config,
            "corpus": {d.name: d.sha256 for d in corpus.documents},
            "skipped": {s.name: s.reason for s in corpus.skipped},
            "counts": {
                "documents": len(corpus.documents),
                "chunks": len(corpus.chunks),
                "sentences": len(vectors.sentence_keys),
                "acronyms_defined_in_text": sum(len(d.acronyms) for d in corpus.documents),
            },
            "versions": _versions(),
            "files": file_list(tmp),
        }
        _write_json(tmp / "manifest.json", manifest)
        seal(tmp, index_dir, name)
    return name


# --------------------------------------------------------------------------- the pipeline


def build(
    settings: Settings,
    embedder: Embedder,
    *,
    progress: bool = False,
    on_step: Say | None = None,
    tunables: Tunables | None = None,
    lock: BuildLock | None = None,
) -> BuildReport:
    """Build a new generation from ``settings.corpus_dir`` and publish it.

    ``lock``: the build lock already taken by the caller (it is released here, at the end);
    by default the build takes it (BuildInProgress when another build holds it).
    """
    say = on_step or (lambda _msg: None)
    t0 = time.perf_counter()
    index_dir = settings.index_dir
    with lock or BuildLock(index_dir):
        remove_stale_temporaries(index_dir)
        say(f"reading {settings.corpus_dir}")
        corpus = read_passages(settings, tunables)
        if not corpus.documents:
            raise CorpusError(
                f"no readable document in {settings.corpus_dir}"
                + "".join(f"\n  skipped {s.name}: {s.reason}" for s in corpus.skipped)
            )
        previous = previous_generation(index_dir)
        previous_corpus = _previous_corpus(index_dir, previous)
        vectors = embed_corpus(settings, embedder, corpus, progress, say)
        say("writing the index")
        name = write_generation(settings, embedder, corpus, vectors, previous, tunables)
        try:
            publish(index_dir, name)
        except BaseException:
            # not published: remove it, so that the index folder is as it was
            _remove_generation(index_dir / name)
            raise
        prune(index_dir, keep=name, previous=previous)
    return _report(name, corpus, previous_corpus, vectors, time.perf_counter() - t0)


def _remove_generation(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _previous_corpus(index_dir: Path, name: str | None) -> dict[str, str]:
    if name is None:
        return {}
    try:
        corpus: dict[str, str] = read_manifest(index_dir / name).get("corpus", {})
    except IndexProblem:
        return {}
    return corpus


def _report(
    name: str,
    corpus: ReadCorpus,
    previous_corpus: dict[str, str],
    vectors: Embedded,
    seconds: float,
) -> BuildReport:
    hashes = {d.name: d.sha256 for d in corpus.documents}
    repairs: dict[str, int] = {}
    for doc in corpus.documents:
        for k, v in doc.repairs.items():
            repairs[k] = repairs.get(k, 0) + v
    return BuildReport(
        generation=name,
        documents=len(corpus.documents),
        chunks=len(corpus.chunks),
        skipped=tuple(corpus.skipped),
        added=tuple(sorted(set(hashes) - set(previous_corpus))),
        changed=tuple(
            sorted(n for n in hashes if n in previous_corpus and previous_corpus[n] != hashes[n])
        ),
        removed=tuple(sorted(set(previous_corpus) - set(hashes))),
        unchanged=tuple(sorted(n for n in hashes if previous_corpus.get(n) == hashes[n])),
        embedded=vectors.embedded,
        reused=vectors.reused,
        seconds=seconds,
        repairs=repairs,
    )
