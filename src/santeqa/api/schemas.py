"""The request and response models of the HTTP api: they check what comes in and document
what goes out in the OpenAPI schema. The ``/ask`` JSON is :class:`AskResponse`, built by
:func:`ask_response` (the cli prints the same model)."""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from santeqa.qa.followup import MAX_HISTORY
from santeqa.records import AskResult, Footnote, Hit
from santeqa.settings import TOP_K_MAX

QUESTION_EXAMPLE = "Combien de pharmacies se sont équipées pour la téléconsultation en 2023 ?"

RETRY_AFTER: dict[str, Any] = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer", "minimum": 1},
}


# --- requests ----------------------------------------------------------------------------------


def clean_question(value: str) -> str:
    """Trim and collapse white space; reject control characters and lone surrogates."""
    for ch in value:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            raise PydanticCustomError(
                "question_surrogate", "The question contains a lone surrogate (invalid Unicode)"
            )
        if ch not in "\t\n\r" and unicodedata.category(ch) == "Cc":
            raise PydanticCustomError(
                "question_control_character",
                "The question contains a control character (U+{code})",
                {"code": f"{code:04X}"},
            )
    text = " ".join(value.split())
    if not text:
        raise PydanticCustomError("question_empty", "The question is empty")
    return text


# What a question may hold, for the OpenAPI schema only (the check is ``clean_question``, whose
# errors are more precise): no control character but tab, newline and carriage return, and
# at least one character that is not white space. ``maxLength`` (``max_question_chars``) is
# added by ``routes.ask.declare_question_length``: a longer question is accepted if it is
# short enough once its white space is collapsed.
_NOT_CONTROL = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
QUESTION_PATTERN = rf"^{_NOT_CONTROL}*[^\s\x00-\x1f\x7f-\x9f]{_NOT_CONTROL}*$"
_QUESTION_SCHEMA: dict[str, Any] = {"minLength": 1, "pattern": QUESTION_PATTERN}


class AskBody(BaseModel):
    """``POST /ask``: strict types, no unknown field."""

    model_config = ConfigDict(extra="forbid", strict=True)

    question: str = Field(
        description=(
            "The question, in French. White space runs (newlines included) become one space; "
            "after trimming it must have 1 to `max_question_chars` (default 1000) characters, "
            "with no control character."
        ),
        examples=[QUESTION_EXAMPLE],
        json_schema_extra=_QUESTION_SCHEMA,
    )
    top_k: int | None = Field(
        None,
        ge=1,
        le=TOP_K_MAX,
        description=f"How many passages to return, 1 to {TOP_K_MAX} (default: the server's, 5).",
    )

    history: list[str] = Field(
        default_factory=list,
        max_length=MAX_HISTORY,
        description=(
            f"The earlier questions of the conversation, oldest first (at most {MAX_HISTORY}, "
            "each with the rules of `question`). A follow-up (« Et en 2022 ? », « Qui la "
            "finance ? ») is resolved with them; a complete question ignores them. The server "
            "keeps no conversation."
        ),
        json_schema_extra={"items": {"type": "string", **_QUESTION_SCHEMA}},
    )

    @field_validator("question")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_question(value)

    @field_validator("history")
    @classmethod
    def _clean_history(cls, value: list[str]) -> list[str]:
        return [clean_question(item) for item in value]

    @field_validator("top_k", mode="before")
    @classmethod
    def _integral(cls, value: Any) -> Any:
        # JSON has one number type and JSON Schema counts 3.0 as an integer: accept it
        # (3.5, "3" and true are still refused by the strict check).
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


