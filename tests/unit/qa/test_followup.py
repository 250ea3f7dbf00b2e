"""Follow-up questions resolved by grammar with the earlier questions (fresh examples)."""

from __future__ import annotations

import pytest

from santeqa.qa.antecedent import mentions
from santeqa.qa.followup import (
    MAX_HISTORY,
    acronym_answered,
    answered_names,
    asks_unnamed_acronym,
    named_by_place,
    named_by_place_in,
    points_to_what_was_asked,
    resolve,
    topic,
    with_answered_names,
    without_discourse_marker,
)

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


@pytest.mark.parametrize(
    "question",
    [
        "Que signifie CPTS ?",  # short, but it names what it asks about
        "Quels hôpitaux ont fermé des lits ces cinq dernières années ?",  # a time, not a referent
        "Y a-t-il des aides pour les infirmiers libéraux ?",  # impersonal « y a »
        "Combien de lits faut-il pour ouvrir une unité ?",  # impersonal « il »
        "Combien de lits il y a au centre de Lisieux ?",  # impersonal « il y a »
        "Quel rôle chaque pharmacie doit-elle jouer dans la vaccination ?",  # « chaque » subject
        "Quel droit la charte donne-t-elle à chaque patient sur ses comptes rendus ?",  # « ses »
        "Quel outil le médecin utilise-t-il pour un patient qui le demande ?",  # « le » = patient
        "Quelles cliniques ont rejoint le réseau, et qu'ont-elles obtenu ?",  # its own « elles »
    ],
)
def test_a_question_naming_what_its_pronouns_stand_for_ignores_the_history(question: str) -> None:
    assert resolve(question, ["Qu'est-ce que la maison de santé ?"]).resolved == question


def test_a_year_takes_the_place_of_the_year() -> None:
    r = resolve("Et en 2022 ?", [BUDGET])
    assert r.resolved == "Quel budget la plateforme a-t-elle attribué au dépistage en 2022 ?"
    assert r.changed
    assert resolve("And in 2019?", ["How many nurses used the platform in 2018?"]).resolved == (
        "How many nurses used the platform in 2019?"
    )


