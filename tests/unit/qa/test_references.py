"""Which reference answers (``qa.references``): the note of the clause a source question
names, and no bare reference for a question that asks for no source."""

from __future__ import annotations

from typing import Any

import numpy as np

from santeqa.qa.answer import AnswerResources
from santeqa.qa.features import CANDIDATE_FEATURES, Candidate
from santeqa.qa.judging import QUESTION_FEATURES
from santeqa.qa.model import AnswerModel, Logistic
from santeqa.qa.question import Asked
from santeqa.qa.references import (
    beyond_references,
    cited_near,
    cited_near_across,
    claim_of_chosen_note,
    note_of_chosen_sentence,
    note_of_likelier_clause,
    note_of_named_clause,
)
from santeqa.records import Chunk, Sentence
from tests.tiny import chunk_of


def _model(margin: float = 1.0) -> AnswerModel:
    """A model whose only number read here is its neighbour margin (log-odds)."""
    n, m = len(CANDIDATE_FEATURES), len(QUESTION_FEATURES)
    ranker = Logistic(CANDIDATE_FEATURES, np.zeros(n), np.ones(n), np.zeros(n), 0.0)
    judge = Logistic(QUESTION_FEATURES, np.zeros(m), np.ones(m), np.zeros(m), 0.0)
    return AnswerModel(ranker, judge, 0.5, margin, "0" * 64, ("literal",))


def test_a_source_question_gets_the_note_of_the_clause_it_names() -> None:
    # notes 3 and 4 cited in one sentence (« les sociétés ALPHA[3] (…) et BETA[4] (…) »):
    # each read with its own clause; the ranker finds BETA's a little likelier
    alpha = frozenset({"cabin", "alpha", "societ", "quarant"})
    beta = frozenset({"qui", "beta", "pionni"})
    res = AnswerResources([], None, [alpha, beta, frozenset({"alpha"})], [True, True, False], [])  # type: ignore[arg-type]
    cands = [Candidate(0, row, 0, ()) for row in (0, 1, 2)]
    probs = [0.9990, 0.9995, 0.9999]

    def ev(question_names: set[str], source: bool = True) -> Any:
        asked = Asked(kind=None, source=source, english=False, counted=None)
        return type("Ev", (), {"asked": asked, "names": frozenset(question_names)})()

    model = _model()  # neighbour margin: 1.0 in log-odds
    # the likeliest reference lacks the name the question asks about: the other one
    assert note_of_named_clause(res, ev({"alpha"}), cands, probs, 1, model) == 0
    assert note_of_named_clause(res, ev({"beta"}), cands, probs, 1, model) == 1
    # not a source question, or no name asked: the likeliest
    assert note_of_named_clause(res, ev({"alpha"}, source=False), cands, probs, 1, model) == 1
    assert note_of_named_clause(res, ev(set()), cands, probs, 1, model) == 1
    # a body sentence lacking the name (« Source : … » of another figure) gives way too
    near = [0.9990, 0.9998, 0.9999]
    assert note_of_named_clause(res, ev({"beta"}), cands, near, 2, model) == 1
    assert note_of_named_clause(res, ev({"alpha"}), cands, near, 2, model) == 2  # it holds it
    # a reference far less likely (beyond the margin) is not taken
    far = [0.5, 0.9995, 0.9999]
    assert note_of_named_clause(res, ev({"alpha"}), cands, far, 1, model) == 1


