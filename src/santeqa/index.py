"""The index: build a generation, publish it atomically, load and verify it.

Layout of ``index_dir``::

    CURRENT                 one line: the name of the published generation
    gen-<time>-<hash>/      one folder per generation, never rewritten once published
        manifest.json       model, dimension, settings, corpus hashes, versions, checksums
        documents.json      repaired documents (pages, paragraphs, notes, glossary)
        chunks.jsonl        the passages
        keys.json           content hashes of the embedded texts (the embedding cache keys)
        chunk_vectors.npy   one vector per passage (retrieval text)
        sentence_vectors.npy  one vector per sentence of every passage (answer choice)
        dense.faiss         exact inner-product FAISS index over chunk_vectors
        lexical/            BM25 (bm25s) over the analysed retrieval texts
    .build.lock             held while a build runs (a second build is refused)

A build re-embeds only texts whose hash is not in the published generation (the embedding
cache), writes a new generation folder under a temporary name, fsyncs it, renames it, then
replaces ``CURRENT`` atomically. Readers only ever see complete generations.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import math
import os
import platform
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from santeqa import __version__
from santeqa.chunk import passages
from santeqa.codec import chunk_from_json, chunk_to_json, document_from_json, document_to_json
from santeqa.embed import Embedder, Vectors
from santeqa.errors import BuildInProgress, CorpusError, IndexCorrupt, IndexMismatch, IndexMissing
from santeqa.ingest import Limits, read_corpus
from santeqa.lexical import LexicalIndex
from santeqa.lexicon import load_lexicon
from santeqa.records import Chunk, Document, Footnote, GlossaryEntry, Skipped
from santeqa.settings import Settings
from santeqa.text import Analyzer
from santeqa.tunables import Tunables

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
POINTER = "CURRENT"
LOCK = ".build.lock"
KEEP_GENERATIONS = 2  # the published one and the one before it
EMBED_REPORT_EVERY = 64  # texts between two progress lines when there is no progress bar
GENERATION_NAME = re.compile(r"gen-[0-9A-Za-z-]+")
DATA_FILES = (
    "documents.json",
    "chunks.jsonl",
    "keys.json",
    "chunk_vectors.npy",
    "sentence_vectors.npy",
    "dense.faiss",
)


# --------------------------------------------------------------------------- what is embedded


def citing_sentences(chunks: Sequence[Chunk]) -> dict[tuple[str, int], list[str]]:
    """For each note, the body sentences that cite it (each once, in reading order)."""
    out: dict[tuple[str, int], list[str]] = {}
    for c in chunks:
        if c.kind != "body":
            continue
        for s in c.sentences:
            for n in s.footnotes:
                texts = out.setdefault((c.document, n), [])
                sentence = c.text[s.start : s.end]
                if sentence not in texts:
                    texts.append(sentence)
    return out


def retrieval_text(
    chunk: Chunk, notes: dict[tuple[str, int], Footnote], citing: dict[tuple[str, int], list[str]]
) -> str:
    """What retrieval sees of a passage.

    A body passage carries the text of the notes it cites, and a note carries the sentences
    that cite it, so « d'où vient ce chiffre ? » finds both the sentence and its source even
    when the note stands at the bottom of another page.
    """
    if chunk.kind == "note":
        context = [t for n in chunk.footnotes for t in citing.get((chunk.document, n), [])]
        return "\n".join([*context, chunk.text])
    cited = [notes[(chunk.document, n)] for n in chunk.footnotes if (chunk.document, n) in notes]
    parts = [" ".join(chunk.section), chunk.text, *(f"{n.number}. {n.text}" for n in cited)]
    return "\n".join(p for p in parts if p)


def sentence_texts(chunk: Chunk) -> list[str]:
    return [chunk.text[s.start : s.end] for s in chunk.sentences]


def text_key(model: str, prefix: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{prefix}\x00{text}".encode()).hexdigest()[:32]


# --------------------------------------------------------------------------- loaded index


@dataclass
class LoadedIndex:
    """A verified generation in memory. Read-only after load; shared by request threads."""

    generation: str
    path: Path
    manifest: dict[str, Any]
    documents: dict[str, Document]
    chunks: list[Chunk]
    chunk_vectors: Vectors
    sentence_vectors: Vectors
    sentence_offsets: list[int]  # chunk i's sentences are rows offsets[i]:offsets[i+1]
    dense: Any  # faiss.IndexFlatIP
    lexical: LexicalIndex
    notes: dict[tuple[str, int], Footnote] = field(default_factory=dict)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    citing: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    common_words: frozenset[str] = frozenset()  # words the corpus writes in lower case
    # analysed terms, computed once at load so that answering analyses nothing but the question
    chunk_terms: list[frozenset[str]] = field(default_factory=list)
    sentence_terms: list[frozenset[str]] = field(default_factory=list)  # by sentence row
    citing_terms: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.citing = citing_sentences(self.chunks)
        analyzer = Analyzer()
        self.chunk_terms = [frozenset(analyzer.terms(c.text)) for c in self.chunks]
        self.sentence_terms = [
            frozenset(analyzer.terms(t)) for c in self.chunks for t in sentence_texts(c)
        ]
        self.citing_terms = {
            key: frozenset(analyzer.terms(" ".join(texts))) for key, texts in self.citing.items()
        }
        n = max(len(self.chunks), 1)
        df: dict[str, int] = {}
        for terms in self.chunk_terms:
            for t in terms:
                df[t] = df.get(t, 0) + 1
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.common_words = frozenset(
            w for c in self.chunks for w in re.findall(r"\b[a-zà-ÿ]+\b", c.text)
        )
        for doc in self.documents.values():
            for note in doc.footnotes:
                self.notes[(doc.name, note.number)] = note
            self.glossary.extend(doc.glossary)

    def footnotes_of(self, chunk: Chunk, numbers: Sequence[int] | None = None) -> list[Footnote]:
        wanted = chunk.footnotes if numbers is None else numbers
        return [
            self.notes[(chunk.document, n)] for n in wanted if (chunk.document, n) in self.notes
        ]

    def sentence_rows(self, chunk_index: int) -> range:
        return range(self.sentence_offsets[chunk_index], self.sentence_offsets[chunk_index + 1])

    @property
    def model(self) -> str:
        return str(self.manifest["model"]["name"])

    @property
    def built_at(self) -> str:
        return str(self.manifest["built_at"])


# --------------------------------------------------------------------------- small file helpers


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fsync_file(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _all_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _versions() -> dict[str, str]:
    out = {"santeqa": __version__, "python": platform.python_version()}
    for pkg in ("numpy", "faiss-cpu", "bm25s", "sentence-transformers", "torch", "PyStemmer"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "absent"
    return out


def expected_config(
    settings: Settings, embedder_name: str, dimension: int, tunables: Tunables = Tunables()
) -> dict[str, Any]:
    """What the manifest must say for an index to be usable with these settings."""
    return {
        "tunables": tunables.as_dict(),
        "model": {
            "name": embedder_name,
            "dimension": dimension,
            "query_prefix": settings.query_prefix,
            "passage_prefix": settings.passage_prefix,
        },
        "chunking": {
            "words": settings.chunk_words,
            "max_words": settings.chunk_max_words,
            "overlap_sentences": settings.chunk_overlap_sentences,
        },
    }


# --------------------------------------------------------------------------- reading


def published_generation(index_dir: Path) -> str | None:
    pointer = index_dir / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def generations(index_dir: Path) -> list[str]:
    """Complete generation folders, oldest first (names sort by build time)."""
    if not index_dir.is_dir():
        return []
    return sorted(p.name for p in index_dir.iterdir() if p.is_dir() and p.name.startswith("gen-"))


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    try:
        manifest: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorrupt(f"{folder.name}: manifest.json is missing") from exc
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"{folder.name}: manifest.json is unreadable ({exc})") from exc
    if not isinstance(manifest, dict) or "format_version" not in manifest:
        raise IndexCorrupt(f"{folder.name}: manifest.json is not an index manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatch(
            f"{folder.name}: index format {manifest.get('format_version')!r}, this santeqa "
            f"reads format {FORMAT_VERSION}; rebuild with `santeqa index`"
        )
    return manifest


def verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file listed in the manifest exists with its size and checksum; nothing extra."""
    listed = manifest.get("files")
    if not isinstance(listed, dict) or not all(
        isinstance(m, dict) and isinstance(m.get("bytes"), int) and isinstance(m.get("sha256"), str)
        for m in listed.values()
    ):
        raise IndexCorrupt(f"{folder.name}: manifest.json has a malformed file list")
    for rel, meta in listed.items():
        path = folder / rel
        if not path.is_file():
            raise IndexCorrupt(f"{folder.name}: file {rel} is missing")
        size = path.stat().st_size
        if size != meta["bytes"]:
            raise IndexCorrupt(
                f"{folder.name}: file {rel} has {size} bytes, expected {meta['bytes']}"
            )
        if _sha256(path) != meta["sha256"]:
            raise IndexCorrupt(f"{folder.name}: file {rel} fails its checksum (altered or damaged)")
    for name in DATA_FILES:
        if name not in listed:
            raise IndexCorrupt(f"{folder.name}: manifest does not list {name}")


