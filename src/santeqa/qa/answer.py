"""The answer step: candidate sentences, the fitted model's ranking, the quoted span and its
key phrase, and the judge's confidence (abstention).

``AnswerResources`` is computed once per loaded index (sentence facts, the vocabulary for
hurried typing, which notes are references, which clause each note supports); ``choose``
runs per question and makes no model call: similarities come from the one encoding of the
question made during retrieval.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from santeqa.index import LoadedIndex, sentence_texts
from santeqa.ingest.acronyms import definitions
from santeqa.qa.anaphor import opens_with_anaphor
from santeqa.qa.clauses import Clause, clause_texts, note_clauses
from santeqa.qa.ellipsis import COUNTED_EN
from santeqa.qa.enumeration import enumeration
from santeqa.qa.facts import FLAG_OF_KIND, SentenceFacts, sentence_facts
from santeqa.qa.features import (
    CANDIDATE_FEATURES,
    RAREST,
    Candidate,
    CandidateReader,
    Evidence,
    Passage,
    counts_of,
    coverage,
    logit,
    tells_asked,
)
from santeqa.qa.followup import CONTEXT_MARK
from santeqa.qa.hurried import Vocabulary, expand_shorthand, written_words
from santeqa.qa.judging import question_features
from santeqa.qa.model import AnswerModel
from santeqa.qa.naming import RULES as NAMING_RULES
from santeqa.qa.naming import Ranked, lead_in_terms, time_span
from santeqa.qa.question import (
    SAME_KIND,
    Asked,
    asked,
    framing_terms,
    looks_english,
    salient,
    without_request,
)
from santeqa.qa.references import (
    beyond_references,
    claim_of_chosen_note,
    note_of_chosen_sentence,
    note_of_likelier_clause,
    note_of_named_clause,
    same_paragraph,
)
from santeqa.qa.retrieve import Candidate as Retrieved
from santeqa.qa.retrieve import Question, RetrievalScores, analyse
from santeqa.qa.scope import (
    asks_cause,
    asks_now,
    asks_past_event,
    followup_restrictions,
    places_of,
    restrictions,
    states_cause,
)
from santeqa.qa.spans import (
    MAX_JOINED_CHARS,
    MAX_LIST_CHARS,
    MAX_SPAN_CHARS,
    clause_window,
    fits,
    is_lead_in,
    key_phrase,
    list_around,
    sentence_text,
    span_for,
    with_antecedent,
)
from santeqa.records import Answer, Chunk, Sentence
from santeqa.text import MARKED_NAME, Analyzer, shared_analyzer
from santeqa.tunables import AnswerShape

PASSAGES = AnswerShape.passages
NOT_ANSWERED = "Le rapport ne répond pas à cette question."
ANSWERED = "Réponse extraite du rapport (à vérifier dans les sources citées)."


@dataclass(frozen=True)
class AnswerResources:
    """Per-index facts the answer step reads (built once, at load)."""

    facts: list[SentenceFacts]  # by sentence row
    vocabulary: Vocabulary
    passage_terms: list[frozenset[str]]  # by chunk row; a note's include its citing sentences
    is_reference: list[bool]  # by chunk row: a note that points to a source (has a URL)
    clauses: list[Clause]  # which clause of which passage each note supports
    places: frozenset[str] = frozenset()  # first letters of the place names the text uses
    # by chunk row: the place names its headings write (« … en Normandie »)
    heading_places: list[frozenset[str]] = field(default_factory=list)
    # (document, note number) -> the chunk row of the note's own passage
    note_rows: dict[tuple[str, int], int] = field(default_factory=dict)
    # by sentence row, for a sentence citing notes: the terms of those notes
    cited_terms: dict[int, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        idx: LoadedIndex,
        facts: Sequence[SentenceFacts] | None = None,
        dictionary: frozenset[str] = frozenset(),
        english: frozenset[str] = frozenset(),
    ) -> AnswerResources:
        """``dictionary``: French words never "corrected" in a question, ``english``: English
        words left as typed when neither the text nor ``dictionary`` knows them (see
        ``Vocabulary``)."""
        texts = [t for c in idx.chunks for t in sentence_texts(c)]
        if facts is None or len(facts) != len(texts):
            facts = [sentence_facts(t, idx.common_words) for t in texts]
        words = [w for c in idx.chunks for w in re.findall(r"[^\W\d_]+", c.text)]
        clauses = note_clauses(idx.chunks, idx.documents)
        citing = {
            key: frozenset(shared_analyzer().terms(" ".join(texts)))
            for key, texts in clause_texts(idx.chunks, clauses).items()
        }
        terms = []
        refs = []
        for row, chunk in enumerate(idx.chunks):
            t = idx.chunk_terms[row]
            notes = idx.footnotes_of(chunk)
            if chunk.kind == "note" and chunk.footnotes:
                # a note is read with the clauses that cite it (not their whole sentences:
                # two notes cited in one sentence support different clauses)
                t = t | citing.get((chunk.document, chunk.footnotes[0]), frozenset())
            terms.append(t)
            refs.append(chunk.kind == "note" and any(n.urls for n in notes))
        places = places_of(texts)  # by sentence: overlapping passages would count some twice
        written = written_words(c.text for c in idx.chunks)
        vocabulary = Vocabulary(words, dictionary, *written, english=english)
        # only the place names of the headings: where the section stands (« … en Normandie »)
        headings = {
            c.section: frozenset(
                t
                for t in shared_analyzer().terms(" ".join(c.section))
                if any(t.startswith(p) for p in places)
            )
            for c in idx.chunks
        }
        sections = [headings[c.section] for c in idx.chunks]
        note_rows = {
            (c.document, c.footnotes[0]): row
            for row, c in enumerate(idx.chunks)
            if c.kind == "note" and c.footnotes
        }
        cited = {
            idx.sentence_rows(row).start + j: frozenset().union(
                *(idx.chunk_terms[note_rows[(c.document, n)]] for n in numbers)
            )
            for row, c in enumerate(idx.chunks)
            for j, s in enumerate(c.sentences)
            if (numbers := [n for n in s.footnotes if (c.document, n) in note_rows])
        }
        return cls(
            list(facts), vocabulary, terms, refs, clauses, places, sections, note_rows, cited
        )


_NAME = re.compile(
    r"\b(?:[A-ZÉ][\w-]*[A-Z][\w-]*|(?<=[\w,] )[A-ZÉ][a-zà-ÿ]+(?:-[A-ZÉ]?[a-zà-ÿ]+)*)"
)


def question_names(text: str, analyzer: Analyzer) -> frozenset[str]:
    """Stems of the names a question uses: acronyms and mixed-case words (« NORMANTHIA »,
    « TeSaN »), and capitalised words that do not start it (« Caen », « Bodycap »)."""
    return frozenset(t for m in _NAME.findall(text) for t in analyzer.terms(m))


def _same_kind(stem: str) -> frozenset[str]:
    """``stem`` and the stems of the nouns naming the same kind of thing (``SAME_KIND``)."""
    return next((g for g in _same_kind_stems() if stem in g), frozenset({stem}))


@lru_cache(maxsize=1)
def _same_kind_stems() -> tuple[frozenset[str], ...]:
    """``SAME_KIND``'s groups as stems, analysed once (not for every question)."""
    analyse = shared_analyzer().terms
    return tuple(frozenset(t for w in group for t in analyse(w)) for group in SAME_KIND)


