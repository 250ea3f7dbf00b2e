"""The kinds of fact a sentence holds (``qa.facts``): what a question's kind is matched with."""

from __future__ import annotations

from santeqa.qa.facts import sentence_facts


def test_a_rank_is_an_ordinal_not_a_count() -> None:
    assert sentence_facts("Le musée est le 3ème le plus visité de la région.").holds("ordinal")
    assert not sentence_facts("Le musée est le 3ème le plus visité.").holds("number")
    assert sentence_facts("La ville arrive en tête, devant Caen, deuxième.").holds("ordinal")
    assert sentence_facts("Le réseau compte 3 musées.").holds("number")
    assert not sentence_facts("Le réseau compte 3 musées.").holds("ordinal")


def test_a_persons_name_stands_alone_not_inside_a_longer_name() -> None:
    from santeqa.qa.facts import kind_spans

    common = frozenset("selon le les la musee centre mon espace sante ouvre publient".split())

    def persons(text: str) -> list[str]:
        return [text[a:b] for a, b in kind_spans(text, "person", common)]

    assert persons("Selon Jeanne Martin, la ville grandit.") == ["Jeanne Martin"]
    assert persons("Les chercheurs (Jeanne Martin, Paul Morel) publient.") == [
        "Jeanne Martin",
        "Paul Morel",
    ]
    # a place, a hospital or a service named in capitals is no person
    assert persons("Le Centre Jeanne Martin ouvre.") == []
    assert persons("Le projet Santé Numérique Caen Brest ouvre.") == []
    assert persons("Le réseau (Université de Caen, Centre Hospitalier Morel) ouvre.") == []
    assert persons("« Mon Espace Santé » ouvre.") == []


def test_the_named_agent_of_a_passive_verb_is_an_organisation() -> None:
    # « par » and a capitalised name: whoever did it, however the name is written
    assert sentence_facts("Une enquête rapportée par Santé Publique Bretagne le montre.").holds(
        "organisation"
    )
    assert sentence_facts("Le texte fut adopté par la Belgique en 2021.").holds("agent")
    assert not sentence_facts("Le texte fut adopté par la commune en 2021.").holds("organisation")
    assert not sentence_facts("Par ailleurs, la commune grandit.").holds("organisation")


def test_a_year_inside_a_name_dates_nothing() -> None:
    from santeqa.qa.facts import kind_spans

    def dated(sentence: str) -> list[str]:
        return [sentence[a:b] for a, b in kind_spans(sentence, "date")]

    # « le plan Vélo 2030 » names a plan: a question asking a year is not answered by it
    assert dated("Les aides sont nombreuses : prêts, Plan Vélo 2030…") == []
    assert not sentence_facts("Les aides sont nombreuses : prêts, Plan Vélo 2030…").holds("date")
    assert dated("Le Plan Vélo 2030 a été lancé en octobre 2021.") == ["octobre", "2021"]
    # a capitalised first word or a month is no name
    assert dated("Depuis 2018, la piste est éclairée.") == ["2018"]
    assert dated("Voté le 13 Mars 2024.") == ["Mars", "2024"]


def test_a_question_the_text_asks_states_nothing() -> None:
    # the text's own questions are no candidate answers (``qa.features``)
    assert sentence_facts("• Mais à quoi servira ce temps gagné ?").holds("asking")
    assert sentence_facts("Pour mieux soigner les patients des villages ?").holds("asking")
    # a question ending a colon's list names things
    assert not sentence_facts("Qui en répond : l'éditeur, le médecin ?").holds("asking")
    assert not sentence_facts("Le temps gagné sert aux patients.").holds("asking")


def test_a_postal_address_is_a_number_and_a_street_or_a_postcode_and_a_town() -> None:
    assert sentence_facts("Le club est au 12 rue des Tilleuls.").holds("address")
    assert sentence_facts("Écrire au 3 bis, avenue du Port.").holds("address")
    assert sentence_facts("Le siège est à 14000 Caen.").holds("address")
    assert sentence_facts("The office is at 10 Harbour Street.").holds("address")
    # a count of seats, a population, a year: no address
    assert not sentence_facts("Le stade compte 300 places assises.").holds("address")
    assert not sentence_facts("La ville compte 14000 habitants.").holds("address")
    assert not sentence_facts("La piscine est à Caen depuis 2019.").holds("address")


def test_a_structure_is_a_verb_of_composition_then_its_parts() -> None:
    assert sentence_facts("Le plan se déclinera en 3 volets et 12 mesures.").holds("structure")
    assert sentence_facts("Ce cursus comporte pour sa part quatre modules :").holds("structure")
    assert sentence_facts("Le club s’est structuré autour de trois sections.").holds("structure")
    assert sentence_facts("Le budget est réparti en deux enveloppes.").holds("structure")
    # a composition verb with no parts told, a count with no composition verb
    assert not sentence_facts("Le plan comprend une ambition forte.").holds("structure")
    assert not sentence_facts("Le plan finance 3 volets.").holds("structure")


def test_an_example_is_introduced_or_named_as_one() -> None:
    assert sentence_facts("Des jeux (par exemple, les échecs).").holds("example")
    assert sentence_facts("Le jeu de go en serait un exemple.").holds("example")
    assert sentence_facts("Des jeux tels que les échecs et le go.").holds("example")
    assert not sentence_facts("Le club ouvre le samedi.").holds("example")


def test_a_duration_may_name_its_years_with_an_adjective_between() -> None:
    assert (
        "duration"
        in sentence_facts("La fréquentation a doublé au cours des vingt dernières années.").flags
    )
    assert (
        "duration"
        in sentence_facts("Le réseau s'étendra dans les deux prochaines décennies.").flags
    )
    assert "duration" not in sentence_facts("Les dernières années ont été difficiles.").flags


def test_a_date_glued_in_a_file_name_is_a_date() -> None:
    from santeqa.qa.facts import kind_spans

    name = "bilan_musees_18mars2024.pdf (culture.fr)"
    assert [name[a:b] for a, b in kind_spans(name, "date")] == ["mars2024"]
    assert kind_spans("dossier 12345.pdf", "date") == []


def test_a_town_is_a_place_after_sur_as_after_a_or_dans() -> None:
    # « le parc d'activités sur Brest »: French names where a thing stands with « sur » too
    assert sentence_facts("Le parc des sciences sur Brest accueille des laboratoires.").holds(
        "place"
    )
    assert sentence_facts("Le parc des sciences à Brest accueille des laboratoires.").holds("place")
    assert not sentence_facts("Le parc des sciences accueille des laboratoires.").holds("place")


def test_a_body_said_to_be_set_up_is_an_organisation_whatever_its_case() -> None:
    # « quelle instance sera créée ? » is answered by the kind of body, in lower case
    assert sentence_facts("Un observatoire régional du vélo sera créé en 2026.").holds(
        "organisation"
    )
    assert sentence_facts("Des comités d'usagers seront mis en place dans chaque gare.").holds(
        "organisation"
    )
    assert sentence_facts("Une structure commune a vu le jour, Gares Unies.").holds("organisation")
    # a body named without being set up is not (no capitalised name either)
    assert not sentence_facts("La structure a été bien accueillie par les usagers.").holds(
        "organisation"
    )
