"""Reading a PDF: pages extracted by pypdf in a child process with capped memory and time.

Each page comes back with its plain text (kept as the page's raw text), its size, its text
runs (position, font size, font name, text) and its URI link annotations (``pdf_layout.py``
reads the structure from these).
"""

from __future__ import annotations

import json
import logging
import math
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from santeqa.errors import DocumentError
from santeqa.ingest.limits import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)

#: the child's interpreter options and program: the parser script, run without the script's
#: folder on ``sys.path`` (``-P``); it gets the parent's ``sys.path`` in its configuration
_CHILD_PROGRAM: tuple[str, ...] = ("-P", str(Path(__file__).with_name("pdf_child.py")))
_MAX_STDERR = 400  # characters of the child's error output quoted in a skip reason


class Run(NamedTuple):
    """A piece of text drawn at one place in one font (PDF points, origin bottom left)."""

    x: float
    y: float  # baseline
    size: float  # effective font size
    font: str  # base font name, without subset prefix (``Helvetica-Bold``)
    text: str
    width: float = 0.0  # drawn width from the font's metrics; 0 when unknown
    lead: float = 0.0  # drawn width of its first word; 0 when unknown
    weight: float = 0.0  # the font descriptor's weight (700 = bold); 0 when it says none
    #: how far the offsets of its ``TJ`` arrays move the pen right (a justified line's
    #: widened word gaps), not counted in ``width``: pypdf may have put spaces for them
    stretch: float = 0.0


class Link(NamedTuple):
    """A URI link annotation and its rectangle."""

    uri: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PdfPage:
    label: str
    text: str  # pypdf's plain text of the page
    width: float
    height: float
    bottom: float  # y of the media box's lower edge
    runs: tuple[Run, ...]  # empty when the layout could not be carried (too many runs)
    links: tuple[Link, ...]

    @classmethod
    def from_json(cls, page: dict[str, Any]) -> PdfPage:
        """A page as the parser process writes it."""
        return cls(
            label=str(page["label"]),
            text=str(page["text"]),
            width=float(page["width"]),
            height=float(page["height"]),
            bottom=float(page["origin"][1]),
            runs=tuple(
                Run(float(x), float(y), float(s), str(f), str(t), *(float(w) for w in rest))
                for x, y, s, f, t, *rest in page["runs"]
            ),
            links=tuple(Link(str(u), *(float(v) for v in box)) for u, *box in page["links"]),
        )


def read_pdf_pages(data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS) -> list[PdfPage]:
    """Every page of a PDF (label, text, layout), parsed in a child process under ``limits``.

    Raises ``DocumentError`` when the PDF is unreadable, encrypted, over a limit, or when the
    parser runs out of memory or time (the child is killed; the parent never holds more than
    the file and the page texts).
    """
    cfg = {
        "sys_path": sys.path,
        "memory_bytes": limits.parse_memory_mb * 2**20,
        "cpu_seconds": math.ceil(limits.parse_timeout_s) + 5,  # a backstop to the wall clock
        "max_pages": limits.max_pages,
        "max_page_chars": limits.max_page_chars,
        "max_document_chars": limits.max_document_chars,
    }
    command = [sys.executable, *_CHILD_PROGRAM, json.dumps(cfg)]
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
    return [PdfPage.from_json(p) for p in result["pages"]]


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