def _parts_asked(question: str) -> int:
    """How many things ``question`` asks (``Asked.parts``), read alone."""
    return asked(question).parts


def evidence(
    idx: LoadedIndex,
    asked: Asked,
    text: str,
    terms: Sequence[str],
    scores: RetrievalScores,
    analyzer: Analyzer,
    places: frozenset[str] = frozenset(),
    context_weight: float | None = None,
    brought: str | None = None,
) -> Evidence:
    """``places``: the place names of the text (``AnswerResources.places``), read as scope
    restrictions when the question uses them. ``context_weight``, for a follow-up resolved
    with a context after ``CONTEXT_MARK`` (« Combien l'État met dedans ? — le projet SaNuRN »):
    the context is what the conversation is about, which the answering sentence need not
    repeat; its terms weigh this share of their own, and the names it holds are not required
    (None: the text is a question as typed, read whole, whatever dash it holds). ``brought``,
    for an ellipsis written into the earlier question (« Et pour la télésurveillance ? »):
    the words it brings keep their weight, the earlier question's weigh ``context_weight``."""
    counted = analyzer.terms(asked.counted) if asked.counted else []
    target = analyzer.terms(asked.target) if asked.target else []
    own_text, mark, _context = (
        text.partition(CONTEXT_MARK) if context_weight is not None else (text, "", "")
    )
    weights = salient(terms, idf=idx.idf, rarest=RAREST, framing=_framing())
    if mark and context_weight is not None:
        own = frozenset(analyzer.terms(own_text))
        weights = {t: w if t in own else w * context_weight for t, w in weights.items()}
    elif brought is not None and context_weight is not None:
        # an ellipsis written into the earlier question (« Et pour la télésurveillance ? »):
        # what it brings is what the answer must be about; the earlier question's words are
        # its context
        own = frozenset(analyzer.terms(brought))
        if own & weights.keys():
            weights = {t: w if t in own else w * context_weight for t, w in weights.items()}
    return Evidence(
        asked=asked,
        names=question_names(own_text, analyzer),
        marked_names=frozenset(t for m in MARKED_NAME.findall(text) for t in analyzer.terms(m)),
        weights=weights,
        counted_stem=counted[0] if counted else None,
        sentence_dense=scores.sentence_dense,
        chunk_dense=scores.chunk_dense,
        lexical=scores.lexical,
        target_stem=target[0] if target else None,
        target_stems=_same_kind(target[0]) if target else frozenset(),
        target_phrase_stems=frozenset(analyzer.terms(asked.target_phrase or "")),
        restrictions=(
            followup_restrictions(own_text, _context, places)
            if mark
            else restrictions(text, places)
        ),
        parts_asked=_parts_asked(own_text) if mark else asked.parts,
        time_span=time_span(own_text),
        asks_now=asks_now(own_text),
        asks_past=asked.kind == "date" and asks_past_event(own_text),
        asks_cause=asks_cause(own_text),
        common_words=idx.common_words,
        quoted_figures=frozenset(
            t
            for m in _QUOTED_FIGURE.finditer(own_text)
            for t in analyzer.terms(m.group(1) or m.group(2))
        ),
    )


