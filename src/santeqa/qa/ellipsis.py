"""An elliptical follow-up (« Et en 2023 ? », « Et pour les infirmiers ? ») written in full:
the earlier question with one part swapped for the fragment, a part of the same kind
(parallelism), by grammar:

- a year for its year (« Et en 2022 ? »), or a year counted from it (« Et l'année suivante ? »,
  « deux ans plus tard », "the year before"); a month for its month; a place (« à Rouen »,
  « au Havre », « en Bretagne ») for its place; added at the end when the question had none;
- « celui de Rouen » for the complement of the phrase it stands for (« le diplôme de Caen »);
- « de places » for the counted noun (« combien de lits »);
- a noun phrase for the phrase with its noun (« un dispositif de télésurveillance » for « un
  dispositif médical connecté »), else for a phrase of the same number — a complement or an
  object before the subject, the last first (« la vaccination » for « au dépistage », « les
  infirmiers » for « des médecins ») — else for the last complement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from santeqa.qa.antecedent import (
    ARTICLES,
    AUXILIARIES,
    BOUNDARY,
    INVERTED,
    PREPOSITIONS,
    inverted_verb,
    join,
    phrase_end,
    spaced,
    subject_before,
    tokens,
)
from santeqa.text import Analyzer

_WH = re.compile(
    r"^(?:combien(?:\s+de|\s+d['’])?|quel(?:le)?s?|qui|que|quoi|o[uù]|quand|comment|pourquoi|"
    r"how\s+(?:many|much)|what|which|who|when|where|why|how)\b\s*",
    re.IGNORECASE,
)
# « pour X » / "for X" after « Et »: X is the new topic, the preposition only marks it
_TOPIC_MARK = re.compile(
    r"^(?:pour|concernant|quant\s+[àa]|chez|parmi|for|as\s+for|about|regarding|among)\s+",
    re.IGNORECASE,
)
# a question word after a preposition (« sur combien de », « dans quelle ville », "for how
# many", "in which year"): the fragment asks something new
_PREPOSED_QUESTION = re.compile(
    r"^(?:sur|dans|pour|par|en|à|a|de|depuis|pendant|avec|chez|selon|sous|vers|jusqu['’]à|"
    r"for|in|at|on|by|from|since|until|under|with|during)\s+(?:combien|quel(?:le)?s?|"
    r"lequel|laquelle|lesquel(?:le)?s|qui|quoi|quand|o[uù]|how|what|which|who|whom|when|"
    r"where)\b",
    re.IGNORECASE,
)
# an English question opening with its auxiliary or copula ("is the funding enough", "does
# it cost anything"): a clause of its own
_ENGLISH_INVERSION = re.compile(
    r"^(?:is|are|was|were|does|do|did|can|could|will|would|has|have|had|should|may|might|"
    r"must)\s+\w",
    re.IGNORECASE,
)
# a conjugated verb after a clitic (« en a », « en proposaient », « y va-t-on »), not a noun
# (« en 2023 », « en Normandie », « en ligne ») nor « en fait »
_VERB_AFTER = r"\s+(?!fait\b)(?:a\b|ont\b|[a-zà-ÿ]+(?:ent|ait|aient|it|ont|-t-\w+|-\w+)\b)"
# « en » / « y » as a pronoun before the verb (« combien EN ont-ils », « où Y va-t-on »)
CLITIC = re.compile(r"\b(?:y\s+en|en|y)" + _VERB_AFTER)
# « en » alone, standing for what the conversation counted (« combien EN comptait-elle »)
COUNTED_EN = re.compile(r"\ben" + _VERB_AFTER)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# « now »: it takes the place of the antecedent's year (« en 2002 » -> « aujourd'hui »)
_NOW = re.compile(
    r"^(?:maintenant|aujourd['’]hui|actuellement|désormais|à\s+présent|de\s+nos\s+jours|"
    r"now|today|currently|nowadays)$",
    re.IGNORECASE,
)
_NEXT_YEAR = re.compile(
    r"^(?:l['’]année\s+(?:suivante|d['’]après)|l['’]an\s+d['’]après|the\s+(?:following|next)\s+"
    r"year|the\s+year\s+after)$",
    re.IGNORECASE,
)
_LAST_YEAR = re.compile(
    r"^(?:l['’]année\s+(?:précédente|d['’]avant|antérieure)|l['’]an\s+d['’]avant|the\s+"
    r"(?:previous|preceding)\s+year|the\s+year\s+before)$",
    re.IGNORECASE,
)
# « deux ans plus tard », "three years earlier": a year counted N years from the antecedent's
_YEARS_LATER = re.compile(
    r"^(\d{1,2}|\w+)\s+(?:ans?\s+(?:plus\s+tard|après|apres|plus\s+t[oô]t|avant|auparavant)|"
    r"years?\s+(?:later|after|afterwards|earlier|before))$",
    re.IGNORECASE,
)
_EARLIER = re.compile(r"t[oô]t|avant|auparavant|earlier|before", re.IGNORECASE)
_SMALL_NUMBERS = {
    w: n
    for n, ws in enumerate(
        (
            (),
            ("un", "une", "a", "one"),
            ("deux", "two"),
            ("trois", "three"),
            ("quatre", "four"),
            ("cinq", "five"),
            ("six",),
            ("sept", "seven"),
            ("huit", "eight"),
            ("neuf", "nine"),
            ("dix", "ten"),
        )
    )
    for w in ws
}
_MONTHS = (
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre "
    "décembre decembre january february march april june july august september october "
    "november december"
).split()
_MONTH = re.compile(r"\b(?:" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
_PLACE_PREPOSITIONS = frozenset("à a au aux en dans in at".split())
_STAND_IN = re.compile(r"^(?:celui|celle|ceux|celles)\s+(?=d(?:e|u|es)?\b|d['’])", re.IGNORECASE)
# à / de + article, as French writes them: « attribué au dépistage » -> « aux hôpitaux »
_CONTRACTED = {
    "au": {"le": ["au"], "les": ["aux"], "la": ["à", "la"], "l'": ["à", "l'"]},
    "aux": {"le": ["au"], "les": ["aux"], "la": ["à", "la"], "l'": ["à", "l'"]},
    "du": {"le": ["du"], "les": ["des"], "la": ["de", "la"], "l'": ["de", "l'"]},
    "des": {"le": ["du"], "les": ["des"], "la": ["de", "la"], "l'": ["de", "l'"]},
}


def swap(fragment: str, antecedent: str, analyzer: Analyzer) -> str | None:
    """The antecedent with one part replaced by the elliptical ``fragment``; None when the
    fragment is a clause of its own (a verb after its question word: « combien ont fermé »)."""
    if _PREPOSED_QUESTION.match(fragment) or _ENGLISH_INVERSION.match(fragment):
        # « Et sur combien de départements ? », "And is the funding enough?" ask anew
        return None
    wh = _WH.match(fragment)
    if wh:
        rest = fragment[wh.end() :]
        first = rest.split()[0].lower() if rest.split() else ""
        if first not in PREPOSITIONS | ARTICLES.keys() or _verb_a(tokens(rest), 0):
            return None
        if CLITIC.match(rest):
            return None  # « combien en proposaient », « combien y en a-t-il »: a clause
        fragment = rest
    elif _has_verb(tokens(fragment)) or _has_subject_or_question(tokens(fragment)):
        return None  # « Et ses données sont hébergées où ? » is a clause, no part to swap
    fragment = _TOPIC_MARK.sub("", fragment).strip()
    if not fragment:
        return None
    ante = antecedent.strip().rstrip(" ?").strip()
    mark = antecedent.strip()[len(ante) :]  # « ? », " ?" or nothing, as it was written
    words = tokens(ante)
    new = tokens(fragment)
    for rule in (_time, _acronym, _sibling, _place, _stand_in, _counted):
        done = rule(words, new, analyzer)
        if done is not None:
            return join(done, spaced_mark=spaced(antecedent)) + mark
    span = _shared_phrase(fragment, words, analyzer) or _same_number(
        words, new, heads_only=_has_complement(new)
    )
    span = span or _bare_english(words, new) or _asked_phrase(words, new)
    span = span or _last_complement(words)
    if span is None:
        return None
    start, end = span
    if _has_complement(new):
        end = _complements_end(words, end)
    if words[start].lower() in PREPOSITIONS and new[0].lower() not in PREPOSITIONS:
        start += 1  # « Et les infirmiers ? » for « à la formation »: the preposition stays
    new = _contracted(words[start].lower(), new)
    before = list(words[:start])
    if before and new[1:] and _same_preposition(before[-1], new[0]):
        new = new[1:]  # « Et d'emplois indirects ? » after « Combien d'emplois directs … »
    joined = _JOINED.get((before[-1].lower() if before else "", new[0].lower()))
    if joined is not None:  # « à la messagerie » -> « aux infirmiers »
        before, new = before[:-1], [joined, *new[1:]]
    text = join([*before, *new, *words[end:]], spaced_mark=spaced(antecedent))
    return text[:1].upper() + text[1:] + mark


def _verb_a(words: Sequence[str], i: int) -> bool:
    """Is ``words[i]`` the verb « a » (« qui a financé », « qui a accès »), not « à » typed
    without its accent (« a Rouen »)?"""
    if words[i].lower() != "a":
        return False
    return i + 1 >= len(words) or not words[i + 1][:1].isupper()


# a conjugated auxiliary or copula (« sont », « a été ») or an inverted verb (« est-elle »)
_FINITE = frozenset(AUXILIARIES - {"a"}) | {"été", "fut", "furent"}


def _has_verb(words: Sequence[str]) -> bool:
    """Does the fragment hold a verb of its own (« ses données sont hébergées », « elle a
    ouvert »)? A bare « a » counts only before a participle (« a ouvert », « a été »)."""
    for i, word in enumerate(words):
        low = word.lower()
        if low in _FINITE or INVERTED.fullmatch(word):
            return True
        if low == "a" and i + 1 < len(words) and _PARTICIPLE.search(words[i + 1].lower()):
            return True
    return False


# a subject pronoun, or a question word after the fragment's first word: « Et elle coûte
# combien ? », « Et ça pèse quoi ? » are clauses of their own
_SUBJECTS = frozenset("il elle ils elles ça cela on".split())
_ASKING_WORDS = frozenset(
    "quoi combien où quand comment pourquoi qui quel quelle quels quelles".split()
)


def _has_subject_or_question(words: Sequence[str]) -> bool:
    lows = [w.lower() for w in words]
    return any(w in _SUBJECTS for w in lows) or any(w in _ASKING_WORDS for w in lows[1:])


_PARTICIPLE = re.compile(r"(?:é|ée|és|ées|i|ie|is|it|u|ue|us|ert|erte)$")


# what opens a complement of a noun (« la coordination ENTRE patients », « le taux DE
# réussite », « l'accès AUX soins »)
_OF = frozenset(("du", "des", "au", "aux")) | PREPOSITIONS


def _has_complement(new: Sequence[str]) -> bool:
    """Whether the fragment is a noun phrase with a complement of its own (« la qualité
    DES soins »): past its determiner and head, a word that opens a complement."""
    return bool(new) and new[0].lower() in ARTICLES and any(w.lower() in _OF for w in new[2:-1])


def _complements_end(words: Sequence[str], end: int) -> int:
    """Past the complements that follow a swapped phrase, which belonged to the noun the
    fragment replaces (« améliore le suivi entre infirmiers » with « Et la qualité des soins ? »
    loses « entre infirmiers »). A place or a time stays: it restricts the question, not the
    noun (« … en Bretagne », « … en 2022 »)."""
    while end + 1 < len(words) and words[end].lower() in _OF:
        head = end + 1
        while head < len(words) and words[head].lower().replace("’", "'") in ARTICLES:
            head += 1
        if head >= len(words) or not words[head][:1].isalpha():
            break
        if _is_name(words[head]) or _YEAR.fullmatch(words[head]) or _MONTH.fullmatch(words[head]):
            break
        end = phrase_end(words, head, loose=False)
    return end


def _bare_english(words: Sequence[str], new: Sequence[str]) -> tuple[int, int] | None:
    """ "nurses" for "doctors" in "What share of doctors use …": a bare English noun for the
    bare noun of the same number after "of", "many", "much", "for", "among"."""
    if not new or not all(w.isalpha() and w.islower() for w in new):
        return None
    plural = new[-1].endswith("s")
    for i in range(1, len(words)):
        if words[i - 1].lower() not in ("of", "many", "much", "for", "among"):
            continue
        word = words[i]
        if word.isalpha() and word.islower() and word.endswith("s") == plural:
            return i, i + 1
    return None


_JOINED = {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"}


def _time(words: list[str], new: list[str], analyzer: Analyzer) -> list[str] | None:
    """A year or a month for its own kind; a year counted from the antecedent's."""
    while len(new) > 2 and (new[0].lower() in _TIME_ADVERBS or new[0] == ","):
        new = new[1:]  # "back in 2019", « avant, en 2019 »: the year and its preposition
    text = join(new)
    years = [i for i, w in enumerate(words) if _YEAR.fullmatch(w)]
    step = _year_step(text)
    if step:
        if not years:
            return None
        i = years[0]
        return [*words[:i], str(int(words[i]) + step), *words[i + 1 :]]
    if _NOW.match(text):
        if not years:
            return [*words, *new]
        i = years[0]
        start = i - 1 if i and words[i - 1].lower() in PREPOSITIONS else i
        return [*words[:start], *new, *words[i + 1 :]]
    plain = [w for w in new if w.lower() not in PREPOSITIONS]
    # « d'ici 2027 », "by 2027": a year set in time by the words before it
    timed = bool(_YEAR.fullmatch(new[-1]) and _TIME_LEAD.fullmatch(join(new[:-1])))
    if timed or (len(plain) == 1 and _YEAR.fullmatch(plain[0])):
        if not years:
            return [*words, *new]  # « Et en 2023 ? » after a question with no year
        i = years[0]
        lead = _time_lead(words, i)
        if timed and lead is not None:
            # « Et d'ici 2027 ? » after « … en 2023 »: the fragment's preposition too
            return [*words[:lead], *new, *words[i + 1 :]]
        return [*words[:i], new[-1] if timed else plain[0], *words[i + 1 :]]
    if plain and all(_MONTH.fullmatch(w) or _YEAR.fullmatch(w) for w in plain):
        months = [i for i, w in enumerate(words) if _MONTH.fullmatch(w)]
        if months:
            i = months[0]
            end = i + 1 + (i + 1 < len(words) and _YEAR.fullmatch(words[i + 1]) is not None)
            return [*words[:i], *plain, *words[end:]]
        return [*words, *new]
    return None


