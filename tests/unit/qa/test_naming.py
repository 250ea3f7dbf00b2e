"""The post-ranker rules that read what a sentence names (``qa.naming``), on tiny literal
reports with the fake embedder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from santeqa.embed import FakeEmbedder
from santeqa.index import LoadedIndex, load_index
from santeqa.qa.answer import AnswerResources, evidence, read_question
from santeqa.qa.features import CANDIDATE_FEATURES, Candidate
from santeqa.qa.naming import (
    DEFINED_TERM_REACH,
    Ranked,
    _paragraph_before,
    beyond_a_title,
    dated_alike,
    defined_before,
    defines_in_place,
    giving_the_cause,
    holding_the_kind,
    names_described,
    naming,
    naming_the_asked_noun,
    naming_the_defined_term,
    quoting_the_figure,
)
from santeqa.qa.question import Asked
from santeqa.qa.retrieve import score
from santeqa.text import Analyzer
from tests.tiny import FUNDING, GLOSSARY, OPENING, REGION_NOTE, report, tiny_index

ANALYZER = Analyzer()


NAMED_AFTER = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "La pépinière de la ville aide des jeunes entreprises de santé, de sport et de",
        "robotique. Elle en a suivi une trentaine. KINEBOT conçoit des exosquelettes pour",
        "la rééducation des patients.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_nearly_as_likely_sentence_holding_the_name_asked_is_chosen(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path, report(*NAMED_AFTER)).index_dir, None).index
    question = "Que conçoit la jeune entreprise KINEBOT de la ville ?"
    res = AnswerResources.of(index)
    what, q = read_question(index, res, question, ANALYZER)
    s = score(index, q, FakeEmbedder().embed_queries([q.expanded])[0])
    ev = evidence(index, what, q.text, q.terms, s, ANALYZER)
    row = next(i for i, c in enumerate(index.chunks) if "KINEBOT" in c.text)
    texts = [index.chunks[row].text[t.start : t.end] for t in index.chunks[row].sentences]
    first = next(j for j, t in enumerate(texts) if t.startswith("La pépinière"))
    cands = [Candidate(0, row, j, (), texts[j]) for j in (first, first + 2)]
    assert texts[first + 2].startswith("KINEBOT")
    # the likeliest sentence and its neighbours do not name KINEBOT: one 1.0 less likely in
    # log-odds does
    probs = [0.8, 0.6]
    assert naming(Ranked(index, ev, cands, probs, 2.5), 0) == 1
    assert naming(Ranked(index, ev, cands, probs, 0.5), 0) == 0  # beyond the margin
    # a question naming nothing in capitals keeps the likeliest
    plain = evidence(index, what, "Que conçoit-elle ?", q.terms, s, ANALYZER)
    assert naming(Ranked(index, plain, cands, probs, 2.5), 0) == 0


NAMED_EARLIER = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "La région souligne le projet KINEBOT retenu par l'appel à projets des ateliers de",
        "rééducation. Doté de deux millions d'euros, ce programme équipe les centres de",
        "soins de la côte et de l'arrière-pays. Trente heures de formation seront données",
        "aux kinésithérapeutes. Environ 300 patients devraient en profiter dès la première",
        "année du programme.",
        "",
        "Les ateliers ouvrent le lundi et le jeudi dans chaque centre.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_name_written_earlier_in_the_paragraph_is_held(tmp_path: Path) -> None:
    # small passages, so that the paragraph runs over two of them
    settings = tiny_index(tmp_path, report(*NAMED_EARLIER), chunk_words=20, chunk_max_words=30)
    index = load_index(settings.index_dir, None).index
    row = next(i for i, c in enumerate(index.chunks) if "Environ 300 patients" in c.text)
    chunk = index.chunks[row]
    assert "KINEBOT" not in chunk.text  # named in the passage before only
    texts = [chunk.text[t.start : t.end] for t in chunk.sentences]
    j = next(j for j, t in enumerate(texts) if t.startswith("Environ 300"))
    assert "kinebot" in _paragraph_before(index, row, j)
    # another paragraph does not borrow it
    row2 = next(i for i, c in enumerate(index.chunks) if "Les ateliers ouvrent" in c.text)
    texts2 = [index.chunks[row2].text[t.start : t.end] for t in index.chunks[row2].sentences]
    j2 = next(j for j, t in enumerate(texts2) if t.startswith("Les ateliers ouvrent"))
    assert "kinebot" not in _paragraph_before(index, row2, j2)


def _evidence_of(index: LoadedIndex, question: str) -> Any:
    """The evidence the answer step reads for ``question`` on a tiny index."""
    what, q = read_question(index, AnswerResources.of(index), question, ANALYZER)
    s = score(index, q, FakeEmbedder().embed_queries([q.expanded])[0])
    return evidence(index, what, q.text, q.terms, s, ANALYZER)


def _candidate_at(index: LoadedIndex, start: str, **features: float) -> Candidate:
    """The candidate sentence of ``index`` that starts with ``start``, with these features
    (the others 0)."""
    row = next(i for i, c in enumerate(index.chunks) if start in c.text)
    texts = [index.chunks[row].text[t.start : t.end] for t in index.chunks[row].sentences]
    j = next(j for j, t in enumerate(texts) if t.startswith(start))
    values = [0.0] * len(CANDIDATE_FEATURES)
    for name, value in features.items():
        values[CANDIDATE_FEATURES.index(name)] = value
    return Candidate(0, row, j, tuple(values), texts[j])


ASKED_NOUN_AFTER = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le club de lecture de la ville veut garder ses membres. Ceci suppose :",
        "• d’ouvrir le club de lecture le samedi ;",
        "• d’offrir un livre à chaque nouveau membre.",
        "",
        "Les motifs cités par ceux qui quittent le club sont le manque de temps, l’éloignement",
        "et le prix.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_list_not_about_the_asked_noun_gives_way_to_a_sentence_naming_it(
    tmp_path: Path,
) -> None:
    index = load_index(tiny_index(tmp_path, report(*ASKED_NOUN_AFTER)).index_dir, None).index

    def evidence_of(question: str) -> Any:
        return _evidence_of(index, question)

    def candidate(start: str, cov_window: float) -> Candidate:
        return _candidate_at(index, start, cov_window=cov_window)

    ev = evidence_of("Quels motifs donnent ceux qui quittent le club de lecture ?")
    assert ev.asked.kind == "list" and ev.target_stem is not None
    item, motifs = candidate("• d’ouvrir", 0.3), candidate("Les motifs", 0.5)
    probs = [0.8, 0.6]  # the item 1.0 more likely in log-odds
    assert naming_the_asked_noun(Ranked(index, ev, [item, motifs], probs, 2.5), 0) == 1
    assert naming_the_asked_noun(Ranked(index, ev, [item, motifs], probs, 0.5), 0) == 0
    # covering less of the question, the sentence naming the noun does not win
    narrow = candidate("Les motifs", 0.1)
    assert naming_the_asked_noun(Ranked(index, ev, [item, narrow], probs, 2.5), 0) == 0
    # a sentence of running text that does not name it gives way too, and so it does for a
    # question asking for one thing
    opening = candidate("Le club de lecture", 0.3)
    assert naming_the_asked_noun(Ranked(index, ev, [opening, motifs], probs, 2.5), 0) == 1
    one = evidence_of("Quel motif donnent ceux qui quittent le club de lecture ?")
    assert naming_the_asked_noun(Ranked(index, one, [item, motifs], probs, 2.5), 0) == 1
    # a chosen sentence naming the noun stays
    assert naming_the_asked_noun(Ranked(index, one, [motifs, item], [0.8, 0.9], 2.5), 0) == 0
    # a source question is left alone
    cited = evidence_of("Quelle source cite les motifs de ceux qui quittent le club ?")
    assert cited.asked.source
    assert naming_the_asked_noun(Ranked(index, cited, [item, motifs], probs, 2.5), 0) == 0


def test_a_quel_noun_is_named_by_a_noun_of_the_same_kind(tmp_path: Path) -> None:
    """« Quelle entreprise … ? » is answered by a text naming « la société X »."""
    index = load_index(tiny_index(tmp_path, report(*ASKED_NOUN_AFTER)).index_dir, None).index
    company = _evidence_of(index, "Quelle entreprise gère le club de lecture ?")
    assert company.target_stem in company.target_stems
    assert set(ANALYZER.terms("société firme")) <= company.target_stems
    other = _evidence_of(index, "Quel motif donnent ceux qui quittent le club ?")
    assert other.target_stems == {other.target_stem}
    # an English question about the French text: its company is the text's « société »
    english = _evidence_of(index, "Which company runs the reading club?")
    assert set(ANALYZER.terms("société entreprise")) <= english.target_stems


KIND_AFTER = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le port de pêche de la ville fait face à la concurrence et donc à :",
        "• moderniser ses quais ;",
        "• former ses dockers.",
        "",
        "Rappelons que le port de pêche serait le 4ème port de la côte par ses prises.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_sentence_without_the_kind_asked_gives_way_to_one_holding_it(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path, report(*KIND_AFTER)).index_dir, None).index
    ev = _evidence_of(index, "À quel rang se classe le port de pêche de la ville ?")
    assert ev.asked.kind == "rank"
    lead_in = _candidate_at(index, "Le port de pêche", cov_window=0.4)
    ranked = _candidate_at(index, "Rappelons", cov_window=0.5)
    probs = [0.8, 0.6]  # the lead-in 1.0 more likely in log-odds; its items hold no rank
    assert holding_the_kind(Ranked(index, ev, [lead_in, ranked], probs, 2.5), 0) == 1
    assert holding_the_kind(Ranked(index, ev, [lead_in, ranked], probs, 0.5), 0) == 0
    # covering less of the question, the sentence holding a rank does not win
    narrow = _candidate_at(index, "Rappelons", cov_window=0.1)
    assert holding_the_kind(Ranked(index, ev, [lead_in, narrow], probs, 2.5), 0) == 0
    # nearly as much (``AnswerShape.kind_holder_coverage_share`` of it) is enough
    near = _candidate_at(index, "Rappelons", cov_window=0.38)
    assert holding_the_kind(Ranked(index, ev, [lead_in, near], probs, 2.5), 0) == 1
    # a question asking no kind a sentence visibly holds is left alone
    plain = _evidence_of(index, "Que doit faire le port de pêche de la ville ?")
    assert holding_the_kind(Ranked(index, plain, [lead_in, ranked], probs, 2.5), 0) == 0


DEFINED_BEFORE = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le Conservatoire des Graines Normandes (CGN) est la banque publique qui garde les",
        "semences anciennes de la région.",
        "",
        "Le Conservatoire des Graines Normandes, comme vu précédemment, prête ses semences",
        "aux jardins partagés.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_definition_is_quoted_where_it_is_given_not_where_it_is_recalled(
    tmp_path: Path,
) -> None:
    index = load_index(tiny_index(tmp_path, report(*DEFINED_BEFORE)).index_dir, None).index

    def evidence_of(question: str) -> Any:
        return _evidence_of(index, question)

    def candidate(start: str, defining: bool) -> Candidate:
        return _candidate_at(index, start, definition_defining=float(defining), cov=0.5)

    ev = evidence_of("Qu'est-ce que le Conservatoire des Graines Normandes ?")
    assert ev.asked.kind == "definition"
    recalled = candidate("Le Conservatoire des Graines Normandes, comme vu", False)
    defined = candidate("Le Conservatoire des Graines Normandes (CGN) est", True)
    probs = [0.8, 0.6]  # the reminder 1.0 more likely in log-odds
    assert defined_before(Ranked(index, ev, [recalled, defined], probs, 2.5), 0) == 1
    assert defined_before(Ranked(index, ev, [recalled, defined], probs, 0.5), 0) == 0
    # a question asking for no definition keeps the likeliest
    lends = evidence_of("À qui le Conservatoire des Graines Normandes prête-t-il ses semences ?")
    assert defined_before(Ranked(index, lends, [recalled, defined], probs, 2.5), 0) == 0


def test_a_definition_is_quoted_where_the_term_is_named(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path, report(*DEFINED_BEFORE)).index_dir, None).index
    ev = _evidence_of(index, "Qu'est-ce que la banque publique des semences ?")
    assert ev.asked.defined == "banque publique"
    other = _candidate_at(index, "Le Conservatoire des Graines Normandes, comme vu", cov=0.5)
    named = _candidate_at(index, "Le Conservatoire des Graines Normandes (CGN) est", cov=0.5)
    probs = [0.8, 0.6]  # the sentence without « banque » 1.0 more likely in log-odds
    assert naming_the_defined_term(Ranked(index, ev, [other, named], probs, 2.5), 0) == 1
    assert naming_the_defined_term(Ranked(index, ev, [other, named], probs, 0.25), 0) == 0
    # it reaches twice as far as the other rules: 3.8 below in log-odds, within twice 2.5
    far = [0.99, 0.6868]
    assert DEFINED_TERM_REACH == 2.0
    assert naming_the_defined_term(Ranked(index, ev, [other, named], far, 1.25), 0) == 0
    assert naming_the_defined_term(Ranked(index, ev, [other, named], far, 2.5), 0) == 1
    # the chosen sentence names the term: it stays
    assert naming_the_defined_term(Ranked(index, ev, [named, other], [0.8, 0.9], 2.5), 0) == 0
    # a question that defines nothing keeps the likeliest
    lends = _evidence_of(index, "À qui le Conservatoire prête-t-il ses semences ?")
    assert naming_the_defined_term(Ranked(index, lends, [other, named], probs, 2.5), 0) == 0


IN_PASSING = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Dans le réseau de médiation culturelle de la ville, les musées prêtent des œuvres aux",
        "écoles.",
        "",
        "• La médiation culturelle, conduite par des guides, accompagne les visiteurs.",
        "• La médiation numérique aide les habitants en ligne.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_term_written_in_passing_gives_way_to_a_sentence_it_opens(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path, report(*IN_PASSING)).index_dir, None).index
    ev = _evidence_of(index, "Qu'est-ce que la médiation culturelle ?")
    assert ev.asked.defined == "mediation culturelle"
    passing = _candidate_at(index, "Dans le réseau de médiation culturelle", cov=0.5)
    opening = _candidate_at(index, "• La médiation culturelle, conduite", cov=0.5)
    other = _candidate_at(index, "• La médiation numérique", cov=0.5)
    probs = [0.9, 0.6, 0.6]
    picked = naming_the_defined_term(Ranked(index, ev, [passing, other, opening], probs, 2.5), 0)
    assert picked == 2  # « médiation » alone opens the other item: not the term
    assert naming_the_defined_term(Ranked(index, ev, [passing, opening], probs, 0.5), 0) == 0
    # the chosen sentence opens with the term: it stays
    assert naming_the_defined_term(Ranked(index, ev, [opening, passing], probs, 2.5), 0) == 0


DEFINED_IN_PLACE = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Les jardins de la ville servent un but commun, celui de médiation culturelle qui vise à",
        "rapprocher les habitants.",
        "",
        "On voit déjà que la médiation culturelle, à même de tout changer, devient la norme.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_term_written_in_passing_gives_way_to_a_clause_defining_it(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path, report(*DEFINED_IN_PLACE)).index_dir, None).index
    ev = _evidence_of(index, "Que désigne-t-on par médiation culturelle ?")
    passing = _candidate_at(index, "On voit déjà", cov=0.5)
    defining = _candidate_at(index, "Les jardins de la ville", cov=0.5)
    probs = [0.95, 0.7]
    assert naming_the_defined_term(Ranked(index, ev, [passing, defining], probs, 2.5), 0) == 1
    assert naming_the_defined_term(Ranked(index, ev, [passing, defining], probs, 0.5), 0) == 0
    assert defines_in_place("La médiation culturelle : un métier.", "mediation culturelle")
    assert not defines_in_place("La médiation culturelle, à même de …", "mediation culturelle")


DESCRIBED_THEN_NAMED = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "En ce qui concerne la médiation, la ville en parle dans son rapport annuel.",
        "",
        "Des guides accompagnent les visiteurs vers les œuvres (on parle alors de médiation).",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_description_naming_its_term_after_it_defines_the_term(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path, report(*DESCRIBED_THEN_NAMED)).index_dir, None).index
    ev = _evidence_of(index, "À quoi renvoie la notion de médiation ?")
    assert (ev.asked.kind, ev.asked.defined) == ("definition", "mediation")
    passing = _candidate_at(index, "En ce qui concerne la médiation", cov=0.5)
    named = _candidate_at(index, "Des guides accompagnent", cov=0.5)
    probs = [0.95, 0.7]
    assert naming_the_defined_term(Ranked(index, ev, [passing, named], probs, 2.5), 0) == 1
    assert naming_the_defined_term(Ranked(index, ev, [passing, named], probs, 0.25), 0) == 0
    assert names_described("Il lit (il est question du concept de médiation).", "mediation")
    assert names_described("C'est ce qu'on appelle la médiation.", "mediation")
    assert not names_described("La notion de médiation est large.", "mediation")
    assert not names_described("Des guides (on parle alors de médiation).", None)


SINCE_WHEN = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le nombre de visites de la médiathèque est passé de 800 en 2015 à 9 000 en 2019.",
        "",
        "Les ateliers de lecture sont ouverts aux enfants. Ceux-ci sont gratuits depuis 2016.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_since_when_is_answered_where_since_sets_the_year(tmp_path: Path) -> None:
    """« Depuis quelle année … ? »: « … gratuits depuis 2016 », not « … en 2015 à … en 2019 »."""
    index = load_index(tiny_index(tmp_path, report(*SINCE_WHEN)).index_dir, None).index
    since = _evidence_of(index, "Depuis quelle année les ateliers sont-ils gratuits ?")
    assert since.asked.kind == "date" and since.time_span is not None
    visits, free = _candidate_at(index, "Le nombre de visites"), _candidate_at(index, "Ceux-ci")
    probs = [0.8, 0.6]  # the sentence of « depuis » 1.0 less likely in log-odds
    assert dated_alike(Ranked(index, since, [visits, free], probs, 2.5), 0) == 1
    assert dated_alike(Ranked(index, since, [visits, free], probs, 0.5), 0) == 0  # too far
    # "since when" reads the same; a plain « en quelle année » is left as the ranker chose
    english = _evidence_of(index, "Since when have the reading workshops been free?")
    assert english.time_span is not None
    # the preposition before its question word anywhere (hurried typing, spoken French)
    for hurried in (
        "ateliers gratuits depuis quelle annee",
        "Les ateliers sont gratuits depuis quand ?",
    ):
        assert _evidence_of(index, hurried).time_span is not None
    # « depuis » before no question word sets no span of the one asked for
    assert (
        _evidence_of(
            index,
            "En quelle année les ateliers ouverts depuis la rentrée sont-ils devenus gratuits ?",
        ).time_span
        is None
    )
    plain = _evidence_of(index, "En quelle année les ateliers sont-ils devenus gratuits ?")
    assert plain.time_span is None
    assert dated_alike(Ranked(index, plain, [visits, free], probs, 2.5), 0) == 0


TITLED = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le conseil a voté le texte suivant :",
        "",
        "« Art. 12 du règlement du parc municipal",
        "",
        "« I.-Le parc ouvre à huit heures et ferme à la tombée de la nuit.",
        "« II.-Les chiens y sont tenus en laisse.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_title_line_the_question_names_gives_way_to_what_it_heads(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path, report(*TITLED)).index_dir, None).index
    title = _candidate_at(index, "« Art. 12 du règlement")
    opening = _candidate_at(index, "« I.-Le parc ouvre")
    dogs = _candidate_at(index, "« II.-Les chiens")
    named = _evidence_of(
        index, "D'après l'article 12 du règlement du parc municipal, quand ferme-t-il ?"
    )
    probs = [0.99, 0.6, 0.5]
    assert beyond_a_title(Ranked(index, named, [title, dogs, opening], probs, 2.5), 0) == 1
    # a question that does not name it: the title may be what it asks
    unnamed = _evidence_of(index, "Quel article fixe les heures d'ouverture ?")
    assert beyond_a_title(Ranked(index, unnamed, [title, dogs, opening], probs, 2.5), 0) == 0
    # a sentence is no title line
    assert beyond_a_title(Ranked(index, named, [opening, title], [0.9, 0.5], 2.5), 0) == 0


FIGURE_AFTER = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "80 % des habitants connaissent la médiathèque et 40 % l’ont déjà visitée. Parmi les",
        "autres, 35 % viendraient si un ami la leur recommandait.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_figure_the_question_quotes_is_quoted_where_it_is_written(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path, report(*FIGURE_AFTER)).index_dir, None).index
    ev = _evidence_of(index, "Que représentent les 35 % cités à propos de la médiathèque ?")
    assert ev.quoted_figures == frozenset({"35"})
    known = _candidate_at(index, "80 %")
    written = _candidate_at(index, "Parmi les")
    probs = [0.8, 0.6]
    assert quoting_the_figure(Ranked(index, ev, [known, written], probs, 2.5), 0) == 1
    assert quoting_the_figure(Ranked(index, ev, [known, written], probs, 0.5), 0) == 0
    # a year or an article's number is no statistic quoted
    dated = _evidence_of(index, "Que dit l'article L. 1234-5 sur la médiathèque en 2023 ?")
    assert dated.quoted_figures == frozenset()
    assert quoting_the_figure(Ranked(index, dated, [known, written], probs, 2.5), 0) == 0


CAUSE_AFTER = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "70 % des habitants connaissent la navette du marché et 20 % l’ont déjà prise. Les",
        "raisons avancées par ceux qui ne la prennent pas sont l’horaire et le prix.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]


def test_a_why_question_is_answered_by_the_sentence_giving_a_cause(tmp_path: Path) -> None:
    index = load_index(tiny_index(tmp_path, report(*CAUSE_AFTER)).index_dir, None).index
    ev = _evidence_of(index, "Pourquoi certains habitants ne prennent-ils pas la navette ?")
    figure = _candidate_at(index, "70 %", cov_window=0.5)
    cause = _candidate_at(index, "Les", cov_window=0.5)
    probs = [0.8, 0.6]
    assert giving_the_cause(Ranked(index, ev, [figure, cause], probs, 2.5), 0) == 1
    # too much less likely, or covering much less of the question, it does not win
    assert giving_the_cause(Ranked(index, ev, [figure, cause], probs, 0.5), 0) == 0
    narrow = _candidate_at(index, "Les", cov_window=0.1)
    assert giving_the_cause(Ranked(index, ev, [figure, narrow], probs, 2.5), 0) == 0
    # a question that asks no cause is left alone
    how_many = _evidence_of(index, "Combien d'habitants prennent la navette du marché ?")
    assert giving_the_cause(Ranked(index, how_many, [figure, cause], probs, 2.5), 0) == 0


def test_a_meaning_question_keeps_the_glossary_row_whatever_else_it_names() -> None:
    """« KINEBOT relie les dossiers (D,M,P) : que désignent ces lettres ? »: the glossary row
    answers, though it does not name KINEBOT, which the question names to place the letters."""
    rows = [type("C", (), {"kind": "glossary"})(), type("C", (), {"kind": "body"})()]
    idx: Any = type("Idx", (), {"chunks": rows})()
    cands = [Candidate(0, 0, 0, (), "DMP Dossier Médical Partagé"), Candidate(0, 1, 0, (), "")]

    def ev(kind: str) -> Any:
        asked = Asked(kind=kind, source=False, english=False, counted=None)
        return type("Ev", (), {"asked": asked, "marked_names": frozenset({"kinebot"})})()

    assert naming(Ranked(idx, ev("meaning"), cands, [0.8, 0.7], 2.5), 0) == 0
