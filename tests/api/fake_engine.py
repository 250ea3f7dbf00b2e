"""A small engine made of literal records, for the api and browser tests.

The texts are taken from the report (repaired) so that the screenshot looks like the real thing.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

from santeqa.errors import BuildInProgress, NotFound, SanteqaError
from santeqa.records import (
    Answer,
    AskResult,
    Chunk,
    Footnote,
    Hit,
    IndexInfo,
    PageView,
    Paragraph,
    Sentence,
)

DOC = "innovations-sante-numerique-normandie.txt"
OTHER_DOC = "annexe.txt"

NOTES = {
    21: Footnote(
        DOC,
        21,
        "Recommandations : lieux et conditions d'environnement pour la réalisation d'une "
        "téléconsultation ou d'un télésoin (has-sante.fr).",
        (
            "https://www.has-sante.fr/upload/docs/application/pdf/2024-03/"
            "recommandations_-_lieux_et_conditions_denvironnement_pour_la_realisation_dune_"
            "teleconsultation_ou_dun_telesoin.pdf",
        ),
        14,
    ),
    22: Footnote(
        DOC,
        22,
        "Sept téléconsultations de médecine générale sur dix concernent en 2021 des patients "
        "des grands pôles urbains | Direction de la recherche, des études, de l'évaluation et "
        "des statistiques (solidarites-sante.gouv.fr).",
        (
            "https://drees.solidarites-sante.gouv.fr/publications-communique-de-presse/"
            "etudes-et-resultats/sept-teleconsultations-de-medecine-generale",
        ),
        14,
    ),
    23: Footnote(
        DOC,
        23,
        "Cabine, console, App : les dispositifs de téléconsultation (medadom.com).",
        ("https://info.medadom.com/blog/dispositifs-teleconsultation",),
        15,
    ),
    # a note whose "url" must never become a link
    24: Footnote(DOC, 24, "Qui sommes-nous – Tessan.", ("javascript:alert(1)",), 15),
}

TELECONSULTATION = (
    "En ce qui concerne la téléconsultation, l’Assurance maladie indique que plus de 2 000 "
    "pharmacies ont proposé une assistance à la téléconsultation (donc sont équipées de "
    "cabines) en 2022 et que 1 209 pharmacies se sont équipées en 2023. La téléconsultation, "
    "que ce soit en pharmacie ou non, a pris son envol pendant la crise sanitaire de la "
    "Covid-19, d’autant que l’ensemble des consultations étaient prises en charge pendant "
    "cette période. Le nombre de consultations est ainsi passé de 80 000 en 2018 à près de "
    "18 millions en 2020. Si la courbe est descendante depuis, l’assurance maladie "
    "comptabilise 1 à 1,2 millions de consultations mensuelles remboursées, soit environ 4 % "
    "de l’ensemble des consultations."
)
ANSWER_TEXT = (
    "Le nombre de consultations est ainsi passé de 80 000 en 2018 à près de 18 millions en 2020."
)
DEFINITION = (
    "La téléconsultation constitue un des actes de télémédecine et « a pour objet de "
    "permettre à un professionnel médical de donner une consultation à distance à un "
    "patient ». Tout professionnel médical peut recourir à la téléconsultation, "
    "indépendamment de sa spécialité. Celle-ci est remboursée depuis 2018."
)
AGREMENT = (
    "A l’heure actuelle, deux sociétés ont obtenu pour 2 ans l’agrément, les sociétés "
    "METADOM (4 300 bornes sur tout le territoire et mobilisation de 80 médecins) et "
    "TESSAN MED (qui se dit créateur de la cabine de téléconsultation)."
)
# Report text that looks like markup: it must be shown as text everywhere.
MARKUP = "Balise d'essai <script>alert(1)</script> & <b>gras</b> dans le rapport."

SECTION_TELE = ("Les innovations en santé numérique", "La téléconsultation")
SECTION_DEF = ("Clarifier les concepts", "La santé numérique")


def _chunk(
    cid: str, text: str, page: int, section: tuple[str, ...], notes: tuple[int, ...]
) -> Chunk:
    return Chunk(
        id=cid,
        document=DOC,
        page=page,
        pages=(page,),
        section=section,
        text=text,
        footnotes=notes,
        sentences=(Sentence(0, len(text), page, notes),),
    )


CHUNK_TELE = _chunk("c-tele-14", TELECONSULTATION, 14, SECTION_TELE, (21, 22))
CHUNK_DEF = _chunk("c-def-2", DEFINITION, 2, SECTION_DEF, ())
CHUNK_AGR = _chunk("c-agr-15", AGREMENT, 15, SECTION_TELE, (23, 24))

INFO = IndexInfo(
    generation="gen-20250301T101500Z-3f2a9c",
    chunks=412,
    documents=1,
    model="multilingual-e5-small",
    built_at="2025-03-01T10:15:00Z",
)


def _hit(chunk: Chunk, score: float, dense: float | None, lexical: float | None) -> Hit:
    return Hit(chunk, score, dense, lexical, tuple(NOTES[n] for n in chunk.footnotes))


HITS = (
    _hit(CHUNK_TELE, 0.0325, 0.871, 12.4),
    _hit(CHUNK_DEF, 0.0290, 0.842, None),
    _hit(CHUNK_AGR, 0.0161, None, 7.9),
)

START = TELECONSULTATION.index(ANSWER_TEXT)
ANSWER = Answer(
    text=ANSWER_TEXT,
    passage_id=CHUNK_TELE.id,
    document=DOC,
    start=START,
    end=START + len(ANSWER_TEXT),
    page=14,
    section=SECTION_TELE,
    footnotes=(NOTES[22],),
    score=0.91,
    highlight=(0, 10),
)

ANSWERED = AskResult(
    question="",
    answer=ANSWER,
    abstained=False,
    message="Réponse extraite du rapport.",
    hits=HITS,
    index=INFO,
    took_ms=31.4,
)
ABSTAINED = AskResult(
    question="",
    answer=None,
    abstained=True,
    message="Le rapport ne semble pas répondre à cette question.",
    hits=HITS[1:],
    index=INFO,
    took_ms=28.0,
)

PAGES = {
    (DOC, 14): PageView(
        document=DOC,
        number=14,
        label="14",
        paragraphs=(
            Paragraph(
                DOC, "Jusque-là, ces innovations sont surtout utilisées.", SECTION_DEF, ((0, 14),)
            ),
            Paragraph(DOC, TELECONSULTATION, SECTION_TELE, ((0, 14),)),
            Paragraph(DOC, MARKUP, SECTION_TELE, ((0, 14),)),
        ),
        footnotes=(NOTES[21], NOTES[22]),
        pages=40,
    ),
    (DOC, 15): PageView(
        document=DOC,
        number=15,
        label="15",
        paragraphs=(Paragraph(DOC, AGREMENT, SECTION_TELE, ((0, 15),)),),
        footnotes=(NOTES[23], NOTES[24]),
        pages=40,
    ),
    (OTHER_DOC, 1): PageView(
        document=OTHER_DOC,
        number=1,
        label="i",
        paragraphs=(Paragraph(OTHER_DOC, "Annexe.", (), ((0, 1),)),),
        footnotes=(),
        pages=1,
    ),
}


NEW_GENERATION = "gen-20250302T080000Z-7b1e04"


@dataclass
class FakeTask:
    """The attributes of ``santeqa.service.RebuildTask``."""

    id: str
    state: str
    started_at: str
    finished_at: str | None = None
    generation: str | None = None
    summary: str | None = None
    error: str | None = None


class FakeEngine:
    """Answers every question with ``ANSWERED`` unless it contains ``abstain_word``.

    A rebuild started with ``start_rebuild`` is ``running`` until it has been polled
    ``rebuild_polls`` times, then ``done`` (or ``failed`` with ``rebuild_error``).
    """

    def __init__(
        self,
        *,
        error: SanteqaError | None = None,
        crash: Exception | None = None,
        abstain_word: str = "pizza",
        gate: threading.Event | None = None,
        fallback: str | None = None,
        problem: str | None = None,
        rebuild_polls: int = 2,
        rebuild_error: str | None = None,
    ) -> None:
        self.error = error  # raised by every method (no usable index)
        self.crash = crash  # raised by ask() only (an unexpected bug)
        self.abstain_word = abstain_word
        self.gate = gate  # when set, ask() waits for it (to hold requests in flight)
        self.entered = threading.Event()
        self.calls: list[tuple[str, int]] = []
        self.histories: list[tuple[str, ...]] = []  # the history of each call
        self.warmed = 0
        self.fallback = fallback
        self.problem = problem  # what index_problem() says
        self.rebuild_polls = rebuild_polls
        self.rebuild_error = rebuild_error
        self.tasks: dict[str, FakeTask] = {}
        self.polls: dict[str, int] = {}

    def _check(self) -> None:
        if self.error is not None:
            raise self.error

    def ask(self, question: str, top_k: int, *, history: Sequence[str] = ()) -> AskResult:
        self._check()
        self.calls.append((question, top_k))
        self.histories.append(tuple(history))
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(10)
        if self.crash is not None:
            raise self.crash
        base = ABSTAINED if self.abstain_word in question.lower() else ANSWERED
        # a follow-up is "resolved" by naming the question before it, as a marker for tests
        resolved = f"{question} — {history[-1]}" if history else question
        return replace(base, question=question, hits=base.hits[:top_k], resolved_question=resolved)

    def info(self) -> IndexInfo:
        self._check()
        return INFO

    def page(self, document: str, number: int) -> PageView:
        self._check()
        if (document, number) not in PAGES:
            raise NotFound(f"{document}: no page {number}")
        return PAGES[(document, number)]

    def documents(self) -> list[str]:
        self._check()
        return [DOC, OTHER_DOC]

    def warm(self) -> None:
        self.warmed += 1
        self._check()

    def fallback_reason(self) -> str | None:
        return self.fallback

    def index_problem(self) -> str | None:
        return self.problem

    def start_rebuild(self) -> FakeTask:
        if any(t.state == "running" for t in self.tasks.values()):
            raise BuildInProgress("a rebuild is already running")
        task = FakeTask(
            id=f"task{len(self.tasks) + 1}", state="running", started_at="2025-03-02T08:00:00+00:00"
        )
        self.tasks[task.id] = task
        self.polls[task.id] = 0
        return task

    def rebuild_task(self, task_id: str) -> FakeTask:
        if task_id not in self.tasks:
            raise NotFound("No rebuild task with this id.")
        task = self.tasks[task_id]
        self.polls[task_id] += 1
        if task.state == "running" and self.polls[task_id] >= self.rebuild_polls:
            task.finished_at = "2025-03-02T08:00:05+00:00"
            if self.rebuild_error is None:
                task.generation = NEW_GENERATION
                task.summary = f"generation {NEW_GENERATION}: 1 document(s), 412 passages"
                task.state = "done"
            else:
                task.error = self.rebuild_error
                task.state = "failed"
        return task
