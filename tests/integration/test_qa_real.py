"""Questions and answers end to end: the real model, the real report, a fresh index.

The index is built once for the module (30 s to 2 min on a laptop CPU). The questions are
written for this test from the report itself; they are not the development questions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from santeqa.embed import Embedder, Vectors, embedder_from_settings
from santeqa.evaluate import contains
from santeqa.qa.answer import NOT_ANSWERED
from santeqa.qa.followup import resolve
from santeqa.qa.gloss import words_to_gloss
from santeqa.qa.question import asked, looks_english
from santeqa.records import AskResult
from santeqa.service import Engine
from santeqa.settings import Settings
from santeqa.tunables import AnswerShape

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
REPORT = "innovations-sante-numerique-normandie.txt"
MODEL = ROOT / Settings.model_fields["model"].default  # the default model folder


class CountingEmbedder:
    """Wraps the real embedder and counts what is sent to the model."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.query_calls: list[list[str]] = []
        self.passage_calls = 0
        self.encodes = 0  # calls of the underlying model (sentence-transformers or the graph)
        model = getattr(inner, "_model", None) or getattr(inner, "_encoder", None)
        if model is not None:
            encode = model.encode

            def counted(*args: Any, **kwargs: Any) -> Any:
                self.encodes += 1
                return encode(*args, **kwargs)

            model.encode = counted

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.query_calls.append(list(texts))
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        self.passage_calls += 1
        return self.inner.embed_passages(texts, progress=progress)

    def reset(self) -> None:
        self.query_calls.clear()
        self.passage_calls = 0
        self.encodes = 0


@dataclass
class Real:
    engine: Engine
    embedder: CountingEmbedder


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Real]:
    if not (MODEL / "config.json").is_file():
        pytest.skip(f"model folder {MODEL} is missing: run `santeqa model install`")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        for name in list(os.environ):
            if name.startswith("SANTEQA_"):  # the defaults, whatever the shell says
                patch.delenv(name)
        settings = Settings(
            corpus_dir=ROOT / "corpus",
            index_dir=tmp_path_factory.mktemp("real-index"),
            model=str(MODEL),
            answer_cache_size=0,  # every ask computes: the tests count its model calls
        )
        embedder = CountingEmbedder(embedder_from_settings(settings))
        engine = Engine(settings, embedder=embedder)
        report = engine.build()
        assert report.documents >= 1 and report.chunks > 100
        assert embedder.passage_calls > 0
        yield Real(engine, embedder)


@dataclass(frozen=True)
class Case:
    question: str
    phrase: str  # must stand in the answer text (evaluate.contains: accents, markers)
    page: int
    section: str  # the end of the answer's section path
    footnotes: tuple[int, ...] = ()


FACTS = [
    Case(
        "Combien de pharmacies se sont équipées pour la téléconsultation en 2023 ?",
        "1 209 pharmacies se sont équipées en 2023",
        19,
        "Feuille de route en santé : dans les faits",
        (21,),
    ),
    Case(
        "Combien d'emplois directs compte l'industrie pharmaceutique normande ?",
        "10 000 emplois directs",
        28,
        "Par et pour le monde industriel",
    ),
    Case(
        "En quelle année a eu lieu la première opération d'un robot chirurgien ?",
        "date de 1984",
        3,
        "La santé numérique",
    ),
    Case(
        "Quel montant est alloué au volet Innovation santé 2030 ?",
        "718,4 millions d’euros",
        16,
        "Feuille de route du numérique en santé : les politiques actuelles",
    ),
]
SOURCES = [
    Case(
        "Quelle est la source du chiffre de 36 % d'activités automatisables ?",
        "OCDE, l’IA dans le domaine de la santé, un immense potentiel",
        5,
        "Note 3",
        (3,),
    ),
    Case(
        "Sur quelle source s'appuie le rapport pour le rôle de l'IA dans la mise au point de "
        "nouveaux médicaments ?",
        "Team France Export",
        33,
        "Note 33",
        (33,),
    ),
]
ACRONYMS = [
    Case(
        "Que signifie l'acronyme GREYC ?",
        "Groupe de Recherche en informatique, image et instrumentation de Caen",
        41,
        "GREYC",
    ),
]
ENGLISH = [
    Case(
        "How many direct jobs does the pharmaceutical industry in Normandy provide?",
        "10 000 emplois directs",
        28,
        "Par et pour le monde industriel",
    ),
    Case("What does the acronym SCAD stand for?", "Suivi Clinique A Domicile", 41, "SCAD"),
]
OUT_OF_SCOPE = [
    "Quelle équipe a remporté la Ligue des champions de football ?",
    "Quelle est la recette du bœuf bourguignon ?",
]


