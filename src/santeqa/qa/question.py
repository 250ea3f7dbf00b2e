"""What a question asks for, read from general French and English grammar.

Nothing here knows the report: the cues are interrogative words and the nouns that follow
them. Examples (none of them is an evaluation question):

- « Combien de lits compte l'hôpital ? », « how many beds » → ``quantity``, counted noun « lits »
- « Quel est le coût du projet ? », « how much money » → ``money``
- « Quelle part des élèves… », « quel pourcentage », « what share » → ``share``
- « Quand le musée a-t-il ouvert ? », « en quelle année », « by when » → ``date``
- « Pendant combien de temps… », « quelle durée », « how long » → ``duration``
- « Qui dirige le club ? », « who chairs » → ``person``
- « Quelle entreprise fabrique… », « quel organisme » → ``organisation``
- « Où se trouve la gare ? », « dans quelle ville », « where » → ``place``
- « Que veut dire OTAN ? », « what does NATO stand for » → ``meaning``
- « Qu'est-ce qu'un tramway ? », « à quoi sert… », « what is » → ``definition``
- « Quels fruits… », « lesquels », « which tools » → ``list`` (a plural noun is asked for)
- « D'où vient ce chiffre ? », « quelle source », « where does … come from » → ``source``

- keywords only, no question word: « part eleves cantine », « taux ponctualite » → ``share``;
  other keyword questions are read by ``qa.keywords`` (« horaires piscine dimanche » → a list)

Hurried typing is folded first: accents optional, « c koi » / « cest quoi » read as « c'est
quoi », « cb » / « nb » as « combien » / « nombre », « quest ce » as « qu'est-ce », « d ou »
as « d'ou »; then (``Vocabulary.correct``, before the kind is read) words the document never
uses are matched to its own vocabulary with typo tolerance, elisions and inversions typed
without apostrophe or hyphens are cut (« lexpo », « peutil »), and acronyms typed in lower
case get their capitals back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from santeqa.qa.keywords import has_question_word, read_keywords
from santeqa.text import fold

ANSWER_KINDS = (
    "quantity",
    "share",
    "money",
    "date",
    "duration",
    "person",
    "organisation",
    "place",
    "meaning",
    "definition",
    "list",
)

_ENGLISH = frozenset(
    (
        "the what which who whom whose when where why how does did do is are was were of to in "
        "for by on with from among many much rate share people their than should would could "
        "can will has have been being it its into about"
    ).split()
)
_FRENCH = frozenset(
    (
        "le la les des du de un une est sont quel quelle quels quelles qui que quoi comment "
        "combien pourquoi dans pour par sur avec au aux ce cette ou et en"
    ).split()
)

# hurried spellings of interrogatives, read as the words they stand for
_SHORTHAND = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\bc\s+(koi|kwa|quoi)\b", "c'est quoi"),
        # « quest ce que », « qu est-ce », « keske »: the apostrophe and hyphen left out
        (r"\b(?:qu\s?est[\s-]?ce|keske|kesk)\b", "qu'est-ce"),
        (r"\bcest\b", "c'est"),
        # an elision or an inversion typed with a space: « l ecole », « d ou », « a t il »
        (r"(?-i:\b(\w+) t (il|elle|ils|elles|on)\b)", r"\1-t-\2"),
        (r"(?-i:\b(qu|[cdjlmnst]) (?=[aeiouyhéèêàâîôû]))", r"\1'"),
        (r"\b(?:koi|kwa)\b", "quoi"),
        (r"\bkel(le)?(s)?\b", r"quel\1\2"),
        (r"\bcombien\s+d\s+", "combien d'"),
        (r"\bvis[\s-]?[aà][\s-]?vis\b", "vis-à-vis"),
        (r"\baujourd[\s'’]?hui\b", "aujourd'hui"),
        # a range of years typed without its dash: « 20192024 » → « 2019-2024 »
        (r"\b((?:19|20)\d\d)((?:19|20)\d\d)\b", r"\1-\2"),
        (r"\bnbr?e?\b", "nombre"),
        (r"\b(?-i:cbn?)\b", "combien"),  # lower-case only: « CB » is a bank card
        (r"\bqd\b", "quand"),
        (r"\b(?:pq|pk|pkoi|pourkoi)\b", "pourquoi"),
        # chat shortcuts, lower case only (« DS », « PR », « TS » are names or acronyms):
        # « c ki » c'est qui, « ke » que, « ki » qui, « cmt » comment, « ds » dans, « pr »
        # pour, « bcp » beaucoup, « tt » / « ts » tout / tous, « ya » il y a, « tps » temps,
        # « qqn » / « qqch » quelqu'un / quelque chose; « svp », « stp » dropped
        (r"(?-i:\bc\s+(?=ki\b|qui\b|quand\b))", "c'est "),
        (r"(?-i:\bke\b)", "que"),
        (r"(?-i:\bki\b)", "qui"),
        (r"(?-i:\bcm(?:n)?t\b)", "comment"),
        (r"(?-i:\bds\b)", "dans"),
        (r"(?-i:\bpr\b)", "pour"),
        (r"(?-i:\bbcp\b)", "beaucoup"),
        (r"(?-i:\btt\b)", "tout"),
        (r"(?-i:\bts\b)", "tous"),
        (r"(?-i:\bya\b)", "il y a"),
        (r"(?-i:\btps\b)", "temps"),
        (r"(?-i:\bqqn\b)", "quelqu'un"),
        (r"(?-i:\bqqch\b)", "quelque chose"),
        (r"(?-i:\s*\b(?:svp|stp)\b)", ""),
    )
)

_W = r"[a-z0-9'’-]+"
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("duration", r"\b(combien de temps|pendant combien|quelle duree|how long)\b"),
        (
            "money",
            r"\b(combien (coute|coutent|d'euros|d’euros)|quel(le)?s? (montant|budget|cout|prix|"
            r"somme|financement|chiffre d'affaires|enveloppe)|montant|budget|cout|prix|"
            r"how much (money|does|did|do|is|was)|what (budget|amount|sum|price|cost)|"
            r"(budget|cost|price|funding|revenue)s?\b)",
        ),
        (
            "share",
            r"\b(quel(le)?s? (part|proportion|pourcentage|taux)|what (share|percentage|"
            r"proportion|rate|fraction)|how much of|pourcentage|proportion)\b|"
            # keywords only: « part eleves cantine bio », « taux reussite bac 2022 »
            r"^(part|taux)\b",
        ),
        ("quantity", r"\b(combien|quel(le)?s? (nombre|volume|chiffre)|nombre|how many)\b"),
        (
            "date",
            r"(^(depuis )?quand\b|\bc'est quand\b|\b(depuis|jusqu'a|a partir de|d'ici) quand\b|"
            r"\b(en|depuis|a partir de) quelle (annee|date|periode)|\ba quelle date|"
            r"\bquelle (annee|date)\b|\bwhen\b|\b(what|which) (year|date|month)\b|^quand\b)",
        ),
        (
            "person",
            r"(^qui\b|\bc'est qui\b|\bqui (dirige|preside|anime|pilote|coordonne|est (le|la) "
            r"(directeur|directrice|president|presidente|responsable))|^who\b|\bwho "
            r"(leads|heads|runs|chairs|directs|is the))",
        ),
        (
            "organisation",
            r"\b(quel(le)?s? (institution|organisme|organisation|entreprise|societe|agence|"
            r"structure|etablissement|laboratoire|association|acteur|partenaire|instance|"
            r"startup|start-up|universite|operateur|organe)s?|"
            r"(which|what) (institution|organisation|organization|company|agency|body|firm|"
            r"university|partner)s?)\b",
        ),
        (
            "place",
            r"(^ou\b(?! (vien|provien))|\bou (se trouve|est situe|sont)|"
            r"\b(dans|en) quel(le)?s? (ville|region|pays|"
            r"departement|lieu|endroit)|\bquel(le)?s? (ville|region|pays)\b|^where\b|"
            r"\b(which|what) (country|city|region|town)\b)",
        ),
        (
            "meaning",
            r"\b(veut dire|voulait dire|signifi\w*|signification|forme (developpee|longue)|"
            r"acronyme|sigle|abreviation|stands? for|acronym|abbreviation)\b",
        ),
        (
            "definition",
            r"(qu'est-ce qu|qu'est ce qu|c'est quoi|en quoi consiste|a quoi (sert|servent|"
            r"servirai\w*|correspond)|sert a quoi|que (designe|recouvre|signifie)|"
            r"qu'entend-on|comment (le rapport )?(definit|caracterise|decrit)|\bdefini\w*|"
            r"\bwhat is (a|an|the)\b|\bwhat (are|kind of)\b|\bdefine\w*|\bdescribe\w*)",
        ),
        (
            "list",
            r"\b(quels|quelles|lesquels|lesquelles|quels sont|quelles sont|"
            r"(which|what) \w+s\b|name the|list the)",
        ),
    )
)
_SOURCE = re.compile(
    r"\b(sources?|(d'|^)ou (vien|provien)\w*|provien\w*|cite\w*|citation\w*|reference\w*|"
    r"realise\w* par|publie\w* par|mene\w* par|selon quel\w*|sur quel(le)? (site|document|"
    r"page|etude|enquete|rapport|ressource|inventaire)|where does|come from|cited?|"
    r"conducted by|published by|which (site|document|page|study|survey|report))\b"
)
# the noun a « quel(le)(s) … » / "which …" question asks for, past « sont les », « est le »
_TARGET = re.compile(
    rf"\b(?:quel(?:le)?s?|which|what)\s+(?:(?:sont|est|etaient|etait|are|is|were|was)\s+"
    rf"(?:les|le|la|l'|l’|ses|son|sa|leurs?|the|its|their)\s*)?({_W})"
)
_NOT_TARGETS = frozenset(
    (
        "de d' du des est sont a ont the a an is are was were do does did it they can could "
        "would should will may might must has have had"
    ).split()
)
# the noun a count or amount is about: « combien de LITS », « nombre d'ÉLÈVES », « how many BEDS »
_COUNTED = re.compile(
    rf"\b(?:combien (?:de|d'|d’)\s*|nombre (?:de |d'|d’)?\s*|how many |how much )({_W})"
)


@dataclass(frozen=True)
class Asked:
    """What a question asks for."""

    kind: str | None  # one of ANSWER_KINDS, or None when nothing precise is asked
    source: bool  # asks where something comes from: a note answers
    english: bool
    counted: str | None  # the noun a quantity is about (folded), when there is one
    parts: int = 1  # questions asked in one (« Quand … et combien … ? » asks two)
    # the noun a « quel … » question asks for (folded): « quels LÉGUMES », « quels sont les
    # HORAIRES », « which TOOLS »
    target: str | None = None
    keywords: bool = False  # French typed as keywords: no question word (« nb lits 2023 »)


def expand_shorthand(question: str) -> str:
    """The question with hurried spellings written out (« nb » → « nombre », « c koi » →
    « c'est quoi »); everything else as typed."""
    text = question
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    return text


def normalise_typing(question: str) -> str:
    """Fold accents and case and read common hurried spellings (« c koi », « cest »)."""
    # shorthand first: some of it is lower-case only (« cb » is combien, « CB » a bank card)
    return fold(expand_shorthand(re.sub(r"\s+", " ", question.replace("’", "'")).strip()))


@lru_cache(maxsize=256)  # a question is read three times (what is asked, analysis, typing)
def looks_english(question: str) -> bool:
    words = re.findall(r"[a-z']+", fold(question))
    en = sum(w in _ENGLISH for w in words)
    fr = sum(w in _FRENCH for w in words)
    return en >= 2 and en > fr


# a second question joined to the first: « …, et combien … ? », « … and who … ? », or a
# second question mark after a first one
_SECOND_PART = re.compile(
    r"(?:,?\s+(?:et|puis|and)\s+(?=(?:qu|comment|combien|pourquoi|où|ou|quand|quel|lequel|"
    r"laquelle|lesquel|what|how|which|who|when|where|why)\w*\b)|\?\s*(?=\S))",
    re.IGNORECASE,
)


def asked(question: str) -> Asked:
    """Read what kind of answer a question expects (see the module's examples)."""
    text = normalise_typing(question)
    kind = next((k for k, pattern in _CUES if pattern.search(text)), None)
    counted = _COUNTED.search(text)
    noun = counted.group(1).strip("'’") if counted else None
    if noun in ("de", "d", "temps"):
        noun = None
    english = looks_english(question)
    source = bool(_SOURCE.search(text))
    target = _target(text)
    # no cue and no question word: the keywords' vocabulary and shape (qa.keywords)
    keyed = None if kind is not None or english else read_keywords(text, question)
    if keyed is not None:
        kind, source = keyed.kind, source or keyed.source
        noun, target = noun or keyed.counted, target or keyed.target
    return Asked(
        kind=kind,
        source=source,
        english=english,
        counted=noun,
        parts=1 + min(len(_SECOND_PART.findall(text.strip())), 2),
        target=target,
        keywords=not english and not has_question_word(text),
    )


def _target(text: str) -> str | None:
    found = _TARGET.search(text)
    word = found.group(1).strip("'’") if found else None
    return word if word and word not in _NOT_TARGETS and len(word) > 2 else None


class Vocabulary:
    """The document's own words, to read hurried typing against.

    A question word typed without its accents gets the document's spelling back (« sante »
    → « santé »); a word the document never uses is replaced by the closest word it does use,
    when one is within a small edit distance (one edit for words under eight letters, two
    above; a swap of two neighbouring letters is one edit); of equally close words, the one
    that needs fewest insertions and deletions, then the document's commonest; failing
    those, a word of the ``dictionary`` one edit away. Words under five letters are only
    corrected for a letter left out (« snte » → « santé »), numbers never; words of the
    ``dictionary`` (a French word list, accents optional) are kept: a real word is what was
    meant.

    Before that, an unknown word is read as two when it is an elision whose apostrophe was
    left out (« lexpertise » → « l'expertise », « quen » → « qu'en »), an inversion whose
    hyphens were (« peutil » → « peut-il »), or two known words run together; and a word the
    document only writes in capitals gets them back (« ocde » → « OCDE »), so that acronyms
    typed in lower case still bring their glossary expansion and count as names.
    """

    def __init__(
        self,
        words: Iterable[str],
        dictionary: frozenset[str] = frozenset(),
        prose: Iterable[str] | None = None,
        named: Iterable[str] = (),
        compounds: Iterable[str] = (),
    ) -> None:
        """``prose``: the words written outside web addresses and file names (all ``words``
        when None); ``named``: the words written with a capital inside a sentence (« des
        Français »); ``compounds``: words joined by hyphens or an inner apostrophe (« vis-à-vis
        »); see ``written_words``."""
        words = list(words)
        self._words_as_written = dictionary
        self._dictionary = _dictionary_index(dictionary)
        counts: dict[str, dict[str, int]] = {}
        for w in words:
            if len(w) >= 2 and w.isalpha():
                spellings = counts.setdefault(fold(w), {})
                spellings[w] = spellings.get(w, 0) + 1
        # words the document itself writes so (« formes »): kept as typed, accents or not;
        # not those of « sante.gouv.fr », where the document's « santé » loses its accent
        typed: dict[str, int] = {}
        for w in words if prose is None else prose:
            typed[w.lower()] = typed.get(w.lower(), 0) + 1
        self._typed = typed
        self._compounds = _compound_pattern(compounds)
        self._spelling = {
            f: max(s.items(), key=lambda kv: (kv[1], kv[0]))[0] for f, s in counts.items()
        }
        self._count = {f: sum(s.values()) for f, s in counts.items()}
        # words the document writes in capitals (acronyms, names), by their folded form
        self._capitals = {
            f: spelling
            for f, spelling in self._spelling.items()
            # mostly: a web address may write it in lower case (« snds.gouv.fr »)
            if spelling != spelling.lower() and (f not in self._dictionary or spelling.isupper())
        }
        self._words = sorted(f for f in self._spelling if len(f) >= 3)
        # words of the dictionary the document writes with a capital inside its sentences
        # more often than in lower case (« les Français », « la Région »): a question typed
        # without any capital gets the capital back, so the word still counts as a name
        inside: dict[str, int] = {}
        for w in named:
            inside[fold(w)] = inside.get(fold(w), 0) + 1
        self._names = {
            f: max(capitalised, key=lambda s: (counts[f][s], s))
            for f, n in inside.items()
            if f not in self._capitals
            and (capitalised := [s for s in counts.get(f, {}) if s[0].isupper()])
            and n > sum(k for s, k in counts[f].items() if s == s.lower())
        }

    def __contains__(self, word: str) -> bool:
        return fold(word) in self._spelling

    def known(self, word: str) -> bool:
        """In the document or the dictionary (accents optional)."""
        folded = fold(word)
        return folded in self._spelling or folded in self._dictionary

    def closest(self, word: str) -> str | None:
        """The document's spelling of ``word``, or of the nearest word it uses; None if none."""
        found = self.nearest(word)
        return None if found is None else found[0]

    def nearest(self, word: str) -> tuple[str, int] | None:
        """``closest`` with its edit distance; failing a word of the document, a word of the
        dictionary one edit away (of the same first letter)."""
        folded = fold(word)
        if folded in self._spelling:
            return self._spelling[folded], 0
        if len(folded) == 4 and folded.isalpha():
            # a four-letter word is corrected only for a letter left out (« snte » → santé)
            found = process.extract(
                folded, self._words, scorer=Indel.distance, score_cutoff=1, limit=None
            )
            longer = [f for f in found if len(f[0]) == 5]
            if not longer:
                return None
            best = max(longer, key=lambda f: (self._count[f[0]], f[0]))
            return self._spelling[str(best[0])], 1
        if len(folded) < 5 or not folded.isalpha():
            return None
        limit = 1 if len(folded) < 8 else 2
        found = process.extract(
            folded, self._words, scorer=OSA.distance, score_cutoff=limit, limit=None
        )
        if found:
            best = min(
                found,
                key=lambda f: (f[1], Indel.distance(folded, f[0]), -self._count[f[0]], f[0]),
            )
            return self._spelling[str(best[0])], int(best[1])
        shaped = [
            w
            for n in (len(folded) - 1, len(folded), len(folded) + 1)
            for w in self._dictionary.shaped(folded[0], n)
        ]
        found = process.extract(folded, shaped, scorer=OSA.distance, score_cutoff=1, limit=None)
        if not found:
            return None
        best = min(found, key=lambda f: (f[1], Indel.distance(folded, f[0]), f[0]))
        return str(best[0]), int(best[1])

    def split(self, word: str) -> str | None:
        """An unknown word read as an elision or an inversion typed without its apostrophe or
        hyphens (see the class), or None."""
        pronoun = _PRONOUN.search(word)
        stem = word[: pronoun.start()] if pronoun else ""
        if pronoun and len(stem) > 2 and stem[-1] in "td" and self.known(stem):
            # « peutil », « prendil »; before an elision: « sontils » is not « s'ont-ils »
            return f"{stem}-{pronoun.group()}"
        elided = _ELIDED.match(word)
        if elided and self.known(elided.group(2)):
            return f"{elided.group(1)}'{elided.group(2)}"
        if elided and (inverted := self.split(elided.group(2))) and "'" not in inverted:
            return f"{elided.group(1)}'{inverted}"  # « quontils » → « qu'ont-ils »
        if pronoun is None:
            return None
        if stem in ("at", "vat") or (
            len(stem) > 3 and stem.endswith("t") and stem[-2] in "ae" and self.known(stem[:-1])
        ):
            return f"{stem[:-1]}-t-{pronoun.group()}"  # « existetil », « vatil »
        return None

    def halves(self, word: str) -> str | None:
        """Two words run together (« soinsdentaires »), read as two; None when no cut gives
        two known words (a part under four letters must be a word of the document)."""

        def word_of(part: str) -> bool:
            return part in self._spelling or (len(part) > 3 and part in self._dictionary)

        cuts = [
            (min(i, len(word) - i), word[:i], word[i:])
            for i in range(3, len(word) - 2)
            if word_of(word[:i]) and word_of(word[i:])
        ]
        return None if not cuts else " ".join(max(cuts)[1:])

    def _as_typed(self, lower: str) -> bool:
        """A word the document writes so, and not rarely beside its commonest spelling (« ethique
        » of a title in capitals is not the document's « éthique »)."""
        n = self._typed.get(lower, 0)
        return n > 0 and 4 * n >= self._count.get(lower, 0)

    def _inversion(self, m: re.Match[str]) -> str | None:
        """« compte telle », « devrat elle », « pourrait elle »: an inversion whose hyphens were
        typed as a space or left out, written out (« compte-t-elle », « devra-t-elle »,
        « pourrait-elle »); None when the words read as they are (« une telle », « dont il »)."""
        verb, t, pronoun = m.group(1), m.group(2), m.group(3)
        lower = verb.lower()
        if lower in _NOT_VERBS or lower.endswith("ment"):
            return None
        if t and lower[-1] in "ae" and self.known(verb):  # « compte telle »
            return f"{verb}-t-{pronoun}"
        if not t and lower[-1] == "t" and lower[-2] in "ae" and not self.known(verb):
            return f"{verb[:-1]}-t-{pronoun}" if self.known(verb[:-1]) else None
        if not t and lower[-1] in "td" and self.known(verb):  # « pourrait elle »
            return f"{verb}-{pronoun}"
        return None

    def join_compounds(self, question: str) -> str:
        """The document's compounds typed with spaces or run together, written as the document
        does: « rendez vous » → « rendez-vous », « esante » → « e-santé », « pose t il » →
        « pose-t-il »; a word run together that is a word itself is left (« bienfait »)."""
        question = _INVERSION.sub(lambda m: self._inversion(m) or m.group(), question)
        if self._compounds is None:
            return question
        folded = fold(question)
        if len(folded) != len(question):
            return question
        out, last = [], 0
        for m in self._compounds[0].finditer(folded):
            parts = re.split(r"[\s'-]+", m.group())
            if len(parts) == 1 and (self._as_typed(m.group()) or m.group() in self._dictionary):
                continue
            out += [question[last : m.start()], self._compounds[1][m.group().translate(_PLAIN)]]
            last = m.end()
        return "".join(out) + question[last:]

    def correct(self, question: str) -> str:
        """The question with unaccented or misspelt words in the document's spelling.

        Words typed with capitals or accents and words the document itself writes that way are
        kept as typed; so are words of the dictionary the document does not use. A name the
        document writes with one capital (« Rouen ») gets it back only in a question typed
        without any capital: elsewhere the lower case was meant.
        """
        hurried = question == question.lower()
        question = self.join_compounds(question)

        def fix(m: re.Match[str]) -> str:
            word = m.group()
            lower = word.lower()
            if word != fold(word):
                return word
            capitals = self._capitals.get(lower)
            if capitals and (hurried or _acronym(capitals, lower in self._dictionary)):
                return capitals
            if hurried and lower in self._names:
                return self._names[lower]  # « francais » → « Français »: a name as typed
            elided = _ELIDED.match(lower)
            if elided and elided.group(2) in self._capitals and lower not in self._typed:
                # « lia »: l'IA of the document, not the rare verb of the dictionary
                return f"{elided.group(1)}'{self._capitals[elided.group(2)]}"
            if self._as_typed(lower) or lower in self._words_as_written:
                return word  # « formes », « porte »: real words as typed, accents or not
            if lower in self._spelling:
                return self._spelling[lower].lower()  # accents given back
            if lower in self._dictionary:
                # « annee » → « année »: the dictionary's one accented spelling, as the
                # question encoder reads accented French best; ambiguous ones as typed
                return self._dictionary.accented(lower) or word
            two = self.split(lower) if len(lower) > 2 else None
            # a document word one edit away beats a cut (« incubaton »: a typo, not
            # « incubat-on »); a cut beats a word two edits away (« peutelle » is not
            # « patelle ») or a dictionary word (« fautil » is not « faufil »)
            near = self.nearest(word) if two is None or not elided else None
            if near is not None and (two is None or (near[1] < 2 and fold(near[0]) in self)):
                return near[0].lower()
            if two is None and len(lower) > 5:
                two = self.halves(lower)
            return word if two is None else re.sub(r"[^\W\d_]+", fix, two)

        fixed = re.sub(r"[^\W\d_]+", fix, question)
        # again: an inversion whose verb was only now cut from its elision (« sappuie telle »)
        return _INVERSION.sub(lambda m: self._inversion(m) or m.group(), fixed)


# a web address or a file name, whose words are written without accents (« sante.gouv.fr »,
# « synthese-numerique.pdf »)
_ADDRESS = re.compile(r"\S*(?:https?://|www\.)\S*|\S+\.(?:fr|com|org|net|eu|int|pdf|html?)\b\S*")
# a word written with a capital after a lower-case word or a comma: inside a sentence
_NAMED = re.compile(r"(?<=[a-zà-ÿ,] )[A-ZÀ-Ý][a-zà-ÿ]+\b")


# a compound the document writes with hyphens or an inner apostrophe (« vis-à-vis »,
# « rendez-vous », « aujourd'hui », « peut-on »), a leading elision left out (« l'e-santé »)
_COMPOUND = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)+")
_LEADING_ELISION = re.compile(r"^(?:qu|jusqu|lorsqu|puisqu|[cdjlmnst])['’]", re.IGNORECASE)


