"""Measure retrieval and answers on a gold-question file (JSON Lines).

Each line: ``id``, ``question``, ``answerable``, ``answer``, ``alternatives``, ``footnotes``,
``page``, ``category``. A text "contains" a gold phrase by the matching rule below, which is
blind to the PDF's ligature damage and to how footnote markers are written.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from santeqa.errors import SanteqaError
from santeqa.records import AskResult
from santeqa.text import fold


class Asker(Protocol):
    def ask(
        self,
        question: str,
        top_k: int | None = None,
        *,
        mode: str = "final",
        history: Sequence[str] = (),
    ) -> AskResult: ...


def normalise(text: str) -> str:
    text = fold(re.sub(r"\[\d+\]", " ", text))  # footnote markers out first
    text = re.sub(r"(?<=[^\W\d_])\d+\b", "", text)
    text = re.sub(r"[\W_]+", " ", text)
    text = re.sub(r"t+", "t", text)
    return f" {text.strip()} "


def contains(text: str, phrase: str) -> bool:
    return normalise(phrase) in normalise(text)


@dataclass(frozen=True)
class Gold:
    id: str
    question: str
    answerable: bool
    phrases: tuple[str, ...]
    footnotes: tuple[int, ...]
    page: int | None
    category: str


@dataclass(frozen=True)
class Dialogue:
    """A conversation: its later turns only make sense with the earlier questions."""

    id: str
    kind: str  # ellipsis, pronoun, source, english, unanswerable
    turns: tuple[Gold, ...]


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SanteqaError(f"cannot read {path}: {exc}") from exc
    out = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append((n, json.loads(line)))
            except ValueError as exc:
                raise SanteqaError(f"{path}:{n}: not JSON ({exc})") from exc
    return out


def _gold(d: dict[str, Any], id_: str, category: str) -> Gold:
    phrases = ([d["answer"]] if d.get("answer") else []) + list(d.get("alternatives") or [])
    return Gold(
        id=id_,
        question=str(d["question"]),
        answerable=bool(d["answerable"]),
        phrases=tuple(phrases),
        footnotes=tuple(d.get("footnotes") or ()),
        page=d.get("page"),
        category=category,
    )


def load_gold(path: Path) -> list[Gold]:
    out: list[Gold] = []
    for n, d in _lines(path):
        try:
            out.append(_gold(d, str(d["id"]), str(d.get("category", ""))))
        except (KeyError, TypeError) as exc:
            raise SanteqaError(f"{path}:{n}: not a gold question ({exc})") from exc
    return out


def load_dialogues(path: Path) -> list[Dialogue]:
    """``{"id", "kind", "turns": [gold question fields…]}`` a line; turn ids are ``ID#N``
    (counted from 0, as in ``dialogues-dev.absent.json``)."""
    out: list[Dialogue] = []
    for n, d in _lines(path):
        try:
            kind = str(d.get("kind", ""))
            turns = tuple(_gold(t, f"{d['id']}#{i}", kind) for i, t in enumerate(d["turns"]))
        except (KeyError, TypeError) as exc:
            raise SanteqaError(f"{path}:{n}: not a dialogue ({exc})") from exc
        if len(turns) < 2:
            raise SanteqaError(f"{path}:{n}: a dialogue needs at least two turns")
        out.append(Dialogue(id=str(d["id"]), kind=kind, turns=turns))
    return out


@dataclass
class Outcome:
    gold: Gold
    rank: int | None  # 1-based rank of the first passage holding a gold phrase
    answer_hit: bool
    footnote_ok: bool | None
    page_ok: bool | None  # the answer's page is the gold page (None: no gold page)
    abstained: bool
    answer: str
    confidence: float
    took_ms: float
    searched: str = ""  # the question as searched (a follow-up resolved with its history)
    answer_page: int | None = None  # the page the answer reports


def judge(gold: Gold, result: AskResult, k: int) -> Outcome:
    rank = None
    for i, hit in enumerate(result.hits[:k], 1):
        if any(contains(hit.chunk.text, p) for p in gold.phrases):
            rank = i
            break
    answer = result.answer.text if result.answer else ""
    notes = {f.number for h in result.hits[:k] for f in h.footnotes}
    if result.answer:
        notes |= {f.number for f in result.answer.footnotes}
    return Outcome(
        gold=gold,
        rank=rank,
        answer_hit=bool(answer) and any(contains(answer, p) for p in gold.phrases),
        footnote_ok=set(gold.footnotes) <= notes if gold.footnotes else None,
        page_ok=_page_ok(gold, result),
        abstained=result.abstained,
        answer=answer,
        confidence=result.confidence,
        took_ms=result.took_ms,
        searched=result.resolved_question or result.question,
        answer_page=result.answer.page if result.answer else None,
    )


def _page_ok(gold: Gold, result: AskResult) -> bool | None:
    """For an answerable question with a gold page: does the answer report that page? (No
    answer, or an abstention, is a miss.)"""
    if not gold.answerable or gold.page is None:
        return None
    return result.answer is not None and not result.abstained and result.answer.page == gold.page


def run(
    engine: Asker, golds: Sequence[Gold], *, top_k: int = 5, mode: str = "final"
) -> list[Outcome]:
    out = []
    for g in golds:
        t0 = time.perf_counter()
        result = engine.ask(g.question, top_k, mode=mode)
        o = judge(g, result, top_k)
        o.took_ms = (time.perf_counter() - t0) * 1000
        out.append(o)
    return out


def run_dialogues(
    engine: Asker, dialogues: Sequence[Dialogue], *, top_k: int = 5, with_history: bool = True
) -> list[Outcome]:
    """The follow-up turns (every turn but the first), each asked with the earlier questions
    of its conversation as history, or alone (``with_history=False``: the baseline)."""
    out = []
    for dialogue in dialogues:
        questions = [t.question for t in dialogue.turns]
        for i, turn in enumerate(dialogue.turns[1:], 1):
            history = questions[:i] if with_history else []
            t0 = time.perf_counter()
            result = engine.ask(turn.question, top_k, history=history)
            o = judge(turn, result, top_k)
            o.took_ms = (time.perf_counter() - t0) * 1000
            out.append(o)
    return out


def summarise(outcomes: Iterable[Outcome]) -> dict[str, float]:
    items = list(outcomes)
    ans = [o for o in items if o.gold.answerable]
    oos = [o for o in items if not o.gold.answerable]
    withnotes = [o for o in ans if o.footnote_ok is not None]
    withpage = [o for o in ans if o.page_ok is not None]
    m: dict[str, float] = {"questions": len(items), "answerable": len(ans)}
    if ans:
        m["hit@1"] = sum(o.rank == 1 for o in ans) / len(ans)
        m["hit@k"] = sum(o.rank is not None for o in ans) / len(ans)
        m["mrr"] = sum(1 / o.rank for o in ans if o.rank) / len(ans)
        m["answer_hit"] = sum(o.answer_hit for o in ans) / len(ans)
        m["false_abstain"] = sum(o.abstained for o in ans) / len(ans)
    if withnotes:
        m["footnote_ok"] = sum(bool(o.footnote_ok) for o in withnotes) / len(withnotes)
    if withpage:
        m["page_ok"] = sum(bool(o.page_ok) for o in withpage) / len(withpage)
    if oos:
        m["oos_abstain"] = sum(o.abstained for o in oos) / len(oos)
    times = [o.took_ms for o in items]
    if times:
        m["p50_ms"] = statistics.median(times)
        m["p95_ms"] = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    return m


def report(outcomes: Sequence[Outcome], k: int) -> dict[str, Any]:
    by_cat: dict[str, list[Outcome]] = {}
    for o in outcomes:
        by_cat.setdefault(o.gold.category, []).append(o)
    return {
        "k": k,
        "overall": summarise(outcomes),
        "by_category": {c: summarise(v) for c, v in sorted(by_cat.items())},
    }