# a statistic a question quotes: a share (« 57 % », « 57% ») or a number written in groups
# of three (« 4 300 », « 160 000 »)
_QUOTED_FIGURE = re.compile(
    r"(?<![\d.,])(\d+(?:[,.]\d+)?)\s?%|(?<![\d.,])(\d{1,3}(?:[  \u202f]\d{3})+)\b"
)


def passages(
    idx: LoadedIndex, res: AnswerResources, fused: Sequence[Retrieved], n: int = PASSAGES
) -> list[Passage]:
    out = []
    for cand in fused[:n]:
        rows = idx.sentence_rows(cand.row)
        out.append(
            Passage(
                row=cand.row,
                chunk=idx.chunks[cand.row],
                first_sentence_row=rows.start,
                terms=res.passage_terms[cand.row],
                sentence_terms=idx.sentence_terms[rows.start : rows.stop],
                facts=res.facts[rows.start : rows.stop],
                cited_terms=[res.cited_terms.get(r, frozenset()) for r in rows],
                is_reference=res.is_reference[cand.row],
                dense=float(cand.dense or 0.0),
            )
        )
    return out


def read_question(
    idx: LoadedIndex, res: AnswerResources, text: str, analyzer: Analyzer, followed: bool = False
) -> tuple[Asked, Question]:
    """What is asked, and the question as retrieval sees it: hurried French typing is read
    against the report's own spelling first (English is left as typed); a polite request
    around it (« Pouvez-vous me dire … ») is left out. ``followed``: the text is a follow-up
    resolved with a context after ``CONTEXT_MARK``, whose own words say what is asked."""
    text = without_request(text)
    english = looks_english(text)
    typed = text if english else res.vocabulary.correct(expand_shorthand(text))
    # read from the repaired text: « quelme part », « lacronyme » ask what their spelling asks
    return _asked_of(typed, followed), analyse(typed, idx.glossary, analyzer)


def _asked_of(text: str, followed: bool) -> Asked:
    """What ``text`` asks; for a follow-up, what its own words ask when they ask a kind: its
    context is the earlier question's subject, whose words (« le MONTANT de l'aide … »)
    would otherwise set the kind of « Combien d'étudiants … ? — le montant de l'aide … »."""
    own, mark, context = text.partition(CONTEXT_MARK)
    if followed and mark:
        mine = asked(own)
        if mine.kind == "quantity" and mine.counted is None and COUNTED_EN.search(own):
            # « Et la seconde, elle en a combien ? »: « en » is what the context counted
            counted = asked(context).counted
            return mine if counted is None else dataclasses.replace(mine, counted=counted)
        if mine.kind is not None:
            return mine  # the whole text is read only when the own words ask no kind
    return asked(text)


