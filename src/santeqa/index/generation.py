"""Generations on disk: the manifest, verification, the build lock, publishing and pruning.

Layout of ``index_dir``::

    CURRENT                 one line: the name of the published generation
    gen-<time>-<hash>/      one folder per generation, never rewritten once published
        manifest.json       model, dimension, settings, corpus hashes, versions, checksums
        documents.json      repaired documents (pages, paragraphs, notes, glossary)
        chunks.jsonl        the passages
        keys.json           content hashes of the embedded texts (the embedding cache keys)
        chunk_vectors.npy   one vector per passage (retrieval text)
        sentence_vectors.npy  one vector per sentence of every passage (answer choice)
        words.json          every word of the passages, sorted (``qa.gloss``)
        word_vectors.npy    one vector per word (English questions glossed in French)
        dense.faiss         exact inner-product FAISS index over chunk_vectors
        lexical/            BM25 (bm25s) over the analysed retrieval texts
    .build.lock             held while a build runs (a second build is refused)

A build writes a new generation folder under a temporary name, fsyncs it, renames it (``seal``),
then replaces ``CURRENT`` atomically (``publish``). Readers only ever see complete generations.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from santeqa.errors import (
    BuildInProgress,
    IndexCorrupt,
    IndexMismatch,
    IndexProblem,
    IndexUnavailable,
)
from santeqa.settings import Settings
from santeqa.text import ANALYSIS_VERSION
from santeqa.tunables import Tunables

# 2: documents.json holds the acronyms the running text defines; 3: words and their vectors
FORMAT_VERSION = 3
POINTER = "CURRENT"
LOCK = ".build.lock"
MAX_POINTER_BYTES = 256  # a generation name is far shorter
TEMPORARY_PREFIX = ".tmp-gen-"  # a generation being written; never read
GENERATION_NAME = re.compile(r"gen-[0-9A-Za-z-]+")
DATA_FILES = (
    "documents.json",
    "chunks.jsonl",
    "keys.json",
    "chunk_vectors.npy",
    "sentence_vectors.npy",
    "words.json",
    "word_vectors.npy",
    "dense.faiss",
)


# --------------------------------------------------------------------------- the settings record


def expected_config(
    settings: Settings, embedder_name: str, dimension: int, tunables: Tunables | None = None
) -> dict[str, Any]:
    """What the manifest must say for an index to be usable with these settings.

    Each part is written to the manifest as is and compared key by key on load
    (``check_config``): recording (and enforcing) one more part is one more entry here.
    """
    return {
        "tunables": (tunables or Tunables()).as_dict(),
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
        "analysis": {"version": ANALYSIS_VERSION},
    }


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


# --------------------------------------------------------------------------- small file helpers


def sha256_of(path: Path) -> str:
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


def all_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def file_list(folder: Path) -> dict[str, dict[str, Any]]:
    """The manifest's ``files`` entry: every file of ``folder`` with its size and checksum."""
    return {
        str(p.relative_to(folder)): {"bytes": p.stat().st_size, "sha256": sha256_of(p)}
        for p in all_files(folder)
    }


# --------------------------------------------------------------------------- reading