def test_a_bare_reference_answers_only_a_source_question_or_a_fact_it_holds() -> None:
    title = Chunk(
        "n", "d.txt", 3, (3,), ("S",), "Plan vélo 2024-2030.", (4,), (Sentence(0, 20, 3),), "note"
    )
    body = chunk_of("Le plan vélo veut doubler les pistes cyclables de la ville d’ici 2030.")
    explained = Chunk(
        "e", "d.txt", 3, (3,), ("S",), body.text, (5,), (Sentence(0, len(body.text), 3),), "note"
    )
    idx = type("Idx", (), {"chunks": [title, body, explained]})()
    cands = [Candidate(0, 0, 0, (), title.text), Candidate(1, 1, 0, (), body.text)]
    probs = [0.99, 0.7]

    def ev(kind: str | None, source: bool = False, counted: str | None = None) -> Any:
        asked = Asked(kind=kind, source=source, english=False, counted=counted)
        fields = {"asked": asked, "common_words": frozenset(), "names": frozenset({"plan"})}
        return type("Ev", (), fields)()

    # « comment le plan vélo veut-il … ? »: the clause the title's note supports answers
    assert beyond_references(idx, ev(None), cands, probs, 0) == 1
    # « d'où vient … ? », or « en quelle année … ? » that the title holds: the reference
    assert beyond_references(idx, ev(None, source=True), cands, probs, 0) == 0
    assert beyond_references(idx, ev("date"), cands, probs, 0) == 0
    # « combien de pistes … ? »: a number in the title counts no « pistes »
    assert beyond_references(idx, ev("quantity", counted="pistes"), cands, probs, 0) == 1
    # a note that explains (as many words as a sentence) answers like any sentence
    cands2 = [Candidate(0, 2, 0, (), explained.text), Candidate(1, 1, 0, (), body.text)]
    assert beyond_references(idx, ev(None), cands2, probs, 0) == 0
    # a figure's credit line in the body, both of its pieces, is a bare reference too
    lines = "Source : Office du vélo. Gouv\nLe plan vélo compte 40 stations."
    spans = (Sentence(0, 24, 1), Sentence(25, 29, 1), Sentence(30, len(lines), 1))
    credit = Chunk("c", "d.txt", 1, (1,), ("S",), lines, (), spans)
    idx3 = type("Idx", (), {"chunks": [credit]})()
    cands3 = [Candidate(0, 0, j, (), "") for j in range(3)]
    assert beyond_references(idx3, ev(None), cands3, [0.9, 0.8, 0.5], 0) == 2
    assert beyond_references(idx3, ev(None), cands3, [0.5, 0.9, 0.4], 1) == 2
    assert beyond_references(idx3, ev(None, source=True), cands3, [0.9, 0.8, 0.5], 0) == 0


def test_a_bare_reference_naming_only_what_the_question_names_holds_no_name_asked() -> None:
    # « Which company runs the Velo Hub? »: the note « VELO HUB (velo-hub.org) » is an
    # organisation's name, but the one the question names itself, not the company asked for
    title = Chunk(
        "n", "d.txt", 3, (3,), ("S",), "VELO HUB (velo-hub.org)", (4,), (Sentence(0, 23, 3),),
        "note",
    )  # fmt: skip
    body = chunk_of("La gestion du Velo Hub a été confiée à la société Rouage.")
    idx = type("Idx", (), {"chunks": [title, body]})()
    cands = [Candidate(0, 0, 0, (), title.text), Candidate(1, 1, 0, (), body.text)]

    def ev(kind: str, names: set[str]) -> Any:
        asked = Asked(kind=kind, source=False, english=True, counted=None)
        fields = {"asked": asked, "common_words": frozenset(), "names": frozenset(names)}
        return type("Ev", (), fields)()

    assert beyond_references(idx, ev("organisation", {"velo", "hub"}), cands, [0.99, 0.9], 0) == 1
    # a name the question does not use is a name it may ask for: the reference answers
    assert beyond_references(idx, ev("organisation", {"rouag"}), cands, [0.99, 0.9], 0) == 0
    assert beyond_references(idx, ev("agent", set()), cands, [0.99, 0.9], 0) == 0


