"""The fitted answer step on a tiny index: verbatim spans, lists with their items, the key
phrase, clause-level notes, the model file, and fitting on literal gold questions."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from santeqa.embed import FakeEmbedder
from santeqa.errors import SanteqaError
from santeqa.evaluate import Gold
from santeqa.index import LoadedIndex, load_index
from santeqa.qa import train
from santeqa.qa.answer import (
    AnswerResources,
    Choice,
    _asked_of,
    _cited_page,
    choose,
    defined_long_form,
    evidence,
    join_neighbours,
    page_of_span,
    read_question,
    terms_reader,
)
from santeqa.qa.clauses import note_clauses
from santeqa.qa.facts import sentence_facts
from santeqa.qa.features import CANDIDATE_FEATURES, Candidate, counts_of
from santeqa.qa.judging import QUESTION_FEATURES
from santeqa.qa.model import AnswerModel, Logistic, Trees, load_model
from santeqa.qa.passage_fit import Reordering
from santeqa.qa.question import Asked, asked
from santeqa.qa.retrieve import fuse, score
from santeqa.qa.spans import (
    MAX_JOINED_CHARS,
    MAX_LIST_CHARS,
    MAX_SPAN_CHARS,
    key_phrase,
    list_around,
    sentence_text,
    span_for,
)
from santeqa.records import Chunk, Document, Marker, Paragraph, Sentence
from santeqa.text import Analyzer
from tests.tiny import FUNDING, GLOSSARY, OPENING, REGION_NOTE, chunk_of, report, tiny_index
from tests.tiny import gold as tiny_gold

PAGES = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Les étapes du déploiement sont les suivantes :",
        "• installer des cabines dans les pharmacies ;",
        "• former les infirmiers aux outils numériques.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]
ANALYZER = Analyzer()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> LoadedIndex:
    settings = tiny_index(tmp_path_factory.mktemp("fitted"), report(*PAGES))
    return load_index(settings.index_dir, None).index


def _model(judge_intercept: float = 0.0, threshold: float = 0.5) -> AnswerModel:
    """A hand-set model: the ranker follows similarity and coverage; the judge is constant."""
    n, m = len(CANDIDATE_FEATURES), len(QUESTION_FEATURES)
    coef = np.zeros(n)
    coef[CANDIDATE_FEATURES.index("sim")] = 4.0
    coef[CANDIDATE_FEATURES.index("cov")] = 4.0
    coef[CANDIDATE_FEATURES.index("list_lead_in")] = 2.0
    ranker = Logistic(CANDIDATE_FEATURES, np.zeros(n), np.ones(n), coef, 0.0)
    judge = Logistic(QUESTION_FEATURES, np.zeros(m), np.ones(m), np.zeros(m), judge_intercept)
    return AnswerModel(ranker, judge, threshold, 1.0, "0" * 64, ("literal",))


def _choose(index: LoadedIndex, question: str, model: AnswerModel | None = None) -> Choice:
    res = AnswerResources.of(index)
    what, q = read_question(index, res, question, ANALYZER)
    s = score(index, q, FakeEmbedder().embed_queries([q.expanded])[0])
    ev = evidence(index, what, q.text, q.terms, s, ANALYZER)
    return choose(index, res, model or _model(), ev, fuse(index, s, depth=10, rrf_k=60))


def test_the_answer_is_verbatim_and_bounded(index: LoadedIndex) -> None:
    for question in ("Qui dirige le projet ?", "Combien de téléconsultations en 2023 ?"):
        a = _choose(index, question).answer
        assert a is not None
        chunk = next(c for c in index.chunks if c.id == a.passage_id)
        assert a.text == chunk.text[a.start : a.end]
        assert len(a.text) <= MAX_SPAN_CHARS
        assert a.highlight is not None
        start, end = a.highlight
        assert 0 <= start < end <= len(a.text)


def test_a_list_answers_with_its_items_and_highlights_one(index: LoadedIndex) -> None:
    a = _choose(index, "Quelles sont les étapes du déploiement ?").answer
    assert a is not None
    assert "• installer des cabines dans les pharmacies ;" in a.text
    assert "• former les infirmiers aux outils numériques." in a.text
    assert a.highlight is not None


def test_a_count_highlights_the_number_with_its_unit(index: LoadedIndex) -> None:
    a = _choose(index, "Combien de téléconsultations la plateforme a-t-elle réalisées ?").answer
    assert a is not None and a.highlight is not None
    assert a.text[a.highlight[0] : a.highlight[1]].startswith("12 500 téléconsultations")


def test_confidence_is_the_judges_probability(index: LoadedIndex) -> None:
    sure = _choose(index, "Qui dirige le projet ?", _model(judge_intercept=3.0))
    unsure = _choose(index, "Qui dirige le projet ?", _model(judge_intercept=-3.0))
    assert sure.confidence == pytest.approx(1 / (1 + np.exp(-3.0)))
    assert unsure.confidence == pytest.approx(1 / (1 + np.exp(3.0)))


# An acronym the glossary lacks, defined in the running text of page 2.
DEFINED_IN_TEXT = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Les ateliers se tiennent à la Maison des Jeux de Société (MJS) le samedi.",
        "La MJS prête aussi des jeux aux écoles du quartier.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_an_acronym_defined_in_the_text_is_answered_with_its_long_form(tmp_path: Path) -> None:
    settings = tiny_index(tmp_path, report(*DEFINED_IN_TEXT))
    index = load_index(settings.index_dir, None).index
    assert [(g.acronym, g.page) for g in index.glossary if g.source == "body"] == [("MJS", 2)]
    res = AnswerResources.of(index)
    _what, q = read_question(index, res, "Que veut dire MJS ?", ANALYZER)
    assert "Maison des Jeux de Société" in q.expanded
    a = _choose(index, "Que veut dire MJS ?").answer
    assert a is not None and a.highlight is not None
    assert a.text[a.highlight[0] : a.highlight[1]] == "Maison des Jeux de Société"
    assert a.page == 2


PLACED_HEADINGS = [
    ["Culture en Bretagne", "Les musées", "", "Le musée de la marine accueille 40 000 visiteurs."],
    [
        "Tourisme",
        "",
        "Les visiteurs viennent en Bretagne pour la côte. Les festivals en Bretagne attirent.",
    ],
]


def test_a_sentence_is_read_under_the_place_names_of_its_headings(tmp_path: Path) -> None:
    # « Combien de visiteurs les musées bretons accueillent-ils ? »: the museum sentence
    # says no « Bretagne », its heading does
    index = load_index(tiny_index(tmp_path, report(*PLACED_HEADINGS)).index_dir, None).index
    res = AnswerResources.of(index)
    row = next(i for i, c in enumerate(index.chunks) if "musée de la marine" in c.text)
    window, passage = terms_reader(index, res)(Candidate(0, row, 0, ()))
    assert any(t.startswith("breta") for t in window)
    assert not any(t.startswith("breta") for t in passage)
    assert not any(t.startswith("cultur") for t in window)  # a heading's other words: not read


LISTED = [
    [
        "Loisirs",
        "",
        "Les habitants de Rennes ont été interrogés sur leurs loisirs :",
        "• 40 % lisent des romans.",
        "• 30 % jouent aux cartes.",
        "• 20 % chantent en chorale.",
    ]
]


def test_a_list_item_is_read_under_its_lead_in(tmp_path: Path) -> None:
    # « Quelle part des Rennais chante ? »: the item says no « Rennes », its lead-in does,
    # two sentences before it
    index = load_index(tiny_index(tmp_path, report(*LISTED)).index_dir, None).index
    res = AnswerResources.of(index)
    chunk = index.chunks[row := next(i for i, c in enumerate(index.chunks) if "chorale" in c.text)]
    texts = [sentence_text(chunk, k) for k in range(len(chunk.sentences))]
    j = next(k for k, t in enumerate(texts) if "chorale" in t)
    lead = next(k for k, t in enumerate(texts) if "Rennes" in t)
    assert j - lead > 1  # beyond the sentence before it
    window, _passage = terms_reader(index, res)(Candidate(0, row, j, ()))
    assert ANALYZER.terms("Rennes")[0] in window


def test_a_sentence_is_read_with_the_terms_of_the_notes_it_cites(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path).index_dir, None).index
    res = AnswerResources.of(index)
    row = next(i for i, c in enumerate(index.chunks) if "12 500" in c.text)
    j = next(j for j, s in enumerate(index.chunks[row].sentences) if s.footnotes == (1,))
    cited = res.cited_terms[index.sentence_rows(row).start + j]
    assert any(t.startswith("agenc") for t in cited)  # note 1: « Enquête de l’Agence … »
    assert not any(t.startswith("communiqu") for t in cited)  # note 2 is cited elsewhere
    assert index.sentence_rows(row).start + j + 1 not in res.cited_terms  # cites no note


CONTINUED = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le musée maritime de la ville rouvre ses salles au public. Dirigé par Marie Lefort,",
        "il accueille trois expositions par an.",
        "",
        "Le jardin botanique de la ville rouvre ses serres au public. La conservatrice",
        "Anne Morel y présente des plantes rares.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_sentence_going_on_about_the_chosen_one_joins_it_when_it_holds_what_is_asked(
    tmp_path: Path,
) -> None:
    index = load_index(tiny_index(tmp_path, report(*CONTINUED)).index_dir, None).index
    a = _choose(index, "Qui dirige le musée maritime de la ville ?").answer
    assert a is not None and a.highlight is not None
    assert a.text.startswith("Le musée maritime") and a.text.endswith("trois expositions par an.")
    assert a.text[a.highlight[0] : a.highlight[1]] == "Marie Lefort"
    # the next sentence holds a name, but does not go on with the chosen one's subject
    b = _choose(index, "Qui dirige le jardin botanique de la ville ?").answer
    assert (
        b is not None and b.text == "Le jardin botanique de la ville rouvre ses serres au public."
    )


def test_a_sentence_going_on_with_the_kind_asked_joins_even_after_one_holding_it() -> None:
    from santeqa.qa.answer import _continues_with_asked

    # « à quel rang le port est-il tombé ? »: the chosen sentence gives the rank of 1990, the
    # next one, about the same port, gives today's
    chunk = chunk_of(
        "Le port de la ville était en 1990 le premier port de pêche de la côte.",
        "Il se situe désormais à la quatrième place.",
        "La criée ouvre à six heures.",
    )
    asked = Asked(kind="rank", source=False, english=False, counted=None)
    fields = {"asked": asked, "names": frozenset(), "common_words": frozenset()}
    ev: Any = type(
        "Ev",
        (),
        {**fields, "target_stem": None, "target_phrase_stems": frozenset(), "asks_cause": False},
    )()
    assert _continues_with_asked(ev, chunk, 0, 0, 600)
    assert not _continues_with_asked(ev, chunk, 1, 1, 600)  # « La criée … » holds no rank


def test_the_cause_a_why_question_asks_joins_from_the_next_sentence() -> None:
    from santeqa.qa.answer import _continues_with_asked

    # « pourquoi la gestion du port a-t-elle été confiée à X ? »
    chunk = chunk_of(
        "La gestion du port a été confiée à la société X en 2019.",
        "Cette décision a été prise car la ville manquait de personnel.",
        "La criée ouvre à six heures.",
    )
    asked = Asked(kind=None, source=False, english=False, counted=None)
    fields = {"asked": asked, "names": frozenset(), "common_words": frozenset(), "weights": {}}
    ev: Any = type(
        "Ev",
        (),
        {**fields, "target_stem": None, "target_phrase_stems": frozenset(), "asks_cause": True},
    )()
    assert _continues_with_asked(ev, chunk, 0, 0, 600)
    assert not _continues_with_asked(ev, chunk, 1, 1, 600)  # it gives the cause itself
    ev.asks_cause = False  # « quand … ? »: the cause is not asked
    assert not _continues_with_asked(ev, chunk, 0, 0, 600)


def test_a_sentence_going_on_about_the_same_subject_with_asked_words_joins() -> None:
    from santeqa.qa.answer import _continues_with_asked

    # « quel rôle l'agence joue-t-elle auprès des entreprises ? »: the agency's first
    # sentence names no firm, the next one, about the agency (« Elle … »), does
    chunk = chunk_of(
        "L'agence régionale participe aux rencontres de la filière.",
        "Elle complète également l'offre de financement aux entreprises du territoire.",
        "La criée ouvre à six heures.",
    )
    asked = Asked(kind=None, source=False, english=False, counted=None)
    fields = {"asked": asked, "names": frozenset(), "common_words": frozenset()}
    weights = {"rol": 3.0, "agenc": 3.0, "entrepris": 3.0, "jou": 5.0}
    ev: Any = type(
        "Ev",
        (),
        {
            **fields,
            "target_stem": None,
            "target_phrase_stems": frozenset(),
            "asks_cause": False,
            "weights": weights,
        },
    )()
    assert _continues_with_asked(ev, chunk, 0, 0, 600)
    ev.weights = {"rol": 3.0, "agenc": 3.0, "jou": 5.0}  # it adds no word asked
    assert not _continues_with_asked(ev, chunk, 0, 0, 600)
    ev.weights = weights  # « La criée … » goes on about something else
    assert not _continues_with_asked(ev, chunk, 1, 1, 600)


def test_a_sentence_going_on_with_the_questions_missing_word_joins() -> None:
    from santeqa.qa.answer import _goes_on_with_missing

    # « quel objectif pour les navettes en 2030 ? »: the chosen sentence gives the bus lines'
    # target, the next one, in its paragraph, the shuttles'
    chunk = chunk_of(
        "Le plan vise 40 lignes de bus électriques en 2030.",
        "Plus de 12 navettes fluviales seront aussi mises en service.",
        "La gare routière ouvre à six heures.",
    )
    terms = [frozenset(ANALYZER.terms(sentence_text(chunk, k))) for k in range(3)]
    weights = {"navet": 3.5, "2030": 3.8, "object": 2.0}
    ev: Any = type("Ev", (), {"weights": weights})()
    assert _goes_on_with_missing(ev, chunk, terms, 0, 0, 600)
    assert not _goes_on_with_missing(ev, chunk, terms, 0, 0, 60)  # both do not fit
    assert not _goes_on_with_missing(ev, chunk, terms, 1, 1, 600)  # the next holds no missing word
    ev.weights = {"bus": 3.0}  # nothing missing from the quote
    assert not _goes_on_with_missing(ev, chunk, terms, 0, 0, 600)


def test_the_missing_word_is_found_under_the_stem_of_its_noun() -> None:
    from santeqa.qa.answer import _goes_on_with_missing, _same_stem

    # « que veut dire que les rames sont climatisées ? »: the stemmer cuts the participle and
    # the noun of the next sentence apart; one begins the other
    chunk = chunk_of(
        "Le réseau compte 30 rames.",
        "Elles ont fait l'objet d'une climatisation complète en 2021.",
    )
    terms = [frozenset(ANALYZER.terms(sentence_text(chunk, k))) for k in range(2)]
    participle = next(t for t in ANALYZER.terms("climatisées") if t.startswith("clim"))
    assert participle not in terms[1]
    ev: Any = type("Ev", (), {"weights": {participle: 5.0, "ram": 2.0}})()
    assert _goes_on_with_missing(ev, chunk, terms, 0, 0, 600)
    assert _same_stem("pseudonymise", "pseudonymis")
    assert not _same_stem("format", "formation")  # too short to be sure


def test_a_sentence_ending_its_passage_is_quoted_from_the_next_one_when_that_goes_on() -> None:
    from dataclasses import replace

    from santeqa.qa.answer import _where_it_goes_on

    # passages share a sentence with their neighbour: the 1990 rank ends the first passage and
    # starts the second, where today's rank follows it
    then = "Le port de la ville était en 1990 le premier port de pêche de la côte."
    chunks = [
        replace(chunk_of("La criée ouvre à six heures.", then), id="a"),
        replace(chunk_of(then, "Il se situe désormais à la quatrième place."), id="b"),
    ]

    def ev(kind: str | None, *, several: bool = False) -> Any:
        asked = Asked(kind=kind, source=False, english=False, counted=None, several=several)
        fields = {"asked": asked, "names": frozenset(), "common_words": frozenset(), "weights": {}}
        return type(
            "Ev",
            (),
            {
                **fields,
                "target_stem": None,
                "target_phrase_stems": frozenset(),
                "asks_cause": False,
            },
        )()

    assert _where_it_goes_on(chunks, 0, 1, ev("rank")) == (1, 0)
    assert _where_it_goes_on(chunks, 0, 0, ev("rank")) == (0, 0)  # does not end its passage
    assert _where_it_goes_on(chunks, 0, 1, ev("date")) == (0, 1)  # the next holds no date
    assert _where_it_goes_on(chunks, 0, 1, ev("rank", several=True)) == (0, 1)
    elsewhere = [chunks[0], replace(chunks[1], section=("T",))]
    assert _where_it_goes_on(elsewhere, 0, 1, ev("rank")) == (0, 1)  # another section


def test_a_sentence_naming_the_thing_asked_joins_one_that_does_not() -> None:
    from santeqa.qa.answer import _continues_with_asked

    # « quel diplôme … ? »: the chosen sentence tells of the training, the next one names it
    chunk = chunk_of(
        "Le conservatoire a participé à la formation des musiciens de la région.",
        "C'est ainsi qu'est né un diplôme « Jouer en orchestre » ouvert aux amateurs.",
        "Les cours ont lieu le samedi.",
    )

    def ev(kind: str | None, target: str | None) -> Any:
        asked = Asked(kind=kind, source=False, english=False, counted=None, target=target)
        stem = ANALYZER.terms(target)[0] if target else None
        fields = {"asked": asked, "names": frozenset(), "common_words": frozenset(), "weights": {}}
        return type(
            "Ev",
            (),
            {
                **fields,
                "target_stem": stem,
                "target_phrase_stems": frozenset(),
                "asks_cause": False,
            },
        )()

    assert _continues_with_asked(ev(None, "diplôme"), chunk, 0, 0, 600)
    assert not _continues_with_asked(ev(None, "cours"), chunk, 0, 0, 600)  # not named next
    # a kind's own noun (« quelle date … ? ») is no thing named
    assert not _continues_with_asked(ev("date", "diplôme"), chunk, 0, 0, 600)


def test_an_english_question_names_the_thing_asked_last() -> None:
    from santeqa.qa.answer import _continues_with_asked

    # "which orchestra DIPLOMA": English puts the noun asked for last
    chunk = chunk_of(
        "Le conservatoire a participé à la formation des musiciens de l'orchestre.",
        "C'est ainsi qu'est né un diplôme « Jouer en orchestre » ouvert aux amateurs.",
    )
    text = "Which orchestra diploma did the conservatory create?"
    question = asked(text)
    assert (question.target, question.target_phrase) == ("orchestra", "orchestra diploma")
    fields = {"asked": question, "names": frozenset(), "common_words": frozenset()}
    stems = frozenset(ANALYZER.terms(question.target_phrase or ""))
    ev: Any = type(
        "Ev",
        (),
        {**fields, "target_stem": "orchestr", "target_phrase_stems": stems, "asks_cause": False},
    )()
    assert _continues_with_asked(ev, chunk, 0, 0, 600)
    # the first word alone, named in both sentences, would not tell
    ev.target_phrase_stems = frozenset()
    assert not _continues_with_asked(ev, chunk, 0, 0, 600)


LISTED_AFTER = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le festival d'été de la ville prépare sa nouvelle saison. Au programme figurent du",
        "théâtre, de la danse, du cirque et des concerts.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_sentence_listing_what_the_chosen_one_does_not_joins_it_for_several_things_asked(
    tmp_path: Path,
) -> None:
    index = load_index(tiny_index(tmp_path, report(*LISTED_AFTER)).index_dir, None).index
    a = _choose(index, "Quels spectacles prépare le festival d'été de la ville ?").answer
    assert a is not None
    assert a.text.startswith("Le festival d'été") and a.text.endswith("et des concerts.")


LISTED_AFTER_AT_LENGTH = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le festival d'été de la ville prépare sa vingtième saison depuis sa création par une",
        "association de quartier avec des bénévoles venus de toute la région pour animer des",
        "soirées gratuites sur les places et dans les jardins de la vieille ville cet été.",
        "Au programme figurent du théâtre de rue, de la danse contemporaine, du cirque aérien,",
        "des concerts de musique baroque, des lectures de contes pour les enfants, des",
        "projections de films muets accompagnés au piano, des ateliers de marionnettes, des",
        "spectacles de feu sur les quais, des bals populaires, des expositions de photographies,",
        "des joutes nautiques, des récitals de poésie et des visites nocturnes des remparts.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_list_too_long_to_join_the_chosen_sentence_is_quoted_in_its_place(
    tmp_path: Path,
) -> None:
    index = load_index(tiny_index(tmp_path, report(*LISTED_AFTER_AT_LENGTH)).index_dir, None).index
    a = _choose(index, "Quels spectacles prépare le festival d'été de la ville ?").answer
    assert a is not None
    assert a.text.startswith("Au programme figurent") and a.text.endswith("des remparts.")
    # one thing asked, not several: the chosen sentence stays
    b = _choose(index, "Depuis combien d'années le festival d'été de la ville existe-t-il ?")
    assert b.answer is not None and b.answer.text.startswith("Le festival d'été")


STEPS_AT_LENGTH = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le déploiement du réseau de la ville se fera en quatre étapes :",
        "• recenser les quartiers sans médecin, avec les mairies annexes, les associations",
        "et les pharmacies qui connaissent le mieux les besoins des habitants ;",
        "• installer des bornes de consultation dans les maisons de quartier et les",
        "bibliothèques, aux horaires d'ouverture habituels de ces lieux publics ;",
        "• former les agents d'accueil à l'accompagnement des patients qui découvrent",
        "ces outils, en lien avec les infirmiers libéraux volontaires du secteur ;",
        "• évaluer chaque année le service rendu avec les usagers et les soignants.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_list_asked_is_quoted_with_all_its_items_when_they_fit_the_list_room(
    tmp_path: Path,
) -> None:
    index = load_index(tiny_index(tmp_path, report(*STEPS_AT_LENGTH)).index_dir, None).index
    a = _choose(index, "Quelles sont les étapes du déploiement du réseau de la ville ?").answer
    assert a is not None
    assert MAX_SPAN_CHARS < len(a.text) <= MAX_LIST_CHARS
    assert a.text.startswith("Le déploiement") and a.text.endswith("et les soignants.")


def test_an_over_long_sentence_is_cut_to_the_clauses_holding_the_kind_asked() -> None:
    from santeqa.qa.answer import _holding_kind, _same_kind
    from santeqa.qa.spans import clause_window

    sentence = (
        "La loi sur les marchés couverts, au travers de son article 12 et de la circulaire "
        "relative aux halles qui emploient des placiers et louent des étals (ne sont pas "
        "concernées celles qui prêtent seulement un local, ni les marchés de plein air ouverts le "
        "dimanche), a créé un statut de ces halles à compter du 1er mars 2024, ce qui "
        "permet un meilleur suivi."
    )

    def cover(text: str) -> float:  # the question's words: the opening clauses hold most
        return sum(w in text for w in ("halles", "emploient", "placiers")) / 3

    def ev(kind: str | None, target: str | None = None) -> Any:
        asked = Asked(kind=kind, source=False, english=False, counted=None)
        stems = _same_kind(target) if target else frozenset()
        fields = {"asked": asked, "common_words": frozenset()}
        return type("Ev", (), {**fields, "target_stem": target, "target_stems": stems})()

    a, b = clause_window(sentence, 0, len(sentence), _holding_kind(ev("date"), cover), 200)
    assert "1er mars 2024" in sentence[a:b]
    # a question asking no kind: the clauses covering its words
    a, b = clause_window(sentence, 0, len(sentence), _holding_kind(ev(None), cover), 200)
    assert "placiers" in sentence[a:b] and "2024" not in sentence[a:b]
    # « Quel texte a créé ce statut ? »: the clause naming a text of the law's kind
    a, b = clause_window(sentence, 0, len(sentence), _holding_kind(ev(None, "text"), cover), 200)
    assert sentence[a:b].startswith("La loi sur les marchés couverts")
    # a noun of another kind, named nowhere (« Quel musée … ? »): the question's words again
    a, b = clause_window(sentence, 0, len(sentence), _holding_kind(ev(None, "muse"), cover), 200)
    assert "placiers" in sentence[a:b]


def test_a_long_sentence_asked_for_several_things_keeps_its_enumeration() -> None:
    """« Sur quels principes repose la charte ? »: a lead-in that lists them inline, cut with
    its first item, keeps the clause listing them, not only the one repeating the
    question's words."""
    from santeqa.qa.answer import _holding_kind
    from santeqa.qa.spans import clause_window

    quote = (
        "Pour y parvenir, la commune veut insister sur la sobriété, la gratuité et la "
        "proximité, autant de notions qui se retrouvent décrites dans le document « la charte "
        "des bibliothèques de quartier » adopté en 2021 et repris ci-dessous :\n• La sobriété "
        "car le réseau doit dépenser peu : chaque quartier garde ses horaires et ses "
        "collections et partage le reste avec les autres."
    )

    def cover(text: str) -> float:  # the question's words stand in the later clause
        return sum(w in text for w in ("charte", "bibliothèques", "quartier")) / 3

    def ev(several: bool) -> Any:
        asked = Asked(kind="list", source=False, english=False, counted=None, several=several)
        fields = {"asked": asked, "common_words": frozenset(), "target_stem": None}
        return type("Ev", (), fields)()

    listed = "la sobriété, la gratuité et la proximité"
    a, b = clause_window(quote, 0, len(quote), _holding_kind(ev(True), cover), 300)
    assert listed in quote[a:b]
    a, b = clause_window(quote, 0, len(quote), _holding_kind(ev(False), cover), 300)
    assert listed not in quote[a:b]


