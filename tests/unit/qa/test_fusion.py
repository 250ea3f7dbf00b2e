"""Reciprocal-rank fusion on more passages than the fusion depth, worked out by hand.

Five passages, depth 3, rrf_k 60, no sentence vectors (a passage's dense score is its own):

    dense    p0 .9  p1 .8  p2 .7 | p3 .6  p4 .5      top 3: p0 p1 p2
    lexical  p3 5   p2 4   p4 3  | p0 2   p1 0       top 3: p3 p2 p4

French question (lexical weight 1):
    p2 = 1/63 + 1/62 = .032002    p0 = 1/61 = .016393    p3 = 1/61 = .016393 (tie: p0 has
    the higher dense score)       p1 = 1/62 = .016129    p4 = 1/63 = .015873
    -> p2 p0 p3 p1 p4. With a depth of 5 (everything fused) p0 and p3 would pass p2.
English question (lexical weight 1/2):
    p2 = 1/63 + .5/62 = .023938   p0 = .016393   p1 = .016129   p3 = .5/61 = .008197
    p4 = .5/63 = .007937
    -> p2 p0 p1 p3 p4. With the full lexical weight p3 would pass p1.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from santeqa.embed import FakeEmbedder
from santeqa.index import load_index
from santeqa.qa.retrieve import Candidate, RetrievalScores, analyse, fuse, fuse_rankings, score
from santeqa.service import Engine
from santeqa.text import Analyzer
from santeqa.tunables import Fusion
from tests.tiny import document, tiny_index

DENSE = [0.9, 0.8, 0.7, 0.6, 0.5]
LEXICAL = [2.0, 0.0, 4.0, 5.0, 3.0]


def _scores(english: bool) -> tuple[Any, RetrievalScores]:
    idx = SimpleNamespace(sentence_offsets=[0] * (len(DENSE) + 1))  # no sentence vectors
    question = SimpleNamespace(english=english)
    s = RetrievalScores(
        question=question,  # type: ignore[arg-type]
        chunk_dense=np.array(DENSE, dtype=np.float32),
        sentence_dense=np.zeros(0, dtype=np.float32),
        lexical=np.array(LEXICAL, dtype=np.float32),
    )
    return idx, s


def test_french_fusion_order_and_scores() -> None:
    idx, s = _scores(english=False)
    fused = fuse(idx, s, depth=3, rrf_k=60)
    assert [c.row for c in fused] == [2, 0, 3, 1, 4]
    # the score is scaled so that first in both rankings would be 1
    assert fused[0].score == pytest.approx((1 / 63 + 1 / 62) * 61 / 2, abs=1e-6)
    assert fused[1].score == pytest.approx(1 / 61 * 61 / 2, abs=1e-6)
    assert (fused[0].dense, fused[0].lexical) == (pytest.approx(0.7), pytest.approx(4.0))
    assert fused[3].lexical == 0.0  # p1: no lexical evidence
    assert [c.row for c in fuse(idx, s, depth=3, rrf_k=60, limit=2)] == [2, 0]


def test_english_fusion_halves_the_lexical_ranking() -> None:
    idx, s = _scores(english=True)
    fused = fuse(idx, s, depth=3, rrf_k=60)
    assert [c.row for c in fused] == [2, 0, 1, 3, 4]
    assert fused[0].score == pytest.approx((1 / 63 + 0.5 / 62) * 61 / 1.5, abs=1e-6)
    # the weight is the record's: with the full weight, p3 passes p1
    full = fuse(idx, s, depth=3, rrf_k=60, weights=Fusion(english_lexical_weight=1.0))
    assert [c.row for c in full] == [2, 0, 3, 1, 4]


def test_a_deeper_fusion_changes_the_order() -> None:
    """The depth is not a detail: fusing everything puts p0 and p3 before p2."""
    idx, s = _scores(english=False)
    assert [c.row for c in fuse(idx, s, depth=5, rrf_k=60)][:3] == [0, 3, 2]


def test_two_readings_rankings_fused() -> None:
    """An English question's passages as typed (p0 p1 p2) and in French (p3 p2 p0), fused
    with rrf_k 60, each ranking weighing 1:

        p0 = 1/61 + 1/63 = .032266   p2 = 1/63 + 1/62 = .032002   p3 = 1/61 = .016393
        p1 = 1/62 = .016129          -> p0 p2 p3 p1

    A passage keeps the similarities of the reading that ranked it first; its score is on
    ``fuse``'s scale (first in both rankings would be 1)."""
    typed = [Candidate(r, 1.0, 0.9 - r / 10, None) for r in (0, 1, 2)]
    french = [Candidate(r, 1.0, 0.5, 7.0) for r in (3, 2, 0)]
    fused = fuse_rankings([typed, french], rrf_k=60)
    assert [c.row for c in fused] == [0, 2, 3, 1]
    assert fused[0].score == pytest.approx((1 / 61 + 1 / 63) * 61 / 2, abs=1e-6)
    assert (fused[1].dense, fused[1].lexical) == (pytest.approx(0.7), None)  # typed
    assert (fused[2].dense, fused[2].lexical) == (0.5, 7.0)  # found in French only
    assert fuse_rankings([typed], rrf_k=60) == [
        Candidate(c.row, round(61 / (61 + c.row), 6), c.dense, None) for c in typed
    ]


