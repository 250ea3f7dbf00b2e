"""Inline enumerations (« A, B et C ») read as items, and lists whose items overflow the
quote: the likeliest item is quoted and emphasised (fresh examples, none from the report)."""

from __future__ import annotations

from santeqa.qa.answer import _focus, items_across
from santeqa.qa.enumeration import enumeration, enumerations
from santeqa.qa.question import asked
from santeqa.qa.spans import MAX_LIST_CHARS, MAX_SPAN_CHARS, key_phrase, span_for
from santeqa.records import Chunk, Sentence
from tests.tiny import chunk_of


def _listed(sentence: str) -> str | None:
    found = enumeration(sentence)
    return None if found is None else sentence[found.start : found.end]


def test_a_run_of_noun_phrases_joined_by_commas_and_et_is_an_enumeration() -> None:
    s = "La halle accueille un marché, une brocante, des concerts et un cinéma en plein air."
    assert _listed(s) == "un marché, une brocante, des concerts et un cinéma en plein air"
    assert enumeration(s) is not None and enumeration(s).items == 4  # type: ignore[union-attr]


def test_short_items_in_brackets_and_items_with_markers_are_enumerations() -> None:
    assert _listed("Chaque soignant (kiné, orthoptiste, diététicien) y a droit.") == (
        "kiné, orthoptiste, diététicien"
    )
    marked = (
        "La commune devra (a) recruter deux agents ; (b) rénover la gare ; (c) publier un bilan."
    )
    assert _listed(marked) is not None and _listed(marked).startswith("(a)")  # type: ignore[union-attr]


def test_a_last_piece_joining_two_names_holds_two_items() -> None:
    s = (
        "Le syndicat réunit les communes (bourg de Vire, ville de Condé, Pays Saint-Lois et "
        "Val Saire)."
    )
    assert _listed(s) == "bourg de Vire, ville de Condé, Pays Saint-Lois et Val Saire"
    # an adjective and a noun joined by « ou » are one item, not two
    t = (
        "Des questions se posent (coût, confort des patients, mauvaise ou absence d'écoute "
        "des familles)."
    )
    assert enumeration(t) is not None and enumeration(t).items == 3  # type: ignore[union-attr]


def test_a_bracket_of_comma_separated_pieces_lists_them_however_long() -> None:
    s = (
        "Des craintes demeurent (le bruit, les loyers, des trajets plus longs pour les "
        "habitants des hameaux éloignés du bourg, la sécurité)."
    )
    assert _listed(s) == (
        "le bruit, les loyers, des trajets plus longs pour les habitants des hameaux éloignés "
        "du bourg, la sécurité"
    )
    # a bracket of clauses or of long pieces is an aside, not a list
    assert (
        enumeration("Le pont (rénové en 1990, selon la mairie, puis repeint) est ouvert.") is None
    )
    assert (
        enumeration(
            "Le bourg (dont la halle date du XVIe siècle, que la ville a rachetée, très "
            "fréquentée le samedi par les habitants des environs) est animé."
        )
        is None
    )


def test_long_noun_phrases_each_opening_with_an_article_are_items() -> None:
    s = (
        "Sont aidés les commerces de proximité installés en centre-bourg depuis peu, les "
        "marchés couverts des communes rurales et les ateliers partagés de réparation, la "
        "rénovation thermique des écoles de la vallée."
    )
    assert (_listed(s) or "").endswith("la rénovation thermique des écoles de la vallée")
    # three pieces are not enough when they are long: a clause may follow an opening phrase
    t = "En mai, la ville a ouvert un musée des arts populaires du bocage normand."
    assert _listed(t) is None


def test_an_aside_in_brackets_does_not_break_the_run() -> None:
    s = (
        "Pour les usagers, la réforme apporte la gratuité des bus (sauf le dimanche), "
        "un tarif unique pour le train, la fin des zones et un abonnement annuel."
    )
    assert "un tarif unique pour le train, la fin des zones" in (_listed(s) or "")


def test_clauses_and_asides_between_commas_are_not_items() -> None:
    assert enumeration("Le pont, construit en 1890, relie les deux rives du fleuve.") is None
    assert enumeration("En hiver, il neige souvent, mais la route reste ouverte.") is None
    assert enumeration("La ville achète des vélos et des bornes.") is None  # a pair, not a list


def test_a_plural_question_word_asks_for_several_things() -> None:
    assert asked("Quelles associations soutiennent le festival ?").several
    assert asked("Which museums open on Sundays?").several
    assert not asked("Quelle association soutient le festival ?").several
    assert not asked("Combien de bénévoles compte le festival ?").several


