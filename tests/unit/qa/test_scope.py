"""What narrows a question (years, places, « annuel ») and the judge feature that says the
text around the best sentence lacks it."""

from __future__ import annotations

import numpy as np
import pytest

from santeqa.qa.features import CANDIDATE_FEATURES, Candidate, Evidence
from santeqa.qa.judging import QUESTION_FEATURES, question_features
from santeqa.qa.question import Asked
from santeqa.qa.scope import (
    followup_restrictions,
    missing_share,
    off_the_report,
    places_of,
    restrictions,
)

TEXTS = [
    "Le réseau compte 40 musées en Lorraine et 12 à Lyon.",
    "La fréquentation progresse en Lorraine ; à Lyon aussi.",
    "Le Musée en Santé publie un guide. La santé des visiteurs compte.",
    "La santé, la santé, toujours la santé.",
]


def test_place_names_are_capitalised_words_the_text_writes_after_en_or_a() -> None:
    places = places_of(TEXTS)
    assert places == frozenset({"lorra", "lyon"})  # « en Santé »: written lowercase more often


def test_restrictions_of_a_question() -> None:
    places = frozenset({"lorra", "lyon"})
    assert restrictions("Combien de musées lorrains ont ouvert en 2021 ?", places) == (
        "2021",
        "lorra",
    )
    assert restrictions("Quel est le budget annuel du festival ?", places) == ("annu",)
    assert restrictions("What is the yearly budget?", places) == ("annu",)
    assert restrictions("Le plan national prévoit-il des musées à Lyon ?", places) == (
        "nation",
        "lyon",
    )
    assert restrictions("Combien de musées lyonnais ?", places) == ("lyon",)
    assert restrictions("Combien de musées compte le réseau ?", places) == ()
    assert restrictions("Quel est le classement mondial du musée ?", places) == ("mondi",)
    # « global » is the whole of a thing (« son budget global »), not the world
    assert restrictions("Quel est le budget global du festival ?", places) == ()


def test_a_year_the_follow_up_writes_replaces_the_earlier_questions() -> None:
    places = frozenset({"lyon"})
    context = "musées lyonnais ouverts en 2021"
    assert followup_restrictions("Et en 2023 ?", context, places) == ("2023", "lyon")
    # no year of its own: the earlier question's still restricts it
    assert followup_restrictions("Et les nationaux ?", context, places) == (
        "nation",
        "2021",
        "lyon",
    )


def test_missing_share_reads_terms_by_their_first_letters() -> None:
    assert missing_share(("2021", "lorra"), {"2021", "lorrain", "muse"}) == 0.0
    assert missing_share(("2021", "lorra"), {"2019", "lorrain"}) == 0.5
    assert missing_share(("annu",), {"budget"}) == 1.0
    assert missing_share((), {"budget"}) == 0.0


def _judge(ev: Evidence, window: frozenset[str], flags: tuple[str, ...] = ()) -> dict[str, float]:
    """The judge's features for one candidate whose set candidate features are ``flags``."""
    cands = [Candidate(0, 0, 0, tuple(float(n in flags) for n in CANDIDATE_FEATURES))]

    def terms_of(c: Candidate) -> tuple[frozenset[str], frozenset[str]]:
        return window, window

    values = question_features(ev, cands, [0.9], 0.0, terms_of)
    return dict(zip(QUESTION_FEATURES, values, strict=True))


def _evidence(restricted: tuple[str, ...], kind: str | None = None) -> Evidence:
    dense = np.asarray([0.8], dtype=np.float32)
    return Evidence(
        asked=Asked(kind=kind, source=False, english=False, counted=None),
        weights={"muse": 1.0},
        counted_stem=None,
        names=frozenset(),
        sentence_dense=dense,
        chunk_dense=dense,
        lexical=dense,
        restrictions=restricted,
    )


def test_the_judge_sees_a_restriction_missing_around_the_best_sentence() -> None:
    ev = _evidence(("2021", "lorra"))
    assert _judge(ev, frozenset({"muse", "2019"}))["restriction_missing_window"] == 1.0
    assert _judge(ev, frozenset({"muse", "2019", "lorrain"}))["restriction_missing_window"] == 0.5
    assert _judge(ev, frozenset({"muse", "2021", "lorrain"}))["restriction_missing_window"] == 0.0
    assert _judge(_evidence(()), frozenset({"muse"}))["restriction_missing_window"] == 0.0