def test_a_year_set_in_time_brings_its_preposition() -> None:
    earlier = "Combien d'infirmiers la plateforme compte-t-elle en 2023 ?"
    assert resolve("Et d'ici 2027 ?", [earlier]).resolved == (
        "Combien d'infirmiers la plateforme compte-t-elle d'ici 2027 ?"
    )
    assert resolve("et depuis 2020 ?", [earlier]).resolved == (
        "Combien d'infirmiers la plateforme compte-t-elle depuis 2020 ?"
    )
    assert resolve("And by 2030?", ["How many nurses used the platform in 2018?"]).resolved == (
        "How many nurses used the platform by 2030?"
    )
    # a year with no preposition before it: the year alone
    assert resolve("Et d'ici 2027 ?", ["Combien de lits le plan 2023 prévoit-il ?"]).resolved == (
        "Combien de lits le plan 2027 prévoit-il ?"
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


def test_an_elliptical_clause_keeps_its_words_and_counts_the_same_thing() -> None:
    r = resolve("Et combien ont fermé ?", ["Combien de cabines la Région a-t-elle installées ?"])
    # « combien » counts what the antecedent counted; the rest of it, less its predicate
    # (the clause has its own), is the context
    assert r.resolved == "Combien de cabines ont fermé ? — la Région"
    r = resolve("Et combien de lits ont été ajoutés ?", ["Quel budget l'hôpital a-t-il voté ?"])
    assert r.resolved == "Combien de lits ont été ajoutés ? — l'hôpital"
    earlier = "Combien de séances seront remboursées aux patients de l'Orne en 2025 ?"
    r = resolve("Et combien seront prescrites ?", [earlier])
    assert r.resolved == "Combien de séances seront prescrites ? — aux patients de l'Orne en 2025"


def test_an_elided_preposition_is_not_doubled() -> None:
    history = ["Combien de postes permanents le laboratoire a-t-il créés ?"]
    assert resolve("Et de postes temporaires ?", history).resolved == (
        "Combien de postes temporaires le laboratoire a-t-il créés ?"
    )
    history = ["Combien d'infirmiers salariés le centre emploie-t-il ?"]
    assert resolve("Et d'infirmiers libéraux ?", history).resolved == (
        "Combien d'infirmiers libéraux le centre emploie-t-il ?"
    )


@pytest.mark.parametrize(
    ("question", "history", "resolved"),
    [
        (  # an inverted subject: the phrase goes before the verb
            "Quand a-t-elle été créée ?",
            ["Qu'est-ce que la plateforme régionale de télésanté ?"],
            "Quand la plateforme régionale de télésanté a-t-elle été créée ?",
        ),
        (  # ... and before its clitics
            "Sur quel territoire s'étend-il ?",
            ["À quoi sert le réseau breton de cardiologie ?"],
            "Sur quel territoire le réseau breton de cardiologie s'étend-il ?",
        ),
        (  # a complement is not a subject: « de l'État » does not name what « il » is
            "Quelle aide de l'Europe reçoit-il ?",
            ["Qu'est-ce que le programme TELEMAX ?"],
            "Quelle aide de l'Europe le programme TELEMAX reçoit-il ?",
        ),
        (  # a subject pronoun in a clause, « qu' » written out before a consonant
            "Quels services propose-t-on lorsqu'il est saturé ?",
            ["Qu'est-ce que le standard régional ?"],
            "Quels services propose-t-on lorsque le standard régional est saturé ?",
        ),
        (  # a possessive: « son X » is « le X de … », contracted as French writes it
            "Quel est son budget annuel ?",
            ["Que fait l'observatoire régional des urgences ?"],
            "Quel est le budget annuel de l'observatoire régional des urgences ?",
        ),
        (
            "Qui siège à son conseil ?",
            ["Qu'est-ce que le fonds Avenir Santé ?"],
            "Qui siège au conseil du fonds Avenir Santé ?",
        ),
        (  # a noun made of two (« chiffre d'affaires ») keeps its parts together
            "Quel est son chiffre d'affaires ?",
            ["Que fabrique la société Medilor ?"],
            "Quel est le chiffre d'affaires de la société Medilor ?",
        ),
        (  # « à son propos », « à leur sujet » point to the conversation, whatever precedes
            "Quel site la brochure cite-t-elle à son propos ?",
            ["Combien de lits le centre Hélios a-t-il ouverts ?"],
            "Quel site la brochure cite-t-elle à propos du centre Hélios ?",
        ),
        (  # an object pronoun moves after its verb
            "Qui la finance ?",
            ["Qu'est-ce que la maison de santé ?"],
            "Qui finance la maison de santé ?",
        ),
        (
            "Combien de pharmaciens l'utilisent ?",
            ["À quoi sert l'application Ordo-Net ?"],
            "Combien de pharmaciens utilisent l'application Ordo-Net ?",
        ),
        (  # « y a accès » is « a accès à … », not « il y a »
            "Qui y a accès ?",
            ["Qu'est-ce que le registre des cancers ?"],
            "Qui y a accès ? — le registre des cancers",
        ),
        (  # « y » has no place of its own in the question: the phrase is its context
            "Combien de salariés y travaillent ?",
            ["À quoi sert le centre de données de Caen ?"],
            "Combien de salariés y travaillent ? — le centre de données de Caen",
        ),
        (  # English, after an English question
            "Who funds it?",
            ["What is the regional telehealth platform?"],
            "Who funds the regional telehealth platform?",
        ),
        (
            "Who runs them?",
            ["What are the mobile screening units?"],
            "Who runs the mobile screening units?",
        ),
        (
            "Who chairs its board?",
            ["What does the rural care network do?"],
            "Who chairs the rural care network's board?",
        ),
        (  # English after French: no French phrase inside the English, the topic beside it
            "Who funds it?",
            ["Qu'est-ce que la plateforme régionale de télésanté ?"],
            "Who funds it? — la plateforme régionale de télésanté",
        ),
    ],
)
def test_a_pronoun_is_put_back_in_its_place(
    question: str, history: list[str], resolved: str
) -> None:
    assert resolve(question, history).resolved == resolved


@pytest.mark.parametrize(
    ("question", "history", "resolved"),
    [
        (  # « elle » is not « le programme »: the feminine phrase
            "Quand a-t-elle ouvert ?",
            ["Quel budget le programme a-t-il donné à la clinique ?"],
            "Quand la clinique a-t-elle ouvert ?",
        ),
        (  # « ils »: the plural, here what was counted
            "Où travaillent-ils ?",
            ["Combien de kinésithérapeutes le réseau forme-t-il ?"],
            "Où les kinésithérapeutes travaillent-ils ?",
        ),
        (  # a name rather than the relational noun around it
            "À qui s'adresse-t-il ?",
            ["Quelle est la cible du dispositif PASSERELLE ?"],
            "À qui le dispositif PASSERELLE s'adresse-t-il ?",
        ),
        (  # what the question asked for (« Quel centre … » -> « le centre »)
            "Quand a-t-il ouvert ?",
            ["Quel centre accueille les patients diabétiques à Vernon ?"],
            "Quand le centre a-t-il ouvert ?",
        ),
        (  # the thing rather than what it has: « le budget du service »
            "Qui le pilote ?",
            ["Quel est le budget du service ?"],
            "Qui pilote le service ?",
        ),
        (  # a possessive subject is a subject: « son siège » is not « il »
            "Dans quelle ville son siège est-il installé ?",
            ["En quelle année la mutuelle régionale a-t-elle été fondée ?"],
            "Dans quelle ville le siège de la mutuelle régionale est-il installé ?",
        ),
        (  # what a definition asks about rather than a name in its complement
            "Qui le dirige ?",
            ["Qu'est-ce que le pôle de santé de Vire ?"],
            "Qui dirige le pôle de santé de Vire ?",
        ),
    ],
)
def test_the_pronoun_finds_the_phrase_it_agrees_with(
    question: str, history: list[str], resolved: str
) -> None:
    assert resolve(question, history).resolved == resolved


def test_a_pronoun_that_agrees_with_nothing_gets_the_topic() -> None:
    r = resolve("Combien coûtent-ils ?", ["Qu'est-ce que la maison de santé ?"])
    assert r.resolved == "Combien coûtent-ils ? — la maison de santé"


def test_impersonal_il_points_to_nothing() -> None:
    history = ["Qu'est-ce que le centre de données ?"]
    for question in ("Combien de lits y a-t-il à Lisieux ?", "Faut-il une ordonnance à Lisieux ?"):
        assert resolve(question, history).resolved == question


def test_a_demonstrative_is_replaced_by_the_phrase_with_its_noun() -> None:
    history = [
        "Selon le baromètre régional paru en mars 2022, combien de médecins téléconsultent ?"
    ]
    assert resolve("Qui a publié ce baromètre ?", history).resolved == (
        "Qui a publié le baromètre régional paru en mars 2022 ?"
    )


def test_a_demonstrative_of_a_new_noun_points_to_what_the_last_turn_said() -> None:
    # « cette estimation » is no noun of the antecedent (« estime » is its verb)
    history = ["Combien de lits l'agence estime-t-elle nécessaires ?"]
    assert resolve("D'où vient cette estimation ?", history).resolved == (
        "D'où vient cette estimation ? — lits l'agence estime nécessaires"
    )


@pytest.mark.parametrize(
    "question", ["C'est quel genre de lieu ?", "C'est quelle sorte de salle ?"]
)
def test_what_it_is_asked_with_nothing_named_points_to_what_the_last_turn_said(
    question: str,
) -> None:
    history = ["Quel lieu de Caen accueille les ateliers de lecture ?"]
    assert (
        resolve(question, history).resolved
        == f"{question} — lieu de Caen accueille les ateliers de lecture"
    )


@pytest.mark.parametrize(
    "question",
    ["Au sein de quel atelier ?", "Grâce à quel type de prêt ?", "Avec quels bénévoles ?"],
)
def test_a_preposition_and_what_is_asked_alone_ask_of_what_the_last_turn_said(
    question: str,
) -> None:
    history = ["Quel lieu de Caen accueille les ateliers de lecture ?"]
    assert resolve(question, history).resolved == (
        f"{question} — lieu de Caen accueille les ateliers de lecture"
    )


def test_an_english_preposition_and_what_is_asked_alone_ask_of_the_conversation() -> None:
    history = ["Which library in Caen hosts the reading workshops?"]
    assert resolve("Thanks to what kind of grant?", history).resolved == (
        "Thanks to what kind of grant? — library in Caen hosts the reading workshops"
    )


def test_a_preposition_and_what_is_asked_with_a_verb_is_a_question_of_its_own() -> None:
    question = "Pour quels lecteurs le bibliobus est-il prévu ?"
    history = ["Quel lieu de Caen accueille les ateliers de lecture ?"]
    assert resolve(question, history).resolved == question


@pytest.mark.parametrize("question", ["Give me an example of such a book", "Are such loans free?"])
def test_english_such_points_back(question: str) -> None:
    history = ["Which library in Caen lends rare books?"]
    assert resolve(question, history).resolved.startswith(f"{question} — "), question


def test_english_such_as_does_not_point_back() -> None:
    question = "Do museums such as the Louvre lend paintings?"
    assert resolve(question, ["Which library in Caen lends rare books?"]).resolved == question


def test_a_time_set_before_the_question_is_no_referent() -> None:
    # "These days" is no thing the question is about: "the free ones" points back
    history = ["Which library in Caen lends rare books?"]
    resolved = resolve("These days, who pays for the free ones?", history).resolved
    assert resolved.startswith("These days, who pays for the free ones? — "), resolved
    assert "library in Caen" in resolved


@pytest.mark.parametrize(
    "question", ["Le guide la cite-t-il en note ?", "Pourquoi le guide les cite-t-il ?"]
)
def test_an_object_pronoun_before_an_inverted_verb_points_back(question: str) -> None:
    # the phrase before the pronoun is the verb's subject, never its object
    history = ["Quel lieu de Caen accueille les ateliers de lecture ?"]
    assert resolve(question, history).resolved == (
        f"{question} — lieu de Caen accueille les ateliers de lecture"
    )


@pytest.mark.parametrize(
    "question",
    [
        "Combien de lecteurs s'en servent ?",
        "Quelle autre salle accueille des ateliers ?",
        "Which other room hosts workshops?",
        "Combien l'ont déjà visité ?",
    ],
)
def test_en_other_and_an_object_before_its_auxiliary_point_back(question: str) -> None:
    history = ["Quel lieu de Caen accueille les ateliers de lecture ?"]
    resolved = resolve(question, history).resolved
    assert resolved.startswith(f"{question} — ") and "lieu de Caen" in resolved, resolved


def test_a_phrase_set_before_keeps_the_object_pronoun_s_context() -> None:
    # « la ville » is the subject set before; « l' » is still what was asked about before
    history = ["Quand la charte des bibliothèques a-t-elle été votée ?"]
    resolved = resolve("Et la ville, elle l'a signée quand ?", history).resolved
    assert resolved.startswith("La ville l'a signée quand ? — "), resolved
    assert "charte des bibliothèques" in resolved


def test_what_it_is_asked_with_a_clause_of_its_own_ignores_the_history() -> None:
    question = "C'est quel musée qui prête les tableaux ?"
    history = ["Quel lieu de Caen accueille les ateliers de lecture ?"]
    assert resolve(question, history).resolved == question


def test_what_a_who_is_or_naming_question_asks_about_is_the_referent() -> None:
    # the answer names the phrase asked about, so « son », « il » point to it, not to the
    # name inside its complement
    history = ["Qui est le directeur du musée de Caen ?"]
    assert resolve("Et quel est son salaire ?", history).resolved == (
        "Quel est le salaire du directeur du musée de Caen ?"
    )
    history = ["Comment s'appelle la piscine municipale de Lisieux ?"]
    assert resolve("Quand a-t-elle ouvert ?", history).resolved == (
        "Quand la piscine municipale de Lisieux a-t-elle ouvert ?"
    )


def test_a_clause_after_and_names_what_a_later_pronoun_points_to() -> None:
    # "how many bikes …" asks about the bikes: "they" of the next turn are the bikes, not
    # the parks of the first turn nor "the first two months"
    history = [
        "How much money does the city give to the new bike parks?",
        "And how many bikes were stolen in the first two months?",
    ]
    assert resolve("Where were they found?", history).resolved == "Where were the bikes found?"


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        # English adjectives stand before the noun: the phrase runs to its plural noun
        ("How many old stone bridges does the town keep?", "the old stone bridges"),
        ("How many bridges crossed the river in 1900?", "the bridges"),
        ("How many people does the club employ?", "the people"),
    ],
)
def test_an_english_counted_phrase_keeps_its_adjectives(question: str, counted: str) -> None:
    assert counted in [m.text for m in mentions(question)]
    later = resolve("Which of them is the oldest?", [question]).resolved
    assert later == f"Which of {counted} is the oldest?", later


def test_a_chain_of_follow_ups_keeps_its_referent() -> None:
    history = ["Qu'est-ce que la maison de santé ?", "Quand a-t-elle ouvert ?"]
    assert resolve("Qui la dirige ?", history).resolved == "Qui dirige la maison de santé ?"
    history = ["Que signifie le sigle CRAMIF ?", "Quel est son rôle ?"]
    assert resolve("Dans quelle ville a-t-il son siège ?", history).resolved == (
        "Dans quelle ville CRAMIF a-t-il son siège ?"
    )
    # an ellipsis in the chain carries the swapped question on
    chain = [BUDGET, "Et en 2022 ?"]
    assert resolve("Et pour la vaccination ?", chain).resolved == (
        "Quel budget la plateforme a-t-elle attribué à la vaccination en 2022 ?"
    )
    chain = [BUDGET, "Et en 2022 ?"]
    assert resolve("Qui la gère ?", chain).resolved == "Qui gère la plateforme ?"


def test_only_the_last_questions_count() -> None:
    old = ["Qu'est-ce que la maison de santé ?"]
    recent = ["Combien de cabines la Région a-t-elle installées ?"] * MAX_HISTORY
    assert "maison" not in resolve("Qui les entretient ?", old + recent).resolved


