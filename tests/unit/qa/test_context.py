"""What a candidate sentence's neighbours bring (``qa.context``): continuation, the rarest
question terms over a pair of sentences, and echo."""

from __future__ import annotations

import pytest

from santeqa.qa.context import continues, echo, pair_coverage, rarest


@pytest.mark.parametrize(
    "sentence",
    [
        "Celle-ci ouvre le dimanche.",
        "Elle accueille 40 élèves.",
        "Ils sont remboursés depuis 2019.",
        "Par ailleurs, la mairie finance les travaux.",
        "De plus, le musée prête des tablettes.",
        "Cette salle compte 80 places.",
        "C’est la plus ancienne du canton.",
        "Toutefois le parking reste payant.",
        "  Ainsi, trois classes partent en mai.",
    ],
)
def test_a_sentence_going_on_from_the_one_before(sentence: str) -> None:
    assert continues(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "La piscine ouvre le dimanche.",
        "• Elle accueille 40 élèves.",  # a list item, not a continuation
        "Illustrations et cartes du canton.",  # « Il… » inside a word
        "Centre aquatique : horaires.",
        "Selon la mairie, les travaux durent un an.",
    ],
)
def test_a_sentence_standing_on_its_own(sentence: str) -> None:
    assert not continues(sentence)


def test_the_rarest_terms_make_up_half_the_question_mass() -> None:
    weights = {"piscin": 4.0, "dimanch": 3.0, "ouvr": 1.0, "ville": 1.0, "heur": 1.0}
    assert rarest(weights) == {"piscin": 4.0, "dimanch": 3.0}
    assert rarest({"seul": 2.0}) == {"seul": 2.0}
    assert rarest({}) == {}


def test_pair_coverage_takes_the_better_neighbour() -> None:
    rare = {"piscin": 3.0, "dimanch": 1.0}
    sentences = [
        frozenset({"mairi", "piscin"}),
        frozenset({"ouvr", "dimanch"}),
        frozenset({"tarif", "piscin"}),
        frozenset({"parking"}),
    ]
    assert pair_coverage(rare, sentences, 1) == 1.0  # with either neighbour
    assert pair_coverage(rare, sentences, 3) == 0.75  # its predecessor only
    assert pair_coverage(rare, sentences[3:], 0) == 0.0  # alone, nothing of it
    assert pair_coverage({}, sentences, 0) == 0.0


def test_echo_is_the_share_of_the_sentence_made_of_question_terms() -> None:
    asked = frozenset({"club", "voil", "vill"})
    assert echo(asked, frozenset({"club", "voil", "vill"})) == 1.0
    assert echo(asked, frozenset({"club", "voil", "prêt", "bateau"})) == 0.5
    assert echo(asked, frozenset()) == 0.0