class WrittenWords(NamedTuple):
    """What ``Vocabulary`` reads of the document besides its words (``written_words``)."""

    prose: list[str]  # the words outside web addresses and file names
    named: list[str]  # the words written with a capital inside a sentence
    compounds: list[str]  # words joined by hyphens or an inner apostrophe


def written_words(texts: Iterable[str]) -> WrittenWords:
    """For ``Vocabulary``: the words of ``texts`` outside web addresses and file names, those
    written with a capital inside a sentence (« … selon les Français, … » → Français), and
    the compounds (« un rendez-vous », « l'e-santé » → rendez-vous, e-santé)."""
    out = WrittenWords([], [], [])
    for text in texts:
        plain = _ADDRESS.sub(" ", text)
        out.prose.extend(re.findall(r"[^\W\d_]+", plain))
        out.named.extend(_NAMED.findall(plain))
        for found in _COMPOUND.findall(plain):
            rest = _LEADING_ELISION.sub("", found)
            if re.search(r"[-'’]", rest):
                out.compounds.append(rest.replace("’", "'"))
    return out


class FoldedDictionary:
    """The dictionary folded (accents optional), its words grouped by first letter and length:
    a typo of a word the document does not use is corrected among a few thousand of these,
    not the whole list. Each group is one string (« \nabaca\nabats\n… »): 4 MB for 350 000
    words where a set and lists of them took 39 MB of the server's memory budget."""

    def __init__(self, words: Iterable[str]) -> None:
        groups: dict[tuple[str, int], list[str]] = {}
        written: dict[str, list[str]] = {}
        for w in sorted(w for w in words if w):
            written.setdefault(fold(w), []).append(w)
        for f in written:
            groups.setdefault((f[0], len(f)), []).append(f)
        self._groups = {shape: "\n" + "\n".join(ws) + "\n" for shape, ws in groups.items()}
        # « annee=année »: a folded word that is no word as typed and has one spelling with
        # accents (« eleve » has two, « élève » and « élevé »: none), by first letter
        accented: dict[str, list[str]] = {}
        for f, spellings in written.items():
            if len(spellings) == 1 and spellings[0] != f:
                accented.setdefault(f[0], []).append(f"{f}={spellings[0]}")
        self._accented = {c: "\n" + "\n".join(ws) + "\n" for c, ws in accented.items()}

    def __contains__(self, folded: str) -> bool:
        group = self._groups.get((folded[0], len(folded))) if folded else None
        return group is not None and f"\n{folded}\n" in group

    def accented(self, folded: str) -> str | None:
        """The dictionary's one spelling of ``folded`` when it has accents (« annee » →
        « année »); None when the word is written as folded, has two spellings or none."""
        group = self._accented.get(folded[:1], "")
        at = group.find(f"\n{folded}=")
        if at < 0:
            return None
        start = at + len(folded) + 2
        return group[start : group.index("\n", start)]

    def shaped(self, first: str, length: int) -> list[str]:
        """The words of letters only that start with ``first`` and have ``length`` letters."""
        group = self._groups.get((first, length), "")
        return [w for w in group.split("\n") if w and w.isalpha()]