def test_the_topic_drops_the_question_words() -> None:
    assert topic("Qu'est-ce que le centre de données ?") == "le centre de données"
    assert topic("Quelle enveloppe le programme a-t-il reçue ?") == "enveloppe le programme a reçue"
    assert topic("What does the acronym stand for?") == "the"
    # after a preposition the determiner asked with becomes an article
    assert topic("À quelle société la gestion du port a-t-elle été confiée ?") == (
        "À la société la gestion du port a été confiée"
    )
    assert topic("De quel organisme le musée dépend-il ?") == "De l'organisme le musée dépend"
    # « à le », « de les » are written as French writes them
    assert topic("À quel projet la ville a-t-elle participé ?") == "Au projet la ville a participé"
    assert topic("De quels fonds le musée dépend-il ?") == "Des fonds le musée dépend"
    assert topic("c'est quoi le centre de données ?") == "le centre de données"
    assert topic("Dans quels quartiers la navette passe-t-elle ?") == (
        "Dans les quartiers la navette passe"
    )
    # a question word in capitals is an acronym, not asked
    assert topic("According to the WHO, what is a stroke unit?") == (
        "According to the WHO, a stroke unit"
    )


def test_a_question_adverb_opening_the_question_is_not_part_of_its_subject() -> None:
    # « Quand » is capitalised as the first word, but no name: the subject is « Le Havre Port »
    r = resolve(
        "Combien de navires a-t-il accueillis ?",
        ["Quand Le Havre Port a-t-il ouvert son terminal ?"],
    )
    assert r.resolved == "Combien de navires Le Havre Port a-t-il accueillis ?"
    # a question determiner's own noun is still no subject (« Quelle Région … »)
    r = resolve("Combien a-t-elle donné ?", ["Quelle Région a-t-elle financé le projet ?"])
    assert "Quelle" not in r.resolved


def test_a_follow_up_read_as_complete_has_the_conversation_as_a_second_reading() -> None:
    history = ["How much does the town pay the night nurses of its clinics?"]
    r = resolve("For how many nights a week?", history)
    assert r.resolved == "For how many nights a week?"  # searched first as it is
    assert (
        r.fallback == "For how many nights a week? — the town pay the night nurses of its clinics"
    )
    assert resolve("For how many nights a week?", []).fallback is None
    assert resolve("Que signifie CPTS ?", history).fallback is None  # it names its subject


def test_a_follow_up_resolved_by_grammar_has_the_conversation_as_a_second_reading() -> None:
    """A pronoun may be given the wrong referent (« Il vise à former qui ? » after a question
    about a project's grant read as « Le montant vise … »): the turn as typed, with what the
    conversation said as context, is the second reading."""
    history = ["Quel montant la Ville a-t-elle accordé au festival de jazz ?"]
    r = resolve("Il accueille combien de visiteurs ?", history)
    assert r.changed
    assert r.fallback is not None and r.fallback.startswith(
        "Il accueille combien de visiteurs ? — "
    )
    assert "festival de jazz" in r.fallback
    english = resolve("And in 2019?", ["How much does the town pay the night nurses?"])
    assert english.changed and english.fallback is not None
    assert english.fallback.startswith("And in 2019? — ")


@pytest.mark.parametrize(
    ("question", "alone"),
    [
        (
            "Et combien de navettes seront gratuites ?",
            "Combien de navettes seront gratuites ?",
        ),
        ("Mais quel budget pour les pistes cyclables ?", "Quel budget pour les pistes cyclables ?"),
        ("Et deux ans plus tard ?", None),  # a shift in time says nothing on its own
        ("Et qui va le financer ?", None),  # « le »: something of the conversation
        ("Et pour les tarifs, on en est où ?", None),
        ("Il accueille combien de visiteurs ?", None),
    ],
)
def test_a_follow_up_naming_what_it_asks_about_is_read_on_its_own_too(
    question: str, alone: str | None
) -> None:
    history = ["Quel montant la Ville a-t-elle accordé au festival de jazz en 2022 ?"]
    assert resolve(question, history).alone == alone
    assert resolve(question, []).alone is None  # no conversation: it is read so already


def test_a_complete_follow_up_keeps_the_topic_for_a_later_that() -> None:
    history = ["How much does the town pay the night nurses?", "For how many nights a week?"]
    assert resolve("What risk do doctors see in that?", history).resolved == (
        "What risk do doctors see in that? — For nights a week — the town pay the night nurses"
    )


@pytest.mark.parametrize(
    ("question", "points_back"),
    [
        ("Since when has that rule applied?", True),
        ("What do nurses think about that?", True),
        ("Why is that a worry?", True),  # « that » the subject, before « a »
        ("Was that an exception?", True),
        ("Which clinics say that the tool helps?", False),  # a conjunction
        ("Which tool is the one that nurses use?", False),  # a relative
    ],
)
def test_english_that_as_a_demonstrative_points_back(question: str, points_back: bool) -> None:
    history = ["Quel statut les centres de dialyse ont-ils obtenu en 2022 ?"]
    assert resolve(question, history).changed is points_back


def test_an_object_pronoun_before_an_infinitive_is_put_back() -> None:
    history = ["Quel robot la clinique de Bayeux a-t-elle acheté ?"]
    assert resolve("Qui est chargé de le réparer ?", history).resolved == (
        "Qui est chargé de réparer le robot ?"
    )
    # « de la » before a noun is no pronoun
    assert not resolve("Qui est chargé de la maintenance des robots ?", history).changed


@pytest.mark.parametrize(
    "question",
    [
        "Lesquels sont à Cherbourg ?",
        "Lequel d'entre eux soigne les enfants ?",
        "Qui paie pour ça ?",
    ],
)
def test_a_choice_among_what_was_named_gets_the_context(question: str) -> None:
    history = ["Combien de centres de soins dentaires la ville a-t-elle ouverts ?"]
    resolved = resolve(question, history).resolved
    assert resolved.startswith(question + " — ") and "centres de soins dentaires" in resolved


def test_a_choice_that_names_its_set_is_complete() -> None:
    history = ["Combien de centres de soins dentaires la ville a-t-elle ouverts ?"]
    assert not resolve("Lesquels des hôpitaux publics ont une IRM ?", history).changed


def test_an_english_which_one_is_a_choice_among_what_was_named() -> None:
    history = ["How many dental care centres has the town opened?"]
    resolved = resolve("Which one treats children?", history).resolved
    assert resolved.startswith("Which one treats children? — ") and "dental care" in resolved
    # "which one of the hospitals" names its set
    assert not resolve("Which one of the public hospitals has an MRI?", history).changed


def test_a_which_question_with_a_copula_points_to_the_phrase_it_identifies() -> None:
    # « quel musée » alone names nothing: the copula says it is « le plus ancien de Caen »
    history = ["Quel musée est le plus ancien établissement culturel de Caen ?"]
    assert resolve("Qui le dirige ?", history).resolved == (
        "Qui dirige le plus ancien établissement culturel de Caen ?"
    )
    # a value asked for is no such thing: « il » is still the thing the question names
    history = ["Quel taux est le plus bas du réseau de bus ?"]
    assert "taux" not in resolve("Qui le gère ?", history).resolved


def test_what_a_which_question_asked_for_is_the_referent_before_a_name_in_a_complement() -> None:
    history = ["Hors de Lisieux, quel centre régional forme les aides-soignants ?"]
    assert resolve("Il se trouve où ?", history).resolved == ("Le centre régional se trouve où ?")
    history = ["Quel genre de cabine est installé en Bretagne pour les marins ?"]
    assert resolve("Elle coûte combien ?", history).resolved == "Le genre de cabine coûte combien ?"


def test_a_possessive_complement_follows_its_noun_not_the_verb() -> None:
    history = ["Depuis quand Caen Santé Plus aide-t-elle les écoles ?"]
    assert resolve("Et quelle part de ses projets concerne les enfants ?", history).resolved == (
        "Quelle part des projets de Caen Santé Plus concerne les enfants ?"
    )


def test_a_fragment_with_a_subject_or_an_inner_question_word_is_a_clause() -> None:
    history = ["Combien de médecins utilisent la messagerie Medimail ?"]
    assert resolve("Et elle coûte combien par mois ?", history).resolved == (
        "La messagerie Medimail coûte combien par mois ?"
    )
    resolved = resolve("Et ça pèse quoi au total ?", history).resolved
    assert resolved.startswith("Ça pèse quoi au total ? — ") and "Medimail" in resolved


def test_a_demonstrative_before_a_comma_is_no_part_to_swap() -> None:
    history = ["Parmi les outils de la clinique, quel usage est prévu pour le robot mobile ?"]
    resolved = resolve("Et ce modèle-là, il fonctionne déjà ?", history).resolved
    assert resolved.startswith("Ce modèle-là, il fonctionne déjà ? — ") and "robot" in resolved


def test_an_acronym_takes_the_place_of_the_only_acronym() -> None:
    assert resolve("et CHRU ?", ["ARS, ça veut dire quoi ?"]).resolved == (
        "CHRU, ça veut dire quoi ?"
    )


@pytest.mark.parametrize(
    "earlier",
    ["Medimail, c'est quoi exactement ?", "Medimail, ça veut dire quoi ?"],
)
def test_what_a_question_asks_to_define_first_is_the_referent(earlier: str) -> None:
    assert resolve("Il a été créé quand ?", [earlier]).resolved == "Medimail a été créé quand ?"


