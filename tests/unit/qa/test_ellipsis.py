"""Elliptical follow-ups swap a part of the same kind in the earlier question (fresh examples)."""

from __future__ import annotations

import pytest

from santeqa.qa.followup import resolve


@pytest.mark.parametrize(
    ("question", "earlier", "resolved"),
    [
        (  # a year with no year before: added at the end
            "Et en 2019 ?",
            "Combien de dentistes exerçaient dans la Manche ?",
            "Combien de dentistes exerçaient dans la Manche en 2019 ?",
        ),
        (  # a year counted from the earlier one
            "Et l'année suivante ?",
            "Combien de cabinets ont ouvert en 2017 ?",
            "Combien de cabinets ont ouvert en 2018 ?",
        ),
        (
            "And the year before?",
            "How many clinics opened in 2017?",
            "How many clinics opened in 2016?",
        ),
        (  # a year counted in years from the earlier one
            "Et trois ans plus tard ?",
            "Combien de cabinets ont ouvert en 2017 ?",
            "Combien de cabinets ont ouvert en 2020 ?",
        ),
        (
            "And two years earlier?",
            "How many clinics opened in 2017?",
            "How many clinics opened in 2015?",
        ),
        (  # a month for its month
            "Et en octobre ?",
            "Combien de rendez-vous ont été pris en avril 2020 ?",
            "Combien de rendez-vous ont été pris en octobre ?",
        ),
        (  # a place for its place
            "Et à Cherbourg ?",
            "Combien de kinésithérapeutes sont installés à Alençon ?",
            "Combien de kinésithérapeutes sont installés à Cherbourg ?",
        ),
        (  # ... or for the name of a « de … » complement, contracted
            "Et au Mans ?",
            "Combien de places compte la crèche de Lisieux ?",
            "Combien de places compte la crèche du Mans ?",
        ),
        (  # « Qu'en est-il de la Bretagne ? »: the name, the preposition kept
            "Qu'en est-il de la Picardie ?",
            "Combien de maisons de santé ont ouvert en Bourgogne ?",
            "Combien de maisons de santé ont ouvert en Picardie ?",
        ),
        (  # « celui de … » stands for the phrase: its complement is swapped
            "Et celle de Dieppe ?",
            "Quels soins propose la clinique de Granville ?",
            "Quels soins propose la clinique de Dieppe ?",
        ),
        (  # « de … » alone: the counted noun
            "Et de fauteuils ?",
            "Combien de lits la maternité a-t-elle ajoutés ?",
            "Combien de fauteuils la maternité a-t-elle ajoutés ?",
        ),
    ],
)
def test_a_part_of_the_same_kind_is_swapped(question: str, earlier: str, resolved: str) -> None:
    assert resolve(question, [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("question", "earlier", "resolved"),
    [
        (  # the phrase of the same number: « des pharmaciens » is the plural
            "Et les orthophonistes ?",
            "Quelle part des pharmaciens consulte le dossier partagé ?",
            "Quelle part des orthophonistes consulte le dossier partagé ?",
        ),
        (  # a singular for the last singular complement, not the subject
            "Et pour la pédiatrie ?",
            "Quel montant l'agence a-t-elle versé à la gériatrie ?",
            "Quel montant l'agence a-t-elle versé à la pédiatrie ?",
        ),
        (  # the subject when nothing else agrees
            "Et la radiologie ?",
            "Depuis quand la dermatologie est-elle proposée à distance ?",
            "Depuis quand la radiologie est-elle proposée à distance ?",
        ),
        (  # « à » + « les » is « aux », for each of the coordinated phrases
            "Et pour les kinés et les ergothérapeutes ?",
            "Quel budget la caisse a-t-elle réservé au dépistage ?",
            "Quel budget la caisse a-t-elle réservé aux kinés et aux ergothérapeutes ?",
        ),
        (  # the preposition of the swapped phrase stays when the fragment has none
            "Et les aides-soignants ?",
            "Quelle part du fonds revient à la formation ?",
            "Quelle part du fonds revient aux aides-soignants ?",
        ),
        (  # « Qu'en est-il des … »: « de » belongs to the lead
            "Qu'en est-il des sages-femmes ?",
            "Quelle part des généralistes prescrit en ligne ?",
            "Quelle part des sages-femmes prescrit en ligne ?",
        ),
        (  # « et du côté de … », spoken for « concernant … »: « de » belongs to the lead
            "Et du côté de la kinésithérapie ?",
            "Quel budget le département consacre-t-il à la podologie ?",
            "Quel budget le département consacre-t-il à la kinésithérapie ?",
        ),
        (  # « et au niveau des … »
            "Et au niveau des orthophonistes ?",
            "Quelle part des podologues exerce en cabinet ?",
            "Quelle part des orthophonistes exerce en cabinet ?",
        ),
        (  # « et côté 2021 ? », « cote » as typed in a hurry
            "et cote 2021 ?",
            "Combien de cabinets ont ouvert en 2017 ?",
            "Combien de cabinets ont ouvert en 2021 ?",
        ),
        (  # « chez … » marks the new population
            "Et chez les cardiologues ?",
            "Quelle part des pneumologues pratique la téléexpertise ?",
            "Quelle part des cardiologues pratique la téléexpertise ?",
        ),
        (  # a fragment with a complement of its own replaces the phrase and its complements
            "Et la qualité des soins à domicile ?",
            "Selon l'étude régionale, quelle part des aidants pense que l'application améliore "
            "le suivi entre infirmiers ?",
            "Selon l'étude régionale, quelle part des aidants pense que l'application améliore "
            "la qualité des soins à domicile ?",
        ),
        (  # ... the head phrase, not its complement; a place stays
            "Et la télésurveillance des patients diabétiques ?",
            "Combien de cardiologues pratiquent la téléexpertise du pied en Bretagne ?",
            "Combien de cardiologues pratiquent la télésurveillance des patients diabétiques en "
            "Bretagne ?",
        ),
        (  # ... and a year stays
            "Et le suivi des plaies ?",
            "Quelle part des infirmiers utilise la messagerie de l'hôpital en 2021 ?",
            "Quelle part des infirmiers utilise le suivi des plaies en 2021 ?",
        ),
        (  # English: a bare noun for the bare noun of the same number
            "What about midwives?",
            "What share of pharmacists use the shared record?",
            "What share of midwives use the shared record?",
        ),
    ],
)
def test_a_phrase_takes_the_place_of_a_phrase_like_it(
    question: str, earlier: str, resolved: str
) -> None:
    assert resolve(question, [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("question", "earlier", "resolved"),
    [
        (  # « a » after the question word is the verb, not « à » without its accent
            "Et qui a dessiné ce musée ?",
            "Comment s'appelle le musée qui ouvre le dimanche ?",
            "Qui a dessiné le musée ?",
        ),
        (  # a verb of its own and the question word at the end: a clause, no part swapped
            "Et ses tarifs sont fixés où ?",
            "Comment s'appelle le musée qui ouvre le dimanche ?",
            "Les tarifs du musée qui ouvre le dimanche sont fixés où ?",
        ),
        (  # a part before a comma is swapped first, then the clause after it is read
            "Et l'année suivante, combien ont fermé ?",
            "Combien de cabines la Région a-t-elle installées en 2021 ?",
            "Combien de cabines ont fermé ? — la Région en 2022",
        ),
        (  # « a » before a name is still the place
            "Et a Rouen ?",
            "Quel budget la commune a-t-elle voté pour le festival ?",
            "Quel budget la commune a-t-elle voté pour le festival a Rouen ?",
        ),
    ],
)
def test_a_fragment_holding_a_verb_is_a_clause_not_a_part(
    question: str, earlier: str, resolved: str
) -> None:
    assert resolve(question, [earlier]).resolved == resolved


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Et sur combien de sites ?", "Sur combien de sites ?"),
        ("Et dans quelle ville ?", "Dans quelle ville ?"),
        ("And for how many weeks?", "For how many weeks?"),
    ],
)
def test_a_fragment_asking_after_a_preposition_asks_anew(question: str, asked: str) -> None:
    """No part of the earlier question is swapped: it is the context of the new question."""
    earlier = "Quel budget la ville a-t-elle voté pour ses écoles primaires en 2021 ?"
    resolved = resolve(question, [earlier]).resolved
    assert resolved.startswith(asked + " — ") and "écoles primaires" in resolved


