"""The one entry point: ``Engine.from_settings(settings)``.

The engine owns the embedder and answers questions; it delegates which generation serves to
``LiveIndex``, rebuilds to ``RebuildTasks`` and the page view to ``PageReader``.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Sequence

from threadpoolctl import threadpool_limits

from santeqa.batching import serving_embedder
from santeqa.cache import LRUCache
from santeqa.embed import Embedder, Vectors
from santeqa.errors import InvalidQuestion, SanteqaError
from santeqa.evaluate import Gold
from santeqa.index import BuildLock, LoadedIndex, expected_config
from santeqa.index.build import BuildReport, build
from santeqa.ingest import load_lexicon
from santeqa.qa.answer import (
    ANSWERED,
    NOT_ANSWERED,
    AnswerResources,
    Choice,
    choose,
    evidence,
    read_question,
)
from santeqa.qa.features import Evidence
from santeqa.qa.followup import (
    CONTEXT_MARK,
    MAX_HISTORY,
    Resolution,
    acronym_answered,
    answered_names,
    asks_unnamed_acronym,
    named_by_place_in,
    ordinal_pronoun,
    points_to_what_was_asked,
    resolve,
    with_answered_names,
)
from santeqa.qa.gloss import glossed
from santeqa.qa.model import AnswerModel, load_model
from santeqa.qa.question import Asked, asked, looks_english
from santeqa.qa.readings import reads_twice, with_other_reading
from santeqa.qa.rerank import choose_reordered
from santeqa.qa.retrieve import (
    Candidate,
    Question,
    RetrievalScores,
    dense_only,
    fuse,
    fuse_rankings,
    lexical_only,
    score,
)
from santeqa.qa.scope import off_the_report
from santeqa.qa.train import Example, FitOptions, SecondReadings, collect, cv_results
from santeqa.records import AskResult, Hit, IndexInfo, PageView
from santeqa.service.live import LiveIndex
from santeqa.service.reader import PageReader
from santeqa.service.tasks import RebuildTask, RebuildTasks
from santeqa.settings import Settings
from santeqa.text import Analyzer, fold
from santeqa.translate import Translator
from santeqa.tunables import Tunables

MODES = ("final", "hybrid", "dense", "lexical")
log = logging.getLogger(__name__)


def index_info(idx: LoadedIndex) -> IndexInfo:
    return IndexInfo(
        generation=idx.generation,
        chunks=len(idx.chunks),
        documents=len(idx.documents),
        model=idx.model,
        built_at=idx.built_at,
        answer_model=answer_model_name(idx.manifest),
    )


def answer_model_name(manifest: dict[str, object]) -> str:
    """« file sha256 (fitted on data sha256) », from the manifest's tunables."""
    tunables = manifest.get("tunables")
    fitted = tunables.get("answer_model") if isinstance(tunables, dict) else None
    if not isinstance(fitted, dict):
        return ""
    return f"{fitted.get('file')} {fitted.get('sha256')} (data {fitted.get('data_sha256')})"


#: what a text asks, the question as retrieval reads it, and its retrieval scores
Reading = tuple[Asked, Question, RetrievalScores]


