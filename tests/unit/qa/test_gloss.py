"""English question words glossed by the report's own words (``qa.gloss``), on literal vectors."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from santeqa.index import LoadedIndex, load_index
from santeqa.qa.gloss import glossed, nearest, to_gloss, words_to_gloss
from santeqa.qa.retrieve import analyse
from santeqa.text import Analyzer, fold
from tests.tiny import report, tiny_index

# three report words on three axes of a 4-d space
REPORT_WORDS = ["remboursée", "médecins", "cabines"]
REPORT_VECTORS = np.eye(3, 4, dtype=np.float32)
# what the encoder makes of the question words: near a report word, or near none
ENCODED = {
    "reimbursed": [0.95, 0.1, 0.0, 0.29],  # cosine 0.95 with « remboursée »
    "physicians": [0.0, 0.88, 0.0, 0.47],  # 0.88 with « médecins »
    "booths": [0.0, 0.0, 0.6, 0.8],  # 0.6 with « cabines »: below any useful bar
}


def encode(words: Sequence[str]) -> np.ndarray:
    # any other word lies away from every report word
    rows = np.array([ENCODED.get(w, [0.0, 0.0, 0.0, 1.0]) for w in words], dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_words_glossed_are_the_content_words_the_report_never_writes() -> None:
    known = frozenset(fold(w) for w in ["innovation", "télémédecine", "patients"])
    words = words_to_gloss(
        "Which patients were reimbursed for the AI's innovation, and why?", known
    )
    # function words, short words, words the report writes (« patients », « innovation »),
    # the possessive's « s » left out; each word once
    assert words == ["reimbursed"]
    assert words_to_gloss("Reimbursed? Yes, reimbursed.", known) == ["reimbursed"]


def test_a_word_takes_its_nearest_report_word_at_or_above_the_bar() -> None:
    vectors = encode(["reimbursed", "physicians", "booths"])
    assert nearest(vectors, REPORT_WORDS, REPORT_VECTORS, 0.87) == ["remboursée", "médecins"]
    assert nearest(vectors, REPORT_WORDS, REPORT_VECTORS, 0.9) == ["remboursée"]
    assert nearest(vectors[:0], REPORT_WORDS, REPORT_VECTORS, 0.5) == []


@pytest.fixture(scope="module")
def idx(tmp_path_factory: pytest.TempPathFactory) -> LoadedIndex:
    base: Path = tmp_path_factory.mktemp("gloss")
    settings = tiny_index(base, report(["Les médecins sont remboursés."]))
    return load_index(settings.index_dir, None).index


def _with_report_words(idx: LoadedIndex) -> LoadedIndex:
    from dataclasses import replace

    return replace(
        idx,
        words=tuple(REPORT_WORDS),
        word_vectors=REPORT_VECTORS,
        known_words=frozenset(fold(w) for w in REPORT_WORDS),
    )


def test_an_english_question_gets_the_terms_of_its_glosses(idx: LoadedIndex) -> None:
    analyzer = Analyzer()
    q = analyse("Were the physicians reimbursed?", [], analyzer)
    out = glossed(_with_report_words(idx), q, encode, 0.87, analyzer)
    added = out.terms[len(q.terms) :]
    assert set(added) == set(analyzer.terms("médecins remboursée"))
    assert out.text == q.text and out.expanded == q.expanded  # what is encoded is as typed


def test_a_french_question_and_a_follow_ups_context_are_not_glossed(idx: LoadedIndex) -> None:
    analyzer = Analyzer()
    french = analyse("Les médecins sont-ils remboursés ?", [], analyzer)
    assert glossed(_with_report_words(idx), french, encode, 0.5, analyzer) == french
    followup = analyse("Who pays for them? — physicians reimbursed", [], analyzer)
    assert followup.english
    # « physicians », « reimbursed » stand in the earlier turn's words only: nothing to gloss
    out = glossed(_with_report_words(idx), followup, encode, 0.5, analyzer)
    assert out == followup
    assert to_gloss(_with_report_words(idx), followup) == ["pays"]
    assert to_gloss(_with_report_words(idx), french) == []