@pytest.mark.parametrize(
    ("question", "earlier"),
    [
        ("Combien la commune met dedans ?", "Qu'est-ce que le projet Bus Santé ?"),
        ("Et selon lui, quel rang occupe la ville ?", "Qu'est-ce que le cluster Biopôle ?"),
        (  # a demonstrative of a new noun, though the question names something else
            "Qu'est-ce que ce dispositif apporte à la Caisse Primaire ?",
            "Depuis quand les infirmiers de Vire ont-ils un statut propre ?",
        ),
        ("What share of them are GPs?", "Combien de consultations le centre Vire Santé a-t-il ?"),
    ],
)
def test_what_points_back_gets_the_context_whatever_else_is_named(
    question: str, earlier: str
) -> None:
    resolved = resolve(question, [earlier]).resolved
    asked = question.removeprefix("Et ")
    assert resolved.startswith(asked[:1].upper() + asked[1:] + " — "), resolved


def test_an_english_subject_ends_at_its_name() -> None:
    history = ["What does the Hôpital Marin de Granville want to build?"]
    assert resolve("Who are its main partners?", history).resolved == (
        "Who are the Hôpital Marin de Granville's main partners?"
    )


@pytest.mark.parametrize(
    ("question", "resolved"),
    [  # the genitive stands where the possessive did: no phrase's end to find after it
        ("What does its acronym stand for?", "What does the regional agency's acronym stand for?"),
        (
            "Which body approves its yearly plan?",
            "Which body approves the regional agency's yearly plan?",
        ),
    ],
)
def test_an_english_possessive_is_written_as_a_genitive(question: str, resolved: str) -> None:
    history = ["What does the regional agency fund in Caen?"]
    assert resolve(question, history).resolved == resolved


def test_an_english_adjective_of_a_noun_is_no_referent() -> None:
    history = ["How many Breton nurses know about Pass Soins?"]
    assert resolve("And how many have used it?", history).resolved == (
        "How many have used Pass Soins?"
    )


@pytest.mark.parametrize(
    "question",
    ["Who paid for that bridge?", "What is the dental one about?", "When did the first one open?"],
)
def test_english_that_noun_and_one_point_back(question: str) -> None:
    history = ["Quels projets la ville de Honfleur a-t-elle lancés en 2020 ?"]
    assert resolve(question, history).resolved.startswith(question + " — ")


@pytest.mark.parametrize(
    "question", ["Which one of the two clinics opened first?", "Is the one of the port open?"]
)
def test_one_with_its_own_complement_points_nowhere(question: str) -> None:
    history = ["Quels projets la ville de Honfleur a-t-elle lancés en 2020 ?"]
    assert resolve(question, history).resolved == question


@pytest.mark.parametrize(
    ("earlier", "question", "resolved"),
    [
        (
            "En quelle année le centre de santé de Falaise a-t-il ouvert ?",
            "Il est géré par qui ?",
            "Le centre de santé de Falaise est géré par qui ?",
        ),
        (
            "Quel montant la mutuelle a-t-elle versé au programme Sillage ?",
            "Il vise quels patients ?",
            "Le programme Sillage vise quels patients ?",
        ),
    ],
)
def test_a_value_asked_for_is_no_referent(earlier: str, question: str, resolved: str) -> None:
    # « année », « montant » name what the answer gives, a later « il » the thing it is of
    assert resolve(question, [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        ("Et la téléradiologie, qui la finance ?", "Qui finance la téléradiologie ?"),
        ("Et le dossier Bleu, il est hébergé où ?", "Le dossier Bleu est hébergé où ?"),
        ("Le Pass Soins, il sert à quoi ?", "Le Pass Soins sert à quoi ?"),
        ("And telepharmacy, who regulates it?", "Who regulates telepharmacy?"),
        # ten words, none pointing back
        (
            "Et un service de garde 100 % gratuit pour les familles, c'est prévu quand ?",
            "Un service de garde 100 % gratuit pour les familles, c'est prévu quand ?",
        ),
    ],
)
def test_a_phrase_set_before_the_question_is_its_referent(question: str, resolved: str) -> None:
    history = ["Combien de cabines de téléconsultation la Manche compte-t-elle ?"]
    assert resolve(question, history).resolved == resolved


def test_a_long_phrase_set_before_that_points_back_is_no_referent() -> None:
    # « ces cabines »: what was said before, so the turn is resolved with the conversation,
    # not read as complete with the phrase as its subject
    history = ["Combien de cabines de téléconsultation la Manche compte-t-elle ?"]
    question = "Et la référence en bas de page pour ces cabines, c'est laquelle ?"
    assert not resolve(question, history).resolved.startswith("La référence")


@pytest.mark.parametrize(
    "question",
    [
        "Et en 2021, combien y en avait-il ?",  # a time set before: an ellipsis
        "Et la première, elle a ouvert quand ?",  # one of the things said, not named
    ],
)
def test_a_time_or_an_ordinal_set_before_is_no_referent(question: str) -> None:
    history = ["Combien de cabines de téléconsultation la Manche compte-t-elle ?"]
    resolved = resolve(question, history).resolved
    assert not resolved.startswith(("En 2021 y", "La première a ouvert")), resolved
    assert "Manche" in resolved or "cabines" in resolved, resolved


@pytest.mark.parametrize(
    "question",
    [
        "Apart from the opening hours, what else do they publish?",
        "Outre les horaires, que publient-ils d'autre ?",
    ],
)
def test_a_phrase_setting_something_aside_is_no_referent(question: str) -> None:
    # what the question sets aside is not what « ils » / "they" stands for (it was written in
    # the pronoun's place: « Que Outre les horaires publient-ils … », "What else do Apart …")
    history = ["Quels comités la bibliothèque met-elle en place ?"]
    resolved = resolve(question, history).resolved
    assert not resolved.startswith(("Que Outre", "What else do Apart")), resolved


def test_an_english_question_after_and_is_no_fragment_to_swap() -> None:
    history = ["How many nurses in Brittany use the Pass Soins app?"]
    resolved = resolve("And is the app free for them?", history).resolved
    assert resolved.startswith("Is the app free for"), resolved
    assert "How many nurses" not in resolved.split(" — ")[0], resolved


def test_a_demonstrative_is_replaced_with_the_words_it_repeats() -> None:
    history = ["Combien de mesures compte la feuille de route régionale 2024-2028 ?"]
    assert resolve("Qui pilote cette feuille de route ?", history).resolved == (
        "Qui pilote la feuille de route régionale 2024-2028 ?"
    )


def test_one_of_several_is_no_referent_and_a_question_naming_nothing_keeps_them() -> None:
    history = ["Qui finance le programme Sillage ?", "C'est le premier du genre ?"]
    assert resolve("Il dure combien de temps ?", history).resolved == (
        "Le programme Sillage dure combien de temps ?"
    )


def test_the_things_a_plural_question_asks_for_are_a_referent() -> None:
    history = [
        "Sur quels trois chantiers la mairie de Vire mise-t-elle pour les soins à domicile ?"
    ]
    assert resolve("Ils coûtent combien ?", history).resolved == (
        "Les trois chantiers coûtent combien ?"
    )


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        (
            "Et pour les kinés, quel est le délai moyen ?",
            "Quel est le délai moyen pour les kinés ? — ",
        ),
        ("And for nurses, what is the average delay?", "What is the average delay for nurses? — "),
    ],
)
def test_for_whom_a_clause_asks_stays_in_it(question: str, resolved: str) -> None:
    history = ["Quel délai d'attente les patients de Vire subissent-ils pour un dermatologue ?"]
    assert resolve(question, history).resolved.startswith(resolved)


def test_a_time_set_before_a_clause_with_en_replaces_the_earlier_one() -> None:
    history = ["Combien de maisons de santé la Manche comptait-elle en 2021 ?"]
    resolved = resolve("Et en 2023, combien en comptait-elle ?", history).resolved
    assert "2023" in resolved and "2021" not in resolved, resolved


def test_a_place_set_before_a_clause_stays_in_its_context() -> None:
    history = ["Combien de maisons de santé la Manche comptait-elle en 2021 ?"]
    assert "Granville" in resolve("Et à Granville, combien y en a-t-il ?", history).resolved


def test_a_name_set_before_a_question_of_its_own_is_its_subject() -> None:
    history = ["Combien d'infirmiers compte le centre hospitalier de Vire ?"]
    r = resolve("Et Lisieux, combien de médecins y travaillent ?", history)
    assert r.resolved == "Lisieux, combien de médecins y travaillent ?" and r.fallback is None
    # a clause that needs the earlier question is no question of its own
    assert " — " in resolve("Et Lisieux, combien ?", history).resolved


def test_the_subject_after_a_complement_with_adjectives_is_not_swapped() -> None:
    # « la charte régionale » is the subject of « prévoit-elle »: the part swapped is the
    # complement « la vaccination », after « les pharmacies rurales »
    history = [
        "Quel délai pour la vaccination par les pharmacies rurales la charte régionale "
        "prévoit-elle ?"
    ]
    resolved = resolve("Et pour la téléconsultation ?", history).resolved
    assert "la charte régionale prévoit-elle" in resolved, resolved
    assert "la vaccination" not in resolved, resolved


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Et le montant versé ?", "Quel est le montant versé ? — "),
        (
            "et le nombre de consultations en 2019 ?",
            "Quel est le nombre de consultations en 2019 ? — ",
        ),
        ("Et la date d'ouverture ?", "Quelle est la date d'ouverture ? — "),
        # typed in a hurry: read with its shorthand written out
        ("et le nb de consultations en 2019 ?", "Quel est le nombre de consultations en 2019 ? — "),
    ],
)
def test_a_value_of_what_was_asked_about_is_asked_anew(question: str, asked: str) -> None:
    # not swapped into « Combien de maisons de santé … » as one of its parts
    history = ["Combien de maisons de santé la Manche a-t-elle financées en 2021 ?"]
    resolved = resolve(question, history).resolved
    assert resolved.startswith(asked) and "Manche" in resolved, resolved


