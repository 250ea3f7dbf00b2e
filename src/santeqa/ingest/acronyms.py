"""Acronyms defined in the running text, not only in the glossary.

A report defines many acronyms where it first uses them; the glossary (« Sigles ») lists only
some. Three written forms are read (the examples are made up):

- the long form, then the acronym in brackets: « la Maison des Jeux de Société (MJS) »;
- the acronym, then the long form in brackets: « le projet CaLiN (Carnets de Liaison
  Numériques) »;
- the acronym, a colon, a few words, then the long form: « Projet VAL : ce projet Vélos en
  Accès Libre vise… »;
- a section's heading as the long form, the acronym written in capitals in the section's first
  paragraph: « La Maison des Jeux de Société » heading a section that opens « La MJS
  accueille… » (a report often names a body in full once, as a title, then by its initials).

The acronym's letters are matched against the words of the long form, as in Schwartz &
Hearst (2003, "A simple algorithm for identifying abbreviation definitions in biomedical
text"), adapted to French: each word of the long form gives the acronym one or more letters,
the first being its initial and the others letters from inside it, in order (« SaMAV »: Sa
from Salle, M from Municipale, A from Arts, V from Vivants); function words (« de, du, des,
la, l', et, en, d', à, pour, sur », and the articles) may give none; a lower-case content
word may give none at most ``acronym_max_skipped_words`` times; the first and last words
always give. At least ``acronym_min_initial_share`` of the letters are initials, and an
acronym written with one capital (« Fnav »: Fédération nationale des amis du vélo) has its
letters all initials: a name in brackets after unrelated words (« le musée (Louvre) », « les
enfants jouent au parc (ARS) ») is refused, and so are years and numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

from santeqa.ingest.heuristics import HEURISTICS, IngestHeuristics
from santeqa.records import Footnote, GlossaryEntry, Paragraph
from santeqa.text import fold

#: words a long form may leave out, folded (« l' » and « d' » are read as « l » and « d »)
FUNCTION_WORDS = frozenset("de du des la le les l d et en a au aux pour sur un une".split())
_WORD = re.compile(r"[^\W\d_]+")
# what ends the words a long form can be read from: a sentence's or a clause's end, brackets
_BOUNDARY = re.compile(r"[.;:!?()\[\]«»\n]")
_IN_BRACKETS = re.compile(r"\(\s*([^\W\d_]+)\s*\)")
_BEFORE_BRACKETS = re.compile(r"\b([^\W\d_]+)\s*\(([^()]*)\)")
_BEFORE_COLON = re.compile(r"\b([^\W\d_]+)\s*:\s*")
_COLON_LEAD_WORDS = 6  # « Club VAL : le club de randonnée des Vélos … » reaches Vélos


@dataclass(frozen=True)
class Definition:
    """An acronym and its long form, at ``start:end`` of the text it was read from."""

    acronym: str
    expansion: str
    start: int
    end: int


@dataclass(frozen=True)
class _Word:
    text: str  # folded
    start: int
    end: int
    lower: bool  # written in lower case (a content word that may be left out)

    @property
    def function(self) -> bool:
        return self.text in FUNCTION_WORDS


def _words(text: str, start: int, end: int) -> list[_Word]:
    return [
        _Word(fold(m.group()), m.start(), m.end(), m.group()[0].islower())
        for m in _WORD.finditer(text, start, end)
    ]


def _capitals(token: str) -> int:
    return sum(ch.isupper() for ch in token)


def _looks_like_acronym(token: str, h: IngestHeuristics, *, capitals: int) -> bool:
    """Two to ``acronym_max_letters`` letters, a capital first, ``capitals`` capitals or more."""
    return (
        2 <= len(token) <= h.acronym_max_letters
        and token[0].isupper()
        and _capitals(token) >= capitals
    )


def _align(words: Sequence[_Word], letters: str, max_skipped: int) -> tuple[int, int] | None:
    """How ``words`` (all of them) spell ``letters``: (initials - words left out, initials),
    the best reading, or None when they cannot."""
    n, m = len(words), len(letters)

    @cache
    def best(j: int, k: int, skipped: int) -> tuple[int, int] | None:
        if j == n:
            return (0, 0) if k == m else None
        w = words[j]
        found: list[tuple[int, int]] = []
        inner = 0 < j < n - 1
        if inner and w.function:
            found += [r for r in [best(j + 1, k, skipped)] if r]
        elif inner and w.lower and skipped < max_skipped:
            found += [(r[0] - 1, r[1]) for r in [best(j + 1, k, skipped + 1)] if r]
        if k < m and w.text[:1] == letters[k]:
            pos, length = 1, 1
            while True:
                rest = best(j + 1, k + length, skipped)
                if rest:
                    found.append((rest[0] + 1, rest[1] + 1))
                if k + length >= m:
                    break
                pos = w.text.find(letters[k + length], pos) + 1
                if pos == 0:
                    break
                length += 1
        return max(found, default=None)

    return best(0, 0, 0)


def _accepted(acronym: str, reading: tuple[int, int] | None, h: IngestHeuristics) -> bool:
    """Enough of the letters are initials (all of them for an acronym with one capital), and
    at least two words give some."""
    if reading is None:
        return False
    if _capitals(acronym) == 1:
        needed = len(acronym)
    else:
        needed = math.ceil(h.acronym_min_initial_share * len(acronym))
    return reading[1] >= max(2, needed)


def _best_reading(
    candidates: Sequence[Sequence[_Word]], acronym: str, h: IngestHeuristics
) -> Sequence[_Word] | None:
    """The candidate long form that spells ``acronym`` best (the first one on a tie)."""
    letters = fold(acronym)
    best: tuple[tuple[int, int], Sequence[_Word]] | None = None
    for words in candidates:
        if not words or words[0].function or words[0].text[:1] != letters[0]:
            continue
        reading = _align(words, letters, h.acronym_max_skipped_words)
        accepted = reading is not None and _accepted(acronym, reading, h)
        if reading is not None and accepted and (best is None or reading > best[0]):
            best = (reading, words)
    return None if best is None else best[1]


def _definition(text: str, acronym: str, words: Sequence[_Word] | None) -> Definition | None:
    if not words:
        return None
    start, end = words[0].start, words[-1].end
    return Definition(acronym, text[start:end], start, end)


def _long_form_before(text: str, acronym: str, end: int, h: IngestHeuristics) -> Definition | None:
    """« Long Form (ACR) »: the words before the bracket, back to a clause's end; the
    shortest reading wins a tie."""
    cut = max((m.end() for m in _BOUNDARY.finditer(text, 0, end)), default=0)
    words = _words(text, cut, end)[-(len(acronym) + h.acronym_extra_words) :]
    candidates = [words[s:] for s in range(len(words) - 1, -1, -1)]
    return _definition(text, acronym, _best_reading(candidates, acronym, h))


def _long_form_inside(
    text: str, acronym: str, start: int, end: int, h: IngestHeuristics
) -> Definition | None:
    """« ACR (Long Form) »: every word in the brackets but leading function words."""
    if any(ch.isdigit() for ch in text[start:end]):
        return None
    words = _words(text, start, end)
    while words and words[0].function:
        words = words[1:]
    return _definition(text, acronym, _best_reading([words], acronym, h))


def _long_form_after(text: str, acronym: str, start: int, h: IngestHeuristics) -> Definition | None:
    """« ACR : ce projet Long Form … »: a capitalised word among the first few after the
    colon starts it; it ends where the letters are spelt (the shortest reading wins a tie)."""
    cut = min((m.start() for m in _BOUNDARY.finditer(text, start)), default=len(text))
    words = _words(text, start, cut)
    longest = len(acronym) + h.acronym_extra_words
    candidates = [
        words[s:e]
        for s in range(min(_COLON_LEAD_WORDS, len(words)))
        if not words[s].lower
        for e in range(s + 2, min(len(words), s + longest) + 1)
    ]
    return _definition(text, acronym, _best_reading(candidates, acronym, h))


def definitions(text: str, heuristics: IngestHeuristics = HEURISTICS) -> list[Definition]:
    """The acronyms ``text`` defines, in the order of their long forms."""
    h = heuristics
    found: list[Definition] = []
    for m in _IN_BRACKETS.finditer(text):
        acronym = m.group(1)
        if _looks_like_acronym(acronym, h, capitals=1):
            found += [d for d in [_long_form_before(text, acronym, m.start(), h)] if d]
    for m in _BEFORE_BRACKETS.finditer(text):
        acronym = m.group(1)
        if _looks_like_acronym(acronym, h, capitals=2):
            found += [d for d in [_long_form_inside(text, acronym, *m.span(2), h)] if d]
    for m in _BEFORE_COLON.finditer(text):
        acronym = m.group(1)
        if _looks_like_acronym(acronym, h, capitals=2):
            found += [d for d in [_long_form_after(text, acronym, m.end(), h)] if d]
    return sorted(found, key=lambda d: d.start)


def body_acronyms(
    document: str,
    paragraphs: Sequence[Paragraph],
    known: Collection[str] = (),
    heuristics: IngestHeuristics = HEURISTICS,
    notes: Sequence[Footnote] = (),
) -> tuple[GlossaryEntry, ...]:
    """The acronyms the paragraphs (then the notes, then the headings) define, the first
    definition of each, as glossary entries with their provenance (``source`` "body" or
    "note", which one, offsets of the long form; "heading": the paragraph the section opens
    with, no offsets since the long form is the section's title). Acronyms in ``known`` (the
    glossary's) are left out: the glossary's own expansion wins."""
    # (source, which one, text, where its pages are read: a paragraph, or a note's page)
    texts: list[tuple[str, int, str, Paragraph | int]]
    texts = [("body", i, p.text, p) for i, p in enumerate(paragraphs)]
    texts += [("note", n.number, n.text, n.page) for n in notes]
    seen = {a.upper() for a in known}
    out: list[GlossaryEntry] = []
    for source, where, text, place in texts:
        for d in definitions(text, heuristics):
            if d.acronym.upper() in seen:
                continue
            seen.add(d.acronym.upper())
            page = place if isinstance(place, int) else place.page_at(d.start)
            out.append(
                GlossaryEntry(document, d.acronym, d.expansion, page, source, where, d.start, d.end)
            )
    # a heading's reading comes last: a definition written out in the text is surer
    for i, acronym, heading in headed_acronyms(paragraphs, heuristics):
        if acronym.upper() not in seen:
            seen.add(acronym.upper())
            out.append(
                GlossaryEntry(document, acronym, heading, paragraphs[i].page_at(0), "heading", i)
            )
    return tuple(out)


def headed_acronyms(
    paragraphs: Sequence[Paragraph], heuristics: IngestHeuristics = HEURISTICS
) -> list[tuple[int, str, str]]:
    """(paragraph index, acronym, heading) for each acronym written in capitals in the first
    paragraph of a section whose heading spells it whole (leading articles left out):
    « Le Centre Régional d'Archives » then « Le CRA conserve … »."""
    h = heuristics
    found: list[tuple[int, str, str]] = []
    before: tuple[str, ...] = ()
    for i, p in enumerate(paragraphs):
        opens = bool(p.section) and p.section != before
        before = p.section
        if not opens:
            continue
        heading = p.section[-1]
        words = _words(heading, 0, len(heading))
        while words and words[0].function:
            words = words[1:]
        for token in dict.fromkeys(_WORD.findall(p.text)):
            if token.isupper() and _looks_like_acronym(token, h, capitals=2):
                spelt = _best_reading([words], token, h)
                if spelt:
                    found.append((i, token, heading[spelt[0].start : spelt[-1].end]))
    return found
