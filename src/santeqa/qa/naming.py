"""Which sentence answers: the post-ranker rules that read what a sentence names.

The fitted ranker scores each candidate sentence alone; these rules look at what it names
and at what stands around it, and may quote a nearly as likely body sentence instead (within
the model's neighbour margin, in log-odds):

- a question naming something (« X », « Caen ») that the chosen sentence, its neighbours and
  its paragraph do not hold: the sentence that holds every name (``naming``);
- a « quel X » question answered by a sentence that does not name X (``naming_the_asked_noun``);
- a count, a date, a rank… asked and a sentence (or a lead-in's items) holding none: the
  sentence that holds one (``holding_the_kind``);
- « depuis quand / jusqu'à quand / d'ici quand … ? » answered by a sentence whose years
  that preposition does not set: the sentence where it does (``dated_alike``);
- a definition answered by a sentence recalling it (« comme vu précédemment »): the sentence
  that defines (``defined_before``);
- a definition answered by a sentence not writing the term, or writing a two-word term in
  passing: the sentence that writes it, or that it opens (``naming_the_defined_term``);
- a figure quoted by the question (« Que représentent les 57 % … ? ») that the chosen
  sentence does not write: the sentence that writes it (``quoting_the_figure``).

Each is measured in the quality log; none changes the judge's confidence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from santeqa.index import LoadedIndex
from santeqa.qa.facts import BULLET, FLAG_OF_KIND
from santeqa.qa.features import CANDIDATE_FEATURES, Candidate, Evidence, logit, tells_asked
from santeqa.qa.references import short_line
from santeqa.qa.scope import states_cause
from santeqa.qa.spans import is_lead_in, list_around, sentence_text
from santeqa.records import Chunk
from santeqa.text import fold, shared_analyzer
from santeqa.tunables import AnswerShape

# the first words of a sentence that hold its subject: an article, the term and its
# qualifier (« L'IA faible, … », « La médiation culturelle est … »)
OPENING_WORDS = 4
# a definition reaches further than the other rules: its term written is strong evidence
DEFINED_TERM_REACH = AnswerShape.defined_term_reach
# the share of the first sentence's coverage a sentence holding the kind asked must reach
KIND_HOLDER_SHARE = AnswerShape.kind_holder_coverage_share


@dataclass(frozen=True)
class Ranked:
    """One question's candidate sentences as the ranker left them: what every rule reads."""

    idx: LoadedIndex
    ev: Evidence
    cands: Sequence[Candidate]
    probs: Sequence[float]  # the ranker's, by candidate
    margin: float  # how much less likely (log-odds) a sentence a rule prefers may be


def beyond_a_title(r: Ranked, best: int) -> int:
    """``best``, or, when it is a title line in the text that says nothing the question does
    not (« « Art. L. 4001-3 du Code de la santé publique » » for « d'après l'article L.
    4001-3 …, que doit faire le professionnel ? »: the question names what it heads), the
    likeliest of the sentences after it in its passage, which say what the title heads. Not
    for a source question: a credit line (« Source : … ») is read for its note."""
    idx, ev, cands = r.idx, r.ev, r.cands
    chosen = cands[best]
    chunk = idx.chunks[chosen.row]
    if ev.asked.source or chunk.kind != "body":
        return best
    if not _title_line(chunk, chosen.sentence):
        return best
    said = {t for t in _terms_of(idx, chosen) if len(t) > 1}
    if not said <= set(ev.weights):
        return best
    after = [i for i, c in enumerate(cands) if c.row == chosen.row and c.sentence > chosen.sentence]
    return max(after, key=lambda i: r.probs[i], default=best)


def _title_line(chunk: Chunk, j: int) -> bool:
    """Is sentence ``j`` a title line: a short line of its own (``short_line``), neither a list
    item nor one closing a quotation or a bracket?"""
    text = sentence_text(chunk, j).strip()
    return short_line(chunk, j) and not text.startswith(BULLET) and not text.endswith(("»", ")"))