def _year_step(text: str) -> int:
    """How many years a fragment counts from the antecedent's year: « l'année suivante » 1,
    "the year before" -1, « deux ans plus tard » 2, "three years earlier" -3; 0 for none."""
    if _NEXT_YEAR.match(text):
        return 1
    if _LAST_YEAR.match(text):
        return -1
    counted = _YEARS_LATER.match(text)
    if counted is None:
        return 0
    word = counted.group(1).lower()
    n = int(word) if word.isdigit() else _SMALL_NUMBERS.get(word, 0)
    return -n if _EARLIER.search(text[counted.end(1) :]) else n


# what sets a year in time: « en », « d'ici », « jusqu'en », « depuis », "by", "since"…
# adverbs before a year that say nothing the year's own preposition does not
_TIME_ADVERBS = frozenset("back already still even only avant déjà deja encore".split())
_TIME_LEAD = re.compile(
    r"(?:en|d['’]ici|jusqu['’]en|jusqu['’]à|avant|après|apres|depuis|dès|des|à partir de|"
    r"a partir de|pour|in|by|until|till|before|after|since|from|for)",
    re.IGNORECASE,
)


def _time_lead(words: Sequence[str], year: int) -> int | None:
    """Where the words setting the year at ``year`` start (« d'ici » in « d'ici 2027 »), or
    None when none stand before it."""
    for n in (3, 2, 1):
        if year - n >= 0 and _TIME_LEAD.fullmatch(join(words[year - n : year])):
            return year - n
    return None


