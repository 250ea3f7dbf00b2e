"""Which reference answers: the post-ranker rules that read where a note stands.

A note is read with the clause citing it (``qa.clauses``), so that « d'où vient ce
chiffre ? » finds it. Two things follow that the fitted ranker does not see:

- two notes cited in one sentence (« les sociétés X[1] (…) et Y[2] (…) ») score alike for a
  source question about X: the one whose clause names X is the answer
  (``note_of_named_clause``);
- a note that is only a title borrows its clause's words and adds its own, and may outrank
  the clause for a question that asks for no source (``beyond_references``);
- the same claim stated twice, each time with its own note of the same source (« l'OCDE
  estime que 36 % … »[3], and again pages later[32]), gives two notes the ranker reads
  alike: the one whose citing sentence is the likelier candidate answers
  (``note_of_likelier_clause``);
- a source question answered by a body sentence is answered by the note that sentence cites,
  or that stands where the sentence's figure comes from: its list's lead-in (« L'enquête
  X[3] donne ces chiffres : » for « • 40 % … »), the sentence before it in its paragraph
  (``note_of_chosen_sentence``);
- a question asking what a named source backs (« Le guide X est cité à l'appui de quel
  chiffre ? ») finds that source's note as a source question does, and is answered by the
  sentence citing the note (``claim_of_chosen_note``).

Both are measured in the README (« Quality ») and the quality log; neither changes the judge's
confidence, only which candidate is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from santeqa.index import LoadedIndex
from santeqa.qa.clauses import Clause
from santeqa.qa.facts import BULLET
from santeqa.qa.features import Candidate, Evidence, logit, tells_asked
from santeqa.qa.model import AnswerModel
from santeqa.records import Chunk
from santeqa.tunables import AnswerShape

if TYPE_CHECKING:  # qa.answer imports this module
    from santeqa.qa.answer import AnswerResources

BARE_REFERENCE_WORDS = AnswerShape.bare_reference_words
SAME_SOURCE_SHARE = AnswerShape.same_source_share


def note_of_named_clause(
    res: AnswerResources,
    ev: Evidence,
    cands: Sequence[Candidate],
    probs: Sequence[float],
    best: int,
    model: AnswerModel,
) -> int:
    """``best``, or for a source question naming something (« quelle source pour la société
    X ? ») answered by a sentence or a note whose passage (a note's: its text and citing
    clause) lacks the name, the nearly as likely reference (a note with a URL; within the
    model's neighbour margin, in log-odds) whose clause holds more of the names: two notes
    cited in one sentence (« les sociétés X[1] (…) et Y[2] (…) ») support different clauses,
    and the ranker reads them alike; a figure's credit line (« Source : … ») elsewhere in the
    report reads like any source."""
    if not ev.asked.source or not ev.names:
        return best

    def missing(i: int) -> int:
        return len(ev.names - res.passage_terms[cands[i].row])

    if not missing(best):
        return best
    floor = logit(probs[best]) - model.neighbour_margin
    closer = [
        i
        for i, c in enumerate(cands)
        if res.is_reference[c.row] and logit(probs[i]) >= floor and missing(i) < missing(best)
    ]
    return min(closer, key=lambda i: (missing(i), -probs[i]), default=best)


def note_of_likelier_clause(
    idx: LoadedIndex,
    ev: Evidence,
    cands: Sequence[Candidate],
    probs: Sequence[float],
    best: int,
    clauses: Sequence[Clause],
) -> int:
    """``best``, or for a source question answered by a note, the note of the same source
    (sharing ``SAME_SOURCE_SHARE`` of the shorter note's words: « OCDE, l'IA dans le domaine
    de la santé, … » and « L'IA dans le domaine de la santé | OCDE ») whose citing sentence
    is the likeliest candidate. A note is read with its clause, so a claim the report makes
    twice with two notes scores both notes near certainty, where they differ by chance; the
    sentence the question matches better tells them apart. A note whose citing sentence is
    no candidate counts as least likely."""
    if not ev.asked.source or idx.chunks[cands[best].row].kind != "note":
        return best
    likelihood = {(c.row, c.sentence): probs[i] for i, c in enumerate(cands)}
    words = idx.chunk_terms[cands[best].row]

    def same_source(i: int) -> bool:
        other = idx.chunk_terms[cands[i].row]
        shorter = min(len(words), len(other))
        return bool(shorter) and len(words & other) >= SAME_SOURCE_SHARE * shorter

    def citing(i: int) -> float:
        at = _cited_at(idx, clauses, idx.chunks[cands[i].row])
        return max((likelihood.get(where, 0.0) for where in at), default=0.0)

    rivals = [i for i, c in enumerate(cands) if idx.chunks[c.row].kind == "note" and same_source(i)]
    return max(rivals, key=lambda i: (citing(i), probs[i]), default=best)


def beyond_references(
    idx: LoadedIndex, ev: Evidence, cands: Sequence[Candidate], probs: Sequence[float], best: int
) -> int:
    """``best``, or, when it is a bare reference (a note of a few words: a title, « Site de
    X. », a web address; a figure's credit line) and the question asks for no source nor
    for a fact the reference holds (its date, its author; for « combien de X », a number of
    X; a name other than those the question uses), the likeliest candidate that is no bare
    reference. A note is read with the clause citing it, so that « d'où vient ce chiffre ? »
    finds it; its title then adds its own words to the clause's (« Plan vélo 2024-2030. »
    for « comment le plan vélo veut-il … ? ») and may outrank the clause, which is what
    answers."""
    chosen = cands[best]
    if ev.asked.source or not _bare_reference(idx.chunks[chosen.row], chosen.sentence):
        return best
    if tells_asked(ev, chosen.text):
        return best
    others = [i for i, c in enumerate(cands) if not _bare_reference(idx.chunks[c.row], c.sentence)]
    return max(others, key=lambda i: probs[i], default=best)


# a figure's credit line in the body: « Source : X », « Site : Y »
_CREDIT = re.compile(r"\W{0,3}(?:Sources?|Site|Crédits?)\s*:", re.IGNORECASE)


def _bare_reference(chunk: Chunk, j: int) -> bool:
    """Is sentence ``j`` of the chunk a bare reference: part of a figure's credit line
    (« Source : X. Gouv »: the line it stands on opens with « Source : »), or a note of
    fewer than ``BARE_REFERENCE_WORDS`` words, its web addresses left out (« Site de la
    CNIL. », « Plan vélo 2024-2030. »), a reference, not an explanation?"""
    if chunk.kind == "body":
        line_start = chunk.text.rfind("\n", 0, chunk.sentences[j].start) + 1
        return _CREDIT.match(chunk.text, line_start) is not None
    if chunk.kind != "note":
        return False
    text = re.sub(r"\S*(?:https?://|www\.|\.(?:fr|com|org|eu|gouv)\b)\S*", " ", chunk.text)
    return len(re.findall(r"[^\W\d_]+", text)) < BARE_REFERENCE_WORDS


def note_of_chosen_sentence(
    idx: LoadedIndex,
    note_rows: Mapping[tuple[str, int], int],
    ev: Evidence,
    cands: Sequence[Candidate],
    probs: Sequence[float],
    best: int,
    clauses: Sequence[Clause] = (),
) -> tuple[Sequence[Candidate], Sequence[float], int]:
    """For a source question whose chosen candidate is a body sentence: the note it cites
    (``cited_near``) as the candidate quoted, added with the chosen one's probability when
    the note's passage was not retrieved; else the candidates unchanged. A note cited by
    several markers there: the likeliest retrieved one, else the last (nearest the text).

    A sentence introducing a figure whose credit line follows (« 82 % des Français
    connaissent le service X[11] … : » [figure] « Source : Enquête du ministère[12] »): the
    credit line names the source, not the note on a word of the sentence (11 says what X is,
    12 where the figures come from). So the credit line's note is quoted; a credit line with
    no note gives way to the sentence's own note (a full reference), else is quoted itself.
    Likewise when the chosen candidate is a note cited by such a sentence (``clauses``:
    where each note is cited)."""
    chosen = cands[best]
    chunk = idx.chunks[chosen.row]
    if not ev.asked.source or ev.asked.cited_for:  # what a source backs: a sentence answers
        return cands, probs, best
    citing = _figure_citing(idx, clauses, chunk) if chunk.kind == "note" else None
    if citing is not None:
        row, j = citing
    elif chunk.kind == "body":
        row, j = chosen.row, chosen.sentence
    else:
        return cands, probs, best
    body = idx.chunks[row]
    numbers = cited_near_across(idx, row, j)
    if _credited_after(body, j):
        numbers = body.sentences[j + 1].footnotes or numbers
        if not numbers:  # the credit line alone names the source
            return _with_sentence(idx, cands, probs, best, (row, j + 1))
    rows = [note_rows[(body.document, n)] for n in numbers if (body.document, n) in note_rows]
    if not rows:
        return cands, probs, best
    retrieved = [i for i, c in enumerate(cands) if c.row in rows and c.sentence == 0]
    if retrieved:
        return cands, probs, max(retrieved, key=lambda i: probs[i])
    note = idx.chunks[rows[-1]]
    added = Candidate(chosen.rank, rows[-1], 0, chosen.features, note.text)
    return [*cands, added], [*probs, probs[best]], len(cands)


def claim_of_chosen_note(
    idx: LoadedIndex,
    ev: Evidence,
    cands: Sequence[Candidate],
    probs: Sequence[float],
    best: int,
    clauses: Sequence[Clause],
) -> tuple[Sequence[Candidate], Sequence[float], int]:
    """For a question asking what a named source backs (``Asked.cited_for``) whose chosen
    candidate is a note: the sentence citing that note, the likeliest candidate among those
    citing it, else the first place it is cited (added with the chosen one's probability);
    else the candidates unchanged."""
    chunk = idx.chunks[cands[best].row]
    if not ev.asked.cited_for or chunk.kind != "note":
        return cands, probs, best
    places = list(dict.fromkeys(_cited_at(idx, clauses, chunk)))
    retrieved = [i for i, c in enumerate(cands) if (c.row, c.sentence) in places]
    if retrieved:
        return cands, probs, max(retrieved, key=lambda i: probs[i])
    if not places:
        return cands, probs, best
    return _with_sentence(idx, cands, probs, best, places[0])


def _figure_citing(
    idx: LoadedIndex, clauses: Sequence[Clause], note: Chunk
) -> tuple[int, int] | None:
    """Where a note is cited (chunk row, sentence) when that sentence introduces a figure
    whose credit line follows it; else None."""
    at = _cited_at(idx, clauses, note)
    return next(((row, j) for row, j in at if _credited_after(idx.chunks[row], j)), None)


def _cited_at(
    idx: LoadedIndex, clauses: Sequence[Clause], note: Chunk
) -> Iterator[tuple[int, int]]:
    """Where a note is cited: the (chunk row, sentence) of each clause citing it."""
    cited = {(note.document, n) for n in note.footnotes}
    for c in clauses:
        if (idx.chunks[c.chunk_row].document, c.number) in cited:
            yield c.chunk_row, c.sentence


def _credited_after(chunk: Chunk, j: int) -> bool:
    """Is body sentence ``j`` followed, on the next line, by a figure's credit line (« Source :
    X »)?"""
    k = j + 1
    if (
        k >= len(chunk.sentences)
        or "\n" not in chunk.text[chunk.sentences[j].end : chunk.sentences[k].start]
    ):
        return False
    return _bare_reference(chunk, k)


def _with_sentence(
    idx: LoadedIndex,
    cands: Sequence[Candidate],
    probs: Sequence[float],
    best: int,
    where: tuple[int, int],
) -> tuple[Sequence[Candidate], Sequence[float], int]:
    """The candidates with the sentence ``where`` (chunk row, sentence) as the one quoted: its
    candidate when it is one, else added with the chosen one's probability."""
    row, j = where
    same = [i for i, c in enumerate(cands) if (c.row, c.sentence) == (row, j)]
    if same:
        return cands, probs, same[0]
    chosen = cands[best]
    added = Candidate(chosen.rank, row, j, chosen.features, _text(idx.chunks[row], j))
    return [*cands, added], [*probs, probs[best]], len(cands)


def cited_near(chunk: Chunk, j: int) -> tuple[int, ...]:
    """The notes that back sentence ``j`` of a body passage: its own markers; for a list
    item without any, its lead-in's (« … X[3] donne ces chiffres : »), and for a lead-in
    without any straight after a list, that list's; for a sentence of running text without
    any, the previous sentence's in the same paragraph, else those of a lead-in following it
    there; for a figure's label (a short line without a sentence mark), the sentence before
    the figure's."""
    if chunk.sentences[j].footnotes:
        return chunk.sentences[j].footnotes
    k = j
    if _text(chunk, j).startswith(BULLET):
        while k > 0 and _text(chunk, k - 1).startswith(BULLET):
            k -= 1
        lead_in = k - 1
        if lead_in >= 0 and _text(chunk, lead_in).rstrip().endswith(":"):
            numbers = chunk.sentences[lead_in].footnotes
            if not numbers and lead_in > 0 and _text(chunk, lead_in - 1).startswith(BULLET):
                # « Une enquête[3] donne ces chiffres : • … • … Néanmoins, ils redoutent : • … »:
                # a second lead-in without a marker of its own, straight after the first list,
                # goes on reporting the same source
                return cited_near(chunk, lead_in - 1)
            return numbers
        return ()
    in_paragraph = same_paragraph(chunk, j - 1, j)
    if in_paragraph and chunk.sentences[j - 1].footnotes:
        return chunk.sentences[j - 1].footnotes
    if same_paragraph(chunk, j, j + 1) and _text(chunk, j + 1).rstrip().endswith(":"):
        # « Le règlement les définit comme … On dénombre[4] ainsi : »: the note on the lead-in
        # the paragraph goes on with backs what the paragraph says
        return chunk.sentences[j + 1].footnotes
    if in_paragraph:
        # further back in the paragraph: « L'enquête X[13] permet de mesurer … Ainsi, 44 % …
        # 71,8 % … »: the survey the paragraph opened with backs what it goes on reporting
        k = j - 2
        while k >= 0 and same_paragraph(chunk, k, j):
            if chunk.sentences[k].footnotes:
                return chunk.sentences[k].footnotes
            k -= 1
        return reported_before(chunk, j)
    while short_line(chunk, k):  # a figure's labels (« 10 guichets ouverts »): what introduces it
        k -= 1
    return (chunk.sentences[k].footnotes if 0 <= k < j else ()) or reported_before(chunk, j)


# a paragraph opening on whom it reports (« D'après l'Académie X[20], … », « Selon l'enquête
# Y[3], … »)
_REPORTING = re.compile(
    r"^\W*(?:d['’]apr[eè]s|selon|comme l['’](?:indique|explique|souligne)nt?)\b", re.IGNORECASE
)


def reported_before(chunk: Chunk, j: int) -> tuple[int, ...]:
    """For sentence ``j`` of a paragraph with no note anywhere: the notes of the paragraph
    just before when that one opens by naming whom it reports (« D'après l'Académie X[20], les
    innovations … » then « Comme l'innovation en général, … » summing up X's report); else
    none. A paragraph after any other is not taken to go on with its source."""
    start, end = j, j
    while start > 0 and same_paragraph(chunk, start - 1, start):
        start -= 1
    while same_paragraph(chunk, end, end + 1):
        end += 1
    if start == 0 or any(chunk.sentences[k].footnotes for k in range(start, end + 1)):
        return ()
    before = start - 1
    while before > 0 and same_paragraph(chunk, before - 1, before):
        before -= 1
    if not _REPORTING.match(_text(chunk, before)):
        return ()
    return chunk.sentences[before].footnotes


def cited_near_across(idx: LoadedIndex, row: int, j: int) -> tuple[int, ...]:
    """``cited_near`` for sentence ``j`` of passage ``row``, read on in the passage before
    when what backs the sentence stands before this passage's start: a list item whose
    bullets run back to the passage's first sentence, or a first sentence of running text
    (« L'enquête X[3] donne ces chiffres : • … » cut before « • 78 % … » by the passage
    boundary). The passages overlap, so the passage before holds this one's first sentence
    and reads it in its place; none when it does not (another section, no overlap)."""
    chunk = idx.chunks[row]
    numbers = cited_near(chunk, j)
    if numbers or row == 0 or not _runs_to_start(chunk, j):
        return numbers
    before = idx.chunks[row - 1]
    if before.document != chunk.document or before.section != chunk.section:
        return ()
    first = _text(chunk, 0)
    same = [k for k in range(len(before.sentences)) if _text(before, k) == first]
    return cited_near(before, same[-1]) if same else ()


def _runs_to_start(chunk: Chunk, j: int) -> bool:
    """Is sentence ``j`` the passage's first, a list item in a run of items reaching it, or
    in a paragraph running from it (which may have begun in the passage before)?"""
    if j == 0:
        return True
    if all(same_paragraph(chunk, k, k + 1) for k in range(j)):
        return True
    return all(_text(chunk, k).startswith(BULLET) for k in range(j + 1))


def same_paragraph(chunk: Chunk, i: int, j: int) -> bool:
    """Do sentences ``i`` and ``j`` (``i`` before) stand in one paragraph of ``chunk``?"""
    if i < 0 or j >= len(chunk.sentences):
        return False
    return "\n" not in chunk.text[chunk.sentences[i].end : chunk.sentences[j].start]


# a figure's label or a title line: a line of at most this many words, no sentence mark at
# its end
LABEL_WORDS = 12


def short_line(chunk: Chunk, j: int) -> bool:
    """Is sentence ``j`` a short line of its own, with no sentence mark at its end and no
    note of its own: a figure's label, a title line (``qa.naming.beyond_a_title``)?"""
    if j < 0 or chunk.sentences[j].footnotes:
        return False
    s = chunk.sentences[j]
    alone = chunk.text[max(s.start - 1, 0) : s.start] in ("", "\n") and chunk.text[
        s.end : s.end + 1
    ] in ("", "\n")
    text = chunk.text[s.start : s.end].strip()
    words = len(re.findall(r"[^\W_]+", text))
    return alone and 0 < words <= LABEL_WORDS and not text.endswith(tuple(".!?:;…"))


def _text(chunk: Chunk, j: int) -> str:
    return chunk.text[chunk.sentences[j].start : chunk.sentences[j].end]
