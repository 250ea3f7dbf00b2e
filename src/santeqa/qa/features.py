"""Candidate sentences of the top passages and the evidence (features) the fitted model reads.

No model call happens here: every similarity was computed from the one encoding of the
question during retrieval, and every per-sentence fact at index time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import numpy as np
import numpy.typing as npt

from santeqa.qa.facts import (
    APPROXIMATE_WORDS,
    CARDINAL_WORDS,
    FLAG_OF_KIND,
    FRACTION_WORDS,
    ROLE_WORDS,
    SOFT_KINDS,
    SentenceFacts,
    kind_spans,
)
from santeqa.qa.question import Asked
from santeqa.qa.spans import list_around
from santeqa.records import Chunk
from santeqa.text import fold, shared_analyzer
from santeqa.tunables import AnswerShape

RAREST = AnswerShape.unknown_term_idf  # the weight of a question term no passage uses

CANDIDATE_FEATURES = (
    "sim",
    "sim_gap",
    "sim_order",
    "cov_gap",
    "cov_order",
    "sim_passage",
    "cov",
    "cov_window",
    "cov_passage",
    "missing",
    "matched_mass",
    "lexical",
    "inv_rank",
    "type_match",
    "type_miss",
    "counted_in",
    "counted_miss",
    "counted_number",
    "numbers_in",
    "note",
    "note_for_source",
    "reference_not_source",
    "glossary_for_meaning",
    "glossary_other",
    "definition_defining",
    "bullet",
    "lead_in",
    "in_list",
    "list_cov",
    "list_sim",
    "list_bullet",
    "list_lead_in",
    "english",
    "english_sim",
    "length",
    "target_in",
    "target_announced",
)


#: a candidate's feature values (by name) as the tuple the model reads
_in_feature_order: Callable[[dict[str, float]], tuple[float, ...]] = itemgetter(*CANDIDATE_FEATURES)


@dataclass(frozen=True)
class Evidence:
    """What the answer step knows about one question, from one encoding of it."""

    asked: Asked
    weights: dict[str, float]  # salient question terms and their IDF weights
    counted_stem: str | None  # the stem of the counted noun, when the question counts
    names: frozenset[str]  # stems of the names the question uses (capitalised, acronyms)
    sentence_dense: npt.NDArray[np.float32]  # question . every sentence vector
    chunk_dense: npt.NDArray[np.float32]  # question . every passage vector
    lexical: npt.NDArray[np.float32]  # BM25 of every passage
    target_stem: str | None = None  # the stem of the noun a « quel … » question asks for
    # that stem and those of the nouns naming the same kind of thing (« entreprise »,
    # « société »): a text naming any of them names the thing asked
    target_stems: frozenset[str] = frozenset()
    # the stems of an English question's noun phrase asked for (its head is among them)
    target_phrase_stems: frozenset[str] = frozenset()
    restrictions: tuple[str, ...] = ()  # what narrows the question (see qa.scope)
    # the statistics the question quotes, as terms: a share (« les 57 % ») or a number
    # written in groups of three (« les 4 300 »), not a year nor an article's number
    quoted_figures: frozenset[str] = frozenset()
    # words the corpus writes in lower case (``LoadedIndex.common_words``): no name is made of
    # them (``qa.facts.sentence_facts``)
    common_words: frozenset[str] = frozenset()
    # stems of the question's words written with two capitals or more (acronyms, brands)
    marked_names: frozenset[str] = frozenset()
    # how many things the question itself asks (a follow-up's context, after « — », is no
    # part of it: « Combien de salariés ? — la startup X » asks one)
    parts_asked: int = 1
    # a year set by the question's time preposition (« depuis 2018 » for « Depuis quand … ? »)
    time_span: re.Pattern[str] | None = None
    # the question asks how things stand now (« … aujourd'hui ? »; ``qa.scope.asks_now``)
    asks_now: bool = False
    # the question asks when something happened (« En quelle année X a-t-il été lancé ? »;
    # a date asked, ``qa.scope.asks_past_event``)
    asks_past: bool = False
    # the question asks why (« Pourquoi … ? »; ``qa.scope.asks_cause``)
    asks_cause: bool = False

    @property
    def figures(self) -> frozenset[str]:
        """The figures the question writes itself (« 2030 », « 8 »), as terms."""
        return frozenset(t for t in self.weights if t.isdigit())


@dataclass(frozen=True)
class Candidate:
    """One sentence of a top passage: where it is and its feature vector."""

    rank: int  # of its passage in the fused list
    row: int  # chunk row
    sentence: int  # index of the sentence in its chunk
    features: tuple[float, ...]
    text: str = ""  # the sentence (the judge reads what stands around the asked kind)
    # terms of the notes the sentence cites: the source it names (« Feuille de route … 2023-2027 »)
    cited: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Passage:
    """What features need of one retrieved passage (read from the loaded index)."""

    row: int
    chunk: Chunk
    first_sentence_row: int
    terms: frozenset[str]  # analysed terms of the passage (and, for a note, of its citing text)
    sentence_terms: Sequence[frozenset[str]]
    facts: Sequence[SentenceFacts]
    is_reference: bool  # a note with a URL
    dense: float  # the passage's fused dense score
    # by sentence: terms of the notes it cites (empty when it cites none)
    cited_terms: Sequence[frozenset[str]] = ()


def coverage(weights: dict[str, float], terms: frozenset[str]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if t in terms) / total


class Coverage:
    """``coverage`` for one question's weights over many term sets: the total summed once
    (the same sums in the same order, so the same floats)."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.items = tuple(weights.items())
        self.total = sum(weights.values())

    def matched(self, terms: frozenset[str]) -> float:
        return sum(w for t, w in self.items if t in terms)

    def of(self, terms: frozenset[str]) -> float:
        return self.matched(terms) / self.total if self.total else 0.0