@lru_cache(maxsize=2)
def _dictionary_index(dictionary: frozenset[str]) -> FoldedDictionary:
    """Built once per word list (a few seconds of work for 350 000 words)."""
    return FoldedDictionary(dictionary)


def _acronym(spelling: str, a_word: bool) -> bool:
    """Written with two capitals or more (« OCDE », « TeSaN »), and not a word of the
    dictionary but for short ones (« ami » is a word, « AMI » an acronym too)."""
    return sum(c.isupper() for c in spelling) > 1 and (len(spelling) < 5 or not a_word)


_PLAIN = str.maketrans("", "", " '-")
# a word and the pronoun of an inversion typed with a space (see ``Vocabulary._inversion``)
_INVERSION = re.compile(r"(?-i:\b([a-zàâçéèêëîïôûù]{3,}) (t)?(il|elle|ils|elles|on)\b)")
# words ending like a verb before a subject pronoun that are no verb: « une telle », « dont
# il », « comment elle », « quand on », « avant elle »
_NOT_VERBS = frozenset(
    (
        "une cette quelle telle toute autre notre votre entre contre comme elle celle laquelle "
        "dont quand grand tant avant pendant souvent point tout fait net but mot debut rapport "
        "projet objet sujet effet budget"
    ).split()
)


def _compound_pattern(compounds: Iterable[str]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One pattern finding the compounds typed folded, with spaces, hyphens or apostrophes
    or nothing between their parts, and each compound by its letters (the commonest
    spelling)."""
    counts: dict[str, dict[str, int]] = {}
    for c in compounds:
        parts = re.split(r"[-']", fold(c))
        if len(parts) < 2 or not all(p.isalpha() for p in parts):
            continue
        key = "".join(parts)
        counts.setdefault(key, {})[c] = counts.setdefault(key, {}).get(c, 0) + 1
    if not counts:
        return None
    spelling = {k: max(s.items(), key=lambda kv: (kv[1], kv[0]))[0] for k, s in counts.items()}
    alternatives = sorted(
        {r"[\s'-]*".join(re.split(r"[-']", fold(s))) for s in spelling.values()},
        key=lambda a: -len(a),
    )
    pattern = re.compile(r"(?<![\w'-])(?:" + "|".join(alternatives) + r")(?![\w'-])")
    return pattern, spelling


# an elision typed without its apostrophe: « lexpertise », « dapres », « quen », « jusqua »
_ELIDED = re.compile(r"^(qu|jusqu|lorsqu|puisqu|[cdjlmnst])([aeiouyh][a-z]+)$")
# the pronoun of an inversion typed without its hyphens: « peutil », « existetelle »
_PRONOUN = re.compile(r"(?:ils|il|elles|elle|on)$")


# Words that frame a question rather than name its topic: how the asker refers to the text
# and to the kind of answer wanted (« Quel nom désigne l'acronyme TGV ? », « Que dit le
# texte, précisément, du tarif ? », « what does the document mention about the fares,
# exactly? »). A passage does not use them for the fact asked, so counting them as salient
# would make every sentence look as if it missed part of the question (and a question look
# out of scope). Retrieval still sees them.
_FRAMING = frozenset(
    (
        "sigle acronyme abreviation recouvre recouvrent designe designent consiste consistent "
        "caracterise caracterisent concretement exactement precisement precise precision "
        "mentionne mentionnee evoque evoquee indique indiquee cite citee document texte "
        "rapport auteur auteurs lu explique expliquee entend entendre entendu "
        "stand stands acronym abbreviation mean means meaning exactly text report document "
        "say says said mention mentions mentioned according"
    ).split()
)


def salient(
    terms: Sequence[str],
    idf: dict[str, float],
    rarest: float,
    framing: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """Each distinct question term with its weight (IDF; unseen terms weigh as the rarest),
    leaving out the ``framing`` terms (stems of ``_FRAMING``, see ``framing_terms``)."""
    return {t: idf.get(t, rarest) for t in dict.fromkeys(terms) if t not in framing}


def framing_terms(analyse: Callable[[str], Sequence[str]]) -> frozenset[str]:
    """The analysed (stemmed) forms of the framing words, for ``salient``."""
    return frozenset(t for w in _FRAMING for t in analyse(w))
