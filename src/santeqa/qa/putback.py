"""A pronoun put back in its place with the phrase it stands for, as a reader would write
the question in full (the phrase chosen by the caller, from ``qa.antecedent``'s mentions):

- an inverted subject: « Quand a-t-elle ouvert ? » → « Quand la maison de santé a-t-elle
  ouvert ? » (the phrase goes before the verb and its clitics: « … s'adresse-t-il »);
- a subject pronoun: « … dont il est membre » → « … dont le programme est membre »;
- an object pronoun: « Qui la finance ? » → « Qui finance la maison de santé ? »;
- a possessive: « Quel est son budget ? » → « Quel est le budget du programme ? »;
- English "it", "they", "its": "Who funds it?" → "Who funds the platform?";
- a demonstrative: « ce baromètre » → the earlier phrase with that noun.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from santeqa.qa.antecedent import (
    ARTICLES,
    AUXILIARIES,
    BOUNDARY,
    FEMININE,
    IMPERSONAL,
    INVERTED,
    POSSESSIVE,
    VOWEL,
    Mention,
    clitics_start,
    inverted_verb,
    join,
    opener_in_lower_case,
    phrase_end,
    plain,
    spaced,
    subject_before,
    tokens,
)
from santeqa.text import Analyzer

# pronoun: (gender, plural) of what it stands for
_SUBJECT = {"il": ("m", False), "elle": ("f", False), "ils": (None, True), "elles": ("f", True)}
_OBJECT = {"le": ("m", False), "la": ("f", False), "l'": (None, False), "les": (None, True)}
_ENGLISH_PRONOUN = {"it": False, "they": True, "them": True}
_ENGLISHPOSSESSIVE = {"its": False, "their": True}
# an elided word before a phrase that starts with a consonant: « qu'il » -> « que le … »
_UNELIDED = {
    "qu'": "que",
    "lorsqu'": "lorsque",
    "puisqu'": "puisque",
    "jusqu'": "jusque",
    "s'": "si",
    "d'": "de",
    "n'": "ne",
}
_VERB_ENDING = re.compile(r"(?:ent|ont|e|es|ait|aient|a|it|ut|ez|ons)$")
_BEFORE_OBJECT = frozenset("qui ne n' comment pourquoi".split())
# « chargé de le développer », « pour la financer »: an object pronoun between a preposition
# and an infinitive (« de le » / « à les » before a noun would be written « du » / « aux »;
# « de la » before a noun is common, so « la » needs an -er, -ir or -oir infinitive)
_INFINITIVE_PREPOSITIONS = frozenset("de d' à a pour sans".split())
_INFINITIVE = {"le": ("er", "ir", "re", "oir"), "les": ("er", "ir", "re", "oir")}


def before_infinitive(prev: str, pronoun: str, verb: str) -> bool:
    """Is ``pronoun`` the object of the infinitive ``verb`` after the preposition ``prev``
    (« de *le* développer », « pour *la* financer »)?"""
    endings = _INFINITIVE.get(pronoun, ("er", "ir", "oir"))
    return prev in _INFINITIVE_PREPOSITIONS and verb[:1].islower() and verb.endswith(endings)


def put_back(
    question: str, pick: Callable[[str | None, bool | None], Mention | None], *, english: bool
) -> str | None:
    """``question`` with its first pronoun replaced by the phrase ``pick(gender, plural)``
    gives (None when it has no pronoun this can replace, or nothing agrees)."""
    words = tokens(question)
    edits = (
        (_english_edit,) if english else (_inverted_edit, _subject_edit, _object_edit, _dative_edit)
    )
    for edit in (*edits, _possessive_edit):
        done = edit(words, pick)
        if done is not None:
            return join(done, spaced_mark=spaced(question))
    return None


Pick = Callable[[str | None, bool | None], Mention | None]


def _with(words: Sequence[str], at: int, mention: Mention, drop: int = 0) -> list[str]:
    """``words`` with the mention inserted at ``at`` (``drop`` words removed there)."""
    before = list(words[:at])
    phrase = tokens(mention.text)
    if before:  # « Les plateformes … » opened the earlier question: inside this one, lower case
        phrase = opener_in_lower_case(phrase, ARTICLES)
    if before and plain(before[-1]) in _UNELIDED and not mention.text.startswith(VOWEL):
        before[-1] = _UNELIDED[plain(before[-1])]
    return [*before, *phrase, *words[at + drop :]]


def _inverted_edit(words: list[str], pick: Pick) -> list[str] | None:
    verb = inverted_verb(words)
    if verb is None or subject_before(words, verb) is not None:
        return None
    m = INVERTED.fullmatch(words[verb])
    assert m is not None
    if m.group(2).lower() == "il" and "y" in (plain(w) for w in words[max(verb - 2, 0) : verb]):
        return None  # « combien y en a-t-il », « y a-t-il »: the impersonal « il y a »
    mention = pick(*_SUBJECT.get(m.group(2).lower(), (None, None)))
    return None if mention is None else _with(words, clitics_start(words, verb), mention)


def _subject_edit(words: list[str], pick: Pick) -> list[str] | None:
    for i, w in enumerate(words):
        nxt = plain(words[i + 1]) if i + 1 < len(words) else ""
        if plain(w) in _SUBJECT and nxt[:1].isalpha() and nxt not in IMPERSONAL | {"y"}:
            mention = pick(*_SUBJECT[plain(w)])
            return None if mention is None else _with(words, i, mention, drop=1)
    return None


def _object_edit(words: list[str], pick: Pick) -> list[str] | None:
    """« Qui la finance ? », « … professionnels l'utilisent »: the pronoun before a verb."""
    for i, w in enumerate(words[:-1]):
        low, nxt = plain(w), words[i + 1]
        if low not in _OBJECT or not nxt[:1].islower() or plain(nxt) in ARTICLES:
            continue
        prev = plain(words[i - 1]) if i else ""
        inverted = INVERTED.fullmatch(nxt) is not None
        # « comment le texte (le) décrit-il … ? »: an article, before the subject of the
        # inverted verb (not « qui le finance le plus ? »)
        then = [*words[i + 2 : i + 4], "", ""]
        if not inverted and (
            INVERTED.fullmatch(then[0])
            or (plain(then[0]) in _OBJECT and INVERTED.fullmatch(then[1]))
        ):
            continue
        plural_subject = prev.endswith(("s", "x")) and nxt.endswith(("ent", "ont"))
        # « chargé de le développer » -> « chargé de développer l'outil »
        infinitive = before_infinitive(prev, low, nxt.lower())
        # before an inverted verb (« le rapport le cite-t-il ? »), only a pronoun
        if not infinitive and prev not in _BEFORE_OBJECT and not plural_subject and not inverted:
            continue
        if not infinitive and not _VERB_ENDING.search(nxt.lower()) and not INVERTED.fullmatch(nxt):
            continue
        mention = pick(*_OBJECT[low])
        if mention is None:
            return None
        after = i + 2  # after the verb, or after the participle of an auxiliary
        verb = INVERTED.fullmatch(nxt)
        auxiliary = plain(verb.group(1) if verb else nxt) in AUXILIARIES
        if auxiliary and after < len(words) and words[after][:1].islower():
            after += 1
        rest = [*words[:i], *words[i + 1 : after]]
        return _with([*rest, *words[after:]], len(rest), mention)
    return None


