"""Follow-up questions resolved by grammar with the earlier questions (fresh examples)."""

from __future__ import annotations

import pytest

from santeqa.qa.followup import MAX_HISTORY, resolve, topic

BUDGET = "Quel budget la plateforme a-t-elle attribué au dépistage en 2021 ?"


def test_without_history_the_question_is_searched_as_it_is() -> None:
    r = resolve("Et en 2022 ?", [])
    assert r.resolved == "Et en 2022 ?" and not r.changed


@pytest.mark.parametrize(
    "question",
    [
        "Combien de cabines la Région a-t-elle financées ?",  # names its subject
        "Quel budget le programme a-t-il reçu pour les infirmiers ?",  # subject before the verb
        "Quels hôpitaux partagent leurs serveurs informatiques avec le GHT ?",
        "Combien de pharmacies proposent une assistance aux patients ?",
    ],
)
def test_a_complete_question_ignores_the_history(question: str) -> None:
    assert resolve(question, [BUDGET]).resolved == question


def test_a_year_takes_the_place_of_the_year() -> None:
    r = resolve("Et en 2022 ?", [BUDGET])
    assert r.resolved == "Quel budget la plateforme a-t-elle attribué au dépistage en 2022 ?"
    assert r.changed
    assert resolve("And in 2019?", ["How many nurses used the platform in 2018?"]).resolved == (
        "How many nurses used the platform in 2019?"
    )


def test_a_phrase_takes_the_place_of_the_phrase_with_the_same_noun() -> None:
    history = [
        "Quel délai un dispositif médical connecté doit-il respecter avant sa mise en service ?"
    ]
    assert resolve("Et un dispositif de télésurveillance ?", history).resolved == (
        "Quel délai un dispositif de télésurveillance doit-il respecter avant sa mise en service ?"
    )


def test_otherwise_the_last_complement_is_replaced() -> None:
    history = ["Quelle part des infirmiers utilise la messagerie sécurisée ?"]
    assert resolve("Et pour la téléexpertise ?", history).resolved == (
        "Quelle part des infirmiers utilise la téléexpertise ?"
    )


def test_a_contracted_article_is_kept_french() -> None:
    history = ["Quel budget la plateforme a-t-elle attribué au dépistage ?"]
    assert resolve("Et combien pour les hôpitaux ?", history).resolved == (
        "Quel budget la plateforme a-t-elle attribué aux hôpitaux ?"
    )


def test_an_elliptical_clause_keeps_its_words_and_gets_the_topic() -> None:
    r = resolve("Et combien ont fermé ?", ["Combien de cabines la Région a-t-elle installées ?"])
    assert r.resolved == "combien ont fermé ? — cabines la Région a installées"


@pytest.mark.parametrize(
    ("question", "history", "resolved"),
    [
        (
            "Quand a-t-elle été créée ?",
            ["Qu'est-ce que la plateforme régionale de télésanté ?"],
            "Quand a-t-elle été créée ? — la plateforme régionale de télésanté",
        ),
        (
            "Combien de salariés y travaillent ?",
            ["À quoi sert le centre de données de Caen ?"],
            "Combien de salariés y travaillent ? — le centre de données de Caen",
        ),
        (
            "Quel est son budget annuel ?",
            ["Que fait l'observatoire régional des urgences ?"],
            "Quel est son budget annuel ? — fait l'observatoire régional des urgences",
        ),
        (
            "Qui la finance ?",
            ["Qu'est-ce que la maison de santé ?"],
            "Qui la finance ? — la maison de santé",
        ),
        (
            "Who funds it?",
            ["What is the regional telehealth platform?"],
            "Who funds it? — the regional telehealth platform",
        ),
    ],
)
def test_a_pronoun_gets_the_earlier_topic(question: str, history: list[str], resolved: str) -> None:
    assert resolve(question, history).resolved == resolved


def test_a_demonstrative_points_to_the_phrase_with_its_noun() -> None:
    history = [
        "Selon le baromètre régional paru en mars 2022, combien de médecins téléconsultent ?"
    ]
    assert resolve("Qui a publié ce baromètre ?", history).resolved == (
        "Qui a publié ce baromètre ? — le baromètre régional paru en mars 2022"
    )


def test_a_chain_of_follow_ups_keeps_its_referent() -> None:
    history = ["Qu'est-ce que la maison de santé ?", "Quand a-t-elle ouvert ?"]
    assert resolve("Qui la dirige ?", history).resolved == "Qui la dirige ? — la maison de santé"
    # an ellipsis in the chain carries the swapped question on
    chain = [BUDGET, "Et en 2022 ?"]
    assert resolve("Et pour la vaccination ?", chain).resolved == (
        "Quel budget la plateforme a-t-elle attribué à la vaccination en 2022 ?"
    )


def test_only_the_last_questions_count() -> None:
    old = ["Qu'est-ce que la maison de santé ?"]
    recent = ["Combien de cabines la Région a-t-elle installées ?"] * MAX_HISTORY
    assert "maison" not in resolve("Qui les entretient ?", old + recent).resolved


def test_the_topic_drops_the_question_words() -> None:
    assert topic("Qu'est-ce que le centre de données ?") == "le centre de données"
    assert topic("Quelle enveloppe le programme a-t-il reçue ?") == "enveloppe le programme a reçue"
    assert topic("What does the acronym stand for?") == "the"