#: the report's sentences, folded: the same few thousand sentences are candidates for question
#: after question (in a profile, folding was a fifth of the Python time per question)
_folded_sentence = lru_cache(maxsize=32_768)(fold)


def counts_of(
    sentence: str, noun: str | None, english: bool = False, names: frozenset[str] = frozenset()
) -> bool:
    """Does the sentence give a number of the counted thing (« 19 spécialités », « 2 000
    pharmacies », « trois quarts des médecins »)? The noun is compared on its first letters,
    accents folded, so « médecin » matches « médecins »; an English noun on its first five,
    as a cognate (« priorities » → « priorités », « projects » → « projets »).

    ``names``: stems of the names the question uses. A count in brackets after another name
    is that name's, when the sentence names the question's thing elsewhere: in « les
    sociétés ALPHA (80 médecins) et BETA (créateur de la cabine) », 80 doctors are ALPHA's,
    not BETA's."""
    pattern = _counting(_cognate(noun) if english else noun) if noun else None
    if pattern is None:
        return False
    if not names or "(" not in sentence:
        return pattern.search(_folded_sentence(sentence)) is not None
    outside_terms, outside, bracketed = _bracketed_by_name(sentence)
    if not names & outside_terms:
        return pattern.search(_folded_sentence(sentence)) is not None
    if pattern.search(outside):
        return True
    return any(pattern.search(text) for head, text in bracketed if not head or head & names)


# a bracket right after a name (capitalised or in capitals): « METADOM (4 300 bornes) »
_NAMED_BRACKET = re.compile(r"\b([A-ZÉ][\w’'-]*)\s*\(([^()]*)\)")


@lru_cache(maxsize=4096)
def _bracketed_by_name(
    sentence: str,
) -> tuple[frozenset[str], str, tuple[tuple[frozenset[str], str], ...]]:
    """``sentence`` without the brackets that follow a name (its terms, and its text
    folded), and each such bracket's text, folded, with the stems of the name before it.
    Cached: the report's few sentences with such brackets are read question after question."""
    terms = shared_analyzer().terms
    bracketed = tuple(
        (frozenset(terms(m[1])), fold(m[2])) for m in _NAMED_BRACKET.finditer(sentence)
    )
    outside = _NAMED_BRACKET.sub(r"\1", sentence)
    return frozenset(terms(outside)), fold(outside), bracketed


