"""The question log and the readers' feedback, in one SQLite file (WAL: several server
processes may write to it at once).

What is kept, per question: when, the question, the question searched (``resolved``), whether
the report answered, the confidence, the passage ids, the generation and the quoted answer.
Never a client address or a cookie. Rows older than ``retention_days`` are deleted.

With the log off (``log_questions=False``) a question is kept one hour only
(:data:`FEEDBACK_WINDOW_S`), so that a vote can still refer to it, and is never counted in the
insights; a vote keeps the question and answer it is about either way.
"""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from santeqa.errors import NotFound, SanteqaError
from santeqa.settings import Settings

log = logging.getLogger(__name__)

FEEDBACK_WINDOW_S = 3600.0  # with the log off: how long a question can still get a vote
PURGE_EVERY_S = 600.0  # retention is enforced at most this often per process (and at start)
PENDING_MAX = 1024  # questions waiting for the background writer; more: the asker waits
_DAY_S = 86_400.0

Vote = Literal["up", "down"]

_INSERT = "INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id TEXT PRIMARY KEY,
    asked_at REAL NOT NULL,
    question TEXT NOT NULL,
    question_key TEXT NOT NULL,
    resolved_question TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    confidence REAL,
    passage_ids TEXT NOT NULL,
    generation TEXT NOT NULL,
    answer TEXT,
    logged INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