def test_the_long_form_is_the_key_phrase_only_for_the_acronym_asked() -> None:
    sentence = "Le Club des Randonneurs Normands (CRN) rejoint la Maison des Jeux (MJ)."
    crn = defined_long_form(sentence, frozenset(ANALYZER.terms("CRN")))
    assert crn is not None and sentence[crn[0] : crn[1]] == "Club des Randonneurs Normands"
    assert defined_long_form(sentence, frozenset(ANALYZER.terms("ARS"))) is None


# A paragraph that runs from page 1 to page 2, the page turning inside its first sentence.
OVER_THE_PAGE = [
    [
        *OPENING,
        "",
        "Le financement",
        "",
        "Après un appel à projets lancé par la région, le budget du programme de",
        "télésurveillance des patients",
    ],
    ["atteint 3 millions d’euros sur trois ans. Le projet est dirigé par Claire Dubois."],
    GLOSSARY,
]


def test_an_answer_over_a_page_break_gives_the_page_of_its_key_phrase(tmp_path: Path) -> None:
    settings = tiny_index(tmp_path, report(*OVER_THE_PAGE))
    index = load_index(settings.index_dir, None).index
    a = _choose(index, "Quel est le budget du programme de télésurveillance ?").answer
    assert a is not None and a.highlight is not None
    assert a.text[a.highlight[0] : a.highlight[1]] == "3 millions d’euros"
    passage = next(c for c in index.chunks if c.id == a.passage_id)
    assert a.text.startswith("Après un appel") and passage.sentences[0].page == 1
    # the quote starts on page 1; the phrase that answers stands on page 2
    assert a.page == 2 and a.page in passage.pages
    assert passage.page_at(a.start + a.highlight[0]) == 2


