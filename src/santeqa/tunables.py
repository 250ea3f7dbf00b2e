"""Every tuned number of santeqa, in one frozen and serialisable record.

The defaults below are the values in use; each field says why it has its value. Nothing reads
them as globals: the engine builds one ``Tunables`` and passes each part down (the chunker gets
``chunking``, fusion gets ``fusion``, the answer step gets ``answer``). The record is saved in
every index manifest (changing a number asks for a rebuild, so an index always says which
numbers it was built and measured with) and printed by ``santeqa eval``.

Settings (``settings.py``) are what an operator may change per deployment (``top_k``,
``fusion_depth``, ``rrf_k``, ``abstain_threshold``); tunables are what a developer calibrates
on the development questions and ships with the code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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


@dataclass(frozen=True)
class AnswerWeights:
    """How sentence evidence is combined into an answer score and a confidence
    (``qa.answer.choose``). Calibrated on the development questions."""

    coverage: float = 0.25  # share of the question's (IDF-weighted) terms found in the sentence
    passage_coverage: float = 0.10  # the same over the whole passage
    rank: float = 0.01  # penalty per rank of the passage in the fused list
    passages: int = 5  # how many top passages are searched for the answer
    neighbour_margin: float = 0.05  # a neighbour this close to the best sentence joins it
    note_bonus: float = 0.05  # a footnote's text, when the question asks for a source
    type_penalty: float = 0.20  # the sentence cannot hold the kind of answer asked for
    glossary_penalty: float = 0.20  # a glossary entry, when the question is not about meaning
    reference_penalty: float = 0.10  # a bibliographic note, when the question is not about a source
    min_similarity: float = 0.84  # below this best sentence similarity, nothing is close
    english_similarity_offset: float = 0.04  # English questions run lower against French text
    # added to an English question's confidence: no lexical coverage across languages, so its
    # scores run lower for the same evidence
    english_offset: float = 0.12
    # the weight of a question term no passage uses, between the idf of a term one passage
    # uses and that of a term in none: with log(1 + (N - df + 0.5) / (df + 0.5)) and the
    # report's N = 172 passages, df = 1 gives 4.75 and df = 0 gives 5.85
    unknown_term_idf: float = 5.0
    # longest answer extract: two or three sentences; a longer sentence is cut at clauses
    max_answer_chars: int = 400


@dataclass(frozen=True)
class Tunables:
    """The whole record. ``ingest`` holds the reading heuristics (``IngestHeuristics``):
    ingest reads the same default instance (``ingest.heuristics.HEURISTICS``), and the record
    carries it so that the manifest and ``santeqa eval`` show those numbers too."""

    chunking: ChunkSplit = field(default_factory=ChunkSplit)
    fusion: Fusion = field(default_factory=Fusion)
    answer: AnswerWeights = field(default_factory=AnswerWeights)
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
            answer=AnswerWeights(**data.get("answer", {})),
            ingest=IngestHeuristics(**data.get("ingest", {})),
        )

    def lines(self) -> list[str]:
        """``part.name = value`` lines, for ``santeqa eval``."""
        return [
            f"{part}.{name} = {value:g}"
            for part, values in self.as_dict().items()
            for name, value in values.items()
        ]
