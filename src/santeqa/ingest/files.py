"""Reading the corpus folder: bounded file reads, text decoding, one ``Document`` per file.

Hostile or broken files (see ``Limits``) are skipped with a reason, never fatal: files over
``max_document_bytes`` are not read; PDFs are parsed in a child process with capped memory
and wall-clock time (``pdf.py``), page and character counts capped; empty, binary,
encrypted, truncated files, and links leading out of the corpus are refused.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from pathlib import Path

from santeqa.errors import CorpusError, DocumentError
from santeqa.ingest.decoding import decode_text
from santeqa.ingest.heuristics import HEURISTICS, IngestHeuristics
from santeqa.ingest.lexicon import Lexicon
from santeqa.ingest.limits import DEFAULT_LIMITS, Limits
from santeqa.ingest.pdf import read_pdf_pages
from santeqa.ingest.pdf_layout import build_pdf_document
from santeqa.ingest.txt import build_document, split_text_pages
from santeqa.records import Document, Skipped

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".pdf")


def read_corpus(
    corpus_dir: Path,
    lexicon: Lexicon,
    *,
    limits: Limits = DEFAULT_LIMITS,
    heuristics: IngestHeuristics = HEURISTICS,
) -> tuple[list[Document], list[Skipped]]:
    """Read every ``.txt`` / ``.pdf`` of ``corpus_dir`` (sorted by name).

    A file that cannot be read, or is over one of the ``limits``, becomes a ``Skipped``
    (logged); the others are still read. A symbolic link is followed when it points to a file
    inside the corpus folder (the document is then read under the link's name), skipped when
    it points outside. Raises ``CorpusError`` when the folder is missing.
    """
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    root = corpus_dir.resolve()
    documents: list[Document] = []
    skipped: list[Skipped] = []
    paths = sorted(
        (p for p in corpus_dir.iterdir() if p.suffix.lower() in SUFFIXES), key=lambda p: p.name
    )
    for path in paths:
        try:
            if path.is_symlink():
                try:
                    target = path.resolve()
                except (OSError, RuntimeError):  # a loop of links
                    raise DocumentError(path.name, "broken symbolic link") from None
                if not target.is_relative_to(root):
                    raise DocumentError(
                        path.name, "symbolic link pointing outside the corpus folder"
                    )
                if not target.exists():
                    raise DocumentError(path.name, "broken symbolic link")
            if not path.is_file():
                raise DocumentError(path.name, "not a regular file")
            documents.append(read_document(path, lexicon, limits=limits, heuristics=heuristics))
        except DocumentError as exc:
            log.warning("skipped %s: %s", exc.name, exc.reason)
            skipped.append(Skipped(exc.name, exc.reason))
        except Exception as exc:  # a bug on one odd file must not lose the whole corpus
            log.exception("skipped %s: unexpected error", path.name)
            skipped.append(Skipped(path.name, f"unexpected error ({type(exc).__name__}: {exc})"))
    return documents, skipped


def read_document(
    path: Path,
    lexicon: Lexicon,
    *,
    limits: Limits = DEFAULT_LIMITS,
    heuristics: IngestHeuristics = HEURISTICS,
) -> Document:
    """Read one file. Raises ``DocumentError`` when it cannot be read or is over a limit."""
    name = path.name
    data = _read_bytes(path, limits.max_document_bytes)
    if not data.strip():
        raise DocumentError(name, "empty file")
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".pdf":
        pdf_pages = read_pdf_pages(data, name, limits=limits)
        if not any(any(c.isalpha() for c in p.text) for p in pdf_pages):
            raise DocumentError(name, "no text")
        return build_pdf_document(name, sha, pdf_pages, lexicon, heuristics)
    else:
        if len(data) > 4 * limits.max_document_chars:  # UTF-8: at most 4 bytes a character
            raise DocumentError(
                name, f"too much text (over {limits.max_document_chars} characters)"
            )
        text = decode_text(data, name, heuristics)
        del data
        _check_chars(name, len(text), limits)
        pages = [(str(i), raw) for i, raw in enumerate(split_text_pages(text), 1)]
    if not any(any(c.isalpha() for c in raw) for _, raw in pages):
        raise DocumentError(name, "no text")
    return build_document(name, sha, pages, lexicon, heuristics)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, never reading more than that."""
    name = path.name
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO swapped in cannot hang the build
    except OSError as exc:
        raise DocumentError(name, f"unreadable ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError(name, "not a regular file")
        if st.st_size > max_bytes:
            raise DocumentError(name, _too_large(st.st_size, max_bytes))
        try:
            data = f.read(st.st_size + 1)  # read(n) allocates n bytes: not max_bytes
            if len(data) > st.st_size:  # the file is growing: read on, a chunk at a time
                parts = [data]
                size = len(data)
                while size <= max_bytes and (chunk := f.read(_CHUNK)):
                    parts.append(chunk)
                    size += len(chunk)
                if size > max_bytes:
                    raise DocumentError(name, _too_large(size, max_bytes))
                data = b"".join(parts)
        except OSError as exc:
            raise DocumentError(name, f"unreadable ({exc.strerror or exc})") from exc
    return data


_CHUNK = 2**20


def _too_large(size: int, limit: int) -> str:
    return f"file too large ({_mb(size)} > limit {_mb(limit)})"


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size} bytes"


def _check_chars(name: str, chars: int, limits: Limits) -> None:
    if chars > limits.max_document_chars:
        raise DocumentError(
            name, f"too much text ({chars} characters > limit {limits.max_document_chars})"
        )
