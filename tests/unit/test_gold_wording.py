"""No gold question (../shared/eval/*.jsonl) nor its distinctive wording in src/, tests/ or web/.

Fuzzy on purpose: a question reworded by a word or two, re-accented or re-punctuated still
shares most of its word trigrams with the gold one. Gold questions must stay unseen by the code
and the tests, or the figures measured on them say nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from santeqa.text import fold, stopwords

ROOT = Path(__file__).resolve().parents[2]
# ../shared/eval next to the checkout (a worktree may sit one level deeper)
GOLD_DIR = next(
    (d / "shared" / "eval" for d in ROOT.parents if (d / "shared" / "eval").is_dir()),
    ROOT.parent / "shared" / "eval",
)
SCANNED = ("src", "tests", "web", "benchmarks")
# held-out question files, written without the gold files by someone who read only the report:
# data the code never reads, where a question may happen to share a gold question's wording
# (« Comment l'OMS définit-elle … ? » is what anyone asks); ``santeqa eval`` reads them
HELD_OUT = ROOT / "benchmarks" / "data"
SUFFIXES = {".py", ".html", ".js", ".css", ".json", ".jsonl", ".txt", ".md", ".toml"}
SHARED = 0.5  # share of a gold question's telling trigrams that may not appear in one file
SHORT = 3  # with fewer content words, a question is looked for as a whole run of words
# words that tell nothing about a question (« qu'est-ce que le », "what is the")
_ENGLISH = set("the a an of to in on for by is are was were do does did what which who how".split())
FILLERS = stopwords() | _ENGLISH | {"est", "t", "qu"}


def _words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", fold(text))


def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _telling(grams: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    return {g for g in grams if any(w not in FILLERS for w in g)}


def _questions(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "question" and isinstance(item, str):
                yield item
            else:
                yield from _questions(item)
    elif isinstance(value, list):
        for item in value:
            yield from _questions(item)


def gold_questions() -> list[str]:
    files = sorted(GOLD_DIR.glob("*.jsonl"))
    if not files:
        pytest.skip(f"no gold file in {GOLD_DIR}")
    out: list[str] = []
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                out.extend(_questions(json.loads(line)))
    return out


def leaks(question: str, words: list[str], trigrams: set[tuple[str, ...]]) -> bool:
    """Does a text (its words and their trigrams) hold this question, nearly word for word?"""
    q = _words(question)
    if sum(w not in FILLERS for w in q) < SHORT:
        n = len(q)
        return any(words[i : i + n] == q for i in range(len(words) - n + 1))
    grams = _telling(_trigrams(q))
    return len(grams & trigrams) / len(grams) >= SHARED


def test_the_guard_catches_a_lightly_reworded_question() -> None:
    gold = "Combien de cabines de téléconsultation la région a-t-elle installées en 2021 ?"
    reworded = "« combien de cabines de teleconsultation la Région a installées en 2021 » ?"
    other = "Combien de cabines la région a-t-elle fermées depuis le début du programme ?"
    for text, expected in ((reworded, True), (other, False)):
        words = _words(text)
        assert leaks(gold, words, _trigrams(words)) is expected
    short = "Et en 2019 ?"
    words = _words("# then: « et en 2019 ? » follows")
    assert leaks(short, words, _trigrams(words))


def test_no_gold_question_in_the_code_the_tests_or_the_page() -> None:
    questions = gold_questions()
    assert questions
    files = [
        p
        for folder in SCANNED
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and p.suffix in SUFFIXES and HELD_OUT not in p.parents
    ]
    assert any(p.name == "app.js" for p in files)
    found = []
    for path in files:
        words = _words(path.read_text("utf-8", errors="replace"))
        trigrams = _trigrams(words)
        found += [
            f"{path.relative_to(ROOT)}: {q!r}" for q in questions if leaks(q, words, trigrams)
        ]
    assert not found, "gold wording found:\n" + "\n".join(found)
