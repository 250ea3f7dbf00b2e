"""Acronyms defined in the running text: the three written forms, and what is refused."""

from __future__ import annotations

import pytest

from santeqa.ingest.acronyms import body_acronyms, definitions
from santeqa.records import Footnote, Paragraph


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(d.acronym, d.expansion) for d in definitions(text)]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # the long form, then the acronym in brackets; function words give no letter
        (
            "La ville a ouvert la Maison des Jeux de Société (MJS) en mars.",
            ("MJS", "Maison des Jeux de Société"),
        ),
        # elided articles and prepositions (« l’ », « d’ ») are function words too
        (
            "Cet été, l’Office de Tourisme d’Arromanches (OTA) accueille les visiteurs.",
            ("OTA", "Office de Tourisme d’Arromanches"),
        ),
        # one capital: every letter is an initial, lower-case words included
        (
            "La Fédération nationale des amis du vélo (Fnav) organise une sortie.",
            ("Fnav", "Fédération nationale des amis du vélo"),
        ),
        # mixed case: a word gives its initial and a letter from inside it (Sa from Salle)
        (
            "Le concert a lieu à la Salle Municipale des Arts Vivants (SaMAV) ce soir.",
            ("SaMAV", "Salle Municipale des Arts Vivants"),
        ),
        # one lower-case content word may be left out
        (
            "Le dossier part à la Direction régionale des Sports (DS) demain.",
            ("DS", "Direction régionale des Sports"),
        ),
    ],
)
def test_long_form_then_acronym(text: str, pair: tuple[str, str]) -> None:
    assert _pairs(text) == [pair]


def test_acronym_then_long_form_in_brackets() -> None:
    text = "Le projet CaLiN (Carnets de Liaison Numériques) relie les écoles."
    assert _pairs(text) == [("CaLiN", "Carnets de Liaison Numériques")]


def test_acronym_colon_then_long_form() -> None:
    text = "Projet VAL : ce projet Vélos en Accès Libre vise les quartiers du centre."
    assert _pairs(text) == [("VAL", "Vélos en Accès Libre")]


def test_offsets_point_at_the_long_form() -> None:
    text = "Il dirige le Club des Randonneurs Normands (CRN) depuis dix ans."
    (d,) = definitions(text)
    assert text[d.start : d.end] == "Club des Randonneurs Normands"


@pytest.mark.parametrize(
    "text",
    [
        "Le pont a été rénové en (2019) par la commune.",  # a year
        "Le stade compte trois tribunes (12) et un parking.",  # a number
        "Le musée national (Louvre) ouvre le lundi.",  # a name that does not spell its letters
        "Les enfants jouent dans le grand parc (ARS) le dimanche.",  # unrelated words
        "Trois mesures : (i) former, (ii) équiper, (iii) évaluer.",  # numbering
        "Le club ABC (Jean Dupont, président) recrute.",  # brackets after a capitalised word
        "Projet VAL : il vise les quartiers du centre.",  # the colon with no long form after
        # too many words left out: three lower-case content words
        "Le dossier part à la Direction très belle et grande des Sports (DS) demain.",
    ],
)
def test_no_definition(text: str) -> None:
    assert _pairs(text) == []


def test_body_acronyms_skip_the_glossary_and_keep_the_first_definition() -> None:
    first = (
        "La Maison des Jeux de Société (MJS) ouvre. Le Club des Randonneurs Normands (CRN) part."
    )
    again = "Le Centre de Recherche Nautique (CRN) recrute."
    paragraphs = [
        Paragraph("d.txt", "Une introduction sans sigle.", ("S",), ((0, 3),)),
        Paragraph("d.txt", first, ("S",), ((0, 3), (40, 4))),
        Paragraph("d.txt", again, ("S",), ((0, 5),)),
    ]
    found = body_acronyms("d.txt", paragraphs, known=["mjs"])
    assert [(a.acronym, a.expansion, a.page) for a in found] == [
        ("CRN", "Club des Randonneurs Normands", 4)
    ]
    (crn,) = found
    assert (crn.source, crn.where) == ("body", 1)
    assert first[crn.start : crn.end] == crn.expansion


def test_body_acronyms_read_the_notes_after_the_paragraphs() -> None:
    note = Footnote("d.txt", 7, "Selon l’Agence des Parcs Urbains (APU), 2021.", (), 9)
    (apu,) = body_acronyms("d.txt", [], notes=[note])
    assert (apu.acronym, apu.expansion, apu.page, apu.source, apu.where) == (
        "APU",
        "Agence des Parcs Urbains",
        9,
        "note",
        7,
    )


def test_a_heading_spelling_an_acronym_its_section_opens_with_defines_it() -> None:
    """« Le Centre Régional d'Archives » titles a section opening « Le CRA conserve … »: the
    title is the long form (leading article left out); a capitals word it does not spell, an
    acronym only in a later paragraph, and one the text defines itself are not read so."""
    heading = "Le Centre Régional d’Archives"
    paragraphs = [
        Paragraph("d.txt", "Une introduction.", ("Intro",), ((0, 2),)),
        Paragraph(
            "d.txt", "Le CRA conserve les fonds de la ville et de l'ONU.", (heading,), ((0, 3),)
        ),
        Paragraph("d.txt", "Le CRA ouvre le samedi. Le PRA aussi.", (heading,), ((0, 3),)),
        Paragraph(
            "d.txt", "Les Amis du Cinéma Muet (ACM) projettent. L'ACM vit.", ("Amis",), ((0, 4),)
        ),
    ]
    found = body_acronyms("d.txt", paragraphs)
    by_source = [(a.acronym, a.expansion, a.page, a.source, a.where) for a in found]
    assert by_source == [
        ("ACM", "Amis du Cinéma Muet", 4, "body", 3),
        ("CRA", "Centre Régional d’Archives", 3, "heading", 1),
    ]
