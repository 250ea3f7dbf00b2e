"""Enumerations written inline, inside one sentence, rather than as bullets.

French writes a short list as a run of noun phrases joined by commas, the last one by « et »
or « ou »: « le musée compte une salle, un atelier, une librairie et un café », « (peintre,
sculpteur, graveur) »; a longer one with markers: « il faut (i) former …, (ii) équiper … et
(iii) évaluer … ». A question asking for several things (« quels … ») is answered by such a
run as well as by bullets; ``enumeration`` finds it, with offsets, so that the ranker can
read it and the quote can emphasise it.

A piece between two commas counts as an item when it reads as a noun phrase: it starts with
an article, a possessive or a number (« le », « l’ », « une », « ses », « deux »…) or is short (four
words at most), and does not start with a word that opens a clause or an aside (« qui »,
« dont », « notamment », « ce qui », « il », « en 2020 »…): « Le projet, lancé en 2021, a pour
but de … » is no enumeration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# what bounds a run of items: a clause or an aside ends there
_BOUND = re.compile(r"\s*(?:[;:()«»\[\]“”\"]|\.\s|\s[–—-]\s)\s*")
_COMMA = re.compile(r",\s+")
_ARTICLE = re.compile(
    r"^(?:l[’']|d[’']|le|la|les|un|une|des|du|de la|de l[’']|au|aux|son|sa|ses|leur|leurs|"
    r"notre|nos|votre|vos|ce|cet|cette|ces|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|"
    r"plusieurs|quelques|certains|certaines|chaque|tous|toutes|\d[\d\s]*)\b",
    re.IGNORECASE,
)
# a piece opening with these is a clause, an aside or a complement, not an item
_OPENS_CLAUSE = re.compile(
    r"^(?:qui|que|qu[’']|dont|où|ou|et|mais|car|donc|puis|ainsi|alors|afin|notamment|"
    r"comme|lorsque|quand|si|s[’']|selon|soit|voire|enfin|ensuite|aussi|cependant|"
    r"toutefois|néanmoins|pourtant|en|avec|pour|par|dans|sur|sous|depuis|après|avant|"
    r"il|elle|ils|elles|on|c[’']|ce qui|ce que|cela|ceci|celui|celle|ceux|celles|"
    r"y|n[’']|ne|se|sont|est|a|ont|sera|seront|peut|peuvent)\b",
    re.IGNORECASE,
)
_JOINED = re.compile(r"\s(?:et|ou|ainsi que)\s", re.IGNORECASE)
_ASIDE = re.compile(r"\([^()]*\)")
_MARKER = re.compile(r"\((?:[ivx]{1,4}|[a-h]|\d{1,2})\)\s")
SHORT_ITEM_WORDS = 4  # a piece of at most this many words is an item whatever its first word
LEAD_WORDS = 6  # of the piece before the first comma, the item is at most its last words
MIN_ITEMS = 3  # two things joined by « et » are a pair, not a list
MIN_SHORT_ITEMS = 2


@dataclass(frozen=True)
class Enumeration:
    start: int  # offsets in the sentence
    end: int
    items: int


def _is_item(piece: str) -> bool:
    words = piece.split()
    if not words or _OPENS_CLAUSE.match(piece):
        return False
    return len(words) <= SHORT_ITEM_WORDS or _ARTICLE.match(piece) is not None


def _is_items(piece: str) -> bool:
    """An item, or noun phrases joined by « et » / « ou », each opening with an article or a
    name (« la Région et le Département », « Région Normandie et Seine-Eure agglo » are two
    items; « mauvaise ou manque d'information » is one)."""
    if _is_item(piece):
        return True
    parts = _JOINED.split(piece)
    return len(parts) > 1 and all(
        _is_item(part) and (part[:1].isupper() or _ARTICLE.match(part) is not None)
        for part in parts
    )


def _first_item_start(text: str, start: int, end: int) -> int:
    """Where the first item of a run begins inside the piece ``text[start:end]``: the last
    article of its last ``LEAD_WORDS`` words (« … autour d'un consortium comptant LA RÉGION »),
    else those words."""
    words = list(re.finditer(r"\S+", text[start:end]))[-LEAD_WORDS:]
    if not words:
        return start
    for w in reversed(words):
        if _ARTICLE.match(w.group()):
            return start + w.start()
    return start + words[0].start()


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The comma-separated pieces (start, end) of ``text[start:end]``, commas left out."""
    out = []
    a = start
    for m in _COMMA.finditer(text, start, end):
        out.append((a, m.start()))
        a = m.end()
    out.append((a, len(text[:end].rstrip(" .,"))))
    return [(x, y) for x, y in out if y > x]


def _runs_in(text: str, start: int, end: int) -> list[Enumeration]:
    """The runs of comma-separated items inside ``text[start:end]`` (one stretch between
    bounds)."""
    pieces = _pieces(text, start, end)
    found: list[Enumeration] = []
    i = 0
    while i < len(pieces) - 1:
        k = i + 1
        while k < len(pieces) and _is_items(text[pieces[k][0] : pieces[k][1]]):
            k += 1
        count = k - i  # the first piece and the items after it
        if count >= 2:
            # the last piece may join two items (« …, un atelier et un café »)
            after = [part for a, b in pieces[i + 1 : k] for part in _JOINED.split(text[a:b])]
            count = 1 + len(after)
            short = sum(len(part.split()) <= SHORT_ITEM_WORDS for part in after)
            # two short items at least: a long clause after an opening phrase (« En mai, la
            # ville a ouvert … ») reads like an item but is none
            # or noun phrases all opening with an article, however long (« les intégrations
            # de …, l'internet des objets et les dispositifs …, l'IA pour … »)
            phrases = count > MIN_ITEMS and all(_ARTICLE.match(part) for part in after)
            if count >= MIN_ITEMS and (short >= MIN_SHORT_ITEMS or phrases):
                first = _first_item_start(text, *pieces[i])
                found.append(Enumeration(first, pieces[k - 1][1], count))
        i = k
    return found


def enumeration(sentence: str) -> Enumeration | None:
    """The longest inline enumeration of at least ``MIN_ITEMS`` items in ``sentence``: a
    run of comma-separated noun phrases (« A, B et C »), or items with markers (« (i) …
    (ii) … (iii) … »); None if it holds none."""
    best: Enumeration | None = None
    for run in _runs(sentence):
        if best is None or run.items > best.items:
            best = run
    return best


def enumerations(sentence: str) -> tuple[Enumeration, ...]:
    """Every inline enumeration of ``sentence`` (see ``enumeration``), in reading order; of
    runs that overlap, the one of more items (« les membres (A, B, C), les communes (D, E,
    F) et les partenaires (G, H, I) » holds three)."""
    kept: list[Enumeration] = []
    for run in sorted(_runs(sentence), key=lambda r: -r.items):  # of equals, the first found
        if all(run.end <= k.start or run.start >= k.end for k in kept):
            kept.append(run)
    return tuple(sorted(kept, key=lambda r: r.start))


@lru_cache(maxsize=32_768)  # read by both ``enumeration`` and ``enumerations``
def _runs(sentence: str) -> tuple[Enumeration, ...]:
    """The runs of items in ``sentence``, as found: marked items, else comma-separated runs
    read as written, then with the asides in brackets blanked (« la garantie d'un suivi
    (comme à l'hôpital), le respect …, la prise en charge … »: the same offsets)."""
    markers = list(_MARKER.finditer(sentence))
    if len(markers) >= MIN_ITEMS:
        return (Enumeration(markers[0].start(), len(sentence.rstrip(" .;")), len(markers)),)
    runs: list[Enumeration] = []
    blanked = _ASIDE.sub(lambda m: " " * len(m.group()), sentence)
    for text in (sentence, blanked):
        cuts = list(_BOUND.finditer(text))
        starts = [0] + [m.end() for m in cuts]
        stops = [m.start() for m in cuts] + [len(text)]
        for a, b in zip(starts, stops, strict=True):
            runs += _runs_in(text, a, b) if b > a else []
    runs += [run for aside in _ASIDE.finditer(sentence) if (run := _bracketed(sentence, aside))]
    return tuple(runs)


def _bracketed(sentence: str, aside: re.Match[str]) -> Enumeration | None:
    """A bracket that holds only a run of comma-separated pieces (« des questions se posent
    (le coût, la confiance, des trajets plus longs pour les patients âgés, …) »): its pieces
    are items however long, none opening a clause, two of them short at least."""
    pieces = _pieces(sentence, aside.start() + 1, aside.end() - 1)
    texts = [sentence[a:b] for a, b in pieces]
    if len(texts) < MIN_ITEMS or any(_OPENS_CLAUSE.match(t) or _BOUND.search(t) for t in texts):
        return None
    if sum(len(t.split()) <= SHORT_ITEM_WORDS for t in texts) < MIN_SHORT_ITEMS:
        return None
    return Enumeration(pieces[0][0], pieces[-1][1], len(texts))
