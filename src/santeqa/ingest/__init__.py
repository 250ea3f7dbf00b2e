"""Reading the corpus: text and PDF files → repaired, structured ``Document`` records.

``files`` reads the folder (bounded reads, decoding, skips); ``pdf`` / ``pdf_child`` extract PDF
pages (text runs, link annotations) in a limited child process; ``pdf_lines`` /
``pdf_layout`` read a PDF's structure from that layout; ``txt`` lays out a text export (pages,
headings, glossary, paragraphs); ``notes`` links footnotes, their URLs and their markers;
``lexicon`` repairs ligature damage; ``heuristics`` holds every tuned threshold of these rules.
"""

from santeqa.ingest.decoding import decode_text
from santeqa.ingest.files import SUFFIXES, read_corpus, read_document
from santeqa.ingest.heuristics import HEURISTICS, IngestHeuristics
from santeqa.ingest.lexicon import Lexicon, load_lexicon
from santeqa.ingest.limits import DEFAULT_LIMITS, Limits
from santeqa.ingest.pdf import read_pdf_pages
from santeqa.ingest.pdf_layout import build_pdf_document
from santeqa.ingest.summary import found_summary
from santeqa.ingest.txt import build_document, split_text_pages

__all__ = [
    "DEFAULT_LIMITS",
    "HEURISTICS",
    "SUFFIXES",
    "IngestHeuristics",
    "Lexicon",
    "Limits",
    "build_document",
    "build_pdf_document",
    "decode_text",
    "found_summary",
    "load_lexicon",
    "read_corpus",
    "read_document",
    "read_pdf_pages",
    "split_text_pages",
]
