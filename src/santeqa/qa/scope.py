"""What restricts a question's scope, and whether a passage keeps that restriction.

A near-topic question the report does not answer often differs from one it answers only by
a restriction: « combien de musées EN BRETAGNE », « les lycées BRETONS », « EN 2021 », « le
budget ANNUEL ». The report then holds the same fact without it (nationally, another year,
in total), and a sentence that matches every other word looks like an answer. These helpers
read the restrictions of a question and tell the judge when the passage read lacks them.

A question about nothing the report holds is the far end of this (``off_the_report``): an
English one sharing almost no term with the report and naming nothing it names.

Time is one more: a question asking how things stand now (« combien … AUJOURD'HUI ? », "how
many … SO FAR?") is not answered by a sentence that only states a target (« l'objectif est
d'atteindre 400 places d'ici 2030 »): ``asks_now`` and ``states_target_only``.

Nothing here knows the report: years and « annuel » are grammar; geographic scope words
(« national », « européen ») are general French and English; place names are the capitalised
words the indexed text itself writes after « en / à / au / dans » (``places_of``), so their
adjectives (« lorrains » for « Lorraine », « lyonnais » for « Lyon ») are read by their
first letters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable

from santeqa.text import fold

PREFIX = 5  # letters a place name and its adjective share (« lorra|ins » / « Lorra|ine »)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ANNUAL = re.compile(r"\b(?:annuel\w*|annual\w*|par an|chaque annee|per year|yearly|each year)\b")
# general geographic scope words and the first letters a passage term must start with
_SCOPE = (
    (re.compile(r"\bnationa(?:l|le|les|ux)\b"), "nation"),
    (re.compile(r"\bregiona(?:l|le|les|ux)\b"), "region"),
    (re.compile(r"\b(?:europeen\w*|european)\b"), "europ"),
    # not « global »: French puts it after a noun for the whole of it (« son budget global »),
    # and English as often ("the global cost")
    (re.compile(r"\b(?:mondia(?:l|le|les|ux)|worldwide)\b"), "mondi"),
    (re.compile(r"\binternationa\w*\b"), "internation"),
)
_IN_NAME = re.compile(
    r"(?<=[^\W\d_]['’ ])([A-ZÀ-Ý][^\W\d_]+)\s+(?i:nationa|r[ée]giona|mondia|internationa)[^\W\d_]*"
)
_LOCATIVE = re.compile(r"\b(?:en|à|au|aux|dans) ([A-ZÉÈ][^\W\d_]{2,})")
_WORD = re.compile(r"[^\W\d_]{4,}")


def places_of(texts: Iterable[str]) -> frozenset[str]:
    """First letters (folded) of the place names a text uses: capitalised words it writes
    after « en / à / au / aux / dans » (« en Lorraine », « à Lyon ») and that it writes
    capitalised more often than not (so « en Santé » in a title is no place). A text given
    twice counts once: passages overlap, and read as sentences, a name written once after
    « au » (« au Dossier Médical Partagé ») would pass for a place."""
    after: Counter[str] = Counter()
    cased: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in dict.fromkeys(texts):
        for m in _LOCATIVE.finditer(text):
            after[fold(m.group(1))] += 1
        for w in _WORD.findall(text):
            (cased if w[0].isupper() else lower)[fold(w)] += 1
    return frozenset(w[:PREFIX] for w, n in after.items() if n >= 2 and cased[w] > lower[w])


def restrictions(question: str, places: frozenset[str]) -> tuple[str, ...]:
    """The restrictions a question puts on what it asks, each as the first letters (folded)
    a passage term must start with to keep it: its years, « annuel » (« annu »), geographic
    scope words (« nation », « europ ») and the place names and place adjectives it uses."""
    # « l'Académie nationale de médecine », « l'Agence régionale de santé »: an adjective in
    # a name (after a capitalised word) names an institution, it restricts nothing
    text = _folded(_IN_NAME.sub(r"\1", question))
    found: list[str] = list(_YEAR.findall(text))
    if _ANNUAL.search(text):
        found.append("annu")
    ordered = sorted(places)
    for pattern, prefix in _SCOPE:
        if pattern.search(text):
            # a regional scope is kept by naming a place as well (« l'incubateur régional »:
            # « Normandie Incubation »); any of the prefixes joined by « | » keeps it
            found.append("|".join([prefix, *ordered]) if prefix == "region" else prefix)
    found += [p for w in _WORD.findall(text) for p in ordered if w.startswith(p)]
    return tuple(dict.fromkeys(found))


def followup_restrictions(own: str, context: str, places: frozenset[str]) -> tuple[str, ...]:
    """The restrictions of a follow-up read with the conversation as context (« Et en 2030 ?
    — élèves formés au code en 2024 »): its own, and the context's but for the years when it
    writes one: a year the turn writes replaces the earlier question's."""
    own_found = restrictions(own, places)
    kept = restrictions(context, places)
    if _YEAR.search(_folded(own)):
        kept = tuple(r for r in kept if not _YEAR.fullmatch(r))
    return tuple(dict.fromkeys(own_found + kept))


