"""What a question typed as keywords asks for, when it holds no question word.

« combien », « quel », « qu'est-ce », "how many" tell what is asked; a hurried question often
drops them (« horaires piscine dimanche »). Then only the vocabulary and the shape of the
keywords are left, read here with general French and English words (none of the examples is
an evaluation question):

- a word that names the definition asked, or a lone term: « definition photosynthese »,
  « sens du mot escale », « meaning tides », « photosynthese » → ``definition``; the same
  about an acronym (typed, or given back its capitals by ``Vocabulary.correct``): « SNCF »,
  « signification UEFA » → ``meaning``
- a verb of « en quoi consiste », « que désigne », « à quoi sert » left first: « consiste tri
  selectif », « sert composteur » → ``definition``
- a person's role: « directeur musee beaux-arts », « fondateur club echecs », « responsable
  cantine » → ``person``
- an organisation asked for, as the first word: « organisme gestion piscine », « partenaires
  festival jazz », « entreprise construction pont » → ``organisation``
- a date: « date ouverture piscine », « annee creation club », « depuis quand »-less
  « depuis tramway gratuit », « lancement ligne bus » → ``date`` (« depuis 2019 » is not:
  the year is given, not asked)
- a rank: « classement lycee academie », « rang club championnat » → ``rank``
- a count: « effectif lycee 2021 », « total arbres plantes » → ``quantity`` (« nb » and
  « nombre » are read by ``qa.question``'s cues already)
- a list, named: « liste ingredients gateau », « etapes construction pont », « objectifs plan
  velo » → ``list``, the noun as the one asked for (as « QUELS objectifs »)
- a plural noun first: « horaires piscine dimanche », « arbres plantes parc 2022 » → no kind,
  the noun as the one asked for. Measured (``benchmarks/messy.py``): reading these as lists,
  or as counts when a year follows, lost answers (the plural noun asks « which », « how
  many » or « what about » alike); the noun alone helped
- where it comes from: « source chiffre pollution », « reference etude bruit », « etude
  trafic velo » (first word), « vient chiffre velos » (« d'où » dropped) → ``source``, with
  whatever else is read

Nothing is read when a question word is there (the grammar of ``qa.question`` reads it), nor
from a question of English sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# words that make a question a question: their reading belongs to ``qa.question``
_QUESTION_WORDS = frozenset(
    (
        "combien quel quelle quels quelles lequel laquelle lesquels lesquelles qui que quoi "
        "quand comment pourquoi ou qu'est-ce what which who whom whose when where why how"
    ).split()
)
_DEFINITION = frozenset(
    "definition definitions definir signification sens notion concept meaning define".split()
)
# the verb left of « en quoi consiste », « que désigne », « à quoi sert », « qu'entend-on »
# once the question words are dropped, leading the keywords: « consiste tri selectif »
_DEFINING_FIRST = frozenset(
    "consiste consistent designe designent recouvre recouvrent sert servent entend".split()
)
_PERSON = frozenset(
    (
        "responsable responsables directeur directrice president presidente porteur porteuse "
        "porteurs fondateur fondatrice fondateurs createur creatrice dirigeant dirigeante "
        "coordinateur coordinatrice coordonnateur referent referente head director founder "
        "leader chair"
    ).split()
)
_ORGANISATION = frozenset(
    (
        "organisme organismes acteur acteurs partenaire partenaires structure structures "
        "entreprise entreprises societe societes operateur operateurs financeur financeurs "
        "institution institutions agence agences etablissement etablissements startup "
        "startups start-up laboratoire laboratoires association associations company "
        "companies partner partners organisation organisations organization organizations"
    ).split()
)
_DATE = frozenset(
    (
        "date dates annee lancement creation ouverture fermeture inauguration echeance "
        "calendrier year launch since"
    ).split()
)
_COUNT = frozenset("nombre effectif effectifs total quantite number count many".split())
_RANK = frozenset("classement rang ranking rank".split())
_LIST = frozenset(
    (
        "liste listes etapes missions objectifs axes priorites types categories exemples "
        "mesures actions leviers piliers volets criteres principes list steps goals types "
        "examples"
    ).split()
)
_SOURCE = frozenset(
    "source sources reference references origine provenance citation study survey".split()
)
# a study named first is asked for as the source of what follows (« etude trafic velo »), and
# so is what « d'où vient » leaves once its question word is dropped (« vient chiffre velos »);
# not « article », which in a text about policy is mostly a law's (« article loi velo » asks
# which article of the law, not where a figure comes from)
_SOURCE_FIRST = frozenset(
    "etude etudes enquete enquetes publication vient viennent provient".split()
)
# words ending in -s or -x that are not plurals
_NOT_PLURAL = frozenset(
    (
        "pays temps prix fois cas acces corps mois poids bras sens plus moins sans dans sous "
        "vers apres alors depuis parmi tous tres jamais toujours selon chez puis mais lors hors "
        "campus virus bonus corpus cours parcours concours secours recours discours progres "
        "succes exces proces avis devis permis compris choix voix croix paix flux index deux "
        "trois six dix mieux faux ceux eux nombreux anglais francais frais gaz bus process "
        "status focus analysis"
    ).split()
)
_WORD = re.compile(r"[a-z0-9][a-z0-9&-]*")
_ACRONYM = re.compile(r"\b[A-ZÉ][A-Z0-9É&-]*[A-Z0-9]\b")


@dataclass(frozen=True)
class KeywordReading:
    """What a keyword question asks for (the fields of ``qa.question.Asked`` it sets)."""

    kind: str | None
    source: bool = False
    counted: str | None = None  # the noun counted (folded)
    target: str | None = None  # the plural noun asked for (folded), as « quels … »


def has_question_word(folded: str) -> bool:
    """Does the (folded) question hold an interrogative word or an « est-ce que »?"""
    words = re.findall(r"[a-z]+", folded)
    # « qu'apporte », « qu'entend-on »: an elided « que » asks too
    return (
        any(w in _QUESTION_WORDS for w in words) or re.search(r"\bqu'|est-ce", folded) is not None
    )


def is_plural(word: str) -> bool:
    """A French or English plural by its ending (« horaires », « travaux », « towns »)."""
    return (
        len(word) > 3
        and word.isalpha()
        and word[-1] in "sx"
        and word not in _NOT_PLURAL
        and not word.endswith(("ss", "us", "is"))
    )


def read_keywords(folded: str, typed: str) -> KeywordReading | None:
    """What a question of keywords asks for (see the module), or None when it holds a
    question word or no keyword tells. ``folded``: the question folded (``fold``) with its
    shorthand written out; ``typed``: as typed, for its capitals."""
    if has_question_word(folded):
        return None
    words = _WORD.findall(folded)
    if not words:
        return None
    first = words[0]
    source = any(w in _SOURCE for w in words) or first in _SOURCE_FIRST
    topic = [w for w in words if w not in _DEFINITION and w != "mot"]
    acronym = bool(_ACRONYM.search(typed)) and len(topic) <= 2
    if any(w in _DEFINITION for w in words) or first in _DEFINING_FIRST:
        return KeywordReading("meaning" if acronym else "definition", source)
    if any(w in _PERSON for w in words[:2]):
        return KeywordReading("person", source)
    if first in _ORGANISATION:
        return KeywordReading("organisation", source, target=first)
    if any(w in _DATE for w in words) or _undated_since(words):
        return KeywordReading("date", source)
    if any(w in _RANK for w in words):
        return KeywordReading("rank", source)
    if first in _COUNT:
        noun = next((w for w in words[1:] if w.isalpha()), None)
        return KeywordReading("quantity", source, counted=noun)
    if first in _LIST:
        target = first if first not in ("liste", "listes", "list") else _next_word(words)
        return KeywordReading("list", source, target=target)
    if is_plural(first):
        return KeywordReading(None, source, target=first)
    if len(words) == 1 and not source:
        return KeywordReading("meaning" if acronym else "definition")
    return KeywordReading(None, source) if source else None


def _undated_since(words: list[str]) -> bool:
    """« depuis » not followed by a year or a figure: the date is what is asked."""
    return any(
        w == "depuis" and (i + 1 == len(words) or not words[i + 1][0].isdigit())
        for i, w in enumerate(words)
    )


def _next_word(words: list[str]) -> str | None:
    return words[1] if len(words) > 1 and words[1].isalpha() else None