def check_config(manifest: dict[str, Any], expected: dict[str, Any], where: str) -> None:
    for part, values in expected.items():
        got = manifest.get(part, {})
        if not isinstance(got, dict):
            raise IndexCorrupt(f"{where}: manifest.json has a malformed {part!r} entry")
        for key, want in values.items():
            if got.get(key) != want:
                raise IndexMismatch(
                    f"{where}: built with {part}.{key}={got.get(key)!r} but the settings ask "
                    f"for {want!r}; rebuild with `santeqa index`"
                )


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
        dense = faiss.read_index(str(folder / "dense.faiss"))
        lexical = LexicalIndex.load(folder / "lexical", len(chunks))
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise IndexCorrupt(f"{name}: cannot read the index files ({exc})") from exc
    offsets = [0]
    for c in chunks:
        offsets.append(offsets[-1] + len(c.sentences))
    model = manifest.get("model")
    dim = model.get("dimension") if isinstance(model, dict) else None
    if chunk_vectors.shape != (len(chunks), dim) or sentence_vectors.shape != (offsets[-1], dim):
        raise IndexCorrupt(f"{name}: vector arrays do not match the passages")
    if dense.ntotal != len(chunks):
        raise IndexCorrupt(
            f"{name}: FAISS index holds {dense.ntotal} vectors, expected {len(chunks)}"
        )
    return LoadedIndex(
        generation=name,
        path=folder,
        manifest=manifest,
        documents={d.name: d for d in docs},
        chunks=chunks,
        chunk_vectors=chunk_vectors.astype(np.float32, copy=False),
        sentence_vectors=sentence_vectors.astype(np.float32, copy=False),
        sentence_offsets=offsets,
        dense=dense,
        lexical=lexical,
    )


