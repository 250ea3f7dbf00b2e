"""English question words in the report's French, from an English→French dictionary.

An English question shares few words with the French report: only names and acronyms reach
the lexical ranking and the answer step's coverage. FreeDict's English→French dictionary
(Debian ``dict-freedict-eng-fra``, dictd format: an index of ``headword\\toffset\\tlength``
lines, offsets and lengths in base 64, into a gzip-compressed text) gives each content word
of the question its French words — kept only when the indexed report uses them, at most a
few a word, single words only. Examples (none from an evaluation question): "hospitals" →
« hôpital »; "towns" → « localité », « ville » where the report says « ville »; "the" and
"does" are not looked up.

Without the dictionary an English question is read as before (one warning in the log).
"""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from santeqa.text import fold

log = logging.getLogger(__name__)

#: where Debian installs the dictionary's index (the text is next to it, ``.dict.dz``)
DEFAULT_PATH = Path("/usr/share/dictd/freedict-eng-fra.index")
#: a larger file is not a word dictionary of this kind: it is not read (memory stays bounded;
#: the Debian one is 130 kB of index and 350 kB of text)
MAX_BYTES = 16 * 1024 * 1024

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_HEADWORD = re.compile(r"[a-z]+")
_SENSE = re.compile(r"^\s*\d+\.\s*")
_ENGLISH_WORD = re.compile(r"[a-z]+")

# English words that carry no topic: question words, auxiliaries, pronouns, determiners,
# prepositions, and verbs of asking (their French words would match everywhere)
_STOP = frozenset(
    (
        "a an the this that these those what which who whom whose when where why how whether "
        "do does did done doing is are was were be been being am has have had having will "
        "would shall should can could may might must it its it's they them their theirs he "
        "him his she her hers we us our you your i me my there here of to in on at by for "
        "from with without into onto about among between through during before after over "
        "under than then as and or but not no nor so if also too very more most much many "
        "any some each every other such only own same just all both either neither one ones "
        "up down out off again further once per via according say says said tell give "
        "mention mentioned mentions report document text kind type sort way"
    ).split()
)


def _base64(text: str) -> int:
    n = 0
    for c in text:
        n = n * 64 + _B64.index(c)
    return n


def _french_words(entry: str) -> list[str]:
    """The single-word translations of one dictd entry, in the dictionary's order (its
    first line is the headword and pronunciation, then « 1. a, b » sense lines)."""
    out: list[str] = []
    for line in entry.splitlines()[1:]:
        for word in _SENSE.sub("", line).split(","):
            word = word.strip()
            if word and " " not in word and word not in out:
                out.append(word)
    return out


@dataclass(frozen=True)
class Bilingual:
    """English headword (one lower-case word) → its single-word French translations."""

    entries: dict[str, tuple[str, ...]]

    @classmethod
    def parse(cls, index: str, text: str) -> Bilingual:
        """From a dictd index and its (decompressed) text."""
        data = text.encode("utf-8")
        entries: dict[str, tuple[str, ...]] = {}
        for line in index.splitlines():
            parts = line.split("\t")
            if len(parts) != 3 or not _HEADWORD.fullmatch(parts[0]):
                continue  # a phrase, a name, or the database's own 00-entries
            try:
                start, length = _base64(parts[1]), _base64(parts[2])
            except ValueError:
                continue
            entry = data[start : start + length].decode("utf-8", errors="replace")
            words = _french_words(entry)
            if words:
                known = entries.get(parts[0], ())
                entries[parts[0]] = known + tuple(w for w in words if w not in known)
        return cls(entries)

    def lookup(self, word: str) -> tuple[str, ...]:
        """The French words of an English word, read as it is or without a plural or
        verb ending ("cities" → "city", "funded" → "fund", "planning" → "plan")."""
        for form in english_forms(word):
            found = self.entries.get(form)
            if found:
                return found
        return ()