def _body(*parts: tuple[str, tuple[int, ...], str]) -> Chunk:
    """A body passage of (sentence, its notes, what follows it: " " or a new line)."""
    text, spans = "", []
    for sentence, notes, gap in parts:
        spans.append(Sentence(len(text), len(text) + len(sentence), 2, notes))
        text += sentence + gap
    return Chunk("b", "d.txt", 2, (2,), ("S",), text.rstrip(), (), tuple(spans))


def test_the_notes_near_a_sentence() -> None:
    listed = _body(
        ("Le musée a compté ses visiteurs.", (), " "),
        ("L’enquête du musée donne ces chiffres :", (7,), "\n"),
        ("• 40 % viennent en famille", (), "\n"),
        ("• 12 % viennent seuls", (), "\n"),
        ("Le musée ferme en août.", (), " "),
        ("Il rouvre en septembre.", (8,), " "),
        ("Il compte 20 salles.", (), "\n"),
        ("Les visites sont guidées.", (), ""),
    )
    assert cited_near(listed, 0) == (7,)  # the lead-in it goes on with, same paragraph
    assert cited_near(listed, 1) == (7,)  # its own marker
    assert cited_near(listed, 3) == (7,)  # an item: its lead-in's
    assert cited_near(listed, 4) == ()  # after the list, nothing before it cites (the next
    # sentence's note is no lead-in's: its own)
    assert cited_near(listed, 6) == (8,)  # the sentence before, same paragraph
    assert cited_near(listed, 7) == ()  # another paragraph: not borrowed
    bullets = _body(("• 40 % viennent en famille", (), "\n"), ("• 12 % viennent seuls", (), ""))
    assert cited_near(bullets, 1) == ()  # items with no lead-in


def test_a_source_the_paragraph_opened_with_backs_what_it_goes_on_reporting() -> None:
    running = _body(
        ("Le musée a compté ses visiteurs.", (), "\n"),
        ("Une enquête régionale mesure la fréquentation.", (9,), " "),
        ("Ainsi, 40 % viennent en famille.", (), " "),
        ("12 % viennent seuls.", (), "\n"),
        ("Les visites sont guidées.", (), ""),
    )
    assert cited_near(running, 2) == (9,)  # the sentence before
    assert cited_near(running, 3) == (9,)  # two sentences back, the same paragraph
    assert cited_near(running, 4) == ()  # another paragraph: not borrowed
    assert cited_near(running, 0) == ()  # nothing before it


def test_a_paragraph_after_one_naming_whom_it_reports_goes_on_with_its_source() -> None:
    reported = _body(
        ("D’après l’Office du tourisme, le musée attire les familles.", (5,), "\n"),
        ("Comme tout musée, il vit de ses visiteurs.", (), " "),
        ("Sa fréquentation a doublé.", (), "\n"),
        ("Le parking est payant.", (6,), "\n"),
        ("Les visites sont guidées.", (), ""),
    )
    assert cited_near(reported, 2) == (5,)  # two sentences into the paragraph after it
    assert cited_near(reported, 1) == (5,)
    assert cited_near(reported, 3) == (6,)  # its own note
    # after a paragraph that does not open on whom it reports: nothing borrowed
    assert cited_near(reported, 4) == ()


def test_a_paragraph_begun_in_the_passage_before_reads_its_notes_there() -> None:
    before = _body(
        ("D’après l’Office du tourisme, le musée attire les familles.", (5,), "\n"),
        ("Comme tout musée, il vit de ses visiteurs.", (), ""),
    )
    after = _body(
        ("Comme tout musée, il vit de ses visiteurs.", (), " "),
        ("Sa fréquentation a doublé.", (), " "),
        ("Les familles reviennent.", (), ""),
    )
    idx = type("Idx", (), {"chunks": [before, after]})()
    assert cited_near(after, 2) == ()  # alone, the passage starts the paragraph
    assert cited_near_across(idx, 1, 2) == (5,)


