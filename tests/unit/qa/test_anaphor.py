"""Sentences whose subject stands for the previous sentence's topic: detected, quoted with
the sentence they refer back to."""

from __future__ import annotations

import pytest

from santeqa.qa.anaphor import opens_with_anaphor
from santeqa.qa.spans import with_antecedent
from tests.tiny import chunk_of


@pytest.mark.parametrize(
    "sentence",
    [
        "Celui-ci réunit trois laboratoires.",
        "Celles-ci ouvrent le samedi.",
        "Elle ouvre en juin.",
        "Ils sont douze.",
        "Ce dernier compte 40 lits.",
        "Cette dernière a recruté deux guides.",
        "Ce réseau relie les écoles.",
        "Cette plateforme numérique propose des cours.",
        "Ces ateliers accueillent des enfants.",
        "Financé par la commune, il accueille 20 enfants.",
        "Installée au port, cette halle vend du poisson.",
        "En 2020, elle a reçu un prix.",
        "It opened in May.",
        "This network links schools.",
        # a possessive subject: whose it is, the sentence before says
        "Ses ateliers accueillent des enfants.",
        "Certaines de ses navettes roulent la nuit.",
        "Leur mission est de guider les visiteurs.",
        # « cela / ceci »: what the sentence before says
        "Pour les riverains, cela leur garantira un bus toutes les dix minutes.",
        "Ceci impose :",
        "Cela permet de réduire les trajets.",
    ],
)
def test_an_anaphoric_subject_opens_the_sentence(sentence: str) -> None:
    assert opens_with_anaphor(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "La ville compte 3 parcs.",
        "Il y a trois salles.",
        "Il faut réserver.",
        "Il est possible de venir à vélo.",
        "Ce type de réseau relie les écoles.",
        "Ce qui compte est la date.",
        "Cette année, la ville a ouvert un parc.",
        "Dans ce cadre, la ville ouvre un parc.",
        "Italie est un pays.",
        "La ville natale du peintre est Caen.",
        "Cela dit, la ville ouvre un parc.",
        "Ceci étant, le musée reste fermé.",
    ],
)
def test_no_anaphoric_subject(sentence: str) -> None:
    assert not opens_with_anaphor(sentence)


SENTENCES = (
    "La commune a lancé le programme Vélobus en 2021.",
    "Celui-ci transporte 300 écoliers chaque matin.",
    "Le car transporte 300 voyageurs.",
)


def test_the_quote_brings_the_antecedent_when_it_fits() -> None:
    chunk = chunk_of(*SENTENCES)
    assert with_antecedent(chunk, 1, (1, 1), 400) == (0, 1)
    assert with_antecedent(chunk, 1, (1, 1), 60) == (1, 1)  # the two do not fit
    assert with_antecedent(chunk, 2, (2, 2), 400) == (2, 2)  # no anaphor
    assert with_antecedent(chunk, 0, (0, 0), 400) == (0, 0)  # nothing before