def english_forms(word: str) -> list[str]:
    """The word, then its likely dictionary forms (a light English lemmatiser)."""
    forms = [word]
    if len(word) > 4 and word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith("es"):
        forms.append(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    if len(word) > 4 and word.endswith("ed"):
        forms += [word[:-2], word[:-1]]
        if word[-3] == word[-4]:
            forms.append(word[:-3])  # "planned" → "plan"
    if len(word) > 5 and word.endswith("ing"):
        forms += [word[:-3], word[:-3] + "e"]
        if word[-4] == word[-5]:
            forms.append(word[:-4])
    return forms


@lru_cache(maxsize=4)
def load_bilingual(index_path: Path = DEFAULT_PATH) -> Bilingual | None:
    """The dictionary at ``index_path`` (its text at the same name ending ``.dict.dz``, or
    ``.dict``), read once; None, with one warning, when it is missing or unreadable."""
    try:
        if index_path.stat().st_size > MAX_BYTES:
            raise OSError("larger than a word dictionary")
        index = index_path.read_text(encoding="utf-8", errors="replace")
        text = _read_text(index_path.with_suffix(".dict.dz"), index_path.with_suffix(".dict"))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        log.warning(
            "English→French dictionary %s unavailable (%s): English questions get no "
            "lexical help (Debian package dict-freedict-eng-fra)",
            index_path,
            exc,
        )
        return None
    return Bilingual.parse(index, text)


def _read_text(compressed: Path, plain: Path) -> str:
    if compressed.exists():
        with gzip.open(compressed) as f:
            raw = f.read(MAX_BYTES + 1)
    else:
        raw = plain.read_bytes()[: MAX_BYTES + 1]
    if len(raw) > MAX_BYTES:
        raise OSError("larger than a word dictionary")
    return raw.decode("utf-8", errors="replace")


class Translator:
    """An English question's content words → French index terms the report uses.

    ``analyse``: the index's analysis (a French word → its stems); ``vocabulary``: the terms
    the indexed passages use; ``per_word``: the most French terms kept for one English word
    (the dictionary's first senses first)."""

    def __init__(
        self,
        bilingual: Bilingual,
        analyse: Callable[[str], list[str]],
        vocabulary: Collection[str],
        per_word: int,
    ) -> None:
        self._bilingual = bilingual
        self._analyse = analyse
        self._vocabulary = vocabulary
        self._per_word = per_word
        self._known: dict[str, tuple[str, ...]] = {}

    def terms(self, word: str) -> tuple[str, ...]:
        """The French index terms of one (folded) English word; () for a stop word or a
        word whose translations the report never uses."""
        if word in _STOP or len(word) < 3:
            return ()
        known = self._known.get(word)
        if known is None:
            found: list[str] = []
            for french in self._bilingual.lookup(word):
                for term in self._analyse(french):
                    if term in self._vocabulary and term not in found:
                        found.append(term)
            # a translation the English word resembles (« principe » for "principle") is
            # the precise one: the others are its other senses
            alike = [t for t in found if t[:4] == word[:4]]
            known = tuple((alike or found)[: self._per_word])
            if len(self._known) < 4096:  # bounded: a long-running server sees many words
                self._known[word] = known
        return known

    def question(self, text: str) -> dict[str, tuple[str, ...]]:
        """Each English content word of ``text`` that has French terms, with them."""
        out: dict[str, tuple[str, ...]] = {}
        for word in english_words(text):
            found = self.terms(word)
            if found:
                out[word] = found
        return out

    def rewrite(self, text: str, terms: Sequence[str]) -> list[str]:
        """The index terms of an English question: a translated word's own stems give way
        to its French terms, and a stop word's stems go, unless the report uses them too
        (names, « patient »); the other terms stay as they are."""
        words = list(english_words(text))
        found = self.question(text)
        gone = {
            t
            for word in words
            if word in found or word in _STOP
            for t in self._analyse(word)
            if t not in self._vocabulary
        }
        kept = [t for t in terms if t not in gone]
        return list(dict.fromkeys([*kept, *(t for ts in found.values() for t in ts)]))


def english_words(text: str) -> Iterable[str]:
    return dict.fromkeys(_ENGLISH_WORD.findall(fold(text)))