def test_a_second_lead_in_straight_after_a_list_goes_on_with_its_source() -> None:
    survey = _body(
        ("L’enquête du musée donne ces chiffres :", (7,), "\n"),
        ("• 40 % viennent en famille", (), "\n"),
        ("Pourtant, ils regrettent :", (), "\n"),
        ("• 30 % le prix du billet", (), "\n"),
        ("Le musée ferme en août.", (), "\n"),
        ("Les horaires changent :", (), "\n"),
        ("• 10 h le dimanche", (), ""),
    )
    assert cited_near(survey, 3) == (7,)  # the first list's lead-in, through the second
    assert cited_near(survey, 6) == ()  # a lead-in after running text borrows nothing


def test_a_figures_labels_are_backed_by_the_notes_of_the_sentence_before_the_figure() -> None:
    figure = _body(
        ("La mairie a publié le bilan du plan vélo deux ans après son lancement.", (4,), "\n"),
        ("12 pistes ouvertes", (), "\n"),
        ("3 000 vélos prêtés", (), "\n"),
        ("Source : Ville de Caen. Bilan du plan vélo", (), "\n"),
        ("Le plan sera prolongé.", (), "\n"),
        ("Les vélos sont gratuits le dimanche en été et les jours fériés de mai", (), ""),
    )
    assert cited_near(figure, 1) == (4,)  # a label: the sentence before the figure's note
    assert cited_near(figure, 2) == (4,)  # back over the labels before it
    assert cited_near(figure, 4) == ()  # a sentence of its own paragraph borrows nothing
    assert cited_near(figure, 5) == ()  # a long line is no label, and the line before has no note


def test_a_source_question_answered_by_a_body_sentence_gets_its_note() -> None:
    body = _body(
        ("L’enquête du musée donne ces chiffres :", (7,), "\n"),
        ("• 40 % viennent en famille", (), ""),
    )
    note = Chunk(
        "n", "d.txt", 2, (2,), ("Notes", "Note 7"), "Enquête Institut X, 2024.", (7,),
        (Sentence(0, 25, 2, (7,)),), "note",
    )  # fmt: skip
    idx = type("Idx", (), {"chunks": [body, note]})()
    rows = {("d.txt", 7): 1}
    item = Candidate(0, 0, 1, (0.5,), "• 40 % viennent en famille")

    def ev(source: bool) -> Any:
        asked = Asked(kind=None, source=source, english=False, counted=None)
        return type("Ev", (), {"asked": asked})()

    # the note was not retrieved: it is added, as likely as the sentence, and quoted
    cands, probs, best = note_of_chosen_sentence(idx, rows, ev(True), [item], [0.9], 0)
    assert (cands[best].row, cands[best].sentence, probs[best]) == (1, 0, 0.9)
    assert len(cands) == 2
    # retrieved: that candidate is chosen
    retrieved = [item, Candidate(1, 1, 0, (0.1,), note.text)]
    assert note_of_chosen_sentence(idx, rows, ev(True), retrieved, [0.9, 0.2], 0)[2] == 1
    # not a source question: unchanged
    assert note_of_chosen_sentence(idx, rows, ev(False), retrieved, [0.9, 0.2], 0)[2] == 0