def naming(r: Ranked, best: int) -> int:
    """``best``, or, when the question names something (« X », « Caen ») that neither the
    chosen sentence nor its neighbours hold, the nearly as likely sentence (within
    ``margin`` in log-odds) that holds every name: « Que fabrique la société X ? » is
    answered by « X développe … », not by the sentence on the field around it (« les
    startups … de santé, de bien-être et de robotique »)."""
    idx, ev, cands = r.idx, r.ev, r.cands
    names = ev.marked_names
    if not names or ev.asked.source or ev.asked.parts > 1:
        return best  # a question of two parts may name something for its other part

    def terms(c: Candidate, before: int, after: int) -> frozenset[str]:
        rows = idx.sentence_rows(c.row)
        at = rows.start + c.sentence
        return frozenset().union(
            *idx.sentence_terms[max(rows.start, at - before) : min(at + after, rows.stop - 1) + 1]
        )

    chosen = cands[best]
    if ev.asked.kind == "meaning" and idx.chunks[chosen.row].kind == "glossary":
        # what an acronym stands for, whatever else the question names to place it
        # (« X vise tous les niveaux (L,M,D) : que désignent ces lettres ? »)
        return best
    # the two sentences before it may name what it refers to (« X est retenu au travers du
    # projet Y. Celui-ci compte … 2 actions sont ainsi prévues : »); an item is read with its
    # lead-in (« X définit 3 types : »)
    held = terms(chosen, 2, 1) | lead_in_terms(idx, chosen.row, chosen.sentence)
    if names <= held or names <= held | _paragraph_before(idx, chosen.row, chosen.sentence):
        return best
    return _likeliest_body(r, best, lambda c: names <= _terms_of(idx, c))


def _paragraph_before(idx: LoadedIndex, row: int, j: int) -> frozenset[str]:
    """The terms of the sentences before sentence ``j`` in its paragraph, into the passages
    before when the paragraph began there (passages of a section share a sentence): a
    paragraph names its subject once (« … le projet X … Doté de 4 M€, ce programme … Environ
    2 000 étudiants … »)."""
    chunk = idx.chunks[row]
    start = chunk.text.rfind("\n", 0, chunk.sentences[j].start) + 1
    first = idx.sentence_rows(row).start
    rows = [first + k for k in range(j) if chunk.sentences[k].start >= start]
    at = row
    while start == 0 and at > 0 and chunk.kind == "body":  # the paragraph began before
        at -= 1
        before = idx.chunks[at]
        if (before.document, before.section) != (chunk.document, chunk.section):
            break
        start = before.text.rfind("\n") + 1
        prev = idx.sentence_rows(at).start
        rows += [prev + k for k, t in enumerate(before.sentences) if t.start >= start]
    return frozenset().union(*(idx.sentence_terms[r] for r in rows))


def naming_the_asked_noun(r: Ranked, best: int) -> int:
    """``best``, or, for a question asking for a noun (« quels motifs … », « quel
    certificat … ») answered by a sentence that does not name it (nor, for a bullet, its
    lead-in), the nearly as likely body sentence (within ``margin`` in log-odds) that names
    it, from a passage retrieved no lower, covering at least as much of the question with
    its neighbours: « Les motifs cités par ceux qui partent sont le manque de temps, … »
    rather than an item of « Ceci suppose : » on the same subject. (Once for list questions
    answered by a bullet only; every « quel X » question since, measured: no gold answer
    lost, docs/quality-log.md.)"""
    idx, ev, cands = r.idx, r.ev, r.cands
    target = ev.target_stem
    chosen = cands[best]
    if target is None or ev.asked.source:
        return best
    if ev.target_stems & (_terms_of(idx, chosen) | lead_in_terms(idx, chosen.row, chosen.sentence)):
        return best
    window = CANDIDATE_FEATURES.index("cov_window")
    return _likeliest_body(
        r,
        best,
        lambda c: (
            c.rank <= chosen.rank
            and c.features[window] >= chosen.features[window]
            and bool(ev.target_stems & _terms_of(idx, c))
        ),
    )


def holding_the_kind(r: Ranked, best: int) -> int:
    """``best``, or, for a question asking a fact of a kind a sentence visibly holds (a count,
    a date, a rank…) answered by a sentence that holds none beyond the question's names (nor,
    for a lead-in, its items), the nearly as likely body sentence (within ``margin`` in
    log-odds) that holds one, covering nearly as much of the question with its neighbours
    (``KIND_HOLDER_SHARE`` of it): « Rappelons que le secteur … serait le 3ème domaine … »
    rather than the lead-in « … face au risque de cyberattaque et donc de : » for « à quel
    rang … ? »."""
    idx, ev, cands = r.idx, r.ev, r.cands
    chosen = cands[best]
    if FLAG_OF_KIND.get(ev.asked.kind or "") is None or ev.asked.source:
        return best
    if tells_asked(ev, chosen.text) or _items_tell(idx, ev, chosen):
        return best
    return _nearly_as_broad(r, best, lambda text: tells_asked(ev, text))