@dataclass(frozen=True)
class LoadOutcome:
    index: LoadedIndex
    fallback_reason: str | None  # why the published generation was not used, if it was not


def load_index(index_dir: Path, expected: dict[str, Any] | None) -> LoadOutcome:
    """Load the published generation; if it is damaged, the newest older one that is intact."""
    name = published_generation(index_dir)
    if name is None:
        raise IndexMissing(f"no index in {index_dir}: build one with `santeqa index`")
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
            try:
                loaded = load_generation(index_dir, older, expected)
            except (IndexCorrupt, IndexMismatch) as exc2:
                log.error("fallback generation %s unusable: %s", older, exc2)
                continue
            log.warning("serving previous generation %s instead", older)
            return LoadOutcome(loaded, reason)
        raise


# --------------------------------------------------------------------------- building


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


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK).open("a+") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildInProgress(f"another build holds {index_dir / LOCK}") from exc
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def build_running(index_dir: Path) -> bool:
    """Whether a build (of this process or another) holds the build lock right now."""
    if not (index_dir / LOCK).exists():
        return False
    with (index_dir / LOCK).open("a+") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    return False


def _previous_vectors(index_dir: Path, model_cfg: dict[str, Any]) -> dict[str, np.ndarray]:
    """Embedding cache: content key → vector, from the published generation if compatible."""
    name = published_generation(index_dir)
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
    except (IndexCorrupt, IndexMismatch, OSError, ValueError) as exc:
        log.warning("previous generation not reused as a cache: %s", exc)
        return {}
    cache = dict(zip(keys["chunks"], cv, strict=True))
    cache.update(zip(keys["sentences"], sv, strict=True))
    return cache