_ACRONYM = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý0-9&]+(?:-[A-ZÀ-Ý0-9]+)*$")


def _acronym(words: list[str], new: list[str], analyzer: Analyzer) -> list[str] | None:
    """An acronym for the earlier question's only acronym (« et LITIS ? » after « GREYC, ça
    veut dire quoi ? »)."""
    if len(new) != 1 or not _ACRONYM.match(new[0]):
        return None
    at = [i for i, w in enumerate(words) if _ACRONYM.match(w)]
    if len(at) != 1:
        return None
    return [*words[: at[0]], new[0], *words[at[0] + 1 :]]


def _sibling(words: list[str], new: list[str], analyzer: Analyzer) -> list[str] | None:
    """A bare adjective or noun for its sibling in the earlier question, made of the same
    word, ending the same way, or a long word with the same prefix: « Et les indirects ? »
    after « combien d'emplois directs … », « Et les régionaux ? » after « … des centres
    nationaux », « Et côté télésurveillance ? » after « … de la téléconsultation … »."""
    bare = [w for w in new if w.lower() not in ARTICLES and w.lower() not in PREPOSITIONS]
    if len(bare) != 1 or len(new) > 2 or not bare[0][:1].islower():
        return None
    word = _singular(bare[0].lower())  # « Et en indirect ? » after « … emplois directs »
    for i, w in enumerate(words[1:], 1):
        low = _singular(w.lower())
        if low == word or len(low) < 5 or not w[:1].islower():
            continue
        ending = _common_ending(w.lower(), bare[0].lower())  # « nationaux », « régionaux »
        if word.endswith(low) or low.endswith(word) or ending >= 6 or _prefixed_alike(low, word):
            return [*words[:i], bare[0], *words[i + 1 :]]
    return None


