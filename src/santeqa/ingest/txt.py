"""Layout of a PDF's text export: pages, blocks, headings, glossary, bullets, page-bottom notes.

Rules (general, not tied to one report):

* pages: a form feed, else a line starting with exactly one space then a non-space (text
  exported page by page from PDF), else the whole text file is one page; PDF pages are pages;
* footnotes: at a page bottom, after a whitespace-only line, lines ``N text`` numbered 1, 2, 3…
  in order (a note may go on at the next page bottom); the URLs listed under them (link
  annotations) go to the note of that page that names the URL's host (``notes.py``);
* headings: short lines without final punctuation that start a block; a heading directly
  followed by another one is the parent of it; a glossary section (« Sigles »…) is parsed into
  acronym entries;
* paragraphs: lines joined (hyphenation decided with the lexicon), also across page breaks,
  bullet items on their own.

The thresholds of these rules are the fields of ``IngestHeuristics``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from santeqa.ingest.acronyms import body_acronyms
from santeqa.ingest.heuristics import HEURISTICS, IngestHeuristics
from santeqa.ingest.lexicon import URL_RE, Lexicon, fix_url_schemes, repair_text
from santeqa.ingest.lines import BULLET_START, Line, join_lines
from santeqa.ingest.notes import (
    Note,
    NoteState,
    finish_notes,
    note_start,
    place_markers,
    unfinished_note,
)
from santeqa.ingest.words import ARTICLES, CAPTION_WORDS, FUNCTION_WORDS, GLOSSARY_TITLES, last_word
from santeqa.records import Document, Footnote, GlossaryEntry, Page, Paragraph

BULLET = "• "

_URL_LINE = re.compile(r"^(?:(?:https?|htps?|htp)://|www\.)\S+$", re.IGNORECASE)
_PAGE_START = re.compile(r"^ (?=\S)")
_ACRONYM = re.compile(r"^[0-9A-ZÀ-ÖØ-Þ][0-9A-Za-zÀ-ÖØ-öø-ÿ’'&.\-]*$")
_TERMINAL = ".!?:;…"
_CLOSERS = '»"”’)] '


@dataclass
class _Item:
    lines: list[Line]
    section: tuple[str, ...]
    bullet: bool = False
    caption: bool = False


def split_text_pages(text: str) -> list[str]:
    """Form feeds, else the one-leading-space page rule, else a single page."""
    if "\f" in text:
        parts = text.split("\f")
        while len(parts) > 1 and not parts[-1].strip():
            parts.pop()
        return parts
    lines = text.split("\n")
    if not _PAGE_START.match(lines[0]):
        return [text]
    pages: list[list[str]] = []
    for line in lines:
        if _PAGE_START.match(line) or not pages:
            pages.append([])
        pages[-1].append(line)
    return ["\n".join(p) for p in pages]


def build_document(
    name: str,
    sha256: str,
    pages: Sequence[tuple[str, str]],
    lexicon: Lexicon,
    heuristics: IngestHeuristics = HEURISTICS,
) -> Document:
    """Structure the pages (label, raw text) of one document."""
    counts: dict[str, int] = {}
    lex = lexicon.with_document("\n".join(raw for _, raw in pages))
    state = NoteState()
    blocks: list[tuple[list[Line], bool]] = []  # lines, first block of its page
    for number, (_, raw) in enumerate(pages, 1):
        lines = raw.split("\n")
        if lines and _PAGE_START.match(lines[0]):
            lines[0] = lines[0][1:]
        body = _split_page(lines, number, state, heuristics)
        blocks.extend(_blocks(body, number))

    builder = _Builder(lex, counts, heuristics, _short_line_limit(blocks, heuristics))
    for block, page_first in blocks:
        builder.add_block(block, page_first)

    notes = finish_notes(state, lex, counts)
    paragraphs = [_join_item(item, lex, counts) for item in builder.items]
    paragraphs = place_markers(name, paragraphs, notes, counts, heuristics)
    return assemble_document(
        name, sha256, pages, paragraphs, notes, builder.glossary, lex, counts, heuristics
    )


def assemble_document(
    name: str,
    sha256: str,
    pages: Sequence[tuple[str, str]],
    paragraphs: Sequence[Paragraph],
    notes: Sequence[tuple[Note, str]],
    glossary: Sequence[tuple[str, str, int]],
    lexicon: Lexicon,
    counts: dict[str, int],
    heuristics: IngestHeuristics = HEURISTICS,
) -> Document:
    """The ``Document`` of the parts read (glossary expansions repaired here), with the
    acronyms its paragraphs define that its glossary lacks."""
    entries = tuple(
        GlossaryEntry(name, acronym, repair_text(expansion, lexicon, counts), page)
        for acronym, expansion, page in glossary
    )
    footnotes = tuple(
        Footnote(name, n.number, text, tuple(n.urls), n.page, tuple(n.page_starts))
        for n, text in notes
    )
    defined = body_acronyms(name, paragraphs, [e.acronym for e in entries], heuristics, footnotes)
    return Document(
        name=name,
        sha256=sha256,
        pages=tuple(Page(name, n, label, raw) for n, (label, raw) in enumerate(pages, 1)),
        paragraphs=tuple(paragraphs),
        footnotes=footnotes,
        glossary=entries,
        repairs=dict(sorted(counts.items())),
        acronyms=defined,
    )


def _is_blank(line: str) -> bool:
    return not line.strip()


def _split_page(
    lines: list[str], page: int, state: NoteState, heuristics: IngestHeuristics
) -> list[str]:
    """Take the notes and the trailing URL block off a page; return its body lines."""
    end = len(lines)
    while end > 0:
        s = lines[end - 1].strip()
        if not s or _URL_LINE.match(s):
            end -= 1
        elif " " not in s and end >= 2 and _URL_LINE.match(lines[end - 2].strip()):
            end -= 1  # second half of a URL split over two lines
        else:
            break
    urls = _url_block(lines[end:])
    zone = _note_zone(lines, end, state, heuristics)
    if zone is not None:
        for line in lines[zone:end]:
            s = line.strip()
            if not s:
                continue
            entry = Line(" ".join(s.split()), line, page)
            text = note_start(s, state.next_note)
            if text is not None:
                state.notes.append(Note(state.next_note, [Line(text, line, page)]))
            elif state.notes:
                state.notes[-1].lines.append(entry)

    if urls:
        state.url_blocks.append((page, urls))
    return lines[: zone if zone is not None else end]


def _url_block(lines: list[str]) -> list[str]:
    urls: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if _URL_LINE.match(s) or not urls:
            urls.append(s)
        else:
            urls[-1] += s
    return [fix_url_schemes(u) for u in urls if _URL_LINE.match(u)]


def _note_zone(
    lines: list[str], end: int, state: NoteState, heuristics: IngestHeuristics
) -> int | None:
    """Index of the first line of the notes at the bottom of the page, if any."""
    expected = state.next_note
    seps = [i for i in range(end) if lines[i] and _is_blank(lines[i])]
    if seps:
        first = next((i for i in range(seps[-1] + 1, end) if not _is_blank(lines[i])), None)
        if first is not None:
            s = lines[first].strip()
            if note_start(s, expected) is not None:
                return seps[-1] + 1
            if state.notes and unfinished_note(state.notes[-1]) and s[0].islower():
                return seps[-1] + 1  # the last note goes on at this page bottom
    # no separator line: the first line ``N text`` in the lower part, N cited above it
    cited = re.compile(rf"(?<=[^\W\d_]|[)»\"”’\].,;:!?]){expected}(?!\d)")
    for k in range(max(1, int(end * heuristics.note_zone_start)), end):
        if note_start(lines[k], expected) is not None and cited.search("\n".join(lines[:k])):
            return k
    return None


def _blocks(lines: list[str], page: int) -> list[tuple[list[Line], bool]]:
    blocks: list[tuple[list[Line], bool]] = []
    current: list[Line] = []
    for line in [*lines, ""]:
        if _is_blank(line):
            if current:
                blocks.append((current, not blocks))
                current = []
            continue
        current.append(Line(" ".join(line.split()), line, page))
    return blocks


def _short_line_limit(
    blocks: Sequence[tuple[list[Line], bool]], heuristics: IngestHeuristics
) -> int:
    """Longest heading line: a share of a typical full body line."""
    h = heuristics
    lengths = sorted(len(line.text) for block, _ in blocks for line in block)
    if not lengths:
        return h.default_heading_chars
    typical = lengths[int(len(lengths) * h.body_line_percentile)]
    return max(h.min_heading_chars, min(h.max_heading_chars, int(typical * h.heading_length_share)))


def _is_bullet(text: str) -> bool:
    return BULLET_START.match(text) is not None


def _is_caption(text: str, heuristics: IngestHeuristics) -> bool:
    words = text.split()
    if not words or len(words) > heuristics.max_caption_words:
        return False
    return words[0].strip(":.").lower() in CAPTION_WORDS


def _acronym(token: str) -> bool:
    if not _ACRONYM.match(token):
        return False
    upper = sum(c.isupper() for c in token)
    return upper >= 2 or (upper >= 1 and any(c.isdigit() for c in token))


class _Builder:
    """Walks the blocks in order: headings, glossary, paragraph items."""

    def __init__(
        self, lexicon: Lexicon, counts: dict[str, int], heuristics: IngestHeuristics, short: int
    ) -> None:
        self.lexicon = lexicon
        self.counts = counts
        self.heuristics = heuristics
        self.short = short
        self.items: list[_Item] = []
        self.glossary: list[tuple[str, str, int]] = []  # acronym, expansion, page
        self.path: tuple[str, ...] = ()
        self.run: list[str] = []  # headings since the last body item
        self.in_glossary = False

    # --- headings ------------------------------------------------------------------------
    def _heading_like(self, text: str) -> bool:
        if (
            not text
            or len(text) > self.short
            or len(text.split()) > self.heuristics.max_heading_words
        ):
            return False
        if text[-1] in ".!:;…,-" or ". " in text:
            return False
        if not text[0].isalpha() or _is_bullet(text) or _is_caption(text, self.heuristics):
            return False
        return URL_RE.search(text) is None

    def _leading_headings(self, block: list[Line]) -> list[tuple[str, int]]:
        """Headings opening a block: (text, index of the line after it)."""
        heads: list[tuple[str, int]] = []
        k = 0
        while k < len(block) and self._heading_like(block[k].text):
            text = block[k].text
            if text[0].islower():
                if not heads:
                    break
                heads[-1] = (f"{heads[-1][0]} {text}", k + 1)
            else:
                heads.append((text, k + 1))
            k += 1
        if heads and k < len(block):
            nxt = block[k].text
            if not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in '«"“(' or _is_bullet(nxt)):
                return []
        return heads

    def _section(self) -> tuple[str, ...]:
        """The path in force for a body item; consumes the pending headings."""
        if len(self.run) >= 2:
            self.path = tuple(self.run)
        elif self.run:
            heading = self.run[0]
            first = re.split(r"[\s’']", heading.lower(), maxsplit=1)[0]
            parent = len(self.path) - 1
            if first not in ARTICLES:  # « Par les … » after « Par les … »: a sibling of it
                for i in range(1, len(self.path) - 1):
                    if re.split(r"[\s’']", self.path[i].lower(), maxsplit=1)[0] == first:
                        parent = i
                        break
            self.path = (*self.path[: max(parent, 0)], heading)
        self.run = []
        return self.path

    # --- blocks --------------------------------------------------------------------------
    def add_block(self, block: list[Line], page_first: bool) -> None:
        if self.in_glossary:
            block = self._glossary(block)
            if not block:
                return
        first = block[0].text
        last = self.items[-1] if self.items and not self.run else None
        continues = (
            last is not None
            and not _is_bullet(first)
            and (first[0].islower() or (page_first and self._unfinished(last)))
        )
        if continues:
            kind = "pages_joined" if page_first else "blocks_joined"
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self._body(block, new_item=False)
            return
        heads = self._leading_headings(block)
        taken = 0
        for text, after in heads:
            if text.strip().lower() in GLOSSARY_TITLES:
                self.in_glossary = True
                self.run = []
                rest = self._glossary(block[after:])
                if rest:
                    self.add_block(rest, False)
                return
        if len(heads) <= self.heuristics.max_heading_run:
            for text, after in heads:
                self.run.append(repair_text(text, self.lexicon, self.counts))
                taken = after
        self._body(block[taken:], new_item=True)

    def _unfinished(self, item: _Item) -> bool:
        if item.caption:
            return False
        last = item.lines[-1].text.rstrip(_CLOSERS)
        if item.bullet:
            return last.endswith((",", "-")) or last_word(last) in FUNCTION_WORDS
        return bool(last) and last[-1] not in _TERMINAL

    def _body(self, lines: list[Line], *, new_item: bool) -> None:
        for n, line in enumerate(lines):
            m = BULLET_START.match(line.text)
            if m is not None:
                self.counts["bullet"] = self.counts.get("bullet", 0) + 1
                item_line = Line(line.text[m.end() :], line.raw, line.page)
                self.items.append(_Item([item_line], self._section(), bullet=True))
            elif (n == 0 and new_item) or self.run or not self.items:
                caption = _is_caption(line.text, self.heuristics)
                self.items.append(_Item([line], self._section(), caption=caption))
            else:
                self.items[-1].lines.append(line)

    # --- glossary ------------------------------------------------------------------------
    def _glossary(self, block: list[Line]) -> list[Line]:
        """Parse glossary lines; return the lines from the first one that ends the glossary."""
        for i, line in enumerate(block):
            token, _, rest = line.text.partition(" ")
            if _acronym(token) and rest.strip():
                self.glossary.append((token, rest.strip(), line.page))
                continue
            if self.glossary and self._glossary_goes_on(line.text):
                acronym, expansion, page = self.glossary[-1]
                self.glossary[-1] = (acronym, f"{expansion} {line.text}", page)
                continue
            self.in_glossary = False
            return block[i:]
        return []

    def _glossary_goes_on(self, text: str) -> bool:
        expansion = self.glossary[-1][1].rstrip()
        return (
            text[0].islower()
            or expansion.endswith((",", "-", "’", "'"))
            or last_word(expansion) in FUNCTION_WORDS
            or not self._heading_like(text)
        )


def _join_item(item: _Item, lexicon: Lexicon, counts: dict[str, int]) -> Paragraph:
    text, starts = join_lines(item.lines, lexicon, counts)
    if item.bullet:
        text = BULLET + text
        starts = [(o + len(BULLET) if i else 0, p) for i, (o, p) in enumerate(starts)]
    return Paragraph(document="", text=text, section=item.section, page_starts=tuple(starts))
