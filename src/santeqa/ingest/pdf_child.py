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
import math
import re
import sys
import warnings
from collections.abc import Sequence
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
    pages: list[dict[str, Any]] = []
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
) -> list[dict[str, Any]]:
    """Every page: label, text, size, text runs and link annotations. Raises ``Refused``.

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
        pages: list[dict[str, Any]] = []
        total = 0
        budget = _RunBudget(max(_MIN_RUNS, max_document_chars // _CHARS_PER_RUN))
        for number, page in enumerate(reader.pages, 1):
            runs = _PageRuns(budget)
            try:
                _split_runs_at_rise(page)
            except MemoryError:
                raise
            except Exception:  # a damaged stream: extract_text reports it (or copes)
                log.debug("page %d: text rise not followed", number)
            text = clean_text(
                page.extract_text(visitor_text=runs.visit, visitor_operand_before=runs.operator)
                or ""
            )
            if len(text) > max_page_chars:
                raise Refused(
                    f"too much text on page {number} "
                    f"({len(text)} characters > limit {max_page_chars})",
                )
            total += len(text)
            if total > max_document_chars:
                raise Refused(f"too much text (over {max_document_chars} characters)")
            box = page.mediabox
            pages.append(
                {
                    "text": text,
                    "width": float(box.width),
                    "height": float(box.height),
                    "origin": [float(box.left), float(box.bottom)],
                    "runs": runs.runs if not budget.exceeded else [],
                    "links": _links(page),
                }
            )
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
    if len(labels) != len(pages):
        labels = [str(i) for i in range(1, len(pages) + 1)]
    for label, page_out in zip(labels, pages, strict=True):
        page_out["label"] = label
    if budget.exceeded:  # layout too large to carry: the plain text is still read
        for page_out in pages:
            page_out["runs"] = []
    return pages


# The layout a document may carry to the parent: one text run per 40 characters of the
# character limit (250,000 runs for 10 M characters, some 50 MB in the parent), at least
# 10,000. A page is drawn in a few runs a line; over the budget, only the text is kept.
_CHARS_PER_RUN = 40
_MIN_RUNS = 10_000
_SUBSET = re.compile(r"^[A-Z]{6}\+")


class _RunBudget:
    """How many text runs the whole document may carry to the parent."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.exceeded = False


def _split_runs_at_rise(page: Any) -> None:
    """Make pypdf end a text run wherever the text rise (``Ts``) changes.

    pypdf ignores ``Ts``: a note marker raised by text rise alone (same font and size) would
    be glued to its word in one run. Setting the current font again just before each ``Ts``
    makes pypdf hand over the run there; ``_PageRuns`` then places each run at its rise.
    """
    from pypdf.generic import ContentStream, NameObject

    raw = page.get("/Contents")
    if raw is None:
        return
    # "bytes": strings left undecoded, as pypdf's own text extraction parses them
    contents = ContentStream(raw.get_object(), page.pdf, "bytes")
    if b"Ts" not in contents.get_data():
        return
    operations: list[tuple[Any, bytes]] = []
    font: Any = None
    for operands, operator in contents.operations:
        if operator == b"Tf":
            font = operands
        elif operator == b"Ts" and font is not None:
            operations.append((font, b"Tf"))
        operations.append((operands, operator))
    contents.operations = operations
    page[NameObject("/Contents")] = contents