def test_a_phrase_over_a_page_break_is_cited_where_most_of_it_stands() -> None:
    text = "Les mécènes locaux participent. Ils financent les ateliers mais sans couvrir les frais."
    turn = text.index("les ateliers")  # page 8 begins there
    sentences = (Sentence(0, 31, 7), Sentence(32, len(text), 7))
    chunk = Chunk(
        "c", "d.txt", 7, (7, 8), ("S",), text, (), sentences, page_starts=((0, 7), (turn, 8))
    )
    assert page_of_span(chunk, 32, len(text)) == 8  # « Ils financent » only on page 7
    assert page_of_span(chunk, 0, len(text)) == 7  # most of the two sentences: page 7
    assert page_of_span(chunk, 0, 31) == 7
    tie = text.index("financent")
    assert page_of_span(chunk, tie, turn + (turn - tie)) == 7  # as much on each: the first


def test_a_list_asked_is_cited_where_most_of_its_items_stand() -> None:
    text = (
        "La charte du club pose des règles :\n• Saluer les arbitres ;\n"
        "• Prêter le matériel aux débutants ;\n• Ranger le terrain après chaque match."
    )
    bounds = [0, text.index("•"), text.index("• Prêter"), text.index("• Ranger"), len(text)]
    turn = text.index("• Prêter")  # page 4 begins with the second item
    sentences = tuple(Sentence(a, b, 3 if a < turn else 4) for a, b in itertools.pairwise(bounds))
    chunk = Chunk(
        "c", "d.txt", 3, (3, 4), ("S",), text, (), sentences, page_starts=((0, 3), (turn, 4))
    )
    item = sentences[1]  # the likeliest item, the key phrase, stands on page 3
    key = (item.start, item.end)
    quote = (sentences[0].start, sentences[-1].end)
    assert _cited_page(chunk, key, item, quote, listed=True) == 4  # most of the items
    assert _cited_page(chunk, key, item, quote, listed=False) == 3  # one fact: its phrase
    assert _cited_page(chunk, (0, 0), sentences[3], quote, listed=False) == 4  # no phrase