def unknown_mass(weights: dict[str, float], idf: dict[str, float]) -> float:
    """Share of the question's (weighted) terms that no passage of the report uses."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t not in idf) / total if total else 0.0


def terms_reader(
    idx: LoadedIndex, res: AnswerResources, absent: frozenset[int] = frozenset()
) -> Callable[[Candidate], tuple[frozenset[str], frozenset[str]]]:
    """For a candidate: the terms of its sentence and neighbours (with the place names of
    its headings and, for a list item, its lead-in's terms), and of its passage.

    ``absent``: sentence rows read as if the report did not hold them (their terms are gone
    unless another sentence of the passage uses them; training only, ``qa.counterfactual``)."""

    def read(c: Candidate) -> tuple[frozenset[str], frozenset[str]]:
        rows = idx.sentence_rows(c.row)
        lo, hi = (
            max(rows.start, rows.start + c.sentence - 1),
            min(rows.stop, rows.start + c.sentence + 2),
        )
        window = frozenset().union(
            *(idx.sentence_terms[r] for r in range(lo, hi) if r not in absent)
        )
        passage = res.passage_terms[c.row]
        if any(r in absent for r in rows):
            lost = frozenset().union(*(idx.sentence_terms[r] for r in rows if r in absent))
            kept = frozenset().union(*(idx.sentence_terms[r] for r in rows if r not in absent))
            passage = passage - (lost - kept)
        if idx.chunks[c.row].kind == "note":
            window |= passage
        # a sentence is read under the place its headings name (« Les entreprises en Normandie »)
        window |= res.heading_places[c.row] if res.heading_places else frozenset()
        # a list item is read under the lead-in it hangs from (« Parmi les Français
        # interrogés : » … « • 64 % … »)
        window |= lead_in_terms(idx, c.row, c.sentence)
        return window, passage

    return read


@dataclass(frozen=True)
class Choice:
    answer: Answer | None
    confidence: float  # the judge's probability that the report answers
    highlight: tuple[int, int] | None  # offsets inside answer.text
    candidates: tuple[Candidate, ...] = ()
    scores: tuple[float, ...] = ()


def choose(
    idx: LoadedIndex,
    res: AnswerResources,
    model: AnswerModel,
    ev: Evidence,
    fused: Sequence[Retrieved],
    confidence: float | None = None,
    reader: CandidateReader | None = None,
) -> Choice:
    """The best sentence span among the top passages, and the judge's confidence.

    ``confidence``: the judge's, already read on another order of the passages
    (``qa.rerank``): the judge is not asked again. ``reader``: the question's candidate
    sentences as already read for that other order (see ``scored``)."""
    if confidence is None:
        cands, probs, confidence = scored(idx, res, model, ev, fused, reader)
    else:
        cands = (reader or CandidateReader(ev)).candidates(passages(idx, res, fused))
        probs = ranker_probabilities(model, cands)
    return quote_best(idx, ev, model, cands, probs, confidence, res)


def quote_best(
    idx: LoadedIndex,
    ev: Evidence,
    model: AnswerModel,
    cands: Sequence[Candidate],
    probs: Sequence[float],
    confidence: float,
    res: AnswerResources | None = None,
) -> Choice:
    """The answer quoted around the likeliest candidate (no answer without candidates).
    ``res``: the index's resources, to give a source question the reference of the clause it
    names and a content question no bare reference (``qa.references``)."""
    if not cands:
        return Choice(None, confidence, None)
    best = max(range(len(cands)), key=lambda i: probs[i])
    if res is not None:
        best = note_of_likelier_clause(idx, ev, cands, probs, best, res.clauses)
        best = note_of_named_clause(res, ev, cands, probs, best, model)
        best = beyond_references(idx, ev, cands, probs, best)
        ranked = Ranked(idx, ev, cands, probs, model.neighbour_margin)
        for rule in NAMING_RULES:  # qa.naming: by what a sentence names or holds
            best = rule(ranked, best)
        cands, probs, best = claim_of_chosen_note(idx, ev, cands, probs, best, res.clauses)
        cands, probs, best = note_of_chosen_sentence(
            idx, res.note_rows, ev, cands, probs, best, res.clauses
        )
    answer, highlight = _quote(idx, ev, cands, probs, best, model.neighbour_margin)
    return Choice(answer, confidence, highlight, tuple(cands), tuple(probs))


def ranker_probabilities(model: AnswerModel, cands: Sequence[Candidate]) -> list[float]:
    """The sentence ranker's probability for each candidate."""
    if not cands:
        return []
    return [float(p) for p in model.ranker.probabilities([c.features for c in cands])]


def scored(
    idx: LoadedIndex,
    res: AnswerResources,
    model: AnswerModel,
    ev: Evidence,
    fused: Sequence[Retrieved],
    reader: CandidateReader | None = None,
) -> tuple[list[Candidate], list[float], float]:
    """The candidate sentences of the top passages, the ranker's probabilities and the judge's
    confidence (0 without candidates), without quoting.

    ``reader``: the question's ``CandidateReader`` when another order of the same passages
    is read too (``qa.rerank``): the sentences both orders share are read once."""
    cands = (reader or CandidateReader(ev)).candidates(passages(idx, res, fused))
    if not cands:
        return cands, [], 0.0
    probs = ranker_probabilities(model, cands)
    qf = question_features(
        ev, cands, probs, unknown_mass(ev.weights, idx.idf), terms_reader(idx, res)
    )
    return cands, probs, float(model.judge.probabilities([qf])[0])


def _quote(
    idx: LoadedIndex,
    ev: Evidence,
    cands: Sequence[Candidate],
    probs: Sequence[float],
    best: int,
    margin: float,
) -> tuple[Answer, tuple[int, int] | None]:
    chosen = cands[best]
    wants_list = ev.asked.kind == "list"
    chosen_logits = _logits_in(cands, probs, chosen.row)
    says_it = not wants_list and _lead_in_says_it(
        idx, ev, chosen.row, chosen.sentence, chosen_logits
    )
    lead_in_answers = says_it or _holds_asked(
        ev, sentence_text(idx.chunks[chosen.row], chosen.sentence)
    )
    row, j = items_across(
        idx.chunks,
        chosen.row,
        chosen.sentence,
        lead_in_answers,
        # (only a lead-in's items may move: the best item is read for it alone)
        None
        if wants_list or not is_lead_in(idx.chunks[chosen.row], chosen.sentence)
        else _likeliest(idx.chunks, cands, probs, chosen),
    )
    items_moved = row != chosen.row
    if not items_moved:
        row, j = _where_it_goes_on(idx.chunks, row, j, ev)
    chunk = idx.chunks[row]
    logits = chosen_logits
    if row != chosen.row:
        logits = {**_logits_in(cands, probs, row), j: logit(probs[best])}
    # items quoted from the passage after the lead-in's are quoted as a list
    alone = span_for(
        chunk,
        j,
        wants_list or items_moved,
        _nth_item_first(chunk, j, _own_scores(cands, row, logits), ev.asked.ordinal),
        # (an item asked by its rank is never the lead-in's own words)
        says_it and not items_moved and ev.asked.ordinal is None,
        MAX_LIST_CHARS if wants_list or items_moved else MAX_SPAN_CHARS,
    )
    first, last = alone
    if chunk.kind == "note" and fits(chunk, 0, len(chunk.sentences) - 1):
        first, last = 0, len(chunk.sentences) - 1  # a note answers whole: it is one reference
    # a question asking two things may need a sentence for each: room for both
    limit = MAX_SPAN_CHARS * min(ev.asked.parts, 2)
    # a neighbour nearly as likely (within ``margin`` in log-odds) joins with what it brings
    # (a lead-in its items), one per part asked; two whole sentences get up to
    # ``MAX_JOINED_CHARS`` rather than one of them cut to ``MAX_SPAN_CHARS``
    joined_limit = max(limit, MAX_JOINED_CHARS)
    first, last = join_neighbours(
        chunk,
        (first, last),
        logits,
        logit(probs[best]) - margin,
        ev.asked.parts,
        wants_list,
        joined_limit,
    )
    continued = False
    if chunk.kind == "body":  # « Celui-ci … » quoted with what « celui-ci » is
        first, last = with_antecedent(chunk, j, (first, last), joined_limit)
        if last == j and _lists_after(ev, chunk, j):
            # the things asked are listed right after ``j``: quoted with it when both fit,
            # else in its place (« Le X est … Les Y autorisés sont les suivants : A, B, … »)
            continued = fits(chunk, first, j + 1, joined_limit)
            if continued:
                last = j + 1
            else:
                j = first = last = j + 1
        elif last == j and not _asks_several(ev):
            terms = idx.sentence_terms[idx.sentence_rows(row).start :]
            continued = _continues_with_asked(
                ev, chunk, j, first, joined_limit
            ) or _goes_on_with_missing(ev, chunk, terms, first, j, joined_limit)
            last += continued
    start, end = chunk.sentences[first].start, chunk.sentences[last].end
    if (first, last) != alone and chunk.kind != "note":
        limit = max(limit, min(end - start, joined_limit))
    elif alone[1] > alone[0] and (wants_list or items_moved):
        limit = max(limit, min(end - start, MAX_LIST_CHARS))  # a list's items, whole

    def cover(text: str) -> float:
        return coverage(ev.weights, _clause_terms(text))

    if end - start > limit:
        # an over-long sentence is cut to the clauses that hold the kind asked (« à compter
        # du 1er janvier 2024 » for « depuis quand … ? »), then to those covering the question
        start, end = clause_window(chunk.text, start, end, _holding_kind(ev, cover), limit)
    # a lead-in's key phrase is its likeliest item quoted (what answers), not its own words,
    # unless the lead-in itself holds what is asked (« … pilote 3 projets : » for « combien »)
    focus = (
        j
        if _holds_asked(ev, sentence_text(chunk, j))
        else _focus(chunk, j, (first, last), logits, (start, end))
    )
    focus = _holding_asked(ev, chunk, focus, (first, last), (start, end))
    if continued and chunk.sentences[last].end <= end:
        focus = last
    sent = chunk.sentences[focus]
    sentence = chunk.text[sent.start : sent.end]
    a, b = key_phrase(
        sentence,
        ev.asked.kind,
        ev.asked.counted,
        cover,
        ev.asked.several,
        given=ev.figures,
        names=ev.names,
        common=ev.common_words,
    )
    if ev.asked.kind == "meaning" and chunk.kind != "glossary":  # a glossary row is whole
        a, b = defined_long_form(sentence, ev.names) or (a, b)
    a, b = max(a + sent.start, start), min(b + sent.start, end)
    highlight = (a - start, b - start) if b > a else None
    numbers: list[int] = []
    for s in chunk.sentences[first : last + 1]:
        numbers += [n for n in s.footnotes if n not in numbers]
    answer = Answer(
        text=chunk.text[start:end],
        passage_id=chunk.id,
        document=chunk.document,
        start=start,
        end=end,
        page=_cited_page(chunk, (a, b), sent, (start, end), wants_list and last > first),
        section=chunk.section,
        footnotes=tuple(idx.footnotes_of(chunk, numbers)),
        score=round(probs[best], 4),
        highlight=highlight,
    )
    return answer, highlight


def _cited_page(
    chunk: Chunk, key: tuple[int, int], sent: Sentence, quote: tuple[int, int], listed: bool
) -> int:
    """The page an answer is cited on: where its key phrase stands (else its sentence), or,
    for a list asked and quoted over several sentences, where most of the quote stands: the
    items asked for are all the answer, and a list that runs over a page break is read
    where most of its items are, not where the likeliest one is."""
    if listed:
        return page_of_span(chunk, *quote)
    a, b = key
    return page_of_span(chunk, a, b) if b > a else page_of_span(chunk, sent.start, sent.end)


def _holding_kind(ev: Evidence, cover: Callable[[str], float]) -> Callable[[str], float]:
    """``cover``, plus 1 for a stretch that holds a span of the kind the question asks (a
    date, a number, an amount, a name), when it asks one; an inline enumeration, when it
    asks for several things; else a noun of the kind its « quel X » asks (``SAME_KIND``)."""
    flag = FLAG_OF_KIND.get(ev.asked.kind or "")
    if flag is None and ev.asked.several:
        # « quels principes … ? »: a clause enumerating things inline (« l'éthique, la
        # souveraineté et la durabilité ») holds what is asked

        def listing(text: str) -> float:
            return cover(text) + float(enumeration(text) is not None)

        return listing
    if flag is None and ev.target_stem is not None:
        # « Quel texte a créé … ? »: the clause naming a thing of the kind asked (« La loi
        # de … ») holds what is asked, however many of the question's words the rest holds

        def naming(text: str) -> float:
            return cover(text) + float(bool(ev.target_stems & _clause_terms(text)))

        return naming
    if flag is None:
        return cover

    def score(text: str) -> float:
        return cover(text) + float(sentence_facts(text, ev.common_words).holds(flag))

    return score


def defined_long_form(sentence: str, names: frozenset[str]) -> tuple[int, int] | None:
    """Offsets of the long form of an acronym the question names, when ``sentence`` defines it
    (« … le Centre de Ressources Numériques (CRN) … » for « que veut dire CRN ? »)."""
    analyzer = shared_analyzer()
    for d in definitions(sentence):
        if names.intersection(analyzer.terms(d.acronym)):
            return d.start, d.end
    return None


def items_across(
    chunks: Sequence[Chunk],
    row: int,
    j: int,
    lead_in_answers: bool = False,
    likeliest: str | None = None,
) -> tuple[int, int]:
    """Where a chosen sentence is quoted from (chunk row, sentence). A lead-in whose items
    run past its passage's end is quoted from the next passage (same place), which goes on
    with them (passages share a sentence with their neighbour): from the lead-in itself when
    it ends its passage and starts the next one; else from the next passage's first item,
    when that passage holds more of the items than this one does, the lead-in does not
    itself answer (« … définit 5 principes : » for « combien de principes ») and the item
    that answers best (``likeliest``, its text) is not left behind."""
    chunk = chunks[row]
    if row + 1 >= len(chunks) or not is_lead_in(chunk, j):
        return row, j
    after = chunks[row + 1]
    if (after.document, after.section) != (chunk.document, chunk.section):
        return row, j
    continued = list_around(after, 0)
    if continued is None:
        return row, j
    last = len(chunk.sentences) - 1
    if j == last:
        return (row + 1, 0) if after.text.startswith(sentence_text(chunk, j)) else (row, j)
    found = list_around(chunk, j)
    if lead_in_answers or found is None or found[1] != last:
        return row, j  # the list ends inside this passage
    items_here = [sentence_text(chunk, k) for k in range(j + 1, last + 1)]
    if sentence_text(after, 0) not in items_here or continued[1] + 1 <= len(items_here):
        return row, j
    items_after = {sentence_text(after, k) for k in range(continued[1] + 1)}
    if likeliest in items_here and likeliest not in items_after:
        return row, j  # the item that answers stands before the next passage starts
    return row + 1, 0


def _likeliest(
    chunks: Sequence[Chunk], cands: Sequence[Candidate], probs: Sequence[float], chosen: Candidate
) -> str | None:
    """The text of the sentence after ``chosen``, in its passage or the next, that answers
    best by its own words and meaning (``_own_scores``)."""
    best: tuple[float, str] | None = None
    for row in (chosen.row, chosen.row + 1):
        for k, score in _own_scores(cands, row, _logits_in(cands, probs, row)).items():
            if (row, k) > (chosen.row, chosen.sentence) and (best is None or score > best[0]):
                best = (score, sentence_text(chunks[row], k))
    return None if best is None else best[1]


def _holds_asked(ev: Evidence, sentence: str) -> bool:
    """Does the sentence hold the fact asked: for « combien de X », a number of X; for
    another factual kind (a date, an amount…), a span of that kind."""
    if ev.asked.counted:
        return counts_of(sentence, ev.asked.counted, ev.asked.english, ev.names)
    flag = FLAG_OF_KIND.get(ev.asked.kind or "")
    return flag is not None and sentence_facts(sentence, ev.common_words).holds(flag)


def _continues_with_asked(ev: Evidence, chunk: Chunk, j: int, first: int, limit: int) -> bool:
    """Does the sentence after ``j``, in its paragraph, go on about ``j``'s subject (« Il … »,
    « Porté par X, il … ») and hold the fact asked? (« Le club a été fondé en 1920. Présidé
    par Y, il compte … » for « qui préside le club ? »: the answer is in the sentence that
    names no club; « … était en 1990 le premier port … Il se situe désormais à la quatrième
    place. »: the later fact goes on from the earlier.) Or, for « quel X … ? », does it name
    the X that ``j`` does not (« … C'est ainsi qu'est né un diplôme « Y » … »)? Or, for
    « pourquoi … ? », does it give the cause ``j`` does not (« … car … »)? Or, going on about
    ``j``'s subject, does it hold a question word the report uses that ``j`` lacks (« X
    participe à … Elle complète également l'offre aux ENTREPRISES … »)? Then it joins the
    quote, when both fit in ``limit``. (A question asking for several things reads
    ``_lists_after`` instead.)"""
    if not _goes_on(chunk, j) or not fits(chunk, first, j + 1, limit):
        return False
    chosen, following = sentence_text(chunk, j), sentence_text(chunk, j + 1)
    said, goes_on = set(shared_analyzer().terms(chosen)), set(shared_analyzer().terms(following))
    if opens_with_anaphor(following) and (
        tells_asked(ev, following) or _adds_asked_words(ev, goes_on - said)
    ):
        return True
    # « Pourquoi X a-t-il été confié à Y ? »: « … a été confié à Y. Cette décision avait été
    # prise car … »: the cause goes on in the next sentence
    if ev.asks_cause and not states_cause(chosen) and states_cause(following):
        return True
    # « quel certificat … ? »: the sentence after names the thing asked that ``j`` does not
    # (« … a participé à la formation … C'est ainsi que sont nés un certificat « X » … »)
    # (English puts the noun phrase's head last: any of its words, "which university
    # CERTIFICATE")
    targets = ev.target_phrase_stems or {ev.target_stem} - {None}
    if ev.asked.kind is not None or not targets:  # a kind's noun: « quelle part », « quelle date »
        return False
    return any(t not in said and t in goes_on for t in targets)


def _adds_asked_words(ev: Evidence, added: set[str]) -> bool:
    """Is one of the ``added`` terms a question word the report uses (a word no passage
    uses weighs ``RAREST``: no sentence could hold it)?"""
    return any(t in added for t, w in ev.weights.items() if w < RAREST)


_COV, _SIM = CANDIDATE_FEATURES.index("cov"), CANDIDATE_FEATURES.index("sim")


def _own_scores(cands: Sequence[Candidate], row: int, logits: dict[int, float]) -> dict[int, float]:
    """How well each sentence of passage ``row`` answers by its own words and meaning (its
    coverage of the question and its similarity), the log-odds breaking ties: the items of one
    lead-in are told apart by what each says, not by the features their neighbours share."""
    return {
        c.sentence: c.features[_COV] + c.features[_SIM] + 1e-3 * logits.get(c.sentence, 0.0)
        for c in cands
        if c.row == row
    }


def _nth_item_first(
    chunk: Chunk, j: int, scores: dict[int, float], ordinal: int | None
) -> dict[int, float]:
    """``scores`` with the item asked by its rank (« son second sous-objectif ») made the
    likeliest of the list sentence ``j`` belongs to: the items are quoted around it."""
    if ordinal is None:
        return scores
    found = list_around(chunk, j)
    if found is None:
        return scores
    items = [k for k in range(found[0], found[1] + 1) if not is_lead_in(chunk, k)]
    if not items or ordinal > len(items):
        return scores
    top = max(scores.values(), default=0.0)
    return {**scores, items[ordinal - 1 if ordinal > 0 else -1]: top + 1.0}


def _logits_in(cands: Sequence[Candidate], probs: Sequence[float], row: int) -> dict[int, float]:
    """The log-odds of the candidates of passage ``row``, by sentence index."""
    return {c.sentence: logit(p) for c, p in zip(cands, probs, strict=True) if c.row == row}


def _lead_in_says_it(
    idx: LoadedIndex, ev: Evidence, row: int, j: int, logits: dict[int, float]
) -> bool:
    """Does lead-in ``j`` itself say what a question asking no list asks? (« La plateforme
    entend « garantir l'accès … » et cite quelques cas d'usages : » for « Qu'entend garantir
    la plateforme ? »): it holds the question's heaviest word and the likeliest of its items
    does not. Then it is quoted first, its items after it as they fit."""
    chunk = idx.chunks[row]
    found = list_around(chunk, j)
    if not ev.weights or found is None or found[0] != j or not is_lead_in(chunk, j):
        return False
    rows = idx.sentence_rows(row)
    terms = idx.sentence_terms[rows.start : rows.stop]
    heaviest = max(ev.weights, key=lambda t: ev.weights[t])
    items = range(j + 1, found[1] + 1)
    best = max(items, key=lambda k: (logits.get(k, float("-inf")), -k))
    return heaviest in terms[j] and heaviest not in terms[best]


def _goes_on_with_missing(
    ev: Evidence,
    chunk: Chunk,
    terms: Sequence[frozenset[str]],
    first: int,
    j: int,
    limit: int,
) -> bool:
    """Does the sentence after ``j``, in its paragraph, hold the heaviest question word the
    quote lacks? (« Quel objectif pour la télésurveillance d'ici 2025 ? » quoted with « …
    atteindre 35 % … des téléconsultations … en 2025. » goes on, in the same bullet, with
    « Plus de 15 services de télésurveillance … ».) Then it joins the quote, when both fit in
    ``limit``. ``terms``: the chunk's sentences' terms, as the index holds them."""
    if not ev.weights or not _goes_on(chunk, j) or not fits(chunk, first, j + 1, limit):
        return False
    quoted = frozenset().union(*terms[first : j + 1])
    missing = [t for t in ev.weights if t not in quoted]
    if not missing:
        return False
    heaviest = max(missing, key=lambda t: ev.weights[t])
    return any(_same_stem(heaviest, t) for t in terms[j + 1])


SAME_STEM_MIN_CHARS = AnswerShape.same_stem_min_chars


def _same_stem(a: str, b: str) -> bool:
    """Are two stems one word, one beginning the other? The stemmer cuts a participle and
    its noun differently (« pseudonymisées » → « pseudonymise », « pseudonymisation » →
    « pseudonymis »); a long enough stem that begins the other is the same word."""
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= SAME_STEM_MIN_CHARS and long.startswith(short))


