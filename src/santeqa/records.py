"""Plain frozen records shared by every layer. No behaviour beyond small derived views."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# A background rebuild's state, as the service keeps it and the admin API reports it
TaskState = Literal["running", "done", "failed"]

SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class Footnote:
    """A numbered note of a document: its text (repaired) and the URLs it cites. ``page``:
    where it starts; ``page_starts``, as in ``Paragraph``, where each page of a note printed
    over several pages begins in ``text`` (empty: all of it on ``page``)."""

    document: str
    number: int
    text: str
    urls: tuple[str, ...]
    page: int
    page_starts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    """An acronym and its expansion: a row of the glossary, or a definition read in the
    running text (``source`` "body": paragraph number ``where``, counted from 0; "note":
    footnote number ``where``), its long form at ``start:end`` of that text; or read from a
    section's title (``source`` "heading": ``where`` the paragraph opening the section, no
    offsets)."""

    document: str
    acronym: str
    expansion: str
    page: int
    source: str = "glossary"  # glossary, body, note or heading
    where: int = -1  # body: the paragraph's index; note: the note's number
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Page:
    """One page of a document, with its raw (unrepaired) text for audit."""

    document: str
    number: int  # 1-based physical page
    label: str  # printed label when the source has one, else str(number)
    raw: str


@dataclass(frozen=True)
class Marker:
    """A footnote reference found in body text, at ``offset`` of the repaired paragraph text."""

    offset: int
    number: int


@dataclass(frozen=True)
class Paragraph:
    """A repaired paragraph of body text (lines joined, hyphenation undone, markers removed).

    ``page_starts`` maps offsets in ``text`` to pages: ((0, 4), (212, 5)) means the text from
    offset 212 on stands on page 5. ``section`` is the heading path in force.
    """

    document: str
    text: str
    section: tuple[str, ...]
    page_starts: tuple[tuple[int, int], ...]
    markers: tuple[Marker, ...] = ()

    def page_at(self, offset: int) -> int:
        page = self.page_starts[0][1]
        for start, number in self.page_starts:
            if start <= offset:
                page = number
            else:
                break
        return page


@dataclass(frozen=True)
class Document:
    name: str  # file name inside the corpus folder
    sha256: str  # of the file's bytes
    pages: tuple[Page, ...]
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    glossary: tuple[GlossaryEntry, ...]
    repairs: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    # acronyms defined in the running text or the notes that the glossary lacks
    acronyms: tuple[GlossaryEntry, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A document that could not be read, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of a chunk: character offsets into ``Chunk.text``, its page, its notes."""

    start: int
    end: int
    page: int
    footnotes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage. ``id`` is a content hash (document, section, text).

    ``page_starts`` maps offsets in ``text`` to pages as in ``Paragraph``, page breaks inside
    a sentence included; when empty (a chunk stored without it), each sentence is read as
    standing on its first page.
    """

    id: str
    document: str
    page: int  # page of the first sentence
    pages: tuple[int, ...]  # every page the chunk spans
    section: tuple[str, ...]
    text: str
    footnotes: tuple[int, ...]  # numbers of the notes cited in the text
    sentences: tuple[Sentence, ...]
    kind: str = "body"  # body, note (a footnote's text) or glossary (an acronym entry)
    page_starts: tuple[tuple[int, int], ...] = ()

    @property
    def section_title(self) -> str:
        return SECTION_SEPARATOR.join(self.section)

    def page_at(self, offset: int) -> int:
        """The page on which the character at ``offset`` of ``text`` stands."""
        starts = self.page_starts or tuple((s.start, s.page) for s in self.sentences)
        page = starts[0][1] if starts else self.page
        for start, number in starts:
            if start > offset:
                break
            page = number
        return page


@dataclass(frozen=True)
class Hit:
    """A passage returned for a question, with its fused and per-retriever scores."""

    chunk: Chunk
    score: float
    dense: float | None
    lexical: float | None
    footnotes: tuple[Footnote, ...]  # the notes the passage cites, resolved


@dataclass(frozen=True)
class Answer:
    """A verbatim extract: ``text == passage.text[start:end]``."""

    text: str
    passage_id: str
    document: str
    start: int
    end: int
    page: int
    section: tuple[str, ...]
    footnotes: tuple[Footnote, ...]
    score: float
    # the key phrase (number with its unit, list item, expansion…): ``text[a:b]``
    highlight: tuple[int, int] | None = None

    @property
    def section_title(self) -> str:
        return SECTION_SEPARATOR.join(self.section)


@dataclass(frozen=True)
class IndexInfo:
    generation: str
    chunks: int
    documents: int
    model: str
    built_at: str
    # the fitted answer model the generation was built with: "file sha256 (data sha256)"
    answer_model: str = ""


@dataclass(frozen=True)
class AskResult:
    question: str
    answer: Answer | None
    abstained: bool
    message: str
    hits: tuple[Hit, ...]
    index: IndexInfo
    took_ms: float
    confidence: float = 0.0  # the answer step's score, compared with the abstention threshold
    # what was searched: the question, or a follow-up resolved with the earlier questions
    resolved_question: str = ""


@dataclass(frozen=True)
class PageView:
    """A whole page of a document for the reader: repaired paragraphs and its notes."""

    document: str
    number: int
    label: str
    paragraphs: tuple[Paragraph, ...]  # paragraphs (or their parts) that stand on the page
    footnotes: tuple[Footnote, ...]
    pages: int  # how many pages the document has
