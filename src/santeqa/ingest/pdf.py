"""Reading a PDF: pages extracted by pypdf in a child process with capped memory and time."""

from __future__ import annotations

import json
import logging
import math
import signal
import subprocess
import sys
from pathlib import Path

from santeqa.errors import DocumentError
from santeqa.ingest.limits import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)

#: the child's interpreter options and program: the parser script, run without the script's
#: folder on ``sys.path`` (``-P``); it gets the parent's ``sys.path`` in its configuration
_CHILD_PROGRAM: tuple[str, ...] = ("-P", str(Path(__file__).with_name("pdf_child.py")))
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