def _where_it_goes_on(chunks: Sequence[Chunk], row: int, j: int, ev: Evidence) -> tuple[int, int]:
    """Where a chosen sentence is quoted from when it ends its passage: from the next passage
    (same place), which starts with it (passages share a sentence with their neighbour), when
    the sentence after it there goes on with the fact asked (``_continues_with_asked``).
    Else where it was chosen."""
    chunk = chunks[row]
    if chunk.kind != "body" or j != len(chunk.sentences) - 1 or row + 1 >= len(chunks):
        return row, j
    after = chunks[row + 1]
    if (
        (after.kind, after.document, after.section) != (chunk.kind, chunk.document, chunk.section)
        or not after.sentences
        or sentence_text(after, 0) != sentence_text(chunk, j)
        or _asks_several(ev)
        or not _continues_with_asked(ev, after, 0, 0, MAX_JOINED_CHARS)
    ):
        return row, j
    return row + 1, 0


def _goes_on(chunk: Chunk, j: int) -> bool:
    """Is there a sentence after ``j`` in its paragraph (on the same line or its run)?"""
    return same_paragraph(chunk, j, j + 1)


def _asks_several(ev: Evidence) -> bool:
    return ev.asked.kind == "list" or ev.asked.several


def _lists_after(ev: Evidence, chunk: Chunk, j: int) -> bool:
    """For a question asking several things: does ``j`` list nothing while the sentence after
    it, in its paragraph, lists them inline? (« X n'est pas sans risque. Outre …, des
    questions se posent (A, B, C). »)"""
    return (
        _asks_several(ev)
        and _goes_on(chunk, j)
        and enumeration(sentence_text(chunk, j)) is None
        and not is_lead_in(chunk, j)
        and enumeration(sentence_text(chunk, j + 1)) is not None
    )


