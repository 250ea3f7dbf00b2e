"""Every tuned number of santeqa, in one frozen and serialisable record.

The defaults below are the values in use; each field says why it has its value. Nothing reads
them as globals: the engine builds one ``Tunables`` and passes each part down (the chunker gets
``chunking``, fusion gets ``fusion``, the answer step gets ``answer``). The record is saved in
every index manifest (changing a number asks for a rebuild, so an index always says which
numbers it was built and measured with) and printed by ``santeqa eval``.

Settings (``settings.py``) are what an operator may change per deployment (``top_k``,
``fusion_depth``, ``rrf_k``, ``abstain_threshold``); tunables are what a developer calibrates
and ships with the code. The answer step's fitted weights live in their own data file
(``qa/answer_model.json``, see ``qa.model``), named in the manifest and by ``santeqa eval``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from santeqa.ingest.heuristics import IngestHeuristics


@dataclass(frozen=True)
class ChunkSplit:
    """How a section is cut into passages (``chunk._partition``): a small dynamic programme
    whose cost is the squared distance of each passage to the target size plus these penalties.
    The penalties are orders of magnitude apart so that they rank strictly: never exceed the
    ceiling, then keep the sentence overlap, then avoid short passages, then balance sizes."""

    over_ceiling_penalty: float = 1e6  # per word above the hard ceiling: effectively forbidden
    no_overlap_penalty: float = 1e5  # a cut without the shared sentence(s): only when forced
    under_floor_penalty: float = 1e4  # per word below the floor: a tiny tail chunk is avoided
    floor_ratio: float = 2 / 3  # floor = this share of the target size (80 words for 120)
    # an over-long sentence is cut into pieces of this share of the ceiling (120 words for 160),
    # which leaves room for neighbours in the same passage
    piece_ratio: float = 0.75


@dataclass(frozen=True)
class Fusion:
    """Reciprocal-rank fusion of the dense and the lexical rankings (``qa.retrieve.fuse``).
    Depth and the RRF constant are settings (``fusion_depth``, ``rrf_k``)."""

    lexical_weight: float = 1.0  # a French question: both rankings count the same
    # an English question shares few terms with the French report, so its lexical ranking is
    # mostly noise: it counts half
    english_lexical_weight: float = 0.5
    # an English question's word the report never writes adds the terms of its nearest report
    # word when their cosine reaches this (``qa.gloss``): on the English questions of the own
    # sets 0.85-0.88 gained the same, 0.90 less (quality log, round of stop 60)
    english_gloss_min_cosine: float = 0.87


@dataclass(frozen=True)
class AnswerShape:
    """The numbers of the answer step besides its fitted model (``qa/answer_model.json``,
    written by ``santeqa train``: ranker and judge weights, abstention threshold, neighbour
    margin). These shape what is scored and quoted; they are read by ``qa.features``,
    ``qa.spans`` and ``qa.answer``."""

    passages: int = 5  # top fused passages whose sentences are candidates
    # longest answer extract: two or three sentences, or a lead-in and its items; a longer
    # sentence is cut at clauses. A question asking two things (« quand … et combien … ? »)
    # gets twice this room, for a sentence answering each part
    max_answer_chars: int = 400
    # a quote of two whole sentences (the chosen one and a neighbour nearly as likely, see
    # the fitted neighbour margin) may run to this: cutting a pair of 250-character sentences
    # to 400 kept the one that repeats the question's words and lost the one that answers
    # (cross-validated, 4 splits: answer_hit +1.9 points at 600 against 400 with a neighbour
    # margin of 3; with the margin of 2.5 the median quote stays under what it was before)
    max_joined_chars: int = 600
    # a list asked for, or a lead-in's items quoted from the next passage, may run to this
    # when its items all fit (else its likeliest item is quoted with the neighbours that fit).
    # Only the quote served: the fitted models' labels are read with ``max_answer_chars``
    # (a list's room raised for the labels too moved every lead-in's label and measured worse)
    max_list_chars: int = 600
    # the weight of a question term no passage uses, between the idf of a term one passage
    # uses and that of a term in none: with log(1 + (N - df + 0.5) / (df + 0.5)) and the
    # report's N = 172 passages, df = 1 gives 4.75 and df = 0 gives 5.85
    unknown_term_idf: float = 5.0
    # the judge's ``kind_near`` (``qa.judging``): words either side of a span of the asked
    # kind that count as standing near it, and how many of the likeliest sentences are read
    # (cross-validated, 4 splits: 4 or 10 words, 1 or 5 sentences did no better than 6 over
    # 3 — answer_hit 0.800–0.803 against 0.804; 4 words withheld fewer out-of-scope
    # questions, 1 sentence more answerable ones)
    judge_near_words: int = 6
    judge_near_candidates: int = 3  # see the comment above
    # a sentence beside the judge's best, within this many log-odds of it, lends it the
    # kind asked: it is quoted with it (« Le projet X a été retenu … . Doté de 4 M€ … »)
    judge_near_tie: float = 1.0
    # a note of fewer words (web addresses left out) is a bare reference — a title, « Site
    # de X. » — that answers no question but a source's (or a date or name it holds): the
    # report's notes are such references of 1–9 words or explanations of 14 and more
    bare_reference_words: int = 12
    # two notes are of the same source when they share this share of the shorter one's words
    # (« OCDE, l'IA dans le domaine de la santé, un immense potentiel … » and « L'IA dans le
    # domaine de la santé | OCDE »: all of them): a source question then gets the one whose
    # citing sentence is likelier (``qa.references.note_of_likelier_clause``). The report's
    # two such pairs share all; notes of different sources at most three quarters (two short
    # titles on one site: « Téléexpertise (normand-esante.fr) »)
    same_source_share: float = 0.9
    # how far below the ranker's first, in multiples of the fitted neighbour margin, a body
    # sentence that writes the term a definition question asks about (« En quoi consiste la
    # pseudonymisation … ? ») takes the place of a first one that does not: a sentence that
    # never names the term defines nothing (cross-validated on dev+train: 1, 2 or 3 change
    # no answer; on the held-out sets 2 quotes the defining sentence twice where 1 did not)
    defined_term_reach: float = 2.0
    # a sentence holding the kind asked takes the place of a first one that holds none
    # (``qa.naming.holding_the_kind``) when it covers at least this share of what the first
    # covers with its neighbours: « 40 % des projets accompagnés … » (0.502) for « quelle part
    # des projets accompagnés en Normandie … ? », whose first sentence (0.514) names the
    # region and no share. 1.0 before the round of stop 42; 0.9 moves that own question and
    # no other question of the gold folds, the eleven own sets or the dialogue sets
    kind_holder_coverage_share: float = 0.9
    # two stems one of which begins the other count as one word when the shorter has this
    # many letters (``qa.answer._same_stem``): the stemmer cuts a participle and its noun
    # apart (« pseudonymisées » « pseudonymise », « pseudonymisation » « pseudonymis »);
    # 7 letters leave out short stems that begin unrelated words (« format » « formation »)
    same_stem_min_chars: int = 7
    # a resolved follow-up's context words (after « — »: what the conversation is about) weigh
    # this share of their own in the answer step's coverage: the answering sentence need not
    # repeat them (dialogues with history, README « Follow-ups »: 0.5 answers one more turn of
    # own and of own-6 and loses none; 0.25 loses two abstentions; single questions unchanged)
    context_weight: float = 0.5
    # a follow-up whose first reading abstains is read again with the conversation's words as
    # context (``qa.followup.Resolution.fallback``); that reading's answer is given only when
    # the judge finds it at least this likely, above the abstention threshold: the context,
    # the earlier question written out, lifts the dense similarity of the passage it was
    # about, right or not (README « Follow-ups »: chosen on the own dialogue sets 1–7, then
    # measured once on a fresh set)
    second_reading_confidence: float = 0.5
    # an English question's candidate sentences are scored by its French translation's
    # reading too, whose log-odds weigh this share of the typed reading's (``qa.readings``).
    # The translation is rough, so it weighs less than the question as typed. Measured on the
    # 272 answerable English questions of the gold and own files (README « English
    # questions »): 0.25, 0.5, 1 answer 7, 6, 3 more than 0 (the typed reading alone)
    french_reading_weight: float = 0.5
    # a resolved follow-up's candidate sentences are scored by its second reading too, the
    # question as typed with the conversation's words as context (``Resolution.fallback``),
    # whose log-odds weigh this share (``qa.readings``): the grammar's resolution may have
    # given a pronoun the wrong referent or garbled the context. Measured on the own dialogue
    # sets 2–38 and dialogues-dev with history (1,127 turns): 0.25, 0.5, 0.75, 1 answer 5, 11,
    # 12, 10 more turns than 0; at 0.5, +18 −7. Single questions have no second reading
    context_reading_weight: float = 0.5
    # a follow-up is most often answered near the earlier turn's answer (in the own dialogue
    # sets, 87 % of the answerable follow-ups that are no source question stand on the same
    # page, 96 % within a page): the earlier answer's passage and this many either side, in
    # its document, are ranked as a reading of their own (by similarity) and fused with the
    # follow-up's ranking at this weight (``Engine._near_earlier``). Measured on the own
    # dialogue sets 2–42 and dialogues-dev (1,279 turns): weight 1, 0.5, 0.33 answer 5, 6, 6
    # more turns (0.5: +10 −4); only the earlier answer's passage (reach 0), none
    near_earlier_reach: int = 1
    near_earlier_weight: float = 0.5  # see the comment above; 0 ranks no passage near
    # an English question read as typed (a single question, or a follow-up the grammar left
    # as it is) that shares fewer content terms than this with the report (its words and their
    # French glosses) and names nothing the report names is about something else: that reading
    # is withheld whatever the judge says (« How do I renew my passport? »: the judge lifts
    # every English question, its gold ones being nearly all answerable); its other readings
    # (with the conversation, in French) are tried as for any withheld question. On the 521
    # answerable English questions of the gold and own files the fewest shared is 2; 13 of 24
    # English questions about other things share fewer (``qa.scope.off_the_report``). A
    # definition asks of one term, so for one (« What is X? ») one shared term is enough:
    # "What is teleconsultation?" shares one, "What are the symptoms of the flu?" too (its
    # gloss « maladie »), « What is the GHT? » none
    english_min_shared_terms: int = 2


_ANSWER_MODEL = Path(__file__).parent / "qa" / "answer_model.json"


@lru_cache(maxsize=1)
def _answer_model_fingerprint() -> tuple[str, str]:
    """(sha256 of the fitted model file, sha256 of the gold data it was fitted on)."""
    try:
        raw = _ANSWER_MODEL.read_bytes()
        data = str(json.loads(raw).get("data_sha256", "unknown"))
    except (OSError, ValueError, AttributeError):
        return "absent", "absent"
    return hashlib.sha256(raw).hexdigest()[:16], data[:16]


@dataclass(frozen=True)
class FittedAnswer:
    """Which fitted answer model (``qa/answer_model.json``, written by ``santeqa train``) an
    index was built and measured with: saved in the manifest like every tunable, so that
    ``santeqa eval`` and ``/health`` name it and a refitted model asks for a rebuild."""

    file: str = "santeqa/qa/answer_model.json"
    sha256: str = field(default_factory=lambda: _answer_model_fingerprint()[0])
    data_sha256: str = field(default_factory=lambda: _answer_model_fingerprint()[1])


@dataclass(frozen=True)
class Tunables:
    """The whole record. ``ingest`` holds the reading heuristics (``IngestHeuristics``):
    ingest reads the same default instance (``ingest.heuristics.HEURISTICS``), and the record
    carries it so that the manifest and ``santeqa eval`` show those numbers too."""

    chunking: ChunkSplit = field(default_factory=ChunkSplit)
    fusion: Fusion = field(default_factory=Fusion)
    answer: AnswerShape = field(default_factory=AnswerShape)
    answer_model: FittedAnswer = field(default_factory=FittedAnswer)
    ingest: IngestHeuristics = field(default_factory=IngestHeuristics)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict, one entry per part (as saved in the index manifest)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tunables:
        """The inverse of ``as_dict``; unknown keys are an error (a typo must not pass)."""
        return cls(
            chunking=ChunkSplit(**data.get("chunking", {})),
            fusion=Fusion(**data.get("fusion", {})),
            answer=AnswerShape(**data.get("answer", {})),
            answer_model=FittedAnswer(**data.get("answer_model", {})),
            ingest=IngestHeuristics(**data.get("ingest", {})),
        )

    def lines(self) -> list[str]:
        """``part.name = value`` lines, for ``santeqa eval``."""
        return [
            f"{part}.{name} = {value:g}"
            if isinstance(value, int | float)
            else f"{part}.{name} = {value}"
            for part, values in self.as_dict().items()
            for name, value in values.items()
        ]
