"""Footnotes: the notes themselves, their URLs, and their markers in the body text.

* a note is ``N text`` (numbered 1, 2, 3… in order) and may go on over several lines and
  pages; the URLs of a page's link block go to the note of that page that names the URL's
  host (or the site's name as a word), else to one without URL;
* markers are the note numbers glued to body words (``médicaments2``, ``202410`` = 2024 +
  note 10), found by the order of the notes and the page where each note is printed; they are
  taken out of the text and kept as ``Marker`` offsets.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from santeqa.ingest.heuristics import HEURISTICS, IngestHeuristics
from santeqa.ingest.lexicon import URL_RE, Lexicon, fix_url_schemes
from santeqa.ingest.lines import Line, join_lines
from santeqa.ingest.words import NUMBER_WORDS, last_word
from santeqa.records import Marker, Paragraph

log = logging.getLogger(__name__)

_NOTE_START = re.compile(r"^(\d{1,3})(?!\d)(.*)$")
_GLUED = re.compile(r"(?<=[^\W\d_]|[)»\"”’\].,;:!?])(\d{1,3})(?=[\s)»\"”’\].,;:!?]|$)")
_DETACHED = re.compile(r"(?<=[^\W\d_]) (\d{1,3})(?= [^\W\d_«])")
_DIGIT_RUN = re.compile(r"(?<![\d,.])(\d{3,7})(?![\d,])")


@dataclass
class Note:
    number: int
    lines: list[Line]
    urls: list[str] = field(default_factory=list)
    # (offset in the joined text, page) where each page of the note starts; set by
    # ``finish_notes``
    page_starts: list[tuple[int, int]] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.lines[0].page

    def raw_text(self) -> str:
        text = ""
        for line in self.lines:
            text += line.text if text.endswith("-") or not text else f" {line.text}"
        return text.lower()


@dataclass
class NoteState:
    """The notes read so far, and the URL blocks of the pages (page, URLs)."""

    notes: list[Note] = field(default_factory=list)
    url_blocks: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def next_note(self) -> int:
        return self.notes[-1].number + 1 if self.notes else 1


@dataclass
class _Candidate:
    start: int  # span removed from the text
    end: int
    number: int
    strict: bool  # good enough on its own; the others only fill notes left without marker
    glued: bool = False  # digits glued to a word: may skip a note whose marker is lost


def note_start(line: str, expected: int) -> str | None:
    """The text of a note line ``N text`` when N is the expected number, else None."""
    m = _NOTE_START.match(line.strip())
    if m is None or int(m.group(1)) != expected:
        return None
    rest = m.group(2)
    text = rest.strip()
    if not text or text[0].isdigit() or rest[0] in "%,.€$/:-–":
        return None
    if not rest[0].isspace() and not (rest[0].isupper() or rest[0] in '«"“('):
        return None  # ``1er``, ``2ème``: not a note
    return text


def unfinished_note(note: Note) -> bool:
    last = note.lines[-1].text.rstrip()
    return not last or last[-1] not in ".)»!?"


def _host_suffixes(url: str) -> list[str]:
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]  # longest first


def _names_host(text: str, suffix: str) -> bool:
    return re.search(rf"(?<![\w.\-]){re.escape(suffix)}(?![\w\-])", text) is not None


def assign_url(url: str, candidates: list[Note]) -> Note | None:
    if not candidates:
        return None
    if any(url in n.urls for n in candidates):
        return next(n for n in candidates if url in n.urls)
    for suffix in _host_suffixes(url):  # the note naming the longest part of the host
        named = [n for n in candidates if _names_host(n.raw_text(), suffix)]
        if named:
            return min(named, key=lambda n: len(n.urls))
    suffixes = _host_suffixes(url)
    if suffixes:  # the site's name as a word (« Tessan » for tessan.io)
        label = suffixes[-1].split(".")[0]
        named = [n for n in candidates if re.search(rf"\b{re.escape(label)}\b", n.raw_text())]
        if named:
            return min(named, key=lambda n: len(n.urls))
    return None


def finish_notes(
    state: NoteState, lexicon: Lexicon, counts: dict[str, int]
) -> list[tuple[Note, str]]:
    """Give each note the URLs it holds and those of its page's link block; (note, text)."""
    for note in state.notes:
        for line in note.lines:
            for m in URL_RE.finditer(fix_url_schemes(line.text)):
                url = m.group().rstrip(".,;)»")
                if url not in note.urls:
                    note.urls.append(url)
    for page, urls in state.url_blocks:
        on_page = [n for n in state.notes if any(line.page == page for line in n.lines)]
        for url in urls:
            owner: Note | None
            if on_page:  # the page's note naming the site, else one without URL, else the last
                owner = assign_url(url, on_page) or next(
                    (n for n in on_page if not n.urls), on_page[-1]
                )
            else:  # links of body text: the note of the document naming the site, if any
                owner = assign_url(url, state.notes)
            if owner is None:
                log.debug("URL %s on page %d belongs to no note", url, page)
            elif url not in owner.urls:
                owner.urls.append(url)
    out = []
    for note in state.notes:
        text, starts = join_lines(note.lines, lexicon, counts)
        lead = len(text) - len(text.lstrip())
        note.page_starts = [(max(0, offset - lead), page) for offset, page in starts]
        out.append((note, text.strip()))
    return out


