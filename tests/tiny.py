"""A tiny literal report, and a tmp corpus, word list and settings around it, for the fast tests.

The report's pieces (lists of lines) are shared so that a test module can add its own lines
between them and keep what it adds in sight: ``report([*OPENING, "", "Une phrase.", *ARS_NOTE])``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from santeqa.embed import FakeEmbedder
from santeqa.evaluate import Gold
from santeqa.index.build import build
from santeqa.records import Chunk, Sentence
from santeqa.settings import Settings

NAME = "rapport.txt"
ARS_URL = "https://www.ars.sante.fr/enquete-telemedecine-2023"
REGION_URL = "https://www.normandie.fr/communique-sante"

# The heading path and the first paragraph of page 1 (which cites note 1).
OPENING = [
    "Télémédecine en région",
    "Les téléconsultations",
    "",
    "La plateforme régionale a réalisé 12 500 téléconsultations en 2023 selon une enquête1.",
    "Ce volume progresse chaque année dans les territoires ruraux.",
]
# A section whose paragraph names a person and cites note 2.
FUNDING = [
    "Le financement",
    "",
    "Le budget du programme atteint 3 millions d’euros sur trois ans. Le projet est",
    "dirigé par Claire Dubois, directrice de l’innovation2.",
]
# The notes at the foot of their page: text, then the URL on a line of its own.
ARS_NOTE = [
    " ",
    "1 Enquête de l’Agence Régionale de Santé sur la télémédecine (ars.sante.fr)",
    "",
    ARS_URL,
]
REGION_NOTE = [
    " ",
    "2 Communiqué du Conseil régional de Normandie (normandie.fr)",
    "",
    REGION_URL,
]
GLOSSARY = ["Sigles", "ARS Agence Régionale de Santé", "DMP Dossier Médical Partagé"]
GHT = "GHT Groupement Hospitalier de Territoire"  # a third glossary entry


def report(*pages: list[str]) -> str:
    """The text of a report with these pages (lists of lines): form feeds between the pages."""
    return "\f".join("\n".join(lines) for lines in pages) + "\n"


# Two pages (a note with its URL on each) and the glossary page.
REPORT = report([*OPENING, *ARS_NOTE], [*FUNDING, *REGION_NOTE], GLOSSARY)

# Three pages for fitting on tiny data: the opening, the funding with a committee paragraph
# (sentences that repeat a question's words without answering it) and its note, the glossary.
COMMITTEE_PAGES = [
    [*OPENING, ""],
    [
        *FUNDING,
        "",
        "Le comité de pilotage se réunit chaque trimestre à Rouen.",
        "Le comité associe les hôpitaux et les pharmacies de la région.",
        *REGION_NOTE,
    ],
    GLOSSARY,
]

# A gold line the tiny report answers (page 2, note 2).
GOLD_PERSON: dict[str, Any] = {
    "id": "t1",
    "question": "Qui dirige le projet ?",
    "answerable": True,
    "answer": "Claire Dubois",
    "alternatives": [],
    "footnotes": [2],
    "page": 2,
    "category": "person",
}


def paragraph(topic: str, sentences: int = 7) -> str:
    """A paragraph of distinct sentences about ``topic`` (each sentence names it)."""
    return " ".join(
        f"La phrase {i} du paragraphe sur {topic} décrit une pratique de soin numéro {i}."
        for i in range(sentences)
    )


def document(topic: str, pages: int = 3) -> str:
    """A longer document: ``pages`` pages (form feeds), one section a page, two paragraphs a
    section, every sentence distinct (for incremental rebuilds)."""
    return report(
        *(
            [f"Chapitre {p} {topic}", "", paragraph(f"{topic}{p}a"), "", paragraph(f"{topic}{p}b")]
            for p in range(pages)
        )
    )


WORDS = ("la", "de", "le")


def gold(key: str, question: str, *phrases: str) -> Gold:
    """A gold question about the tiny report: answerable when it has phrases."""
    return Gold(key, question, bool(phrases), phrases, (), None, "c")


def write_document(corpus: Path, name: str, text: str) -> Path:
    """``corpus/name`` holding ``text`` (the folder is made if need be)."""
    corpus.mkdir(parents=True, exist_ok=True)
    path = corpus / name
    path.write_text(text, encoding="utf-8")
    return path


def write_words(path: Path, *words: str) -> Path:
    """A word list (one word a line): ``words``, or ``WORDS`` when none are given."""
    path.write_text("".join(f"{word}\n" for word in words or WORDS), encoding="utf-8")
    return path


def clear_environment(patch: pytest.MonkeyPatch) -> None:
    """Unset every SANTEQA_ variable (until ``patch`` is undone)."""
    for name in list(os.environ):
        if name.startswith("SANTEQA_"):
            patch.delenv(name)


def clean_settings(**values: Any) -> Settings:
    """Settings from these values and the defaults only (SANTEQA_ variables ignored)."""
    with pytest.MonkeyPatch.context() as patch:
        clear_environment(patch)
        return Settings(**values)


def tiny_settings(base: Path, **values: Any) -> Settings:
    """Clean settings over ``base/corpus``, ``base/index`` and the word list ``base/words.txt``;
    no English question is translated unless asked for (no Apertium subprocess in unit tests)."""
    values.setdefault("english_translation", False)
    return clean_settings(
        corpus_dir=base / "corpus", index_dir=base / "index", lexicon=base / "words.txt", **values
    )


def tiny_index(base: Path, text: str = REPORT, **values: Any) -> Settings:
    """``text`` as ``base/corpus/rapport.txt`` and the word list ``WORDS``, indexed with a
    FakeEmbedder: the settings (``values`` added) that read them."""
    write_document(base / "corpus", NAME, text)
    write_words(base / "words.txt")
    settings = tiny_settings(base, **values)
    build(settings, FakeEmbedder())
    return settings


def flip_bytes(path: Path) -> None:
    """Damage a file: its last eight bytes inverted."""
    data = bytearray(path.read_bytes())
    for i in range(len(data) - 8, len(data)):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def chunk_of(*sentences: str) -> Chunk:
    """A one-page chunk of literal sentences, one space apart, with their offsets."""
    text, spans, at = "", [], 0
    for s in sentences:
        spans.append(Sentence(at, at + len(s), 1))
        text += s + " "
        at = len(text)
    return Chunk("c", "d.txt", 1, (1,), ("S",), text.rstrip(), (), tuple(spans))