def _ask(real: Real, question: str) -> AskResult:
    real.embedder.reset()
    result = real.engine.ask(question)
    # the answer step makes no model call: the question is encoded once, nothing else; an
    # English one twice, as typed and in French (``qa.readings``), when Apertium is there,
    # unless it asks what an acronym stands for
    english = looks_english(question)
    translated = (
        english
        and asked(question).kind != "meaning"
        and getattr(real.engine.translator, "available", False)
    )
    calls = real.embedder.query_calls
    idx = real.engine.live.current().index
    # an English question's words the report never writes are encoded too, to gloss them in
    # the report's French (``qa.gloss``)
    words = words_to_gloss(question, idx.known_words) if english else []
    assert len(calls) == 1 + bool(words) + translated
    (text,) = calls[0]  # one text a call: the question (and its glossary expansion)…
    assert text.startswith(question)
    if words:
        assert calls[1] == words  # …its words to gloss, all in one call…
    if translated:
        (french,) = calls[-1]  # …then its French
        assert not french.startswith(question)
    assert real.embedder.passage_calls == 0
    assert real.embedder.encodes == 1 + bool(words) + translated
    return result


def _check(real: Real, case: Case) -> AskResult:
    r = _ask(real, case.question)
    assert not r.abstained, (case.question, r.confidence)
    a = r.answer
    assert a is not None
    assert contains(a.text, case.phrase), (case.question, a.text)
    assert a.page == case.page, (case.question, a.page, a.text)
    assert a.section[-1] == case.section, (case.question, a.section)
    assert tuple(f.number for f in a.footnotes) == case.footnotes, (case.question, a.footnotes)
    assert all(f.text for f in a.footnotes)
    # verbatim, with right offsets, in the passage listed first
    top = r.hits[0].chunk
    assert top.id == a.passage_id
    assert top.text[a.start : a.end] == a.text
    # a question asking two things may be quoted two sentences' worth; a likely neighbour
    # sentence may join up to the joined limit, a list's items up to the list's room
    shape = AnswerShape()
    parts = min(asked(case.question).parts, 2)
    room = max(shape.max_answer_chars * parts, shape.max_joined_chars, shape.max_list_chars)
    assert len(a.text) <= room
    if a.highlight is not None:  # the key phrase stands inside the quote
        assert 0 <= a.highlight[0] < a.highlight[1] <= len(a.text)
    assert 1 <= len(r.hits) <= real.engine.settings.top_k
    assert r.index.documents >= 1 and r.index.model == str(MODEL)
    return r


@pytest.mark.parametrize("case", FACTS, ids=lambda c: c.phrase[:24])
def test_factual_questions(real: Real, case: Case) -> None:
    _check(real, case)


# Known miss of the fitted answer step: two notes cite the same OCDE study; the one ranked
# first by retrieval (note 32, shorter) beats note 3 whose citing clause holds the figure.
# Strict: the test fails as soon as the miss is fixed, so that this mark is removed.
@pytest.mark.parametrize(
    "case",
    SOURCES,
    ids=lambda c: c.section,
)
def test_source_questions_are_answered_from_the_note(real: Real, case: Case) -> None:
    r = _check(real, case)
    assert r.answer is not None
    (note,) = r.answer.footnotes
    assert note.text == r.answer.text  # the note itself is the answer
    assert r.answer.section[0] == "Notes"


def test_the_note_behind_a_figure_has_its_url(real: Real) -> None:
    r = _check(real, SOURCES[0])
    assert r.answer is not None
    (note,) = r.answer.footnotes
    assert any("oecd.org" in url for url in note.urls), note.urls


@pytest.mark.parametrize("case", ACRONYMS, ids=lambda c: c.section)
def test_acronym_question(real: Real, case: Case) -> None:
    r = _check(real, case)
    assert r.answer is not None
    assert r.answer.section == ("Sigles", case.section)


def test_an_acronym_defined_in_the_text_is_answered_with_its_long_form(real: Real) -> None:
    """No glossary row: the sentence that defines it is quoted, its long form highlighted."""
    r = _ask(real, "Que veut dire SaNuRN ?")
    a = r.answer
    assert a is not None and a.highlight is not None and a.page == 25
    assert a.text[a.highlight[0] : a.highlight[1]] == "Santé Numérique Rouen Nice"


@pytest.mark.parametrize("case", ENGLISH, ids=lambda c: c.section)
def test_english_questions(real: Real, case: Case) -> None:
    _check(real, case)


# Follow-ups (fresh): the earlier question, then one that only makes sense after it.
FOLLOW_UPS = [
    (
        FACTS[0].question,
        Case(
            "D'où provient ce chiffre ?",
            "Recommandations__lieux_et_conditions",
            19,
            "Note 21",
            (21,),
        ),
    ),
    (
        "Que représente l'industrie pharmaceutique en Normandie ?",
        Case(
            "Combien d'emplois directs compte-t-elle ?",
            "10 000 emplois directs",
            28,
            "Par et pour le monde industriel",
        ),
    ),
]