def test_a_name_with_an_apostrophe_inside_is_one_word() -> None:
    # « Chant'e-Loire » is no elision: the pronoun gets the whole name, not « Chant' »
    history = ["Quelle mission a le groupement Chant'e-Loire auprès de la Région ?"]
    assert resolve("Il organise quoi ?", history).resolved == "Chant'e-Loire organise quoi ?"
    # the English possessive is still read apart
    r = resolve("Who funds it?", ["What is the Region's new clinic?"])
    assert r.resolved == "Who funds the Region's new clinic?"


def test_a_question_the_history_leaves_as_it_is_stays_as_typed() -> None:
    history = ["Combien de maisons de santé la Manche a-t-elle financées en 2021 ?"]
    question = "nb de pharmacies de garde a Caen en 2024 ?"
    assert resolve(question, history).resolved == question


@pytest.mark.parametrize("question", ["ca vient de quel document ?", "Cela coûte combien ?"])
def test_ca_points_back(question: str) -> None:
    # « ça » (« ca » typed in a hurry), « cela »: what the conversation is about as context
    history = ["Qu'est-ce que le centre de données de Caen ?"]
    assert resolve(question, history).resolved.endswith(" — le centre de données de Caen")


@pytest.mark.parametrize(
    ("question", "history", "resolved"),
    [
        (
            "Combien la Région lui a-t-elle versé ?",
            "Qu'est-ce que le centre de données de Caen ?",
            "Combien la Région a-t-elle versé au centre de données de Caen ?",
        ),
        (
            "Qui leur a versé la subvention ?",
            "Quels sont les clubs de Caen ?",
            "Qui a versé aux clubs de Caen la subvention ?",
        ),
        (
            "Que lui reproche-t-on ?",
            "Qu'est-ce que la navette X ?",
            "Que reproche-t-on à la navette X ?",
        ),
    ],
)
def test_a_dative_clitic_is_written_back_with_a(question: str, history: str, resolved: str) -> None:
    assert resolve(question, [history]).resolved == resolved


def test_an_english_subject_between_its_auxiliary_and_participle_is_the_referent() -> None:
    history = ["Since when has telepharmacy been allowed in Normandy?"]
    assert resolve("Who pays for it?", history).resolved == "Who pays for telepharmacy?"


def test_a_participle_before_its_agent_is_no_part_of_the_referent() -> None:
    history = ["En quoi consiste le festival Jazz'Orne porté par la ville d'Alençon ?"]
    resolved = resolve("Qui fait partie de son jury ?", history).resolved
    assert resolved == "Qui fait partie du jury du festival Jazz'Orne ?"


def test_c_est_about_what_was_said_points_back() -> None:
    history = ["Combien de lits compte la clinique de Bayeux ?"]
    assert resolve("C'est tiré de quelle source ?", history).resolved.startswith(
        "C'est tiré de quelle source ? — "
    )
    # « c'est quoi X » names what it asks about
    assert resolve("c'est quoi le Pass Santé ?", history).resolved == "c'est quoi le Pass Santé ?"


@pytest.mark.parametrize(
    ("earlier", "resolved"),
    [
        ("How much funding does the regional clinic receive?", "Who runs the regional clinic?"),
        ("What does the regional agency fund?", "Who runs the regional agency?"),
    ],
)
def test_an_english_subject_ends_before_the_verb_that_ends_the_question(
    earlier: str, resolved: str
) -> None:
    assert resolve("Who runs it?", [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("earlier", "question", "resolved"),
    [
        (
            "Comment ce document présente-t-il le bibliobus ?",
            "À quoi sert-il ?",
            "À quoi le bibliobus sert-il ?",
        ),
        (
            "Comment l'auteur décrit-il la borne de prêt ?",
            "À quoi sert-elle ?",
            "À quoi la borne de prêt sert-elle ?",
        ),
        (
            "Que dit le rapport sur la bibliothèque municipale ?",
            "Qui la dirige ?",
            "Qui dirige la bibliothèque municipale ?",
        ),
        (
            "What does the report say about the city library?",
            "Who runs it?",
            "Who runs the city library?",
        ),
    ],
)
def test_the_document_asked_about_is_no_referent(
    earlier: str, question: str, resolved: str
) -> None:
    # « le rapport » frames every question: a later « il » or "it" means what it speaks of
    assert resolve(question, [earlier]).resolved == resolved


@pytest.mark.parametrize(
    "question",
    [
        "La culture fait-elle partie de ses priorités ?",
        "Le sport est-il parmi ses missions ?",
        "La lecture est-elle l'une de ses priorités ?",
        "Cite une de ses expositions",
        "Tu peux nommer plusieurs de ses partenaires ?",
        "Combien de règles fixe la charte issue de ses ateliers ?",
    ],
)
def test_what_belongs_to_a_possessor_is_not_the_possessor(question: str) -> None:
    # « X fait partie de ses Y »: « ses » is someone else's, here the earlier question's topic
    resolved = resolve(question, ["Quel est le rôle du Pôle Culturel de Caen ?"]).resolved
    assert "Pôle Culturel" in resolved, resolved


def test_a_possessor_named_as_subject_keeps_its_possessive() -> None:
    question = "Chaque habitant a-t-il accès à ses données ?"
    assert resolve(question, ["Quel est le rôle du Pôle Culturel de Caen ?"]).resolved == question


def test_a_pronoun_put_back_reads_again_without_what_was_asked_before() -> None:
    # the lockers counted before would find the earlier answer again
    history = ["Le bibliobus, c'est quoi ?", "Combien de casiers compte-t-il ?"]
    reading = resolve("Qui le conduit ?", history)
    assert reading.resolved == "Qui conduit le bibliobus ?"
    assert reading.fallback is not None and "casiers" not in reading.fallback
    assert "bibliobus" in reading.fallback
    # an ellipsis keeps what was asked: it asks it again
    assert "casiers" in (resolve("Et en 2021 ?", history).fallback or "casiers")


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        ("Et qui le dirige ?", "Qui dirige le centre de soins ?"),
        ("Et qui le finance ?", "Qui finance le centre de soins ?"),
    ],
)
def test_a_question_with_an_object_pronoun_after_et_is_no_phrase_to_swap(
    question: str, resolved: str
) -> None:
    # « le dirige » is no noun phrase: not « Combien de lits compte le dirige de soins ? »
    assert resolve(question, ["Combien de lits compte le centre de soins ?"]).resolved == resolved


@pytest.mark.parametrize(
    ("earlier", "question", "resolved"),
    [
        # the town says where the thing is: « il » is the thing
        (
            "Combien de lits compte le centre de soins de Lisieux ?",
            "Qui le dirige ?",
            "Qui dirige le centre de soins de Lisieux ?",
        ),
        (
            "Quel est le budget de la médiathèque de Caen ?",
            "Qui la dirige ?",
            "Qui dirige la médiathèque de Caen ?",
        ),
        # what a name has (its budget): the name is the referent
        ("Quel est le budget de Bodycap ?", "Qui la dirige ?", "Qui dirige Bodycap ?"),
        ("Quel est le budget de SaNuRN ?", "Qui le pilote ?", "Qui pilote SaNuRN ?"),
    ],
)
def test_a_town_ending_a_phrase_comes_after_the_phrase(
    earlier: str, question: str, resolved: str
) -> None:
    assert resolve(question, [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        ("Et son budget ?", "Quel est le budget du centre de soins de Lisieux ?"),
        ("Et sa capacité ?", "Quelle est la capacité du centre de soins de Lisieux ?"),
        ("Et ses missions ?", "Quelles sont les missions du centre de soins de Lisieux ?"),
        # a part of the thing, not what it has: the same question asked of it
        ("Et sa maternité ?", "Combien de lits compte sa maternité ?"),
    ],
)
def test_what_the_thing_talked_about_has_is_asked_anew(question: str, resolved: str) -> None:
    history = ["Combien de lits compte le centre de soins de Lisieux ?"]
    assert resolve(question, history).resolved == resolved


def test_the_verb_after_a_counted_plural_is_no_part_of_it() -> None:
    from santeqa.qa.antecedent import mentions

    said = [m.text for m in mentions("Combien de lits compte le centre de soins ?")]
    assert "les lits" in said and "les lits compte" not in said
    said = [m.text for m in mentions("Combien de projets lauréats pilote la ville ?")]
    assert "les projets lauréats" in said
    said = [m.text for m in mentions("Combien de personnes en situation de handicap y vont ?")]
    assert "les personnes en situation de handicap" in said


def test_an_english_kind_of_thing_asked_is_what_it_points_to() -> None:
    history = ["According to the guide, which kind of board game is played most?"]
    resolved = resolve("Can you give an example of it?", history).resolved
    assert "the kind of board game" in resolved and "guide" not in resolved


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        ("Depuis quand existe-t-il ?", "Depuis quand le centre de soins existe-t-il ?"),
        ("Existe-t-il une antenne à Caen ?", "Existe-t-il une antenne à Caen ?"),  # there is
    ],
)
def test_existe_t_il_speaks_of_something_unless_a_phrase_follows(
    question: str, resolved: str
) -> None:
    assert resolve(question, ["Quel est le rôle du centre de soins ?"]).resolved == resolved


