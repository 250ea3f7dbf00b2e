import pytest

from santeqa.qa.question import looks_english
from santeqa.qa.retrieve import expand_question
from santeqa.records import GlossaryEntry

GLOSSARY = [
    GlossaryEntry("d.txt", "SCAD", "Suivi Clinique A Domicile", 40),
    GlossaryEntry("d.txt", "DMP", "Dossier Médical Partagé", 40),
    GlossaryEntry("d.txt", "MAE", "Maison d’Accueil de l’Enfance", 40),
]


def test_acronym_brings_its_expansion() -> None:
    q = expand_question("Que veut dire SCAD ?", GLOSSARY)
    assert "Suivi Clinique A Domicile" in q


@pytest.mark.parametrize(
    "question",
    [
        "Que signifient les lettres S-C-A-D ?",
        "S.C.A.D., c'est quoi ?",
        "Et D, M, P ?",
        "Les lettres D, M et P, ça veut dire quoi ?",
    ],
)
def test_an_acronym_spelled_letter_by_letter_brings_its_expansion(question: str) -> None:
    q = expand_question(question, GLOSSARY)
    assert "Suivi Clinique A Domicile" in q or "Dossier Médical Partagé" in q


@pytest.mark.parametrize(
    "question", ["Que fait la Scad ?", "Le rôle de l'Scad ?", "Son lien avec (Scad) ?"]
)
def test_an_acronym_written_as_a_word_brings_its_expansion(question: str) -> None:
    assert "Suivi Clinique A Domicile" in expand_question(question, GLOSSARY)


@pytest.mark.parametrize("question", ["Scad ?", "Que fait le Dmp ?", "Que fait la scad ?"])
def test_a_capital_opening_the_question_or_short_word_or_lower_case_brings_nothing(
    question: str,
) -> None:
    # the first word's capital says nothing; three letters (« Has », « Ami ») are words too
    assert expand_question(question, GLOSSARY) == question


def test_single_capitals_that_spell_no_acronym_bring_nothing() -> None:
    assert expand_question("Les plans A, B et C ?", GLOSSARY) == "Les plans A, B et C ?"


def test_expansion_brings_its_acronym() -> None:
    q = expand_question("Qu'est-ce que le suivi clinique à domicile ?", GLOSSARY)
    assert q.endswith("(SCAD)")


def test_expansion_typed_with_another_apostrophe_brings_its_acronym() -> None:
    # the report prints ’, people type '
    q = expand_question("Où ouvre la maison d'accueil de l'enfance ?", GLOSSARY)
    assert q.endswith("(MAE)")


@pytest.mark.parametrize(
    "question",
    [
        "Où ouvrira la maison d'accueil de l'enfance ?",  # singular, ' for ’
        "Où ouvriront les maisons d’accueil de l’enfance ?",  # plural
    ],
)
def test_an_expansion_in_another_number_brings_its_acronym(question: str) -> None:
    assert expand_question(question, GLOSSARY).endswith("(MAE)")


def test_the_expansion_words_in_another_order_bring_no_acronym() -> None:
    q = "L'enfance a-t-elle une maison d'accueil ?"
    assert expand_question(q, GLOSSARY) == q


def test_no_glossary_word_no_change() -> None:
    assert expand_question("Combien de projets ?", GLOSSARY) == "Combien de projets ?"


def test_language_guess() -> None:
    assert looks_english("Which hospitals share their servers with the region?")
    assert not looks_english("Quels hôpitaux partagent leurs serveurs avec la région ?")