class AskQuery(BaseModel):
    """``GET /ask?q=...&top_k=...``: the same, from the query string."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field(
        description="The question (same rules as `question`).",
        examples=[QUESTION_EXAMPLE],
        json_schema_extra=_QUESTION_SCHEMA,
    )
    top_k: int | None = Field(
        None, ge=1, le=TOP_K_MAX, description=f"1 to {TOP_K_MAX} (default 5)."
    )
    history: list[str] = Field(
        default_factory=list,
        max_length=MAX_HISTORY,
        description=(
            "The earlier questions of the conversation, oldest first, one `history` parameter "
            f"each (`?q=…&history=…&history=…`; at most {MAX_HISTORY}, each with the rules of "
            "`q`): the same as `history` of `POST /ask`."
        ),
        json_schema_extra={"items": {"type": "string", **_QUESTION_SCHEMA}},
    )

    @field_validator("q")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_question(value)

    @field_validator("history")
    @classmethod
    def _clean_history(cls, value: list[str]) -> list[str]:
        return [clean_question(item) for item in value]


# --- the /ask response ------------------------------------------------------------------------


class FootnoteOut(BaseModel):
    number: int
    text: str
    urls: list[str]


class Span(BaseModel):
    start: int = Field(description="Offset in the answer text, in Unicode code points.")
    end: int


class AnswerOut(BaseModel):
    text: str = Field(description="The verbatim extract: `passage.text[start:end]`.")
    passage_id: str
    document: str
    start: int = Field(description="Offset in the passage text, in Unicode code points.")
    end: int
    page: int
    section: str
    footnotes: list[FootnoteOut]
    score: float
    highlight: Span | None = Field(
        None,
        description="The key phrase inside `text` (`text[start:end]`): the number with its "
        "unit, the list item, the expansion, the organisation; null when none stands out.",
    )


class PassageScores(BaseModel):
    """The two retrieval scores of a passage (None when that search did not find it)."""

    dense: float | None
    lexical: float | None


class PassageOut(BaseModel):
    id: str
    document: str
    page: int
    pages: list[int]
    section: str
    text: str
    score: float
    scores: PassageScores
    footnotes: list[FootnoteOut]


class IndexRef(BaseModel):
    generation: str
    model: str


class AskResponse(BaseModel):
    question: str
    answer: AnswerOut | None
    abstained: bool
    message: str
    passages: list[PassageOut]
    index: IndexRef
    took_ms: float
    id: str = Field(description="This answer's id, for `POST /feedback`.")
    resolved_question: str = Field(
        description=(
            "What was searched: the question itself, a follow-up completed with the "
            "earlier questions of `history`, or an English question withheld as typed and "
            "read again in French (a rough machine translation)."
        )
    )


def _footnote(note: Footnote) -> FootnoteOut:
    return FootnoteOut(number=note.number, text=note.text, urls=list(note.urls))


def _passage(hit: Hit) -> PassageOut:
    chunk = hit.chunk
    return PassageOut(
        id=chunk.id,
        document=chunk.document,
        page=chunk.page,
        pages=list(chunk.pages),
        section=chunk.section_title,
        text=chunk.text,
        score=hit.score,
        scores=PassageScores(dense=hit.dense, lexical=hit.lexical),
        footnotes=[_footnote(n) for n in hit.footnotes],
    )


def new_answer_id() -> str:
    return uuid.uuid4().hex


def ask_response(result: AskResult, answer_id: str | None = None) -> AskResponse:
    """The JSON view of an engine result (``answer_id``: a new one when not given)."""
    answer = None
    if result.answer is not None:
        a = result.answer
        answer = AnswerOut(
            text=a.text,
            passage_id=a.passage_id,
            document=a.document,
            start=a.start,
            end=a.end,
            page=a.page,
            section=a.section_title,
            footnotes=[_footnote(n) for n in a.footnotes],
            score=a.score,
            highlight=Span(start=a.highlight[0], end=a.highlight[1]) if a.highlight else None,
        )
    return AskResponse(
        question=result.question,
        answer=answer,
        abstained=result.abstained,
        message=result.message,
        passages=[_passage(h) for h in result.hits],
        index=IndexRef(generation=result.index.generation, model=result.index.model),
        took_ms=result.took_ms,
        id=answer_id if answer_id is not None else new_answer_id(),
        resolved_question=result.resolved_question or result.question,
    )


# --- /health -----------------------------------------------------------------------------------


class HealthIndex(BaseModel):
    generation: str
    chunks: int
    documents: int
    model: str
    built_at: str
    answer_model: str | None = Field(
        None, description="The fitted answer model: file, its sha256 and that of its gold data."
    )


class HealthOk(BaseModel):
    status: Literal["ok"]
    index: HealthIndex
    fallback_reason: str | None = Field(
        None,
        description=(
            "Present only when the generation served is not the published one because the "
            "published one is damaged or unusable: why."
        ),
    )
    problem: str | None = Field(
        None,
        description=(
            "Present only when something is wrong with the index folder while the loaded "
            "generation keeps answering (for example `CURRENT` unreadable): what."
        ),
    )


class HealthUnavailable(BaseModel):
    status: Literal["unavailable"]
    reason: str
    kind: str


# --- errors ------------------------------------------------------------------------------------


class ErrorInfo(BaseModel):
    kind: str
    message: str


class ErrorOut(BaseModel):
    """The one shape of santeqa errors."""

    error: ErrorInfo
    detail: str
    kind: str


class InternalErrorOut(ErrorOut):
    """An unexpected error (kind ``internal``): the id under which it was logged."""

    request_id: str = Field(description="Also in the `X-Request-ID` header and the server log.")


class ValidationIssue(BaseModel):
    type: str
    loc: list[str | int]
    msg: str


class ValidationOut(BaseModel):
    detail: list[ValidationIssue]


RATE_LIMITED: dict[str, Any] = {
    "model": ErrorOut,
    "description": (
        "Too many requests from this client address (kind `rate_limited`); retry after "
        "`Retry-After` seconds."
    ),
    "headers": {"Retry-After": RETRY_AFTER},
}


# --- /admin ------------------------------------------------------------------------------------


class RebuildStarted(BaseModel):
    task: str
    state: Literal["running"]
    status_url: str


class RebuildOut(BaseModel):
    task: str
    state: Literal["running", "done", "failed"]
    started_at: str
    finished_at: str | None
    generation: str | None = Field(description="The generation published by the rebuild.")
    summary: str | None = Field(description="Documents added/changed/removed, texts embedded.")
    error: str | None
    status_url: str


# --- /feedback ---------------------------------------------------------------------------------

COMMENT_MAX_CHARS = 1000


class FeedbackBody(BaseModel):
    """``POST /feedback``: a reader's vote on an answer, with an optional comment."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[0-9a-zA-Z_-]+$",
        description="The `id` of the `/ask` response voted on.",
    )
    vote: Literal["up", "down"]
    comment: str | None = Field(
        None,
        max_length=COMMENT_MAX_CHARS,
        description="Optional, 1,000 characters at most; white space runs become one space.",
        json_schema_extra={"pattern": rf"^{_NOT_CONTROL}*$"},
    )

    @field_validator("comment")
    @classmethod
    def _clean_comment(cls, value: str | None) -> str | None:
        if value is None:
            return None
        for ch in value:
            if 0xD800 <= ord(ch) <= 0xDFFF or (
                ch not in "\t\n\r" and unicodedata.category(ch) == "Cc"
            ):
                raise PydanticCustomError(
                    "comment_control_character", "The comment contains a control character"
                )
        return " ".join(value.split()) or None


class FeedbackOut(BaseModel):
    id: str
    vote: Literal["up", "down"]
    comment: str | None


# --- /admin/insights.json ----------------------------------------------------------------------


class AskedQuestion(BaseModel):
    question: str = Field(description="The latest wording of the question.")
    count: int
    last_asked: str


class DownvotedAnswer(BaseModel):
    question: str
    answer: str | None = Field(description="The quoted answer; null when the report abstained.")
    count: int
    last_voted: str
    comments: list[str]


class InsightTotals(BaseModel):
    questions: int
    answered: int
    unanswered: int
    votes_up: int
    votes_down: int
    since: str | None = Field(description="When the oldest question kept was asked.")
    logging: bool
    retention_days: int


class Insights(BaseModel):
    unanswered: list[AskedQuestion]
    downvoted: list[DownvotedAnswer]
    frequent: list[AskedQuestion]
    totals: InsightTotals
