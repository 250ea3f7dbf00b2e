"""Extractive answers: pick the sentence (or two adjacent ones) that best answers, or abstain.

No model call happens here: sentence vectors were computed at index time and the question's
similarity to each was computed once during retrieval.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from santeqa.index import LoadedIndex
from santeqa.qa.retrieve import Candidate, RetrievalScores
from santeqa.records import Answer, Chunk
from santeqa.text import Analyzer
from santeqa.tunables import AnswerWeights

_TYPE_PATTERNS = {
    # a number that is not a year, or a number word
    "quantity": re.compile(
        r"(?<![\d])(?!(?:19|20)\d\d(?!\d))\d+|\b(deux|trois|quatre|cinq|six|sept|huit|neuf|"
        r"dix|vingt|cent|mille|moitié|tiers|quart|majorité)\b",
        re.IGNORECASE,
    ),
    "date": re.compile(
        r"\b(1[89]|20)\d\d\b|\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
        r"octobre|novembre|décembre)\b",
        re.IGNORECASE,
    ),
    "money": re.compile(r"(€|\beuros?\b|\bM€|\bMd€|\$|\bdollars?\b)", re.IGNORECASE),
}
_NAME = re.compile(r"\b(M\.|Mme|Dr|Pr|[A-ZÉ][a-zà-ÿ]+)[ -]([A-ZÉ][a-zà-ÿ]+)")


def _is_reference(idx: LoadedIndex, chunk: Chunk) -> bool:
    """A note that points to a source (it has a URL) rather than explaining something."""
    return any(n.urls for n in idx.footnotes_of(chunk))


def fits_type(kind: str, sentence: str, common: frozenset[str]) -> bool:
    """Could the sentence hold an answer of this kind (a number, an amount, a name)?

    A person's name is two capitalised words in a row of which the first is a title or a
    word the corpus never writes in lower case (« Stéphane Canu », not « Région Normandie »).
    """
    if kind == "person":
        return any(
            m.group(1) in ("M.", "Mme", "Dr", "Pr") or m.group(1).lower() not in common
            for m in _NAME.finditer(sentence)
        )
    pattern = _TYPE_PATTERNS.get(kind)
    return pattern is None or bool(pattern.search(sentence))


NOT_ANSWERED = "Le rapport ne répond pas à cette question."
ANSWERED = "Réponse extraite du rapport (à vérifier dans les sources citées)."


@dataclass(frozen=True)
class Choice:
    answer: Answer | None
    confidence: float


def coverage(
    question_terms: Sequence[str],
    text_terms: frozenset[str],
    idf: dict[str, float],
    unknown_idf: float = AnswerWeights.unknown_term_idf,
) -> float:
    """IDF-weighted share of the question's terms present in a text (0..1); a term the
    passages never use weighs ``unknown_idf``."""
    wanted = set(question_terms)
    if not wanted:
        return 0.0
    weights = [idf.get(t, unknown_idf) for t in wanted]
    total = sum(weights)
    found = sum(w for t, w in zip(wanted, weights, strict=True) if t in text_terms)
    return found / total if total else 0.0


_CLAUSE_END = re.compile(r"[,;:)»–-]\s+|\s+[(«–-]\s*")


@lru_cache(maxsize=1)
def _analyzer() -> Analyzer:
    return Analyzer()


def _best_window(
    text: str,
    start: int,
    end: int,
    terms: Sequence[str],
    idf: dict[str, float],
    weights: AnswerWeights,
) -> tuple[int, int]:
    """Within an over-long sentence, the run of whole clauses of at most
    ``weights.max_answer_chars`` that holds most of the question's terms (still a verbatim
    extract)."""
    limit = weights.max_answer_chars
    cuts = [start] + [start + m.end() for m in _CLAUSE_END.finditer(text[start:end])] + [end]
    best: tuple[float, int, int, int] | None = None  # (coverage, -length, a, b)
    for i, a in enumerate(cuts[:-1]):
        for b in cuts[i + 1 :]:
            if b - a > limit:
                break
            cov = coverage(
                terms, frozenset(_analyzer().terms(text[a:b])), idf, weights.unknown_term_idf
            )
            key = (cov, b - a, a, b)  # more coverage, then the longer run
            if best is None or key > best:
                best = key
    if best is None:  # no clause boundary close enough: cut at a word boundary
        cut = text.rfind(" ", start, start + limit)
        return start, cut if cut > start else start + limit
    _cov, _len, a, b = best
    return a, a + len(text[a:b].rstrip(" ,;:–-"))  # no trailing space or comma


def _joined(
    chunk: Chunk, j: int, value: float, values: dict[int, float], weights: AnswerWeights
) -> tuple[int, int]:
    """First and last sentence of the answer around sentence ``j`` (scored ``value``; the
    passage's sentences scored ``values``): an introduction ending with a colon, or a close
    neighbour, joins it."""
    first, last = j, j
    sent = chunk.sentences[j]
    nxt = j + 1
    if nxt < len(chunk.sentences):
        lead_in = chunk.text[sent.start : sent.end].rstrip().endswith(":")
        close = values.get(nxt, -1.0) >= value - weights.neighbour_margin
        if (lead_in or close) and chunk.sentences[nxt].end - sent.start <= weights.max_answer_chars:
            last = nxt
    if last == first and j > 0:
        prev = chunk.sentences[j - 1]
        close = values.get(j - 1, -1.0) >= value - weights.neighbour_margin
        prev_lead_in = chunk.text[prev.start : prev.end].rstrip().endswith(":")
        if (close or prev_lead_in) and sent.end - prev.start <= weights.max_answer_chars:
            first = j - 1
    return first, last


def choose(
    idx: LoadedIndex,
    scores: RetrievalScores,
    candidates: Sequence[Candidate],
    weights: AnswerWeights = AnswerWeights(),
) -> Choice:
    """The best sentence span among the top passages, with a confidence score."""
    q = scores.question
    idf = idx.idf
    best: tuple[float, int, int, float] | None = None  # (score, rank, sentence idx, cov)
    per_sentence: dict[tuple[int, int], float] = {}
    for rank, cand in enumerate(candidates[: weights.passages]):
        chunk = idx.chunks[cand.row]
        rows = idx.sentence_rows(cand.row)
        as_source = chunk.kind == "note" and scores.question.source
        context: frozenset[str] = frozenset()
        if as_source:
            context = idx.citing_terms.get((chunk.document, chunk.footnotes[0]), frozenset())
        unknown = weights.unknown_term_idf
        passage_cov = coverage(q.terms, idx.chunk_terms[cand.row] | context, idf, unknown)
        for j, sent in enumerate(chunk.sentences):
            sim = float(scores.sentence_dense[rows.start + j])
            terms = idx.sentence_terms[rows.start + j]
            if as_source:
                # a note answers a question about a source: it is scored with the sentences
                # citing it (its passage vector) and gets a bonus
                sim = max(sim, float(scores.chunk_dense[cand.row])) + weights.note_bonus
                terms = terms | context
            cov = coverage(q.terms, terms, idf, unknown)
            value = (
                sim
                + weights.coverage * cov
                + weights.passage_coverage * passage_cov
                - weights.rank * rank
            )
            if q.answer_type and not fits_type(
                q.answer_type, chunk.text[sent.start : sent.end], idx.common_words
            ):
                value -= weights.type_penalty
            if chunk.kind == "glossary" and not q.meaning:
                value -= weights.glossary_penalty
            if chunk.kind == "note" and not q.source and _is_reference(idx, chunk):
                value -= weights.reference_penalty
            per_sentence[(rank, j)] = value
            if best is None or value > best[0]:
                best = (value, rank, j, cov)
    if best is None:
        return Choice(None, 0.0)
    value, rank, j, _cov = best
    cand = candidates[rank]
    chunk = idx.chunks[cand.row]
    neighbours = {k: v for (r, k), v in per_sentence.items() if r == rank}
    first, last = _joined(chunk, j, value, neighbours, weights)
    start, end = chunk.sentences[first].start, chunk.sentences[last].end
    if end - start > weights.max_answer_chars:
        start, end = _best_window(chunk.text, start, end, q.terms, idf, weights)
    numbers: list[int] = []
    for s in chunk.sentences[first : last + 1]:
        numbers += [n for n in s.footnotes if n not in numbers]
    answer = Answer(
        text=chunk.text[start:end],
        passage_id=chunk.id,
        document=chunk.document,
        start=start,
        end=end,
        page=chunk.sentences[first].page,
        section=chunk.section,
        footnotes=tuple(idx.footnotes_of(chunk, numbers)),
        score=round(value, 4),
    )
    confidence = value + (weights.english_offset if q.english else 0.0)
    # nothing in the whole report is close to the question: its best similarity is the
    # confidence (below any sensible threshold), whatever the lexical overlap says
    closest = float(scores.sentence_dense.max()) if len(scores.sentence_dense) else 0.0
    floor = weights.min_similarity - (weights.english_similarity_offset if q.english else 0.0)
    if closest < floor:
        confidence = min(confidence, closest)
    return Choice(answer, confidence)