def test_an_english_fragment_is_no_part_of_a_french_question() -> None:
    history = ["Quel est le rôle de l'office régional de la culture ?"]
    # not « Quel est le rôle de the budget … ? »: the English asked with the French context
    assert resolve("What about the budget?", history).resolved == (
        "The budget? — le rôle de l'office régional de la culture"
    )
    assert resolve("And its budget?", history).resolved == (
        "What is its budget? — le rôle de l'office régional de la culture"
    )
    # a year or a name is no language: the earlier question asked of it
    counted = ["Combien de visiteurs le musée a-t-il reçus en 2018 ?"]
    assert resolve("What about 2020?", counted).resolved == (
        "Combien de visiteurs le musée a-t-il reçus en 2020 ?"
    )


def test_a_fragment_after_its_preposition_takes_the_place_of_the_questions_phrase() -> None:
    # not of a phrase of the context (not « … — le festival des adultes »)
    history = ["Qu'est-ce que le festival de la ville ?", "Combien pour les enfants ?"]
    assert resolve("Et pour les adultes ?", history).resolved == (
        "Combien pour les adultes ? — le festival de la ville"
    )


def test_an_ellipsis_says_what_it_brings_a_pronoun_does_not() -> None:
    history = ["Qui dirige le projet de la médiathèque ?"]
    assert resolve("Et pour le bibliobus ?", history).brought == "pour le bibliobus"
    assert resolve("Qui le finance ?", history).brought is None
    assert resolve("Qui dirige le musée ?", history).brought is None  # complete


def test_a_name_heading_a_longer_phrase_points_to_the_whole_phrase() -> None:
    history = ["Quel est l'objectif du Diplôme d'histoire locale du campus de Lisieux ?"]
    resolved = resolve("Combien d'heures de cours compte-t-il ?", history).resolved
    assert "le Diplôme d'histoire locale du campus de Lisieux" in resolved


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        # the part swapped, the aside after the comma said of the whole question
        (
            "Et deux ans plus tard, pendant les travaux ?",
            "Combien de lits comptait le centre de soins en 2021, pendant les travaux ?",
        ),
        (
            "Et en 2020, en pleine épidémie de grippe ?",
            "Combien de lits comptait le centre de soins en 2020, en pleine épidémie de grippe ?",
        ),
    ],
)
def test_an_aside_after_the_swapped_part_is_kept(question: str, resolved: str) -> None:
    history = ["Combien de lits comptait le centre de soins en 2019 ?"]
    assert resolve(question, history).resolved == resolved


def test_a_clause_after_the_comma_is_no_aside() -> None:
    history = ["Combien de lits ont été ouverts à Lisieux en 2019 ?"]
    resolved = resolve("Et en 2020, en a-t-on ajouté ?", history).resolved
    assert resolved.startswith("En a-t-on ajouté ?")


@pytest.mark.parametrize(
    ("asked_first", "owner"),
    [
        ("What is the opening time of the city library?", "the city library"),
        ("What is the yearly budget of the cycling club?", "the cycling club"),
    ],
)
def test_an_english_it_after_what_is_the_x_of_y_points_to_y(asked_first: str, owner: str) -> None:
    resolved = resolve("Who runs it?", [asked_first]).resolved
    assert resolved == f"Who runs {owner}?"


def test_an_english_name_with_of_is_no_owner() -> None:
    from santeqa.qa.antecedent import mentions

    said = [m.text for m in mentions("What is the Museum of Modern Toys?")]
    assert said[0] == "the Museum of Modern Toys"
    # nothing after "of", or an article alone: no owner (and no error)
    assert mentions("What is the big new fund of?")[0].text == "the big new fund of"
    assert mentions("What is the big new fund of the?")[0].text.startswith("the big new fund")


def test_what_the_earlier_question_asked_for_is_found_in_the_resolved_follow_up() -> None:
    earlier = "Quelle association anime les ateliers de lecture ?"
    assert points_to_what_was_asked("Qui finance l'association ?", earlier)
    assert not points_to_what_was_asked("Qui finance les ateliers ?", earlier)
    # a context of its own already: left alone
    assert not points_to_what_was_asked("Qui la finance ? — l'association", earlier)
    # the earlier question asked for a value, no thing
    assert not points_to_what_was_asked("Qui le finance ?", "Quel est le budget du club ?")


def test_a_closing_lequel_asks_for_the_last_thing_the_question_introduced() -> None:
    earlier = "Pour les cyclistes, la mairie lance deux chantiers dans le centre : lesquels ?"
    assert resolve("Ils coûtent combien ?", [earlier]).resolved == (
        "Les deux chantiers coûtent combien ?"
    )
    assert points_to_what_was_asked("Les deux chantiers coûtent combien ?", earlier)
    # the gender of « un » / « une » tells which phrase « laquelle » stands for
    earlier = "Il y a une devise pour réussir un projet dans la ville, laquelle ?"
    assert resolve("Elle date de quand ?", [earlier]).resolved == "La devise date de quand ?"


def test_what_the_asker_looks_for_is_what_the_earlier_question_asked_for() -> None:
    earlier = "Je cherche l’association qui anime les ateliers de lecture, laquelle est-ce ?"
    assert points_to_what_was_asked("Qui finance l'association ?", earlier)
    assert points_to_what_was_asked(
        "Where is the library based?", "I'm looking for the library that lends e-books."
    )
    assert not points_to_what_was_asked("Qui finance les ateliers ?", earlier)


def test_the_names_an_answer_gave_become_the_follow_up_s_context() -> None:
    earlier = "Quelle association anime les ateliers de lecture ?"
    answer = "L'association LIRELIBRE anime les ateliers depuis 2010 avec la BnF."
    assert with_answered_names("Qui finance l'association ?", earlier, answer) == (
        "Qui finance l'association ? — LIRELIBRE BnF"
    )
    # nothing named, or only what the question named: the earlier question is the context
    plain = "Une association de quartier anime les ateliers."
    assert with_answered_names("Qui finance l'association ?", earlier, plain) == (
        "Qui finance l'association ? — Quelle association anime les ateliers de lecture"
    )


def test_a_capitalised_word_the_text_never_writes_in_lower_case_is_a_name_too() -> None:
    earlier = "Quelle association anime les ateliers de lecture ?"
    answer = "Dans la ville, l'association Lirelibre anime les ateliers avec la Mairie."
    common = frozenset({"dans", "ville", "association", "anime", "ateliers", "mairie", "avec"})
    assert with_answered_names("Qui finance l'association ?", earlier, answer, common) == (
        "Qui finance l'association ? — Lirelibre"
    )


def test_an_english_which_question_asks_for_the_thing_a_later_it_stands_for() -> None:
    history = ["Which library was chosen to host the rare book collection?"]
    assert resolve("Where is it located?", history).resolved == "Where is the library located?"


def test_the_first_word_of_a_next_sentence_is_no_name_a_pronoun_points_to() -> None:
    history = [
        "Je suis guide : les navettes qui transportent des vélos ont-elles un statut à part ? "
        "Depuis quelle date ?"
    ]
    resolved = resolve("Qui contrôle chacune d'elles ?", history).resolved
    assert "Depuis" not in resolved.partition(" — ")[2]
    assert resolved.lower().endswith("les navettes")


def test_a_source_question_naming_no_topic_of_its_own_leans_on_the_conversation() -> None:
    history = ["Combien de lignes de bus la ville a-t-elle ouvertes en 2023 ?"]
    resolved = resolve("Quelle note donne la référence ?", history).resolved
    assert resolved.startswith("Quelle note donne la référence ? — ")
    # a source question with a topic of its own stays as typed
    own = "Quelle étude donne le taux de retards des bus ?"
    assert resolve(own, history).resolved == own


def test_who_asks_said_before_the_question_is_its_context() -> None:
    r = resolve("Je suis guide à Rouen : quelle ligne de bus dessert le musée ?", [])
    assert r.resolved == "Quelle ligne de bus dessert le musée ? — Je suis guide à Rouen"
    r = resolve("Ma mère demande : le bus est-il gratuit le dimanche ?", [])
    assert r.resolved == "Le bus est-il gratuit le dimanche ? — Ma mère demande"
    # who asks, then what they are preparing, in the first person
    r = resolve("Guide au musée, je prépare une visite : le bus passe-t-il le lundi ?", [])
    assert r.resolved == "Le bus passe-t-il le lundi ? — Guide au musée, je prépare une visite"
    # a name before a colon is what the question is about, and an English question's
    # context would not be put into French with it: both as typed
    for typed in ("Mon Espace Vélo : qu'est-ce qui freine ?", "I'm a guide: which bus line?"):
        assert resolve(typed, []).resolved == typed


@pytest.mark.parametrize(
    ("earlier", "question", "resolved"),
    [
        # an English subject after do-support ends at its verb, not at the question's end
        (
            "What does the regional agency offer to nurses?",
            "Who funds it?",
            "Who funds the regional agency?",
        ),
        (
            "What funding does the city's 2030 plan give to bike lanes?",
            "When was it launched?",
            "When was the city's 2030 plan launched?",
        ),
        ("How does the WHO define innovation in health?", "Who runs it?", "Who runs the WHO?"),
    ],
)
def test_an_english_subject_after_do_support_ends_at_its_verb(
    earlier: str, question: str, resolved: str
) -> None:
    assert resolve(question, [earlier]).resolved == resolved