def _dative_edit(words: list[str], pick: Pick) -> list[str] | None:
    """« Combien l'État lui a-t-il accordé ? » -> « Combien l'État a-t-il accordé au
    programme ? »: « lui » (« leur » before an auxiliary) before its verb, written as « à »
    and the phrase after the verb (and after the participle of an auxiliary)."""
    for i, w in enumerate(words[:-1]):
        low, nxt = plain(w), words[i + 1]
        inverted = INVERTED.fullmatch(nxt)
        auxiliary = plain(nxt) in AUXILIARIES or (
            inverted is not None and plain(inverted.group(1)) in AUXILIARIES
        )
        if not (low == "lui" or (low == "leur" and auxiliary)) or not nxt[:1].islower():
            continue
        mention = pick(None, low == "leur")
        if mention is None:
            return None
        after = i + 2
        if auxiliary and after < len(words) and words[after][:1].islower():
            after += 1
        phrase = tokens(mention.text)
        to = _CONTRACTION.get(("à", plain(phrase[0])))
        dative = [to, *phrase[1:]] if to else ["à", *phrase]
        return [*words[:i], *words[i + 1 : after], *dative, *words[after:]]
    return None


def _possessive_edit(words: list[str], pick: Pick) -> list[str] | None:
    """« son budget annuel » -> « le budget annuel du programme »; "its budget" -> "the
    programme's budget"."""
    for i, w in enumerate(words[:-1]):
        low = plain(w)
        if low in POSSESSIVE:
            plural, article = POSSESSIVE[low]
            if words[i + 1].startswith(VOWEL) and article != "les":
                article = "l'"
            elif low == "leur" and FEMININE.search(words[i + 1]):
                article = "la"  # « leur qualité » → « la qualité des bases »
        elif low in _ENGLISHPOSSESSIVE:
            plural, article = _ENGLISHPOSSESSIVE[low], "the"
        else:
            continue
        mention = pick(None, plural)
        if mention is None:
            return None
        if article == "the":
            # English: the genitive in the possessive's place ("What does its acronym stand
            # for?" -> "What does the AI's acronym stand for?"), no noun phrase's end to find
            return [*words[:i], *_genitive(tokens(mention.text)), *words[i + 1 :]]
        end = _compound_end(words, phrase_end(words, i + 1, loose=False))
        of = _of(mention)
        before = list(words[:i])
        if before and plain(before[-1]) == "à" and plain(words[i + 1]) == "propos":
            return [*before, "propos", *of, *words[end:]]  # « à son propos » -> « à propos de »
        joined = _CONTRACTION.get((plain(before[-1]) if before else "", article))
        if joined is not None:  # « à leur sujet » -> « au sujet de … »
            before, article = before[:-1], joined
        return [*before, article, *words[i + 1 : end], *of, *words[end:]]
    return None


