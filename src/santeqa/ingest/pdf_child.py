"""The PDF parser process: PDF bytes on stdin → one JSON object on stdout.

Run as a script (``python -P pdf_child.py CONFIG``) by ``pdf.read_pdf_pages``, with the parent's
``sys.path``. It imports nothing of santeqa, only pypdf, so the child starts fast and no heavy
library (torch) is ever loaded next to a hostile file. It caps its own address space and CPU
time first: a decompression bomb or a parser loop costs at most that, and the parent's
wall-clock timeout kills it otherwise.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import warnings
from typing import Any

log = logging.getLogger(__name__)


class Refused(Exception):
    """The PDF cannot be read (the reason becomes the skip reason)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def main(cfg: dict[str, Any]) -> None:
    """Parse the PDF on stdin under the limits of ``cfg``; write the pages or the error."""
    sys.path[:] = cfg["sys_path"]
    _limit_resources(int(cfg["memory_bytes"]), int(cfg["cpu_seconds"]))
    warnings.simplefilter("ignore")
    collector = _WarningCollector()
    logging.basicConfig(handlers=[collector], level=logging.WARNING, force=True)
    error: str | None = None
    pages: list[tuple[str, str]] = []
    try:
        pages = parse_pdf(
            sys.stdin.buffer.read(),
            max_pages=int(cfg["max_pages"]),
            max_page_chars=int(cfg["max_page_chars"]),
            max_document_chars=int(cfg["max_document_chars"]),
        )
    except Refused as exc:
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


def clean_text(text: str) -> str:
    """Page text safe to store: surrogates paired or replaced by U+FFFD, no NUL."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16", errors="surrogatepass").decode("utf-16", errors="replace")
    return text.replace("\x00", "")


def parse_pdf(
    data: bytes,
    *,
    max_pages: int,
    max_page_chars: int,
    max_document_chars: int,
) -> list[tuple[str, str]]:
    """(label, text) of every page, in this process. Raises ``Refused``.

    Only for the child process: a hostile PDF can take any memory and time here.
    """
    from pypdf import PasswordType, PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise Refused("encrypted PDF: a password is required")
        count = len(reader.pages)
        if count > max_pages:
            raise Refused(f"too many pages ({count} > limit {max_pages})")
        texts: list[str] = []
        total = 0
        for number, page in enumerate(reader.pages, 1):
            text = clean_text(page.extract_text() or "")
            if len(text) > max_page_chars:
                raise Refused(
                    f"too much text on page {number} "
                    f"({len(text)} characters > limit {max_page_chars})",
                )
            total += len(text)
            if total > max_document_chars:
                raise Refused(f"too much text (over {max_document_chars} characters)")
            texts.append(text)
        try:
            labels = [clean_text(str(label)) for label in reader.page_labels]
        except Exception:  # damaged label tree: physical numbers
            labels = []
    except (Refused, MemoryError):
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        if type(exc).__name__ == "LimitReachedError":  # pypdf's own decompression guards
            raise Refused(f"PDF too large or too slow: pypdf limit ({exc})") from exc
        if _out_of_memory(exc):
            raise MemoryError from exc
        raise Refused(f"unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if len(labels) != len(texts):
        labels = [str(i) for i in range(1, len(texts) + 1)]
    return list(zip(labels, texts, strict=True))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