# a date question's time preposition (« Depuis quand … ? », "Until when …?") and the same
# preposition before a year in the report's text (« … remboursée depuis 2018 »), folded
_YEAR_AFTER = r"(?:\s+\S+){0,3}?\s+(?:19|20)\d\d\b"
# the question's time preposition opening it (« Depuis quand … ? ») or before its question
# word anywhere (« remboursée depuis quelle année ? », "… since when?")
_WHEN_ASKED = r"\s+(?:quand|quelle\s+(?:annee|date|periode)|when|what\s+(?:year|date))\b"
_TIME_SPANS = tuple(
    (re.compile(asking), re.compile(written + _YEAR_AFTER))
    for asking, written in (
        (
            rf"^\W*(?:et\s+)?depuis\b|^\W*(?:and\s+)?since\b|\b(?:depuis|since){_WHEN_ASKED}",
            r"\bdepuis\b",
        ),
        (
            r"^\W*(?:et\s+)?jusqu['’]\s*(?:a|en|au)\b|^\W*(?:and\s+)?until\b|"
            rf"\b(?:jusqu['’]\s*(?:a|en)|until){_WHEN_ASKED}",
            r"\bjusqu['’]\s*(?:a|en|au)\b",
        ),
        (
            r"^\W*(?:et\s+)?d['’]\s*ici\b|^\W*(?:and\s+)?by\s+when\b|"
            rf"\bd['’]\s*ici{_WHEN_ASKED}",
            r"\bd['’]\s*ici\b",
        ),
        (
            r"^\W*(?:et\s+)?a\s+(?:partir|compter)\s+d|^\W*(?:and\s+)?from\s+when\b|"
            rf"\ba\s+(?:partir|compter)\s+d['’]?e?{_WHEN_ASKED}",
            r"\ba\s+(?:partir|compter)\s+d",
        ),
    )
)


def time_span(question: str) -> re.Pattern[str] | None:
    """The pattern of a year set by the question's time preposition, or None."""
    folded = fold(question)
    return next((written for asking, written in _TIME_SPANS if asking.search(folded)), None)


def dated_alike(r: Ranked, best: int) -> int:
    """``best``, or, for a question asking since / until / by when something holds (« Depuis
    quand X est-il remboursé ? »), answered by a sentence whose years that preposition does
    not set (« … passé de 80 000 en 2018 à … »), the nearly as likely body sentence (within
    ``margin`` in log-odds) where it does (« Celle-ci est remboursée depuis 2018. »)."""
    ev, cands = r.ev, r.cands
    if ev.asked.kind != "date" or ev.asked.source or ev.time_span is None:
        return best
    span = ev.time_span
    if span.search(fold(cands[best].text)):
        return best
    return _likeliest_body(r, best, lambda c: span.search(fold(c.text)) is not None)


def _items_tell(idx: LoadedIndex, ev: Evidence, c: Candidate) -> bool:
    """For a lead-in, does one of the items that follow it in its passage hold the fact asked?"""
    chunk = idx.chunks[c.row]
    found = list_around(chunk, c.sentence) if is_lead_in(chunk, c.sentence) else None
    if found is None:
        return False
    return any(tells_asked(ev, sentence_text(chunk, k)) for k in range(found[0] + 1, found[1] + 1))


# a sentence saying it recalls what the text said before (« comme vu précédemment »)
_RECALLING = re.compile(
    r"\b(?:comme (?:vu|indiqué|évoqué|mentionné|présenté|dit|précisé)e?s? "
    r"(?:précédemment|plus haut|ci-dessus|auparavant)|rappelons|as (?:seen|mentioned|noted) "
    r"(?:above|earlier|before))\b",
    re.IGNORECASE,
)


def defined_before(r: Ranked, best: int) -> int:
    """``best``, or, for a definition asked, when the chosen sentence says it recalls what was
    said before (« Le musée, comme vu précédemment, prête ses salles … »), the nearly as likely
    body sentence (within ``margin`` in log-odds) that defines (« Le musée est le lieu qui … »),
    covering at least as much of the question: a reminder is not where a thing is defined."""
    ev, cands = r.ev, r.cands
    chosen = cands[best]
    if ev.asked.kind != "definition" or not _RECALLING.search(chosen.text):
        return best
    defining, cov = (CANDIDATE_FEATURES.index(n) for n in ("definition_defining", "cov"))
    return _likeliest_body(
        r,
        best,
        lambda c: (
            bool(c.features[defining])
            and c.features[cov] >= chosen.features[cov]
            and not _RECALLING.search(c.text)
        ),
    )


