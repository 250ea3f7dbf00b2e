"""What a sentence holds: numbers with their units, dates, amounts, names, list shape.

Computed once per sentence when an index is loaded (patterns only: a few milliseconds for
the report), so answering reads flags only. spaCy's ``fr_core_news_sm`` entities were tried
as an extra source of person / organisation / place flags: cross-validated, they changed
one question in 211, so the dependency (and its 10 s load at build time) was not kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from santeqa.text import fold

#: the answer kinds a question asks (``qa.question``) and the flag of ``SentenceFacts`` (and of
#: ``kind_spans``) that a sentence holding one of that kind carries
FLAG_OF_KIND = {
    "quantity": "number",
    "share": "share",
    "money": "money",
    "date": "date",
    "duration": "duration",
    "person": "person",
    "agent": "agent",
    "organisation": "organisation",
    "place": "place",
    "address": "address",
    "structure": "structure",
    "example": "example",
    "rank": "ordinal",
}

#: kinds a sentence may answer without holding their flag: « comment s'organise X ? » is as
#: often answered by a description as by the parts counted, « un exemple ? » by a sentence
#: naming one without saying « par exemple »; their flag only favours a sentence
SOFT_KINDS = frozenset({"structure", "example"})

_YEAR = r"(?:19|20)\d\d"
#: numbers written as words (« deux sociétés », « six principes »), the regex alternatives
CARDINAL_WORDS = (
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
    r"vingt|trente|quarante|cinquante|soixante|cent|mille"
)
#: approximate counts, nouns that take « de » (« une soixantaine d’acteurs », « plus d’un
#: millier de bases », « des centaines de patients »)
APPROXIMATE_WORDS = (
    r"dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|"
    r"centaine|millier|millions?|milliards?"
)
#: parts of a whole (« la moitié des médecins », « trois quarts des généralistes »)
FRACTION_WORDS = r"moitié|tiers|quarts?|majorité"
#: a figure as the report writes it: « 12 », « 2 700 », « 71,8 »
FIGURE = r"\d[\d\s\u00a0\u202f]*(?:[,.]\d+)?"
#: the currency written after an amount
CURRENCY = r"(?:€|euros?\b|\$|dollars?\b)"
# what turns a figure into a rank: « 3ème », « 2e », « 1er », « 2nd »
_ORDINAL_SUFFIX = r"\s?(?:e|è|ème|eme|er|ère|ere|nd|nde)\b"
_NUMBER = re.compile(
    # not a year, not a rank (``_ORDINAL``)
    rf"(?<![\d,])(?!{_YEAR}(?![\d %])){FIGURE}(?!{_ORDINAL_SUFFIX})|"
    rf"\b(?:{CARDINAL_WORDS}|{APPROXIMATE_WORDS}|{FRACTION_WORDS})s?\b",
    re.IGNORECASE,
)
_SHARE = re.compile(rf"\d\s*%|\bpour\s*cent\b|\b(?:{FRACTION_WORDS})\b", re.IGNORECASE)
_MONEY = re.compile(
    r"\d[\d\s\u00a0\u202f,.]*\s*(?:(?:millions?|milliards?|Md|M|k)\s*(?:d[e’']\s*)?)?"
    rf"{CURRENCY}",
    re.IGNORECASE,
)
_MONTHS = r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# a date glued in a file name (« dp_2ans_18janvier2024.pdf ») is a date too
_DATE = re.compile(rf"\b{_YEAR}\b|\b({_MONTHS})\b|(?<=\d)(?:{_MONTHS}){_YEAR}(?!\d)", re.IGNORECASE)
_DURATION = re.compile(
    rf"\b(?:\d+|{CARDINAL_WORDS}|une?|quelques)\s*"
    # « les vingt dernières années », « les deux prochaines décennies »
    r"(?:(?:derni[eè]re?|prochaine?|premi[eè]re?)s?\s+)?"
    r"(?:h|heures?|ans?|années?|mois|jours?|semaines?|minutes?|décennies?)\b",
    re.IGNORECASE,
)
_TITLE_NAME = re.compile(r"\b(M\.|Mme|Dr|Pr|Professeur|Docteur)\s+[A-ZÉ]")
_ACRONYM = re.compile(r"\b[A-ZÉ]{2,}[a-z]?\b")
# a first name and a family name: two capitalised words, the second not a common noun
_PERSON = re.compile(r"\b[A-ZÉ][a-zéèï]+(?:-[A-ZÉ][a-zéèï]+)? [A-ZÉ][A-ZÉa-zéèï]+\b(?! [a-z])")
_ORGANISATION = re.compile(
    r"\b(?:Agence|Université|Institut|Centre|Laboratoire|Ministère|Région|Société|Association|"
    r"Conseil|Haute Autorité|Assurance|Commission|Pôle|Campus|CHU|Académie|Union|[EÉ]tat|"
    r"Gouvernement|Fondation|Fédération|Groupement|Caisse|Direction|Département|Métropole|"
    r"Comité|Fonds|Syndicat|Hôpital|Clinique|Observatoire|Autorité|Sénat|Assemblée|Parlement|"
    r"Banque|Chambre|Cluster|Incubateur|Office|Mutuelle|[EÉ]cole)\b"
)
# a common noun of organisation before a name: « la société Bodycap », « les start-ups Alpha
# et Beta », « le laboratoire LITIS » (names with no capitalised title word of their own)
_NAMED_ORGANISATION = re.compile(
    r"\b(?:[Ss]ociétés?|[Ee]ntreprises?|[Ss]tart-?ups?|[Gg]roupes?|[Ll]aboratoires?|"
    r"[Cc]abinets?|[Aa]gences?|[Aa]ssociations?|[Ff]ondations?|[Cc]ompan(?:y|ies))\s+[A-ZÉ][\w-]*"
)
# a body said to be set up, named by its kind in lower case: « un observatoire de la e-santé
# sera créé », « des comités médicaux seront mis en place », « une structure nationale a vu
# le jour » (what « quelle instance / quelle structure sera créée ? » asks for)
_NEW_BODY = re.compile(
    r"\b(?:un|une|des|le|la|les|l[’'])\s*(?:observatoire|comit[ée]|commission|agence|instance|"
    r"cellule|structure|conseil|groupement|consortium|guichet|organisme)s?\b[^.;:]{0,80}?"
    r"\b(?:cr[ée]{2}e?s?|mise?s? en place|institu[ée]e?s?|vu le jour|constitu[ée]e?s?)\b",
    re.IGNORECASE,
)
# the agent of a passive verb, a name: « rapportée par Santé Publique Bretagne », « adopté par
# la Belgique » (an actor however it is named)
_AGENT_NAME = re.compile(r"\bpar\s+(?:l[’']|la\s|le\s|les\s)?[A-ZÉ][\w’'-]*")
_PLACE = re.compile(r"\b(?:à|en|dans|au|aux|sur) (?:[A-ZÉ][a-zéè]+)(?:[- ][A-ZÉ][a-zéè]+)*")
# a postal address: a number then a kind of street (« 12 rue … », « 3 bis, avenue … »,
# "10 Downing Street"), or a postcode then a town (« 14000 Caen »)
_ADDRESS = re.compile(
    r"\b\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.|boulevard|bd|place|all[ée]e|quai|chemin|"
    r"impasse|route|square|esplanade)\b|\b\d{5} [A-ZÉ][a-zé]+|"
    r"\b\d{1,5} (?:[A-Z][a-z]+ )+(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Lane)\b"
)
# how a thing is made up: a verb of composition then its parts counted (« se déclinera en 4
# axes », « comporte pour sa part 5 axes »), gathered « autour de » something, or announced
# by a colon (« comprend les volets suivants : »)
STRUCTURE = re.compile(
    r"(?:\b(?:se|s[’'])\s?(?:d[ée]clin|articul|compos|structur|organis|r[ée]parti|divis)\w*|"
    r"\b(?:est|sont|sera|seront|a été|ont été)\s+(?:compos|structur|organis|articul|d[ée]clin|"
    r"divis|r[ée]parti|découp)\w*|\bcompor\w*|\bcompren\w*|\bregroup\w*)\b"
    rf"(?:[^.;:]{{0,40}}?\b(?:\d+|{CARDINAL_WORDS})\s+[a-zéè]\w*|\s+autour\b|[^.]*:\s*$)",
    re.IGNORECASE,
)
# an example given: « (par exemple, les assistants vocaux) », « la voiture autonome en serait
# un exemple », « à l'exemple du cloud … » (the word holds them all), « des outils tels que … »
EXAMPLE = re.compile(r"\bexemples?\b|\btel(?:le)?s? que\b", re.IGNORECASE)
_DEFINING = re.compile(
    r"\b(désigne|définit|définie?s?|consiste|signifie|c’est-à-dire|correspond|regroupe|"
    r"permet(tent)?|vise(nt)?|a pour (objet|objectif|mission|but)|est (un|une|la|le|l’))\b",
    re.IGNORECASE,
)
# a rank: « 3ème », « 2e », « 1er », « deuxième », « en tête » (not a count: « 3 domaines »)
_ORDINAL = re.compile(
    rf"\b\d+{_ORDINAL_SUFFIX}|\b(?:premi(?:er|ère)|seconde?|deuxième|"
    r"troisième|quatrième|cinquième|sixième|septième|huitième|neuvième|dixième)s?\b|"
    r"\ben tête\b",
    re.IGNORECASE,
)
BULLET = "• "

FLAGS = (
    "number",
    "share",
    "money",
    "date",
    "duration",
    "person",
    "organisation",
    "agent",
    "place",
    "address",
    "structure",
    "example",
    "ordinal",
    "defining",
    "bullet",
    "lead_in",
    "asking",
)


@dataclass(frozen=True)
class SentenceFacts:
    """Flags of one sentence (see ``FLAGS``)."""

    flags: frozenset[str]

    def holds(self, flag: str) -> bool:
        return flag in self.flags

    def to_json(self) -> list[str]:
        return sorted(self.flags)

    @classmethod
    def from_json(cls, data: Iterable[str]) -> SentenceFacts:
        return cls(frozenset(data))


# each flag and the patterns any of which sets it
_FLAG_PATTERNS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("number", (_NUMBER,)),
    ("share", (_SHARE,)),
    ("money", (_MONEY,)),
    ("date", (_DATE,)),
    ("duration", (_DURATION,)),
    ("person", (_TITLE_NAME, _PERSON)),
    ("organisation", (_ACRONYM, _ORGANISATION, _NAMED_ORGANISATION, _AGENT_NAME, _NEW_BODY)),
    ("place", (_PLACE,)),
    ("address", (_ADDRESS,)),
    ("structure", (STRUCTURE,)),
    ("example", (EXAMPLE,)),
    ("ordinal", (_ORDINAL,)),
    ("defining", (_DEFINING,)),
)


# a sentence saying who holds a role (folded): « dirigé par », « présidée par », « à sa
# tête », « directrice », « fondateur », "led by", "chaired by" …
ROLE_WORDS = re.compile(
    r"\b(?:dirig\w*|presid\w*|direct(?:eur|rice)\w*|a (?:la|sa|leur) tete|responsable\w*|"
    r"pilot\w*|coordonn\w*|coordinat\w*|fondat\w*|fonde\w*|chef\w*|head\w*|led|leads?|"
    r"chair\w*|director\w*|run by)\b"
)


def sentence_facts(text: str, common: frozenset[str] = frozenset()) -> SentenceFacts:
    """Flags for one sentence (see ``FLAGS``). ``common``: words the text around writes in
    lower case, folded; two capitalised words one of which is common are no person's name
    (« En Normandie », « Dossier Médical »)."""
    flags = {
        flag for flag, patterns in _FLAG_PATTERNS if any(_spans(p, text, common) for p in patterns)
    }
    if "person" in flags or "organisation" in flags:
        flags.add("agent")
    if text.startswith(BULLET):
        flags.add("bullet")
    if text.rstrip().endswith(":"):
        flags.add("lead_in")
    if _asks_only(text):
        flags.add("asking")
    return SentenceFacts(frozenset(flags))


def _asks_only(text: str) -> bool:
    """Is the sentence a question of the text's own and no more? A report asks some
    (« Mais à quoi servira ce temps ? », « Pour mieux soigner ? »): they weigh options and
    state nothing, so they answer no reader's question, though the encoder finds them close
    to any question. A question ending a colon's list (« qui en répond : l'éditeur, le
    médecin ? ») names things, and stays a candidate."""
    body = text.removeprefix(BULLET).strip()
    return body.endswith("?") and ":" not in body


def kind_spans(text: str, flag: str, common: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Where ``text`` holds what the flag ``flag`` reads (« 12 000 », « 2019 », « M. Durand »):
    the (start, end) of every match of its patterns; none for a flag of list shape
    (``bullet``, ``lead_in``) or an unknown one. The judge reads what stands around them
    (``qa.judging``). ``common``: as for ``sentence_facts``."""
    if flag == "agent":
        return sorted({*kind_spans(text, "person", common), *kind_spans(text, "organisation")})
    patterns = dict(_FLAG_PATTERNS).get(flag, ())
    return sorted({span for p in patterns for span in _spans(p, text, common)})


