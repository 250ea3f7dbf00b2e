"""A French word list and the word-by-word repairs it decides.

Text exported from PDF loses ligatures (``ti``, ``tti``, ``ft``… become U+FFFD) and sometimes
one letter of a ``tt``. A word is changed only when its damaged form is not a word and the
repaired form is: a known word of the lexicon, or a word attested undamaged elsewhere in the
same document. Every change is counted by kind in a ``counts`` dict.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

from santeqa.ingest.heuristics import HEURISTICS

log = logging.getLogger(__name__)

FFFD = "\ufffd"

#: what a U+FFFD may stand for, most likely first
LIGATURES: tuple[str, ...] = ("ti", "tti", "ft", "fi", "fl", "ff", "ffi", "ffl", "tt")

#: a word: letters, with U+FFFD counted as a letter (it replaces some)
WORD_RE = re.compile(rf"(?:[^\W\d_]|{FFFD})+")
#: URLs are never repaired word by word (only their scheme)
URL_RE = re.compile(r"(?:\b(?:https?|htps?|htp)://|\bwww\.)\S+", re.IGNORECASE)
_SCHEME_RE = re.compile(r"\b(htps?|htp)://", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    """A lower-case word set, plus the words attested in the document being repaired.

    ``words`` is the dictionary; ``attested`` are undamaged words of the current document:
    they count as known targets of a repair, never as proof that a damaged form is a word.
    """

    words: frozenset[str]
    attested: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.words)

    def is_word(self, word: str) -> bool:
        """In the dictionary (not counting document words)."""
        return word.lower() in self.words

    def known(self, word: str) -> bool:
        """In the dictionary or attested undamaged in the document."""
        low = word.lower()
        return low in self.words or low in self.attested

    def with_document(self, text: str) -> Lexicon:
        """This lexicon plus the undamaged words of ``text``."""
        return Lexicon(self.words, frozenset(document_vocabulary(text)))


def load_lexicon(path: Path) -> Lexicon:
    """One word a line, lower-cased. A missing or unreadable file gives an empty lexicon."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        log.warning("lexicon %s unreadable (%s): word repairs will be limited", path, exc)
        return Lexicon(frozenset())
    words = frozenset(w.strip().lower() for w in text.splitlines() if w.strip())
    if not words:
        log.warning("lexicon %s is empty: word repairs will be limited", path)
    return Lexicon(words)


def document_vocabulary(text: str) -> set[str]:
    """Lower-case words of ``text`` that hold no U+FFFD (URLs included: they name things)."""
    return {m.group().lower() for m in WORD_RE.finditer(text) if FFFD not in m.group()}


def _bump(counts: MutableMapping[str, int] | None, kind: str, n: int = 1) -> None:
    if counts is not None and n:
        counts[kind] = counts.get(kind, 0) + n


def _cased(option: str, word: str, index: int) -> str:
    """``option`` in upper case when the letters around ``word[index]`` are upper case."""
    before = next((c for c in reversed(word[:index]) if c != FFFD), "")
    after = next((c for c in word[index + 1 :] if c != FFFD), "")
    letters = [c for c in (before, after) if c]
    if letters and all(c.isupper() for c in letters) and len(word) > 1:
        return option.upper()
    return option


def _fill(word: str, options: tuple[str, ...]) -> str:
    out: list[str] = []
    k = 0
    for i, c in enumerate(word):
        if c == FFFD:
            out.append(_cased(options[k], word, i))
            k += 1
        else:
            out.append(c)
    return "".join(out)


def _single_t_doublings(word: str) -> list[str]:
    """``word`` with one lone ``t`` doubled, for every lone ``t``."""
    out = []
    for i, c in enumerate(word):
        if c in "tT":
            prev = word[i - 1] if i else ""
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if prev.lower() != "t" and nxt.lower() != "t":
                out.append(word[: i + 1] + c.lower() + word[i + 1 :])
    return out


def _ligature_kind(options: tuple[str, ...]) -> str:
    if all(o == "ti" for o in options):
        return "ligature_ti"
    if all(o in ("ti", "tti") for o in options):
        return "ligature_tti"
    return "ligature_other"