def tells_asked(ev: Evidence, sentence: str) -> bool:
    """Does the sentence hold the fact asked beyond the question's own names: for « combien
    de X », a number of X; for another factual kind, a span of that kind that is not one of
    the names the question uses (« Quelle école forme les élèves du lycée Y ? »: « Y » is
    no answer; the title « HEALTH DATA HUB » does not say which company hosts it)."""
    if ev.asked.counted:
        return counts_of(sentence, ev.asked.counted, ev.asked.english, ev.names)
    flag = FLAG_OF_KIND.get(ev.asked.kind or "")
    if flag is None:
        return False
    analyzer = shared_analyzer()
    return any(
        not ev.names.issuperset(analyzer.terms(sentence[a:b]))
        for a, b in kind_spans(sentence, flag, ev.common_words)
    )


def _writes_another_date(ev: Evidence, sentence: str) -> bool:
    """Does the sentence write a date beyond the years the question writes itself? (« la
    feuille de route 2023-2030 » says nothing of when « la feuille de route 2023-2030 » was
    adopted.)"""
    written = ev.figures
    for a, b in kind_spans(sentence, "date", ev.common_words):
        digits = set(re.findall(r"\d+", sentence[a:b]))
        if not digits or not digits <= written:  # a month, or a year it does not write
            return True
    return False


def announces(sentence: str, noun: str | None, asked_terms: frozenset[str] | None = None) -> bool:
    """Does the sentence announce an enumeration of the asked thing: the noun, then a colon
    within a few words (« … comporte 4 volets : », « les publics concernés : »)? The noun is
    compared on its first letters, accents folded, like ``counts_of``. ``asked_terms``: the
    question's terms; a noun whose complement is none of them (« le rôle des musées : » for
    « quel rôle ont les écoles ? ») announces another thing's, and so does a noun that is the
    complement of another (« le rôle des musées : » for « quels musées … ? »)."""
    if not noun:
        return False
    folded = _folded_sentence(sentence)
    found = _announcing(noun).search(folded)
    if found is None:
        return False
    if asked_terms is not None and _of_another(folded[: found.end()], noun, asked_terms):
        return False
    if asked_terms is not None and _complement_of_another(folded[: found.end()], noun, asked_terms):
        return False
    # a count before the colon says what is enumerated: « l'école pilote 3 projets de
    # l'appel « métiers d'avenir » : » lists projects, not « métiers »
    before = folded[: found.end()]
    return _COUNT.search(before) is None or _counting(noun).search(before) is not None


def _of_another(announcing: str, noun: str, asked_terms: frozenset[str]) -> bool:
    """Does the noun, in ``announcing`` (a folded sentence up to its colon), take a complement
    (« de X », « des X ») none of whose words the question holds?"""
    after = re.search(rf"\b{_stem_pattern(noun)}\w*\s+{_OF_COMPLEMENT}([^:]*):$", announcing)
    if after is None:
        return False
    held = shared_analyzer().terms(after.group(1))
    return bool(held) and not any(t in asked_terms for t in held)


def _complement_of_another(announcing: str, noun: str, asked_terms: frozenset[str]) -> bool:
    """Is the noun, in ``announcing`` (a folded sentence up to its colon), the complement of
    another noun the question does not hold (« anticiper le rôle des musées : » announces
    the role, not museums), that noun no classifier (« la liste des musées : »)?"""
    before = re.search(
        rf"\b(?:{_ARTICLES})\s*([^\W\d_]{{3,}})\s+{_OF_COMPLEMENT}{_stem_pattern(noun)}\w*[^:]*:$",
        announcing,
    )
    if before is None or before.group(1) in _CLASSIFIERS:
        return False
    head = shared_analyzer().terms(before.group(1))
    return bool(head) and not any(t in asked_terms for t in head)