def naming_the_defined_term(r: Ranked, best: int) -> int:
    """``best``, or, for a French definition question whose chosen sentence does not write
    the term asked about (« Qu'est-ce que la médiation … ? » answered by « Le service X est
    chargé de … »), the likeliest body sentence within ``margin`` in log-odds (a wider one
    than the other rules': ``AnswerShape.defined_term_reach``) that writes it (« • La
    médiation : … »): a thing is defined where it is named."""
    idx, ev, cands = r.idx, r.ev, r.cands
    if ev.asked.defined is None:
        return best
    stems = shared_analyzer().terms(ev.asked.defined)
    if not stems:
        return best
    # the term's own word, or its qualifier after a two-letter one (« IA faible »)
    head = stems[-1] if len(ev.asked.defined.split()[0]) <= 2 else stems[0]

    wider = replace(r, margin=r.margin * DEFINED_TERM_REACH)

    def writes_it(c: Candidate) -> bool:
        return head in idx.sentence_terms[idx.sentence_rows(c.row).start + c.sentence]

    def opens_with_it(c: Candidate) -> bool:
        return set(stems) <= set(_opening_terms(sentence_text(idx.chunks[c.row], c.sentence)))

    if not writes_it(cands[best]):
        return _likeliest_body(wider, best, writes_it)

    def defines_it(c: Candidate) -> bool:
        return defines_in_place(c.text, ev.asked.defined or "")

    if not defines_it(cands[best]):
        # a description that names its term after it (« … difficultés pour accéder à
        # l'information en ligne (on parle alors de littératie numérique) ») defines it
        named = _likeliest_body(wider, best, lambda c: names_described(c.text, ev.asked.defined))
        if named != best:
            return named

    # a term of two words written in passing (« dans le modèle d'IA faible existant … ») is
    # defined where it opens the sentence as its subject (« • L'IA faible, conçue pour … »)
    # or where a defining clause follows it (« … celui de X qui vise à … »); one word alone
    # may be the head of many terms (« intelligence »)
    if len(stems) < 2 or opens_with_it(cands[best]) or defines_it(cands[best]):
        return best
    return _likeliest_body(wider, best, lambda c: opens_with_it(c) or defines_it(c))


# what follows a term its sentence defines (folded): « X qui vise à », « X, c'est-à-dire »,
# « X : », « X désigne », « X est un … »
_DEFINING_AFTER = (
    r"\s*(?:\([^)]*\)\s*)?,?\s*(?::|c'est-a-dire\b|qui\s+(?:vise|visent|designe|designent|"
    r"consiste|consistent|regroupe|regroupent|correspond|signifie|represente|a pour|ont pour)\b|"
    r"(?:designe|consiste|signifie|correspond a|regroupe)\b|est\s+(?:un|une|le|la|l')\b)"
)


def defines_in_place(sentence: str, term: str) -> bool:
    """Does a defining clause follow the term where the sentence writes it (« l'objectif
    commun de mobilité partagée qui vise à … », not « la notion de mobilité partagée, à même
    de … »)? ``term``: folded, as ``Asked.defined``."""
    if not term:
        return False
    text = fold(sentence).replace("’", "'")
    return re.search(r"\b" + re.escape(term) + _DEFINING_AFTER, text) is not None


# a term named after what describes it (folded): « (on parle alors de X) », « (il est
# question du concept de X) », « c'est ce qu'on appelle X »
_NAMING_BEFORE = (
    r"(?:\((?:[^()]*?\b(?:concept|notion|terme|expression)\s+(?:de\s+|d'|du\s+)|"
    r"\s*on parle (?:alors |ici )?(?:de\s+|d'|du\s+))|\bce qu'on appelle\s+)"
    r"(?:(?:la|le|les|l')\s*)?"
)


def names_described(sentence: str, term: str | None) -> bool:
    """Does the sentence name the term after describing it (``_NAMING_BEFORE``)? ``term``:
    folded, as ``Asked.defined``."""
    if not term:
        return False
    text = fold(sentence).replace("’", "'")
    return re.search(_NAMING_BEFORE + re.escape(term) + r"\b", text) is not None


def _opening_terms(sentence: str) -> list[str]:
    """The terms of a sentence's first words (after a bullet): its subject, when it opens
    with one (« • La médiation culturelle : … », « L'IA faible, conçue … »)."""
    words = sentence.lstrip(BULLET + " ").split()[:OPENING_WORDS]
    return shared_analyzer().terms(" ".join(words))