def published_generation(index_dir: Path) -> str | None:
    """The generation ``CURRENT`` names, None when there is no ``CURRENT``.

    Raises IndexCorrupt when it does not hold a generation name (a folder, bytes that are not
    UTF-8, a path) and IndexUnavailable when it cannot be read right now (EIO, too many open
    files...).
    """
    try:
        with (index_dir / POINTER).open("rb") as f:
            raw = f.read(MAX_POINTER_BYTES + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError as exc:
        raise IndexCorrupt(f"{POINTER} is a folder, not the name of a generation") from exc
    except OSError as exc:
        raise IndexUnavailable(f"{POINTER} cannot be read right now ({reason_of(exc)})") from exc
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise IndexCorrupt(f"{POINTER} does not hold a generation name (not UTF-8 text)") from exc
    if len(raw) > MAX_POINTER_BYTES:
        raise IndexCorrupt(f"{POINTER} does not hold a generation name (too long)")
    if name and not GENERATION_NAME.fullmatch(name):
        raise IndexCorrupt(f"{POINTER} names {name!r}, which is not a generation")
    return name or None


def reason_of(exc: OSError) -> str:
    """An OS error in words, without the file path it may carry (paths stay private)."""
    return exc.strerror or type(exc).__name__


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
    except OSError as exc:
        raise unreadable(folder.name, "manifest.json", exc) from exc
    except ValueError as exc:
        raise IndexCorrupt(f"{folder.name}: manifest.json is unreadable ({exc})") from exc
    if not isinstance(manifest, dict) or "format_version" not in manifest:
        raise IndexCorrupt(f"{folder.name}: manifest.json is not an index manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatch(
            f"{folder.name}: index format {manifest.get('format_version')!r}, this santeqa "
            f"reads format {FORMAT_VERSION}; rebuild with `santeqa index`"
        )
    return manifest


def unreadable(generation: str, what: str, exc: OSError) -> IndexProblem:
    """The error for an OS error met while reading ``what``: a missing file is damage, any
    other OS error (EIO, EMFILE, EACCES...) says nothing about the files and is retried."""
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return IndexCorrupt(f"{generation}: {what} is missing")
    return IndexUnavailable(f"{generation}: {what} cannot be read right now ({reason_of(exc)})")


def verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file listed in the manifest exists with its size and checksum; nothing extra."""
    try:
        _verify(folder, manifest)
    except OSError as exc:
        raise unreadable(folder.name, "a file", exc) from exc


def _verify(folder: Path, manifest: dict[str, Any]) -> None:
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
        if sha256_of(path) != meta["sha256"]:
            raise IndexCorrupt(f"{folder.name}: file {rel} fails its checksum (altered or damaged)")
    for name in DATA_FILES:
        if name not in listed:
            raise IndexCorrupt(f"{folder.name}: manifest does not list {name}")


# --------------------------------------------------------------------------- the build lock


class BuildLock:
    """The build lock, held: an exclusive ``flock`` on ``index_dir/.build.lock``.

    Taking it is the only test of whether a build runs (there is no probe: a probe that took
    the lock for an instant would make a build starting at that instant fail). It can be
    taken in one thread and released in another, which lets a request refuse (409) or start
    a rebuild in one step.
    """

    def __init__(self, index_dir: Path) -> None:
        index_dir.mkdir(parents=True, exist_ok=True)
        self._file = (index_dir / LOCK).open("a+")
        try:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self._file.close()
            raise BuildInProgress("another build is running (it holds the build lock)") from exc

    def release(self) -> None:
        if not self._file.closed:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()

    def __enter__(self) -> BuildLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    with BuildLock(index_dir):
        yield


# --------------------------------------------------------------------------- writing


@contextlib.contextmanager
def temporary_folder(index_dir: Path) -> Iterator[Path]:
    """A folder to write a generation into; removed if the writing fails."""
    tmp = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, dir=index_dir))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def seal(tmp: Path, index_dir: Path, name: str) -> None:
    """Make the written folder ``tmp`` the complete generation ``name``: fsync every file and
    folder, then rename it (readers never see a generation half written)."""
    for p in all_files(tmp):
        _fsync_file(p)
    for folder in [tmp, *sorted({p.parent for p in all_files(tmp)})]:
        _fsync_dir(folder)
    os.chmod(tmp, 0o755)
    os.rename(tmp, index_dir / name)
    _fsync_dir(index_dir)


def publish(index_dir: Path, name: str) -> None:
    """Point ``CURRENT`` at generation ``name``: temp file, fsync, rename, fsync the folder.

    If anything fails before the rename, ``CURRENT`` is untouched and the temp file removed."""
    tmp = index_dir / f".{POINTER}.tmp"
    try:
        with tmp.open("w", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, index_dir / POINTER)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(index_dir)


def remove_stale_temporaries(index_dir: Path) -> None:
    """Leftovers of builds that died (the caller holds the build lock, so none is running)."""
    for p in index_dir.glob(TEMPORARY_PREFIX + "*"):
        shutil.rmtree(p, ignore_errors=True)


def prune(index_dir: Path, keep: str, previous: str | None) -> None:
    """Remove every generation but the published one and the one before it."""
    protected = {keep, previous}
    for name in generations(index_dir):
        if name not in protected:
            shutil.rmtree(index_dir / name, ignore_errors=True)