class Engine:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        translator: Callable[[str], str | None] | None = None,
    ) -> None:
        # numpy's BLAS gets one thread: a question's products are small (a matrix-vector
        # product over the passages), and on a busy machine OpenBLAS threads spinning for
        # cores the model needs made one product over 5,000 passages take 20 ms instead of 0.5
        threadpool_limits(1, user_api="blas")
        self.settings = settings
        self._embedder = embedder
        # an English question's French, for its second reading (None: no second reading)
        if translator is None and settings.english_translation:
            translator = Translator()
        self.translator = translator
        self._analyzer = Analyzer()
        self._model_lock = threading.Lock()
        self.live = LiveIndex(settings.index_dir, self._expected)
        self.tasks = RebuildTasks(settings.index_dir)
        self.reader = PageReader(self.live)
        self.tunables = Tunables()
        self.answer_model: AnswerModel = load_model()
        # per-generation facts the answer step reads (computed by warm, else by the first question)
        self._resources: tuple[str, AnswerResources] | None = None
        self._resources_lock = threading.Lock()
        # answers to repeated questions, for the generation that gave them (the key holds
        # everything an answer depends on besides the model, which is fixed per engine)
        self.answers: LRUCache[tuple[object, ...], AskResult] = LRUCache(settings.answer_cache_size)
        self._answers_generation: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Engine:
        return cls(settings)

    # ------------------------------------------------------------------ model and index

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self._model_lock:
                if self._embedder is None:
                    self._embedder = serving_embedder(self.settings)
        return self._embedder

    def _expected(self) -> dict[str, object]:
        e = self.embedder
        return expected_config(self.settings, e.name, e.dimension, self.tunables)

    def warm(self) -> None:
        """Load the model and the published index, encode once and prepare the answer step's
        facts (so the first question is as fast as the others). Index errors are kept and
        re-raised by ``ask``."""
        self.embedder.embed_queries(["échauffement"])
        if self.settings.english_translation and not getattr(self.translator, "available", True):
            log.warning(
                "Apertium is not installed: English questions get no second reading in French "
                "(apt-get install apertium apertium-eng-spa apertium-fr-es)"
            )
        self.refresh(force=True)
        try:
            served = self.live.current()
        except SanteqaError:
            return
        # before /health says ready, so that the first questions do not wait for them (and the
        # server can move them out of the cyclic collector's sight with everything else)
        self.resources(served.index)

    def refresh(self, force: bool = False) -> bool:
        """Load the published generation if it changed. Returns True when a switch happened."""
        return self.live.refresh(force)

    def build(
        self,
        *,
        progress: bool = False,
        on_step: Callable[[str], None] | None = None,
        lock: BuildLock | None = None,
    ) -> BuildReport:
        """Build and publish a new generation, then serve it (``lock``: see ``index.build``)."""
        report = build(
            self.settings,
            self.embedder,
            progress=progress,
            on_step=on_step,
            tunables=self.tunables,
            lock=lock,
        )
        self.refresh(force=True)
        return report

    def start_rebuild(self) -> RebuildTask:
        """Run ``build`` in a background thread. Raises BuildInProgress if one is running
        (here, or in another process holding the build lock)."""
        return self.tasks.start(lambda lock: self.build(lock=lock))

    def rebuild_task(self, task_id: str) -> RebuildTask:
        """A rebuild task by id; raises NotFound when there is none."""
        return self.tasks.get(task_id)

    # ------------------------------------------------------------------ questions

    def info(self) -> IndexInfo:
        return index_info(self.live.current().index)

    def fallback_reason(self) -> str | None:
        return self.live.fallback_reason()

    def index_problem(self) -> str | None:
        """What is wrong with the index folder while the loaded generation keeps serving."""
        return self.live.problem()

    def ask(
        self,
        question: str,
        top_k: int | None = None,
        *,
        mode: str = "final",
        history: Sequence[str] = (),
    ) -> AskResult:
        """Answer ``question``; ``history``: the earlier questions of the conversation, oldest
        first, with which a follow-up (« Et en 2022 ? ») is resolved before it is searched."""
        t0 = time.perf_counter()
        question = question.strip()
        if not question:
            raise InvalidQuestion("the question is empty")
        if mode not in MODES:
            raise InvalidQuestion(f"unknown mode {mode!r}")
        if len(history) > MAX_HISTORY:
            raise InvalidQuestion(f"at most {MAX_HISTORY} earlier questions")
        k = top_k or self.settings.top_k
        idx = self.live.current().index
        reading = resolve(question, history, self._analyzer)
        if history and ordinal_pronoun(question) is not None:
            reading = self._named_by_place(idx, reading, history, k, mode)
        elif history and asks_unnamed_acronym(question):
            reading = self._acronym_of_the_answered(idx, reading, history, k, mode)
        elif (
            history and reading.changed and points_to_what_was_asked(reading.resolved, history[-1])
        ):
            reading = self._about_the_answered(idx, reading, history, k, mode)
        model = (id(self.answer_model), self.abstain_threshold)
        # the history too: a source follow-up is read with the earlier turn's answer
        key = (idx.generation, self.tunables, model, question, reading, tuple(history), k, mode)
        cached = self.answers.get(key)
        if cached is not None:
            took_ms = round((time.perf_counter() - t0) * 1000, 2)
            return dataclasses.replace(cached, took_ms=took_ms)
        searched = self._source_of_earlier(question, history, reading.resolved, k, mode)
        brought = None if searched else reading.brought
        # a follow-up's candidates are scored by its reading with the conversation's words too
        with_words = None if searched else reading.fallback
        near = self._near_earlier(idx, history, k, mode) if history and not searched else ()
        result = self._answer(
            idx, question, searched or reading.resolved, k, mode, brought, with_words, near
        )
        if result.abstained and reading.fallback is not None:
            # the follow-up as read found nothing: read it with the conversation's words
            result = self._read_again(result, idx, question, reading.fallback, k, mode)
        if result.abstained and reading.alone is not None and not searched:
            # nor with them: read on its own, it is answered as a single question is (the
            # judge's threshold, no higher bar: no context lifts what it finds)
            result = self._read_again(result, idx, question, reading.alone, k, mode, bar=0.0)
        if result.abstained and history and CONTEXT_MARK not in reading.resolved:
            # a source question the grammar read alone (« Quel institut a publié l'enquête
            # citée en référence ? ») found nothing: it asks the earlier answer's source (one
            # read with a context was searched so already, by ``_source_of_earlier``)
            again = self._asking_earlier_source(question, history, k, mode)
            if again is not None:
                result = self._read_again(result, idx, question, again, k, mode)
        french = self._in_french(reading.resolved) if result.abstained else None
        if french is not None:
            # an English question read as typed found no answer: read it in French
            result = self._read_again(result, idx, question, french, k, mode)
        if idx.generation != self._answers_generation:
            self.answers.clear()  # a new generation: the old answers are never asked for again
            self._answers_generation = idx.generation
        self.answers.put(key, result)
        return dataclasses.replace(result, took_ms=round((time.perf_counter() - t0) * 1000, 2))

    def _about_the_answered(
        self, idx: LoadedIndex, reading: Resolution, history: Sequence[str], k: int, mode: str
    ) -> Resolution:
        """A follow-up about what the earlier question asked for, with the names its answer
        gave as context (``qa.followup.with_answered_names``). When the earlier turn was not
        answered, its question is the context: « la structure » alone says too little, and the
        question's words find the passage it would have been answered from."""
        earlier = self.ask(history[-1], k, mode=mode, history=history[:-1])
        said = earlier.answer.text if earlier.answer and not earlier.abstained else ""
        named = with_answered_names(reading.resolved, history[-1], said, idx.common_words)
        return dataclasses.replace(reading, resolved=named)

    def _named_by_place(
        self, idx: LoadedIndex, reading: Resolution, history: Sequence[str], k: int, mode: str
    ) -> Resolution:
        """A follow-up naming a thing by its place among those the earlier turn's answer
        named (« Combien de bornes a la première ? » after « Quelles sociétés ont obtenu
        l'agrément ? »): the ordinal written as that name; the reading as it was when the
        earlier turn was not answered or named too few things."""
        earlier = self.ask(history[-1], k, mode=mode, history=history[:-1])
        if earlier.answer is None or earlier.abstained:
            return reading
        names = answered_names(earlier.answer.text, history[-1], idx.common_words)
        # the earlier turn as it was searched (« … l'ont-elles obtenu ? » read with what « elles »
        # stands for), one context
        said = (earlier.resolved_question or history[-1]).replace(CONTEXT_MARK, " ")
        named = named_by_place_in(reading.question, names, said)
        if named is None:
            return reading
        return dataclasses.replace(reading, resolved=named, fallback=reading.resolved)

    def _acronym_of_the_answered(
        self, idx: LoadedIndex, reading: Resolution, history: Sequence[str], k: int, mode: str
    ) -> Resolution:
        """A follow-up asking what an acronym stands for without writing it (« Et que veut
        dire ce sigle ? »): asked of the acronym the earlier turn's answer gave, when the
        glossary spells one out, with no second reading (the grammar's, « What does AI's
        acronym stand for? », put the pronoun back as the wrong name, and its context drew
        the answer to the sentence using the acronym, not the row spelling it out); the
        reading as it was otherwise."""
        earlier = self.ask(history[-1], k, mode=mode, history=history[:-1])
        if earlier.answer is None or earlier.abstained:
            return reading
        spelled_out = {fold(g.acronym): g.expansion for g in reversed(idx.glossary)}
        named = acronym_answered(reading.question, earlier.answer.text, history[-1], spelled_out)
        if named is None:
            return reading
        return dataclasses.replace(reading, resolved=named, fallback=None)

    def _source_of_earlier(
        self, question: str, history: Sequence[str], resolved: str, k: int, mode: str
    ) -> str | None:
        """A follow-up asking only where something comes from (« la source ? », « d'où vient
        ce chiffre ? »), read with the conversation as context, asks for the source of the
        earlier turn's answer: it is searched with that answer's text as its context, not
        the earlier question's words, which may match another figure's sentence better. None
        for any other question, or when the earlier turn was not answered."""
        if not history or CONTEXT_MARK not in resolved:
            return None
        return self._asking_earlier_source(question, history, k, mode)

    def _asking_earlier_source(
        self, question: str, history: Sequence[str], k: int, mode: str
    ) -> str | None:
        """A source question searched with the earlier turn's answer as its context; None for
        any other question, or when the earlier turn was not answered."""
        if not asked(question).source:
            return None
        earlier = self.ask(history[-1], k, mode=mode, history=history[:-1])
        if earlier.answer is None or earlier.abstained:
            return None
        return f"{question.strip()}{CONTEXT_MARK}{earlier.answer.text}"

    def _read_again(
        self,
        first: AskResult,
        idx: LoadedIndex,
        question: str,
        searched: str,
        k: int,
        mode: str,
        bar: float | None = None,
    ) -> AskResult:
        """``question`` searched as ``searched`` when that answer is likely enough (``bar``,
        by default ``AnswerShape.second_reading_confidence``), else the first reading's
        result."""
        second = self._answer(idx, question, searched, k, mode)
        bar = self.tunables.answer.second_reading_confidence if bar is None else bar
        return second if not second.abstained and second.confidence >= bar else first

    def _in_french(self, searched: str) -> str | None:
        """The French of an English question as searched (a follow-up's context, after
        « — », stays as it is), or None: not English, or no translator."""
        asked, mark, context = searched.partition(CONTEXT_MARK)
        if self.translator is None or not looks_english(asked):
            return None
        french = self.translator(asked)
        return None if french is None else french + mark + context

    def _near_earlier(
        self, idx: LoadedIndex, history: Sequence[str], k: int, mode: str
    ) -> tuple[int, ...]:
        """The body passages around the earlier turn's answer (``near_earlier_reach`` either
        side, in its document), where a follow-up is most often answered; none when that turn
        was withheld. The earlier turn is asked again: answered from the cache, as a
        conversation's turns are asked in order."""
        reach = self.tunables.answer.near_earlier_reach
        if mode != "final" or reach < 0 or not self.tunables.answer.near_earlier_weight:
            return ()
        earlier = self.ask(history[-1], k, mode=mode, history=history[:-1])
        if earlier.answer is None:
            return ()
        row = idx.row_of(earlier.answer.passage_id)
        if row is None:
            return ()
        document = idx.chunks[row].document
        return tuple(
            r
            for r in range(max(0, row - reach), min(len(idx.chunks), row + reach + 1))
            if idx.chunks[r].document == document and idx.chunks[r].kind == "body"
        )

    def _answer(
        self,
        idx: LoadedIndex,
        question: str,
        searched: str,
        k: int,
        mode: str,
        brought: str | None = None,
        with_words: str | None = None,
        near: tuple[int, ...] = (),
    ) -> AskResult:
        """The answer to ``question``, searched as ``searched`` (follow-ups resolved);
        ``brought``: what an ellipsis brought to the earlier question, ``with_words``: the
        follow-up read with the conversation's words (both from ``Resolution``)."""
        res = self.resources(idx)
        choice, cands = self._choose(
            idx, res, question, searched, k, mode, brought, with_words, near=near
        )
        if mode == "final" and choice.answer is not None:
            # the passage holding the answer comes first
            cands = sorted(cands, key=lambda c: idx.chunks[c.row].id != choice.answer.passage_id)  # type: ignore[union-attr]
        abstained = choice.answer is None or choice.confidence < self.abstain_threshold
        hits = tuple(
            Hit(
                chunk=idx.chunks[c.row],
                score=c.score,
                dense=c.dense,
                lexical=c.lexical,
                footnotes=tuple(idx.footnotes_of(idx.chunks[c.row])),
            )
            for c in cands[:k]
        )
        return AskResult(
            question=question,
            answer=None if abstained else choice.answer,
            abstained=abstained,
            message=NOT_ANSWERED if abstained else ANSWERED,
            hits=hits,
            index=index_info(idx),
            took_ms=0.0,  # set by ask
            confidence=round(choice.confidence, 4),
            resolved_question=searched,
        )

    def _choose(
        self,
        idx: LoadedIndex,
        res: AnswerResources,
        question: str,
        searched: str,
        k: int,
        mode: str,
        brought: str | None = None,
        with_words: str | None = None,
        translated: bool = False,
        read: Reading | None = None,
        near: tuple[int, ...] = (),
    ) -> tuple[Choice, list[Candidate]]:
        """The answer step's choice for ``question`` searched as ``searched``, and the
        passages in the order it read them. An English question's candidates are scored by
        its French reading too, unless it is a follow-up or asks what an acronym stands for; a
        follow-up's by its reading ``with_words`` (``qa.readings``), both encoded in one call.
        ``translated``: ``searched`` is a second reading; ``read``: ``searched`` already read."""
        followed = searched != question
        context_weight = self.tunables.answer.context_reading_weight
        wanted = mode == "final" and context_weight and with_words not in (None, searched)
        second = with_words if wanted else None
        if read is not None:
            reads = [read]
        else:
            texts = [(searched, followed)] + ([(second, second != question)] if second else [])
            reads = self._read_together(idx, res, texts)
        what, q, s = reads[0]
        cands = self._ranked(idx, s, mode, max(self.settings.fusion_depth, k))
        if near:  # a follow-up: the passages near the earlier answer ranked too
            cands = self._with_near(s, cands, near)
        ev = self._evidence(idx, res, what, q, s, followed=followed, brought=brought)
        if mode != "final":
            return choose(idx, res, self.answer_model, ev, cands), cands
        choice, cands = choose_reordered(idx, res, self.answer_model, ev, cands, q.english)
        if q.english and not followed and not translated and self._off_the_report(idx, ev, q):
            return dataclasses.replace(choice, answer=None, highlight=None, confidence=0.0), cands
        weight = self.tunables.answer.french_reading_weight if reads_twice(what, followed) else 0
        french = None if translated or not weight else self._in_french(searched)
        if french is not None:
            other, in_french = self._choose(idx, res, question, french, k, mode, translated=True)
            choice = with_other_reading(idx, res, self.answer_model, ev, choice, other, weight)
            # the passages shown: those both readings find (the French shares the report's
            # words, the typed English its meaning), not only the typed reading's
            cands = fuse_rankings([cands, in_french], self.settings.rrf_k)
        if second is not None:
            other, _read = self._choose(
                idx, res, question, second, k, mode, translated=True, read=reads[1]
            )
            choice = with_other_reading(
                idx, res, self.answer_model, ev, choice, other, context_weight
            )
        return choice, cands

    def _off_the_report(self, idx: LoadedIndex, ev: Evidence, q: Question) -> bool:
        """An English question sharing almost nothing with the report and naming nothing it
        names (``qa.scope.off_the_report``): withheld whatever the judge says, which lifts
        every English question. A definition asks of one term: one shared is enough ("What
        is teleconsultation?")."""
        shared = self.tunables.answer.english_min_shared_terms
        if ev.asked.kind in ("definition", "meaning"):
            shared = min(shared, 1)
        return off_the_report(q.terms, ev.names, idx.idf, shared)

    def _with_near(
        self, s: RetrievalScores, cands: list[Candidate], near: tuple[int, ...]
    ) -> list[Candidate]:
        """The follow-up's ranking fused with the passages near the earlier answer, ranked by
        their similarity to it (``near_earlier_weight``), cut to the same depth."""
        by_row = {c.row: c for c in cands}
        around = [
            by_row.get(r)
            or Candidate(
                row=r, score=0.0, dense=float(s.chunk_dense[r]), lexical=float(s.lexical[r])
            )
            for r in near
        ]
        around.sort(key=lambda c: -(c.dense or 0.0))
        weight = self.tunables.answer.near_earlier_weight
        fused = fuse_rankings([cands, around], self.settings.rrf_k, weights=[1.0, weight])
        return fused[: len(cands)]

    @property
    def abstain_threshold(self) -> float:
        """The settings' threshold when one is set, else the fitted model's."""
        if self.settings.abstain_threshold is not None:
            return self.settings.abstain_threshold
        return self.answer_model.threshold

    def resources(self, idx: LoadedIndex) -> AnswerResources:
        """The answer step's per-generation facts (built once per generation)."""
        held = self._resources
        if held is None or held[0] != idx.generation:
            with self._resources_lock:  # computed once; concurrent questions wait for it
                held = self._resources
                if held is None or held[0] != idx.generation:
                    words = load_lexicon(self.settings.lexicon).words
                    english = load_lexicon(self.settings.english_words).words
                    resources = AnswerResources.of(idx, dictionary=words, english=english)
                    held = (idx.generation, resources)
                    self._resources = held  # one assignment: readers see old or new
        return held[1]

    def _ranked(
        self, idx: LoadedIndex, s: RetrievalScores, mode: str, depth: int
    ) -> list[Candidate]:
        if mode == "dense":
            return dense_only(idx, s, depth)
        if mode == "lexical":
            return lexical_only(idx, s, depth)
        return fuse(idx, s, depth=depth, rrf_k=self.settings.rrf_k, weights=self.tunables.fusion)

    def _evidence(
        self,
        idx: LoadedIndex,
        res: AnswerResources,
        what: Asked,
        q: Question,
        s: RetrievalScores,
        followed: bool = False,
        brought: str | None = None,
    ) -> Evidence:
        """What the answer step knows; ``followed``: the question was resolved with a
        conversation, so a context it was given, or the earlier question an ellipsis was
        written into (``brought``), weighs less (``AnswerShape.context_weight``)."""
        context_weight = self.tunables.answer.context_weight if followed else None
        return evidence(
            idx, what, q.text, q.terms, s, self._analyzer, res.places, context_weight, brought
        )

    def _read(
        self, idx: LoadedIndex, res: AnswerResources, text: str, followed: bool = False
    ) -> Reading:
        """What ``text`` asks, the question as retrieval reads it, and its retrieval scores.
        An English question's words are glossed in the report's French (``qa.gloss``): that
        adds lexical terms, what is encoded stays as typed. Its words are encoded in a call of
        their own: in the question's call, padded to its length, they cost more (p95 of
        English questions 34 -> 49 ms in process)."""
        return self._read_together(idx, res, [(text, followed)])[0]

    def _read_together(
        self, idx: LoadedIndex, res: AnswerResources, texts: Sequence[tuple[str, bool]]
    ) -> list[Reading]:
        """``_read`` of each (text, followed), the texts encoded in one call: a follow-up's
        two readings cost 18 ms so, 25 ms in two calls (p50 in process, query cache off)."""
        read = [read_question(idx, res, text, self._analyzer, followed) for text, followed in texts]
        vectors = self.embedder.embed_queries([q.expanded for _what, q in read])
        bar = self.tunables.fusion.english_gloss_min_cosine
        out = []
        for (what, q), vector in zip(read, vectors, strict=True):
            q = glossed(idx, q, self.embedder.embed_queries, bar, self._analyzer)
            out.append((what, q, score(idx, q, vector)))
        return out

    def choice_for(self, question: str) -> Choice:
        """The answer step's full choice for a question (for tests and diagnostics)."""
        idx = self.live.current().index
        res = self.resources(idx)
        what, q, s = self._read(idx, res, question)
        cands = self._ranked(idx, s, "final", max(self.settings.fusion_depth, self.settings.top_k))
        ev = self._evidence(idx, res, what, q, s)
        return choose_reordered(idx, res, self.answer_model, ev, cands, q.english)[0]

    def training_examples(
        self,
        golds: Sequence[Gold],
        variants: int = 0,
        encode: Callable[[Sequence[str]], Vectors | Sequence[Vectors]] | None = None,
    ) -> list[Example]:
        """Each gold question retrieved once (one batch of encodings), as a fitting example,
        with ``variants`` hurried rewrites of it (``FitOptions.augment_variants``); ``encode``
        (the embedder's by default) lets a benchmark reuse vectors it has cached."""
        idx = self.live.current().index
        return collect(
            idx,
            self.resources(idx),
            golds,
            encode or self.embedder.embed_queries,
            depth=max(self.settings.fusion_depth, self.settings.top_k),
            rrf_k=self.settings.rrf_k,
            fusion=self.tunables.fusion,
            variants=variants,
        )

    def cross_validated(
        self, golds: Sequence[Gold], folds: int, top_k: int
    ) -> list[tuple[Gold, AskResult]]:
        """Each question answered by a model refitted without its fold (``eval --cv``); an
        English question withheld is read again in French, as ``ask`` does."""
        idx = self.live.current().index
        examples = self.training_examples(golds, FitOptions().augment_variants)
        second = self._second_readings(golds)
        return cv_results(idx, self.resources(idx), examples, folds, top_k, second=second)

    def _second_readings(self, golds: Sequence[Gold]) -> SecondReadings | None:
        """The gold questions' French readings (English ones only) as fitting examples, read
        with the typed ones as ``ask`` reads them."""
        french = {i: self._in_french(g.question) for i, g in enumerate(golds)}
        read = {i: dataclasses.replace(golds[i], question=f) for i, f in french.items() if f}
        if not read:
            return None
        examples = self.training_examples(list(read.values()))
        shape = self.tunables.answer
        return SecondReadings(
            dict(zip(read, examples, strict=True)),
            bar=shape.second_reading_confidence,
            rrf_k=self.settings.rrf_k,
            weight=shape.french_reading_weight,
        )

    # ------------------------------------------------------------------ reading pages

    def documents(self) -> list[str]:
        return self.reader.documents()

    def page(self, document: str, number: int) -> PageView:
        """The page view; raises NotFound for an unknown document or page."""
        return self.reader.page(document, number)