def test_a_figure_s_credit_line_names_the_source_of_the_sentence_introducing_it() -> None:
    from santeqa.qa.clauses import Clause

    # « 60 % des habitants connaissent le Pass[3] : » [figure] « Source : Enquête X[4] »:
    # note 3 says what the Pass is, note 4 where the figures come from
    body = _body(
        ("60 % des habitants connaissent le Pass Musées et 20 % l’ont déjà utilisé :", (3,), "\n"),
        ("Source : Enquête de la Ville.", (4,), "\n"),
        ("Le musée ferme en août.", (), ""),
    )

    def note(n: int, text: str) -> Chunk:
        return Chunk(
            f"n{n}", "d.txt", 2, (2,), ("Notes", f"Note {n}"), text, (n,),
            (Sentence(0, len(text), 2, (n,)),), "note",
        )  # fmt: skip

    pass_note = note(3, "Le Pass Musées donne accès aux collections de la ville.")
    survey = note(4, "Enquête de la Ville sur les musées, 2024 (ville.fr).")
    idx = type("Idx", (), {"chunks": [body, pass_note, survey]})()
    rows = {("d.txt", 3): 1, ("d.txt", 4): 2}
    clauses = [Clause(3, 0, 0, 0, 40), Clause(4, 0, 1, 0, 28)]
    asked = Asked(kind=None, source=True, english=False, counted=None)
    ev: Any = type("Ev", (), {"asked": asked})()
    figure = Candidate(0, 0, 0, (0.5,), "60 % des habitants …")

    # the sentence chosen: the credit line's note, not the sentence's own
    cands, _p, best = note_of_chosen_sentence(idx, rows, ev, [figure], [0.9], 0, clauses)
    assert cands[best].row == 2
    # the sentence's own note chosen: the same
    own = Candidate(1, 1, 0, (0.4,), pass_note.text)
    cands, _p, best = note_of_chosen_sentence(idx, rows, ev, [figure, own], [0.5, 0.9], 1, clauses)
    assert cands[best].row == 2
    # a credit line with no note: the sentence's own note, a full reference
    bare = _body(
        ("60 % des habitants connaissent le Pass Musées et 20 % l’ont déjà utilisé :", (3,), "\n"),
        ("Source : Ville.", (), ""),
    )
    idx2 = type("Idx", (), {"chunks": [bare, pass_note, survey]})()
    assert note_of_chosen_sentence(idx2, rows, ev, [figure], [0.9], 0)[0][-1].row == 1
    # and with no note anywhere, the credit line itself
    plain = _body(("Le budget est de 4 millions d’euros.", (), "\n"), ("Source : Ville.", (), ""))
    idx3 = type("Idx", (), {"chunks": [plain]})()
    cands, _p, best = note_of_chosen_sentence(idx3, {}, ev, [figure], [0.9], 0)
    assert (cands[best].row, cands[best].sentence) == (0, 1)


def test_a_claim_made_twice_gets_the_note_of_the_sentence_the_question_matches() -> None:
    from santeqa.qa.clauses import Clause

    # « Le musée estime que 30 % des visiteurs reviennent[3] » and, pages later, « … 30 %
    # des visites se répètent[9] »: both notes of one study, read with their clauses, near
    # certainty; note 5 is another source
    first = _body(("Le musée estime que 30 % des visiteurs reviennent.", (3,), ""))
    later = _body(("Le musée estime que 30 % des visites se répètent.", (9,), ""))
    other = _body(("Le musée a 20 salles.", (5,), ""))

    def note(n: int, text: str) -> Chunk:
        return Chunk(
            f"n{n}", "d.txt", 2, (2,), ("Notes", f"Note {n}"), text, (n,),
            (Sentence(0, len(text), 2, (n,)),), "note",
        )  # fmt: skip

    chunks = [first, later, note(3, "Étude A, musée, 2024."), note(9, "Étude A (musée).")]
    chunks += [other, note(5, "Guide du musée.")]
    terms = [frozenset(), frozenset(), *(frozenset({"etud", "a", "muse"}),) * 2]
    terms += [frozenset(), frozenset({"guid", "muse"})]
    idx = type("Idx", (), {"chunks": chunks, "chunk_terms": terms})()
    clauses = [Clause(3, 0, 0, 0, 50), Clause(9, 1, 0, 0, 50), Clause(5, 4, 0, 0, 20)]
    cands = [Candidate(0, row, 0, ()) for row in range(6)]
    asked = Asked(kind=None, source=True, english=False, counted=None)
    ev: Any = type("Ev", (), {"asked": asked})()
    # note 9 a hair likelier, but the sentence citing note 3 far likelier: note 3
    probs = [0.998, 0.94, 0.9995, 0.99997, 0.1, 0.2]
    assert note_of_likelier_clause(idx, ev, cands, probs, 3, clauses) == 2
    # the citing sentences read alike: the likelier note stays
    alike = [0.97, 0.97, 0.9995, 0.99997, 0.1, 0.2]
    assert note_of_likelier_clause(idx, ev, cands, alike, 3, clauses) == 3
    # a note of another source is no rival, however likely its citing sentence
    sure = [0.1, 0.2, 0.3, 0.9, 0.999, 0.4]
    assert note_of_likelier_clause(idx, ev, cands, sure, 3, clauses) == 3
    # a body sentence chosen, or no source asked: unchanged
    assert note_of_likelier_clause(idx, ev, cands, probs, 0, clauses) == 0
    plain: Any = type("Ev", (), {"asked": Asked(None, False, False, None)})()
    assert note_of_likelier_clause(idx, plain, cands, probs, 3, clauses) == 3


