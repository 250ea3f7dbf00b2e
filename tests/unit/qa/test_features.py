"""``qa.features``: what the judge reads of the best candidate."""

from __future__ import annotations

import numpy as np
import pytest

from santeqa.qa.features import (
    CANDIDATE_FEATURES,
    Candidate,
    Evidence,
    _writes_another_date,
    counts_of,
)
from santeqa.qa.judging import QUESTION_FEATURES, question_features
from santeqa.qa.question import Asked


def _candidate(row: int, sentence: int, *flags: str) -> Candidate:
    return Candidate(0, row, sentence, tuple(float(n in flags) for n in CANDIDATE_FEATURES))


def _best_type_miss(cands: list[Candidate]) -> float:
    dense = np.asarray([0.8], dtype=np.float32)
    ev = Evidence(
        asked=Asked(kind="share", source=False, english=False, counted=None),
        weights={"lecteur": 1.0},
        counted_stem=None,
        names=frozenset(),
        sentence_dense=dense,
        chunk_dense=dense,
        lexical=dense,
    )
    scores = [0.9 - 0.1 * i for i in range(len(cands))]  # the first is the best

    def terms_of(c: Candidate) -> tuple[frozenset[str], frozenset[str]]:
        return frozenset({"lecteur"}), frozenset({"lecteur"})

    values = question_features(ev, cands, scores, 0.0, terms_of)
    return dict(zip(QUESTION_FEATURES, values, strict=True))["best_type_miss"]


def test_a_lead_in_is_read_with_the_items_it_announces() -> None:
    # « L'enquête de mai donne ces chiffres : » then « • 60 % des lecteurs … »
    lead_in = _candidate(3, 1, "type_miss", "lead_in")
    share_item = _candidate(3, 3, "type_match", "bullet")
    plain_item = _candidate(3, 2, "type_miss", "bullet")
    assert _best_type_miss([lead_in, share_item, plain_item]) == 0.0
    # its items hold no share: the miss stands
    assert _best_type_miss([lead_in, plain_item]) == 1.0


def test_only_the_lead_ins_own_items_count() -> None:
    lead_in = _candidate(3, 1, "type_miss", "lead_in")
    # a share in another passage, or after a sentence that is no item, is not announced
    elsewhere = _candidate(4, 2, "type_match", "bullet")
    after_prose = _candidate(3, 3, "type_match", "bullet")
    prose = _candidate(3, 2, "type_miss")
    assert _best_type_miss([lead_in, elsewhere]) == 1.0
    assert _best_type_miss([lead_in, prose, after_prose]) == 1.0
    # a sentence that is no lead-in is read alone, items after it or not, unless its
    # neighbour is nearly as likely (``judging.NEAR_TIE``: both are quoted)
    plain = _candidate(3, 1, "type_miss")
    filler = _candidate(5, 0, "type_miss")
    assert _best_type_miss([plain, filler, _candidate(3, 2, "type_match", "bullet")]) == 1.0


def _date_asked(*terms: str) -> Evidence:
    dense = np.asarray([0.8], dtype=np.float32)
    return Evidence(
        asked=Asked(kind="date", source=False, english=False, counted=None),
        weights={t: 1.0 for t in terms},
        counted_stem=None,
        names=frozenset(),
        sentence_dense=dense,
        chunk_dense=dense,
        lexical=dense,
    )


def test_the_years_a_question_writes_are_no_date_it_is_told() -> None:
    # « Quand la ville a-t-elle voté son plan vélo 2024-2028 ? »
    ev = _date_asked("vill", "vot", "plan", "velo", "2024", "2028")
    assert not _writes_another_date(ev, "Le plan vélo 2024-2028 prévoit 40 km de pistes.")
    assert _writes_another_date(ev, "Le plan vélo 2024-2028 a été voté en 2023.")
    assert _writes_another_date(ev, "Le plan vélo 2024-2028 a été voté le 3 mars 2024.")


@pytest.mark.parametrize(
    ("sentence", "noun", "counts"),
    [
        # « télé- » is optional both ways: the paragraph is about care at a distance
        ("Le nombre de consultations est passé de 900 à 12 000.", "téléconsultations", True),
        ("On compte 40 téléexpertises par mois.", "expertises", True),
        ("Le service a reçu 300 télé consultations.", "consultations", True),
        ("La ville compte 12 pharmacies.", "téléconsultations", False),
        ("Le foyer a 2 téléphones.", "télévisions", False),  # no noun of care
    ],
)
def test_a_count_of_the_noun_with_or_without_tele(sentence: str, noun: str, counts: bool) -> None:
    assert counts_of(sentence, noun) is counts


def test_people_named_in_another_role_do_not_answer_who_leads() -> None:
    from santeqa.qa.facts import ROLE_WORDS

    assert ROLE_WORDS.search("le musee, dirige par marie durand, ouvre en mai") is not None
    assert ROLE_WORDS.search("des chercheurs reconnus (marie durand, paul martin)") is None
