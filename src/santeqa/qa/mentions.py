"""Where the report first mentions a term, and which terms a sentence defines: document
structure the answer step reads (computed once per index, by sentence row).

A report defines a term, or expands an acronym, where it first uses it; later passages use it
again (« comme vu précédemment ») and repeat the question's words without answering it. So a
sentence holding the first mention, in its document's body, of the question's rarest terms is
likelier to define them. Passages overlap by a sentence: a sentence repeated at the start of
the next passage counts as the same mention. Notes and glossary entries are not the body's
reading order and first-mention nothing (the glossary has its own features).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from santeqa.records import Chunk


def first_mentions(
    chunks: Sequence[Chunk],
    sentence_terms: Sequence[frozenset[str]],
) -> list[frozenset[str]]:
    """By sentence row: the terms whose first use in its document's body is that sentence
    (empty for a note's or a glossary entry's sentences). ``sentence_terms`` by sentence row,
    in the order of ``chunks``' sentences."""
    out: list[frozenset[str]] = []
    seen: dict[str, set[str]] = {}  # document -> terms used so far
    first_of: dict[tuple[str, str], frozenset[str]] = {}  # (document, sentence) -> its firsts
    row = 0
    for chunk in chunks:
        for s in chunk.sentences:
            terms = sentence_terms[row]
            row += 1
            if chunk.kind != "body":
                out.append(frozenset())
                continue
            key = (chunk.document, chunk.text[s.start : s.end])
            if key not in first_of:  # a sentence repeated by the next passage: the same mention
                used = seen.setdefault(chunk.document, set())
                first_of[key] = frozenset(terms - used)
                used |= terms
            out.append(first_of[key])
    return out


# what follows a term it defines: a defining verb, or an acronym in parentheses
_DEFINING_VERB = re.compile(
    r"\s(?:est|sont|désigne(?:nt)?|correspond(?:ent)?\s+à|se\s+défini(?:t|ssent)|"
    r"consiste(?:nt)?|signifie(?:nt)?|représente(?:nt)?|recouvre(?:nt)?)\b"
)
_ACRONYM_IN_PARENTHESES = re.compile(r"\(\s*([A-ZÉ][\w’'.-]*[A-Z][\w’'.-]*)\s*\)")
_SUBJECT_WORDS = 8  # a defined term stands among the first words, or just before its acronym


def defined_terms(text: str, terms: Callable[[str], list[str]]) -> frozenset[str]:
    """The terms a sentence defines: those of the words before a defining verb when it stands
    among its first words (« Le SNDS est la base… », « La télésanté désigne… »), and an
    acronym in parentheses with the words before it (« l’Espace de Réflexion Éthique (EREN) »).
    ``terms``: the analyser the question's terms come from."""
    found: set[str] = set()
    verb = _DEFINING_VERB.search(text)
    if verb is not None:
        before = text[: verb.start()].split()
        if 0 < len(before) <= _SUBJECT_WORDS:
            found.update(terms(" ".join(before)))
    for m in _ACRONYM_IN_PARENTHESES.finditer(text):
        before = text[: m.start()].split()[-_SUBJECT_WORDS:]
        found.update(terms(" ".join([*before, m.group(1)])))
    return frozenset(found)