def test_the_judge_sees_a_number_that_counts_something_else() -> None:
    count = _evidence((), kind="quantity")
    words = frozenset({"muse"})
    # « 12 salles dans les musées »: a number and the counted noun, not « N musées »
    elsewhere = ("type_match", "counted_in")
    assert _judge(count, words, elsewhere)["counted_elsewhere"] == 1.0
    assert _judge(count, words, (*elsewhere, "counted_number"))["counted_elsewhere"] == 0.0
    assert _judge(count, words, ("counted_in",))["counted_elsewhere"] == 0.0  # no number
    assert _judge(_evidence(()), words, elsewhere)["counted_elsewhere"] == 0.0  # not a count


def test_the_judge_reads_a_restriction_in_the_notes_the_best_sentence_cites() -> None:
    # « Le plan se décline en 4 axes³. » with note 3 « Plan des musées 2021-2025 », for
    # « En combien d'axes se décline le plan 2021-2025 ? »
    ev = _evidence(("2021", "2025"))
    flags = tuple(0.0 for _ in CANDIDATE_FEATURES)
    citing = Candidate(0, 0, 0, flags, cited=frozenset({"plan", "muse", "2021", "2025"}))
    bare = Candidate(0, 0, 0, flags)

    def terms_of(c: Candidate) -> tuple[frozenset[str], frozenset[str]]:
        return frozenset({"plan", "axe"}), frozenset({"plan", "axe"})

    def missing(c: Candidate) -> float:
        values = question_features(ev, [c], [0.9], 0.0, terms_of)
        return dict(zip(QUESTION_FEATURES, values, strict=True))["restriction_missing_window"]

    assert missing(citing) == 0.0
    assert missing(bare) == 1.0


def test_a_question_asking_how_things_stand_now() -> None:
    from santeqa.qa.scope import asks_now

    assert asks_now("Combien de lecteurs la médiathèque compte-t-elle aujourd'hui ?")
    assert asks_now("et on en est ou actuellement ?")
    assert asks_now("How many readers does the library have so far?")
    assert not asks_now("Combien de lecteurs la médiathèque vise-t-elle en 2030 ?")


def test_a_sentence_stating_only_a_target() -> None:
    from santeqa.qa.scope import states_target_only

    assert states_target_only("L'objectif étant d'atteindre 9 000 lecteurs d'ici fin 2030.")
    assert states_target_only("La médiathèque devrait accueillir 300 classes.")
    # the present stated too: the sentence says how things stand
    assert not states_target_only(
        "À ce jour, 4 000 lecteurs sont inscrits ; l'objectif est de 9 000 d'ici 2030."
    )
    assert not states_target_only("La médiathèque compte 4 000 lecteurs.")


def test_the_judge_sees_the_present_asked_of_a_target() -> None:
    from dataclasses import replace

    now = replace(_evidence(()), asks_now=True)
    target = Candidate(
        0, 0, 0, tuple(0.0 for _ in CANDIDATE_FEATURES), text="L'objectif est de 9 000 d'ici 2030."
    )
    stated = replace(target, text="La médiathèque compte 4 000 lecteurs.")

    def judged(ev: Evidence, cand: Candidate) -> float:
        values = question_features(ev, [cand], [0.9], 0.0, lambda c: (frozenset(), frozenset()))
        return dict(zip(QUESTION_FEATURES, values, strict=True))["now_of_target"]

    assert judged(now, target) == 1.0
    assert judged(now, stated) == 0.0
    assert judged(_evidence(()), target) == 0.0  # the question does not ask about now
    # so is a past event: « en quelle année … a-t-elle ouvert ? » is not told by a target
    past = replace(_evidence(()), asks_past=True)
    assert judged(past, target) == 1.0
    assert judged(past, stated) == 0.0