def test_the_page_of_a_span_counts_what_each_page_holds_character_by_character() -> None:
    """Counted piece by piece between page and sentence starts, the same page as counting
    each visible character's page, for every span of a chunk over three pages (one break
    inside a word, one among spaces and a no-break space), sentence pages as fallback too."""
    text = "Un deux\u00a0trois.  Quatre cinq six sept.\n Huit neuf dix onze douze. Treize."
    sentences = (Sentence(0, 13, 3), Sentence(15, 39, 3), Sentence(41, 67, 4), Sentence(68, 75, 5))
    breaks = ((0, 3), (text.index("inq"), 4), (text.index(" Huit"), 5))

    def by_character(chunk: Chunk, start: int, end: int) -> int:
        count: dict[int, int] = {}
        for offset in range(start, end):
            if not chunk.text[offset].isspace():
                count[chunk.page_at(offset)] = count.get(chunk.page_at(offset), 0) + 1
        return max(sorted(count), key=lambda p: count[p]) if count else chunk.page_at(start)

    for page_starts in (breaks, ()):
        chunk = Chunk("c", "d.txt", 3, (3, 4, 5), ("S",), text, (), sentences, page_starts)
        for start in range(len(text) + 1):
            for end in range(len(text) + 1):
                assert page_of_span(chunk, start, end) == by_character(chunk, start, end)


# ----------------------------------------------------------------------------------------
# spans and key phrases on literal passages


LIST = chunk_of("Avant.", "Le parc compte trois espaces :", "• un potager", "• un verger", "Après.")


def test_list_around_finds_the_lead_in_and_the_items() -> None:
    assert list_around(LIST, 1) == (1, 3)
    assert list_around(LIST, 3) == (1, 3)
    assert list_around(LIST, 0) is None and list_around(LIST, 4) is None


def test_a_lead_in_brings_its_items_and_a_bullet_its_list_when_several_things_are_asked() -> None:
    assert span_for(LIST, 1, wants_list=False) == (1, 3)
    assert span_for(LIST, 3, wants_list=True) == (1, 3)
    assert span_for(LIST, 3, wants_list=False) == (3, 3)


# a lead-in that says something itself, and items too long to quote all with it
_SAYING = chunk_of(
    "Le parc entend « offrir aux habitants du quartier un lieu de calme et de verdure ouvert "
    "toute l'année, loin du bruit des boulevards » et cite ses espaces :",
    "• un potager partagé entretenu par les écoles du secteur et les habitants " * 2 + "fin",
    "• un verger de variétés anciennes planté avec l'association des jardiniers " * 2 + "fin",
    "• une mare pédagogique et ses abords fleuris réservés aux classes " * 2 + "fin",
)


def test_a_lead_in_that_says_what_is_asked_comes_before_its_items() -> None:
    from santeqa.qa.answer import _lead_in_says_it

    scores = {1: -1.0, 2: 2.0, 3: 0.5}
    # the items overflow: the likeliest one and its neighbours, the lead-in left out …
    assert span_for(_SAYING, 0, False, scores)[0] != 0
    # … unless the lead-in itself answers: it comes first
    assert span_for(_SAYING, 0, False, scores, lead_in_answers=True)[0] == 0
    n = len(_SAYING.sentences)
    index: Any = type(
        "Index",
        (),
        {
            "chunks": [_SAYING],
            "sentence_terms": [
                frozenset(ANALYZER.terms(sentence_text(_SAYING, k))) for k in range(n)
            ],
            "sentence_rows": lambda self, row: range(0, n),
        },
    )()
    offering = next(t for t in ANALYZER.terms("offrir") if t.startswith("offr"))
    asked: Any = type("Ev", (), {"weights": {offering: 4.0, "parc": 1.0}})()
    assert _lead_in_says_it(index, asked, 0, 0, scores)  # « Qu'entend offrir le parc ? »
    orchard = ANALYZER.terms("verger")[0]
    asked.weights = {orchard: 4.0, "parc": 1.0}  # « Quel espace a des variétés anciennes ? »
    assert not _lead_in_says_it(index, asked, 0, 0, scores)


# three sentences of about 250 characters: any two make about 500
_LONG = chunk_of(
    "Le conseil de quartier a examiné pendant deux ans les demandes des habitants " * 3 + "fin.",
    "Il a retenu la création d’un jardin partagé ouvert toute l’année aux écoles du secteur, " * 3
    + "fin.",
    "La mairie publiera le calendrier des travaux au printemps prochain, après la consultation, "
    * 3
    + "fin.",
)


def test_a_likely_neighbour_joins_the_quote_within_the_joined_limit() -> None:
    logits = {0: 1.0, 1: 0.5, 2: -3.0}
    # the next sentence is above the floor: the two whole sentences make the quote
    assert join_neighbours(_LONG, (0, 0), logits, -1.0, 1, False, 600) == (0, 1)
    # the same pair does not fit in 400 characters: the chosen sentence stays alone
    assert join_neighbours(_LONG, (0, 0), logits, -1.0, 1, False, 400) == (0, 0)
    # below the floor, nothing joins
    assert join_neighbours(_LONG, (0, 0), logits, 0.8, 1, False, 600) == (0, 0)


def test_one_neighbour_joins_per_part_asked_the_next_one_first() -> None:
    logits = {0: 0.9, 1: 1.0, 2: 0.8}
    assert join_neighbours(_LONG, (1, 1), logits, 0.0, 1, False, 2000) == (1, 2)
    assert join_neighbours(_LONG, (1, 1), logits, 0.0, 2, False, 2000) == (0, 2)
    # a neighbour that is not a candidate (no score) never joins
    assert join_neighbours(_LONG, (1, 1), {1: 1.0}, 0.0, 2, False, 2000) == (1, 1)


def test_key_phrases() -> None:
    def none(_text: str) -> float:
        return 0.0

    sentence = "La ville compte 1 200 vélos en libre-service depuis 2019."
    a, b = key_phrase(sentence, "quantity", "vélos", none)
    assert sentence[a:b].startswith("1 200 vélos")
    a, b = key_phrase(sentence, "date", None, none)
    assert sentence[a:b] == "depuis 2019"
    # a year inside a name is a date only when no other stands as one
    named = "Le Plan Vélo 2030 finance les pistes depuis 2021."
    a, b = key_phrase(named, "date", None, none)
    assert named[a:b] == "depuis 2021"
    a, b = key_phrase("Le Plan Vélo 2030 est ambitieux.", "date", None, none)
    assert "Le Plan Vélo 2030 est ambitieux."[a:b] == "2030"
    # the year the question gives is not the one it asks: « quand le plan de 2021 a-t-il … »
    given = "Le plan de 2021 est entré en vigueur en mars 2022."
    a, b = key_phrase(given, "date", None, none, given=frozenset({"2021"}))
    assert given[a:b] == "en mars 2022"
    a, b = key_phrase("• un verger", "list", None, none)
    assert "• un verger"[a:b] == "un verger"


@pytest.mark.parametrize(
    ("sentence", "kind", "key"),
    [
        # how a thing is made up: its parts, commas included, to the end of their clause
        (
            "Avec les habitants, le plan se déclinera en 3 volets, 12 mesures et 40 actions.",
            "structure",
            "3 volets, 12 mesures et 40 actions",
        ),
        (
            "Le club s’est structuré autour de trois sections (judo, lutte) depuis 2019.",
            "structure",
            "autour de trois sections",
        ),
        # an example: what « par exemple » introduces, or what « en est un exemple »
        ("Les jeux de plateau (par exemple, les échecs) sont prêtés.", "example", "les échecs"),
        (
            "Le club prête des jeux (le go, bien que difficile, en serait un exemple).",
            "example",
            "le go, bien que difficile",
        ),
    ],
)
def test_the_key_phrase_of_a_structure_or_an_example(sentence: str, kind: str, key: str) -> None:
    a, b = key_phrase(sentence, kind, None, lambda _text: 0.0)
    assert sentence[a:b] == key


_SCHOOL = "En 2020, 3 000 élèves et 120 enseignants ont suivi le programme."