class _PageRuns:
    """Collects the text runs of a page as ``[x, y, size, font, text, width, first word's
    width, weight, TJ stretch]`` in page space (widths 0: unknown; weight from the font's
    descriptor)."""

    def __init__(self, budget: _RunBudget) -> None:
        self.budget = budget
        self.runs: list[list[Any]] = []
        self.rise = 0.0  # the text rise (``Ts``) the coming run is drawn at
        self.offsets = 0.0  # TJ offsets since the last run (thousandths of the size, rightward)
        self.pen: tuple[Any, float] | None = None  # (cm, tm) of the last run, advance
        self.widths = _FontWidths()

    def operator(self, operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        """Follow the text rise, and the offsets of ``TJ`` arrays (pypdf calls this before
        each operator)."""
        if operator == b"Ts" and operands:
            try:
                self.rise = float(operands[0])
            except (TypeError, ValueError):
                self.rise = 0.0
        elif operator == b"TJ" and operands and isinstance(operands[0], list):
            # numbers between the strings move the pen left (positive) or right, in
            # thousandths of the size: a justified line widens its word gaps so (LibreOffice)
            self.offsets -= sum(float(v) for v in operands[0] if isinstance(v, (int, float)))

    def visit(
        self, text: str, cm: Sequence[float], tm: Sequence[float], font: Any, size: float
    ) -> None:
        if self.budget.exceeded:
            return
        # pypdf hands over a run that follows another in one text object (after a font or
        # rise change) at the object's start: it goes on where the previous one ended
        key = (tuple(float(v) for v in cm), tuple(float(v) for v in tm))
        advance = self.pen[1] if self.pen is not None and self.pen[0] == key else 0.0
        width = self.widths.text_width(text, font) * float(size)
        stretch = self.offsets / 1000 * float(size)  # drawn with this text (flushed next)
        self.offsets = 0.0
        self.pen = (key, advance + width)
        if not text.strip():
            return
        self.budget.left -= 1
        if self.budget.left < 0:
            self.budget.exceeded = True
            self.runs = []
            return
        a, b, c, d, e, f = key[0]
        # advance and rise are in unscaled text space (along the text's x and y axes)
        tx = key[1][4] + key[1][0] * advance + key[1][2] * self.rise
        ty = key[1][5] + key[1][1] * advance + key[1][3] * self.rise
        x = a * tx + c * ty + e
        y = b * tx + d * ty + f
        scale = math.hypot(key[1][2], key[1][3]) * math.hypot(c, d)
        name = ""
        weight = 0.0
        if font is not None:
            name = _SUBSET.sub("", str(font.get("/BaseFont", "")).lstrip("/"))
            weight = self.widths.weight(font)
        text = clean_text(text.replace("\n", " "))
        across = math.hypot(key[1][0], key[1][1]) * math.hypot(a, b)  # text → page, along x
        drawn = width * across
        lead = self.widths.text_width(text.split()[0], font) * float(size) * across
        self.runs.append(
            [
                round(x, 2),
                round(y, 2),
                round(float(size) * scale, 2),
                name,
                text,
                round(drawn, 2),
                round(lead, 2),
                weight,
                round(stretch * across, 2),
            ]
        )


class _FontWidths:
    """Glyph widths of the page's fonts (thousandths of the size), from their PDF metrics."""

    def __init__(self) -> None:
        self.fonts: dict[int, tuple[dict[str, float], dict[str, str], float] | None] = {}
        self.weights: dict[int, float] = {}

    def weight(self, font: Any) -> float:
        """The font's weight from its descriptor: ``/FontWeight``, else 700 when its flags
        force bold glyphs; 0 when it says neither (a font named ``…Bold`` may still be)."""
        if id(font) not in self.weights:
            self.weights[id(font)] = _descriptor_weight(font)
        return self.weights[id(font)]

    def text_width(self, text: str, font: Any) -> float:
        """The advance of ``text`` at size 1; 0 when the font's widths are unknown."""
        if font is None:
            return 0.0
        if id(font) not in self.fonts:
            self.fonts[id(font)] = self._load(font)
        known = self.fonts[id(font)]
        if known is None:
            return 0.0
        widths, codes, default = known
        return sum(widths.get(codes.get(ch, ch), default) for ch in text) / 1000

    @staticmethod
    def _load(font: Any) -> tuple[dict[str, float], dict[str, str], float] | None:
        from pypdf.generic._font import Font

        try:
            metrics = Font.from_font_resource(font)
        except Exception:  # damaged or unusual font dictionary: widths estimated later
            return None
        widths = {str(k): float(v) for k, v in metrics.character_widths.items()}
        codes = {  # character → the code its width is listed under
            str(v): str(k)
            for k, v in metrics.character_map.items()
            if isinstance(v, str) and len(v) == 1 and isinstance(k, str)
        }
        return widths, codes, float(widths.get("default", 500.0))


_FORCE_BOLD = 1 << 18  # bit 19 of a font descriptor's /Flags


def _descriptor_weight(font: Any) -> float:
    try:
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:  # a composite (Type0) font
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        if descriptor is None:
            return 0.0
        descriptor = descriptor.get_object()
        weight = float(descriptor.get("/FontWeight", 0) or 0)
        if not weight and int(descriptor.get("/Flags", 0) or 0) & _FORCE_BOLD:
            weight = 700.0
        return weight if 0 < weight <= 1000 else 0.0
    except Exception:  # a damaged descriptor: the weight is unknown, the name may tell
        return 0.0


def _links(page: Any) -> list[list[Any]]:
    """``[uri, x0, y0, x1, y1]`` of every URI link annotation of the page."""
    out: list[list[Any]] = []
    try:
        annots = page.get("/Annots") or []
        for ref in annots:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if action is None or action.get("/S") != "/URI" or "/URI" not in action:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            uri = clean_text(str(action["/URI"]))
            out.append([uri, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)])
    except Exception:  # a damaged annotation array: the links are lost, not the page
        log.debug("unreadable link annotations")
    return out


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