def _holding_asked(
    ev: Evidence, chunk: Chunk, focus: int, span: tuple[int, int], quoted: tuple[int, int]
) -> int:
    """``focus``, unless a figure, a date or a name is asked that it does not hold and a
    sentence quoted whole beside it does (« Le projet X est retenu. Doté de 4 millions
    d’euros, il … » for « quel montant a reçu X ? »): the nearest such sentence. A focus
    holding a figure of the kind asked stays, its counted noun left implied (« 78 %
    redoutent … » under « … des Français : » for « combien de Français redoutent … ? »)."""
    flag = FLAG_OF_KIND.get(ev.asked.kind or "")
    sentence = sentence_text(chunk, focus)
    if flag is None or sentence_facts(sentence, ev.common_words).holds(flag):
        return focus  # what _holds_asked reads too, when no noun is counted
    if _holds_asked(ev, sentence):
        return focus
    holding = [
        k
        for k in range(span[0], span[1] + 1)
        if quoted[0] <= chunk.sentences[k].start
        and chunk.sentences[k].end <= quoted[1]
        and _holds_asked(ev, sentence_text(chunk, k))
    ]
    return min(holding, key=lambda k: (abs(k - focus), k), default=focus)


def _focus(
    chunk: Chunk,
    j: int,
    span: tuple[int, int],
    logits: dict[int, float],
    quoted: tuple[int, int],
) -> int:
    """The sentence whose key phrase is emphasised: the chosen one, or, for a lead-in (« … les
    mesures suivantes : »), the likeliest of its items standing whole in the quote."""
    if not is_lead_in(chunk, j):
        return j
    items = [
        k
        for k in range(span[0], span[1] + 1)
        if k != j
        and k in logits
        and quoted[0] <= chunk.sentences[k].start
        and chunk.sentences[k].end <= quoted[1]
    ]
    return max(items, key=lambda k: logits[k], default=j)