def _prefixed_alike(a: str, b: str) -> bool:
    """Two long words made with the same prefix (« télé-consultation », « télé-surveillance »;
    « cyber- », « auto- »): four letters in common at the start, eight or more each."""
    return min(len(a), len(b)) >= 8 and a[:4] == b[:4]


def _singular(word: str) -> str:
    return word[:-1] if word.endswith(("s", "x")) and len(word) > 3 else word


def _common_ending(a: str, b: str) -> int:
    """How many letters ``a`` and ``b`` end with in common."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _is_name(word: str) -> bool:
    return word[:1].isupper() and word[1:2].isalpha()


def _place(words: list[str], new: list[str], analyzer: Analyzer) -> list[str] | None:
    """« à Rouen », « au Havre », « en Bretagne »: for the antecedent's place (a preposition
    and a name), else for the name of its « de … » complement, else added."""
    if len(new) >= 2 and new[0].lower() in ("la", "le", "l'", "l’") and _place_name(new[1:]):
        # « Qu'en est-il de la Bretagne ? »: the name of the place, its preposition kept
        for i in range(1, len(words)):
            if _is_name(words[i]) and words[i - 1].lower() in _PLACE_PREPOSITIONS:
                return [*words[:i], *new[1:], *words[_name_end(words, i) :]]
        return None
    if len(new) < 2 or new[0].lower() not in _PLACE_PREPOSITIONS:
        return None
    if not all(_is_name(w) or w.lower() in ARTICLES or w == "-" for w in new[1:]):
        return None
    for i in range(1, len(words)):
        if _is_name(words[i]) and words[i - 1].lower() in _PLACE_PREPOSITIONS:
            end = _name_end(words, i)
            return [*words[: i - 1], *new, *words[end:]]
    for i in range(1, len(words)):
        if _is_name(words[i]) and words[i - 1].lower() in ("de", "d'", "d’", "du", "of"):
            end = _name_end(words, i)
            name = new[1:] if new[0].lower() not in ("au", "aux") else ["le", *new[1:]]
            of = _contracted("du", name) if name[0].lower() in ("le", "les") else ["de", *name]
            return [*words[: i - 1], *of, *words[end:]]
    return [*words, *new]


def _place_name(words: Sequence[str]) -> bool:
    """Capitalised words, no acronym (« Bretagne », « Seine-Maritime »; not « CHU »)."""
    return all((_is_name(w) and not w.isupper()) or w == "-" for w in words)


def _name_end(words: Sequence[str], i: int) -> int:
    end = i + 1
    while end < len(words) and (_is_name(words[end]) or words[end] == "-"):
        end += 1
    return end


def _stand_in(words: list[str], new: list[str], analyzer: Analyzer) -> list[str] | None:
    """« celui de Rouen » after « … le diplôme de Caen … »: the complement of that phrase."""
    if not new or not _STAND_IN.match(join(new)):
        return None
    complement = new[1:]
    for i in range(1, len(words) - 1):
        if words[i].lower() in ("de", "d'", "d’", "du", "des") and words[i - 1][:1].isalpha():
            if words[i - 1].lower() in ARTICLES or words[i - 1].lower() in PREPOSITIONS:
                continue
            end = phrase_end(words, i + 1, loose=False)
            end = max(end, _name_end(words, i + 1) if _is_name(words[i + 1]) else end)
            return [*words[:i], *complement, *words[end:]]
    return None


def _counted(words: list[str], new: list[str], analyzer: Analyzer) -> list[str] | None:
    """« de places » after « combien de lits »: the counted noun and its adjectives."""
    if len(new) < 2 or new[0].lower() not in ("de", "d'", "d’") or new[1].lower() in ARTICLES:
        return None
    for i in range(len(words) - 2):
        if words[i].lower() == "combien" and words[i + 1].lower() in ("de", "d'", "d’"):
            end = phrase_end(words, i + 3, loose=False)
            return [*words[: i + 1], *new, *words[end:]]
    return None


def _contracted(replaced: str, new: list[str]) -> list[str]:
    """The fragment's tokens fitted to the place of the phrase it replaces."""
    if replaced not in _CONTRACTED:
        return new
    table = _CONTRACTED[replaced]
    out: list[str] = []
    for i, word in enumerate(new):
        low = word.lower().replace("’", "'")
        # the first article, and each after « et » / « ou »: « aux soignants et aux éditeurs »
        if low in table and (i == 0 or new[i - 1].lower() in ("et", "ou")):
            out += table[low]
        else:
            out.append(word)
    return out


