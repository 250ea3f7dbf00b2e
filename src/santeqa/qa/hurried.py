"""Hurried typing read back: shorthand written out, and words read against the document's own
vocabulary (``Vocabulary.correct``), before ``qa.question`` reads what is asked.

- chat and SMS shortcuts (``expand_shorthand``; examples of their own, no evaluation
  question): « c koi » / « c kwa » → « c'est quoi », « c ki » → « c'est qui », « kels » →
  « quels », « pk » / « pq » / « pourkoi » → « pourquoi », « qd » → « quand », « cb » (lower
  case only: « CB » is a card) / « nb » / « nbre » → « combien » / « nombre », « ds » →
  « dans », « pr » → « pour », « bcp » → « beaucoup », « tt » / « ts » → « tout » / « tous »,
  « ya » → « il y a », « ke » / « ki » → « que » / « qui », « cmt » → « comment », « tps » →
  « temps », « qqn » / « qqch » → « quelqu'un » / « quelque chose »; « svp », « stp » dropped;
  clipped nouns: « pros » → « professionnels », « appli » → « application », « infos » →
  « informations », « pb » → « problème », « rdv » → « rendez-vous », « gouv » →
  « gouvernement », « asso » → « association », « étab » → « établissement »;
  the two-letter ones in lower case only (« PR », « DS », « TT » are names or acronyms);
- apostrophes and hyphens typed as spaces: « d ou », « a t il », « vis a vis », « aujourd
  hui »; a range of years run together (« 20192024 » → « 2019-2024 »);
- against the document (``Vocabulary``): accents given back, typos matched to its words,
  elisions and inversions cut or joined, its compounds and capitals restored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from santeqa.text import fold

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
        # clipped nouns, lower case only (« PRO », « INFO » may be names): « les pros » les
        # professionnels, « appli » application, « infos » informations, « pb » problème,
        # « rdv » rendez-vous, « gouv » / « gvt » gouvernement, « asso » association,
        # « étab » établissement, « doc » document (not « d'oc »: an elision typed without
        # its apostrophe)
        (r"(?-i:\bpro(s?)\b(?![-'’]))", r"professionnel\1"),
        (r"(?-i:\bappli(s?)\b)", r"application\1"),
        (r"(?-i:\binfo(s?)\b(?![-'’]))", r"information\1"),
        (r"(?-i:\bpb(s?)\b)", r"problème\1"),
        (r"(?-i:\brdv\b)", "rendez-vous"),
        (r"(?-i:\b(?:gouv|gvt)\b(?![-'’.]))", "gouvernement"),
        (r"(?-i:\basso(s?)\b)", r"association\1"),
        (r"(?-i:\b[eé]tab(s?)\b)", r"établissement\1"),
        (r"(?-i:\bdoc(s?)\b(?![-'’.]))", r"document\1"),
        # « la Sécu »: the health insurance, which the texts name « l'Assurance maladie »
        (r"\bla\s+s[ée]cu\b(?![-'’.])", "l'Assurance maladie"),
        (r"\bs[ée]cu\b(?![-'’.])", "Assurance maladie"),
    )
)


def expand_shorthand(question: str) -> str:
    """The question with hurried spellings written out (« nb » → « nombre », « c koi » →
    « c'est quoi »); everything else as typed."""
    text = question
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    return text


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
    meant, with the dictionary's accents when it has one accented spelling (« annee » →
    « année »; « eleve », « élève » or « élevé », stays). A word the document writes without
    accents only in web addresses (« sante.gouv.fr »), or in under a quarter of its uses, is
    not taken as meant so.

    The document's compounds typed with spaces or run together are written as it does
    (« rendez vous » → « rendez-vous », « esante » → « e-santé »), and so are inversions
    typed with a space (« compte telle » → « compte-t-elle », « pourrait elle » →
    « pourrait-elle »).

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
        compounds: Iterable[str] = (),
        english: frozenset[str] = frozenset(),
    ) -> None:
        """``prose``: the words written outside web addresses and file names (all ``words``
        when None); ``compounds``: words joined by hyphens or an inner apostrophe
        (« vis-à-vis »); see ``written_words``; ``english``: an English word list, lower
        case (see ``correct``)."""
        words = list(words)
        self._english = english
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
        dictionary one edit away (of the same first letter), unless ``word`` is English (a
        question mixing languages: « … launch date? »)."""
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
        if folded in self._english:
            return None  # « launch » was typed as meant: not « lunch », a word of no use here
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

    def prefixed(self, word: str) -> str | None:
        """A word the document does not use, made of a combining prefix the document writes
        apart and a word it uses (« cyberattaques » where it writes « cyber sécurité » and
        « attaques »), read as the two: « cyber attaques »; None otherwise."""
        folded = fold(word)
        m = _PREFIX.match(folded)
        if m is None or folded in self._spelling or folded.rstrip("sx") in self._spelling:
            return None  # a word of the document (or its singular) stays whole
        prefix, rest = m.group(1), word[len(m.group(1)) :]
        if prefix not in self._typed or fold(rest) not in self._spelling:
            return None
        return f"{self._spelling[prefix]} {self._spelling[fold(rest)].lower()}"

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
            elided = _ELIDED.match(lower)
            if elided and elided.group(2) in self._capitals and lower not in self._typed:
                # « lia »: l'IA of the document, not the rare verb of the dictionary
                return f"{elided.group(1)}'{self._capitals[elided.group(2)]}"
            if (prefixed := self.prefixed(lower)) is not None:
                return prefixed  # before the dictionary: « cyberattaques » is one of its words
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


# a compound the document writes with hyphens or an inner apostrophe (« vis-à-vis »,
# « rendez-vous », « aujourd'hui », « peut-on »), a leading elision left out (« l'e-santé »)
_COMPOUND = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)+")
_LEADING_ELISION = re.compile(r"^(?:qu|jusqu|lorsqu|puisqu|[cdjlmnst])['’]", re.IGNORECASE)


class WrittenWords(NamedTuple):
    """What ``Vocabulary`` reads of the document besides its words (``written_words``)."""

    prose: list[str]  # the words outside web addresses and file names
    compounds: list[str]  # words joined by hyphens or an inner apostrophe


def written_words(texts: Iterable[str]) -> WrittenWords:
    """For ``Vocabulary``: the words of ``texts`` outside web addresses and file names, and
    the compounds (« un rendez-vous », « l'e-santé » → rendez-vous, e-santé)."""
    out = WrittenWords([], [])
    for text in texts:
        plain = _ADDRESS.sub(" ", text)
        out.prose.extend(re.findall(r"[^\W\d_]+", plain))
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


# combining prefixes a word may be typed with where the document writes the prefix apart
# (« cyber sécurité », « télé expertise »); the rest must be a word of the document of four
# letters or more
_PREFIX = re.compile(r"^(cyber|tele|nano|micro)(?=[a-z]{4})")
# an elision typed without its apostrophe: « lexpertise », « dapres », « quen », « jusqua »
_ELIDED = re.compile(r"^(qu|jusqu|lorsqu|puisqu|[cdjlmnst])([aeiouyh][a-z]+)$")
# the pronoun of an inversion typed without its hyphens: « peutil », « existetelle »
_PRONOUN = re.compile(r"(?:ils|il|elles|elle|on)$")
