"""Read the corpus: text and PDF files → repaired, structured ``Document`` records.

Layout rules (general, not tied to one report):

* pages: a form feed, else a line starting with exactly one space then a non-space (text
  exported page by page from PDF), else the whole text file is one page; PDF pages are pages;
* footnotes: at a page bottom, after a whitespace-only line, lines ``N text`` numbered 1, 2, 3…
  in order (a note may go on at the next page bottom); the URLs listed under them (link
  annotations) go to the note of that page that names the URL's host;
* footnote markers: the note numbers glued to body words (``médicaments2``, ``202410`` = 2024 +
  note 10), found by the order of the notes and the page where each note is printed;
* headings: short lines without final punctuation that start a block; a heading directly
  followed by another one is the parent of it; a glossary section (« Sigles »…) is parsed into
  acronym entries;
* paragraphs: lines joined (hyphenation decided with the lexicon), also across page breaks,
  bullet items on their own.

Hostile or broken files (see ``Limits``) are skipped with a reason, never fatal: files over
``max_document_bytes`` are not read; PDFs are parsed in a child process with capped memory
and wall-clock time (decompression bombs, parser loops), page and character counts capped;
empty, binary, encrypted, truncated files, and links leading out of the corpus are refused.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import math
import os
import re
import signal
import stat
import subprocess
import sys
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from santeqa.errors import CorpusError, DocumentError
from santeqa.lexicon import (
    URL_RE,
    Lexicon,
    fix_url_schemes,
    join_hyphenated,
    repair_text,
)
from santeqa.records import (
    Document,
    Footnote,
    GlossaryEntry,
    Marker,
    Page,
    Paragraph,
    Skipped,
)

if TYPE_CHECKING:
    from santeqa.settings import Settings

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".pdf")
BULLET = "• "

GLOSSARY_TITLES = frozenset(
    {
        "sigles",
        "glossaire",
        "acronymes",
        "abréviations",
        "abreviations",
        "liste des sigles",
        "liste des abréviations",
        "liste des acronymes",
        "sigles et abréviations",
        "sigles et acronymes",
        "table des sigles",
    }
)
CAPTION_WORDS = frozenset(
    {
        "source",
        "sources",
        "site",
        "figure",
        "fig",
        "graphique",
        "tableau",
        "schéma",
        "carte",
        "illustration",
        "photo",
        "image",
        "crédit",
        "crédits",
    }
)
#: words after which a line cannot end a sentence or a list item
FUNCTION_WORDS = frozenset(
    {
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "de",
        "du",
        "d",
        "et",
        "ou",
        "à",
        "a",
        "au",
        "aux",
        "en",
        "pour",
        "par",
        "sur",
        "dans",
        "avec",
        "sans",
        "que",
        "qui",
        "ce",
        "cet",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "notre",
        "nos",
        "votre",
        "vos",
        "mon",
        "ma",
        "mes",
        "entre",
        "vers",
        "chez",
        "dont",
        "sous",
        "selon",
        "comme",
    }
)
#: words that often precede a bare number that is not a note marker
_NUMBER_WORDS = FUNCTION_WORDS | frozenset(
    {
        "art",
        "article",
        "page",
        "p",
        "pp",
        "n",
        "no",
        "chapitre",
        "tome",
        "vol",
        "fig",
        "figure",
        "annexe",
        "tableau",
        "environ",
        "près",
        "plus",
        "moins",
        "soit",
        "top",
        "niveau",
        "étape",
        "phase",
        "groupe",
        "axe",
        "priorité",
        "objectif",
    }
)

_URL_LINE = re.compile(r"^(?:(?:https?|htps?|htp)://|www\.)\S+$", re.IGNORECASE)
_PAGE_START = re.compile(r"^ (?=\S)")
_NOTE_START = re.compile(r"^(\d{1,3})(?!\d)(.*)$")
_BULLET_START = re.compile(
    "^(?:[\u2022\u2023\u2043\u25a0\u25aa\u25cb\u25cf\u25e6\u27a2\u2713\u2714\u25ba\uf000-\uf0ff]"
    r"|o(?=\s+[A-ZÀ-ÖØ-Þ«(\"]))\s*"
)
_ACRONYM = re.compile(r"^[0-9A-ZÀ-ÖØ-Þ][0-9A-Za-zÀ-ÖØ-öø-ÿ’'&.\-]*$")
_GLUED = re.compile(r"(?<=[^\W\d_]|[)»\"”’\].,;:!?])(\d{1,3})(?=[\s)»\"”’\].,;:!?]|$)")
_DETACHED = re.compile(r"(?<=[^\W\d_]) (\d{1,3})(?= [^\W\d_«])")
_ARTICLES = frozenset({"le", "la", "les", "l", "un", "une", "des", "du", "de", "d"})
_MAX_RUN = 3  # more heading-like lines in a row: a list, not headings
_DIGIT_RUN = re.compile(r"(?<![\d,.])(\d{3,7})(?![\d,])")
_TERMINAL = ".!?:;…"
_CLOSERS = '»"”’)] '


# ----------------------------------------------------------------------------------------
# reading files


@dataclass(frozen=True)
class Limits:
    """What one document may cost; a file over a limit is skipped with the reason.

    PDFs are parsed in a child process (``python -c``, pypdf only, never torch) whose address
    space is capped at ``parse_memory_mb`` and which is killed after ``parse_timeout_s``
    seconds, so a decompression bomb or a parser stuck on a damaged file costs at most that.
    Text files are read in-process once their size is checked. ``max_page_chars`` applies to
    PDF pages (a text file without page marks is one page); ``max_document_chars`` to both.
    """

    max_document_bytes: int = 50 * 1024 * 1024
    parse_memory_mb: int = 1024
    parse_timeout_s: float = 60.0
    max_pages: int = 2000
    max_page_chars: int = 200_000
    max_document_chars: int = 10_000_000

    def __post_init__(self) -> None:
        for name in (
            "max_document_bytes",
            "parse_memory_mb",
            "parse_timeout_s",
            "max_pages",
            "max_page_chars",
            "max_document_chars",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be positive")

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_document_bytes=settings.max_document_bytes,
            parse_memory_mb=settings.parse_memory_mb,
            parse_timeout_s=settings.parse_timeout_s,
            max_pages=settings.max_pages,
        )


DEFAULT_LIMITS = Limits()


def read_corpus(
    corpus_dir: Path, lexicon: Lexicon, *, limits: Limits = DEFAULT_LIMITS
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
            documents.append(read_document(path, lexicon, limits=limits))
        except DocumentError as exc:
            log.warning("skipped %s: %s", exc.name, exc.reason)
            skipped.append(Skipped(exc.name, exc.reason))
        except Exception as exc:  # a bug on one odd file must not lose the whole corpus
            log.exception("skipped %s: unexpected error", path.name)
            skipped.append(Skipped(path.name, f"unexpected error ({type(exc).__name__}: {exc})"))
    return documents, skipped


def read_document(path: Path, lexicon: Lexicon, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one file. Raises ``DocumentError`` when it cannot be read or is over a limit."""
    name = path.name
    data = _read_bytes(path, limits.max_document_bytes)
    if not data.strip():
        raise DocumentError(name, "empty file")
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".pdf":
        pages = read_pdf_pages(data, name, limits=limits)
    else:
        if len(data) > 4 * limits.max_document_chars:  # UTF-8: at most 4 bytes a character
            raise DocumentError(
                name, f"too much text (over {limits.max_document_chars} characters)"
            )
        text = decode_text(data, name)
        del data
        _check_chars(name, len(text), limits)
        pages = [(str(i), raw) for i, raw in enumerate(split_text_pages(text), 1)]
    if not any(any(c.isalpha() for c in raw) for _, raw in pages):
        raise DocumentError(name, "no text")
    return build_document(name, sha, pages, lexicon)


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


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (or UTF-16 with a BOM, or Windows-1252 when it reads as text); binary is refused.

    UTF-8 with a few invalid bytes (at most 1 % of the text, and fewer than its valid
    non-ASCII characters) is read with U+FFFD in their place, which the lexicon repair may
    resolve; otherwise invalid UTF-8 is read as Windows-1252 when that gives text (mostly
    ASCII, almost no control characters), and skipped when it does not.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise DocumentError(name, "invalid UTF-16 text") from None
    if b"\x00" in data:
        raise DocumentError(name, "binary content, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_damaged(data, name)
    if not _mostly_text(text):
        raise DocumentError(name, "binary content, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(c.isalpha() for c in text):
        raise DocumentError(name, "no text")
    return text


_BAD_BYTE = re.compile("[\udc80-\udcff]")  # an invalid byte, decoded with surrogateescape


def _decode_damaged(data: bytes, name: str) -> str:
    """Invalid UTF-8: damaged UTF-8 (replacement characters), else Windows-1252, else refused."""
    loose = data.decode("utf-8", errors="surrogateescape")
    bad = len(loose) - len(_BAD_BYTE.sub("", loose))
    valid = len(loose) - len(loose.encode("ascii", errors="ignore")) - bad  # non-ASCII chars
    if valid >= bad and bad <= 0.01 * len(loose):
        log.warning("%s: %d invalid UTF-8 bytes read as U+FFFD", name, bad)
        return data.decode("utf-8-sig", errors="replace")
    text = data.decode("cp1252", errors="replace")
    ascii_chars = len(text.encode("ascii", errors="ignore"))
    if ascii_chars < 0.8 * len(text) or not _mostly_text(text):
        raise DocumentError(name, "invalid UTF-8 and not text")
    log.warning("%s is not UTF-8: read as Windows-1252", name)
    return text


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(
        1
        for c in text
        if (unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in "\n\r\t\f")
        and not ("\uf000" <= c <= "\uf0ff")  # symbol-font glyphs (bullets) are fine
    )
    return bad / len(text) < 0.01


def split_text_pages(text: str) -> list[str]:
    """Form feeds, else the one-leading-space page rule, else a single page."""
    if "\f" in text:
        parts = text.split("\f")
        while len(parts) > 1 and not parts[-1].strip():
            parts.pop()
        return parts
    lines = text.split("\n")
    if not _PAGE_START.match(lines[0]):
        return [text]
    pages: list[list[str]] = []
    for line in lines:
        if _PAGE_START.match(line) or not pages:
            pages.append([])
        pages[-1].append(line)
    return ["\n".join(p) for p in pages]


# ----------------------------------------------------------------------------------------
# PDF, parsed in a child process with bounded memory and time

#: run by the child (``python -P -c``): the parent's sys.path, then the parser entry point
_CHILD_BOOT = (
    "import json, sys; cfg = json.loads(sys.argv[1]); sys.path[:] = cfg['sys_path']; "
    "from santeqa.ingest import _pdf_child_main; _pdf_child_main(cfg)"
)
_MAX_STDERR = 400  # characters of the child's error output quoted in a skip reason


def read_pdf_pages(
    data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS
) -> list[tuple[str, str]]:
    """(label, text) of every page of a PDF, parsed in a child process under ``limits``.

    Raises ``DocumentError`` when the PDF is unreadable, encrypted, over a limit, or when the
    parser runs out of memory or time (the child is killed; the parent never holds more than
    the file and the page texts).
    """
    cfg = {
        "sys_path": sys.path,
        "name": name,
        "memory_bytes": limits.parse_memory_mb * 2**20,
        "cpu_seconds": math.ceil(limits.parse_timeout_s) + 5,  # a backstop to the wall clock
        "max_pages": limits.max_pages,
        "max_page_chars": limits.max_page_chars,
        "max_document_chars": limits.max_document_chars,
    }
    command = [sys.executable, "-P", "-c", _CHILD_BOOT, json.dumps(cfg)]
    try:
        proc = subprocess.run(  # our own interpreter and code, no shell
            command, input=data, capture_output=True, timeout=limits.parse_timeout_s, check=False
        )
    except subprocess.TimeoutExpired:  # run() has killed the child
        raise DocumentError(
            name, f"PDF too large or too slow: time limit {limits.parse_timeout_s:g} s reached"
        ) from None
    except OSError as exc:
        raise DocumentError(name, f"cannot start the PDF parser process ({exc})") from exc
    result: object = None
    if proc.returncode == 0:
        try:
            result = json.loads(proc.stdout)
        except ValueError:
            result = None
    if not isinstance(result, dict):
        raise DocumentError(name, _crash_reason(proc, limits))
    if "error" in result:
        raise DocumentError(name, str(result["error"]))
    warnings_ = result.get("warnings") or []
    if warnings_:
        log.info("%s: %d PDF parser warnings, first: %s", name, *warnings_)
    return [(str(label), str(text)) for label, text in result["pages"]]


def _crash_reason(proc: subprocess.CompletedProcess[bytes], limits: Limits) -> str:
    code = proc.returncode
    if code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exit status {code}"
    stderr = proc.stderr.decode("utf-8", errors="replace").strip()
    if stderr:
        how += ": " + stderr.splitlines()[-1][:_MAX_STDERR]
    if "MemoryError" in stderr or code in (-signal.SIGKILL, -signal.SIGSEGV):
        limit = f"memory limit {limits.parse_memory_mb} MB"
    else:
        limit = f"limits {limits.parse_memory_mb} MB, {limits.parse_timeout_s:g} s"
    return f"PDF too large or too slow: the parser process died ({how}; {limit})"


def _pdf_child_main(cfg: dict[str, Any]) -> None:
    """Entry point of the parser process: PDF bytes on stdin → one JSON object on stdout."""
    _limit_resources(int(cfg["memory_bytes"]), int(cfg["cpu_seconds"]))
    warnings.simplefilter("ignore")
    collector = _WarningCollector()
    logging.basicConfig(handlers=[collector], level=logging.WARNING, force=True)
    error: str | None = None
    pages: list[tuple[str, str]] = []
    try:
        pages = _parse_pdf(
            sys.stdin.buffer.read(),
            str(cfg["name"]),
            max_pages=int(cfg["max_pages"]),
            max_page_chars=int(cfg["max_page_chars"]),
            max_document_chars=int(cfg["max_document_chars"]),
        )
    except DocumentError as exc:
        error = exc.reason
    except MemoryError:
        error = f"memory limit {int(cfg['memory_bytes']) // 2**20} MB reached"
        error = f"PDF too large or too slow: {error}"
    # outside the handlers: the parser's objects are freed before the output is built
    result = {"error": error} if error else {"pages": pages, "warnings": collector.summary()}
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False).encode("utf-8"))
    sys.stdout.buffer.flush()


