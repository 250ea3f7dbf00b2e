"""What an earlier question talks about, by grammar: its mentions and its subject.

A question's **mentions** are the noun phrases a later pronoun can point to, the most salient
first: the thing a definition asks about (« Qu'est-ce que la maison de santé ? », "What is
the regional platform?"), the subject of an inverted verb (« Quel budget *le programme*
a-t-il reçu ? »), what the question asks for (« Quel *programme* … »), its other phrases
(names first, « le programme » before « le budget du programme »), then the counted noun
(« combien de *cabines* »). Each carries the gender and number its article shows, so that
« elle » skips « le programme » and « ils » / "they" find a plural. ``qa.putback`` puts a
pronoun back in its place with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# an elided article or preposition (« l' », « d' ») is a token of its own, as it is a word
# a word: an elision alone (« l' »), else letters joined by hyphens or by an apostrophe
# (« Normand'e-Santé », « aujourd'hui »; not the English possessive « 's »)
TOKEN = re.compile(
    r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’](?=[\wÀ-ÿ])"
    r"|[\wÀ-ÿ]+(?:(?:-|['’](?!s\b))[\wÀ-ÿ]+)*['’]?|[^\s\w]",
    re.IGNORECASE,
)
INVERTED = re.compile(r"([\wÀ-ÿ]+)-(?:t-)?(il|elle|ils|elles|on)", re.IGNORECASE)
# « y a-t-il », « faut-il », « s'agit-il »: impersonal, « il » points to nothing
IMPERSONAL = frozenset("faut agit semble existe reste suffit".split())

ARTICLES = {
    # article: (gender, plural)
    "le": ("m", False),
    "la": ("f", False),
    "l'": (None, False),
    "les": (None, True),
    "un": ("m", False),
    "une": ("f", False),
    "des": (None, True),
    "du": ("m", False),
    "au": ("m", False),
    "aux": (None, True),
    "ce": ("m", False),
    "cet": ("m", False),
    "cette": ("f", False),
    "ces": (None, True),
    "the": (None, None),
    "an": (None, False),  # not "a": the French verb
    "this": (None, False),
    "these": (None, True),
}
# other determiners: (gender, plural) of the phrase they open
DETERMINERS = {
    **{w: (None, False) for w in "chaque mon ton notre votre".split()},
    **{w: (None, True) for w in "mes tes nos vos plusieurs quelques certains tous".split()},
    "ma": ("f", False),
    "ta": ("f", False),
    "certaines": ("f", True),
    "toutes": ("f", True),
    "tout": ("m", False),
    "toute": ("f", False),
    "aucun": ("m", False),
    "aucune": ("f", False),
}
PREPOSITIONS = frozenset(
    "à a en dans pour par sur chez avec entre vers depuis pendant selon de d' contre sans "
    "sous parmi dont in on for of to by with among from at during about".split()
)
_WH = frozenset(
    "quel quelle quels quelles combien quand comment pourquoi où ou que qu' quoi qui lequel "
    "laquelle lesquels lesquelles what which who whom when where why how".split()
)
# the question words that take a noun (« Quelle Région … »), not the adverbs (« Quand X … »)
_WH_DETERMINERS = frozenset("quel quelle quels quelles".split())
_PLACE = frozenset("à a en dans au aux vers in at".split())
_CLITICS = frozenset("ne n' se s' y en me m' te t' nous vous lui leur le la les l'".split())
AUXILIARIES = frozenset(
    "a ont avait avaient aura auront est sont était étaient sera seront peut peuvent doit "
    "doivent va vont".split()
)
# question words asked inside the clause (spoken French: « X finance quels projets ? »)
_IN_SITU = frozenset("quel quels quelle quelles combien".split())
# words that end a noun phrase (a verb-like or clause word after the head and its adjectives)
BOUNDARY = frozenset(
    "peut peuvent est sont a ont était étaient sera seront doit doivent fait font qui que "
    "qu' dont avec dans pour par sur chez entre depuis pendant selon et ou mais "
    "is are was were can could will would has have had which that who with for in on by "
    # a clitic stands before its verb, never inside a noun phrase (« cet accès | se fait-il »)
    "se s' ne n' lui y".split()
)


@dataclass(frozen=True)
class Mention:
    """A noun phrase a pronoun may point to."""

    text: str
    gender: str | None  # "m", "f" or unknown
    plural: bool | None  # None: unknown
    named: bool  # holds a name (an acronym, a capitalised word)

    def agrees(self, gender: str | None, plural: bool | None) -> bool:
        if plural is not None and self.plural is not None and plural != self.plural:
            return False
        return gender is None or self.gender is None or gender == self.gender


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def join(words: Sequence[str], *, spaced_mark: bool = True) -> str:
    """The words as text; ``spaced_mark``: a space before « ? », as French writes it."""
    out = ""
    for t in words:
        glue = not out or out.endswith(("'", "’")) or t in ",.;:)?!"
        if t in "?!" and spaced_mark and out:
            glue = False
        out += t if glue else " " + t
    return out


def spaced(question: str) -> bool:
    """Does the question put a space before its question mark (French typography)?"""
    return question.rstrip().endswith((" ?", "\u00a0?", "\u202f?"))


def plain(token: str) -> str:
    """The word lower-cased, its apostrophe straight (« L’ » -> « l' »)."""
    return token.lower().replace("’", "'")


def _is_name(token: str) -> bool:
    return token[:1].isupper() and (token[1:2].islower() or token[1:2].isupper())


def _named(words: Sequence[str], first_is_start: bool) -> bool:
    """Does the phrase's head (the words before its first complement) hold a name?"""
    for i, w in enumerate(words):
        if i and plain(w) in PREPOSITIONS | {"du", "des", "au", "aux"}:
            return False
        if _is_name(w) and (i or not first_is_start):
            return True
    return False


def _mention(words: Sequence[str], *, plural: bool | None = None, start: bool = False) -> Mention:
    first = plain(words[0])
    gender, many = ARTICLES.get(first, (None, False))  # a bare name is one thing
    if first == "the" and len(words) > 1:  # English shows the number on the noun
        head = plain(words[phrase_end(words, 1, loose=False) - 1])
        many = head.endswith("s") and not head.endswith("ss")
    return Mention(join(words), gender, many if plural is None else plural, _named(words, start))


# « Qu'est-ce que X », « Que signifie (le sigle) X », « À quoi sert X », "What is X", "Who is X"
_DEFINED = re.compile(
    r"^\s*(?:qu['’]est[- ]ce\s+qu(?:e\s+|['’])|c['’]est\s+quoi\s+|que\s+(?:signifie|veut\s+dire|"
    r"désigne|recouvre)\s+|qu['’]appelle[- ]t[- ]on\s+|[àa]\s+quoi\s+sert\s+|"
    r"(?:what|who)\s+(?:is|are|was|were)\s+|"
    # what the document says of X: « Que dit le rapport sur X », "What does the report say
    # about X" (the document is no topic: ``_the_document``)
    r"que\s+dit\s+(?:le\s+rapport|l['’]auteur)\s+(?:sur|de|du|des|à\s+propos\s+d[eu']?)\s*|"
    r"what\s+does\s+the\s+(?:report|author)\s+(?:say|write|tell\s+us)\s+(?:about|of|on)\s+)"
    r"(?:(?:le|la|l['’]|les|the)\s*"
    r"(?:sigle|acronyme|terme|mot|nom|acronym|term|word)\s+)?(.+?)\s*\??\s*$",
    re.IGNORECASE,
)
# the same, the subject first, as people say it: « Polepharma, c'est quoi exactement ? »,
# « GREYC, ça veut dire quoi ? », « Le DMP, qu'est-ce que c'est ? »
_DEFINED_AFTER = re.compile(
    r"^\s*(.+?)\s*,?\s+(?:c['’]est\s+quoi|ça\s+veut\s+dire\s+quoi|ça\s+signifie\s+quoi|"
    r"qu['’]est[- ]ce\s+que\s+c['’]est)(?:\s+(?:exactement|au\s+juste|concrètement))?\s*\??\s*$",
    re.IGNORECASE,
)
# « Que fait X ? », « Que développe X ? », "What does X do?"
_DOING = re.compile(
    r"^\s*(?:que\s+[\wÀ-ÿ]+\s+(?!-)|(?:what|how)\s+(?:does|did|do)\s+)(.+?)"
    r"(?:\s+(do|offer|make|provide|mean|develop))?\s*\??\s*$",
    re.IGNORECASE,
)


# "since when has X been reimbursed?", "how long was X funded?": the English subject
# between the auxiliary and the participle
_ENGLISH_SUBJECT = re.compile(
    r"^\s*(?:since\s+when|when|how\s+long|how|why|where|to\s+what\s+extent)\s+"
    r"(?:has|have|had|is|are|was|were)\s+(.+?)\s+(?:been\s+)?"
    # a regular participle, or an irregular one ("When was the museum built?")
    # in lower case: not a name ending so (« Caen »)
    r"(?-i:[a-z]+(?:ed|en|wn)|built|made|set|held|run|led|paid|sold|brought|bought|taught|put|"
    r"kept|found|sent|spent|won|begun|done|told|said|meant|lost|left|met|heard|shut|cut|"
    r"let|born|sought)\b",
    re.IGNORECASE,
)
# « Qui est l'opérateur … », « Comment s'appelle la plateforme … »: the phrase asked about is
# what the answer names, so a later « sa mission », « elle » points to it
_IDENTIFIED = re.compile(
    r"^\s*(?:qui\s+(?:est|sont|était|étaient)|comment\s+s['’]appel(?:le|lent|ait|aient))\s+"
    r"((?:le|la|les|l['’]|un|une|ce|cet|cette|ces)\s*.+?)\s*\??\s*$",
    re.IGNORECASE,
)
# « Quel organisme est l'opérateur … ? »: a copula says the thing asked for is the phrase
# after it, which a later « il » means (the wh-phrase alone, « l'organisme », names nothing)
_IDENTIFIED_WHICH = re.compile(
    r"^\s*quel(?:le)?s?\s+([\wÀ-ÿ-]+)(?:\s+[\wÀ-ÿ-]+)?\s+(?:est|sont|était|étaient)\s+"
    r"((?:le|la|les|l['’]|un|une)\s*.+?)\s*\??\s*$",
    re.IGNORECASE,
)


def _identified_which(question: str) -> str | None:
    """The phrase a copula gives the thing asked for: « Quelle association est la
    structure porteuse du projet ? » -> « la structure porteuse du projet »; not when what
    is asked for is a value (« Quel taux est le plus haut ? »)."""
    found = _IDENTIFIED_WHICH.match(question)
    if found is None or found.group(1).lower() in _VALUE_NOUNS:
        return None
    return found.group(2)


# whom the question attributes what it asks to, set before it (« D'après l'Académie, … »,
# "According to the WHO, …"): a later pronoun most often means what is asked, not them
_ATTRIBUTED = re.compile(
    r"^\s*(?:selon|d['’]apr[eè]s|according\s+to)\s+([^,?]{2,80}?)\s*,\s*(?=\S)", re.IGNORECASE
)


def mentions(question: str) -> list[Mention]:
    """The noun phrases of ``question`` a later pronoun may point to, most salient first;
    those of whom it is attributed to (``_ATTRIBUTED``) after the others."""
    attributed = _ATTRIBUTED.match(question)
    if attributed is None:
        return _mentions(question)
    rest = question[attributed.end() :]
    own = _mentions(rest[:1].upper() + rest[1:])
    source = [m for m in _mentions(attributed.group(1)) if all(m.text != o.text for o in own)]
    return own + source


def _mentions(question: str) -> list[Mention]:
    words = tokens(question.strip().rstrip(" ?"))
    found: list[Mention] = []
    defined = (
        _DEFINED.match(question)
        or _DEFINED_AFTER.match(question)
        or _IDENTIFIED.match(question)
        or _DOING.match(question)
    )
    identified = None if defined else _identified_which(question)
    if identified is not None:
        found.append(_mention(tokens(identified)))
    if defined:
        phrase = tokens(defined.group(1))
        if defined.re is _DOING and question.lstrip()[:1] in "WwHh":
            # "What does the Campus X want to become?", "What does the agency fund?" (its
            # verb still in the phrase, unlike "… do?"); "What does the agency offer to
            # nurses?" (its verb before a preposition)
            verb_left = defined.group(2) is None
            cut = _before_english_verb(phrase, 0, len(phrase)) if verb_left else len(phrase)
            if cut < len(phrase) and (
                plain(phrase[0]) in ARTICLES or plain(phrase[cut]) in _BARE_VERBS
            ):
                phrase = phrase[:cut]
            else:
                phrase = _name_and_before(phrase, verb_left=verb_left)
        if phrase and plain(phrase[0]) not in _WH:
            owner = _english_owner(phrase)
            if owner is not None:
                found.append(_mention(owner))
            found.append(_mention(phrase))
    english_subject = _ENGLISH_SUBJECT.match(question)
    if english_subject and not found:
        found.append(_mention(tokens(english_subject.group(1))))
    verb = inverted_verb(words)
    if verb is not None:
        span = subject_before(words, verb)
        if span is not None:
            found.append(_mention(words[span[0] : span[1]]))
    counted = _counted(words)
    if counted is not None and not found and plain(words[counted[0] - 1]) == "many":
        # "how many projects were rewarded …": English inverts no subject pronoun, and the
        # counted noun is what the question is about, which a later "they" points to
        found.append(_mention(["the", *words[counted[0] : counted[1]]], plural=True))
    lead = len(found)  # what a definition asks about and the subject lead, in this order
    found += _asked_for(words)
    found += _phrases(words, english=_ENGLISH_QUESTION.match(question) is not None)
    if counted is not None:
        phrase = list(words[counted[0] : counted[1]])
        french = plain(words[counted[0] - 1]) not in ("many", "which", "what")
        found.append(_mention(["les" if french else "the", *phrase], plural=True))
    # then a name, what a pronoun most often stands for: « il » after « l'objectif du projet
    # X »; and the thing before what it has: « le programme » before « le budget du programme »
    # what the question asks for (« quel parc … ») is what the answer names: a later « il »
    # most often means it, before a name in a complement (« … de Rouen », « en Normandie »)
    asked = found[lead : lead + 1] if _asked_for(words) else []
    rest = found[lead + len(asked) :]
    fronted = _fronted_for(question)
    ranked = (
        found[:lead]
        + asked
        + sorted(rest, key=lambda m: (m.text == fronted, not m.named, _has(m.text)))
    )
    ranked = _heads_after_their_phrase(_places_after_their_phrase(ranked))
    # « la première du genre » and its complement « le genre »: neither is a referent
    idiom = {tuple(tokens(m.text)[3:]) for m in ranked if _one_of_several(m)}
    unique: list[Mention] = []
    for m in ranked:
        if _one_of_several(m) or tuple(tokens(m.text)[1:]) in idiom or _the_document(m):
            continue
        if all(m.text != u.text for u in unique):
            unique.append(m)
    return unique


# whom the question is asked for, set before it (« Pour un patient, quelles garanties apporte
# le statut … ? », « Chez les jeunes, … »): a later « il » means what the question is about
_FRONTED_FOR = re.compile(r"^\s*(?:pour|chez)\s+([^,?]{2,60}?)\s*,", re.IGNORECASE)


def _fronted_for(question: str) -> str | None:
    """The noun phrase of a « pour / chez X, » opening ``question``, as a mention's text."""
    found = _FRONTED_FOR.match(question)
    return join(tokens(found.group(1))) if found else None


def _places_after_their_phrase(ranked: list[Mention]) -> list[Mention]:
    """A one-word name that ends another phrase as its complement (« Lisieux » in « le centre
    de soins de Lisieux », « Normandie » in « l'agence de Normandie ») says where that thing
    is: a later « il » means the thing, so the name comes right after its phrase. Not after
    what the name has (« le budget de Lisieux », « le rôle de Bodycap »: the name is what a
    later « il » means), nor an acronym or a brand (« SaNuRN »)."""
    out = list(ranked)
    for m in ranked:
        words = tokens(m.text)
        if len(words) != 1 or not _is_name(words[0]) or not words[0][1:].islower():
            continue
        holder = next(
            (
                h
                for h in out
                if h is not m
                and len(tokens(h.text)) > 3
                and plain(tokens(h.text)[1]) not in ATTRIBUTES
                and tokens(h.text)[-1] == words[0]
                and plain(tokens(h.text)[-2]) in ("de", "d'", "du")
            ),
            None,
        )
        if holder is not None and out.index(holder) > out.index(m):
            out.remove(m)
            out.insert(out.index(holder) + 1, m)
    return out


def _english_owner(phrase: Sequence[str]) -> list[str] | None:
    """In "the role of the regional agency", what has the thing asked (« le programme » comes
    before « le budget du programme » in French too): "the regional agency", a later "it";
    not in "the Internet of Things", a name, nor "the number of beds", a count."""
    words = [plain(w) for w in phrase]
    if len(words) < 5 or words[0] != "the" or "of" not in words[2:]:
        return None
    k = words.index("of", 2)
    if len(words) < k + 3 or not phrase[k - 1][:1].islower():
        return None  # nothing, or an article alone, after "of"
    return list(phrase[k + 1 :]) if words[k + 1] in ("the", "this", "its", "their") else None


def _heads_after_their_phrase(ranked: list[Mention]) -> list[Mention]:
    """A one-word name that heads a longer phrase of the question (« Jardin » in « le Jardin
    des plantes du campus de Lisieux ») is that phrase said shorter: a later « il » means the
    whole of it, which names it better, so the name comes right after it."""
    out = list(ranked)
    for m in ranked:
        words = tokens(m.text)
        if len(words) != 1 or not _is_name(words[0]):
            continue
        holder = next(
            (
                h
                for h in out
                if len(tokens(h.text)) > 2
                and plain(tokens(h.text)[0]) in ARTICLES
                and tokens(h.text)[1] == words[0]
            ),
            None,
        )
        if holder is not None and out.index(holder) > out.index(m):
            out.remove(m)
            out.insert(out.index(holder) + 1, m)
    return out


#: the heads of a phrase that stands for one of several things said before (« la première
#: du genre », « l'autre »): no referent a later pronoun can be written as
ORDINALS = frozenset(
    "premier première premiers premières second seconde deuxième troisième dernier dernière "
    "derniers dernières autre autres suivant suivante first second last other one".split()
)


#: what a reader calls the document being asked about (« Comment le rapport présente-t-il X ? »):
#: the frame of every question, not a topic a later « il » or "it" stands for
_DOCUMENT = frozenset("rapport document auteur auteurs report document author authors".split())


def _the_document(m: Mention) -> bool:
    """Is the phrase the document itself, a bare « le rapport », « l'auteur », "the report"?"""
    words = [plain(w) for w in tokens(m.text)]
    return len(words) == 2 and words[0] in ARTICLES and words[1] in _DOCUMENT


def _one_of_several(m: Mention) -> bool:
    words = [plain(w) for w in tokens(m.text)]
    if len(words) < 2 or words[0] not in ARTICLES or words[1] not in ORDINALS:
        return False
    return len(words) == 2 or words[2] in ("de", "d'", "du", "des", "of")  # not « les derniers X »


def _name_and_before(phrase: list[str], *, verb_left: bool = False) -> list[str]:
    """An English subject up to its last capitalised word: what follows a name is the verb
    ("the Campus Santé Rouen-Normandie | want to become"); a phrase with no name is kept,
    but for its last word when ``verb_left`` says it is the verb and a noun stands before
    it ("the regional agency | fund")."""
    named = [i for i, w in enumerate(phrase) if i and w[:1].isupper()]
    if named:
        return phrase[: named[-1] + 1]
    return phrase[:-1] if verb_left and len(phrase) > 2 else phrase


_HAS = re.compile(r"\s(?:du|des|de\s+la|de\s+l['’])\s*\w", re.IGNORECASE)


def _has(phrase: str) -> bool:
    """Does the phrase name something of something else (« le budget *du programme* »)?"""
    return _HAS.search(phrase) is not None


def _asked_for(words: Sequence[str]) -> list[Mention]:
    """« Quel programme a … » -> « le programme », « Sur quels deux défis … » -> « les deux
    défis », « L'État lance deux chantiers : lesquels ? » -> « les deux chantiers »: what the
    question asks for."""
    if words and plain(words[-1]) in _WHICH_ONE:
        return _which_one(words)
    for i, w in enumerate(words[:-1]):
        low, noun = plain(w), words[i + 1]
        if low in ("which", "what") and plain(noun) in _ENGLISH_CLASSIFIERS:
            # "which kind of artificial intelligence exists …": a later "it" is that kind
            return _english_kind_of(words, i + 1)
        opens = i == 0 or words[i - 1] == ":"  # "Quick one: which company …?"
        if low == "which" and opens and _ENGLISH_THING.fullmatch(noun):
            # "Which company hosts …?": a later "it" is the company the answer names; "Which
            # local authorities are …?": the adjectives and the noun before the auxiliary
            phrase = _english_noun_before_auxiliary(words, i + 1) or [noun]
            return [Mention(join(["the", *phrase]), None, plain(phrase[-1]).endswith("s"), False)]
        if low not in _WH_DETERMINERS or not noun[:1].isalpha():
            continue
        if plain(noun) in _COPULA and not low.endswith("s"):
            return _asked_after_copula(words, i + 1)  # « quel est / a été le … »
        if plain(noun) in BOUNDARY or plain(noun) in ARTICLES or INVERTED.fullmatch(noun):
            return []
        if plain(noun) in _VALUE_NOUNS:
            return []  # « En quelle année X a-t-il ouvert ? — Où est-il ? »: « il » is X
        if low.endswith("s"):  # the noun, its adjectives and complements, not the subject after
            end = phrase_end(words, i + 1, loose=False)
            while end + 1 < len(words) and plain(words[end]) in ("en", "de", "d'"):
                end = phrase_end(words, end + 1, loose=False)
            return [_mention(["les", *words[i + 1 : end]])]
        article = "l'" if noun.startswith(VOWEL) else "le" if low == "quel" else "la"
        if plain(noun) in _CLASSIFIERS and i + 3 < len(words) and plain(words[i + 2]) in OF:
            # « quel type de télésurveillance »: a later « elle » may be the télésurveillance
            return [Mention(join([article, *words[i + 1 : i + 4]]), None, False, False)]
        # the noun and the adjectives that surely are ones: what follows a noun is as often
        # the verb as an adjective (« quel programme finance … »)
        end = i + 2
        while end < len(words) and _ADJECTIVE.search(words[end]) and words[end][:1].islower():
            end += 1
        return [_mention([article, *words[i + 1 : end]])]
    return []


# « …, lequel ? », « … : lesquelles ? »: which of the things the question introduced
_WHICH_ONE = {
    "lequel": ("m", False),
    "laquelle": ("f", False),
    "lesquels": (None, True),
    "lesquelles": (None, True),
}
_COUNTS = frozenset("deux trois quatre cinq six sept huit neuf dix plusieurs quelques".split())


def _which_one(words: Sequence[str]) -> list[Mention]:
    """What a closing « lequel / laquelle / lesquels / lesquelles » asks for: the last phrase
    the question introduced (« une devise », « deux chantiers ») that agrees with it, made
    definite (« la devise », « les deux chantiers »); none when there is none."""
    gender, plural = _WHICH_ONE[plain(words[-1])]
    for i in range(len(words) - 2, -1, -1):
        low = plain(words[i])
        counted = low in _COUNTS or low.isdigit()
        if not (low in ("un", "une", "des") or counted) or not words[i + 1][:1].isalpha():
            continue
        if (counted or low == "des") != plural or (gender and ARTICLES[low][0] != gender):
            continue
        end = phrase_end(words, i + 1, loose=False)
        noun = list(words[i:end] if counted else words[i + 1 : end])
        article = "les" if plural else "l'" if noun[0].startswith(VOWEL) else _DEFINITE[gender]
        return [Mention(join([article, *noun]), gender, plural, False)]
    return []


_DEFINITE = {"m": "le", "f": "la", None: "le"}


#: nouns that ask for a value (a time, a quantity, a rank) of something the question names:
#: the answer is that value, and a later pronoun stands for the thing, not for the value
_COPULA = frozenset("est était fut sera a".split())


def _asked_after_copula(words: Sequence[str], at: int) -> list[Mention]:
    """« Quel a été / quel est le tout premier dispositif lancé … ? » -> « le tout premier
    dispositif »: the thing whose identity is asked, which the answer names (not a value
    asked of something: « quelle est la part de … ? »)."""
    at += 1  # after the copula, and « été » after « a »
    if plain(words[at - 1]) == "a":
        if at >= len(words) or plain(words[at]) != "été":
            return []
        at += 1
    if at + 1 >= len(words) or plain(words[at]) not in ARTICLES or plain(words[at]) in OF:
        return []
    end = at + 2
    while end < len(words) and words[end][:1].islower() and plain(words[end]) not in BOUNDARY:
        if plain(words[end]) in PREPOSITIONS or plain(words[end]) in ARTICLES:
            break
        end += 1
    if any(plain(w) in ATTRIBUTES for w in words[at + 1 : end]):
        return []
    return [_mention(words[at:end])]


_VALUE_NOUNS = frozenset(
    "année années date dates jour jours mois heure heures période époque âge durée délai "
    "part proportion pourcentage taux nombre montant somme chiffre rang place fréquence".split()
)
#: nouns of what a thing has (its value, its purpose, its people): « le budget de X » is X's
ATTRIBUTES = _VALUE_NOUNS | frozenset(
    "budget budgets rôle objectif objectifs mission missions but buts financement financements "
    "coût prix nom siège président présidente directeur directrice responsable capacité taille "
    "fonction statut histoire origine création équipe équipes".split()
)
# a noun after "which" opening an English question (not an auxiliary, a pronoun or "one")
_ENGLISH_THING = re.compile(
    r"(?!(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would|should|one|ones|"
    r"of|the|a|an|it|they)$)[a-z][a-z-]+"
)
_ENGLISH_CLASSIFIERS = frozenset("kind kinds type types sort sorts form forms category".split())
# what ends an English noun phrase after « of »: an auxiliary, a verb of being, an adverb
_ENGLISH_PHRASE_END = re.compile(
    r"^(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would|should|exists?|"
    r"existed|\w+ly)$",
    re.IGNORECASE,
)


#: the English auxiliaries and verbs of being that follow a subject asked with "which"
_ENGLISH_AUXILIARIES = frozenset(
    "is are was were does do did has have had can could will would should may might must".split()
)
#: the most words an English "which" phrase spans before its auxiliary ("which big players")
_MAX_WHICH_WORDS = 3


def _english_noun_before_auxiliary(words: Sequence[str], k: int) -> list[str] | None:
    """ "Which local authorities ARE …", "which well-known tool IS …": the words from ``k`` up
    to an auxiliary that comes within ``_MAX_WHICH_WORDS`` words, all of them lower-case and
    none a preposition or an article (the adjectives, then the noun); None otherwise ("which
    company hosts …": a verb follows the noun)."""
    for end in range(k + 1, min(k + _MAX_WHICH_WORDS, len(words)) + 1):
        if end < len(words) and plain(words[end]) in _ENGLISH_AUXILIARIES:
            phrase = list(words[k:end])
            plain_words = all(
                w[:1].islower() and w.replace("-", "").isalpha() for w in phrase
            ) and not any(plain(w) in PREPOSITIONS or plain(w) in ARTICLES for w in phrase)
            return phrase if plain_words and len(phrase) > 1 else None
    return None


def _english_kind_of(words: Sequence[str], k: int) -> list[Mention]:
    """The mention "the kind of artificial intelligence" from ``words[k:]`` ("kind", "of",
    then the words of its noun phrase); none without "of"."""
    if k + 2 >= len(words) or plain(words[k + 1]) != "of":
        return []
    end = k + 2
    while (
        end < len(words) and words[end][:1].isalpha() and not _ENGLISH_PHRASE_END.match(words[end])
    ):
        end += 1
    return [Mention(join(["the", *words[k:end]]), None, False, False)] if end > k + 2 else []


#: nouns that class what follows them: « quel type de X » asks about an X
_CLASSIFIERS = frozenset("type types sorte sortes genre genres forme formes catégorie".split())
OF = frozenset(("de", "d'", "d’"))
_ADJECTIVE = re.compile(r"(?:ique|al|ale|el|elle|if|ive|aire|and|ande|ain|aine|ien|ienne)$")


_ENGLISH_QUESTION = re.compile(r"^\s*(?:what|which|who|how|when|where|why|does|do|is|are)\b", re.I)


_DO_SUPPORT = frozenset("does do did will can could should would".split())


# what follows an English verb after its subject ("does the agency offer TO nurses")
_AFTER_VERB = frozenset("to for the a an in on with from into at by".split())
# common English verbs in their bare form, as they stand after do-support ("does the museum
# GIVE visitors", "does home-based medicine GIVE doctors …"): the subject ends before one
# even when a bare noun, not a preposition or an article, follows it. Not the words as often
# nouns (plan, fund, support, use, need, help, care, report, cost, list, change, access)
_BARE_VERBS = frozenset(
    "give offer provide mean make require include cover allow enable bring cause create "
    "become pay employ host manage train teach serve expect propose recommend tell show "
    "say call run take get have hold keep store protect collect face raise pose set lead "
    "connect replace reduce improve increase obtain receive grant award approve sign adopt "
    "launch start build design produce sell deliver treat follow monitor assess evaluate "
    "send represent involve contain concern affect mention cite define describe consider "
    "regard rank count measure see want hope promise aim intend gather unite".split()
)


def _before_english_verb(words: Sequence[str], i: int, end: int) -> int:
    """Where the subject opening at ``i`` after do-support ends: after its last name ("does
    the WHO | define innovation in health"), else before the first lower-case word past its
    first noun that a preposition or an article follows, or that ends the question — its
    verb ("does the government's 2030 plan | give to …"); ``end`` when there is none."""
    named = [j for j in range(i + 1, end) if words[j][:1].isupper()]
    if named and named[-1] + 1 < end:
        return named[-1] + 1  # "does the WHO | define innovation in health": after the name
    for j in range(i + 2, end):
        word = words[j]
        if word[:1].islower() and plain(word) in _BARE_VERBS:
            return j
        if not word[:1].islower() or plain(word) in PREPOSITIONS or plain(word) in ARTICLES:
            continue
        if j + 1 == len(words) or plain(words[j + 1]) in _AFTER_VERB:
            return j
    return end


# the prepositions that open a name's complement of place or time (« la France | en Europe »,
# « la Région | lors de … »), not part of what the name names (« de » may be: « l'Agence
# du Numérique en Santé »)
_NOT_OF_A_NAME = frozenset("en dans lors pour sur avec à a entre depuis pendant chez".split())


def _name_phrase_end(words: Sequence[str], head: int, end: int) -> int:
    """Where a phrase headed by a name ends: before a complement of place or time."""
    for j in range(head + 1, end):
        if plain(words[j]) in _NOT_OF_A_NAME:
            return j
    return end


def _phrases(words: Sequence[str], *, english: bool = False) -> list[Mention]:
    """Phrases that open with an article: subjects and objects first, complements after (a
    complement's « du » / « des » read as « le » / « les »). In English, a capitalised word
    before a noun qualifies it ("French people"): no name of its own."""
    main: list[Mention] = []
    complements: list[Mention] = []
    i = 0
    while i < len(words):
        low = plain(words[i])
        if low in ARTICLES and low not in ("ce", "cet", "cette", "ces", "this", "these"):
            end = phrase_end(words, i + 1)
            cut = (
                _before_english_verb(words, i, end)
                if english and i and plain(words[i - 1]) in _DO_SUPPORT
                else end
            )
            if cut < end:
                end = cut  # "does the agency | offer to nurses": the subject ends at its verb
            elif (
                english
                and end == len(words)
                and end > i + 2
                and _DO_SUPPORT & {plain(w) for w in words[:i]}
            ):
                end -= 1  # "how much does the project receive": the verb ends the question
            elif not english and i + 1 < end and _is_name(words[i + 1]):
                end = _name_phrase_end(words, i + 1, end)
            if end > i + 1:
                after_preposition = i > 0 and plain(words[i - 1]) in PREPOSITIONS
                if low in ("du", "au"):
                    phrase = ["le", *words[i + 1 : end]]
                elif low in ("des", "aux") and after_preposition is False and i > 0:
                    phrase = ["les", *words[i + 1 : end]]
                else:
                    phrase = list(words[i:end])
                target = complements if after_preposition or low in ("du", "au") else main
                target.append(_mention(phrase))
            i += 1  # its complements are phrases too: « du projet X » in « l'objectif du… »
            continue
        # (not the first word of a next sentence: « … à part ? Depuis quelle date ? »)
        if _is_name(words[i]) and (
            (i > 0 and words[i - 1] not in _SENTENCE_ENDS) or _opens_a_name(words, i)
        ):
            end = i + 1
            while end < len(words) and _is_name(words[end]):
                end += 1
            if english and end - i == 1 and end < len(words) and words[end][:1].islower():
                i = end
                continue
            name = _mention(words[i:end])
            if plain(words[i - 1]) in _PLACE:  # « à Evreux »: where, seldom what « elle » is
                name = Mention(name.text, name.gender, name.plural, named=False)
            complements.append(name)
            i = end
            continue
        i += 1
    return main + complements


_SENTENCE_ENDS = frozenset("? ! . …".split())


# capitalised only because they open a sentence: pronouns, conjunctions, English auxiliaries
_NOT_NAMES = frozenset(
    "et mais donc or ni car puis il elle ils elles on je tu nous vous ça c' ce cet cette ces "
    "y est-ce and but so or it they we you i is are was were does do did can could should "
    "would will has have had this these those".split()
)


_NO_NAME_OPENS = PREPOSITIONS | _WH | _NOT_NAMES


def _opens_a_name(words: Sequence[str], i: int) -> bool:
    """Whether the capitalised word opening a sentence at ``i`` begins a name of several
    words (« Normandie Incubation épaule … », « Santé publique France publie … »): the next word
    is a name too and the first is no question or function word (« Quels CHU … », « Le … »)."""
    if i + 1 >= len(words) or not _is_name(words[i + 1]):
        return False
    first = plain(words[i])
    return first not in ARTICLES and first not in _NO_NAME_OPENS


# a past participle in lower case (« porté », « financées », « conduit »)
_PASSIVE = re.compile(r"^[a-zà-ÿ]+(?:é|ée|és|ées|is|ise|ises|it|ite|its|ites|u|ue|us|ues)$")


def phrase_end(words: Sequence[str], i: int, *, loose: bool = True) -> int:
    """Where a noun phrase whose head is at ``i`` ends: its adjectives and, ``loose``, its
    complements up to the next clause word or inverted verb. A plural noun's adjectives
    are plural too: « des médecins *utilise* » ends before the verb."""
    plural = i < len(words) and plain(words[i]).endswith(("s", "x"))
    start = i
    while i < len(words):
        low = plain(words[i])
        ends = low in BOUNDARY or INVERTED.fullmatch(words[i]) or not words[i][:1].isalnum()
        if ends and not (loose and low in ARTICLES and low not in BOUNDARY):
            if low == "par" and i - 1 > start and _PASSIVE.search(words[i - 1]):
                i -= 1  # « le projet SATIN porté | par … »: the participle goes with its agent
            break
        if low in _IN_SITU and i - 1 > start and words[i - 1][:1].islower():
            # « la Région Normandie finance | quels projets ? », « l'agence emploie | combien
            # de … ? »: a question word inside the clause follows its verb, not the subject
            i -= 1
            break
        if not loose and (low in PREPOSITIONS or low in ARTICLES):
            break
        agrees = low in PREPOSITIONS or low in ARTICLES or low.endswith(("s", "x"))
        if i == start + 1 and plural and words[i][:1].islower() and not agrees:
            break
        i += 1
    return i


# the longest English counted phrase, and the words that end one: auxiliaries, verbs of
# being, prepositions, articles, conjunctions
_MAX_ENGLISH_COUNTED_WORDS = 4
_ENDS_ENGLISH_COUNTED = (
    frozenset(
        "is are was were be been being has have had may might must shall and or but that "
        "which who the a an this these those there".split()
    )
    | _DO_SUPPORT
    | PREPOSITIONS
)


def _counted(words: Sequence[str]) -> tuple[int, int] | None:
    """The counted or asked-for plural phrase: « combien de *dispositifs utilisant l'IA* »,
    "how many *X*", « quels *chercheurs* »."""
    for i, w in enumerate(words[:-1]):
        low = plain(w)
        nxt = plain(words[i + 1])
        if low in ("quels", "quelles") and nxt.isalpha() and nxt not in ARTICLES:
            start = i + 1  # « Quels chercheurs … » is a plural too
        elif (low, nxt) in {("combien", "de"), ("combien", "d'"), ("how", "many")}:
            start = i + 2
        else:
            continue
        if start >= len(words):
            return None
        end = start + 1
        if low in ("how", "which", "what"):
            # English puts a noun's adjectives before it ("how many core ethical principles
            # does …"): the phrase runs to its plural noun, or else to the verb, a preposition
            # or a conjunction ("how many pharmacies offered …")
            while (
                end < len(words)
                and end - start < _MAX_ENGLISH_COUNTED_WORDS
                and not plain(words[end - 1]).endswith("s")
                and words[end][:1].islower()
                and words[end].isalpha()
                and plain(words[end]) not in _ENDS_ENGLISH_COUNTED
            ):
                end += 1
            return start, end
        # a plural noun's adjectives are plural too, up to its first complement
        agreeing = plain(words[start]).endswith(("s", "x"))
        while end < len(words) and plain(words[end]) not in ARTICLES.keys() | BOUNDARY:
            word = words[end]
            if INVERTED.fullmatch(word) or not word[:1].isalnum() or word.endswith(("ent", "ont")):
                break  # « combien de médecins *téléconsultent* »: the verb
            if plain(word) in ("y", "se", "s'", "ne", "n'"):
                break  # « combien de personnes *y* vont »: the verb's clitics
            if agreeing and word[:1].islower() and not _agrees_plural(word):
                break  # « combien de lits *compte* le centre »: a verb, not an adjective
            agreeing = agreeing and plain(word) not in PREPOSITIONS
            end += 1
        return start, end
    return None


def _agrees_plural(word: str) -> bool:
    """Can the word follow a plural noun in its phrase (a plural adjective, an invariable
    participle « utilisant », a preposition)?"""
    low = plain(word)
    return low.endswith(("s", "x", "ant")) or low in PREPOSITIONS


def inverted_verb(words: Sequence[str]) -> int | None:
    """The index of the verb inverted with its subject pronoun (« a-t-il », « veut-elle »),
    not an impersonal one (« y a-t-il », « faut-il »)."""
    for i, w in enumerate(words):
        m = INVERTED.fullmatch(w)
        if m is None:
            continue
        verb = m.group(1).lower()
        # « existe-t-il un … ? » says there is one; « depuis quand existe-t-il ? », « existe-t-elle
        # encore ? » speak of something
        impersonal = verb in IMPERSONAL and m.group(2).lower() == "il"
        if verb == "existe" and impersonal:
            impersonal = i + 1 < len(words) and plain(words[i + 1]) in ARTICLES | DETERMINERS
        if impersonal or (verb == "a" and i > 0 and plain(words[i - 1]) == "y"):
            continue
        if m.group(2).lower() == "on":
            continue
        return i
    return None


def clitics_start(words: Sequence[str], verb: int) -> int:
    """Where the verb group of ``verb`` starts, with its clitics (« ne s'y », « se »)."""
    start = verb
    while start > 0 and plain(words[start - 1]) in _CLITICS:
        start -= 1
    return start


def subject_before(words: Sequence[str], verb: int) -> tuple[int, int] | None:
    """The noun phrase between the question word and the inverted verb — the subject (« Quel
    budget *le programme* a-t-il reçu ») — or None when there is none (« Quand a-t-il… »,
    « De quelle aide de l'État bénéficie-t-il »: « de l'État » is a complement)."""
    end = clitics_start(words, verb)
    i = end - 1
    while i >= 0:
        low = plain(words[i])
        if low in _WH and not _relative(words, i):
            return None
        if low in _WH:
            end = i  # the subject without its relative clause: « la charte | qui en est issue »
        opening = ARTICLES.keys() | POSSESSIVE.keys() | DETERMINERS.keys()
        if low in opening or _is_name(words[i]):
            start = i
            while (
                start > 0
                and plain(words[start - 1]) not in _WH  # « Quand » opening is no name
                and (_is_name(words[start - 1]) or plain(words[start - 1]) in opening)
            ):
                start -= 1
            if plain(words[start]) not in opening:  # a name: « le centre *Hélios* »
                start = _determiner_before(words, start, opening)
            before = plain(words[start - 1]) if start > 0 else ""
            if before in PREPOSITIONS or plain(words[start]) in ("du", "des", "au", "aux"):
                i = start - 1  # a complement: the subject, if any, is further left
                continue
            if before in _WH_DETERMINERS and plain(words[start]) not in opening:
                return None  # « Quelle Région a-t-elle… »: the question word's own noun
            return start, end
        i -= 1
    return None


def opener_in_lower_case(words: Sequence[str], openers: Iterable[str]) -> list[str]:
    """``words`` with their first word in lower case when it is one of ``openers`` (an article,
    a possessive) capitalised only as a question's first word: « Les plateformes … » written
    inside another question; not before a capitalised word (« Le Havre »: a name)."""
    out = list(words)
    if len(out) > 1 and plain(out[0]) in openers and out[1][:1].islower():
        out[0] = out[0].lower()
    return out


def _relative(words: Sequence[str], i: int) -> bool:
    """Is « qui », « que » or « dont » at ``i`` a relative pronoun after its noun (« la charte
    *qui* en est issue pose-t-elle … »), not a question word (« Et qui … », « À qui … »)?"""
    if plain(words[i]) not in ("qui", "que", "qu'", "dont") or i == 0:
        return False
    noun = words[i - 1]
    low = plain(noun)
    return noun[:1].isalpha() and low not in _WH and low not in PREPOSITIONS | {"et", "mais", "ou"}


# nouns French writes feminine, by their ending (« mission », « capacité », « directrice »)
FEMININE = re.compile(r"^(?:\w*(?:ion|té|ice|ure|ée|ance|ence|ie|ise)s?|part|date|durée)\b", re.I)
# possessive: (plural possessor, the article of the possessed noun before a consonant)
POSSESSIVE = {
    "son": (False, "le"),
    "sa": (False, "la"),
    "ses": (False, "les"),
    "leur": (True, "le"),
    "leurs": (True, "les"),
}
VOWEL = tuple("aeiouyhàâéèêëîïôöûüAEIOUYHÀÂÉÈÊËÎÏÔÖÛÜ")


def _determiner_before(words: Sequence[str], start: int, opening: set[str]) -> int:
    """The start of « le centre Hélios » from « Hélios »: back over a few lower-case words
    to a determiner, when there is one before any question word or preposition."""
    j = start - 1
    while j >= 0 and j >= start - 3:
        low = plain(words[j])
        if low in opening:
            return j
        if low in _WH or low in PREPOSITIONS or low in BOUNDARY or not words[j][:1].islower():
            break
        j -= 1
    return start


_WH_SHAPE: dict[str, tuple[str | None, bool | None]] = {
    "quel": ("m", False),
    "quelle": ("f", False),
    "quels": (None, True),
    "quelles": ("f", True),
}


def phrase_before(
    words: Sequence[str],
    end: int,
    gender: str | None,
    plural: bool | None,
    *,
    complements: bool,
    asked: bool = False,
) -> bool:
    """Does a noun phrase before ``words[end]`` agree with a pronoun of this gender and
    number — something the question names itself (« … la feuille de route … sur *ses*
    données »)? ``complements``: a phrase after a preposition counts too; ``asked``: the
    question's own « quelles cliniques » too."""
    for i in range(min(end, len(words) - 1)):
        low = plain(words[i])
        if low in POSSESSIVE:
            shape: tuple[str | None, bool | None] = (None, low in ("ses", "leurs"))
        elif low in ARTICLES and low not in ("the", "an"):
            shape = ARTICLES[low]
        elif low in DETERMINERS:
            shape = DETERMINERS[low]
        elif asked and low in _WH_SHAPE and plain(words[i + 1]) not in BOUNDARY:
            shape = _WH_SHAPE[low]  # « Quelles cliniques …, et qu'ont-elles … »
        else:
            continue
        if not words[i + 1][:1].isalpha() or plain(words[i + 1]) in _CLITICS:
            continue
        inside = (i > 0 and plain(words[i - 1]) in PREPOSITIONS) or low in (
            "du",
            "des",
            "au",
            "aux",
        )
        if inside and not complements:
            continue
        if Mention("", *shape, named=False).agrees(gender, plural):
            return True
    return False