def _same_preposition(left: str, right: str) -> bool:
    def plain(word: str) -> str:
        return {"d'": "de", "d’": "de"}.get(word.lower(), word.lower())

    return plain(left) in PREPOSITIONS and plain(left) == plain(right)


def _shared_phrase(
    fragment: str, words: Sequence[str], analyzer: Analyzer
) -> tuple[int, int] | None:
    """The noun phrase of the antecedent around the fragment's first word it shares (its
    determiner, the word, the adjectives after it), as a token range. When the word comes
    more than once, the phrase shaped like the fragment (its determiner, its length) wins:
    « Et pour l'IA forte ? » swaps « l'IA faible », not « d'IA distingués »."""
    new = tokens(fragment)
    # singular and plural alike (the stemmer keeps « infos » apart from « info »)
    wanted = set(analyzer.terms(fragment)) | {
        t for w in new for t in analyzer.terms(_singular(w.lower()))
    }
    found: list[tuple[int, int]] = []
    for i, token in enumerate(words):
        terms = analyzer.terms(token) + analyzer.terms(_singular(token.lower()))
        if not terms or not wanted.intersection(terms):
            continue
        start = i
        while start > 0 and words[start - 1].lower() in ARTICLES:
            start -= 1
        found.append((start, _adjectives_end(words, i + 1)))
    if not found:
        return None

    def unlike(span: tuple[int, int]) -> tuple[bool, bool]:
        start, end = span
        return words[start].lower() != new[0].lower(), end - start != len(new)

    return min(found, key=unlike)  # the first of the best shaped