def missing_share(wanted: tuple[str, ...], terms: Iterable[str]) -> float:
    """Share of the restrictions no term starts with (0 when the question has none); a
    restriction of prefixes joined by « | » is kept by a term starting with any of them."""
    if not wanted:
        return 0.0
    held = tuple(terms)
    prefixes = [tuple(w.split("|")) for w in wanted]
    return sum(not any(t.startswith(p) for t in held) for p in prefixes) / len(wanted)


def _folded(text: str) -> str:
    """``text`` folded (accents, case) with its typographic apostrophes made plain, as the
    patterns below read it."""
    return fold(text).replace("’", "'")


# the present asked for, or stated (folded): « aujourd'hui », « actuellement », « à ce jour »
_NOW = re.compile(
    r"\b(?:aujourd'?hui|aujourdhui|actuellement|a ce jour|a l'heure actuelle|en ce moment|"
    r"maintenant|a present|today|currently|nowadays|now|so far|to date|at present)\b"
)
# a target stated rather than a state of things (folded): « l'objectif », « vise », « d'ici
# 2030 », « devraient », « seront », "aims", "by 2030"
_TARGET = re.compile(
    r"\b(?:objectifs?|vis(?:e|ent|er|ait|aient)|d'ici|devrai(?:t|ent)|ambitions?|cibles?|"
    r"seront|sera|atteindre|a l'horizon|goals?|targets?|aims?)\b"
)


def asks_now(question: str) -> bool:
    """Does the question ask how things stand now (« … aujourd'hui ? », "… so far?")?"""
    return _NOW.search(_folded(question)) is not None


# a past event (lower case, accents kept: « à quelle date » is no auxiliary): « a été »,
# « a-t-il été », « ont été », « a-t-elle ouvert », « fut », « was », "did"
_PAST = re.compile(
    r"\b(?:a|ont|avait|avaient)(?:-t-(?:il|elle|on)|-(?:ils|elles))\s+\w+|"
    r"\b(?:a|ont|avait|avaient)\s+(?:déjà\s+)?(?:été|ete|\w+(?:é|ée|és|ées))\b|"
    r"\b(?:fut|furent|was|were|did|has been|have been|had been)\b"
)


def asks_past_event(question: str) -> bool:
    """Does the question ask about something that happened (« En quelle année X a-t-il été
    créé ? », "When was X launched?"), not something planned (« Quand X sera-t-il … ? »)?
    A question that names a target itself (« Quel objectif a été fixé … ? ») asks it."""
    text = question.lower().replace("’", "'")
    return _PAST.search(text) is not None and _TARGET.search(fold(text)) is None


# a cause asked (folded): « pourquoi », « pour quelle raison », « qu'est-ce qui explique »,
# "why"
_CAUSE_ASKED = re.compile(
    r"\b(?:pourquoi|pour quelles? raisons?|qu'est-ce qui (?:explique|justifie|motive)|"
    r"why|for what reason|what (?:explains|justifies))\b"
)
# a cause stated (folded): « car », « parce que », « en raison de », « faute de », « du fait
# de », « puisque », « dû à », « s'explique par », « les raisons invoquées », a purpose
# (« afin de », « dans le but de », « en vue de »), "because", "due to", "in order to"
_CAUSE_STATED = re.compile(
    r"\b(?:car|parce qu|en raison d|faute d|du fait d|puisqu|etant donne|(?:du|due|dus|dues) a|"
    r"s'expliqu|raisons? (?:invoquee|avancee|evoquee|citee|donnee)|afin d|afin qu|"
    r"dans le but d|en vue d|because|due to|owing to|in order to|so as to)"
)


def asks_cause(question: str) -> bool:
    """Does the question ask why (« Pourquoi … ? », "Why …?")?"""
    return _CAUSE_ASKED.search(_folded(question)) is not None


def states_cause(sentence: str) -> bool:
    """Does the sentence give a cause (« … car la France ne disposait pas … », « faute
    d'investissements »)?"""
    return _CAUSE_STATED.search(_folded(sentence)) is not None


def states_target_only(sentence: str) -> bool:
    """Does the sentence state a target (« l'objectif est d'atteindre … d'ici 2030 ») and
    nothing about the present (« à ce jour », « actuellement »)?"""
    text = _folded(sentence)
    return _TARGET.search(text) is not None and _NOW.search(text) is None


# English function words the analyser keeps as terms: no topic is shared through them
_ENGLISH_FUNCTION = frozenset(
    "the and for with from what which who whom when where why how does did are was were has "
    "have had can could will would should this that these those its their there about into "
    "you your yours mine our ours i".split()
)


def off_the_report(
    terms: Iterable[str], names: Iterable[str], known: Container[str], min_shared: int
) -> bool:
    """Does a question share fewer than ``min_shared`` content terms with the report (``known``:
    the report's terms) while naming nothing the report names? Its ``terms`` are its analysed
    terms, an English question's French glosses among them; ``names``, the stems of the names
    it writes. A content term has three letters or more, is no figure and no English function
    word: « How do I renew my passport? » shares none, "How many teleconsultations were
    reimbursed in 2023?" several."""
    # a name is a stem of two letters or more ("I" is capitalised, and no name)
    if any(n in known and len(n) >= 2 and n not in _ENGLISH_FUNCTION for n in names):
        return False
    shared = {
        t
        for t in terms
        if t in known and len(t) >= 3 and not t.isdigit() and t not in _ENGLISH_FUNCTION
    }
    return len(shared) < min_shared