def join_neighbours(
    chunk: Chunk,
    span: tuple[int, int],
    logits: dict[int, float],
    floor: float,
    parts: int,
    wants_list: bool,
    limit: int,
) -> tuple[int, int]:
    """The quoted sentences (first, last) once likely neighbours join: the sentence after,
    then the one before, each when its log-odds (``logits``, by sentence index) reach
    ``floor``, with what it brings (a lead-in its items), one per part asked, as far as
    ``limit`` characters allow."""
    first, last = span
    joined = 0
    for k in (last + 1, first - 1):
        if joined >= parts:
            break
        if k in logits and logits[k] >= floor:
            lo, hi = span_for(chunk, k, wants_list)
            while hi > last and not fits(chunk, min(lo, first), hi, limit):
                hi -= 1
            while lo < first and not fits(chunk, lo, max(hi, last), limit):
                lo += 1
            first, last = min(lo, first), max(hi, last)
            joined += 1
    return first, last


def page_of_span(chunk: Chunk, start: int, end: int) -> int:
    """The page on which most of ``chunk.text[start:end]`` stands (the earlier page on a
    tie): a key phrase that runs over a page break is cited where the reader finds most of
    it, not where its first words are."""
    count: dict[int, int] = {}
    # the page changes only where a page or a sentence starts: counted piece by piece, not
    # character by character (the same counts)
    starts = {s for s, _page in chunk.page_starts} | {s.start for s in chunk.sentences}
    cuts = sorted({start, end, *(s for s in starts if start < s < end)}) if start < end else []
    for a, b in itertools.pairwise(cuts):
        visible = len("".join(chunk.text[a:b].split()))  # split() drops what isspace() is
        if visible:
            page = chunk.page_at(a)
            count[page] = count.get(page, 0) + visible
    if not count:
        return chunk.page_at(start)
    return max(sorted(count), key=lambda page: count[page])


@lru_cache(maxsize=1)
def _framing() -> frozenset[str]:
    """Framing words as every ``Analyzer`` analyses them (one configuration: French)."""
    return framing_terms(shared_analyzer().terms)


# the clauses of the report's sentences, analysed once: the same few thousand are weighed
# for question after question when the quote is cut to its key phrase (bounded: about a KB
# each, and the server's memory budget is tight)
@lru_cache(maxsize=4096)
def _clause_terms(text: str) -> frozenset[str]:
    return frozenset(shared_analyzer().terms(text))