# articles and determiners before a noun, folded
_ARTICLES = r"le|la|les|l['’]|un|une|au|aux|ce|cet|cette|ces|son|sa|ses|leur|leurs"
# nouns that name a set of things, whose complement is what they enumerate (folded)
_CLASSIFIERS = frozenset(
    "liste listes ensemble ensembles type types categorie categories exemple exemples serie "
    "series famille familles sorte sortes genre genres nombre partie parties gamme gammes "
    "panel panoplie".split()
)


# « de », « du », « des », « d’ » before a complement, folded
_OF_COMPLEMENT = r"(?:de la|de l['’]|des|du|de|d['’])\s*"
# a number (no year) and a word after it: « 3 projets », « 4 volets »
_COUNT = re.compile(r"\b(?!(?:19|20)\d\d\b)\d+\s+[^\W\d_]")


def announces_asked(sentence: str, asked: Asked, asked_terms: frozenset[str] | None = None) -> bool:
    """Does the sentence announce an enumeration of what the question asks for? Only for a
    « quels X » question, not one asking for a figure, a date or a name: « quelle part du
    budget … ? » is not announced by « le plan comporte pour sa part 4 volets : »."""
    return FLAG_OF_KIND.get(asked.kind or "") is None and announces(
        sentence, asked.target, asked_terms
    )


def _cognate(noun: str) -> str:
    """An English noun cut so that ``_stem_pattern`` keeps the five first letters it shares
    with its French cognate (« priorities » → « prior »)."""
    return fold(noun)[:7]


def _stem_pattern(noun: str) -> str:
    """The noun's first letters, folded; with the prefix « télé- » optional, as French adds it
    to a noun of care at a distance (« 18 millions de consultations » counts the
    « téléconsultations » the paragraph is about, « 80 téléconsultations » some
    « consultations »)."""
    stem = fold(noun)[: max(4, len(noun) - 2)]
    bare = stem[4:].lstrip("- ") if stem.startswith("tele") else stem
    if len(bare) < 6:  # « télévision », « téléphone »: no noun of care
        return re.escape(stem)
    return rf"(?:tele-?\s?)?{re.escape(bare)}"


# one pattern per asked noun, not one per candidate sentence (a question reads ~20 of them)
@lru_cache(maxsize=256)
def _counting(noun: str) -> re.Pattern[str]:
    stem = _stem_pattern(noun)
    # up to two words between, an elided one included: « 3 types d’IA », « une soixantaine
    # d’acteurs »; the number words are folded as the sentence is (« moitie »)
    between = r"(?:\w+\s+|\w+['’]\s*){0,2}"
    words = fold(f"{CARDINAL_WORDS}|{APPROXIMATE_WORDS}|{FRACTION_WORDS}")
    # a share given after its population: « parmi les abonnés, 62 % prennent … »
    share_after = rf"\b{stem}\w*\s*,?\s+{between}\d+(?:[,.]\d+)?\s*%"
    # « le nombre de X est passé de 800 à 1 200 »: a figure within a few words, not a year
    number_of = rf"\bnombre\s+(?:de\s+|d['’]\s*){stem}\w*(?:\s+\S+){{0,5}}?\s+(?!(?:19|20)\d\d\b)\d"
    return re.compile(
        rf"\d\s*%?\s+{between}{stem}|\b(?:{words})s?\s+{between}{stem}|{share_after}|{number_of}"
    )


@lru_cache(maxsize=256)
def _announcing(noun: str) -> re.Pattern[str]:
    return re.compile(rf"\b{_stem_pattern(noun)}\w*(?:\s+[^\s:]+){{0,3}}\s*:")


def logit(p: float) -> float:
    """log(p / (1 - p)), ``p`` kept off 0 and 1."""
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def indicator(value: bool) -> float:
    """1.0 for true, 0.0 for false: a yes/no feature."""
    return 1.0 if value else 0.0