@pytest.mark.parametrize(("earlier", "case"), FOLLOW_UPS, ids=lambda x: getattr(x, "section", ""))
def test_follow_ups_are_answered_with_their_history(real: Real, earlier: str, case: Case) -> None:
    real.embedder.reset()
    r = real.engine.ask(case.question, history=[earlier])
    assert r.resolved_question != case.question  # completed with the earlier question
    # one model call for the follow-up, its second reading with the conversation's words
    # (``qa.readings``) sent with it; and one for its earlier turn, asked again: a source
    # follow-up (« D'où provient ce chiffre ? ») for the answer it asks the source of, any
    # other for where that answer stands (the passages near it are ranked too). Served by the
    # answer cache in the product, computed here (this engine keeps no cache, to count calls)
    assert real.embedder.encodes == 2
    if resolve(case.question, [earlier]).fallback is not None and not asked(case.question).source:
        assert len(real.embedder.query_calls[-1]) == 2  # the two readings in one call
    assert not r.abstained, (case.question, r.resolved_question, r.confidence)
    a = r.answer
    assert a is not None
    assert contains(a.text, case.phrase), (r.resolved_question, a.text)
    assert (a.page, a.section[-1]) == (case.page, case.section)
    assert tuple(f.number for f in a.footnotes) == case.footnotes


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_questions_abstain(real: Real, question: str) -> None:
    r = _ask(real, question)
    assert r.abstained, (question, r.confidence, r.answer)
    assert r.answer is None
    assert r.message == NOT_ANSWERED
    assert r.hits  # the closest passages are still shown
    # not a near miss: the confidence is clearly under the threshold
    assert r.confidence < real.engine.abstain_threshold - 0.03


def test_answer_step_makes_no_model_call(real: Real, monkeypatch: pytest.MonkeyPatch) -> None:
    """Encoding is the only model work of a question; the answer step only reads vectors."""
    import santeqa.service.engine as engine_module

    seen: list[int] = []
    # the answer step of a final question: passages reordered, then the sentence chosen
    choose = engine_module.choose_reordered

    def watched(*args: Any, **kwargs: Any) -> Any:
        before = real.embedder.encodes
        out = choose(*args, **kwargs)
        seen.append(real.embedder.encodes - before)
        return out

    monkeypatch.setattr(engine_module, "choose_reordered", watched)
    for case in FACTS[:2] + SOURCES[:1]:
        _ask(real, case.question)
    assert seen == [0, 0, 0]


# Conversations written for this test, of the kinds of the gold ones (ellipsis, pronoun,
# source, english, unanswerable): the first file was used while building the resolution, the
# second was written afterwards and measured once.
OWN_DIALOGUES = Path(__file__).with_name("data") / "dialogues-own.jsonl"
HELD_OUT_DIALOGUES = Path(__file__).with_name("data") / "dialogues-own-2.jsonl"


@pytest.mark.parametrize(
    ("path", "floor"), [(OWN_DIALOGUES, 0.65), (HELD_OUT_DIALOGUES, 0.8)], ids=["own", "held-out"]
)
def test_fresh_conversations_are_followed(real: Real, path: Path, floor: float) -> None:
    from santeqa.evaluate import load_dialogues, run_dialogues, summarise

    conversations = load_dialogues(path)
    with_history = summarise(run_dialogues(real.engine, conversations))
    alone = summarise(run_dialogues(real.engine, conversations, with_history=False))
    # measured 0.69 and 0.92 with history (0.27 and 0.23 alone)
    assert with_history["answer_hit"] >= floor, with_history
    assert with_history["answer_hit"] >= alone["answer_hit"] + 0.3, (with_history, alone)


# an English question the English reading withholds (its words are not the report's): read
# again in French by Apertium (Debian apertium, apertium-eng-spa, apertium-fr-es)
ENGLISH_READ_IN_FRENCH = Case(
    "Which scarce metals should be kept when building digital health tools?",
    "préserver les métaux rares",
    36,
    "",
)


def test_an_english_question_withheld_is_answered_from_its_french_reading(real: Real) -> None:
    translator = real.engine.translator
    assert translator is not None and getattr(translator, "available", False), (
        "Apertium is not installed: apt-get install apertium apertium-eng-spa apertium-fr-es"
    )
    case = ENGLISH_READ_IN_FRENCH
    r = real.engine.ask(case.question)
    assert not r.abstained and r.answer is not None
    assert contains(r.answer.text, case.phrase), r.answer.text
    assert r.answer.page == case.page
    # found by the French reading: what was searched is the translation, not the question
    assert r.resolved_question != case.question and "métaux" in r.resolved_question