CREATE INDEX IF NOT EXISTS questions_key ON questions (logged, question_key);
CREATE TABLE IF NOT EXISTS feedback (
    question_id TEXT PRIMARY KEY,
    voted_at REAL NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    comment TEXT,
    question TEXT NOT NULL,
    question_key TEXT NOT NULL,
    answer TEXT
);
CREATE INDEX IF NOT EXISTS feedback_voted_at ON feedback (voted_at);
"""


class StoreUnavailable(SanteqaError):
    """The database cannot be read or written (a 503: the service cannot record right now)."""

    kind = "store_unavailable"


@dataclass(frozen=True)
class QuestionEntry:
    """One answered (or declined) question, as logged."""

    id: str
    question: str
    resolved_question: str
    abstained: bool
    confidence: float | None
    passage_ids: tuple[str, ...]
    generation: str
    answer: str | None


def question_key(text: str) -> str:
    """What makes two questions "the same" in the insights: case, white space and the final
    punctuation ignored."""
    return " ".join(text.casefold().split()).rstrip(" ?!.…").strip()


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class QuestionStore:
    def __init__(
        self,
        path: Path,
        *,
        log_questions: bool = True,
        retention_days: int = 90,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self.path = path
        self.log_questions = log_questions
        self.retention_days = retention_days
        self.clock = clock
        self._last_purge = float("-inf")
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        # record_later's rows (asked_at taken when asked) and the thread that writes them
        self._pending: queue.Queue[tuple[QuestionEntry, float] | None] = queue.Queue(PENDING_MAX)
        self._writer: threading.Thread | None = None
        self._writer_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> QuestionStore:
        return cls(
            settings.db, log_questions=settings.log_questions, retention_days=settings.log_days
        )

    # --- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """The connection, for one unit of work (committed on success, rolled back on error).

        One connection per store, kept open and used by one thread at a time: closing the
        last connection to a WAL database checkpoints it, which would cost a disk sync per
        question."""
        with self._lock:
            try:
                if self._db is None:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    db = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False)
                    db.execute("PRAGMA busy_timeout = 10000")
                    db.execute("PRAGMA journal_mode = WAL")
                    db.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL
                    db.executescript(_SCHEMA)
                    self._db = db
                with self._db:
                    yield self._db
            except (sqlite3.Error, OSError) as exc:
                raise StoreUnavailable(f"question database {self.path}: {exc}") from exc

    def close(self) -> None:
        """Write what is pending, stop the background writer, close the connection."""
        with self._writer_lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            self._pending.put(None)
            writer.join()
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def open(self) -> None:
        """Create the file and tables when missing, switch to WAL, enforce the retention."""
        self.purge()

    # --- writing ----------------------------------------------------------------------------

    def record(self, entry: QuestionEntry) -> None:
        """Log a question (or, with the log off, keep it for the feedback window only)."""
        self._purge_now_and_then()
        with self._connect() as db:
            db.execute(_INSERT, self._row(entry, self.clock()))

    def record_later(self, entry: QuestionEntry, *, wait: bool = True) -> bool:
        """:meth:`record`, by a background thread: the asker does not wait for the disk.

        Nothing is lost: every read of the store (votes, insights, purge) and :meth:`close`
        first wait for what is pending; at most :data:`PENDING_MAX` entries wait, beyond that
        the asker waits for room (``wait=False``: returns False at once instead, and the
        entry is not taken). A write that fails is logged (as ``record``'s caller would),
        never raised."""
        self._start_writer()
        try:
            self._pending.put((entry, self.clock()), block=wait)
        except queue.Full:
            return False
        return True

    def flush(self) -> None:
        """Wait until every entry given to :meth:`record_later` so far is written (or its
        failure logged)."""
        self._pending.join()

    def _start_writer(self) -> None:
        if self._writer is not None:
            return
        with self._writer_lock:
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_pending, name="santeqa-question-log", daemon=True
                )
                self._writer.start()

    def _write_pending(self) -> None:
        """The writer thread: everything queued at once in one transaction, until close()."""
        while True:
            batch = [self._pending.get()]
            while batch[-1] is not None:
                try:
                    batch.append(self._pending.get_nowait())
                except queue.Empty:
                    break
            rows = [self._row(*item) for item in batch if item is not None]
            try:
                if rows:
                    self._purge_now_and_then()
                    with self._connect() as db:
                        db.executemany(_INSERT, rows)
            except StoreUnavailable as exc:
                log.warning("%d question(s) not logged: %s", len(rows), exc)
            except Exception:  # the thread must live on, and flush() must not hang
                log.exception("%d question(s) not logged", len(rows))
            finally:
                for _ in batch:
                    self._pending.task_done()
            if batch[-1] is None:
                return

    def _row(self, entry: QuestionEntry, asked_at: float) -> tuple[object, ...]:
        logged = self.log_questions
        return (
            entry.id,
            asked_at,
            entry.question,
            question_key(entry.question),
            entry.resolved_question if logged else entry.question,
            int(entry.abstained),
            entry.confidence if logged else None,
            json.dumps(list(entry.passage_ids)) if logged else "[]",
            entry.generation if logged else "",
            entry.answer,
            int(logged),
        )

    def add_feedback(self, question_id: str, vote: Vote, comment: str | None = None) -> None:
        """Record a reader's vote on an answer; a second vote on it replaces the first.
        Raises :class:`NotFound` when no kept question has this id."""
        self.flush()  # the answer voted on may still be waiting for the writer
        now = self.clock()
        with self._connect() as db:
            found = db.execute(
                "SELECT question, question_key, answer FROM questions WHERE id = ? AND "
                "(logged = 1 OR asked_at >= ?)",
                (question_id, now - FEEDBACK_WINDOW_S),
            ).fetchone()
            if found is None:
                raise NotFound("No answer with this id (unknown, or kept no longer).")
            question, key, answer = found
            db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (question_id) DO "
                "UPDATE SET voted_at = excluded.voted_at, vote = excluded.vote, "
                "comment = excluded.comment",
                (question_id, now, vote, comment or None, question, key, answer),
            )

    def purge(self) -> int:
        """Delete what is older than the retention (and unlogged questions past the feedback
        window); the number of rows deleted."""
        self.flush()
        return self._purge()

    def _purge(self) -> int:
        now = self.clock()
        self._last_purge = now
        oldest = now - self.retention_days * _DAY_S
        with self._connect() as db:
            deleted = db.execute(
                "DELETE FROM questions WHERE asked_at < ? OR (logged = 0 AND asked_at < ?)",
                (oldest, now - FEEDBACK_WINDOW_S),
            ).rowcount
            deleted += db.execute("DELETE FROM feedback WHERE voted_at < ?", (oldest,)).rowcount
        return deleted

    def _purge_now_and_then(self) -> None:
        if self.clock() - self._last_purge >= PURGE_EVERY_S:
            self._purge()

    # --- reading ----------------------------------------------------------------------------

    def insights(self, limit: int = 50) -> dict[str, Any]:
        """What readers ask: unanswered questions, downvoted answers, frequent questions, and
        totals (each list grouped by :func:`question_key`, most frequent first)."""
        self.flush()
        self._purge_now_and_then()
        with self._connect() as db:
            # SQLite returns the other columns of the row holding MAX(): the latest wording.
            grouped = (
                "SELECT question, COUNT(*) AS n, MAX(asked_at) FROM questions "
                "WHERE logged = 1 {where} GROUP BY question_key ORDER BY n DESC, 3 DESC LIMIT ?"
            )
            unanswered = db.execute(grouped.format(where="AND abstained = 1"), (limit,)).fetchall()
            frequent = db.execute(grouped.format(where=""), (limit,)).fetchall()
            downvoted = db.execute(
                "SELECT question, answer, COUNT(*) AS n, MAX(voted_at), question_key FROM feedback "
                "WHERE vote = 'down' GROUP BY question_key ORDER BY n DESC, 4 DESC LIMIT ?",
                (limit,),
            ).fetchall()
            comments = {key: self._comments(db, key) for *_, key in downvoted}
            totals = self._totals(db)
        return {
            "unanswered": _counted(unanswered),
            "downvoted": [
                {
                    "question": question,
                    "answer": answer,
                    "count": n,
                    "last_voted": iso(at),
                    "comments": comments[key],
                }
                for question, answer, n, at, key in downvoted
            ],
            "frequent": _counted(frequent),
            "totals": totals,
        }

    @staticmethod
    def _comments(db: sqlite3.Connection, key: str, most: int = 10) -> list[str]:
        rows = db.execute(
            "SELECT comment FROM feedback WHERE question_key = ? AND vote = 'down' AND "
            "comment IS NOT NULL ORDER BY voted_at DESC LIMIT ?",
            (key, most),
        ).fetchall()
        return [comment for (comment,) in rows]

    def _totals(self, db: sqlite3.Connection) -> dict[str, Any]:
        questions, unanswered, first = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(abstained), 0), MIN(asked_at) FROM questions "
            "WHERE logged = 1"
        ).fetchone()
        votes = dict(db.execute("SELECT vote, COUNT(*) FROM feedback GROUP BY vote").fetchall())
        return {
            "questions": questions,
            "answered": questions - unanswered,
            "unanswered": unanswered,
            "votes_up": votes.get("up", 0),
            "votes_down": votes.get("down", 0),
            "since": iso(first) if first is not None else None,
            "logging": self.log_questions,
            "retention_days": self.retention_days,
        }


def _counted(rows: Sequence[tuple[str, int, float]]) -> list[dict[str, Any]]:
    return [{"question": q, "count": n, "last_asked": iso(at)} for q, n, at in rows]