def candidates(
    ev: Evidence, passages: Sequence[Passage], absent: frozenset[int] = frozenset()
) -> list[Candidate]:
    """Every sentence of the given passages (in fused order), with its features.

    ``absent``: sentence rows read as if the report did not hold them (no candidate, not the
    best similarity; training's counterfactual examples, ``qa.counterfactual``)."""
    return CandidateReader(ev, absent).candidates(passages)


class CandidateReader:
    """The candidate sentences of one question, each passage's sentences read once.

    The answer step may read two orders of the same retrieved passages (the judge the fused
    order, the answer the reordered one, ``qa.rerank``), mostly the same passages: what a
    sentence's features owe to its passage and the question alone is computed once per
    passage, what they owe to the list (the passage's rank, the gaps to the best of the list
    and the orders within it) for each list. The same floats as reading each list anew.

    One reader per question and its retrieved passages: a passage is known by its row.
    """

    def __init__(self, ev: Evidence, absent: frozenset[int] = frozenset()) -> None:
        self.ev = ev
        self.absent = absent
        self._weighed = Coverage(ev.weights)
        self._numbers = sorted(ev.figures)
        self._read: dict[int, list[tuple[int, dict[str, float], str]]] = {}

    def candidates(self, passages: Sequence[Passage]) -> list[Candidate]:
        """Every sentence of ``passages`` (in their order), with its features."""
        best_sim = _best_similarity(self.ev, passages, self.absent)
        rows: list[tuple[int, int, int, dict[str, float]]] = []
        texts: list[str] = []
        cited: list[frozenset[str]] = []
        for rank, p in enumerate(passages):
            read = self._read.get(p.row)
            if read is None:
                read = self._read[p.row] = self._sentences(p)
            for j, of_passage, text in read:
                values = dict(of_passage)  # a copy: the list's features are written in
                values["sim_gap"] = values["sim"] - best_sim
                values["inv_rank"] = 1.0 / (1 + rank)
                rows.append((rank, p.row, j, values))
                texts.append(text)
                cited.append(p.cited_terms[j] if j < len(p.cited_terms) else frozenset())
        _relative(rows, "sim", "sim_order")
        _relative(rows, "cov", "cov_order")
        best_cov = max((v["cov"] for *_r, v in rows), default=0.0)
        for *_r, v in rows:
            v["cov_gap"] = v["cov"] - best_cov
        return [
            Candidate(r, row, j, _in_feature_order(v), text, notes)
            for (r, row, j, v), text, notes in zip(rows, texts, cited, strict=True)
        ]

    def _sentences(self, p: Passage) -> list[tuple[int, dict[str, float], str]]:
        """Each sentence of ``p`` (``absent`` ones left out): its index, the features it owes
        to its passage and the question alone, its text."""
        ev, weighed, numbers = self.ev, self._weighed, self._numbers
        asked_terms = frozenset(ev.weights)
        out: list[tuple[int, dict[str, float], str]] = []
        kind = ev.asked.kind
        chunk = p.chunk
        passage_cov = weighed.of(p.terms)
        lexical = math.log1p(max(float(ev.lexical[p.row]), 0.0))
        for j, sent in enumerate(chunk.sentences):
            row = p.first_sentence_row + j
            if row in self.absent or p.facts[j].holds("asking"):
                continue  # a sentence that only asks answers nothing (``qa.facts``)
            sim = float(ev.sentence_dense[row])
            if chunk.kind == "note":  # a note is read with the sentences citing it
                sim = max(sim, float(ev.chunk_dense[p.row]))
            terms = p.sentence_terms[j]
            window = terms.union(*p.sentence_terms[max(0, j - 1) : j + 2])
            facts = p.facts[j]
            if chunk.kind == "note":
                terms = terms | p.terms
            held = FLAG_OF_KIND.get(kind or "")
            text = chunk.text[sent.start : sent.end]
            type_match = held is not None and facts.holds(held)
            if type_match and kind == "date" and numbers:  # the question writes figures
                type_match = _writes_another_date(ev, text)
            if type_match and ev.asked.role:  # who leads X: people named in another role
                type_match = ROLE_WORDS.search(_folded_sentence(text)) is not None
            counted_in = ev.counted_stem is not None and ev.counted_stem in terms
            list_q = kind == "list"
            found = list_around(chunk, j)
            list_cov, list_sim = _list_context(ev, p, found, weighed)
            matched = weighed.matched(terms)
            values = {
                "target_in": indicator(bool(ev.target_stems & terms)),
                "target_announced": indicator(announces_asked(text, ev.asked, asked_terms)),
                "sim": sim,
                "sim_passage": p.dense,
                "cov": matched / weighed.total if weighed.total else 0.0,
                "cov_window": weighed.of(window),
                "cov_passage": passage_cov,
                "missing": 1.0 - weighed.of(terms | p.terms),
                "matched_mass": matched / RAREST,
                "lexical": lexical,
                "type_match": indicator(type_match),
                "type_miss": indicator(
                    held is not None and not type_match and kind not in SOFT_KINDS
                ),
                "counted_in": indicator(counted_in),
                "counted_miss": indicator(ev.counted_stem is not None and not counted_in),
                "counted_number": indicator(
                    counts_of(text, ev.asked.counted, ev.asked.english, ev.names)
                ),
                # the question's own figures (« le chiffre de 36 % ») found where it is read
                "numbers_in": (sum(n in terms for n in numbers) / len(numbers) if numbers else 0.0),
                "note": indicator(chunk.kind == "note"),
                "note_for_source": indicator(chunk.kind == "note" and ev.asked.source),
                "reference_not_source": indicator(p.is_reference and not ev.asked.source),
                "glossary_for_meaning": indicator(chunk.kind == "glossary" and kind == "meaning"),
                "glossary_other": indicator(chunk.kind == "glossary" and kind != "meaning"),
                "definition_defining": indicator(kind == "definition" and facts.holds("defining")),
                "bullet": indicator(facts.holds("bullet")),
                "lead_in": indicator(facts.holds("lead_in")),
                "in_list": indicator(found is not None),
                "list_cov": list_cov,
                "list_sim": list_sim,
                "list_bullet": indicator(list_q and facts.holds("bullet")),
                "list_lead_in": indicator(list_q and facts.holds("lead_in")),
                "english": indicator(ev.asked.english),
                "english_sim": sim if ev.asked.english else 0.0,
                "length": math.log(1 + len(text)) / 6.0,
            }
            out.append((j, values, text))
        return out


