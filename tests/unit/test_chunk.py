"""French sentence splitting and section-bounded chunks."""

from __future__ import annotations

import itertools
import json

import pytest

from santeqa.chunk import (
    chunk_document,
    chunk_documents,
    count_words,
    note_chunks,
    repair_stats,
    split_sentences,
)
from santeqa.codec import chunk_from_json, chunk_to_json, document_from_json, document_to_json
from santeqa.records import Chunk, Document, Footnote, Marker, Paragraph, Sentence


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_plain_sentences() -> None:
    assert _sentences("Une phrase. Une autre ! Une question ? Fin.") == [
        "Une phrase.",
        "Une autre !",
        "Une question ?",
        "Fin.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "M. Dupont et Mme. Durand sont venus.",
        "Le Dr. Martin a parlé.",
        "Voir l’art. L. 4001-3 du code.",
        "Voir cf. Annexe 2 pour le détail.",
        "Des outils (p. ex. Doctolib) existent.",
        "Les orthésistes (i.e. Podologues) aussi.",
        "Des radios, des résultats, etc. et encore plus.",
        "Il dit « Nous y sommes. Tout est prêt. » puis part.",
        "Alors 71,8 % ont des difficultés et 1 209 pharmacies pour 2,5 Md€ en tout.",
        "Une question ? par qui ? comment ?",
    ],
)
def test_no_split_inside(text: str) -> None:
    assert _sentences(text) == [text]


def test_splits_around_quotes_and_numbers() -> None:
    text = "Il est « une forme de soin [...] ». Tout médecin peut. 30 heures sont prévues."
    assert _sentences(text) == [
        "Il est « une forme de soin [...] ».",
        "Tout médecin peut.",
        "30 heures sont prévues.",
    ]
    # an unclosed quote does not swallow the paragraph
    legal = "« I.-Le texte dit ceci. « II.-Les autres aussi. Ils sont informés."
    assert _sentences(legal) == [
        "« I.-Le texte dit ceci.",
        "« II.-Les autres aussi.",
        "Ils sont informés.",
    ]


def test_count_words() -> None:
    assert count_words("• Un point – avec 71,8 % de mots") == 6


def _para(text: str, section: tuple[str, ...], page: int = 1, **kw: object) -> Paragraph:
    starts = kw.get("page_starts", ((0, page),))
    markers = kw.get("markers", ())
    return Paragraph("doc.txt", text, section, starts, markers)  # type: ignore[arg-type]


def _sentence(i: int, words: int = 10) -> str:
    return f"Phrase {i} " + " ".join(["mot"] * (words - 3)) + " fin."


def _doc(paragraphs: list[Paragraph]) -> Document:
    return Document("doc.txt", "0" * 64, (), tuple(paragraphs), (), (), {"tt_restored": 2})


def test_chunks_sizes_overlap_and_sections() -> None:
    big = ("Long",)
    small = ("Court",)
    paras = [
        _para(" ".join(_sentence(i) for i in range(p * 6, p * 6 + 6)), big, page=1 + p)
        for p in range(8)
    ]
    paras.append(_para("Une petite section. Deux phrases seulement.", small, page=9))
    paras.append(_para("• Un point de liste", small, page=9))
    chunks = chunk_document(_doc(paras))
    long_chunks = [c for c in chunks if c.section == big]
    short_chunks = [c for c in chunks if c.section == small]
    assert len(long_chunks) >= 4
    assert all(80 <= count_words(c.text) <= 160 for c in long_chunks)
    for a, b in itertools.pairwise(long_chunks):
        last = a.text[a.sentences[-1].start : a.sentences[-1].end]
        first = b.text[b.sentences[0].start : b.sentences[0].end]
        assert last == first  # one sentence of overlap
        assert b.text[b.sentences[1].start : b.sentences[1].end] not in a.text
    assert len(short_chunks) == 1
    assert (
        short_chunks[0].text == "Une petite section. Deux phrases seulement.\n• Un point de liste"
    )
    # every sentence of the section appears, in order
    seen = []
    for c in long_chunks:
        for s in c.sentences:
            text = c.text[s.start : s.end]
            if not seen or seen[-1] != text:
                seen.append(text)
    assert seen == [_sentence(i) for i in range(48)]