def _adjectives_end(words: Sequence[str], i: int) -> int:
    """Where the adjectives after the head word ``words[i - 1]`` end: at a clause word, an
    article, a preposition, or a word that does not agree with a plural head (« des
    médecins *utilise* »)."""
    plural = words[i - 1].lower().endswith(("s", "x")) if i else False
    while i < len(words):
        low = words[i].lower()
        if not words[i][:1].isalpha() or low in BOUNDARY | ARTICLES.keys() | PREPOSITIONS:
            break
        if INVERTED.fullmatch(words[i]) or (plural and not low.endswith(("s", "x"))):
            break
        i += 1
    return i


def _same_number(
    words: Sequence[str], new: Sequence[str], *, heads_only: bool = False
) -> tuple[int, int] | None:
    """A phrase of the antecedent with the fragment's number (« les infirmiers » for « des
    médecins »): a complement or an object before the subject, the last one first.
    ``heads_only`` (a fragment with a complement of its own): no phrase that is itself a
    complement (« la messagerie de l'hôpital » is swapped whole, not « l'hôpital »)."""
    if not new or new[0].lower() not in ARTICLES:
        return None
    plural = ARTICLES[new[0].lower()][1]
    verb = inverted_verb(words)
    subject = subject_before(words, verb) if verb is not None else None
    if subject is None and words and words[0].lower() in ARTICLES:
        subject = (0, _adjectives_end(words, 1))  # « Les médecins peuvent-ils … »
    found: list[tuple[bool, int, int]] = []
    for i, w in enumerate(words):
        low = w.lower().replace("’", "'")
        if low not in ARTICLES or low in ("ce", "cet", "cette", "ces") or i + 1 >= len(words):
            continue
        if plural is not None and ARTICLES[low][1] is not None and ARTICLES[low][1] != plural:
            continue
        if heads_only and (low in _OF or (i and words[i - 1].lower() in _OF)):
            continue
        end = _adjectives_end(words, i + 1)
        if end == i + 1:
            continue
        is_subject = subject is not None and subject[0] <= i < subject[1]
        found.append((is_subject, i, end))
    if not found:
        return None
    # not the subject first, then the last: the new part of a question comes at its end
    _s, start, end = min(found, key=lambda f: (f[0], -f[1]))
    return start, end