def test_who_asks_is_left_out_of_an_earlier_turn() -> None:
    history = ["Une habitante de Caen demande : quel musée de la ville ouvre le lundi ?"]
    assert resolve("Et le dimanche ?", history).resolved == (
        "Quel musée de la ville ouvre le dimanche ?"
    )
    assert resolve("Un guide voudrait savoir : quel musée ouvre tard ?", []).resolved == (
        "Quel musée ouvre tard ? — Un guide voudrait savoir"
    )


@pytest.mark.parametrize(
    ("question", "read"),
    [
        (
            "Étudiant en histoire de l'art : quel musée ouvre le dimanche ?",
            "Quel musée ouvre le dimanche ? — Étudiant en histoire de l'art",
        ),
        (
            "Bénévole dans une association de quartier : quel budget la ville vote-t-elle ?",
            "Quel budget la ville vote-t-elle ? — Bénévole dans une association de quartier",
        ),
        (  # what the asker does is part of what is asked
            "Libraire, je vends des cartes : qui fixe le prix du pass ?",
            "Libraire, je vends des cartes : qui fixe le prix du pass ?",
        ),
        (
            "Guide, je fais visiter le musée : qui fixe le prix du pass ?",
            "Guide, je fais visiter le musée : qui fixe le prix du pass ?",
        ),
        (
            "Mon cabinet est à Lyon : quel réseau de soins me couvre ?",
            "Quel réseau de soins me couvre ? — Mon cabinet est à Lyon",
        ),
        (
            "Porteur de projet culturel : combien de salles la ville prête-t-elle ?",
            "Combien de salles la ville prête-t-elle ? — Porteur de projet culturel",
        ),
        (
            "Gestionnaire de musée : quel tarif la ville fixe-t-elle ?",
            "Quel tarif la ville fixe-t-elle ? — Gestionnaire de musée",
        ),
        (
            "Cardiologue à Lyon : quel réseau de soins me couvre ?",
            "Quel réseau de soins me couvre ? — Cardiologue à Lyon",
        ),
        (
            "Assistante d'une élue municipale : quel budget pour les musées ?",
            "Quel budget pour les musées ? — Assistante d'une élue municipale",
        ),
        # several people, or with an article: what is asked about, kept in the question
        ("Infirmiers : combien sont formés ?", "Infirmiers : combien sont formés ?"),
        ("Cyberattaques : quel rang pour la ville ?", "Cyberattaques : quel rang pour la ville ?"),
        ("Les étudiants : combien ont un stage ?", "Les étudiants : combien ont un stage ?"),
    ],
)
def test_a_role_said_before_the_question_is_who_asks(question: str, read: str) -> None:
    assert resolve(question, []).resolved == read


def test_whom_a_question_is_asked_for_is_not_what_a_later_il_means() -> None:
    # « Pour un visiteur, » says whom the question is for; « il » is what it is about
    earlier = "Pour un visiteur, quels avantages apporte le nouveau pass des musées ?"
    resolved = resolve("Et que coûte-t-il ?", [earlier]).resolved
    assert resolved.startswith("Que le nouveau pass des musées coûte-t-il")


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Combien de sièges a la première ?", "Combien de sièges a ALPHABUS ?"),
        ("Et la seconde, elle en a combien ?", "Et Navetto, elle en a combien ?"),
        (
            "Combien de lignes la première dessert-elle ?",
            "Combien de lignes ALPHABUS dessert-elle ?",
        ),
        ("Que veut dire le premier de ces sigles ?", "Que veut dire ALPHABUS ?"),
        ("Quel est le deuxième d'entre eux ?", "Quel est Navetto ?"),
        ("How many seats does the first one have?", "How many seats does ALPHABUS have?"),
        ("And the second?", "And Navetto?"),
        ("How many seats does the first of them have?", "How many seats does ALPHABUS have?"),
        (
            "The second of those two, how many seats does it have?",
            "Navetto, how many seats does it have?",
        ),
        ("What about the first of these companies?", "What about ALPHABUS?"),
        # an ordinal before its noun, or in a phrase of its own, stands for no earlier name
        ("La première ligne ouvre quand ?", None),
        ("Pour la première fois ?", None),
        ("C'est la première du genre ?", None),
    ],
)
def test_an_ordinal_pronoun_is_the_name_at_that_place_in_the_earlier_answer(
    question: str, named: str | None
) -> None:
    answer = "Deux sociétés exploitent le réseau : ALPHABUS (40 cars) et la société Navetto."
    names = answered_names(answer, "Quelles sociétés exploitent le réseau ?", frozenset({"deux"}))
    assert names == ["ALPHABUS", "Navetto"]
    assert named_by_place(question, names) == named
    # too few names: nothing to write
    assert named_by_place("Et la seconde ?", names[:1]) is None


def test_an_ordinal_pronoun_is_read_with_the_earlier_question_as_context() -> None:
    named = named_by_place_in(
        "Combien de sièges a la première ?", ["ALPHABUS"], "Quelles sociétés exploitent le réseau ?"
    )
    assert named == "Combien de sièges a ALPHABUS ? — Quelles sociétés exploitent le réseau"


@pytest.mark.parametrize(
    ("question", "earlier", "resolved"),
    [
        (
            "Et son budget, il vient d'où ?",
            "Quel est le rôle du programme Bus Santé ?",
            "Le budget du programme Bus Santé vient d'où ?",
        ),
        (
            "Et leur budget, il est de combien ?",
            "Quels projets la ville finance-t-elle ?",
            "Le budget des projets est de combien ?",
        ),
        (  # « leur » before a noun French writes feminine: « la »
            "Et leur qualité, elle est bonne ?",
            "Quels musées la ville finance-t-elle ?",
            "La qualité des musées est bonne ?",
        ),
    ],
)
def test_a_possessive_phrase_set_before_the_question_is_its_owners(
    question: str, earlier: str, resolved: str
) -> None:
    assert resolve(question, [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("question", "earlier", "resolved"),
    [
        (  # a subject pronoun and its verb: a clause, not a part swapped into the earlier one
            "And it comes as a complement to what?",
            "What does the museum give visitors?",
            "The museum comes as a complement to what?",
        ),
        (  # the subject after do-support ends before its bare verb, a bare noun after it
            "And it opens at what time?",
            "What does the city museum show children?",
            "The city museum opens at what time?",
        ),
        (
            "And it opens at what time?",
            "What does home-based care give doctors?",
            "Home-based care opens at what time?",
        ),
    ],
)
def test_an_english_clause_with_its_subject_pronoun_is_put_back(
    question: str, earlier: str, resolved: str
) -> None:
    assert resolve(question, [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("earlier", "resolved"),
    [
        # an irregular participle ends the subject; a name ending like one (« Caen ») does not
        ("When was the Caen museum built?", "Who runs the Caen museum?"),
        ("When was the city library opened?", "Who runs the city library?"),
    ],
)
def test_an_english_passive_subject_ends_at_its_participle(earlier: str, resolved: str) -> None:
    assert resolve("Who runs it?", [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("typed", "without"),
    [
        ("Sinon, le musée ferme quand ?", "Le musée ferme quand ?"),
        ("Du coup, qui le finance ?", "Qui le finance ?"),
        ("Merci ! Et pour les infirmiers ?", "Et pour les infirmiers ?"),
        ("By the way, who runs it?", "Who runs it?"),
        ("Bonjour, qui le finance ?", "Bonjour, qui le finance ?"),  # a greeting is no marker
        ("Alors que le budget baisse, qui paie ?", "Alors que le budget baisse, qui paie ?"),
        ("Sinon ?", "Sinon ?"),  # nothing after it
    ],
)
def test_a_discourse_marker_is_dropped(typed: str, without: str) -> None:
    assert without_discourse_marker(typed) == without


def test_a_discourse_marker_is_not_put_where_a_pronoun_stood() -> None:
    history = [BUDGET]
    r = resolve("Du coup, qui la dirige ?", history)
    assert "coup" not in r.resolved and "plateforme" in r.resolved
    # the marker on an earlier turn is not what the conversation is about either
    r = resolve("Et en 2022 ?", ["Concrètement, " + BUDGET[0].lower() + BUDGET[1:]])
    assert r.resolved == "Quel budget la plateforme a-t-elle attribué au dépistage en 2022 ?"


def test_a_name_of_several_words_opening_the_question_is_one_referent() -> None:
    """« Loire Numérique » opening the earlier question is what « elle » means, not its last
    word; a question word opening it is no part of a name (« Quels CHU … »)."""
    history = ["Loire Numérique accompagne les hôpitaux depuis quand ?"]
    r = resolve("Combien de salariés a-t-elle ?", history)
    assert "Loire Numérique" in r.resolved
    assert all(not m.text.startswith("Quels") for m in mentions("Quels CHU participent ?"))


@pytest.mark.parametrize(
    ("earlier", "referent"),
    [
        ("La Région Centre finance quels projets ?", "La Région Centre"),  # a name
        ("L'agence régionale emploie combien de personnes ?", "l'agence régionale"),
    ],
)
def test_a_subject_ends_before_the_verb_of_a_question_word_inside_the_clause(
    earlier: str, referent: str
) -> None:
    r = resolve("Qui la dirige ?", [earlier])
    assert referent in r.resolved
    assert not any(w in r.resolved for w in ("finance", "emploie", "quels", "combien"))


@pytest.mark.parametrize(
    "question",
    [
        "Et côté remboursement, c'est pris en charge ?",
        "Et concernant le remboursement, qui paie ?",
    ],
)
def test_the_topic_a_lead_names_stays_with_its_clause(question: str) -> None:
    """« Et côté X, <clause> ? »: X is what the clause asks about; it is not swapped into the
    earlier question and lost from what is searched."""
    r = resolve(question, ["Quels professionnels peuvent pratiquer le télésoin ?"])
    asked_part = r.resolved.split(" — ")[0].lower()
    assert asked_part.split(":")[0].strip() in ("remboursement", "le remboursement")


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        ("Quant à la navette, qui la conduit ?", "Qui conduit la navette ?"),
        ("Quant au musée, qui le dirige ?", "Qui dirige le musée ?"),
        ("Concernant la gare, qui la gère ?", "Qui gère la gare ?"),
        ("As for the museum, what is its budget?", "What is the museum's budget?"),
        ("Regarding the shuttle, who drives it?", "Who drives the shuttle?"),
    ],
)
def test_the_words_announcing_a_topic_set_before_are_not_part_of_it(
    question: str, resolved: str
) -> None:
    earlier = ["Quelles lignes desservent le port ?"]
    assert resolve(question, earlier).resolved == resolved


def test_one_of_several_set_before_is_no_phrase_to_write_back() -> None:
    # "The first of those two" stands for a name of the earlier answer (``named_by_place``),
    # not for a phrase of its own
    earlier = ["Which companies run the shuttles?"]
    resolved = resolve("The first of those two, how big is its fleet?", earlier).resolved
    assert "first of those two's" not in resolved


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Which local museums are open on Sundays?", "the local museums"),
        ("Quick one: which small ferry does the port run?", "the small ferry"),
        # a verb after the noun: the noun alone
        ("Which company runs the ferry?", "the company"),
    ],
)
def test_an_english_which_phrase_keeps_its_adjectives(question: str, asked: str) -> None:
    assert mentions(question)[0].text == asked