def test_chunk_fields_pages_and_footnotes() -> None:
    text = "Le début sur la page une. La suite cite une étude sur la page deux. Fin ici."
    cut = text.index("La suite")
    note = text.index(" sur la page deux")
    para = _para(
        text,
        ("Titre",),
        page_starts=((0, 3), (cut + 3, 4)),
        markers=(Marker(note, 7),),
    )
    (chunk,) = chunk_document(_doc([para]))
    assert chunk.document == "doc.txt"
    assert chunk.section == ("Titre",)
    assert chunk.page == 3
    assert chunk.pages == (3, 4)
    assert chunk.footnotes == (7,)
    assert [(chunk.text[s.start : s.end], s.page, s.footnotes) for s in chunk.sentences] == [
        ("Le début sur la page une.", 3, ()),
        ("La suite cite une étude sur la page deux.", 3, (7,)),
        ("Fin ici.", 4, ()),
    ]
    assert len(chunk.id) == 16
    assert chunk_document(_doc([para]))[0].id == chunk.id  # deterministic
    other = chunk_document(_doc([_para(text, ("Autre",))]))[0]
    assert other.id != chunk.id  # the section is part of the id


def test_a_note_printed_over_two_pages_keeps_where_each_part_stands() -> None:
    text = "Le plan a lancé deux défis. Concertations - Plan d'actions du défi (site.fr)."
    cut = text.index("Concertations")
    note = Footnote("doc.txt", 17, text, ("https://site.fr",), 13, ((0, 13), (cut, 14)))
    doc = Document("doc.txt", "0" * 64, (), (), (note,), (), {})
    (chunk,) = note_chunks(doc)
    assert (chunk.page, chunk.pages) == (13, (13, 14))
    assert chunk.page_at(0) == 13 and chunk.page_at(cut + 5) == 14

    back = document_from_json(json.loads(json.dumps(document_to_json(doc))))
    assert back.footnotes == (note,)
    # a note stored before notes kept their pages stands on its first page
    data = document_to_json(doc)
    del data["footnotes"][0]["page_starts"]
    (old,) = note_chunks(document_from_json(data))
    assert (old.pages, old.page_at(cut + 5)) == ((13,), 13)


def test_a_sentence_over_a_page_break_keeps_where_each_part_stands() -> None:
    first = "Le parc éolien du littoral est achevé."
    running = "Sa construction a coûté au total 42 millions d’euros en quatre ans."
    text = f"{first} {running}"
    turn = text.index("42 millions")  # the page turns inside the second sentence
    para = _para(text, ("Énergie",), page_starts=((0, 11), (turn, 12)))
    (chunk,) = chunk_document(_doc([para]))
    # the sentence is dated by its first words, the passage keeps the break itself
    assert [s.page for s in chunk.sentences] == [11, 11]
    assert chunk.pages == (11, 12)
    assert chunk.page_starts == ((0, 11), (turn, 12))
    assert chunk.page_at(text.index("coûté")) == 11
    assert chunk.page_at(turn) == chunk.page_at(text.index("quatre ans")) == 12
    # stored and read back as it was
    assert chunk_from_json(chunk_to_json(chunk)) == chunk


def test_a_break_in_a_second_paragraph_is_placed_in_the_passage() -> None:
    one = _para("Premier paragraphe court.", ("S",), page=5)
    two_text = "Le second commence ici et se poursuit plus loin."
    two = _para(two_text, ("S",), page_starts=((0, 5), (two_text.index("plus"), 6)))
    (chunk,) = chunk_document(_doc([one, two]))
    assert chunk.text == "Premier paragraphe court.\n" + two_text
    assert chunk.page_at(chunk.text.index("plus loin")) == 6
    assert chunk.page_at(chunk.text.index("poursuit")) == 5


def test_a_passage_stored_without_page_breaks_reads_its_sentences_pages() -> None:
    """An index written before passages kept their page breaks: each sentence's first page."""
    text = "Une phrase sur la page trois. Une autre sur la page quatre."
    cut = text.index("Une autre")
    sentences = (Sentence(0, cut - 1, 3), Sentence(cut, len(text), 4))
    stored = chunk_to_json(Chunk("c", "d.txt", 3, (3, 4), ("S",), text, (), sentences))
    del stored["page_starts"]
    chunk = chunk_from_json(stored)
    assert chunk.page_starts == ()
    assert [chunk.page_at(o) for o in (0, cut - 1, cut, len(text) - 1)] == [3, 3, 4, 4]


def test_chunk_documents_and_stats() -> None:
    a = _doc([_para("Une phrase.", ("A",))])
    chunks = chunk_documents([a, a], words=50, max_words=60, overlap=0)
    assert len(chunks) == 2
    assert repair_stats([a, a]) == {"tt_restored": 4}


def test_very_long_sentence_is_cut() -> None:
    text = " ".join(["mot"] * 400) + "."
    chunks = chunk_document(_doc([_para(text, ("S",))]))
    assert all(count_words(c.text) <= 160 for c in chunks)
    assert sum(count_words(c.text) for c in chunks) >= 400