def repair_word(word: str, lexicon: Lexicon, counts: MutableMapping[str, int] | None = None) -> str:
    """Repair one word (letters only), or return it unchanged.

    U+FFFD is replaced by the first ligature (``ti``, ``tti``, ``ft``…) that makes a known word,
    possibly with one dropped ``t`` restored as well; when nothing fits it becomes ``ti``. A
    word without U+FFFD that is not in the dictionary gets one lone ``t`` doubled when that
    makes a known word. Case is kept (``Cete`` → ``Cette``).
    """
    n = word.count(FFFD)
    if n == 0:
        return _restore_tt(word, lexicon, counts)
    if n == len(word):  # a lone replacement character, not part of a word
        _bump(counts, "fffd_dropped", n)
        return ""
    pool = LIGATURES if n <= HEURISTICS.max_fffd_full_search else ("ti", "tti")
    combos = sorted(
        itertools.product(pool, repeat=n),
        key=lambda c: sum(pool.index(o) for o in c),
    )
    for combo in combos:  # ligatures alone
        candidate = _fill(word, combo)
        if lexicon.known(candidate):
            _bump(counts, _ligature_kind(combo), n)
            return candidate
    for combo in combos:  # ligatures plus one restored ``tt``
        for candidate in _single_t_doublings(_fill(word, combo)):
            if lexicon.known(candidate):
                _bump(counts, _ligature_kind(combo), n)
                _bump(counts, "tt_restored")
                return candidate
    _bump(counts, "ligature_fallback", n)
    log.debug("no known repair for %r: U+FFFD read as 'ti'", word)
    return _fill(word, ("ti",) * n)


def _restore_tt(word: str, lexicon: Lexicon, counts: MutableMapping[str, int] | None) -> str:
    if len(word) < 3 or lexicon.is_word(word) or (word.isupper() and len(word) > 1):
        return word
    if "t" not in word.lower():
        return word
    for candidate in _single_t_doublings(word):
        if lexicon.known(candidate):
            _bump(counts, "tt_restored")
            return candidate
    return word


def fix_url_schemes(text: str, counts: MutableMapping[str, int] | None = None) -> str:
    """``htps://`` → ``https://`` and ``htp://`` → ``http://``."""

    def fix(m: re.Match[str]) -> str:
        _bump(counts, "url_scheme")
        scheme = m.group(1).lower()
        return ("https" if scheme == "htps" else "http") + "://"

    return _SCHEME_RE.sub(fix, text)


def repair_text(text: str, lexicon: Lexicon, counts: MutableMapping[str, int] | None = None) -> str:
    """Repair every word of ``text`` (URLs only get their scheme fixed)."""
    text = fix_url_schemes(text, counts)
    out: list[str] = []
    pos = 0
    for url in URL_RE.finditer(text):
        out.append(_repair_words(text[pos : url.start()], lexicon, counts))
        out.append(url.group())
        pos = url.end()
    out.append(_repair_words(text[pos:], lexicon, counts))
    return "".join(out)


def _repair_words(text: str, lexicon: Lexicon, counts: MutableMapping[str, int] | None) -> str:
    return WORD_RE.sub(lambda m: repair_word(m.group(), lexicon, counts), text)


_LAST_WORD_RE = re.compile(rf"(?:[^\W\d_]|{FFFD})+$")
_FIRST_WORD_RE = re.compile(rf"^(?:[^\W\d_]|{FFFD})+")


def join_hyphenated(
    left: str, right: str, lexicon: Lexicon, counts: MutableMapping[str, int] | None = None
) -> str:
    """Join a line ending in ``word-`` with the next line.

    The hyphen goes (``dévelop-`` + ``pement``) when the joined word is known and the
    hyphenated form is not a dictionary compound; it stays when the joined word is unknown
    but a part is a known word, a capitalised name or a number (``podo-`` + ``orthésistes``,
    ``2023-`` + ``2027``); an unknown split of unknown parts is joined.
    """
    stem = left[:-1]  # without the hyphen
    lw = _LAST_WORD_RE.search(stem)
    rw = _FIRST_WORD_RE.search(right)
    if lw is None or rw is None:  # a digit or punctuation on one side: a real hyphen
        _bump(counts, "hyphen_kept")
        return left + right
    a, b = lw.group(), rw.group()
    if not lexicon.is_word(f"{a}-{b}") and lexicon.known(a + b):
        _bump(counts, "hyphen_joined")
        return stem + right
    if lexicon.known(a) or lexicon.known(b) or b[:1].isupper() or lexicon.is_word(f"{a}-{b}"):
        _bump(counts, "hyphen_kept")
        return left + right
    _bump(counts, "hyphen_joined")
    return stem + right