def test_what_a_named_source_backs_is_answered_by_the_sentence_citing_its_note() -> None:
    from santeqa.qa.clauses import Clause

    body = _body(
        ("Le musée ferme en août.", (), " "),
        ("La fréquentation a doublé en dix ans.", (5,), ""),
    )
    note = Chunk(
        "n", "d.txt", 2, (2,), ("Notes", "Note 5"), "Rapport annuel des musées, 2024.", (5,),
        (Sentence(0, 32, 2, (5,)),), "note",
    )  # fmt: skip
    idx = type("Idx", (), {"chunks": [body, note]})()
    clauses = [Clause(5, 0, 1, 24, 61)]
    chosen = Candidate(0, 1, 0, (0.5,), note.text)

    def ev(cited_for: bool) -> Any:
        asked = Asked(kind=None, source=True, english=False, counted=None, cited_for=cited_for)
        return type("Ev", (), {"asked": asked})()

    # the note chosen, its citing sentence not retrieved: added, as likely as the note
    cands, probs, best = claim_of_chosen_note(idx, ev(True), [chosen], [0.9], 0, clauses)
    assert (cands[best].row, cands[best].sentence, probs[best]) == (0, 1, 0.9)
    # retrieved: that candidate, and a source question's rule leaves it as it is
    citing = Candidate(1, 0, 1, (0.1,), "La fréquentation a doublé en dix ans.")
    both = [chosen, citing]
    assert claim_of_chosen_note(idx, ev(True), both, [0.9, 0.2], 0, clauses)[2] == 1
    assert note_of_chosen_sentence(idx, {("d.txt", 5): 1}, ev(True), both, [0.2, 0.9], 1)[2] == 1
    # a source question (where a claim comes from): the note stays
    assert claim_of_chosen_note(idx, ev(False), both, [0.9, 0.2], 0, clauses)[2] == 0


def test_what_backs_a_list_item_is_read_on_in_the_passage_before() -> None:
    # the passage boundary cuts the list from its lead-in; the passages overlap by one item
    first = _body(
        ("L’enquête du musée donne ces chiffres :", (7,), "\n"),
        ("• 40 % viennent en famille", (), "\n"),
        ("• 12 % viennent seuls", (), ""),
    )
    second = _body(
        ("• 12 % viennent seuls", (), "\n"),
        ("• 30 % viennent en groupe", (), "\n"),
        ("Le musée ferme en août.", (), " "),
        ("Il rouvre en septembre.", (), ""),
    )
    idx: Any = type("Idx", (), {"chunks": [first, second]})()
    assert cited_near(second, 1) == ()  # within its passage, the list has no lead-in
    assert cited_near_across(idx, 1, 1) == (7,)
    assert cited_near_across(idx, 1, 3) == ()  # running text after the list borrows nothing
    other: Any = type("Idx", (), {"chunks": [first, _body(("• 30 % en groupe", (), ""))]})()
    assert cited_near_across(other, 1, 0) == ()  # no overlap: nothing to read on
