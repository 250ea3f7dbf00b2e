from santeqa.qa.retrieve import expand_question, looks_english
from santeqa.records import GlossaryEntry

GLOSSARY = [
    GlossaryEntry("d.txt", "SCAD", "Suivi Clinique A Domicile", 40),
    GlossaryEntry("d.txt", "DMP", "Dossier Médical Partagé", 40),
]


def test_acronym_brings_its_expansion() -> None:
    q = expand_question("Que veut dire SCAD ?", GLOSSARY)
    assert "Suivi Clinique A Domicile" in q


def test_expansion_brings_its_acronym() -> None:
    q = expand_question("Qu'est-ce que le suivi clinique à domicile ?", GLOSSARY)
    assert q.endswith("(SCAD)")


def test_no_glossary_word_no_change() -> None:
    assert expand_question("Combien de projets ?", GLOSSARY) == "Combien de projets ?"


def test_language_guess() -> None:
    assert looks_english("Which hospitals share their servers with the region?")
    assert not looks_english("Quels hôpitaux partagent leurs serveurs avec la région ?")


def test_answer_type_cues() -> None:
    from santeqa.qa.retrieve import answer_type

    assert answer_type("Combien de projets lauréats ?") == "quantity"
    assert answer_type("Quel montant a été versé ?") == "money"
    assert answer_type("Quand la cabine a-t-elle été installée ?") == "date"
    assert answer_type("Depuis quelle année la messagerie fonctionne-t-elle ?") == "date"
    assert answer_type("Quelles formes regroupe-t-on quand on parle d'innovation ?") is None
    assert answer_type("Qui dirige la plateforme de télésurveillance ?") == "person"


def test_source_and_meaning_cues() -> None:
    from santeqa.qa.retrieve import asks_for_meaning, asks_for_source

    assert asks_for_source("D'où vient ce chiffre ?")
    assert asks_for_source("Quelle étude est citée ?")
    assert not asks_for_source("Combien de pharmacies ?")
    assert asks_for_meaning("Que veut dire ARS ?")
    assert asks_for_meaning("What does ARS stand for?")
    assert not asks_for_meaning("Qui dirige l'ARS ?")