def test_rankings_fused_at_their_weights() -> None:
    """A ranking at weight 0.5 moves a passage less than one at 1: p1, second of the typed
    reading, stays ahead of p3, first of a ranking weighing half (1/62 > 0.5/61)."""
    typed = [Candidate(r, 1.0, 0.9, None) for r in (0, 1)]
    near = [Candidate(3, 0.0, 0.4, 1.0)]
    assert [c.row for c in fuse_rankings([typed, near], 60, weights=[1.0, 0.5])] == [0, 1, 3]
    assert [c.row for c in fuse_rankings([typed, near], 60, weights=[1.0, 2.0])] == [3, 0, 1]
    # the score keeps ``fuse``'s scale: first in every ranking is 1
    assert fuse_rankings([near, near], 60, weights=[1.0, 0.5])[0].score == pytest.approx(1.0)


def test_the_engine_fuses_deeper_than_top_k(tmp_path: Any) -> None:
    """Asked for 2 passages, the engine still fuses each ranking's top ``fusion_depth``."""
    settings = tiny_index(tmp_path, document("cardiologie", pages=8), fusion_depth=10)
    idx = load_index(settings.index_dir, None).index
    assert len(idx.chunks) > 10
    engine = Engine(settings, FakeEmbedder())
    question = "Quelle pratique de soin numéro 3 décrit le paragraphe cardiologie5b ?"
    q = analyse(question, idx.glossary, Analyzer())
    s = score(idx, q, FakeEmbedder().embed_queries([q.expanded])[0])
    deep = [idx.chunks[c.row].id for c in fuse(idx, s, depth=10, rrf_k=60)[:2]]
    shallow = [idx.chunks[c.row].id for c in fuse(idx, s, depth=2, rrf_k=60)[:2]]
    assert deep != shallow  # the question tells the two depths apart
    hits = engine.ask(question, top_k=2, mode="hybrid").hits
    assert [h.chunk.id for h in hits] == deep


def test_fused_scores_are_those_of_the_passages_and_sentences(tmp_path: Any) -> None:
    """On a real (tiny) index: a passage's dense score is the best of its own and of its
    sentences', its lexical score the BM25 one, rounded, zero when the lexical search did not
    find it; the order is by fused score, then dense score, then row."""
    idx, s = _tiny_scores(tmp_path, "Quel financement pour les hôpitaux de la région ?")
    fused = fuse(idx, s, depth=len(idx.chunks), rrf_k=60)
    assert sorted(c.row for c in fused) == list(range(len(idx.chunks)))
    for c in fused:
        rows = idx.sentence_rows(c.row)
        best = max([float(s.chunk_dense[c.row])] + [float(s.sentence_dense[r]) for r in rows])
        assert c.dense == round(best, 6)
        lexical = float(s.lexical[c.row])
        assert c.lexical == (round(lexical, 6) if lexical > 0 else 0.0)
    keys = [(-c.score, -(c.dense or 0.0), c.row) for c in fused]
    assert keys == sorted(keys)


def _tiny_scores(tmp_path: Any, question: str) -> tuple[Any, RetrievalScores]:
    embedder = FakeEmbedder()
    idx = load_index(tiny_index(tmp_path).index_dir, None).index
    q = analyse(question, idx.glossary, Analyzer())
    return idx, score(idx, q, embedder.embed_queries([q.expanded])[0])