def test_several_things_asked_emphasise_the_items_written_inline() -> None:
    s = "Le festival est soutenu par la mairie, une banque locale, deux lycées et la région."
    a, b = key_phrase(s, "organisation", None, lambda _t: 0.0, several=True)
    assert s[a:b] == "la mairie, une banque locale, deux lycées et la région"
    a, b = key_phrase(s, "organisation", None, lambda t: float("mairie" in t), several=False)
    assert "mairie" in s[a:b] and "la région" not in s[a:b]


_ITEM = (
    "• {} : " + "une mesure décrite longuement, avec ses moyens, son calendrier et ses effets " * 2
)
# a lead-in and five items of about 170 characters: two fit in the quote with the lead-in
OVERFLOWING = chunk_of(
    "Avant.",
    "Le plan de la commune comporte cinq mesures :",
    *(_ITEM.format(name).strip() for name in ("voirie", "écoles", "parcs", "marchés", "sport")),
    "Après.",
)


def test_a_lead_in_whose_items_overflow_is_quoted_with_the_likeliest_item() -> None:
    first, last = span_for(OVERFLOWING, 1, wants_list=True)
    assert first == 1 and last < 6  # by default: the lead-in and the first items that fit
    likely = {1: 0.0, 2: -2.0, 3: -2.0, 4: -2.0, 5: 1.5, 6: -2.0}
    first, last = span_for(OVERFLOWING, 1, wants_list=True, item_score=likely)
    assert first <= 5 <= last
    sentences = OVERFLOWING.sentences
    assert sentences[last].end - sentences[first].start <= MAX_SPAN_CHARS
    # an item reachable with its lead-in keeps the lead-in
    near = {1: 0.0, 2: -2.0, 3: 1.5, 4: -2.0, 5: -2.0, 6: -2.0}
    assert span_for(OVERFLOWING, 1, wants_list=True, item_score=near)[0] == 1


# a lead-in and four items of about 120 characters: over MAX_SPAN_CHARS, under MAX_LIST_CHARS
FOUR_ITEMS = chunk_of(
    "Le plan de la commune comporte quatre mesures :",
    *(
        f"• {name} : une mesure décrite avec ses moyens, son calendrier, ses effets attendus "
        "et ses partenaires."
        for name in ("voirie", "écoles", "parcs", "marchés")
    ),
)


def test_a_list_gets_more_room_when_the_answer_step_gives_it() -> None:
    sentences = FOUR_ITEMS.sentences
    assert sentences[4].end - sentences[0].start > MAX_SPAN_CHARS  # the premise
    assert span_for(FOUR_ITEMS, 0, wants_list=True)[1] < 4  # the labels' room: cut
    assert span_for(FOUR_ITEMS, 0, wants_list=True, limit=MAX_LIST_CHARS) == (0, 4)


def test_a_lead_in_with_one_long_item_brings_it_rather_than_standing_alone() -> None:
    chunk = chunk_of("Le règlement impose :", "• " + "de déclarer chaque ouvrage, " * 20 + "fin.")
    assert span_for(chunk, 0, wants_list=False) == (0, 1)


def test_a_lead_in_emphasises_its_likeliest_item_quoted_whole() -> None:
    chunk = OVERFLOWING
    quoted = (chunk.sentences[1].start, chunk.sentences[3].end)
    logits = {1: 2.0, 2: -1.0, 3: 0.5, 5: 3.0}
    assert _focus(chunk, 1, (1, 3), logits, quoted) == 3  # item 5 is not in the quote
    assert _focus(chunk, 2, (1, 3), logits, quoted) == 2  # a bullet chosen stays the focus


def _passage(ident: str, *sentences: str) -> Chunk:
    text, spans, at = "", [], 0
    for s in sentences:
        spans.append(Sentence(at, at + len(s), 1))
        text += s + " "
        at = len(text)
    return Chunk(ident, "d.txt", 1, (1,), ("S",), text.rstrip(), (), tuple(spans))


def test_a_lead_in_ending_its_passage_is_quoted_from_the_next_one_with_its_items() -> None:
    lead_in = "La bibliothèque propose trois services :"
    chunks = [
        _passage("a", "Elle a ouvert en mai.", lead_in),
        _passage("b", lead_in, "• le prêt de livres", "• des ateliers", "• un portage à domicile"),
    ]
    assert items_across(chunks, 0, 1) == (1, 0)
    assert items_across(chunks, 0, 0) == (0, 0)  # not a lead-in
    elsewhere = [chunks[0], _passage("b", "Une autre phrase :", "• un item")]
    assert items_across(elsewhere, 0, 1) == (0, 1)  # the next passage does not go on with it