def _embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    keys: Sequence[str],
    cache: dict[str, np.ndarray],
    progress: bool,
    say: Callable[[str], None],
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


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def build(
    settings: Settings,
    embedder: Embedder,
    *,
    progress: bool = False,
    on_step: Callable[[str], None] | None = None,
    tunables: Tunables = Tunables(),
) -> BuildReport:
    """Build a new generation from ``settings.corpus_dir`` and publish it."""
    say = on_step or (lambda _msg: None)
    t0 = time.perf_counter()
    index_dir = settings.index_dir
    with build_lock(index_dir):
        _remove_stale_temporaries(index_dir)
        say(f"reading {settings.corpus_dir}")
        docs, skipped = read_corpus(
            settings.corpus_dir,
            load_lexicon(settings.lexicon),
            limits=Limits.from_settings(settings),
        )
        if not docs:
            raise CorpusError(
                f"no readable document in {settings.corpus_dir}"
                + "".join(f"\n  skipped {s.name}: {s.reason}" for s in skipped)
            )
        chunks = passages(
            docs,
            words=settings.chunk_words,
            max_words=settings.chunk_max_words,
            overlap=settings.chunk_overlap_sentences,
            split=tunables.chunking,
        )
        notes = {(d.name, f.number): f for d in docs for f in d.footnotes}

        model_cfg = expected_config(settings, embedder.name, embedder.dimension)["model"]
        prev_name = published_generation(index_dir)
        prev_corpus = _previous_corpus(index_dir, prev_name)
        cache = _previous_vectors(index_dir, model_cfg)

        citing = citing_sentences(chunks)
        chunk_texts = [retrieval_text(c, notes, citing) for c in chunks]
        sent_texts = [t for c in chunks for t in sentence_texts(c)]
        pp = settings.passage_prefix
        chunk_keys = [text_key(embedder.name, pp, t) for t in chunk_texts]
        sent_keys = [text_key(embedder.name, pp, t) for t in sent_texts]
        say(f"embedding {len(chunk_texts)} passages and {len(sent_texts)} sentences")
        cv, n1 = _embed_with_cache(
            embedder, chunk_texts, chunk_keys, cache, progress, say, "passages"
        )
        sv, n2 = _embed_with_cache(
            embedder, sent_texts, sent_keys, cache, progress, say, "sentences"
        )
        embedded = n1 + n2
        reused = len(set(chunk_keys) | set(sent_keys)) - embedded

        say("writing the index")
        corpus = {d.name: d.sha256 for d in docs}
        content = hashlib.sha256(
            json.dumps([model_cfg, sorted(corpus.items()), [c.id for c in chunks]]).encode()
        ).hexdigest()[:8]
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        name = f"gen-{stamp}-{content}"
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-gen-", dir=index_dir))
        try:
            _write_json(tmp / "documents.json", [document_to_json(d) for d in docs])
            (tmp / "chunks.jsonl").write_text(
                "".join(json.dumps(chunk_to_json(c), ensure_ascii=False) + "\n" for c in chunks),
                encoding="utf-8",
            )
            _write_json(tmp / "keys.json", {"chunks": chunk_keys, "sentences": sent_keys})
            np.save(tmp / "chunk_vectors.npy", cv, allow_pickle=False)
            np.save(tmp / "sentence_vectors.npy", sv, allow_pickle=False)
            dense = faiss.IndexFlatIP(embedder.dimension)
            if len(cv):
                dense.add(cv)
            faiss.write_index(dense, str(tmp / "dense.faiss"))
            LexicalIndex.build(chunk_texts, Analyzer()).save(tmp / "lexical")
            built_at = datetime.now(UTC).isoformat(timespec="seconds")
            manifest = {
                "format_version": FORMAT_VERSION,
                "generation": name,
                "previous": prev_name,
                "built_at": built_at,
                **expected_config(settings, embedder.name, embedder.dimension, tunables),
                "corpus": corpus,
                "skipped": {s.name: s.reason for s in skipped},
                "counts": {
                    "documents": len(docs),
                    "chunks": len(chunks),
                    "sentences": len(sent_texts),
                },
                "versions": _versions(),
                "files": {
                    str(p.relative_to(tmp)): {"bytes": p.stat().st_size, "sha256": _sha256(p)}
                    for p in _all_files(tmp)
                },
            }
            _write_json(tmp / "manifest.json", manifest)
            for p in _all_files(tmp):
                _fsync_file(p)
            for folder in [tmp, *sorted({p.parent for p in _all_files(tmp)})]:
                _fsync_dir(folder)
            os.chmod(tmp, 0o755)
            os.rename(tmp, index_dir / name)
            _fsync_dir(index_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        publish(index_dir, name)
        _prune(index_dir, keep=name, previous=prev_name)

    added = tuple(sorted(set(corpus) - set(prev_corpus)))
    removed = tuple(sorted(set(prev_corpus) - set(corpus)))
    changed = tuple(sorted(n for n in corpus if n in prev_corpus and prev_corpus[n] != corpus[n]))
    unchanged = tuple(sorted(n for n in corpus if prev_corpus.get(n) == corpus[n]))
    repairs: dict[str, int] = {}
    for doc in docs:
        for k, v in doc.repairs.items():
            repairs[k] = repairs.get(k, 0) + v
    return BuildReport(
        generation=name,
        documents=len(docs),
        chunks=len(chunks),
        skipped=tuple(skipped),
        added=added,
        changed=changed,
        removed=removed,
        unchanged=unchanged,
        embedded=embedded,
        reused=reused,
        seconds=time.perf_counter() - t0,
        repairs=repairs,
    )


def _previous_corpus(index_dir: Path, name: str | None) -> dict[str, str]:
    if name is None:
        return {}
    try:
        corpus: dict[str, str] = read_manifest(index_dir / name).get("corpus", {})
    except (IndexCorrupt, IndexMismatch):
        return {}
    return corpus


def publish(index_dir: Path, name: str) -> None:
    """Point ``CURRENT`` at generation ``name``: temp file, fsync, rename, fsync the folder."""
    tmp = index_dir / f".{POINTER}.tmp"
    with tmp.open("w", encoding="utf-8") as f:
        f.write(name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / POINTER)
    _fsync_dir(index_dir)


def _remove_stale_temporaries(index_dir: Path) -> None:
    """Leftovers of builds that died (we hold the build lock, so none is running)."""
    for p in index_dir.glob(".tmp-gen-*"):
        shutil.rmtree(p, ignore_errors=True)


def _prune(index_dir: Path, keep: str, previous: str | None) -> None:
    protected = {keep, previous}
    for name in generations(index_dir):
        if name not in protected:
            shutil.rmtree(index_dir / name, ignore_errors=True)
