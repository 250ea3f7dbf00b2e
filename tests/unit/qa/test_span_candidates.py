"""Two-sentence span candidates: made where they may be, read on their union, quoted whole,
ignored by the judge, and labelled for fitting as ``FitOptions.span_labels`` says (tiny
literal passages, no index)."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from santeqa.evaluate import Gold
from santeqa.qa.answer import _quote
from santeqa.qa.examples import Example
from santeqa.qa.facts import sentence_facts
from santeqa.qa.features import (
    CANDIDATE_FEATURES,
    Candidate,
    CandidateReader,
    Evidence,
    Passage,
    question_features,
)
from santeqa.qa.model import AnswerModel, Logistic, load_model
from santeqa.qa.question import Asked
from santeqa.qa.train import FitOptions, _ranked
from santeqa.records import Chunk, Sentence
from santeqa.text import Analyzer

ANALYZER = Analyzer()
F = {n: i for i, n in enumerate(CANDIDATE_FEATURES)}

SENTENCES = (
    "Selon le conseil municipal, la rénovation de la piscine Jean-Bouin avance.",
    "Les travaux coûteront 4 millions d’euros.",
    "Les horaires d’été sont les suivants :",
    "• le matin de 8 h à 12 h ;",
    "• le soir de 17 h à 21 h.",
    "Le club de natation " + "reprendra ses entraînements à la rentrée " * 15 + "prochaine.",
)


def _chunk(*sentences: str, kind: str = "body") -> Chunk:
    text, spans, at = "", [], 0
    for s in sentences:
        spans.append(Sentence(at, at + len(s), 1))
        text += s + " "
        at = len(text)
    return Chunk("c", "d.txt", 1, (1,), ("S",), text.rstrip(), (), tuple(spans), kind=kind)


def _passage(chunk: Chunk, dense: list[float], norms: list[float]) -> Passage:
    texts = [chunk.text[s.start : s.end] for s in chunk.sentences]
    sentence_terms = [frozenset(ANALYZER.terms(t)) for t in texts]
    return Passage(
        row=0,
        chunk=chunk,
        first_sentence_row=0,
        terms=frozenset().union(*sentence_terms),
        sentence_terms=sentence_terms,
        facts=[sentence_facts(t) for t in texts],
        is_reference=False,
        dense=0.8,
        joined_norms=norms,
    )


def _evidence(question: str, kind: str | None, dense: list[float]) -> Evidence:
    return Evidence(
        asked=Asked(kind=kind, source=False, english=False, counted=None),
        weights={t: 1.0 for t in ANALYZER.terms(question)},
        counted_stem=None,
        names=frozenset(),
        sentence_dense=np.asarray(dense, dtype=np.float32),
        chunk_dense=np.asarray([0.8], dtype=np.float32),
        lexical=np.asarray([3.0], dtype=np.float32),
    )


DENSE = [0.80, 0.60, 0.3, 0.2, 0.2, 0.1]
NORMS = [1.5, 1.2, 1.9, 1.9, 1.4, 1.0]
QUESTION = "Combien coûte la rénovation de la piscine ?"


def _read(spans: bool, kind: str | None = "money") -> list[Candidate]:
    chunk = _chunk(*SENTENCES)
    reader = CandidateReader(_evidence(QUESTION, kind, DENSE), spans=spans)
    return reader.candidates([_passage(chunk, DENSE, NORMS)])


def test_spans_pair_neighbours_outside_lists_within_the_joined_limit() -> None:
    spans = [c.sentences for c in _read(spans=True) if c.is_span]
    # 0-1 only: 1-2 ends on a lead-in, 2-3 and 3-4 are in the list, 4-5 too, and 5 is long
    # but 4 is a bullet; no span crosses a list
    assert spans == [(0, 1)]
    assert not any(c.is_span for c in _read(spans=False))


def test_a_long_pair_is_no_span() -> None:
    long = "Le bassin " + "sera chauffé par une pompe à chaleur " * 16 + "neuve."
    chunk = _chunk(SENTENCES[0], long)
    reader = CandidateReader(_evidence(QUESTION, None, [0.8, 0.6]), spans=True)
    cands = reader.candidates([_passage(chunk, [0.8, 0.6], [1.5, 1.0])])
    assert len(chunk.text) > 600 and not any(c.is_span for c in cands)


def test_a_span_is_read_on_its_union() -> None:
    cands = _read(spans=True)
    span = next(c for c in cands if c.is_span)
    first, second = (next(c for c in cands if c.sentences == (k, k)) for k in (0, 1))
    f = span.features
    assert f[F["span"]] == 1.0 and first.features[F["span"]] == 0.0
    # the question's terms are in the first sentence, the amount asked in the second
    assert f[F["type_match"]] == 1.0 and first.features[F["type_match"]] == 0.0
    assert f[F["span_second_kind"]] == 1.0
    assert f[F["cov"]] >= max(first.features[F["cov"]], second.features[F["cov"]])
    assert f[F["span_cov_gain"]] == pytest.approx(
        f[F["cov"]] - max(first.features[F["cov"]], second.features[F["cov"]])
    )
    # its similarity: the question's with the normalised sum of the two sentence vectors
    assert f[F["sim"]] == pytest.approx((0.80 + 0.60) / 1.5)
    assert f[F["length"]] == pytest.approx(math.log(1 + len(span.text)) / 6.0)
    assert span.text == SENTENCES[0] + " " + SENTENCES[1]


def test_reading_spans_leaves_the_sentences_features_as_they_were() -> None:
    alone = _read(spans=False)
    with_spans = [c for c in _read(spans=True) if not c.is_span]
    assert [c.features for c in with_spans] == [c.features for c in alone]


def test_the_judge_reads_the_sentences_only() -> None:
    ev = _evidence(QUESTION, "money", DENSE)
    cands = _read(spans=True)
    sentences = [c for c in cands if not c.is_span]
    # the span is the likeliest candidate: the judge still reads the best sentence
    scores = [0.9 if c.is_span else 0.5 - 0.01 * c.sentence for c in cands]
    alone = [s for c, s in zip(cands, scores, strict=True) if not c.is_span]

    def terms_of(c: Candidate) -> tuple[frozenset[str], frozenset[str]]:
        return frozenset(ANALYZER.terms(c.text)), frozenset()

    assert question_features(ev, cands, scores, 0.0, terms_of) == question_features(
        ev, sentences, alone, 0.0, terms_of
    )


def test_a_chosen_span_is_quoted_whole_with_the_key_phrase_in_the_sentence_that_answers() -> None:
    chunk = _chunk(*SENTENCES)
    idx = SimpleNamespace(chunks=[chunk], footnotes_of=lambda chunk, numbers=None: [])
    ev = _evidence(QUESTION, "money", DENSE)
    cands = _read(spans=True)
    best = next(i for i, c in enumerate(cands) if c.is_span)
    probs = [0.9 if c.is_span else 0.2 for c in cands]
    answer, highlight = _quote(idx, ev, cands, probs, best, margin=2.5)  # type: ignore[arg-type]
    assert answer.text == SENTENCES[0] + " " + SENTENCES[1]
    assert highlight is not None
    assert answer.text[highlight[0] : highlight[1]].startswith("4 millions")


def _example(cands: list[Candidate], labels: list[int]) -> Example:
    gold = Gold("x1", "q ?", True, ("4 millions",), (), 1, "fact-number")
    ev = _evidence(QUESTION, "money", DENSE)
    return Example(gold, ev, (), tuple(cands), tuple(labels), 0.0, lambda c: (frozenset(),) * 2)


def test_fitting_reads_spans_as_the_options_say() -> None:
    cands = _read(spans=True)
    # sentence 1 holds the answer, and so does the span 0-1 that contains it
    labels = [int(c.sentences in ((1, 1), (0, 1))) for c in cands]
    e = _example(cands, labels)
    off = _ranked(e, FitOptions())
    assert not any(c.is_span for c in off.candidates) and sum(off.labels) == 1
    assert _ranked(e, FitOptions(span_candidates=True)) is e
    neutral = _ranked(e, FitOptions(span_candidates=True, span_labels="neutral"))
    assert not any(c.is_span for c in neutral.candidates)
    shorter = _ranked(e, FitOptions(span_candidates=True, span_labels="shorter"))
    assert [y for c, y in zip(shorter.candidates, shorter.labels, strict=True) if c.is_span] == [0]
    # a span right only as a whole (its terms spread over both sentences) stays right
    spread = _example(cands, [int(c.is_span) for c in cands])
    kept = _ranked(spread, FitOptions(span_candidates=True, span_labels="shorter"))
    assert [y for c, y in zip(kept.candidates, kept.labels, strict=True) if c.is_span] == [1]


def test_the_model_file_says_whether_spans_are_candidates(tmp_path: Path) -> None:
    n = len(CANDIDATE_FEATURES)
    ranker = Logistic(CANDIDATE_FEATURES, np.zeros(n), np.ones(n), np.zeros(n), 0.0)
    judge = Logistic(("best",), np.zeros(1), np.ones(1), np.zeros(1), 0.0)
    model = AnswerModel(ranker, judge, 0.5, 2.5, "0" * 64, ("literal",))
    for spans in (False, True):
        path = tmp_path / f"m{spans}.json"
        replace(model, spans=spans).save(path)
        assert load_model(path).spans is spans