@pytest.mark.parametrize(
    ("sentence", "counted", "key"),
    [
        # a year (or any figure) before the count is not what « combien de … » asks for
        ("Le département a recensé en 2022, 48 communes équipées.", "communes", "48 communes"),
        (_SCHOOL, "enseignants", "120 enseignants"),
        # the counted noun as the question analysis gives it: folded
        (_SCHOOL, "eleves", "3 000 élèves"),
        # two counts as close to their noun: the first
        ("Il y a 12 écoles au nord et 14 écoles au sud.", "écoles", "12 écoles"),
    ],
)
def test_the_key_figure_is_the_one_the_counted_noun_follows(
    sentence: str, counted: str, key: str
) -> None:
    a, b = key_phrase(sentence, "quantity", counted, lambda _t: 0.0)
    assert sentence[a:b].startswith(key)


@pytest.mark.parametrize(
    ("sentence", "kind", "given", "key"),
    [
        # a figure the question writes itself (« le plan 2030 ») is not what it asks for
        (
            "Le plan « Mobilité 2030 » est doté de 45 millions d’euros.",
            "quantity",
            {"2030"},
            "45 millions d’euros",
        ),
        ("Le club paie 300 euros pour 6 heures d’entraînement.", "quantity", {"6"}, "300 euros"),
        # an amount is the figure written with its currency
        (
            "En 2021, 14 communes ont reçu 2,5 millions d’euros.",
            "money",
            set(),
            "2,5 millions d’euros",
        ),
        # a range is one figure
        (
            "Le musée reçoit 1 à 1,5 million de visiteurs par an.",
            "quantity",
            set(),
            "1 à 1,5 million de visiteurs",
        ),
        # a year written just before a grouped figure is not part of it
        (
            "Le plan veut former d’ici 2030 40 000 apprentis.",
            "quantity",
            {"2030"},
            "40 000 apprentis",
        ),
        # a group mistyped is still one figure
        ("Plus de 10 00 abonnés suivent le club.", "quantity", set(), "Plus de 10 00 abonnés"),
        # when the question's figure is the only one, it stays the key phrase
        ("Le plan 2030 commence.", "quantity", {"2030"}, "2030"),
    ],
)
def test_the_key_figure_is_not_one_the_question_gives(
    sentence: str, kind: str, given: set[str], key: str
) -> None:
    a, b = key_phrase(sentence, kind, None, lambda _t: 0.0, given=frozenset(given))
    assert sentence[a:b].startswith(key)


_FUND = (
    "Le fonds a été créé en mars 2019 avec un budget de 40 millions d’euros, dont 8 millions "
    "pour les écoles (5 millions pour les collèges et 3 millions réservés aux lycées)."
)


@pytest.mark.parametrize(
    ("kind", "words", "key"),
    [
        # no counted noun: the figure followed by the question's words (« combien pour les
        # lycées ? »), not the first, nor the year before it
        ("quantity", ("lycées",), "3 millions"),
        # an amount in millions without its currency, when the question's words follow it
        ("money", ("écoles",), "8 millions"),
        # none followed by the question's words: an amount with its currency, the date last
        ("money", ("budget",), "40 millions d’euros"),
        ("quantity", (), "40 millions d’euros"),
        # the sentence's subject, before the first figure, is every figure's: the words that
        # follow a figure tell it apart (« combien le fonds donne-t-il aux écoles ? »)
        ("money", ("fonds", "écoles"), "8 millions"),
        ("money", ("fonds", "budget"), "40 millions d’euros"),
    ],
)
def test_the_key_figure_is_the_one_the_question_words_follow(
    kind: str, words: tuple[str, ...], key: str
) -> None:
    def score(text: str) -> float:
        return float(sum(w in text for w in words))

    a, b = key_phrase(_FUND, kind, None, score)
    assert _FUND[a:b] == key


def test_a_share_asked_is_a_figure_written_as_a_share() -> None:
    sentence = (
        "Le registre compte près de 700 appareils connectés, dont 77 % servent en cardiologie."
    )

    def score(text: str) -> float:
        return float(sum(w in text for w in ("registre", "appareils", "connectés", "cardiologie")))

    a, b = key_phrase(sentence, "share", None, score)
    assert sentence[a:b] == "77 %"
    a, b = key_phrase("Le quart des élèves et 300 parents viennent.", "share", None, score)
    assert (a, b) == (3, 19)  # « quart des élèves »


def test_of_two_figures_counting_the_noun_the_key_is_the_one_the_question_words_follow() -> None:
    sentence = "La ligne transporte 8 000 voyageurs réguliers et 3 000 voyageurs occasionnels."

    def score(text: str) -> float:  # the subject before the first figure counts for both
        return float(sum(w in text for w in ("ligne", "transporte", "voyageurs", "occasionnels")))

    a, b = key_phrase(sentence, "quantity", "voyageurs", score)
    assert sentence[a:b] == "3 000 voyageurs"
    # no word of the question tells them apart: the first
    a, b = key_phrase(sentence, "quantity", "voyageurs", lambda t: float("voyageurs" in t))
    assert sentence[a:b] == "8 000 voyageurs"


def test_a_currency_asked_as_a_count_is_an_amount_told_by_what_follows() -> None:
    # « combien d'euros le fonds donne-t-il aux lycées ? »
    a, b = key_phrase(_FUND, "money", "euros", lambda t: float("lycées" in t))
    assert _FUND[a:b] == "3 millions"


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ({"2024"}, "près de 9 000"),
        ({"2019"}, "1 500"),
        # no year asked: the first, without the preposition after it as its unit
        (set(), "1 500"),
    ],
)
def test_the_key_figure_is_the_one_dated_by_the_question_year(given: set[str], key: str) -> None:
    sentence = "Le nombre d’abonnés est passé de 1 500 en 2019 à près de 9 000 en 2024."
    a, b = key_phrase(
        sentence, "quantity", "abonnés", lambda t: float("abonnés" in t), given=frozenset(given)
    )
    assert sentence[a:b] == key


@pytest.mark.parametrize(("year", "key"), [("2022", "plus de 300 vélos"), ("2023", "120 vélos")])
def test_the_dated_figure_may_stand_apart_from_its_year(year: str, key: str) -> None:
    sentence = (
        "La ville indique que plus de 300 vélos ont été prêtés aux écoles (donc sont "
        "entretenus par elles) en 2022 et que 120 vélos ont été vendus en 2023."
    )
    a, b = key_phrase(sentence, "quantity", "vélos", lambda _t: 0.0, given=frozenset({year}))
    assert sentence[a:b] == key


def test_the_key_figure_may_follow_the_question_words() -> None:
    sentence = "Grâce à des gains de 30 %, le trafic pourrait être multiplié par 4."

    def score(text: str) -> float:
        return float(sum(w in text for w in ("trafic", "multiplié")))

    a, b = key_phrase(sentence, "quantity", None, score)
    assert sentence[a:b] == "4"


def test_a_clause_key_phrase_ends_before_the_bracket_that_cuts_it() -> None:
    sentence = "Le musée expose des peintres connus dans le monde (Monet, Boudin)."
    a, b = key_phrase(sentence, None, None, lambda t: float("peintres" in t))
    assert sentence[a:b] == "Le musée expose des peintres connus dans le monde"
    sentence = "Le musée ouvre des « salles calmes » aux familles, le dimanche."
    a, b = key_phrase(sentence, None, None, lambda t: 2.0 * ("calmes" in t) + ("familles" in t))
    assert sentence[a:b] == "salles calmes"
    a, b = key_phrase(sentence, None, None, lambda t: float("dimanche" in t))
    assert sentence[a:b] == "le dimanche."
    sentence = "Le guide des musées (musees.example.org)"
    a, b = key_phrase(sentence, None, None, lambda t: float("example" in t))
    assert sentence[a:b] == "musees.example.org"


def test_a_clause_repeating_only_the_question_is_not_the_key_phrase() -> None:
    # « quel est l'objectif des zones calmes ? »: the clause naming them tells nothing new
    sentence = "La ville a pour objectif de réduire le bruit avec des « zones calmes », en 2025."

    def score(text: str) -> float:
        return 2.0 * ("zones" in text) + ("calmes" in text) + ("objectif" in text)

    a, b = key_phrase(sentence, None, None, score)
    assert sentence[a:b] == "La ville a pour objectif de réduire le bruit avec des"


def test_a_roman_numeral_is_no_name_asked() -> None:
    sentence = "« IV.-Un arrêté de la CNIL fixe la liste des appareils. »"
    a, b = key_phrase(sentence, "organisation", None, lambda t: float("fixe" in t))
    assert sentence[a:b] == "CNIL"


def test_a_sentence_sharing_no_word_with_the_question_is_its_own_key_phrase() -> None:
    # an English question scores no French clause: no clause is picked by its length alone
    sentence = "En effet, la ville ou la région, qui paierait les travaux ?"
    a, b = key_phrase(sentence, None, None, lambda _t: 0.0)
    assert sentence[a:b] == sentence