def distinct_urls(urls: list[str], text: str) -> list[str]:
    """``urls`` with one of each address: URLs that differ only by their scheme, a
    ``www.``, or a trailing slash name one page (a link annotation's URI and the URL
    printed in ``text``; a printed URL broken over two lines, read from its second line
    without the scheme). The one kept has a scheme and, better, stands in ``text``."""
    groups: dict[str, list[str]] = {}
    for url in urls:
        key = re.sub(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?", "", url, flags=re.I).rstrip("/")
        groups.setdefault(key.lower(), []).append(url)
    return [
        max(group, key=lambda u: ("://" in u, u in text, -group.index(u)))
        for group in groups.values()
    ]


def _candidates(text: str, heuristics: IngestHeuristics) -> list[_Candidate]:
    urls = [(m.start(), m.end()) for m in URL_RE.finditer(text)]

    def in_url(pos: int) -> bool:
        return any(a <= pos < b for a, b in urls)

    found: list[_Candidate] = []
    for m in _GLUED.finditer(text):
        before = text[m.start() - 2 : m.start()]
        if len(before) == 2 and before[1] in ".," and before[0].isdigit():
            continue  # a decimal number
        found.append(_Candidate(m.start(1), m.end(1), int(m.group(1)), True, glued=True))
    for m in _DETACHED.finditer(text):
        word = last_word(text[: m.start()])
        strict = word not in NUMBER_WORDS
        found.append(_Candidate(m.start(), m.end(1), int(m.group(1)), strict))
    for m in _DIGIT_RUN.finditer(text):
        run = m.group(1)
        for cut in range(1, len(run)):
            prefix, number = run[:cut], run[cut:]
            if number.startswith("0"):
                continue
            year = len(prefix) == 4
            strict = (
                year and heuristics.marker_year_min <= int(prefix) <= heuristics.marker_year_max
            )
            found.append(_Candidate(m.start(1) + cut, m.end(1), int(number), strict))
    found = [c for c in found if not in_url(c.start)]
    return sorted(found, key=lambda c: (c.start, c.end))


def place_markers(
    name: str,
    paragraphs: list[Paragraph],
    notes: list[tuple[Note, str]],
    counts: dict[str, int],
    heuristics: IngestHeuristics = HEURISTICS,
) -> list[Paragraph]:
    """Find each note's marker (in order of the notes, on the page printing the note)."""
    pages = {note.number: note.page for note, _ in notes}
    cands = [_candidates(p.text, heuristics) for p in paragraphs]
    chosen: dict[int, tuple[int, _Candidate]] = {}  # note → (paragraph index, candidate)
    expected = 1
    for i, (para, found) in enumerate(zip(paragraphs, cands, strict=True)):
        for c in found:
            n = c.number
            if (
                c.strict
                and n in pages
                and (n == expected or (n > expected and c.glued))
                and n not in chosen
                and para.page_at(c.start) == pages[n]
                and not _overlaps(chosen, i, c)
            ):
                chosen[n] = (i, c)
                expected = n + 1
    for n in sorted(set(pages) - set(chosen)):  # second chance, any form, in order
        lower = max((chosen[m] for m in chosen if m < n), default=None, key=_position)
        upper = min((chosen[m] for m in chosen if m > n), default=None, key=_position)
        for i, (para, found) in enumerate(zip(paragraphs, cands, strict=True)):
            for c in found:
                if c.number != n or para.page_at(c.start) != pages[n]:
                    continue
                if lower is not None and _position((i, c)) <= _position(lower):
                    continue
                if upper is not None and _position((i, c)) >= _position(upper):
                    continue
                if not _overlaps(chosen, i, c):
                    chosen[n] = (i, c)
                    break
            if n in chosen:
                break
        if n not in chosen:
            log.info("%s: no marker found for note %d", name, n)
    per_paragraph: dict[int, list[_Candidate]] = {}
    for i, c in chosen.values():
        per_paragraph.setdefault(i, []).append(c)
    counts["footnote_markers"] = len(chosen)
    out = []
    for i, para in enumerate(paragraphs):
        out.append(_remove_markers(name, para, sorted(per_paragraph.get(i, []), key=_start)))
    return out


def _position(entry: tuple[int, _Candidate]) -> tuple[int, int]:
    return entry[0], entry[1].start


def _start(c: _Candidate) -> int:
    return c.start


def _overlaps(chosen: dict[int, tuple[int, _Candidate]], i: int, c: _Candidate) -> bool:
    return any(j == i and d.start < c.end and c.start < d.end for j, d in chosen.values())


def _remove_markers(name: str, para: Paragraph, found: list[_Candidate]) -> Paragraph:
    text = para.text
    markers: list[Marker] = []
    pieces: list[str] = []
    pos = 0
    removed = 0
    shifts: list[tuple[int, int]] = []  # (original offset, chars removed before it)
    for c in found:
        pieces.append(text[pos : c.start])
        markers.append(Marker(c.start - removed, c.number))
        removed += c.end - c.start
        shifts.append((c.end, removed))
        pos = c.end
    pieces.append(text[pos:])

    def shifted(offset: int) -> int:
        return offset - max((r for end, r in shifts if end <= offset), default=0)

    starts = tuple((shifted(o), p) for o, p in para.page_starts)
    return Paragraph(
        document=name,
        text="".join(pieces),
        section=para.section,
        page_starts=starts,
        markers=tuple(markers),
    )


def remove_marker_spans(name: str, para: Paragraph, spans: list[tuple[int, int, int]]) -> Paragraph:
    """``para`` without the spans (start, end, note number), each kept as a ``Marker``."""
    found = [_Candidate(start, end, number, True) for start, end, number in sorted(spans)]
    return _remove_markers(name, para, found)
