"""What narrows a question (years, places, « annuel »), the event it asks about, and the judge
features that say the best sentence lacks them."""

from __future__ import annotations

import numpy as np

from santeqa.qa.features import (
    CANDIDATE_FEATURES,
    QUESTION_FEATURES,
    Candidate,
    Evidence,
    question_features,
)
from santeqa.qa.question import Asked
from santeqa.qa.scope import (
    asked_event,
    event_base,
    missing_share,
    places_of,
    restrictions,
)

TEXTS = [
    "Le réseau compte 40 musées en Lorraine et 12 à Lyon.",
    "La fréquentation progresse en Lorraine ; à Lyon aussi.",
    "Le Musée en Santé publie un guide. La santé des visiteurs compte.",
    "La santé, la santé, toujours la santé.",
]


def test_place_names_are_capitalised_words_the_text_writes_after_en_or_a() -> None:
    places = places_of(TEXTS)
    assert places == frozenset({"lorra", "lyon"})  # « en Santé »: written lowercase more often


def test_restrictions_of_a_question() -> None:
    places = frozenset({"lorra", "lyon"})
    assert restrictions("Combien de musées lorrains ont ouvert en 2021 ?", places) == (
        "2021",
        "lorra",
    )
    assert restrictions("Quel est le budget annuel du festival ?", places) == ("annu",)
    assert restrictions("What is the yearly budget?", places) == ("annu",)
    assert restrictions("Le plan national prévoit-il des musées à Lyon ?", places) == (
        "nation",
        "lyon",
    )
    assert restrictions("Combien de musées lyonnais ?", places) == ("lyon",)
    assert restrictions("Combien de musées compte le réseau ?", places) == ()


def test_missing_share_reads_terms_by_their_first_letters() -> None:
    assert missing_share(("2021", "lorra"), {"2021", "lorrain", "muse"}) == 0.0
    assert missing_share(("2021", "lorra"), {"2019", "lorrain"}) == 0.5
    assert missing_share(("annu",), {"budget"}) == 1.0
    assert missing_share((), {"budget"}) == 0.0


def test_the_event_a_question_asks_about() -> None:
    assert asked_event("Quand la ligne a-t-elle été inaugurée ?") == "inauguree"
    assert asked_event("Combien de billets ont été vendus l'an dernier ?") == "vendus"
    assert asked_event("En quelle année le club a-t-il fusionné ?") == "fusionne"
    assert asked_event("When was the bridge opened?") is None  # French text: not comparable
    assert asked_event("Quel est le prix du billet ?") is None
    assert asked_event("Combien de salles sont accessibles ?") is None


def test_the_event_base_keeps_the_verbs_noun() -> None:
    assert event_base("inauguree") == "inaugur"
    assert "inauguration".startswith(event_base("inauguree"))
    assert event_base("cree") == "cre"  # never shorter than three letters


def _judge(ev: Evidence, window: frozenset[str]) -> dict[str, float]:
    cands = [Candidate(0, 0, 0, tuple(0.0 for _ in CANDIDATE_FEATURES))]

    def terms_of(c: Candidate) -> tuple[frozenset[str], frozenset[str]]:
        return window, window

    values = question_features(ev, cands, [0.9], 0.0, terms_of)
    return dict(zip(QUESTION_FEATURES, values, strict=True))


def _evidence(restricted: tuple[str, ...], event: str | None) -> Evidence:
    dense = np.asarray([0.8], dtype=np.float32)
    return Evidence(
        asked=Asked(kind=None, source=False, english=False, counted=None),
        weights={"muse": 1.0},
        counted_stem=None,
        names=frozenset(),
        sentence_dense=dense,
        chunk_dense=dense,
        lexical=dense,
        restrictions=restricted,
        event_base=event,
    )


def test_judge_features_flag_a_restriction_or_event_missing_around_the_best_sentence() -> None:
    ev = _evidence(("2021", "lorra"), "inaugur")
    lacking = _judge(ev, frozenset({"muse", "2019"}))
    assert lacking["restriction_missing_window"] == 1.0
    assert lacking["event_missing"] == 1.0
    holding = _judge(ev, frozenset({"muse", "2021", "lorrain", "inauguration"}))
    assert holding["restriction_missing_window"] == 0.0
    assert holding["event_missing"] == 0.0
    plain = _judge(_evidence((), None), frozenset({"muse"}))
    assert plain["restriction_missing_window"] == 0.0 and plain["event_missing"] == 0.0