def test_counts_of_the_counted_noun() -> None:
    assert counts_of("La ville compte 1 200 vélos.", "velos")
    assert counts_of("Trois quarts des élèves mangent sur place.", "eleves")
    assert not counts_of("La ville compte 1 200 bus et des vélos.", "velos")
    # a share given after the population it counts
    assert counts_of("Parmi les abonnés, 62 % prennent le bus.", "abonnes")
    assert not counts_of("Parmi les abonnés, beaucoup prennent le bus en 2020.", "abonnes")
    # the noun as a word of its own: « désabonnés » counts no « abonnés »
    assert not counts_of("Parmi les désabonnés, 62 % reprennent le bus.", "abonnes")
    # an English counted noun finds its French cognate, a French noun is read whole
    # « le nombre de X » then its figure, a year not being one
    assert counts_of("Le nombre de vélos est passé de 800 à 1 200.", "velos")
    assert counts_of("Le nombre d’abonnés atteint 1 200 en 2020.", "abonnes")
    assert not counts_of("Le nombre d’abonnés a doublé depuis 2019.", "abonnes")
    assert counts_of("Le plan compte 12 priorités.", "priorities", english=True)
    assert counts_of("La ville lance 4 projets.", "projects", english=True)
    assert not counts_of("La ville lance 4 projets.", "projects")


def test_a_count_in_brackets_after_another_name_is_that_names() -> None:
    sentence = (
        "Deux clubs sont agréés, ALPHA (12 terrains et 80 entraîneurs) et Bêta Sport "
        "(qui se dit pionnier du foot en salle)."
    )
    assert not counts_of(sentence, "entraineurs", names=frozenset({"beta", "sport"}))
    assert counts_of(sentence, "entraineurs", names=frozenset({"alpha"}))
    assert counts_of(sentence, "entraineurs")  # no name asked: any count counts
    # the question's name is not in the sentence: the count may be said of it otherwise
    assert counts_of(sentence, "entraineurs", names=frozenset({"gamma"}))
    # a count outside the brackets is the sentence's own; brackets after a common noun
    # (« terrains (…) ») are no name's
    assert counts_of("Bêta Sport compte 40 entraîneurs.", "entraineurs", names=frozenset({"beta"}))
    assert counts_of(
        "Bêta Sport a ouvert des terrains (80 entraîneurs y travaillent).",
        "entraineurs",
        names=frozenset({"beta"}),
    )


def test_approximate_counts_and_number_words_count_the_noun() -> None:
    # an approximate count is a noun taking « de », often elided (« d’ateliers »)
    assert counts_of("Le festival a réuni une quarantaine d’ateliers.", "ateliers")
    assert counts_of("Le fonds soutient plus d’un millier de clubs.", "clubs")
    assert counts_of("La moitié des écoles ferment le mercredi.", "ecoles")
    assert counts_of("Quatorze navettes relient les deux rives.", "navettes")
    assert not counts_of("Une quarantaine de bénévoles gèrent les ateliers.", "ateliers")


@pytest.mark.parametrize(
    ("sentence", "asked", "names", "key"),
    [
        # « qui gère les quais ? »: the whole name, with its acronym
        (
            "Le Syndicat Mixte des Ports (SMP), financé par l’Etat, gère les quais.",
            "gère",
            "",
            "Syndicat Mixte des Ports (SMP)",
        ),
        # « qui finance le SMP ? »: the agent of the passive the question's verb is in
        (
            "Le Syndicat Mixte des Ports (SMP), financé par l’Etat, gère les quais.",
            "financé",
            "SMP",
            "Etat",
        ),
        # the name the question uses is its topic, not who: « qui a financé le projet ALPHA ? »
        (
            "Le projet ALPHA a été financé par la Fondation Martin.",
            "financé",
            "ALPHA",
            "Fondation Martin",
        ),
        (
            "La Maison BETA accueille un projet financé par l’Union européenne.",
            "financé",
            "",
            "Union européenne",
        ),
    ],
)
def test_the_key_phrase_of_a_who_question_is_the_name_asked_for(
    sentence: str, asked: str, names: str, key: str
) -> None:
    a, b = key_phrase(
        sentence,
        "agent",
        None,
        lambda text: float(asked in text),
        names=frozenset(ANALYZER.terms(names)),
        common=frozenset({"le", "la"}),  # written in lower case elsewhere: « Le X » is no name
    )
    assert sentence[a:b] == key


def test_a_fraction_written_in_words_is_emphasised_with_what_it_counts() -> None:
    sentence = "Les trois quarts des abonnés prennent le bus."
    a, b = key_phrase(sentence, "share", None, lambda t: float("abonnés" in t))
    assert sentence[a:b] == "trois quarts des abonnés"


def test_an_approximate_count_is_a_number_and_its_own_key_phrase() -> None:
    sentence = "Depuis son ouverture, la halle a accueilli une cinquantaine d’artisans."
    assert sentence_facts(sentence).holds("number")
    assert not sentence_facts("La halle accueille les artisans du quartier.").holds("number")
    a, b = key_phrase(sentence, "quantity", "artisans", lambda _t: 0.0)
    assert sentence[a:b] == "une cinquantaine d’artisans"
    sentence = "Le réseau compte plus d’un millier de bornes."
    a, b = key_phrase(sentence, "quantity", "bornes", lambda _t: 0.0)
    assert sentence[a:b] == "plus d’un millier de bornes"


# ----------------------------------------------------------------------------------------
# clause-level notes


def test_each_marker_supports_the_clause_it_follows() -> None:
    sentence = "Deux clubs jouent ici, le club ALPHA (300 membres) et le club BETA (qui recrute)."
    alpha = sentence.index(" (300")
    beta = sentence.index(" (qui")
    para = Paragraph("d.txt", sentence, ("S",), ((0, 1),), (Marker(alpha, 4), Marker(beta, 5)))
    doc = Document("d.txt", "0", (), (para,), (), ())
    chunk = Chunk(
        "c", "d.txt", 1, (1,), ("S",), sentence, (4, 5), (Sentence(0, len(sentence), 1, (4, 5)),)
    )
    clauses = {c.number: sentence[c.start : c.end] for c in note_clauses([chunk], {"d.txt": doc})}
    assert clauses[4] == "Deux clubs jouent ici, le club ALPHA (300 membres)"
    assert clauses[5] == "et le club BETA (qui recrute)"


# ----------------------------------------------------------------------------------------
# the model file and fitting


def test_the_model_file_round_trips(tmp_path: Path) -> None:
    model = _model(judge_intercept=0.3, threshold=0.42)
    path = tmp_path / "m.json"
    model.save(path)
    again = load_model(path)
    assert again.threshold == pytest.approx(0.42) and again.data_sha256 == "0" * 64
    rows = [[0.1] * len(CANDIDATE_FEATURES), [0.9] * len(CANDIDATE_FEATURES)]
    assert np.allclose(again.ranker.probabilities(rows), model.ranker.probabilities(rows))
    path.write_text(json.dumps({"format": 99}))
    with pytest.raises(SanteqaError, match="answer model"):
        load_model(path)


def test_the_packaged_model_loads_and_names_its_data() -> None:
    model = load_model()
    assert model.ranker.features == CANDIDATE_FEATURES
    assert model.judge.features == QUESTION_FEATURES
    if model.reordered_ranker is not None:
        assert model.reordered_ranker.features == CANDIDATE_FEATURES
    assert len(model.data_sha256) == 64 and 0.0 < model.threshold < 1.0


def test_trees_score_as_scikit_learn_does() -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(int)
    fit = GradientBoostingClassifier(n_estimators=20, max_depth=3).fit(x, y)
    trees = Trees.from_json(
        json.loads(json.dumps(Trees.from_sklearn(fit, ("a", "b", "c")).to_json()))
    )
    assert np.allclose(trees.probabilities(x.tolist()), fit.predict_proba(x)[:, 1], atol=1e-5)


def test_fitting_on_literal_gold_questions(index: LoadedIndex, tmp_path: Path) -> None:
    def gold(i: int, question: str, answer: str | None) -> Gold:
        return tiny_gold(f"x{i}", question, *((answer,) if answer else ()))

    golds = [
        gold(1, "Qui dirige le projet ?", "Claire Dubois"),
        gold(2, "Combien de téléconsultations ?", "12 500 téléconsultations"),
        gold(3, "Quel est le budget du programme ?", "3 millions d’euros"),
        gold(4, "Quelles sont les étapes du déploiement ?", "installer des cabines"),
        gold(5, "Que veut dire ARS ?", "Agence Régionale de Santé"),
        gold(6, "Quelle est la recette du cidre ?", None),
        gold(7, "Qui a gagné la course cycliste ?", None),
        gold(8, "Combien coûte un ticket de bus ?", None),
    ] * 2
    res = AnswerResources.of(index)
    examples = train.collect(
        index, res, golds, FakeEmbedder().embed_queries, depth=10, rrf_k=60, fusion=_fusion()
    )
    assert any(any(e.labels) for e in examples if e.gold.answerable)
    reorder = Reordering(index, res)
    model = train.fit(
        examples, sha256="f" * 64, names=("literal.jsonl",), inner_k=2, reorder=reorder
    )
    assert model.ranker.features == CANDIDATE_FEATURES and 0.0 <= model.threshold <= 1.0
    results = train.cv_results(index, res, examples, folds=2, top_k=3)
    assert len(results) == len(golds)
    assert all(r.abstained == (r.answer is None) for _g, r in results)
    # how it was fitted travels with the file, and another fitting choice is taken
    assert dict(model.fitted_with)["ranker_c"] == train.FitOptions().ranker_c
    saved = tmp_path / "model.json"
    model.save(saved)
    assert load_model(saved).fitted_with == model.fitted_with
    options = train.FitOptions(neighbour_margin=1.0, max_false_abstain=0.0)
    other = train.fit(
        examples, sha256="f" * 64, names=(), inner_k=2, options=options, reorder=reorder
    )
    assert other.neighbour_margin == 1.0 and dict(other.fitted_with)["max_false_abstain"] == 0.0
    with pytest.raises(ValueError, match="unknown ranker"):
        train.fit(
            examples,
            sha256="f",
            names=(),
            options=train.FitOptions(ranker="forest"),
            reorder=reorder,
        )