_WHICH_SEVERAL = frozenset(("quels", "quelles"))
# prepositions that open a complement of the asked noun (« hôpitaux spécialisés EN oncologie »,
# « centres DE recherche »)
_NOUN_COMPLEMENT = frozenset(("en", "de", "d'", "d’", "du", "des", "pour", "sur"))


def _asked_phrase(words: Sequence[str], new: Sequence[str]) -> tuple[int, int] | None:
    """For a bare French plural noun phrase (« Et côté structures de recherche ? »: no
    article, a noun first), the noun phrase « quels / quelles » opens the antecedent with
    (« Quels HÔPITAUX SPÉCIALISÉS EN ONCOLOGIE la région met-elle en avant ? »): the thing
    asked changes, not its subject. The phrase: its noun and adjectives, and the complements
    they take."""
    if not new or not new[0][:1].islower() or new[0].lower() in ARTICLES.keys() | PREPOSITIONS:
        return None
    if len(words) < 3 or words[0].lower() not in _WHICH_SEVERAL or words[1].lower() in ARTICLES:
        return None
    if _singular(new[0].lower()) == new[0].lower():
        # « Et côté prévention ? » after « Quelles applications … »: a domain, not the thing
        # asked; « Et comme … », « Et celui … »: no noun
        return None
    end = phrase_end(words, 1, loose=False)
    while end + 1 < len(words) and words[end].lower() in _NOUN_COMPLEMENT:
        after = end + 1 + (words[end + 1].lower() in ARTICLES)
        if after >= len(words) or not words[after][:1].isalpha() or _verb_a(words, after):
            break
        end = phrase_end(words, after, loose=False)
    return (1, end) if end > 1 else None


def _last_complement(words: Sequence[str]) -> tuple[int, int] | None:
    """From the antecedent's last article (with the preposition before it) to the end of
    its phrase."""
    end = len(words)
    if end > 2 and _YEAR.fullmatch(words[-1]) and words[-2].lower() in PREPOSITIONS:
        end -= 2  # a closing « en 2022 » says when, it is not the complement
    for i in range(end - 1, 0, -1):
        if words[i].lower() in ARTICLES:
            start = i - 1 if words[i - 1].lower() in PREPOSITIONS else i
            return start, min(end, phrase_end(words, i + 1))
    return None
