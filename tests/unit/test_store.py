"""santeqa.store: the question log, the feedback, the retention and the insights (SQLite)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from santeqa.errors import NotFound
from santeqa.store import (
    FEEDBACK_WINDOW_S,
    PENDING_MAX,
    QuestionEntry,
    QuestionStore,
    StoreUnavailable,
    question_key,
)

DAY = 86_400.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0  # 2025-06-15T15:06:40Z

    def __call__(self) -> float:
        return self.now


def entry(
    qid: str, question: str = "Combien de cabines en pharmacie ?", *, abstained: bool = False
) -> QuestionEntry:
    return QuestionEntry(
        id=qid,
        question=question,
        resolved_question=question + " (résolue)",
        abstained=abstained,
        confidence=None if abstained else 0.93,
        passage_ids=("p-1", "p-2"),
        generation="gen-a",
        answer=None if abstained else "Plus de 2 000 pharmacies.",
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> QuestionStore:
    made = QuestionStore(tmp_path / "var" / "q.sqlite3", retention_days=90, clock=clock)
    made.open()
    return made


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_a_question_is_logged_with_what_the_issue_lists(store: QuestionStore) -> None:
    store.record(entry("a1"))
    (row,) = rows(
        store.path,
        "SELECT id, asked_at, question, resolved_question, abstained, confidence, passage_ids, "
        "generation, answer, logged FROM questions",
    )
    assert row == (
        "a1",
        1_750_000_000.0,
        "Combien de cabines en pharmacie ?",
        "Combien de cabines en pharmacie ? (résolue)",
        0,
        0.93,
        '["p-1", "p-2"]',
        "gen-a",
        "Plus de 2 000 pharmacies.",
        1,
    )


def test_the_file_is_in_wal_mode_and_its_folder_is_made(store: QuestionStore) -> None:
    store.record(entry("a1"))
    assert store.path.parent.name == "var"
    assert rows(store.path, "PRAGMA journal_mode") == [("wal",)]


def test_no_column_could_hold_an_address_or_a_cookie(store: QuestionStore) -> None:
    columns = {
        name
        for table in ("questions", "feedback")
        for _, name, *_ in rows(store.path, f"PRAGMA table_info({table})")
    }
    assert not {c for c in columns if any(w in c for w in ("ip", "addr", "client", "cookie"))}


def test_feedback_on_a_known_answer_and_a_second_vote_replaces_the_first(
    store: QuestionStore, clock: Clock
) -> None:
    store.record(entry("a1"))
    store.add_feedback("a1", "up")
    clock.now += 5
    store.add_feedback("a1", "down", "La réponse parle d'autre chose.")
    assert rows(
        store.path, "SELECT question_id, vote, comment, question, answer FROM feedback"
    ) == [
        (
            "a1",
            "down",
            "La réponse parle d'autre chose.",
            "Combien de cabines en pharmacie ?",
            "Plus de 2 000 pharmacies.",
        )
    ]


def test_feedback_on_an_unknown_answer_is_not_found(store: QuestionStore) -> None:
    with pytest.raises(NotFound):
        store.add_feedback("nope", "up")


def test_retention_deletes_old_questions_and_votes(store: QuestionStore, clock: Clock) -> None:
    store.record(entry("old"))
    store.add_feedback("old", "down")
    clock.now += 89 * DAY
    store.record(entry("recent"))
    assert store.purge() == 0  # 89 days: still kept
    clock.now += 1 * DAY + 1
    assert store.purge() == 2  # the old question and its vote
    assert rows(store.path, "SELECT id FROM questions") == [("recent",)]
    assert rows(store.path, "SELECT COUNT(*) FROM feedback") == [(0,)]
    with pytest.raises(NotFound):
        store.add_feedback("old", "up")


def test_retention_is_enforced_without_anyone_calling_purge(
    store: QuestionStore, clock: Clock
) -> None:
    store.record(entry("old"))
    clock.now += 91 * DAY
    store.record(entry("new"))  # writing purges now and then (here: first write in 91 days)
    assert rows(store.path, "SELECT id FROM questions") == [("new",)]


def test_with_the_log_off_a_question_is_kept_an_hour_for_a_vote_only(
    tmp_path: Path, clock: Clock
) -> None:
    store = QuestionStore(tmp_path / "q.sqlite3", log_questions=False, clock=clock)
    store.open()
    store.record(entry("a1"))
    store.record(entry("a2"))
    (row,) = rows(
        store.path,
        "SELECT resolved_question, confidence, passage_ids, generation, logged "
        "FROM questions WHERE id = 'a1'",
    )
    assert row == ("Combien de cabines en pharmacie ?", None, "[]", "", 0)
    assert store.insights()["totals"]["questions"] == 0  # never counted
    assert store.insights()["frequent"] == []
    store.add_feedback("a1", "down", "hors sujet")
    clock.now += FEEDBACK_WINDOW_S + 1
    with pytest.raises(NotFound):
        store.add_feedback("a2", "up")  # past the window
    store.purge()
    assert rows(store.path, "SELECT COUNT(*) FROM questions") == [(0,)]
    # the vote keeps its question and answer
    assert rows(store.path, "SELECT question, answer, comment FROM feedback") == [
        ("Combien de cabines en pharmacie ?", "Plus de 2 000 pharmacies.", "hors sujet")
    ]
    assert store.insights()["downvoted"][0]["question"] == "Combien de cabines en pharmacie ?"


def test_insights_group_count_and_order(store: QuestionStore, clock: Clock) -> None:
    store.record(entry("u1", "Quel budget pour la e-santé en 2030 ?", abstained=True))
    clock.now += 60
    store.record(entry("u2", "quel  budget pour la e-santé en 2030", abstained=True))
    clock.now += 60
    store.record(entry("u3", "Qui finance les cabines ?", abstained=True))
    store.record(entry("a1", "Combien de cabines en pharmacie ?"))
    store.record(entry("a2", "Combien de cabines en pharmacie ?"))
    store.record(entry("a3", "Combien de cabines en pharmacie ?"))
    store.add_feedback("a1", "down", "chiffre de 2022, pas 2023")
    store.add_feedback("a2", "down")
    store.add_feedback("a3", "up")
    data = store.insights()
    assert data["unanswered"] == [
        {
            "question": "quel  budget pour la e-santé en 2030",  # the latest wording
            "count": 2,
            "last_asked": "2025-06-15T15:07:40Z",
        },
        {"question": "Qui finance les cabines ?", "count": 1, "last_asked": "2025-06-15T15:08:40Z"},
    ]
    assert [(f["question"], f["count"]) for f in data["frequent"]] == [
        ("Combien de cabines en pharmacie ?", 3),
        ("quel  budget pour la e-santé en 2030", 2),
        ("Qui finance les cabines ?", 1),
    ]
    assert data["downvoted"] == [
        {
            "question": "Combien de cabines en pharmacie ?",
            "answer": "Plus de 2 000 pharmacies.",
            "count": 2,
            "last_voted": "2025-06-15T15:08:40Z",
            "comments": ["chiffre de 2022, pas 2023"],
        }
    ]
    assert data["totals"] == {
        "questions": 6,
        "answered": 3,
        "unanswered": 3,
        "votes_up": 1,
        "votes_down": 2,
        "since": "2025-06-15T15:06:40Z",
        "logging": True,
        "retention_days": 90,
    }


def test_question_key_ignores_case_space_and_final_punctuation() -> None:
    assert question_key("  Qui FINANCE\tles cabines ?! ") == "qui finance les cabines"
    assert question_key("Qui finance les cabines") == question_key("qui finance les cabines ?")
    assert question_key("Qui ?") != question_key("Quoi ?")


def test_two_processes_share_the_file(tmp_path: Path, clock: Clock) -> None:
    """Two stores (as two server workers would have) on one file: each sees the other's
    writes, and writes from many threads at once are all kept."""
    path = tmp_path / "q.sqlite3"
    one = QuestionStore(path, clock=clock)
    two = QuestionStore(path, clock=clock)
    one.open()
    two.open()

    def write(store: QuestionStore, prefix: str) -> None:
        for i in range(50):
            store.record(entry(f"{prefix}{i}"))

    threads = [
        threading.Thread(target=write, args=(store, f"{name}{t}-"))
        for store, name in ((one, "one"), (two, "two"))
        for t in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    two.add_feedback("one0-0", "down")  # written by the other "worker"
    assert one.insights()["totals"]["questions"] == 300
    assert one.insights()["totals"]["votes_down"] == 1


def test_an_unusable_file_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = QuestionStore(blocker / "q.sqlite3")
    with pytest.raises(StoreUnavailable):
        store.record(entry("a1"))
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreUnavailable):
        QuestionStore(garbage).open()


def test_retention_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        QuestionStore(tmp_path / "q.sqlite3", retention_days=0)


# --- the background writer (record_later) ----------------------------------------------------


def test_questions_written_later_are_all_seen_by_the_insights(
    store: QuestionStore, clock: Clock
) -> None:
    """``record_later`` returns at once; the insights wait for what is pending."""
    asked_at = clock.now
    for i in range(200):
        store.record_later(entry(f"later{i}", abstained=i % 4 == 0))
    clock.now += 5  # the time of the question is the time it was asked, not written
    totals = store.insights()["totals"]
    assert (totals["questions"], totals["unanswered"]) == (200, 50)
    assert rows(store.path, "SELECT DISTINCT asked_at FROM questions") == [(asked_at,)]


def test_a_vote_right_after_the_answer_finds_it(store: QuestionStore) -> None:
    for i in range(20):
        store.record_later(entry(f"v{i}"))
        store.add_feedback(f"v{i}", "up")
    assert store.insights()["totals"]["votes_up"] == 20


def test_closing_writes_what_is_pending(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "q.sqlite3"
    store = QuestionStore(path, clock=clock)
    store.open()
    for i in range(300):
        store.record_later(entry(f"c{i}"))
    writer = store._writer
    store.close()
    assert rows(path, "SELECT COUNT(*) FROM questions") == [(300,)]
    assert writer is not None and not writer.is_alive()


def test_a_failed_background_write_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = QuestionStore(blocker / "q.sqlite3")
    store.record_later(entry("lost"))
    store.flush()  # returns: the failure is logged, nothing waits for ever
    assert "1 question(s) not logged" in caplog.text
    with pytest.raises(StoreUnavailable):  # the vote on it: the store says why
        store.add_feedback("lost", "up")
    store.close()


def test_the_pending_questions_are_bounded(store: QuestionStore) -> None:
    """While the database is busy, at most PENDING_MAX questions wait; the next asker waits
    for room, and all are written in the end."""
    with store._lock:  # the writer cannot reach the database
        store.record_later(entry("first"))
        deadline = time.monotonic() + 10
        while store._pending.qsize() and time.monotonic() < deadline:
            time.sleep(0.001)  # until the writer holds "first" and waits for the database
        for i in range(PENDING_MAX):
            store.record_later(entry(f"b{i}"))
        extra = threading.Thread(target=store.record_later, args=(entry("one-more"),))
        extra.start()
        extra.join(0.2)
        assert extra.is_alive()  # no room: it waits
    extra.join(10)
    assert not extra.is_alive()
    assert store.insights()["totals"]["questions"] == PENDING_MAX + 2


def test_a_full_queue_refuses_without_waiting_when_asked_to(store: QuestionStore) -> None:
    with store._lock:  # the writer cannot reach the database
        store.record_later(entry("first"))
        deadline = time.monotonic() + 10
        while store._pending.qsize() and time.monotonic() < deadline:
            time.sleep(0.001)
        assert all(store.record_later(entry(f"f{i}"), wait=False) for i in range(PENDING_MAX))
        t0 = time.monotonic()
        assert store.record_later(entry("refused"), wait=False) is False
        assert time.monotonic() - t0 < 1.0
    assert store.insights()["totals"]["questions"] == PENDING_MAX + 1  # "refused" was not taken