def _fusion():  # type: ignore[no-untyped-def]
    from santeqa.tunables import Fusion

    return Fusion()


def _two_sentence_choice(parts: int, repeat: int = 12) -> str:
    """Quote sentence 0 of a passage of two long sentences, both nearly as likely (each
    about 30 × ``repeat`` characters)."""
    first = "Le musée a ouvert ses portes au printemps " + "après des années de travaux " * repeat
    second = (
        "Il accueille désormais deux cent mille visiteurs " + "venus de toute la région " * repeat
    )
    asked = Asked(kind=None, source=False, english=False, counted=None, parts=parts)
    answer, _highlight = _quote_first(
        chunk_of(first + ".", second + "."), asked, "muse", [0.6, 0.5]
    )
    return answer.text


def _quote_first(chunk: Chunk, asked: Asked, term: str, probs: list[float]) -> tuple[Any, Any]:
    """``_quote`` of a one-passage index, its first sentence chosen among all of them
    (``probs``), for a question asking ``asked`` with the one salient ``term``."""
    from types import SimpleNamespace

    from santeqa.qa.answer import _quote
    from santeqa.qa.features import Evidence

    idx = SimpleNamespace(
        chunks=[chunk],
        footnotes_of=lambda chunk, numbers=None: [],
        sentence_terms=[
            frozenset(ANALYZER.terms(sentence_text(chunk, k))) for k in range(len(chunk.sentences))
        ],
        sentence_rows=lambda row: range(len(chunk.sentences)),
    )
    empty = np.zeros(0, dtype=np.float32)
    ev = Evidence(
        asked=asked,
        weights={term: 1.0},
        counted_stem=None,
        names=frozenset(),
        sentence_dense=empty,
        chunk_dense=empty,
        lexical=empty,
    )
    # no feature but the ranker's: the sentences are told apart by their log-odds alone
    blank = (0.0,) * len(CANDIDATE_FEATURES)
    cands = [Candidate(0, 0, j, blank) for j in range(len(probs))]
    return _quote(idx, ev, cands, probs, 0, margin=3.0)  # type: ignore[arg-type]


def test_a_question_asking_two_things_may_quote_two_long_sentences() -> None:
    # two sentences of about 380 characters: together beyond the joined limit
    one = _two_sentence_choice(parts=1)
    two = _two_sentence_choice(parts=2)
    assert len(one) <= MAX_SPAN_CHARS and "visiteurs" not in one
    assert "visiteurs" in two and len(two) <= 2 * MAX_SPAN_CHARS


def test_two_likely_sentences_are_quoted_whole_up_to_the_joined_limit() -> None:
    # two sentences of about 260 characters: over MAX_SPAN_CHARS together, within the joined limit
    both = _two_sentence_choice(parts=1, repeat=8)
    assert "visiteurs" in both and "musée" in both
    assert MAX_SPAN_CHARS < len(both) <= MAX_JOINED_CHARS


def test_the_key_phrase_is_in_the_quoted_sentence_holding_the_kind_asked() -> None:
    # « quel montant a reçu le projet Alpha ? »: the sentence naming Alpha is chosen, the
    # amount stands in the next one, quoted with it
    chunk = chunk_of(
        "Le projet Alpha a été retenu par la région.",
        "Doté de 4 millions d’euros, il forme des élèves.",
    )
    asked = Asked(kind="money", source=False, english=False, counted=None, parts=1)
    answer, highlight = _quote_first(chunk, asked, "alpha", [0.6, 0.5])
    assert "Doté" in answer.text and highlight is not None
    assert answer.text[highlight[0] : highlight[1]] == "4 millions d’euros"
    # nothing asked that the sentence could hold: the chosen sentence keeps the key phrase
    asked = Asked(kind=None, source=False, english=False, counted=None, parts=1)
    answer, highlight = _quote_first(chunk, asked, "alpha", [0.6, 0.5])
    assert highlight is not None and answer.text[highlight[0] : highlight[1]].startswith("Le")


def test_a_chosen_sentence_holding_a_figure_keeps_the_key_phrase() -> None:
    # « combien d'abonnés prennent le bus ? »: the chosen share leaves its counted noun implied;
    # the next sentence's count of the noun does not take the key phrase from it
    chunk = chunk_of(
        "Parmi eux, 62 % prennent le bus chaque jour.",
        "La ligne compte 4 000 abonnés depuis mai.",
    )
    asked = Asked(kind="quantity", source=False, english=False, counted="abonnes", parts=1)
    answer, highlight = _quote_first(chunk, asked, "bus", [0.6, 0.5])
    assert "4 000" in answer.text and highlight is not None
    assert answer.text[highlight[0] : highlight[1]] == "62 %"


def test_a_sentence_announcing_the_asked_thing() -> None:
    from santeqa.qa.features import announces

    assert announces("Le plan comporte pour sa part 4 volets :", "volets")
    assert announces("Elle touche différents publics : élèves, parents.", "publics")
    assert announces("Les horaires suivants s’appliquent :", "horaires")
    assert not announces("Le plan comporte 4 volets.", "volets")
    assert not announces("Les horaires changent en été : voir le site.", "tarifs")
    assert not announces("Le plan comporte 4 volets :", None)
    # a count before the colon says what is enumerated
    assert not announces("L'école pilote 2 ateliers de l'appel « métiers d'art » :", "métiers")
    assert announces("La charte 2021-2026 fixe 6 règles :", "règles")
    # the noun as a word of its own, not the inside of another (« information » holds no
    # « forme »)
    assert not announces("Le réseau offre un système d’information partagé :", "forme")
    assert announces("Le réseau prend plusieurs formes juridiques :", "forme")
    # the noun's complement names another thing than the question's: « quel rôle auront les
    # écoles ? » is not announced by « … le rôle des musées : »
    lead_in = "Reste à préciser le rôle des musées : acteurs ou témoins ?"
    schools = frozenset(ANALYZER.terms("Quel rôle auront les écoles ?"))
    museums = frozenset(ANALYZER.terms("Quel rôle auront les musées ?"))
    assert not announces(lead_in, "rôle", schools)
    assert announces(lead_in, "rôle", museums)
    assert announces(lead_in, "rôle")  # the question's words not given
    # the asked noun is itself the complement of another noun the question does not hold:
    # « quels musées … ? » is not announced by « … le rôle des musées : »
    which_museums = frozenset(ANALYZER.terms("Quels musées de la ville prêtent des tableaux ?"))
    assert not announces(lead_in, "musées", which_museums)
    assert announces(lead_in, "musées", museums)  # « quel rôle … musées » holds « rôle »
    assert announces("Voici la liste des musées partenaires :", "musées", which_museums)


def test_an_enumeration_is_announced_for_a_question_asking_for_things_not_a_figure() -> None:
    from santeqa.qa.features import announces_asked
    from santeqa.qa.question import asked

    lead_in = "Le plan comporte pour sa part 3 volets :"
    assert announces_asked(lead_in, asked("Quels sont les volets du plan ?"))
    # « part » asks for a share: the lead-in's « pour sa part » announces no share
    assert not announces_asked(lead_in, asked("Quelle part des volets est achevée ?"))


def test_a_common_noun_of_organisation_before_a_name_is_an_organisation() -> None:
    assert sentence_facts("Le service a été confié à la société Brindille.").holds("organisation")
    assert sentence_facts("Les start-ups Alpha et Beta exposent.").holds("organisation")


def test_two_capitalised_common_words_are_no_person() -> None:
    from santeqa.qa.facts import kind_spans

    # words the text around writes in lower case, folded
    common = frozenset({"en", "le", "musee", "ouvre", "reseau", "medical", "selon"})
    place = "En Bretagne, le musée ouvre."
    network = "Le Réseau Médical couvre la ville."
    named = "Selon Jeanne Martin, le musée ouvre."
    assert not sentence_facts(place, common).holds("person")
    assert not sentence_facts(network, common).holds("person")
    assert sentence_facts(named, common).holds("person")
    assert kind_spans(named, "person", common) == [(6, 19)]
    assert kind_spans(place, "person", common) == []
    # without the text's words, the pattern alone as before
    assert sentence_facts(place).holds("person")


def test_whoever_acts_is_a_person_or_an_organisation() -> None:
    from santeqa.qa.facts import kind_spans

    funded = "La rénovation est financée par la Région et par M. Durand."
    assert sentence_facts(funded).holds("agent")
    spans = [funded[a:b] for a, b in kind_spans(funded, "agent")]
    assert "Région" in spans and any(s.startswith("M.") for s in spans)
    assert not sentence_facts("La rénovation est financée depuis longtemps.").holds("agent")
    assert not sentence_facts("Le service a été confié à une société locale.").holds("organisation")


def test_a_duration_written_in_words_is_a_duration() -> None:
    assert sentence_facts("Le chantier a duré quinze mois.").holds("duration")
    assert sentence_facts("L’essai se poursuit pendant un an.").holds("duration")
    assert not sentence_facts("Le chantier a pris du retard.").holds("duration")