@pytest.mark.parametrize("now", ["maintenant", "aujourd'hui", "now"])
def test_now_takes_the_place_of_the_year(now: str) -> None:
    earlier = "Quel rang occupait la ville de Vire en 2002 ?"
    assert (
        resolve(f"Et {now} ?", [earlier]).resolved == f"Quel rang occupait la ville de Vire {now} ?"
    )
    earlier = "Quel rang occupe la ville de Vire ?"
    assert (
        resolve(f"Et {now} ?", [earlier]).resolved == f"Quel rang occupe la ville de Vire {now} ?"
    )


def test_of_a_word_said_twice_the_phrase_shaped_like_the_fragment_is_swapped() -> None:
    earlier = (
        "Parmi les robots achetés par la clinique, quel usage est prévu pour le robot mobile ?"
    )
    assert resolve("Et pour le robot fixe ?", [earlier]).resolved == (
        "Parmi les robots achetés par la clinique, quel usage est prévu pour le robot fixe ?"
    )


@pytest.mark.parametrize(
    ("question", "earlier", "resolved"),
    [
        (
            "Et les indirects ?",
            "Combien d'emplois directs compte la filière du cidre ?",
            "Combien d'emplois indirects compte la filière du cidre ?",
        ),
        (  # after a preposition, and singular for a plural
            "Et en indirect ?",
            "Combien d'emplois directs compte la filière du cidre ?",
            "Combien d'emplois indirect compte la filière du cidre ?",
        ),
        (
            "Et les régionaux ?",
            "Combien de centres nationaux soignent les brûlés ?",
            "Combien de centres régionaux soignent les brûlés ?",
        ),
        (  # a noun made with the same prefix, not the last complement
            "Et côté téléassistance ?",
            "Quel budget la Région donne-t-elle à la télésurveillance pour les patients âgés ?",
            "Quel budget la Région donne-t-elle à la téléassistance pour les patients âgés ?",
        ),
        (
            "Et la cybercriminalité ?",
            "Combien coûte la cybersécurité des hôpitaux normands ?",
            "Combien coûte la cybercriminalité des hôpitaux normands ?",
        ),
    ],
)
def test_a_bare_word_takes_the_place_of_its_sibling(
    question: str, earlier: str, resolved: str
) -> None:
    assert resolve(question, [earlier]).resolved == resolved


