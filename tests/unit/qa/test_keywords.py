"""Questions typed as keywords, without a question word: what they ask for (fresh examples)."""

from __future__ import annotations

import pytest

from santeqa.qa.keywords import has_question_word, is_plural, read_keywords
from santeqa.qa.question import asked


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("definition photosynthese", "definition"),
        ("sens du mot escale", "definition"),
        ("photosynthese", "definition"),
        ("SNCF", "meaning"),
        ("signification UEFA", "meaning"),
        ("directeur musee beaux-arts", "person"),
        ("responsable cantine college", "person"),
        ("partenaires festival jazz", "organisation"),
        ("organisme gestion piscine", "organisation"),
        ("date ouverture piscine", "date"),
        ("annee creation club echecs", "date"),
        ("depuis tramway gratuit", "date"),
        ("effectif lycee 2021", "quantity"),
        ("classement lycee academie", "rank"),
        ("club echecs rang championnat", "rank"),
        ("total arbres plantes", "quantity"),
        ("arbres plantes parc 2022", None),
        ("liste ingredients gateau", "list"),
        ("etapes construction pont", "list"),
        ("horaires piscine dimanche", None),
        ("travaux gare ete", None),
        ("pont fermeture hiver", "date"),
        ("gratuite bus samedi", None),
    ],
)
def test_the_kind_a_keyword_question_asks(question: str, kind: str | None) -> None:
    assert asked(question).kind == kind


def test_a_year_given_is_not_a_date_asked() -> None:
    assert asked("depuis 2019 velos loues").kind != "date"


def test_the_noun_counted_or_asked_for() -> None:
    assert asked("total arbres plantes").counted == "arbres"
    assert asked("effectif lycee 2021").counted == "lycee"
    # a plural noun first is the one asked for, as after « quels », whatever is asked of it
    assert asked("horaires piscine dimanche").target == "horaires"
    assert asked("arbres plantes parc 2022").target == "arbres"
    assert asked("arbres plantes parc 2022").counted is None
    assert asked("liste ingredients gateau").target == "ingredients"


def test_source_words() -> None:
    assert asked("source chiffre pollution").source
    assert asked("etude trafic velo").source
    assert not asked("trafic velo etude").source
    assert not asked("horaires piscine").source
    # a law's article, not a source: « which article of the law … »
    assert not asked("article loi velo stationnement").source


def test_a_question_word_leaves_the_reading_to_grammar() -> None:
    assert read_keywords("pourquoi horaires piscine", "pourquoi horaires piscine") is None
    assert read_keywords("qu'apporte la piscine", "qu'apporte la piscine") is None
    assert has_question_word("est-ce que la piscine ouvre")
    assert not has_question_word("horaires piscine dimanche")
    # a cue of the grammar wins: « pourquoi » asks for nothing precise, not a list
    assert asked("Pourquoi les horaires de la piscine changent-ils ?").kind is None
    assert asked("Quels horaires pour la piscine ?").kind == "list"


def test_english_sentences_are_not_read_as_keywords() -> None:
    assert asked("Did the towns share their buses?").kind is None


def test_plural_endings() -> None:
    assert is_plural("horaires") and is_plural("travaux") and is_plural("towns")
    assert not is_plural("temps") and not is_plural("campus") and not is_plural("bus")
    assert not is_plural("acces") and not is_plural("2020s")


def test_a_question_typed_as_keywords_is_marked_so() -> None:
    assert asked("nb velos gare 2022").keywords
    assert asked("horaires piscine dimanche").keywords
    assert not asked("Combien de vélos à la gare en 2022 ?").keywords
    assert not asked("quest ce que le compostage").keywords