def _limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    """Cap this process's address space and CPU time (never raising a stricter limit)."""
    if sys.platform == "win32":  # no rlimits: the parent's timeout still applies
        return
    import resource

    for which, value in (
        (resource.RLIMIT_AS, memory_bytes),
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_CORE, 0),
    ):
        try:
            soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            if soft == resource.RLIM_INFINITY or value < soft:
                resource.setrlimit(which, (value, hard))
        except (OSError, ValueError):  # not supported here (e.g. RLIMIT_AS on macOS)
            log.debug("cannot set resource limit %s", which)


class _WarningCollector(logging.Handler):
    """Counts the parser's log warnings and keeps the first (never printed by the child)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.first = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if self.count == 1:
            try:
                self.first = record.getMessage()[:200]
            except Exception:
                self.first = str(record.msg)[:200]

    def summary(self) -> list[object]:
        return [self.count, self.first] if self.count else []


def _out_of_memory(exc: BaseException) -> bool:
    """An error caused by a failed allocation (MemoryError, zlib's Z_MEM_ERROR…)."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, MemoryError) or "insufficient memory" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    """Page text safe to store: surrogates paired or replaced by U+FFFD, no NUL."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16", errors="surrogatepass").decode("utf-16", errors="replace")
    return text.replace("\x00", "")


def _parse_pdf(
    data: bytes,
    name: str,
    *,
    max_pages: int,
    max_page_chars: int,
    max_document_chars: int,
) -> list[tuple[str, str]]:
    """(label, text) of every page, in this process. Raises ``DocumentError``.

    Only for the child process: a hostile PDF can take any memory and time here.
    """
    from pypdf import PasswordType, PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise DocumentError(name, "encrypted PDF: a password is required")
        count = len(reader.pages)
        if count > max_pages:
            raise DocumentError(name, f"too many pages ({count} > limit {max_pages})")
        texts: list[str] = []
        total = 0
        for number, page in enumerate(reader.pages, 1):
            text = _clean(page.extract_text() or "")
            if len(text) > max_page_chars:
                raise DocumentError(
                    name,
                    f"too much text on page {number} "
                    f"({len(text)} characters > limit {max_page_chars})",
                )
            total += len(text)
            if total > max_document_chars:
                raise DocumentError(name, f"too much text (over {max_document_chars} characters)")
            texts.append(text)
        try:
            labels = [_clean(str(label)) for label in reader.page_labels]
        except Exception:  # damaged label tree: physical numbers
            labels = []
    except (DocumentError, MemoryError):
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        if type(exc).__name__ == "LimitReachedError":  # pypdf's own decompression guards
            raise DocumentError(name, f"PDF too large or too slow: pypdf limit ({exc})") from exc
        if _out_of_memory(exc):
            raise MemoryError from exc
        raise DocumentError(name, f"unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if len(labels) != len(texts):
        labels = [str(i) for i in range(1, len(texts) + 1)]
    return list(zip(labels, texts, strict=True))


# ----------------------------------------------------------------------------------------
# structure


@dataclass
class _Line:
    text: str  # whitespace collapsed
    raw: str  # as read (for the trailing hyphen)
    page: int


@dataclass
class _Item:
    lines: list[_Line]
    section: tuple[str, ...]
    bullet: bool = False
    caption: bool = False


@dataclass
class _Note:
    number: int
    lines: list[_Line]
    urls: list[str] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.lines[0].page

    def raw_text(self) -> str:
        text = ""
        for line in self.lines:
            text += line.text if text.endswith("-") or not text else f" {line.text}"
        return text.lower()


@dataclass
class _Candidate:
    start: int  # span removed from the text
    end: int
    number: int
    strict: bool  # good enough on its own; the others only fill notes left without marker
    glued: bool = False  # digits glued to a word: may skip a note whose marker is lost


@dataclass
class _State:
    notes: list[_Note] = field(default_factory=list)
    url_blocks: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def next_note(self) -> int:
        return self.notes[-1].number + 1 if self.notes else 1


def build_document(
    name: str, sha256: str, pages: Sequence[tuple[str, str]], lexicon: Lexicon
) -> Document:
    """Structure the pages (label, raw text) of one document."""
    counts: dict[str, int] = {}
    lex = lexicon.with_document("\n".join(raw for _, raw in pages))
    state = _State()
    blocks: list[tuple[list[_Line], bool]] = []  # lines, first block of its page
    for number, (_, raw) in enumerate(pages, 1):
        lines = raw.split("\n")
        if lines and _PAGE_START.match(lines[0]):
            lines[0] = lines[0][1:]
        body = _split_page(lines, number, state)
        blocks.extend(_blocks(body, number))

    builder = _Builder(lex, counts, _short_line_limit(blocks))
    for block, page_first in blocks:
        builder.add_block(block, page_first)

    notes = _finish_notes(state, lex, counts)
    paragraphs = [_join_item(item, lex, counts) for item in builder.items]
    paragraphs = _place_markers(name, paragraphs, notes, counts)
    glossary = tuple(
        GlossaryEntry(name, acronym, repair_text(expansion, lex, counts), page)
        for acronym, expansion, page in builder.glossary
    )
    return Document(
        name=name,
        sha256=sha256,
        pages=tuple(Page(name, n, label, raw) for n, (label, raw) in enumerate(pages, 1)),
        paragraphs=tuple(paragraphs),
        footnotes=tuple(Footnote(name, n.number, text, tuple(n.urls), n.page) for n, text in notes),
        glossary=glossary,
        repairs=dict(sorted(counts.items())),
    )


def _is_blank(line: str) -> bool:
    return not line.strip()


def _note_start(line: str, expected: int) -> str | None:
    """The text of a note line ``N text`` when N is the expected number, else None."""
    m = _NOTE_START.match(line.strip())
    if m is None or int(m.group(1)) != expected:
        return None
    rest = m.group(2)
    text = rest.strip()
    if not text or text[0].isdigit() or rest[0] in "%,.€$/:-–":
        return None
    if not rest[0].isspace() and not (rest[0].isupper() or rest[0] in '«"“('):
        return None  # ``1er``, ``2ème``: not a note
    return text


def _split_page(lines: list[str], page: int, state: _State) -> list[str]:
    """Take the notes and the trailing URL block off a page; return its body lines."""
    end = len(lines)
    while end > 0:
        s = lines[end - 1].strip()
        if not s or _URL_LINE.match(s):
            end -= 1
        elif " " not in s and end >= 2 and _URL_LINE.match(lines[end - 2].strip()):
            end -= 1  # second half of a URL split over two lines
        else:
            break
    urls = _url_block(lines[end:])
    zone = _note_zone(lines, end, state)
    if zone is not None:
        for line in lines[zone:end]:
            s = line.strip()
            if not s:
                continue
            entry = _Line(" ".join(s.split()), line, page)
            text = _note_start(s, state.next_note)
            if text is not None:
                state.notes.append(_Note(state.next_note, [_Line(text, line, page)]))
            elif state.notes:
                state.notes[-1].lines.append(entry)

    if urls:
        state.url_blocks.append((page, urls))
    return lines[: zone if zone is not None else end]


def _url_block(lines: list[str]) -> list[str]:
    urls: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if _URL_LINE.match(s) or not urls:
            urls.append(s)
        else:
            urls[-1] += s
    return [fix_url_schemes(u) for u in urls if _URL_LINE.match(u)]


def _note_zone(lines: list[str], end: int, state: _State) -> int | None:
    """Index of the first line of the notes at the bottom of the page, if any."""
    expected = state.next_note
    seps = [i for i in range(end) if lines[i] and _is_blank(lines[i])]
    if seps:
        first = next((i for i in range(seps[-1] + 1, end) if not _is_blank(lines[i])), None)
        if first is not None:
            s = lines[first].strip()
            if _note_start(s, expected) is not None:
                return seps[-1] + 1
            if state.notes and _unfinished_note(state.notes[-1]) and s[0].islower():
                return seps[-1] + 1  # the last note goes on at this page bottom
    # no separator line: the first line ``N text`` in the lower half, N cited above it
    cited = re.compile(rf"(?<=[^\W\d_]|[)»\"”’\].,;:!?]){expected}(?!\d)")
    for k in range(max(1, end // 2), end):
        if _note_start(lines[k], expected) is not None and cited.search("\n".join(lines[:k])):
            return k
    return None


def _unfinished_note(note: _Note) -> bool:
    last = note.lines[-1].text.rstrip()
    return not last or last[-1] not in ".)»!?"


def _blocks(lines: list[str], page: int) -> list[tuple[list[_Line], bool]]:
    blocks: list[tuple[list[_Line], bool]] = []
    current: list[_Line] = []
    for line in [*lines, ""]:
        if _is_blank(line):
            if current:
                blocks.append((current, not blocks))
                current = []
            continue
        current.append(_Line(" ".join(line.split()), line, page))
    return blocks


def _short_line_limit(blocks: Sequence[tuple[list[_Line], bool]]) -> int:
    """Longest heading line: three quarters of a typical full body line."""
    lengths = sorted(len(line.text) for block, _ in blocks for line in block)
    if not lengths:
        return 80
    p90 = lengths[int(len(lengths) * 0.9)]
    return max(30, min(90, int(p90 * 0.75)))


def _is_bullet(text: str) -> bool:
    return _BULLET_START.match(text) is not None


def _is_caption(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 20:
        return False
    return words[0].strip(":.").lower() in CAPTION_WORDS


def _acronym(token: str) -> bool:
    if not _ACRONYM.match(token):
        return False
    upper = sum(c.isupper() for c in token)
    return upper >= 2 or (upper >= 1 and any(c.isdigit() for c in token))


def _last_word(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return words[-1] if words else ""


class _Builder:
    """Walks the blocks in order: headings, glossary, paragraph items."""

    def __init__(self, lexicon: Lexicon, counts: dict[str, int], short: int) -> None:
        self.lexicon = lexicon
        self.counts = counts
        self.short = short
        self.items: list[_Item] = []
        self.glossary: list[tuple[str, str, int]] = []  # acronym, expansion, page
        self.path: tuple[str, ...] = ()
        self.run: list[str] = []  # headings since the last body item
        self.in_glossary = False

    # --- headings ------------------------------------------------------------------------
    def _heading_like(self, text: str) -> bool:
        if not text or len(text) > self.short or len(text.split()) > 14:
            return False
        if text[-1] in ".!:;…,-" or ". " in text:
            return False
        if not text[0].isalpha() or _is_bullet(text) or _is_caption(text):
            return False
        return URL_RE.search(text) is None

    def _leading_headings(self, block: list[_Line]) -> list[tuple[str, int]]:
        """Headings opening a block: (text, index of the line after it)."""
        heads: list[tuple[str, int]] = []
        k = 0
        while k < len(block) and self._heading_like(block[k].text):
            text = block[k].text
            if text[0].islower():
                if not heads:
                    break
                heads[-1] = (f"{heads[-1][0]} {text}", k + 1)
            else:
                heads.append((text, k + 1))
            k += 1
        if heads and k < len(block):
            nxt = block[k].text
            if not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in '«"“(' or _is_bullet(nxt)):
                return []
        return heads

    def _section(self) -> tuple[str, ...]:
        """The path in force for a body item; consumes the pending headings."""
        if len(self.run) >= 2:
            self.path = tuple(self.run)
        elif self.run:
            heading = self.run[0]
            first = re.split(r"[\s’']", heading.lower(), maxsplit=1)[0]
            parent = len(self.path) - 1
            if first not in _ARTICLES:  # « Par les … » after « Par les … »: a sibling of it
                for i in range(1, len(self.path) - 1):
                    if re.split(r"[\s’']", self.path[i].lower(), maxsplit=1)[0] == first:
                        parent = i
                        break
            self.path = (*self.path[: max(parent, 0)], heading)
        self.run = []
        return self.path

    # --- blocks --------------------------------------------------------------------------
    def add_block(self, block: list[_Line], page_first: bool) -> None:
        if self.in_glossary:
            block = self._glossary(block)
            if not block:
                return
        first = block[0].text
        last = self.items[-1] if self.items and not self.run else None
        continues = (
            last is not None
            and not _is_bullet(first)
            and (first[0].islower() or (page_first and self._unfinished(last)))
        )
        if continues:
            kind = "pages_joined" if page_first else "blocks_joined"
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self._body(block, new_item=False)
            return
        heads = self._leading_headings(block)
        taken = 0
        for text, after in heads:
            if text.strip().lower() in GLOSSARY_TITLES:
                self.in_glossary = True
                self.run = []
                rest = self._glossary(block[after:])
                if rest:
                    self.add_block(rest, False)
                return
        if len(heads) <= _MAX_RUN:
            for text, after in heads:
                self.run.append(repair_text(text, self.lexicon, self.counts))
                taken = after
        self._body(block[taken:], new_item=True)

    def _unfinished(self, item: _Item) -> bool:
        if item.caption:
            return False
        last = item.lines[-1].text.rstrip(_CLOSERS)
        if item.bullet:
            return last.endswith((",", "-")) or _last_word(last) in FUNCTION_WORDS
        return bool(last) and last[-1] not in _TERMINAL

    def _body(self, lines: list[_Line], *, new_item: bool) -> None:
        for n, line in enumerate(lines):
            m = _BULLET_START.match(line.text)
            if m is not None:
                self.counts["bullet"] = self.counts.get("bullet", 0) + 1
                item_line = _Line(line.text[m.end() :], line.raw, line.page)
                self.items.append(_Item([item_line], self._section(), bullet=True))
            elif (n == 0 and new_item) or self.run or not self.items:
                caption = _is_caption(line.text)
                self.items.append(_Item([line], self._section(), caption=caption))
            else:
                self.items[-1].lines.append(line)

    # --- glossary ------------------------------------------------------------------------
    def _glossary(self, block: list[_Line]) -> list[_Line]:
        """Parse glossary lines; return the lines from the first one that ends the glossary."""
        for i, line in enumerate(block):
            token, _, rest = line.text.partition(" ")
            if _acronym(token) and rest.strip():
                self.glossary.append((token, rest.strip(), line.page))
                continue
            if self.glossary and self._glossary_goes_on(line.text):
                acronym, expansion, page = self.glossary[-1]
                self.glossary[-1] = (acronym, f"{expansion} {line.text}", page)
                continue
            self.in_glossary = False
            return block[i:]
        return []

    def _glossary_goes_on(self, text: str) -> bool:
        expansion = self.glossary[-1][1].rstrip()
        return (
            text[0].islower()
            or expansion.endswith((",", "-", "’", "'"))
            or _last_word(expansion) in FUNCTION_WORDS
            or not self._heading_like(text)
        )


# ----------------------------------------------------------------------------------------
# joining lines, notes, markers


def _join_lines(
    lines: Sequence[_Line], lexicon: Lexicon, counts: dict[str, int]
) -> tuple[str, list[tuple[int, int]]]:
    text = ""
    starts: list[tuple[int, int]] = []
    previous: _Line | None = None
    for line in lines:
        piece = " ".join(repair_text(line.text, lexicon, counts).split())
        if previous is None:
            text = piece
        else:
            counts["lines_joined"] = counts.get("lines_joined", 0) + 1
            raw = previous.raw
            if raw.endswith("-") and len(raw) > 1 and raw[-2].isalnum() and piece:
                text = join_hyphenated(text, piece, lexicon, counts)
            elif _cut_name(text):
                text = text + piece  # a file name or URL cut at the line end
            else:
                text = f"{text} {piece}" if text else piece
        if not starts or starts[-1][1] != line.page:
            starts.append((len(text) - len(piece), line.page))
        previous = line
    return text, starts


def _cut_name(text: str) -> bool:
    token = text.rsplit(" ", 1)[-1]
    return token.endswith(("/", "_")) and ("_" in token or "." in token or "/" in token[:-1])


def _join_item(item: _Item, lexicon: Lexicon, counts: dict[str, int]) -> Paragraph:
    text, starts = _join_lines(item.lines, lexicon, counts)
    if item.bullet:
        text = BULLET + text
        starts = [(o + len(BULLET) if i else 0, p) for i, (o, p) in enumerate(starts)]
    return Paragraph(document="", text=text, section=item.section, page_starts=tuple(starts))


def _host_suffixes(url: str) -> list[str]:
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]  # longest first


def _names_host(text: str, suffix: str) -> bool:
    return re.search(rf"(?<![\w.\-]){re.escape(suffix)}(?![\w\-])", text) is not None


def _assign_url(url: str, candidates: list[_Note]) -> _Note | None:
    if not candidates:
        return None
    if any(url in n.urls for n in candidates):
        return next(n for n in candidates if url in n.urls)
    for suffix in _host_suffixes(url):  # the note naming the longest part of the host
        named = [n for n in candidates if _names_host(n.raw_text(), suffix)]
        if named:
            return min(named, key=lambda n: len(n.urls))
    suffixes = _host_suffixes(url)
    if suffixes:  # the site's name as a word (« Tessan » for tessan.io)
        label = suffixes[-1].split(".")[0]
        named = [n for n in candidates if re.search(rf"\b{re.escape(label)}\b", n.raw_text())]
        if named:
            return min(named, key=lambda n: len(n.urls))
    return None


def _finish_notes(
    state: _State, lexicon: Lexicon, counts: dict[str, int]
) -> list[tuple[_Note, str]]:
    for note in state.notes:
        for line in note.lines:
            for m in URL_RE.finditer(fix_url_schemes(line.text)):
                url = m.group().rstrip(".,;)»")
                if url not in note.urls:
                    note.urls.append(url)
    for page, urls in state.url_blocks:
        on_page = [n for n in state.notes if any(line.page == page for line in n.lines)]
        for url in urls:
            owner: _Note | None
            if on_page:  # the page's note naming the site, else one without URL, else the last
                owner = _assign_url(url, on_page) or next(
                    (n for n in on_page if not n.urls), on_page[-1]
                )
            else:  # links of body text: the note of the document naming the site, if any
                owner = _assign_url(url, state.notes)
            if owner is None:
                log.debug("URL %s on page %d belongs to no note", url, page)
            elif url not in owner.urls:
                owner.urls.append(url)
    out = []
    for note in state.notes:
        text, _ = _join_lines(note.lines, lexicon, counts)
        out.append((note, text.strip()))
    return out


def _candidates(text: str) -> list[_Candidate]:
    urls = [(m.start(), m.end()) for m in URL_RE.finditer(text)]

    def in_url(pos: int) -> bool:
        return any(a <= pos < b for a, b in urls)

    found: list[_Candidate] = []
    for m in _GLUED.finditer(text):
        before = text[m.start() - 2 : m.start()]
        if len(before) == 2 and before[1] in ".," and before[0].isdigit():
            continue  # a decimal number
        found.append(_Candidate(m.start(1), m.end(1), int(m.group(1)), True, glued=True))
    for m in _DETACHED.finditer(text):
        word = _last_word(text[: m.start()])
        strict = word not in _NUMBER_WORDS
        found.append(_Candidate(m.start(), m.end(1), int(m.group(1)), strict))
    for m in _DIGIT_RUN.finditer(text):
        run = m.group(1)
        for cut in range(1, len(run)):
            prefix, number = run[:cut], run[cut:]
            if number.startswith("0"):
                continue
            strict = len(prefix) == 4 and 1900 <= int(prefix) <= 2099
            found.append(_Candidate(m.start(1) + cut, m.end(1), int(number), strict))
    found = [c for c in found if not in_url(c.start)]
    return sorted(found, key=lambda c: (c.start, c.end))


def _place_markers(
    name: str,
    paragraphs: list[Paragraph],
    notes: list[tuple[_Note, str]],
    counts: dict[str, int],
) -> list[Paragraph]:
    """Find each note's marker (in order of the notes, on the page printing the note)."""
    pages = {note.number: note.page for note, _ in notes}
    cands = [_candidates(p.text) for p in paragraphs]
    chosen: dict[int, tuple[int, _Candidate]] = {}  # note → (paragraph index, candidate)
    expected = 1
    for i, (para, found) in enumerate(zip(paragraphs, cands, strict=True)):
        for c in found:
            n = c.number
            if (
                c.strict
                and n in pages
                and (n == expected or (n > expected and c.glued))
                and n not in chosen
                and para.page_at(c.start) == pages[n]
                and not _overlaps(chosen, i, c)
            ):
                chosen[n] = (i, c)
                expected = n + 1
    for n in sorted(set(pages) - set(chosen)):  # second chance, any form, in order
        lower = max((chosen[m] for m in chosen if m < n), default=None, key=_position)
        upper = min((chosen[m] for m in chosen if m > n), default=None, key=_position)
        for i, (para, found) in enumerate(zip(paragraphs, cands, strict=True)):
            for c in found:
                if c.number != n or para.page_at(c.start) != pages[n]:
                    continue
                if lower is not None and _position((i, c)) <= _position(lower):
                    continue
                if upper is not None and _position((i, c)) >= _position(upper):
                    continue
                if not _overlaps(chosen, i, c):
                    chosen[n] = (i, c)
                    break
            if n in chosen:
                break
        if n not in chosen:
            log.info("%s: no marker found for note %d", name, n)
    per_paragraph: dict[int, list[_Candidate]] = {}
    for i, c in chosen.values():
        per_paragraph.setdefault(i, []).append(c)
    counts["footnote_markers"] = len(chosen)
    out = []
    for i, para in enumerate(paragraphs):
        out.append(_remove_markers(name, para, sorted(per_paragraph.get(i, []), key=_start)))
    return out


def _position(entry: tuple[int, _Candidate]) -> tuple[int, int]:
    return entry[0], entry[1].start


def _start(c: _Candidate) -> int:
    return c.start


def _overlaps(chosen: dict[int, tuple[int, _Candidate]], i: int, c: _Candidate) -> bool:
    return any(j == i and d.start < c.end and c.start < d.end for j, d in chosen.values())


def _remove_markers(name: str, para: Paragraph, found: list[_Candidate]) -> Paragraph:
    text = para.text
    markers: list[Marker] = []
    pieces: list[str] = []
    pos = 0
    removed = 0
    shifts: list[tuple[int, int]] = []  # (original offset, chars removed before it)
    for c in found:
        pieces.append(text[pos : c.start])
        markers.append(Marker(c.start - removed, c.number))
        removed += c.end - c.start
        shifts.append((c.end, removed))
        pos = c.end
    pieces.append(text[pos:])

    def shifted(offset: int) -> int:
        return offset - max((r for end, r in shifts if end <= offset), default=0)

    starts = tuple((shifted(o), p) for o, p in para.page_starts)
    return Paragraph(
        document=name,
        text="".join(pieces),
        section=para.section,
        page_starts=starts,
        markers=tuple(markers),
    )
