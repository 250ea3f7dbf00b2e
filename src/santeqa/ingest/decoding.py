"""Decoding a text file: UTF-8 (or UTF-16 with a BOM); anything else only when its encoding is
clear.

Text that is not valid UTF-8 is decoded with every candidate encoding: the usual 8-bit ones of
French text (Windows-1252, ISO-8859-15, Latin-1, Mac-Roman, DOS code page 850) and those the
detector charset-normalizer finds plausible. A decoding counts only if it reads as French: no
character outside French letters and typography (« c½ur », « sŽance » or « ¤ » are out), and
no capital accented letter inside a lower-case word (« mÈdecin »). The file is read when all
decodings that count give the same text; it is skipped, with the reason, when none does or
when they disagree. UTF-8 with a few stray invalid bytes is read with U+FFFD in their place
(the lexicon repair may resolve them) when no 8-bit encoding reads as French.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

import charset_normalizer

from santeqa.errors import DocumentError
from santeqa.ingest.heuristics import HEURISTICS, IngestHeuristics

log = logging.getLogger(__name__)

FRENCH_8BIT = ("cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850")
FRENCH_LETTERS = "àâäéèêëîïôöùûüÿçœæÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇŒÆ"
FRENCH_TYPOGRAPHY = (
    "«»‹›‘’‚“”„–—‑…•·°§×±µ©®™€£ºª²³¹"
    "\u00a0\u202f\u2009\u2007\u2002\u2003\u200b\u00ad"  # spaces and the soft hyphen
)
_FRENCH = frozenset(FRENCH_LETTERS + FRENCH_TYPOGRAPHY)
_CAPITAL_INSIDE_A_WORD = re.compile(r"[a-zà-ÿœæ][À-ÖØ-ÞŒÆŸ]")
_BAD_BYTE = re.compile("[\udc80-\udcff]")  # an invalid byte, decoded with surrogateescape


def decode_text(data: bytes, name: str, heuristics: IngestHeuristics = HEURISTICS) -> str:
    """The text of a file; raises DocumentError (the reason) when it is not text or when its
    encoding is unclear."""
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
        text = _decode_not_utf8(data, name, heuristics)
    if not mostly_text(text, heuristics):
        raise DocumentError(name, "binary content, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(c.isalpha() for c in text):
        raise DocumentError(name, "no text")
    return text


def reads_as_french(text: str, *, replaced: bool = False) -> bool:
    """No character outside French letters and typography (U+FFFD too when ``replaced``), and
    no capital accented letter right after a lower-case letter."""
    allowed = _FRENCH | {"\ufffd"} if replaced else _FRENCH
    for c in set(text):
        if c.isascii() or c in allowed:
            continue
        return False
    return _CAPITAL_INSIDE_A_WORD.search(text) is None


def _candidates(data: bytes) -> list[str]:
    found = [m.encoding for m in charset_normalizer.from_bytes(data)]
    names = [*FRENCH_8BIT, *(e for e in found if not e.startswith("utf"))]
    unique: dict[str, None] = {}
    for enc in names:
        try:
            unique.setdefault(codecs.lookup(enc).name, None)
        except LookupError:
            continue
    return list(unique)


def _decode_not_utf8(data: bytes, name: str, heuristics: IngestHeuristics) -> str:
    # 8-bit French text is mostly ASCII; bytes that are not are no 8-bit text at all
    eight_bit = sum(b < 0x80 for b in data) >= heuristics.cp1252_min_ascii_share * len(data)
    readings = _french_readings(data, heuristics) if eight_bit else {}
    if len(readings) == 1:
        (text, encodings), *_ = readings.items()
        log.warning("%s is not UTF-8: read as %s", name, " = ".join(encodings))
        return text
    if len(readings) > 1:
        options = " or ".join(encs[0] for encs in readings.values())
        raise DocumentError(name, f"not UTF-8, and its encoding is unclear ({options})")
    damaged = _damaged_utf8(data, heuristics)
    if damaged is not None and reads_as_french(damaged, replaced=True):
        log.warning("%s: invalid UTF-8 bytes read as U+FFFD", name)
        return damaged
    if not eight_bit:
        raise DocumentError(name, "invalid UTF-8 and not text")
    raise DocumentError(name, "not UTF-8, and no encoding tried reads as French text")


def _french_readings(data: bytes, heuristics: IngestHeuristics) -> dict[str, list[str]]:
    """The distinct texts that candidate encodings give and that read as French, each with
    the encodings giving it."""
    readings: dict[str, list[str]] = {}
    for enc in _candidates(data):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if reads_as_french(text) and mostly_text(text, heuristics):
            readings.setdefault(text, []).append(enc)
    return readings


def _damaged_utf8(data: bytes, heuristics: IngestHeuristics) -> str | None:
    """UTF-8 with a few invalid bytes (at most ``damaged_utf8_max_share`` of the text, and no
    more than its valid non-ASCII characters), U+FFFD in their place; else None."""
    loose = data.decode("utf-8", errors="surrogateescape")
    bad = len(loose) - len(_BAD_BYTE.sub("", loose))
    valid = len(loose) - len(loose.encode("ascii", errors="ignore")) - bad  # non-ASCII chars
    if valid >= bad and bad <= heuristics.damaged_utf8_max_share * len(loose):
        return data.decode("utf-8-sig", errors="replace")
    return None


def mostly_text(text: str, heuristics: IngestHeuristics = HEURISTICS) -> bool:
    """Almost no control characters (binary data decoded as text has many)."""
    if not text:
        return False
    bad = sum(
        1
        for c in text
        if (unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in "\n\r\t\f")
        and not ("\uf000" <= c <= "\uf0ff")  # symbol-font glyphs (bullets) are fine
    )
    return bad / len(text) < heuristics.binary_control_share