def test_it_skips_a_plural_which_phrase() -> None:
    earlier = ["Which local museums are part of the Harbour Trust?"]
    resolved = resolve("How many visitors does it welcome?", earlier).resolved
    assert resolved == "How many visitors does the Harbour Trust welcome?"


@pytest.mark.parametrize(
    ("earlier", "question", "resolved"),
    [
        (
            "How many ferries sailed in 2021?",
            "And back in 2019?",
            "How many ferries sailed in 2019?",
        ),
        (
            "Combien de ferries ont navigué en 2021 ?",
            "Et déjà en 2019 ?",
            "Combien de ferries ont navigué en 2019 ?",
        ),
    ],
)
def test_an_adverb_before_a_year_does_not_keep_it_from_its_place(
    earlier: str, question: str, resolved: str
) -> None:
    assert resolve(question, [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Et que veut dire ce sigle ?", True),
        ("Que signifie son acronyme ?", True),
        ("Ça veut dire quoi ?", True),
        ("What does it stand for?", True),
        ("What does that abbreviation mean?", True),
        # it writes its acronym, or asks of a name
        ("Que signifie GHT ?", False),
        ("Que veut dire son nom ?", False),
        ("Qui le dirige ?", False),
    ],
)
def test_an_acronym_asked_of_without_writing_it(question: str, asks: bool) -> None:
    assert asks_unnamed_acronym(question) is asks


def test_the_acronym_asked_of_is_the_one_the_earlier_answer_gives() -> None:
    spelled_out = {"ght": "Groupement Hospitalier de Territoire", "ia": "Intelligence Artificielle"}
    answer = "Grâce à l'IA, les GHT mutualisent les serveurs."
    earlier = "Qui mutualise les serveurs grâce à l'IA ?"
    # not IA, which the earlier question writes
    assert acronym_answered("Et ce sigle ?", answer, earlier, spelled_out) == "Que signifie GHT ?"
    assert acronym_answered("What does it stand for?", answer, earlier, spelled_out) == (
        "What does GHT stand for?"
    )
    # one spelled out in place comes before an earlier one
    placed = "Avec l'IA, un groupement (GHT) mutualise les serveurs."
    assert acronym_answered("Et ce sigle ?", placed, "Qui mutualise ?", spelled_out) == (
        "Que signifie GHT ?"
    )
    # not one the earlier question names in full, nor one the glossary does not spell out
    named = "Qui mutualise les serveurs, le Groupement Hospitalier de Territoire ?"
    assert (
        acronym_answered("Et ce sigle ?", "Les GHT (ABC) mutualisent.", named, spelled_out) is None
    )


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        # « le rapport » is the subject of the inverted verb, « le » before it the pronoun
        (
            "Et le musée, comment le guide le présente-t-il ?",
            "Comment le guide présente-t-il le musée ?",
        ),
        # a reflexive verb keeps its « se » after a demonstrative
        (
            "Et dans quel délai ce remboursement se fait-il ?",
            "Dans quel délai ce remboursement se fait-il ?",
        ),
    ],
)
def test_an_article_before_the_subject_is_no_pronoun(question: str, resolved: str) -> None:
    earlier = ["Combien de visiteurs ont déjà obtenu ce remboursement ?"]
    assert resolve(question, earlier).resolved.startswith(resolved)


def test_a_pronoun_before_an_inverted_auxiliary_takes_the_phrase_after_the_participle() -> None:
    earlier = ["Quel budget la commune a-t-elle voté pour la fête ?"]
    r = resolve("Et le festival, comment la région l'a-t-elle financé ?", earlier)
    assert r.resolved == "Comment la région a-t-elle financé le festival ?"


def test_a_question_with_its_own_inverted_verb_is_not_swapped_into_the_earlier_one() -> None:
    earlier = ["Combien de familles ont déjà profité de cette aide ?"]
    r = resolve("Et comment ce dispositif se finance-t-il ?", earlier)
    assert r.resolved.startswith("Comment ce dispositif se finance-t-il ?")


def test_a_clause_opened_by_a_subject_pronoun_is_no_phrase_set_before() -> None:
    earlier = ["Que doit fournir un locataire pour obtenir la carte de stationnement ?"]
    r = resolve("Elles posent aussi des problèmes de délai, lesquels par exemple ?", earlier)
    assert not r.resolved.startswith("Lesquels") and "d'Elles" not in r.resolved
    later = resolve("Comment le guide juge-t-il leur cas ?", [*earlier, r.question])
    assert "Elles posent" not in later.resolved


def test_a_phrase_set_before_is_written_in_lower_case_inside_the_question() -> None:
    earlier = ["Mon médecin m'a parlé du carnet : le rapport précise-t-il ce qu'il contient ?"]
    r = resolve("Son contenu, c'est qui qui le remplit ?", earlier)
    assert "Son contenu" not in r.resolved[1:]


def test_the_article_opening_the_earlier_question_is_lower_case_in_the_pronoun_s_place() -> None:
    earlier = ["Les brasseries qui emploient des apprentis ont-elles un statut à part ?"]
    r = resolve("Et à quoi serviront-elles ?", earlier)
    assert "Les brasseries" not in r.resolved and "les brasseries" in r.resolved


def test_who_runs_what_before_the_colon_is_not_what_a_later_pronoun_stands_for() -> None:
    earlier = ["Je dirige un camping : quel a été le tout premier label créé pour le tourisme ?"]
    r = resolve("Il a été créé en quelle année ?", earlier)
    assert r.resolved.startswith("Le tout premier label")


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Quel est le premier principe de la charte ?", "le premier principe"),
        ("Quel a été le premier pays à signer le traité ?", "le premier pays"),
        ("Quel est le budget du festival ?", None),  # a value asked of the festival
    ],
)
def test_what_the_copula_names_is_what_the_answer_names(question: str, phrase: str | None) -> None:
    found = mentions(question)
    assert (found[0].text == phrase) if phrase else all(m.text != "le budget" for m in found[:1])


def test_a_subject_with_a_relative_clause_is_the_inverted_verb_s_subject() -> None:
    earlier = ["Quel club soutenu par la ville a créé le tournoi ?"]
    r = resolve("Combien d'équipes la ligue qui en est issue compte-t-elle ?", earlier)
    assert r.resolved.startswith("Combien d'équipes la ligue qui en est issue compte-t-elle ?")


def test_an_english_fragment_with_a_clause_of_its_own_is_not_swapped_in() -> None:
    earlier = ["What new trails does the guide expect the region to open?"]
    r = resolve("And the risk it sees for walkers?", earlier)
    assert r.resolved.startswith("The risk ") and "trails" not in r.resolved.split(" — ")[0]


@pytest.mark.parametrize(
    ("earlier", "later", "resolved"),
    [
        ("D'après l'office, quel est le rôle de la maison ?", "Qui la finance ?", "la maison"),
        ("According to the ministry, what does the museum offer?", "Who funds it?", "the museum"),
    ],
)
def test_whom_a_question_is_attributed_to_is_no_first_referent(
    earlier: str, later: str, resolved: str
) -> None:
    assert resolve(later, [earlier]).resolved.rstrip(" ?").endswith(resolved)


def test_a_name_s_phrase_ends_before_its_complement_of_place_or_time() -> None:
    earlier = "Quelle place occupait la Belgique en Europe lors de la création du salon ?"
    assert resolve("Pourquoi a-t-elle reculé ?", [earlier]).resolved == (
        "Pourquoi la Belgique a-t-elle reculé ?"
    )