def quoting_the_figure(r: Ranked, best: int) -> int:
    """``best``, or, when the question quotes a statistic (« Que représentent les 57 % … ? »,
    « les 4 300 … », ``Evidence.quoted_figures``) that the chosen sentence does not write,
    the nearly as likely sentence that writes every such figure."""
    idx, ev = r.idx, r.ev
    figures = ev.quoted_figures
    if not figures or ev.asked.source or ev.asked.parts > 1:
        return best
    if figures <= _terms_of(idx, r.cands[best]):
        return best
    return _likeliest_body(r, best, lambda c: figures <= _terms_of(idx, c))


def giving_the_cause(r: Ranked, best: int) -> int:
    """``best``, or, for a question asking why (``Evidence.asks_cause``) answered by a sentence
    that gives no cause, the nearly as likely body sentence (within ``margin`` in log-odds)
    that gives one (``qa.scope.states_cause``: « car », « en raison de », « les raisons
    invoquées … sont », « afin de »), covering nearly as much of the question with its
    neighbours (``KIND_HOLDER_SHARE`` of it): « Pourquoi les usagers X ne font-ils pas Y ? »
    is answered by « Les raisons invoquées par ceux qui ne font pas Y sont … », not by the
    figure on how many do."""
    ev = r.ev
    if not ev.asks_cause or ev.asked.source or states_cause(r.cands[best].text):
        return best
    return _nearly_as_broad(r, best, states_cause)


def _nearly_as_broad(r: Ranked, best: int, holds: Callable[[str], bool]) -> int:
    """The likeliest body sentence within ``margin`` of ``best`` whose text ``holds`` says it
    has what is asked and that covers, with its neighbours, ``KIND_HOLDER_SHARE`` of what
    ``best`` covers; else ``best``."""
    window = CANDIDATE_FEATURES.index("cov_window")
    floor = KIND_HOLDER_SHARE * r.cands[best].features[window]
    return _likeliest_body(r, best, lambda c: c.features[window] >= floor and holds(c.text))


def _likeliest_body(r: Ranked, best: int, keep: Callable[[Candidate], bool]) -> int:
    """The likeliest candidate of the body, within ``margin`` in log-odds of ``best``, that
    ``keep`` accepts; else ``best`` (the rules above that quote another sentence than the
    ranker's first)."""
    idx, cands, probs = r.idx, r.cands, r.probs
    floor = logit(probs[best]) - r.margin
    kept = [
        i
        for i, c in enumerate(cands)
        if logit(probs[i]) >= floor and idx.chunks[c.row].kind == "body" and keep(c)
    ]
    return max(kept, key=lambda i: probs[i], default=best)


def _terms_of(idx: LoadedIndex, c: Candidate) -> frozenset[str]:
    """The terms of candidate ``c``'s sentence."""
    return idx.sentence_terms[idx.sentence_rows(c.row).start + c.sentence]


def lead_in_terms(idx: LoadedIndex, row: int, j: int, reach: int = 8) -> frozenset[str]:
    """For a bullet, the terms of the lead-in (« … : ») its list hangs from, within ``reach``
    sentences before it (an item may go on over several sentences), in its passage or those
    before it in the same section; else none."""
    if not sentence_text(idx.chunks[row], j).startswith(BULLET):
        return frozenset()
    for r, k in itertools.islice(_sentences_before(idx, row, j), reach):
        if is_lead_in(idx.chunks[r], k):
            return idx.sentence_terms[idx.sentence_rows(r).start + k]
    return frozenset()


def _sentences_before(idx: LoadedIndex, row: int, j: int) -> Iterator[tuple[int, int]]:
    """(chunk row, sentence) of the sentences before sentence ``j`` of chunk ``row``, nearest
    first, on into the passages before it in the same section."""
    place = (idx.chunks[row].document, idx.chunks[row].section)
    while True:
        yield from ((row, k) for k in range(j - 1, -1, -1))
        row -= 1
        if row < 0 or (idx.chunks[row].document, idx.chunks[row].section) != place:
            return
        j = len(idx.chunks[row].sentences)


#: the rules, in the order they are applied (each reads the answer the one before chose)
RULES: tuple[Callable[[Ranked, int], int], ...] = (
    beyond_a_title,
    naming,
    naming_the_asked_noun,
    holding_the_kind,
    dated_alike,
    defined_before,
    naming_the_defined_term,
    quoting_the_figure,
    giving_the_cause,
)
