from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from santeqa.errors import SanteqaError
from santeqa.evaluate import (
    Gold,
    contains,
    judge,
    load_dialogues,
    normalise,
    run_dialogues,
    summarise,
)
from santeqa.records import Answer, AskResult, IndexInfo


def test_matching_rule_is_blind_to_ligature_damage_and_markers() -> None:
    assert contains("Cette innovation[12] en santé11 est", "cete innova\ufffdon en santé")
    assert contains("a\ufffdrer les talents", "attirer")
    assert not contains("attirer", "tirer les")


def test_whole_words_only() -> None:
    assert not contains("innovations", "innovation")
    assert normalise("  A–b  ") == " a b "


# ----------------------------------------------------------------------------------------
# page_ok


def _answered_on(page: int | None) -> AskResult:
    """The answer « la flotte compte 12 navettes », reported on ``page`` (None: abstained)."""
    text = "la flotte compte 12 navettes"
    answer = None if page is None else Answer(text, "p", "r.txt", 0, len(text), page, (), (), 0.9)
    info = IndexInfo("gen", 1, 1, "fake", "now")
    return AskResult("Combien de navettes ?", answer, answer is None, "", (), info, 1.0)


def _gold(id_: str, page: int | None, answerable: bool = True) -> Gold:
    phrases = ("12 navettes",) if answerable else ()
    return Gold(id_, "Combien de navettes ?", answerable, phrases, (), page, "fact-number")


def test_page_ok_compares_the_answer_page_with_the_gold_page() -> None:
    on_page = judge(_gold("a", 7), _answered_on(7), 5)
    next_page = judge(_gold("b", 7), _answered_on(8), 5)
    abstained = judge(_gold("c", 7), _answered_on(None), 5)
    no_gold_page = judge(_gold("d", None), _answered_on(3), 5)
    out_of_scope = judge(_gold("e", None, answerable=False), _answered_on(None), 5)
    assert [o.page_ok for o in (on_page, next_page, abstained, no_gold_page, out_of_scope)] == [
        True,
        False,
        False,
        None,
        None,
    ]
    assert (on_page.answer_page, abstained.answer_page) == (7, None)
    # the share among answerable questions that have a gold page: 1 of the first three
    m = summarise([on_page, next_page, abstained, no_gold_page, out_of_scope])
    assert m["page_ok"] == pytest.approx(1 / 3)
    assert m["answer_hit"] == pytest.approx(3 / 4)  # the other columns count as before
    assert "page_ok" not in summarise([no_gold_page, out_of_scope])


# ----------------------------------------------------------------------------------------
# dialogues


def _dialogue_result(question: str, text: str | None, resolved: str) -> AskResult:
    answer = None if text is None else Answer(text, "x", "r.txt", 0, len(text), 1, ("S",), (), 1.0)
    info = IndexInfo("gen", 1, 1, "fake", "now")
    return AskResult(question, answer, text is None, "", (), info, 1.0, 1.0, resolved)


class HistoryAsker:
    """Answers a follow-up right only when it comes with its history."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def ask(
        self,
        question: str,
        top_k: int | None = None,
        *,
        mode: str = "final",
        history: Sequence[str] = (),
    ) -> AskResult:
        self.calls.append((question, tuple(history)))
        if not history:
            return _dialogue_result(question, "une phrase sans rapport", question)
        if "salariés" in question:  # the report does not say: abstain
            return _dialogue_result(question, None, question)
        return _dialogue_result(question, "le budget atteint 4 millions", f"{question} — budget")


DIALOGUES = [
    {
        "id": "c1",
        "kind": "ellipsis",
        "turns": [
            {"question": "Quel budget en 2021 ?", "answerable": True, "answer": "3 millions"},
            {"question": "Et en 2022 ?", "answerable": True, "answer": "4 millions"},
            {"question": "Combien de salariés ?", "answerable": False, "answer": None},
        ],
    }
]


def test_dialogues_are_asked_with_their_history_and_scored_per_follow_up(tmp_path: Path) -> None:
    path = tmp_path / "dialogues.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DIALOGUES), "utf-8")
    (dialogue,) = load_dialogues(path)
    assert [t.id for t in dialogue.turns] == ["c1#0", "c1#1", "c1#2"]
    asker = HistoryAsker()
    outcomes = run_dialogues(asker, [dialogue], top_k=3)
    # the first turn is not scored; each follow-up comes with the questions before it
    assert asker.calls == [
        ("Et en 2022 ?", ("Quel budget en 2021 ?",)),
        ("Combien de salariés ?", ("Quel budget en 2021 ?", "Et en 2022 ?")),
    ]
    m = summarise(outcomes)
    assert (m["answerable"], m["answer_hit"], m["oos_abstain"]) == (1, 1.0, 1.0)
    assert outcomes[0].searched == "Et en 2022 ? — budget"
    alone = summarise(run_dialogues(asker, [dialogue], with_history=False))
    assert (alone["answer_hit"], alone["oos_abstain"]) == (0.0, 0.0)


def test_a_dialogue_needs_two_turns(tmp_path: Path) -> None:
    one = {**DIALOGUES[0], "turns": DIALOGUES[0]["turns"][:1]}  # type: ignore[index]
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(one) + "\n", "utf-8")
    with pytest.raises(SanteqaError, match="two turns"):
        load_dialogues(path)