# a capitalised word right before a year, inside the sentence, makes it part of a name
# (« le plan France 2030 », « le programme Horizon 2020 »), unless that word is a month
# (« Mars 2024 »); the sentence's first word is capitalised anyway (« Depuis 2018, … »)
_NAMED_YEAR = re.compile(r"\S\s+([A-ZÉ][\w-]*)\s+$")
_MONTH = re.compile(rf"(?:{_MONTHS})$", re.IGNORECASE)


def _in_a_name(text: str, start: int) -> bool:
    """Is the year at ``start`` part of a name (« France 2030 »): after a capitalised word
    that is no month?"""
    before = _NAMED_YEAR.search(text[:start])
    return before is not None and _MONTH.match(before.group(1)) is None


def _spans(pattern: re.Pattern[str], text: str, common: frozenset[str]) -> list[tuple[int, int]]:
    """The pattern's matches in ``text``; for a date, none that is a year inside a name
    (« le plan France 2030 » dates nothing); for a person's name, none with a common word
    (the search then goes on from its second word: « Selon Jeanne Martin » holds « Jeanne
    Martin »)."""
    if pattern is _DATE:
        return [m.span() for m in pattern.finditer(text) if not _in_a_name(text, m.start())]
    if pattern is not _PERSON or not common:
        return [m.span() for m in pattern.finditer(text)]
    spans = []
    m = pattern.search(text)
    while m is not None:
        if common.isdisjoint(fold(m.group()).split()):
            if not _inside_a_longer_name(text, m.start(), m.end(), common):
                spans.append(m.span())
            m = pattern.search(text, m.end())
        else:
            m = pattern.search(text, text.index(" ", m.start()) + 1)
    return spans


def _inside_a_longer_name(text: str, start: int, end: int, common: frozenset[str]) -> bool:
    """Do the two capitalised words at ``start:end`` go on a longer name: after a
    capitalised word inside the sentence (« le Centre Jeanne Martin », « Santé Numérique
    Caen Brest »), after an opening one that is no common word (« ARN Acides … »), or before
    a capitalised word (« Mon Espace Santé »)? A person's first and family name stand alone
    (« Selon Jeanne Martin, … », « (Jeanne Martin, Paul Morel) »)."""
    if re.match(r"\s+[A-ZÉ]", text[end:]):
        return True
    before = re.search(r"(\S+)\s+$", text[:start])
    if before is None or not before.group(1)[:1].isupper() or not before.group(1)[-1].isalpha():
        return False  # no word before, a lower-case one, or one ending a phrase (« Martin, »)
    opening = re.search(r"(?:^|[.:;!?(«\"]\s*)$", text[: before.start(1)]) is not None
    return not opening or fold(before.group(1)) not in common