def _lead_in_choice(kind: str | None, counted: str | None) -> str:
    """The key phrase of a quoted lead-in (chosen) and its two items (less likely)."""
    chunk = chunk_of(
        "Le syndicat gère 2 déchetteries :",
        "• la déchetterie du port, ouverte le samedi ;",
        "• la déchetterie des Hauts, ouverte le dimanche.",
    )
    asked = Asked(kind=kind, source=False, english=False, counted=counted)
    answer, highlight = _quote_first(chunk, asked, "decheter", [0.9, 0.6, 0.5])
    assert highlight is not None
    return answer.text[highlight[0] : highlight[1]]


def test_a_lead_in_holding_the_count_asked_is_its_own_key_phrase() -> None:
    assert _lead_in_choice("quantity", "déchetteries") == "2 déchetteries"
    # asked for the items, the likeliest one is the key phrase
    assert _lead_in_choice("list", None).startswith("la déchetterie du port")


def test_a_count_is_read_with_de_as_a_word_only() -> None:
    sentence = "Environ 2 000 élèves devraient rejoindre les 12 lycées."
    a, b = key_phrase(sentence, "quantity", "élèves", lambda _t: 0.0)
    assert sentence[a:b] == "Environ 2 000 élèves"


@pytest.mark.parametrize(
    ("asked", "key"), [("retraités", "35 %"), ("enfants", "40 %"), ("citadins", "20 %")]
)
def test_a_share_given_in_an_aside_is_told_by_the_words_before_it(asked: str, key: str) -> None:
    # « quelle part des remboursements concerne des retraités ? »
    sentence = (
        "La mutuelle rembourse surtout des soins (en majorité pour des enfants -pour 40 %- et "
        "des retraités -pour 35 %- et citadins -pour 20 %- et pour le reste, des cas rares)."
    )
    a, b = key_phrase(sentence, "share", None, lambda t: float(asked in t))
    assert sentence[a:b] == key


def test_a_counted_figure_is_told_apart_by_words_its_subject_does_not_hold() -> None:
    # « combien de salariés saisonniers le réseau régional emploie-t-il ? »
    sentence = (
        "Le réseau régional emploie 300 salariés permanents et 80 salariés saisonniers "
        "(soit le tiers des salariés du réseau régional des gîtes)."
    )
    words = ("réseau", "régional", "emploie", "salariés", "saisonniers")

    def score(text: str) -> float:
        return float(sum(text.count(w) for w in words))

    a, b = key_phrase(sentence, "quantity", "salariés", score)
    assert sentence[a:b] == "80 salariés"


def test_a_name_asked_begins_with_the_capitalised_words_before_its_head() -> None:
    from santeqa.qa.spans import _name_starts

    s = "Soutenu par Côte Fleurie Agglomération, le projet ouvre en mai."
    assert s[_name_starts(s, s.index("Agglomération")) :].startswith("Côte Fleurie Agglomération")
    # an article or a preposition opening the sentence is no part of the name
    t = "Par Agglomération Nord, la ligne est prolongée."
    assert _name_starts(t, t.index("Agglomération")) == t.index("Agglomération")


def test_a_follow_ups_context_weighs_less_and_names_nothing_required(index: LoadedIndex) -> None:
    """« Qui le finance ? — le projet Tessan »: the context is what the conversation is about,
    which the answering sentence need not repeat."""
    res = AnswerResources.of(index)
    text = "Qui dirige le comité ? — le projet Pégase"
    what, q = read_question(index, res, text, ANALYZER)
    s = score(index, q, FakeEmbedder().embed_queries([q.expanded])[0])
    full = evidence(index, what, q.text, q.terms, s, ANALYZER, context_weight=1.0)
    halved = evidence(index, what, q.text, q.terms, s, ANALYZER, context_weight=0.5)
    own = set(ANALYZER.terms("Qui dirige le comité ?"))
    context = [t for t in full.weights if t not in own]
    assert context and all(halved.weights[t] == full.weights[t] / 2 for t in context)
    assert all(halved.weights[t] == full.weights[t] for t in full.weights if t in own)
    assert not full.names & set(ANALYZER.terms("Pégase"))  # the context's name is not required
    alone = evidence(index, what, "Qui dirige le projet Pégase ?", q.terms, s, ANALYZER)
    assert set(ANALYZER.terms("Pégase")) <= alone.names
    typed = evidence(index, what, q.text, q.terms, s, ANALYZER)  # no conversation: read whole
    assert typed.weights == full.weights and set(ANALYZER.terms("Pégase")) <= typed.names
    # the context is no second thing asked, however it reads
    assert what.parts == 2 and full.parts_asked == halved.parts_asked == 1


def test_what_an_ellipsis_brings_keeps_its_weight(index: LoadedIndex) -> None:
    """« Et pour le comité ? » written into « Qui dirige le projet Pégase pour le comité ? »:
    the answer must be about the committee; the earlier question's words are its context."""
    res = AnswerResources.of(index)
    text = "Qui dirige le projet Pégase pour le comité ?"
    what, q = read_question(index, res, text, ANALYZER)
    s = score(index, q, FakeEmbedder().embed_queries([q.expanded])[0])
    whole = evidence(index, what, q.text, q.terms, s, ANALYZER, context_weight=0.5)
    brought = evidence(
        index, what, q.text, q.terms, s, ANALYZER, context_weight=0.5, brought="pour le comité"
    )
    own = set(ANALYZER.terms("le comité"))
    assert own and all(brought.weights[t] == whole.weights[t] for t in own)
    earlier = [t for t in whole.weights if t not in own]
    assert earlier and all(brought.weights[t] == whole.weights[t] / 2 for t in earlier)
    assert set(ANALYZER.terms("Pégase")) <= brought.names  # its names are still required


def test_a_follow_ups_own_words_say_what_it_asks(index: LoadedIndex) -> None:
    """« Combien d'élèves … ? — le montant de l'aide … »: the context is the earlier
    question's subject; its « montant » does not make a count into an amount."""
    res = AnswerResources.of(index)
    text = "Combien d'élèves seront formés en 2027 ? — le montant de l'aide au projet Pégase"
    followed, _q = read_question(index, res, text, ANALYZER, followed=True)
    assert followed.kind == "quantity"
    typed, _q = read_question(index, res, text, ANALYZER)  # no conversation: read whole
    assert typed.kind == "money"
    # own words asking no kind: the context's reading stands
    bare = "Et pour Pégase ? — le montant de l'aide au projet"
    assert read_question(index, res, bare, ANALYZER, followed=True)[0].kind == "money"


ASKING_PAGES = [
    [
        "Le temps des soignants",
        "",
        "Les robots libèrent du temps. Mais à quoi servira le temps gagné par les soignants ? "
        "Le temps gagné ira aux patients des soignants.",
    ]
]


def test_a_question_the_text_asks_is_never_the_answer(tmp_path: Path) -> None:
    # the text's own question shares every word of the reader's, and states nothing
    index = load_index(tiny_index(tmp_path, report(*ASKING_PAGES)).index_dir, None).index
    a = _choose(index, "À quoi servira le temps gagné par les soignants ?").answer
    assert a is not None
    assert "?" not in a.text and "patients" in a.text


def test_the_items_of_one_lead_in_are_told_apart_by_what_each_says() -> None:
    from santeqa.qa.answer import _own_scores

    def item(sentence: int, cov: float, sim: float) -> Candidate:
        values = [0.0] * len(CANDIDATE_FEATURES)
        values[CANDIDATE_FEATURES.index("cov")] = cov
        values[CANDIDATE_FEATURES.index("sim")] = sim
        return Candidate(0, 0, sentence, tuple(values), "", frozenset())

    # the first item is likelier to the ranker (its window holds the lead-in's words), the
    # second holds the question's own words (« Lequel porte sur la poterie ? »)
    cands = [item(1, 0.1, 0.80), item(2, 0.4, 0.85), item(3, 0.0, 0.70)]
    scores = _own_scores(cands, 0, {1: 6.9, 2: 6.2, 3: 1.0})
    assert max(scores, key=scores.__getitem__) == 2
    # the log-odds only break a tie
    tied = _own_scores([item(1, 0.2, 0.8), item(2, 0.2, 0.8)], 0, {1: 1.0, 2: 2.0})
    assert tied[2] > tied[1]


def test_an_item_asked_by_its_rank_is_the_likeliest_of_its_list() -> None:
    from santeqa.qa.answer import _nth_item_first

    chunk = chunk_of(
        "Le plan poursuit deux objectifs :",
        "• Ouvrir les musées le soir ;",
        "• Former les guides.",
        "Il est financé par la ville.",
    )
    scores = {0: 0.9, 1: 0.8, 2: 0.1}
    assert max((s, k) for k, s in _nth_item_first(chunk, 0, scores, 2).items())[1] == 2
    assert max((s, k) for k, s in _nth_item_first(chunk, 1, scores, -1).items())[1] == 2
    assert max((s, k) for k, s in _nth_item_first(chunk, 0, scores, 1).items())[1] == 1
    # no rank asked, a rank beyond the list, or a sentence in no list: as they were
    assert _nth_item_first(chunk, 0, scores, None) == scores
    assert _nth_item_first(chunk, 0, scores, 3) == scores
    assert _nth_item_first(chunk, 3, scores, 2) == scores


def test_en_in_a_follow_up_counts_what_its_context_counted() -> None:
    text = "Et la seconde, elle en a combien ? — Combien de vélos pour la première boutique ?"
    asked = _asked_of(text, followed=True)
    assert asked.kind == "quantity" and asked.counted == "velos"
    # its own noun counted stays its own
    own = _asked_of("Combien de casques a-t-elle ? — Combien de vélos pour la boutique ?", True)
    assert own.counted == "casques"