def test_a_question_asking_when_something_happened() -> None:
    from santeqa.qa.scope import asks_past_event

    assert asks_past_event("En quelle année la médiathèque a-t-elle ouvert ?")
    assert asks_past_event("Quand le pont a été inauguré ?")
    assert asks_past_event("a quelle date le pont a ete inaugure")  # hurried
    assert asks_past_event("When was the bridge opened?")
    # something planned, or the target itself asked
    assert not asks_past_event("À quelle date le pont sera-t-il inauguré ?")
    assert not asks_past_event("When will the bridge open?")
    assert not asks_past_event("Quel objectif a été fixé pour 2030 ?")
    assert not asks_past_event("Quand la médiathèque ouvre-t-elle ?")


def test_a_question_asking_why_and_a_sentence_giving_a_cause() -> None:
    from santeqa.qa.scope import asks_cause, states_cause

    assert asks_cause("Pourquoi la piscine a-t-elle fermé ?")
    assert asks_cause("Pour quelle raison la piscine a-t-elle fermé ?")
    assert asks_cause("Why did the pool close?")
    assert not asks_cause("Quand la piscine a-t-elle fermé ?")
    assert states_cause("La piscine a fermé car le toit fuyait.")
    assert states_cause("Elle a reculé faute d'entretien.")
    assert states_cause("The pool closed because the roof leaked.")
    assert not states_cause("La piscine a fermé en 2019.")
    # the reasons named as such, a cause given by its verb, a purpose
    assert states_cause("Les raisons invoquées par les nageurs sont le froid et le prix.")
    assert states_cause("La fermeture s'explique par le coût du chauffage.")
    assert states_cause("Le retard est dû à la pluie.")
    assert states_cause("Une charte a été écrite afin d'encadrer les horaires.")
    assert states_cause("The pool was closed in order to repair the roof.")
    assert not states_cause("Le club du quartier a ouvert à Caen.")


def test_a_regional_scope_is_kept_by_naming_a_place() -> None:
    places = frozenset({"lorra", "lyon"})
    wanted = restrictions("Combien de musées le réseau régional compte-t-il ?", places)
    assert wanted == ("region|lorra|lyon",)
    assert missing_share(wanted, {"lorrain", "muse"}) == 0.0
    assert missing_share(wanted, {"regionaux", "muse"}) == 0.0
    assert missing_share(wanted, {"national", "muse"}) == 1.0
    # a national scope is not kept by a place
    assert missing_share(restrictions("Le réseau national ?", places), {"lyon"}) == 1.0


def test_an_adjective_in_an_institutions_name_restricts_nothing() -> None:
    places = frozenset({"lyon"})
    assert restrictions("Que recommande l'Académie nationale des arts ?", places) == ()
    assert restrictions("Que finance l'Agence Régionale du Tourisme ?", places) == ()
    assert restrictions("Que finance le plan national des musées ?", places) == ("nation",)
    # world and international bodies alike (« l'Organisation mondiale du tourisme », written
    # « OMT » where its figures are given)
    assert restrictions("Que dit l'Organisation mondiale du tourisme ?", places) == ()
    assert restrictions("Que dit l'Union internationale des guides ?", places) == ()
    assert restrictions("Quel est le marché mondial des guides ?", places) == ("mondi",)


def test_a_name_written_once_after_a_preposition_is_no_place() -> None:
    # sentences of overlapping passages, each read once: « au Dossier Musée » written once is
    # no place, « à Lyon » written twice is
    once = "Le pass donne accès au Dossier Musée."
    texts = [once, once, "On vit à Lyon.", "On dîne à Lyon."]
    assert places_of(texts) == frozenset({"lyon"})


REPORT_TERMS = {"musee", "ville", "budget", "visiteur", "rouen", "annuel", "i", "the", "in"}


@pytest.mark.parametrize(
    ("terms", "names", "off"),
    [
        # nothing shared but function words and the pronoun "I"
        (["how", "do", "i", "renew", "my", "passport"], ["i"], True),
        # one content term shared: still too little
        (["what", "is", "the", "budget", "of", "the", "fire", "brigade"], [], True),
        # two content terms shared
        (["how", "many", "visiteur", "musee", "in", "2022"], [], False),
        # a name the report names: about the report, however few words it shares
        (["what", "is", "the", "weather", "in", "rouen"], ["rouen"], False),
    ],
)
def test_an_english_question_sharing_almost_nothing_is_off_the_report(
    terms: list[str], names: list[str], off: bool
) -> None:
    assert off_the_report(terms, names, REPORT_TERMS, min_shared=2) is off