def test_a_plural_fragment_swaps_the_singular_phrase_it_repeats() -> None:
    # « infos » and « info » are one noun: the phrase « l'info santé » is swapped whole
    # (both read written out, « informations », as hurried typing is)
    earlier = "Quelle part des retraités peine à comprendre l'info santé ?"
    assert resolve("Et pour les infos de santé en ligne ?", [earlier]).resolved == (
        "Quelle part des retraités peine à comprendre les informations de santé en ligne ?"
    )
    earlier = "Quelle part des retraités peine à comprendre le message santé ?"
    assert resolve("Et pour les messages de santé en ligne ?", [earlier]).resolved == (
        "Quelle part des retraités peine à comprendre les messages de santé en ligne ?"
    )


@pytest.mark.parametrize(
    ("question", "earlier", "resolved"),
    [
        (  # a bare plural noun phrase: the things asked change, not who shows them
            "Et côté musées d'art moderne ?",
            "Quels jardins botaniques la ville met-elle en avant ?",
            "Quels musées d'art moderne la ville met-elle en avant ?",
        ),
        (  # the asked noun's complements go with it
            "Et côté bibliothèques de quartier ?",
            "Quelles piscines municipales en plein air la mairie rénove-t-elle ?",
            "Quelles bibliothèques de quartier la mairie rénove-t-elle ?",
        ),
    ],
)
def test_a_bare_plural_fragment_swaps_the_phrase_quels_asks_for(
    question: str, earlier: str, resolved: str
) -> None:
    assert resolve(question, [earlier]).resolved == resolved
