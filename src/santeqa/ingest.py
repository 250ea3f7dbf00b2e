"""Read the corpus: text and PDF files → repaired, structured ``Document`` records.

Layout rules (general, not tied to one report):

* pages: a form feed, else a line starting with exactly one space then a non-space (text
  exported page by page from PDF), else the whole text file is one page; PDF pages are pages;
* footnotes: at a page bottom, after a whitespace-only line, lines ``N text`` numbered 1, 2, 3…
  in order (a note may go on at the next page bottom); the URLs listed under them (link
  annotations) go to the note of that page that names the URL's host;
* footnote markers: the note numbers glued to body words (``médicaments2``, ``202410`` = 2024 +
  note 10), found by the order of the notes and the page where each note is printed;
* headings: short lines without final punctuation that start a block; a heading directly
  followed by another one is the parent of it; a glossary section (« Sigles »…) is parsed into
  acronym entries;
* paragraphs: lines joined (hyphenation decided with the lexicon), also across page breaks,
  bullet items on their own.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from santeqa.errors import CorpusError, DocumentError
from santeqa.lexicon import (
    URL_RE,
    Lexicon,
    fix_url_schemes,
    join_hyphenated,
    repair_text,
)
from santeqa.records import (
    Document,
    Footnote,
    GlossaryEntry,
    Marker,
    Page,
    Paragraph,
    Skipped,
)

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".pdf")
BULLET = "• "

GLOSSARY_TITLES = frozenset(
    {
        "sigles",
        "glossaire",
        "acronymes",
        "abréviations",
        "abreviations",
        "liste des sigles",
        "liste des abréviations",
        "liste des acronymes",
        "sigles et abréviations",
        "sigles et acronymes",
        "table des sigles",
    }
)
CAPTION_WORDS = frozenset(
    {
        "source",
        "sources",
        "site",
        "figure",
        "fig",
        "graphique",
        "tableau",
        "schéma",
        "carte",
        "illustration",
        "photo",
        "image",
        "crédit",
        "crédits",
    }
)
#: words after which a line cannot end a sentence or a list item
FUNCTION_WORDS = frozenset(
    {
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "de",
        "du",
        "d",
        "et",
        "ou",
        "à",
        "a",
        "au",
        "aux",
        "en",
        "pour",
        "par",
        "sur",
        "dans",
        "avec",
        "sans",
        "que",
        "qui",
        "ce",
        "cet",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "notre",
        "nos",
        "votre",
        "vos",
        "mon",
        "ma",
        "mes",
        "entre",
        "vers",
        "chez",
        "dont",
        "sous",
        "selon",
        "comme",
    }
)
#: words that often precede a bare number that is not a note marker
_NUMBER_WORDS = FUNCTION_WORDS | frozenset(
    {
        "art",
        "article",
        "page",
        "p",
        "pp",
        "n",
        "no",
        "chapitre",
        "tome",
        "vol",
        "fig",
        "figure",
        "annexe",
        "tableau",
        "environ",
        "près",
        "plus",
        "moins",
        "soit",
        "top",
        "niveau",
        "étape",
        "phase",
        "groupe",
        "axe",
        "priorité",
        "objectif",
    }
)

_URL_LINE = re.compile(r"^(?:(?:https?|htps?|htp)://|www\.)\S+$", re.IGNORECASE)
_PAGE_START = re.compile(r"^ (?=\S)")
_NOTE_START = re.compile(r"^(\d{1,3})(?!\d)(.*)$")
_BULLET_START = re.compile(
    "^(?:[\u2022\u2023\u2043\u25a0\u25aa\u25cb\u25cf\u25e6\u27a2\u2713\u2714\u25ba\uf000-\uf0ff]"
    r"|o(?=\s+[A-ZÀ-ÖØ-Þ«(\"]))\s*"
)
_ACRONYM = re.compile(r"^[0-9A-ZÀ-ÖØ-Þ][0-9A-Za-zÀ-ÖØ-öø-ÿ’'&.\-]*$")
_GLUED = re.compile(r"(?<=[^\W\d_]|[)»\"”’\].,;:!?])(\d{1,3})(?=[\s)»\"”’\].,;:!?]|$)")
_DETACHED = re.compile(r"(?<=[^\W\d_]) (\d{1,3})(?= [^\W\d_«])")
_ARTICLES = frozenset({"le", "la", "les", "l", "un", "une", "des", "du", "de", "d"})
_MAX_RUN = 3  # more heading-like lines in a row: a list, not headings
_DIGIT_RUN = re.compile(r"(?<![\d,.])(\d{3,7})(?![\d,])")
_TERMINAL = ".!?:;…"
_CLOSERS = '»"”’)] '


# ----------------------------------------------------------------------------------------
# reading files


def read_corpus(corpus_dir: Path, lexicon: Lexicon) -> tuple[list[Document], list[Skipped]]:
    """Read every ``.txt`` / ``.pdf`` of ``corpus_dir`` (sorted by name).

    A file that cannot be read becomes a ``Skipped`` (logged); the others are still read.
    Raises ``CorpusError`` when the folder is missing.
    """
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    root = corpus_dir.resolve()
    documents: list[Document] = []
    skipped: list[Skipped] = []
    paths = sorted(
        (p for p in corpus_dir.iterdir() if p.suffix.lower() in SUFFIXES), key=lambda p: p.name
    )
    for path in paths:
        try:
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                raise DocumentError(path.name, "symbolic link pointing outside the corpus folder")
            if not path.is_file():
                raise DocumentError(path.name, "not a regular file")
            documents.append(read_document(path, lexicon))
        except DocumentError as exc:
            log.warning("skipped %s: %s", exc.name, exc.reason)
            skipped.append(Skipped(exc.name, exc.reason))
        except Exception as exc:  # a bug on one odd file must not lose the whole corpus
            log.exception("skipped %s: unexpected error", path.name)
            skipped.append(Skipped(path.name, f"unexpected error ({type(exc).__name__}: {exc})"))
    return documents, skipped


def read_document(path: Path, lexicon: Lexicon) -> Document:
    """Read one file. Raises ``DocumentError`` when it cannot be read."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(name, f"unreadable ({exc.strerror or exc})") from exc
    if not data.strip():
        raise DocumentError(name, "empty file")
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".pdf":
        pages = read_pdf_pages(data, name)
    else:
        pages = [
            (str(i), raw) for i, raw in enumerate(split_text_pages(decode_text(data, name)), 1)
        ]
    if not any(any(c.isalpha() for c in raw) for _, raw in pages):
        raise DocumentError(name, "no text")
    return build_document(name, sha, pages, lexicon)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (or UTF-16 with a BOM, or Windows-1252 when it reads as text); binary is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise DocumentError(name, "invalid UTF-16 text") from None
    if b"\x00" in data:
        raise DocumentError(name, "binary content, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if not _mostly_text(text):
            raise DocumentError(name, "invalid UTF-8 and not text") from None
        log.warning("%s is not UTF-8: read as Windows-1252", name)
    if not _mostly_text(text):
        raise DocumentError(name, "binary content, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(c.isalpha() for c in text):
        raise DocumentError(name, "no text")
    return text


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(
        1
        for c in text
        if (unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in "\n\r\t\f")
        and not ("\uf000" <= c <= "\uf0ff")  # symbol-font glyphs (bullets) are fine
    )
    return bad / len(text) < 0.01


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


def read_pdf_pages(data: bytes, name: str) -> list[tuple[str, str]]:
    """(label, text) of every page of a PDF. Raises ``DocumentError`` when unreadable."""
    from pypdf import PasswordType, PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise DocumentError(name, "encrypted PDF: a password is required")
        texts = [page.extract_text() or "" for page in reader.pages]
        try:
            labels = [str(label) for label in reader.page_labels]
        except Exception:  # damaged label tree: physical numbers
            labels = []
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise DocumentError(name, f"unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if len(labels) != len(texts):
        labels = [str(i) for i in range(1, len(texts) + 1)]
    return list(zip(labels, texts, strict=True))


# ----------------------------------------------------------------------------------------
# structure


@dataclass
class _Line:
    text: str  # whitespace collapsed
    raw: str  # as read (for the trailing hyphen)
    page: int


@dataclass
class _Item:
    lines: list[_Line]
    section: tuple[str, ...]
    bullet: bool = False
    caption: bool = False


@dataclass
class _Note:
    number: int
    lines: list[_Line]
    urls: list[str] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.lines[0].page

    def raw_text(self) -> str:
        text = ""
        for line in self.lines:
            text += line.text if text.endswith("-") or not text else f" {line.text}"
        return text.lower()


@dataclass
class _Candidate:
    start: int  # span removed from the text
    end: int
    number: int
    strict: bool  # good enough on its own; the others only fill notes left without marker
    glued: bool = False  # digits glued to a word: may skip a note whose marker is lost


@dataclass
class _State:
    notes: list[_Note] = field(default_factory=list)
    url_blocks: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def next_note(self) -> int:
        return self.notes[-1].number + 1 if self.notes else 1


def build_document(
    name: str, sha256: str, pages: Sequence[tuple[str, str]], lexicon: Lexicon
) -> Document:
    """Structure the pages (label, raw text) of one document."""
    counts: dict[str, int] = {}
    lex = lexicon.with_document("\n".join(raw for _, raw in pages))
    state = _State()
    blocks: list[tuple[list[_Line], bool]] = []  # lines, first block of its page
    for number, (_, raw) in enumerate(pages, 1):
        lines = raw.split("\n")
        if lines and _PAGE_START.match(lines[0]):
            lines[0] = lines[0][1:]
        body = _split_page(lines, number, state)
        blocks.extend(_blocks(body, number))

    builder = _Builder(lex, counts, _short_line_limit(blocks))
    for block, page_first in blocks:
        builder.add_block(block, page_first)

    notes = _finish_notes(state, lex, counts)
    paragraphs = [_join_item(item, lex, counts) for item in builder.items]
    paragraphs = _place_markers(name, paragraphs, notes, counts)
    glossary = tuple(
        GlossaryEntry(name, acronym, repair_text(expansion, lex, counts), page)
        for acronym, expansion, page in builder.glossary
    )
    return Document(
        name=name,
        sha256=sha256,
        pages=tuple(Page(name, n, label, raw) for n, (label, raw) in enumerate(pages, 1)),
        paragraphs=tuple(paragraphs),
        footnotes=tuple(Footnote(name, n.number, text, tuple(n.urls), n.page) for n, text in notes),
        glossary=glossary,
        repairs=dict(sorted(counts.items())),
    )


def _is_blank(line: str) -> bool:
    return not line.strip()


def _note_start(line: str, expected: int) -> str | None:
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


def _split_page(lines: list[str], page: int, state: _State) -> list[str]:
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
    zone = _note_zone(lines, end, state)
    if zone is not None:
        for line in lines[zone:end]:
            s = line.strip()
            if not s:
                continue
            entry = _Line(" ".join(s.split()), line, page)
            text = _note_start(s, state.next_note)
            if text is not None:
                state.notes.append(_Note(state.next_note, [_Line(text, line, page)]))
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


def _note_zone(lines: list[str], end: int, state: _State) -> int | None:
    """Index of the first line of the notes at the bottom of the page, if any."""
    expected = state.next_note
    seps = [i for i in range(end) if lines[i] and _is_blank(lines[i])]
    if seps:
        first = next((i for i in range(seps[-1] + 1, end) if not _is_blank(lines[i])), None)
        if first is not None:
            s = lines[first].strip()
            if _note_start(s, expected) is not None:
                return seps[-1] + 1
            if state.notes and _unfinished_note(state.notes[-1]) and s[0].islower():
                return seps[-1] + 1  # the last note goes on at this page bottom
    # no separator line: the first line ``N text`` in the lower half, N cited above it
    cited = re.compile(rf"(?<=[^\W\d_]|[)»\"”’\].,;:!?]){expected}(?!\d)")
    for k in range(max(1, end // 2), end):
        if _note_start(lines[k], expected) is not None and cited.search("\n".join(lines[:k])):
            return k
    return None


def _unfinished_note(note: _Note) -> bool:
    last = note.lines[-1].text.rstrip()
    return not last or last[-1] not in ".)»!?"


def _blocks(lines: list[str], page: int) -> list[tuple[list[_Line], bool]]:
    blocks: list[tuple[list[_Line], bool]] = []
    current: list[_Line] = []
    for line in [*lines, ""]:
        if _is_blank(line):
            if current:
                blocks.append((current, not blocks))
                current = []
            continue
        current.append(_Line(" ".join(line.split()), line, page))
    return blocks


def _short_line_limit(blocks: Sequence[tuple[list[_Line], bool]]) -> int:
    """Longest heading line: three quarters of a typical full body line."""
    lengths = sorted(len(line.text) for block, _ in blocks for line in block)
    if not lengths:
        return 80
    p90 = lengths[int(len(lengths) * 0.9)]
    return max(30, min(90, int(p90 * 0.75)))


def _is_bullet(text: str) -> bool:
    return _BULLET_START.match(text) is not None


def _is_caption(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 20:
        return False
    return words[0].strip(":.").lower() in CAPTION_WORDS


def _acronym(token: str) -> bool:
    if not _ACRONYM.match(token):
        return False
    upper = sum(c.isupper() for c in token)
    return upper >= 2 or (upper >= 1 and any(c.isdigit() for c in token))


def _last_word(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return words[-1] if words else ""


class _Builder:
    """Walks the blocks in order: headings, glossary, paragraph items."""

    def __init__(self, lexicon: Lexicon, counts: dict[str, int], short: int) -> None:
        self.lexicon = lexicon
        self.counts = counts
        self.short = short
        self.items: list[_Item] = []
        self.glossary: list[tuple[str, str, int]] = []  # acronym, expansion, page
        self.path: tuple[str, ...] = ()
        self.run: list[str] = []  # headings since the last body item
        self.in_glossary = False

    # --- headings ------------------------------------------------------------------------
    def _heading_like(self, text: str) -> bool:
        if not text or len(text) > self.short or len(text.split()) > 14:
            return False
        if text[-1] in ".!:;…,-" or ". " in text:
            return False
        if not text[0].isalpha() or _is_bullet(text) or _is_caption(text):
            return False
        return URL_RE.search(text) is None

    def _leading_headings(self, block: list[_Line]) -> list[tuple[str, int]]:
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
            if first not in _ARTICLES:  # « Par les … » after « Par les … »: a sibling of it
                for i in range(1, len(self.path) - 1):
                    if re.split(r"[\s’']", self.path[i].lower(), maxsplit=1)[0] == first:
                        parent = i
                        break
            self.path = (*self.path[: max(parent, 0)], heading)
        self.run = []
        return self.path

    # --- blocks --------------------------------------------------------------------------
    def add_block(self, block: list[_Line], page_first: bool) -> None:
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
        if len(heads) <= _MAX_RUN:
            for text, after in heads:
                self.run.append(repair_text(text, self.lexicon, self.counts))
                taken = after
        self._body(block[taken:], new_item=True)

    def _unfinished(self, item: _Item) -> bool:
        if item.caption:
            return False
        last = item.lines[-1].text.rstrip(_CLOSERS)
        if item.bullet:
            return last.endswith((",", "-")) or _last_word(last) in FUNCTION_WORDS
        return bool(last) and last[-1] not in _TERMINAL

    def _body(self, lines: list[_Line], *, new_item: bool) -> None:
        for n, line in enumerate(lines):
            m = _BULLET_START.match(line.text)
            if m is not None:
                self.counts["bullet"] = self.counts.get("bullet", 0) + 1
                item_line = _Line(line.text[m.end() :], line.raw, line.page)
                self.items.append(_Item([item_line], self._section(), bullet=True))
            elif (n == 0 and new_item) or self.run or not self.items:
                caption = _is_caption(line.text)
                self.items.append(_Item([line], self._section(), caption=caption))
            else:
                self.items[-1].lines.append(line)

    # --- glossary ------------------------------------------------------------------------
    def _glossary(self, block: list[_Line]) -> list[_Line]:
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
            or _last_word(expansion) in FUNCTION_WORDS
            or not self._heading_like(text)
        )


# ----------------------------------------------------------------------------------------
# joining lines, notes, markers


def _join_lines(
    lines: Sequence[_Line], lexicon: Lexicon, counts: dict[str, int]
) -> tuple[str, list[tuple[int, int]]]:
    text = ""
    starts: list[tuple[int, int]] = []
    previous: _Line | None = None
    for line in lines:
        piece = " ".join(repair_text(line.text, lexicon, counts).split())
        if previous is None:
            text = piece
        else:
            counts["lines_joined"] = counts.get("lines_joined", 0) + 1
            raw = previous.raw
            if raw.endswith("-") and len(raw) > 1 and raw[-2].isalnum() and piece:
                text = join_hyphenated(text, piece, lexicon, counts)
            elif _cut_name(text):
                text = text + piece  # a file name or URL cut at the line end
            else:
                text = f"{text} {piece}" if text else piece
        if not starts or starts[-1][1] != line.page:
            starts.append((len(text) - len(piece), line.page))
        previous = line
    return text, starts


def _cut_name(text: str) -> bool:
    token = text.rsplit(" ", 1)[-1]
    return token.endswith(("/", "_")) and ("_" in token or "." in token or "/" in token[:-1])


def _join_item(item: _Item, lexicon: Lexicon, counts: dict[str, int]) -> Paragraph:
    text, starts = _join_lines(item.lines, lexicon, counts)
    if item.bullet:
        text = BULLET + text
        starts = [(o + len(BULLET) if i else 0, p) for i, (o, p) in enumerate(starts)]
    return Paragraph(document="", text=text, section=item.section, page_starts=tuple(starts))


def _host_suffixes(url: str) -> list[str]:
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]  # longest first


def _names_host(text: str, suffix: str) -> bool:
    return re.search(rf"(?<![\w.\-]){re.escape(suffix)}(?![\w\-])", text) is not None


def _assign_url(url: str, candidates: list[_Note]) -> _Note | None:
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


def _finish_notes(
    state: _State, lexicon: Lexicon, counts: dict[str, int]
) -> list[tuple[_Note, str]]:
    for note in state.notes:
        for line in note.lines:
            for m in URL_RE.finditer(fix_url_schemes(line.text)):
                url = m.group().rstrip(".,;)»")
                if url not in note.urls:
                    note.urls.append(url)
    for page, urls in state.url_blocks:
        on_page = [n for n in state.notes if any(line.page == page for line in n.lines)]
        for url in urls:
            owner: _Note | None
            if on_page:  # the page's note naming the site, else one without URL, else the last
                owner = _assign_url(url, on_page) or next(
                    (n for n in on_page if not n.urls), on_page[-1]
                )
            else:  # links of body text: the note of the document naming the site, if any
                owner = _assign_url(url, state.notes)
            if owner is None:
                log.debug("URL %s on page %d belongs to no note", url, page)
            elif url not in owner.urls:
                owner.urls.append(url)
    out = []
    for note in state.notes:
        text, _ = _join_lines(note.lines, lexicon, counts)
        out.append((note, text.strip()))
    return out


def _candidates(text: str) -> list[_Candidate]:
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
        word = _last_word(text[: m.start()])
        strict = word not in _NUMBER_WORDS
        found.append(_Candidate(m.start(), m.end(1), int(m.group(1)), strict))
    for m in _DIGIT_RUN.finditer(text):
        run = m.group(1)
        for cut in range(1, len(run)):
            prefix, number = run[:cut], run[cut:]
            if number.startswith("0"):
                continue
            strict = len(prefix) == 4 and 1900 <= int(prefix) <= 2099
            found.append(_Candidate(m.start(1) + cut, m.end(1), int(number), strict))
    found = [c for c in found if not in_url(c.start)]
    return sorted(found, key=lambda c: (c.start, c.end))


def _place_markers(
    name: str,
    paragraphs: list[Paragraph],
    notes: list[tuple[_Note, str]],
    counts: dict[str, int],
) -> list[Paragraph]:
    """Find each note's marker (in order of the notes, on the page printing the note)."""
    pages = {note.number: note.page for note, _ in notes}
    cands = [_candidates(p.text) for p in paragraphs]
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