def _best_similarity(ev: Evidence, passages: Sequence[Passage], absent: frozenset[int]) -> float:
    """The highest similarity of a candidate sentence of these passages (``absent`` rows and
    sentences that only ask left out)."""
    return max(
        (
            float(ev.sentence_dense[p.first_sentence_row + j])
            for p in passages
            for j in range(len(p.chunk.sentences))
            if p.first_sentence_row + j not in absent and not p.facts[j].holds("asking")
        ),
        default=0.0,
    )


def _list_context(
    ev: Evidence, p: Passage, found: tuple[int, int] | None, weighed: Coverage
) -> tuple[float, float]:
    """Coverage and best similarity of what announces the list a sentence belongs to (its
    lead-in and the sentence before); zeros outside a list."""
    if found is None:
        return 0.0, 0.0
    lo = max(found[0] - 1, 0)
    list_terms = frozenset().union(*p.sentence_terms[lo : found[0] + 1])
    list_sim = max(
        float(ev.sentence_dense[p.first_sentence_row + k]) for k in range(lo, found[0] + 1)
    )
    return weighed.of(list_terms), list_sim


def _relative(rows: list[tuple[int, int, int, dict[str, float]]], key: str, into: str) -> None:
    """1 for the candidate with the highest ``key``, 1/2 for the next, and so on."""
    order = sorted(range(len(rows)), key=lambda i: -rows[i][3][key])
    for place, i in enumerate(order):
        rows[i][3][into] = 1.0 / (1 + place)