def _genitive(phrase: list[str]) -> list[str]:
    """An English phrase as a possessive: « the platform » -> "the platform's", « the
    companies » -> "the companies'"."""
    last = phrase[-1].rstrip("'’")
    return [*phrase[:-1], last + ("'" if last.endswith("s") else "'s")]


_CONTRACTION = {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"}


def _compound_end(words: Sequence[str], end: int) -> int:
    """Past a bare complement that makes one noun with the head: « chiffre *d'affaires* »,
    « mise *en service* », « taux *de remboursement* »."""
    while (
        end + 1 < len(words)
        and plain(words[end]) in ("de", "d'", "en", "à")
        and words[end + 1][:1].islower()
        and plain(words[end + 1]) not in ARTICLES
        and plain(words[end + 1]) not in BOUNDARY
    ):
        end = phrase_end(words, end + 2, loose=False)
    return end


def _of(mention: Mention) -> list[str]:
    """« de » + the phrase, contracted as French writes it (« du programme », « d'EREN »)."""
    phrase = tokens(mention.text)
    first = plain(phrase[0])
    if first == "le":
        return ["du", *phrase[1:]]
    if first == "les":
        return ["des", *phrase[1:]]
    if first in ARTICLES:
        return ["de", *phrase]
    return ["d'", *phrase] if mention.text.startswith(VOWEL) else ["de", *phrase]


def _english_edit(words: list[str], pick: Pick) -> list[str] | None:
    for i, w in enumerate(words):
        if plain(w) in _ENGLISH_PRONOUN:
            mention = pick(None, _ENGLISH_PRONOUN[plain(w)])
            return None if mention is None else _with(words, i, mention, drop=1)
    return None


def demonstrative(question: str, antecedent: str, analyzer: Analyzer) -> str | None:
    """« Qui a publié ce baromètre ? » after « Selon le baromètre régional paru en mars, … »
    -> « Qui a publié le baromètre régional paru en mars ? »: the phrase of the antecedent
    whose noun (after an article) the demonstrative repeats; None when it has none."""
    words = tokens(question)
    for i, w in enumerate(words[:-1]):
        if plain(w) not in ("ce", "cet", "cette", "ces", "this", "these", "those", "that"):
            continue
        wanted = analyzer.terms(words[i + 1])
        if not wanted:
            continue
        ante = tokens(antecedent.strip().rstrip(" ?"))
        for j in range(1, len(ante)):
            if plain(ante[j - 1]) not in ARTICLES or analyzer.terms(ante[j])[:1] != wanted[:1]:
                continue
            article = {"du": "le", "au": "le", "des": "les", "aux": "les"}.get(
                plain(ante[j - 1]), ante[j - 1]
            )
            phrase = [article, *ante[j : phrase_end(ante, j + 1)]]
            end = max(
                phrase_end(words, i + 2, loose=False), i + 1 + _shared(words[i + 1 :], phrase[1:])
            )
            return join([*words[:i], *phrase, *words[end:]], spaced_mark=spaced(question))
        return None
    return None


def _shared(said: Sequence[str], phrase: Sequence[str]) -> int:
    """How many first words ``said`` shares with ``phrase``: « cette feuille de route » writes
    three of « la feuille de route 2023-2027 », which replaces them all."""
    n = 0
    while n < min(len(said), len(phrase)) and plain(said[n]) == plain(phrase[n]):
        n += 1
    return n
