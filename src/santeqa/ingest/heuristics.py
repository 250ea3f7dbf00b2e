"""The tuned numbers of reading documents, in one visible record.

Every threshold the ingest rules were fitted by hand on (decoding damaged text, telling
headings from body lines, finding the notes at a page bottom, splitting a year from a glued
note marker, bounding the ligature search, reading a PDF's layout) lives here, not as a
literal in the code. ``read_corpus`` takes the record (``Tunables.ingest`` when indexing);
the ligature search reads the default instance.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IngestHeuristics:
    """Hand-tuned thresholds of the ingest rules (defaults: tuned on French PDF text exports)."""

    # --- decoding (decoding.py) ------------------------------------------------------------
    #: UTF-8 with at most this share of invalid bytes is read with U+FFFD in their place
    damaged_utf8_max_share: float = 0.01
    #: invalid UTF-8 is tried as 8-bit text (Windows-1252, ISO-8859-15...) only when at least
    #: this share of its bytes is ASCII
    cp1252_min_ascii_share: float = 0.8
    #: decoded text with this share of control characters (or more) is binary, not text
    binary_control_share: float = 0.01

    # --- ligature repair (lexicon.py) ---------------------------------------------------
    #: words with more U+FFFD than this only try ``ti`` / ``tti`` (the search is exponential)
    max_fffd_full_search: int = 3

    # --- headings (txt.py) --------------------------------------------------------------
    #: more heading-like lines in a row than this are a list, not headings
    max_heading_run: int = 3
    #: a heading has at most this many words
    max_heading_words: int = 14
    #: longest heading line = this share of a typical full body line …
    heading_length_share: float = 0.75
    #: … the typical full line being this percentile of the line lengths …
    body_line_percentile: float = 0.9
    #: … kept within these bounds (characters); the default when there are no lines
    min_heading_chars: int = 30
    max_heading_chars: int = 90
    default_heading_chars: int = 80
    #: a caption (« Source : … », « Figure 3 … ») has at most this many words
    max_caption_words: int = 20

    # --- notes and markers (notes.py, txt.py) -------------------------------------------
    #: without a separator line, notes are looked for from this share of the page down
    note_zone_start: float = 0.5
    #: a digit run ``2024`` + ``10`` is a year and a marker when the year is in this range
    marker_year_min: int = 1900
    marker_year_max: int = 2099

    # --- PDF layout (pdf_lines.py, pdf_layout.py) ----------------------------------------
    #: runs whose baselines differ by at most this share of the font size share a line
    baseline_tolerance: float = 0.5
    #: digits at most this share of their line's font size are a superscript (a marker)
    superscript_max_share: float = 0.85
    #: … or at most their line's size, raised above its baseline by this share of the size
    superscript_rise_share: float = 0.2
    #: estimated width of a character, as a share of the font size (runs of unknown width)
    char_width_share: float = 0.5
    #: a gap wider than this share of the font size between two runs is a space …
    word_gap_share: float = 0.25
    #: … and wider than this share, a new table cell
    column_gap_share: float = 2.0
    #: lines in the top or bottom band of this share of the page may be running lines …
    margin_band_share: float = 0.08
    #: … and are, when their text (digits aside) is in that band on this share of the pages
    #: (in the top band, on two pages or when it is a heading's text: a chapter's header)
    running_line_share: float = 0.3
    #: lines at the page foot at most this share of the body size are notes
    note_size_share: float = 0.92
    #: short lines at least this share of the body size (or bold) are headings (Word's
    #: « Heading 3 » is 12 pt over an 11 pt body)
    heading_size_share: float = 1.08
    #: a gap between lines over this share of the usual line spacing starts a paragraph
    paragraph_gap_share: float = 1.4
    #: … as does, after a line ending a sentence, a line indented by this share of the size …
    first_indent_share: float = 1.0
    #: … or one whose first word would have fitted on that line, with this share to spare
    word_room_share: float = 0.6
    #: body lines ending more than this share of the size before the right edge are short;
    #: a run of them, three ending within half ``column_spread_share`` of their median, is a
    #: narrower column (text wrapping around a picture): a line is then left short only
    #: against that column's edge (the longest of those three or more), not the page's
    column_short_share: float = 8.0
    column_spread_share: float = 5.0
    #: … its lines starting at the left margin or up to this share of the size right of it
    #: (a list item's bullet and text)
    column_indent_share: float = 4.0
    #: … and its edge is the longest of those ends with two others at most this share of the
    #: size under it (a line of another paragraph, ending further right, is no edge)
    column_word_share: float = 1.5
    #: two lines of a glossary's expansions' column this share of their size apart or
    #: closer may be lines of one cell (LibreOffice: 1.15, Word's 1.08 spacing about 1.3)
    cell_line_gap_share: float = 1.4

    # --- acronyms defined in the running text (acronyms.py) ------------------------------
    #: an acronym has at most this many letters (« (MJS) »; « (Louvre) » is tried too)
    acronym_max_letters: int = 10
    #: a long form has at most the acronym's letters plus this many words (function words
    #: included: « Maison des Jeux de Société » is 5 words for 3 letters)
    acronym_extra_words: int = 6
    #: lower-case content words a long form may leave out (« Direction régionale des
    #: Sports (DS) »); capitalised words and the first and last never
    acronym_max_skipped_words: int = 1
    #: at least this share of an acronym's letters are initials of its long form's words
    #: (« SaMAV »: S, M, A, V of 5); an acronym with one capital needs them all (« Fnav »)
    acronym_min_initial_share: float = 0.5


#: the values in use
HEURISTICS = IngestHeuristics()
