"""From a chosen sentence to the quoted span and its key phrase (all verbatim offsets).

- A list answers with its items: a sentence announcing items (it ends with « : ») brings
  the bullets that follow; a bullet chosen for a question asking for several things brings
  its lead-in and neighbouring items, as many as fit in ``MAX_SPAN_CHARS``.
- The key phrase (``highlight``) is the number with its unit, the date, the name asked for,
  the list item, the expansion of an acronym, or the clause that holds most of the question's
  terms; never a figure or a name the question writes itself when something else is there.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from santeqa.qa.anaphor import opens_with_anaphor
from santeqa.qa.enumeration import Enumeration, enumerations
from santeqa.qa.facts import (
    APPROXIMATE_WORDS,
    BULLET,
    CARDINAL_WORDS,
    CURRENCY,
    FIGURE,
    FLAG_OF_KIND,
    FRACTION_WORDS,
    STRUCTURE,
    kind_spans,
)
from santeqa.records import Chunk
from santeqa.text import fold, shared_analyzer
from santeqa.tunables import AnswerShape

MAX_SPAN_CHARS = AnswerShape.max_answer_chars
MAX_JOINED_CHARS = AnswerShape.max_joined_chars
MAX_LIST_CHARS = AnswerShape.max_list_chars
_CLAUSE_END = re.compile(r"[,;:)»–]\s+|\s+[(«–]\s*|\s+-\s+")
# « de » as a word, or elided: « 2 000 étudiants de master », « une dizaine d’ateliers »
# (not the « de » of « devraient »)
_OF = r"d(?:e\s+|[’']\s*)"
# words that follow a figure without being its unit (« 1 500 en 2019 », « 12 pour 100 »)
_FUNCTION = r"(?:en|à|au|aux|de|du|des|et|ou|pour|par|dans|sur|avec|sans|entre|contre|soit|dont)"
_ABOUT = rf"(?:(?:plus|moins) {_OF}|près {_OF}|environ\s+|au moins\s+)?"
_FIGURE = re.compile(FIGURE)
_WORD = re.compile(r"[^\W\d_]+")
_MONTHS = (
    r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
)
_ROMAN = re.compile(r"[IVX]+")
# a year given as the date of the figure it follows: « 1 500 en 2019 », « 3 % fin 2023 »
_GIVEN_DATE = re.compile(
    rf"\s*(?:en|au|à|fin|début|d[’']ici)\s+(?:{_MONTHS}\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# a figure as written, its thousands grouped (« 1 209 », « 500 000 », a group mistyped
# « 10 00 »): not a year run into the figure after it (« d’ici 2027 500 000 élèves »)
_WRITTEN = r"(?<![\d,.])(?:\d{1,3}(?:[\s\u00a0\u202f]\d{2,3})+(?!\d)|\d+)(?:[,.]\d+)?"
# a range is one figure: « 1 à 1,2 millions de consultations », « 20-25 % »
_QUANTITY = re.compile(
    rf"{_ABOUT}{_WRITTEN}(?:\s*(?:à|-)\s*{_WRITTEN})?\s*(?:%|€|M€|Md€|(?!{_FUNCTION}\b)[^\W\d]\w*)?"
    rf"(?:\s+{_OF}\w+)?"
    rf"|{_ABOUT}\b(?:une?\s+|des\s+)?(?:{APPROXIMATE_WORDS})s?\s+{_OF}\w+"
    # a number word with what it counts: « deux sociétés », « trois quarts des médecins »
    rf"|\b(?:trois quarts|{CARDINAL_WORDS}|{FRACTION_WORDS})\b"
    rf"(?:\s+(?:des|du)\s+\w+|\s+{_OF}\w+|\s+\w+)?",
    re.IGNORECASE,
)
_CURRENCY = re.compile(CURRENCY, re.IGNORECASE)
_SHARE = re.compile(rf"%|\bpour\s*cent\b|\b(?:{FRACTION_WORDS})\b", re.IGNORECASE)
# « en majorité », « en partie »: an adverb, not a share
_ADVERB_OF = re.compile(r"\ben\s+$", re.IGNORECASE)
_SCALE = re.compile(r"\b(?:millions?|milliards?|billions?)\b", re.IGNORECASE)
_DATE = re.compile(
    rf"(?:(?:en|depuis|dès|d’ici|fin|début|à partir de)\s+)?(?:\d{{1,2}}\s+)?(?:{_MONTHS}\s+)?"
    r"(?:19|20)\d\d",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    first: int  # first sentence index
    last: int  # last sentence index
    start: int  # character offsets in the chunk text
    end: int


def sentence_text(chunk: Chunk, j: int) -> str:
    """The text of sentence ``j`` of the chunk."""
    s = chunk.sentences[j]
    return chunk.text[s.start : s.end]


def _is_bullet(chunk: Chunk, j: int) -> bool:
    return sentence_text(chunk, j).startswith(BULLET)


def is_lead_in(chunk: Chunk, j: int) -> bool:
    """Does sentence ``j`` announce what follows (it ends with a colon)?"""
    return sentence_text(chunk, j).rstrip().endswith(":")


def fits(chunk: Chunk, first: int, last: int, limit: int = MAX_SPAN_CHARS) -> bool:
    """Do sentences ``first``..``last`` of the chunk make a quote of at most ``limit``?"""
    return chunk.sentences[last].end - chunk.sentences[first].start <= limit


def list_around(chunk: Chunk, j: int) -> tuple[int, int] | None:
    """The list sentence ``j`` belongs to (lead-in and bullets), or None if it is in none."""
    n = len(chunk.sentences)
    if is_lead_in(chunk, j) and j + 1 < n and _is_bullet(chunk, j + 1):
        first = j
    elif _is_bullet(chunk, j):
        first = j
        while first > 0 and _is_bullet(chunk, first - 1):
            first -= 1
        if first > 0 and is_lead_in(chunk, first - 1):
            first -= 1
    else:
        return None
    last = j
    while last + 1 < n and _is_bullet(chunk, last + 1):
        last += 1
    return first, last


def span_for(
    chunk: Chunk,
    j: int,
    wants_list: bool,
    item_score: Mapping[int, float] | None = None,
    lead_in_answers: bool = False,
    limit: int = MAX_SPAN_CHARS,
) -> tuple[int, int]:
    """Sentences quoted when sentence ``j`` is chosen (first, last), within MAX_SPAN_CHARS.

    A lead-in always brings the items that follow; a bullet brings its list (lead-in first)
    only when the question asks for several things. ``item_score`` (by sentence index: how
    likely each item answers): when a lead-in's items do not all fit, the likeliest item is
    quoted with its neighbours, even if the lead-in must then be left out — unless the
    lead-in itself answers (``lead_in_answers``): then it comes first, with the items that
    fit after it. ``limit``: the room for a list (``MAX_SPAN_CHARS`` unless the answer step
    gives a list more, ``AnswerShape.max_list_chars``).
    """
    found = list_around(chunk, j)
    if found is None or (not wants_list and not is_lead_in(chunk, j)):
        return j, j
    lo, hi = found
    if is_lead_in(chunk, j) and not fits(chunk, j, hi, limit) and not lead_in_answers:
        return _items_for_lead_in(chunk, j, hi, item_score or {}, limit)
    return _grow(chunk, j, lo, hi, limit)


def with_antecedent(chunk: Chunk, j: int, span: tuple[int, int], limit: int) -> tuple[int, int]:
    """The quoted sentences (first, last) with the sentence before ``j`` put first when ``j``
    opens the quote with a subject standing for it (« Celui-ci compte 40 lits. »: the reader
    learns what « celui-ci » is) and both fit in ``limit`` characters."""
    first, last = span
    if (
        first != j
        or j == 0
        or _is_bullet(chunk, j - 1)
        or not opens_with_anaphor(sentence_text(chunk, j))
    ):
        return span
    return (j - 1, last) if fits(chunk, j - 1, last, limit) else span


def _grow(chunk: Chunk, j: int, lo: int, hi: int, limit: int = MAX_SPAN_CHARS) -> tuple[int, int]:
    """From sentence ``j``, the sentences of ``lo``..``hi`` that fit: after ``j`` first
    (items follow their lead-in), then before it."""
    first, last = j, j
    while last < hi and fits(chunk, first, last + 1, limit):
        last += 1
    while first > lo and fits(chunk, first - 1, last, limit):
        first -= 1
    return first, last


def _items_for_lead_in(
    chunk: Chunk, j: int, hi: int, item_score: Mapping[int, float], limit: int = MAX_SPAN_CHARS
) -> tuple[int, int]:
    """A lead-in ``j`` whose items (to ``hi``) overflow the quote: the lead-in and the items
    that fit when they reach the likeliest item; else that item and its neighbours. A first
    item too long to quote whole comes with its lead-in, to be cut at clauses."""
    items = range(j + 1, hi + 1)
    best = max(items, key=lambda k: (item_score.get(k, float("-inf")), -k))
    if fits(chunk, j, best, limit):
        return _grow(chunk, j, j, hi, limit)
    if best == j + 1:
        return j, j + 1  # one long item: cut (``clause_window``) with its lead-in
    return _grow(chunk, best, j, hi, limit)


def clause_window(
    text: str,
    start: int,
    end: int,
    score: Callable[[str], float],
    limit: int = MAX_SPAN_CHARS,
) -> tuple[int, int]:
    """Within an over-long stretch, the run of whole clauses of at most ``limit`` characters
    that scores best (then the longer run): still a verbatim extract."""
    cuts = [start] + [start + m.end() for m in _CLAUSE_END.finditer(text[start:end])] + [end]
    best: tuple[float, int, int, int] | None = None
    for i, a in enumerate(cuts[:-1]):
        for b in cuts[i + 1 :]:
            if b - a > limit:
                break
            key = (score(text[a:b]), b - a, a, b)
            if best is None or key > best:
                best = key
    if best is None:  # no clause boundary close enough: cut at a word boundary
        cut = text.rfind(" ", start, start + limit)
        return start, cut if cut > start else start + limit
    a, b = best[2], best[3]
    return a, a + len(text[a:b].rstrip(" ,;:–-"))


_NAME_KINDS = frozenset(("person", "organisation", "agent"))
# what continues a name after its first word: an adjective of scope (« Union européenne »),
# capitalised words (« Office Régional des Ports de Bretagne », « Port-Louis »), then
# its acronym in brackets « (ORPB) »
_NAME_GOES_ON = re.compile(
    r"(?:\s+(?:europ[ée]enne|nationale|r[ée]gionale|mondiale|fran[çc]aise|internationale)s?)?"
    r"(?:\s+(?:(?:de|du|des)\s+(?:la\s+|l[’']\s*)?|d[’']\s*|l[’']\s*)?"
    r"[A-ZÉÈÀ][\w’'-]*)*(?:\s+\([A-ZÉ][\w’'-]*\))?"
)

# a word, « par » (« by ») and an article just before a name: the agent of a passive, the word
# its participle (« financé par l’Union »)
_AGENT_BEFORE = re.compile(r"([^\W\d_]+)\s+(?:par|by)\s+(?:l[’']\s*|le\s+|la\s+|les\s+|the\s+)?$")


def _name_asked(
    sentence: str,
    flag: str,
    score: Callable[[str], float],
    names: frozenset[str],
    common: frozenset[str],
) -> tuple[int, int] | None:
    """The name of the kind ``flag`` in ``sentence`` that the question does not use itself,
    with the capitalised words that continue it: the agent of a passive whose participle the
    question uses (« financé par l’Union » for « qui a financé … ? ») first, else the first."""
    analyse = shared_analyzer().terms
    found = [
        (start, end)
        for start, end in kind_spans(sentence, flag, common)
        if not (terms := frozenset(analyse(sentence[start:end]))) or not terms <= names
        if not _ROMAN.fullmatch(sentence[start:end])  # « III.- », an article's number
    ]
    if not found:
        return None

    def acts_as_asked(span: tuple[int, int]) -> bool:
        passive = _AGENT_BEFORE.search(sentence, 0, span[0])
        return passive is not None and score(passive.group(1)) > 0

    start, end = next((s for s in found if acts_as_asked(s)), found[0])
    more = _NAME_GOES_ON.match(sentence, end)
    return _name_starts(sentence, start), more.end() if more else end


# capitalised words that open a sentence or a clause without being a name
_NOT_NAME_PARTS = frozenset(
    "le la les l un une des du de d au aux en et ou à a par pour dans sur ce cette ces son sa "
    "ses leur leurs the a an of in by for and".split()
)


def _name_starts(sentence: str, start: int) -> int:
    """Where the name ending at ``start`` begins: the capitalised words just before it are
    part of it (« Porté par Normandie Université » — the head noun read as an organisation,
    « Université », comes last)."""
    words = list(re.finditer(r"[^\W\d_][\w’'-]*", sentence[:start]))
    while words:
        word = words[-1]
        if sentence[word.end() : start].strip() or not word.group()[:1].isupper():
            break
        if word.group().lower().strip("’'") in _NOT_NAME_PARTS:
            break
        start = word.start()
        words.pop()
    return start


def _by_what_follows(
    sentence: str, found: list[re.Match[str]], score: Callable[[str], float], money: bool
) -> list[re.Match[str]]:
    """The figures, a year given as a date (« en juillet 2020 ») last, first the one followed
    by most of the question's words that its subject does not hold (« 600 millions alloués au
    secteur X » for « combien va au secteur X ? »),
    then the one whose clause (cut at the figures beside it) holds most of them (« le marché
    serait multiplié par 10 » for « par combien le marché serait-il multiplié ? »); for an
    amount, then one written with its currency; else in reading order."""

    # where a year introduced as a date ends (« en 2021 », « juillet 2020 »)
    date_ends = {d.end() for d in _DATE.finditer(sentence) if not d.group()[0].isdigit()}

    def dated(m: re.Match[str]) -> bool:
        return m.start() + 4 in date_ends and m.group()[:4].isdigit()

    told = _beyond_subject(sentence, found)

    def key(i: int, m: re.Match[str]) -> tuple[bool, float, float, bool, int]:
        bare = money and _CURRENCY.search(m.group()) is None
        follows = -score(told(_what_follows(sentence, found, i)))
        return dated(m), follows, -score(_clause_of(sentence, found, i)), bare, i

    ranked = sorted(enumerate(found), key=lambda im: key(*im))
    return [m for _i, m in ranked]


def _beyond_subject(sentence: str, found: list[re.Match[str]]) -> Callable[[str], str]:
    """A text without the words of the sentence's subject: the words before its first
    figure are every figure's, not what tells one figure from the others (« Le budget du
    plan atteint 3 M€, dont 1 M€ pour le plan vélo » for « quel est le budget du plan ? »)."""
    terms = shared_analyzer().terms
    subject = set(terms(sentence[: found[0].start()])) if found else set()

    def told(text: str) -> str:
        return " ".join(w for w in _WORD.findall(text) if not subject.intersection(terms(w)))

    return told


def _tells(clause: str, score: Callable[[str], float]) -> bool:
    """Does ``clause`` hold a word the question does not (« des « zones calmes » » repeats
    « quel est l'objectif des zones calmes ? », the clause before it answers)?"""
    terms = shared_analyzer().terms
    return any(terms(word) and score(word) <= 0 for word in _WORD.findall(clause))


def _clause_of(sentence: str, found: list[re.Match[str]], i: int) -> str:
    """The clause of the figure ``found[i]``, cut at the figures before and after it."""
    m = found[i]
    start = found[i - 1].end() if i > 0 else 0
    end = found[i + 1].start() if i + 1 < len(found) else len(sentence)
    before = [c.end() for c in _CLAUSE_END.finditer(sentence, start, m.start())]
    cut = _CLAUSE_END.search(sentence, m.end(), end)
    return sentence[max([start, *before]) : cut.start() if cut else end]


def _dated_by(sentence: str, figure: re.Match[str], years: frozenset[str]) -> bool:
    """Is ``figure`` followed by one of ``years``, given as its date, before the next figure
    (« 1 500 en 2019 », « 2 000 pharmacies ont proposé … en 2022 et 1 209 … en 2023 »)?"""
    if not years:
        return False
    later = (m.start() for m in _QUANTITY.finditer(sentence, figure.end()) if not _is_year(m))
    until = min(later, default=len(sentence))
    return any(d.group(1) in years for d in _GIVEN_DATE.finditer(sentence, figure.end(), until))


def _is_year(m: re.Match[str]) -> bool:
    """Is the figure a bare year (« 2019 »), no count of anything?"""
    return re.fullmatch(r"(?:19|20)\d\d", m.group().strip()) is not None


# a figure given in an aside for the words before it: « des patients jeunes -pour 54 %- »,
# « chez les généralistes (soit 71 %) »
_GIVEN_FOR = re.compile(r"[-–(]\s*(?:pour|soit)\s*$", re.IGNORECASE)


def _what_follows(sentence: str, found: list[re.Match[str]], i: int) -> str:
    """The figure ``found[i]`` and what follows it up to the next figure or clause end; for
    a figure given in an aside for what precedes it, those words (back to the previous mark)
    and the figure."""
    m = found[i]
    aside = _GIVEN_FOR.search(sentence, 0, m.start())
    if aside is not None:
        before = sentence[: aside.start()]
        mark = max(before.rfind(c) for c in "-–(),;")
        return sentence[mark + 1 : m.end()]
    end = found[i + 1].start() if i + 1 < len(found) else len(sentence)
    cut = _CLAUSE_END.search(sentence, m.end(), end)
    return sentence[m.start() : cut.start() if cut else end]


def _counting_first(
    sentence: str, found: list[re.Match[str]], counted: str, score: Callable[[str], float]
) -> list[re.Match[str]]:
    """The figures followed by the counted noun, the one it follows soonest first (« en 2021,
    172 bases » counts bases with 172, not with the year); of figures written with the noun
    itself, first the one followed by most of the question's words (« 8 000 voyageurs
    réguliers et 3 000 voyageurs occasionnels » for « combien de voyageurs occasionnels … ? »):
    what precedes the first is the subject of both."""
    lowered, stem = _fold_in_place(sentence), fold(counted)[:5]
    told = _beyond_subject(sentence, found)
    ranked = []
    for i, m in enumerate(found):
        gap = lowered.find(stem, m.start(), m.end() + 40) - m.start()
        if gap >= 0:
            written_with = m.start() + gap < m.end()
            clause = -score(told(_what_follows(sentence, found, i))) if written_with else 0.0
            ranked.append(((not written_with, clause, gap), m))
    return [m for _key, m in sorted(ranked, key=lambda km: km[0])]


def _enumeration_asked(sentence: str, score: Callable[[str], float]) -> Enumeration | None:
    """Of the sentence's inline enumerations, the one whose lead — the words before it, from
    the previous one's end — holds most of the question's words (« les membres (A, B, C), les
    communes (D, E, F) et les partenaires (G, H, I, J) » for « quelles communes … ? »); else
    the longest."""
    runs = enumerations(sentence)

    def told(i: int) -> tuple[float, int, int]:
        lead = sentence[(runs[i - 1].end if i else 0) : runs[i].start]
        return score(lead), runs[i].items, -i

    return runs[max(range(len(runs)), key=told)] if runs else None


# names in brackets after what they are (« deux grands centres (A et B) », « des chercheurs
# reconnus (C, D) »): each part opens with a capital, a few words long
_BRACKETED = re.compile(r"\(([^()]{3,160})\)")
_NAME_PARTS = re.compile(r",\s*|\s+(?:et|and)\s+")
_LEAD_CHARS = 60  # how far before the brackets the words saying what they name are read


def _names_in_brackets(sentence: str, score: Callable[[str], float]) -> tuple[int, int] | None:
    """For a question asking for several things: the names in brackets whose lead (the words
    before them) holds most of the question's words, when one holds any (« Quels chercheurs
    … ? » → « (A, B) » after « des chercheurs reconnus »); None when none does."""
    best: tuple[float, int, int] | None = None
    for m in _BRACKETED.finditer(sentence):
        inside = m.group(1).rstrip(" .…")
        parts = [p for p in _NAME_PARTS.split(inside) if p]
        if not parts or not all(p[:1].isupper() and len(p.split()) <= 4 for p in parts):
            continue
        told = score(sentence[max(0, m.start() - _LEAD_CHARS) : m.start()])
        if told > 0 and (best is None or told > best[0]):
            best = (told, m.start(1), m.start(1) + len(inside))
    return None if best is None else best[1:]


def _leading_figure(text: str) -> str:
    """The first figure of ``text``, its digits only (« 2 700 euros » → « 2700 »)."""
    found = _FIGURE.search(text)
    return re.sub(r"\D", "", found.group().split(",")[0].split(".")[0]) if found else ""


def _fold_in_place(text: str) -> str:
    """``text`` folded character by character (« é » → « e »), offsets unchanged."""
    return "".join((fold(ch) or ch)[0] for ch in text)


# the parts a verb of composition announces: its first count (« 4 axes, 18 priorités … ») or
# « autour de … »
_PARTS = re.compile(rf"\b(?:\d+|{CARDINAL_WORDS})\s+\w|\bautour\b", re.IGNORECASE)
# their clause ends at a full stop, a semicolon or a colon, or an opening bracket (the commas
# are theirs: « 4 axes, 18 priorités et … »)
_PARTS_END = re.compile(r"[.;:!?](?:\s|$)|\s+[(«–]")


def _parts_told(sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` names the parts a thing is made of (« … se déclinera en 4 axes, 18
    priorités et 65 objectifs. » → « 4 axes, 18 priorités et 65 objectifs »), to the end of
    that clause; None when it only announces them (« … comporte les volets suivants : »)."""
    told = STRUCTURE.search(sentence)
    parts = _PARTS.search(sentence, told.start(), told.end()) if told else None
    if parts is None:
        return None
    clause = _PARTS_END.search(sentence, parts.end())
    end = clause.start() if clause else len(sentence)
    return parts.start(), parts.start() + len(sentence[parts.start() : end].rstrip(" .,;:"))


# what introduces an example (« par exemple, X », « à l'exemple du X », « tels que X »), and
# what follows one (« X en est un exemple »)
_EXAMPLE_BEFORE = re.compile(
    r"\b(?:par exemple\s*[,:]?|à l[’']exemple (?:du|des|de la|de l[’']|de|d[’'])|"
    r"tel(?:le)?s? que)\s*",
    re.IGNORECASE,
)
_EXAMPLE_AFTER = re.compile(r"\s+en (?:est|serait|sont|seraient) (?:un|des) exemples?\b")
_EXAMPLE_END = re.compile(r"[).;:!?]|\s+-\s*|-(?=[\s,]|$)")
# where the clause holding an example named before « par exemple » / « en est un exemple »
# opens: after the last bracket, colon, semicolon or dash before it
_EXAMPLE_START = re.compile(r".*(?:[(;:]|\s-)\s*|^", re.DOTALL)


def _example_told(sentence: str) -> tuple[int, int] | None:
    """The example a sentence gives: what « par exemple » (« à l'exemple du », « tels que »)
    introduces, to the end of its bracket or clause; else what stands before « par exemple »
    or « en est un exemple », from where its bracket or clause opens (« (la voiture autonome
    … en serait un exemple) »); None when it gives none."""
    before = _EXAMPLE_BEFORE.search(sentence)
    if before is not None:
        end = _EXAMPLE_END.search(sentence, before.end())
        stop = end.start() if end else len(sentence)
        if stop > before.end():
            return before.end(), before.end() + len(sentence[before.end() : stop].rstrip(" ,"))
        return _clause_before(sentence, before.start())  # « … X par exemple) »
    after = _EXAMPLE_AFTER.search(sentence)
    return _clause_before(sentence, after.start()) if after is not None else None


def _clause_before(sentence: str, end: int) -> tuple[int, int] | None:
    opening = _EXAMPLE_START.match(sentence, 0, end)
    start = opening.end() if opening else 0
    stop = len(sentence[:end].rstrip(" ,"))
    return (start, stop) if stop > start else None


def key_phrase(
    sentence: str,
    kind: str | None,
    counted: str | None,
    score: Callable[[str], float],
    several: bool = False,
    *,
    given: frozenset[str] = frozenset(),
    names: frozenset[str] = frozenset(),
    common: frozenset[str] = frozenset(),
) -> tuple[int, int]:
    """Offsets, inside ``sentence``, of what answers: the number with its unit, the date, the
    name asked for (« qui … ? »), the item (a bullet without its mark), for a question asking
    for several things the items written inline (« A, B et C »), the expansion of a glossary
    entry, else the clause that scores best. What the question itself writes is not what it
    asks: ``given``, its figures (« 2030 » of « le plan 2030 »); ``names``, the stems of its
    names (« ALPHA » of « qui porte ALPHA ? »). ``common``: as for ``qa.facts.kind_spans``."""
    if kind in ("quantity", "share", "money", "duration"):
        found = [m for m in _QUANTITY.finditer(sentence) if m.group().strip()]
        found = [m for m in found if _leading_figure(m.group()) not in given] or found
        if kind == "money":  # an amount is written with its currency, or in millions
            amounts = [m for m in found if _CURRENCY.search(m.group()) or _SCALE.search(m.group())]
            found = amounts or found
        if kind == "share":  # a share is written as one (« 77 % », « le quart des … »)
            found = [m for m in found if _SHARE.search(m.group())] or found
            # « en majorité » says « mostly », a figure may follow (« -pour 71 %- »)
            found = [
                m
                for m in found
                if not (m.group()[:1].isalpha() and _ADVERB_OF.search(sentence, 0, m.start()))
            ] or found
        # « combien d'euros … » counts no thing: the amounts are told apart by what follows
        if counted and not _CURRENCY.fullmatch(counted):
            found = _counting_first(sentence, found, counted, score) or found
        else:
            found = _by_what_follows(sentence, found, score, kind == "money")
        # « combien … en 2024 ? »: the figure dated by the question's year comes first (« de
        # 1 500 en 2019 à près de 9 000 en 2024 »); a stable sort keeps the order otherwise
        found.sort(key=lambda m: not _dated_by(sentence, m, given))
        if found:
            m = found[0]
            return m.start(), m.start() + len(m.group().rstrip())
    if kind == "date":
        # a year the question gives is not the one asked; a year introduced as a date
        # (« depuis 2019 », « en mars 2024 ») before one inside a name (« Plan Vélo 2030 »)
        dates = [m for m in _DATE.finditer(sentence) if m.group()[-4:] not in given]
        dated = [m for m in dates if not m.group()[0].isdigit()]
        if dates:
            date = (dated or dates)[0]
            return date.start(), date.end()
    if kind == "structure":
        parts = _parts_told(sentence)
        if parts is not None:
            return parts
    if kind == "example":
        example = _example_told(sentence)
        if example is not None:
            return example
    if kind in _NAME_KINDS and not several:
        named = _name_asked(sentence, FLAG_OF_KIND[kind], score, names, common)
        if named is not None:
            return named
    if sentence.startswith(BULLET):
        return len(BULLET), len(sentence.rstrip())
    bracketed = _names_in_brackets(sentence, score) if several else None
    if bracketed is not None:
        return bracketed
    listed = _enumeration_asked(sentence, score) if several else None
    if listed is not None:
        return listed.start, listed.end
    cuts = [0] + [m.end() for m in _CLAUSE_END.finditer(sentence)] + [len(sentence)]
    best = max(
        (
            (s > 0 and _tells(sentence[a:b], score), s, -(b - a), a, b)
            for a, b in itertools.pairwise(cuts)
            for s in (score(sentence[a:b]),)
        ),
        default=(False, 0.0, 0, 0, len(sentence)),
    )[1:]
    # no clause holds a word of the question (an English one, mostly): the whole sentence
    a, b = (best[2], best[3]) if best[0] > 0 else (0, len(sentence))
    piece = sentence[a:b]
    # a clause ends before the separator that cuts it, an opening bracket or quote included,
    # and a closing one when it does not open there (« … des « zones calmes » », « (site.fr) »
    # cut inside)
    end = len(piece.rstrip(" ,;:–-(«"))
    for opening, closing in (("«", "»"), ("(", ")")):
        if piece[:end].endswith(closing) and opening not in piece[:end]:
            end = len(piece[: end - 1].rstrip())
    return a + (len(piece) - len(piece.lstrip())), a + end