def test_items_running_past_the_passage_are_quoted_from_the_next_one_that_holds_more() -> None:
    lead_in = "Le club propose plusieurs activités :"
    items = ["• la natation", "• le tennis", "• la voile", "• le judo"]
    chunks = [
        _passage("a", "Il a ouvert en mai.", lead_in, items[0]),
        _passage("b", *items),
    ]
    assert items_across(chunks, 0, 1) == (1, 0)
    # the lead-in itself answers (« combien d'activités … ? » when it gives their number)
    assert items_across(chunks, 0, 1, lead_in_answers=True) == (0, 1)
    # the next passage holds no more items than this one: the lead-in keeps its own
    fewer = [_passage("a", lead_in, *items[:2]), _passage("b", items[1], "Une autre phrase.")]
    assert items_across(fewer, 0, 0) == (0, 0)
    # the list ends inside the passage
    ended = [_passage("a", lead_in, items[0], "Fin."), _passage("b", *items)]
    assert items_across(ended, 0, 0) == (0, 0)
    # the next passage does not start with one of the items
    other = [chunks[0], _passage("b", "• la danse", "• le chant", "• le théâtre")]
    assert items_across(other, 0, 1) == (0, 1)


def test_items_are_not_quoted_from_the_next_passage_without_the_item_that_answers() -> None:
    lead_in = "Le club propose plusieurs activités :"
    items = ["• la natation", "• le tennis", "• la voile", "• le judo", "• la danse"]
    chunks = [_passage("a", lead_in, *items[:2]), _passage("b", *items[1:])]
    assert items_across(chunks, 0, 0) == (1, 0)
    # « la natation » answers best: the next passage would leave it out
    assert items_across(chunks, 0, 0, likeliest=items[0]) == (0, 0)
    # an item both passages hold, or one only the next holds, moves the quote as before
    assert items_across(chunks, 0, 0, likeliest=items[1]) == (1, 0)
    assert items_across(chunks, 0, 0, likeliest=items[3]) == (1, 0)


_GROUPS = (
    "Le réseau réunit les écoles du quartier (la maternelle, le collège, le lycée), les "
    "clubs sportifs (le judo, la natation, le tennis, la boxe) et les musées (le grand "
    "musée, le musée maritime, le muséum)."
)


def test_every_enumeration_of_a_sentence_is_found_in_reading_order() -> None:
    found = [_GROUPS[r.start : r.end] for r in enumerations(_GROUPS)]
    assert found == [
        "la maternelle, le collège, le lycée",
        "le judo, la natation, le tennis, la boxe",
        "le grand musée, le musée maritime, le muséum",
    ]
    longest = enumeration(_GROUPS)
    assert longest is not None and _GROUPS[longest.start : longest.end].startswith("le judo")


def test_the_key_phrase_is_the_enumeration_whose_lead_holds_the_question_words() -> None:
    def score(words: tuple[str, ...]):  # type: ignore[no-untyped-def]
        return lambda text: float(sum(w in text for w in words))

    a, b = key_phrase(_GROUPS, "list", None, score(("musées",)), several=True)
    assert _GROUPS[a:b] == "le grand musée, le musée maritime, le muséum"
    a, b = key_phrase(_GROUPS, "list", None, score(("écoles",)), several=True)
    assert _GROUPS[a:b] == "la maternelle, le collège, le lycée"
    # no lead tells them apart: the longest
    a, b = key_phrase(_GROUPS, "list", None, score(("ville",)), several=True)
    assert _GROUPS[a:b] == "le judo, la natation, le tennis, la boxe"


def test_the_key_phrase_is_the_names_in_brackets_after_what_the_question_asks_for() -> None:
    def score(words: tuple[str, ...]):  # type: ignore[no-untyped-def]
        return lambda text: float(sum(w in text for w in words))

    s = (
        "La ville s'appuie sur ses musées (Grand Musée et Muséum), sur des artistes "
        "reconnus (Jeanne Martin, Paul Leroy) et sur ses écoles (deux lycées)."
    )
    a, b = key_phrase(s, "list", None, score(("artistes",)), several=True)
    assert s[a:b] == "Jeanne Martin, Paul Leroy"
    a, b = key_phrase(s, "list", None, score(("musées",)), several=True)
    assert s[a:b] == "Grand Musée et Muséum"
    # brackets holding no names, or no question word before any: not the key phrase
    a, b = key_phrase(s, "list", None, score(("écoles",)), several=True)
    assert s[a:b] != "deux lycées"
    a, b = key_phrase(s, "list", None, score(("stades",)), several=True)
    assert s[a:b] not in ("Jeanne Martin, Paul Leroy", "Grand Musée et Muséum")
