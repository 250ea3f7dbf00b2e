"""Which generation serves: a running engine picks up a newly published generation, keeps
serving what it holds when the new one or CURRENT is unusable, and tries a failed load again
with back-off (FakeEmbedder, tmp corpus)."""

from __future__ import annotations

import errno
import itertools
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import santeqa.service.live as live_module
from santeqa.embed import FakeEmbedder
from santeqa.errors import IndexCorrupt, IndexUnavailable
from santeqa.index import POINTER, expected_config
from santeqa.index.build import build
from santeqa.service import Engine, LiveIndex
from santeqa.settings import Settings
from tests.tiny import document, flip_bytes, tiny_settings, write_document, write_words


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    write_words(tmp_path / "words.txt", "la", "le", "de", "du", "sur", "une")
    write_document(tmp_path / "corpus", "alpha.txt", document("cardiologie"))
    write_document(tmp_path / "corpus", "beta.txt", document("radiologie"))
    return tiny_settings(tmp_path)


# --- the engine picks up a new generation ----------------------------------------------------


def test_engine_picks_up_new_generation_in_background(settings: Settings) -> None:
    embedder = FakeEmbedder()
    engine = Engine(settings, embedder=embedder)
    first = engine.build().generation
    state = engine.live.current()
    second = build(settings, embedder).generation  # published by "another process"
    assert engine.ask("cardiologie").index.generation == first  # noticed, loading in background
    deadline = time.monotonic() + 10
    while engine.info().generation != second and time.monotonic() < deadline:
        time.sleep(0.01)
    assert engine.info().generation == second
    assert state.index.generation == first  # what a request in flight holds is unchanged


def test_engine_reports_unusable_new_generation(settings: Settings) -> None:
    embedder = FakeEmbedder()
    engine = Engine(settings, embedder=embedder)
    first = engine.build().generation
    second = build(settings, embedder).generation
    flip_bytes(settings.index_dir / second / "dense.faiss")
    flip_bytes(settings.index_dir / first / "dense.faiss")  # on disk only; served from memory
    engine.refresh()
    assert engine.info().generation == first
    reason = engine.fallback_reason()
    assert reason is not None and second in reason


# --- CURRENT unreadable: keep serving, say so -------------------------------------------------


def _garbage_bytes(pointer: Path) -> None:
    pointer.write_bytes(b"\xff\xfe\x00gen-\xe9\n")


def _a_folder(pointer: Path) -> None:
    pointer.unlink()
    pointer.mkdir()


@pytest.mark.parametrize(
    ("damage", "words"),
    [(_garbage_bytes, "not UTF-8"), (_a_folder, "is a folder")],
    ids=["not-utf8", "folder"],
)
def test_an_unreadable_pointer_does_not_stop_the_loaded_generation(
    settings: Settings, damage: Callable[[Path], None], words: str
) -> None:
    embedder = FakeEmbedder()
    engine = Engine(settings, embedder=embedder)
    first = engine.build().generation
    pointer = settings.index_dir / POINTER
    damage(pointer)
    for _ in range(3):  # each request looks at CURRENT again
        assert engine.ask("cardiologie0a pratique").index.generation == first
        assert engine.info().generation == first
        assert engine.page("alpha.txt", 1).number == 1
    problem = engine.index_problem()
    assert problem is not None and words in problem and POINTER in problem
    assert str(settings.index_dir) not in problem
    # a fresh process (a restarted worker) serves the newest intact generation meanwhile
    fresh = Engine(settings, embedder=embedder)
    assert fresh.ask("cardiologie0a").index.generation == first
    reason = fresh.fallback_reason()
    assert reason is not None and words in reason and fresh.index_problem() == problem
    # a build repairs CURRENT, and the running engine moves on to it
    if pointer.is_dir():
        pointer.rmdir()
    second = build(settings, embedder).generation
    deadline = time.monotonic() + 10
    while engine.info().generation != second:
        assert time.monotonic() < deadline, "the new generation was never picked up"
        time.sleep(0.01)
    assert engine.index_problem() is None


@pytest.mark.parametrize("code", [errno.EIO, errno.EMFILE, errno.ENFILE])
def test_a_pointer_read_error_is_unavailable_not_corrupt(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    embedder = FakeEmbedder()
    engine = Engine(settings, embedder=embedder)
    first = engine.build().generation
    real_open = Path.open

    def failing_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == POINTER:
            raise OSError(code, os.strerror(code), str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    assert engine.ask("cardiologie0a").index.generation == first
    problem = engine.index_problem()
    assert problem == f"{POINTER} cannot be read right now ({os.strerror(code)})"
    with pytest.raises(IndexUnavailable):
        Engine(settings, embedder=embedder).info()
    monkeypatch.undo()
    engine.ask("cardiologie0a")
    assert engine.index_problem() is None


def test_a_damaged_pointer_and_no_intact_generation_is_refused(settings: Settings) -> None:
    embedder = FakeEmbedder()
    name = build(settings, embedder).generation
    flip_bytes(settings.index_dir / name / "dense.faiss")
    _garbage_bytes(settings.index_dir / POINTER)
    with pytest.raises(IndexCorrupt, match="not UTF-8"):
        Engine(settings, embedder=embedder).info()


# --- a failed load is tried again, with back-off ---------------------------------------------


def _live(settings: Settings, embedder: FakeEmbedder, first_s: float = 0.05) -> LiveIndex:
    config = expected_config(settings, embedder.name, embedder.dimension)
    return LiveIndex(settings.index_dir, lambda: config, retry_first_s=first_s, retry_max_s=0.4)


def test_a_generation_that_appears_late_is_loaded(settings: Settings, tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    name = build(settings, embedder).generation
    aside = tmp_path / "aside"
    (settings.index_dir / name).rename(aside)  # CURRENT names a folder not there yet
    live = _live(settings, embedder)
    with pytest.raises(IndexCorrupt, match="does not exist"):
        live.current()
    aside.rename(settings.index_dir / name)
    deadline = time.monotonic() + 5
    while True:
        try:
            assert live.current().index.generation == name
            break
        except IndexCorrupt:
            assert time.monotonic() < deadline, "the late generation was never loaded"
            time.sleep(0.01)
    assert live.current().fallback_reason is None


def test_failed_loads_back_off(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = FakeEmbedder()
    name = build(settings, embedder).generation
    (settings.index_dir / name).rename(tmp_path / "aside")
    attempts: list[float] = []
    real_load = live_module.load_index

    def counted(*args: Any, **kwargs: Any) -> Any:
        attempts.append(time.monotonic())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(live_module, "load_index", counted)
    live = _live(settings, embedder, first_s=0.1)
    deadline = time.monotonic() + 1.2
    while time.monotonic() < deadline:  # a request every 5 ms
        with pytest.raises(IndexCorrupt):
            live.current()
        time.sleep(0.005)
    # waits of 0.1, 0.2, 0.4, 0.4... s: a handful of loads, not one per request
    assert 4 <= len(attempts) <= 7
    gaps = [b - a for a, b in itertools.pairwise(attempts)]
    assert gaps[0] >= 0.1 and gaps[1] >= 0.2 and all(g >= 0.39 for g in gaps[2:])


def test_a_served_fallback_is_retried_without_reloading_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = FakeEmbedder()
    first = build(settings, embedder).generation
    live = _live(settings, embedder)
    assert live.current().index.generation == first
    served = live.current().index
    second = build(settings, embedder).generation
    moved = settings.index_dir / second
    moved.rename(settings.index_dir.parent / "later")
    live.refresh()
    assert live.current().index is served  # the fallback is what was already loaded
    reason = live.fallback_reason()
    assert reason is not None and second in reason and "does not exist" in reason
    (settings.index_dir.parent / "later").rename(moved)
    deadline = time.monotonic() + 5
    while live.current().index.generation != second:
        assert time.monotonic() < deadline, "the published generation was never retried"
        time.sleep(0.01)
    assert live.fallback_reason() is None


def test_a_pointer_naming_no_generation_is_damage_too(settings: Settings) -> None:
    embedder = FakeEmbedder()
    first = build(settings, embedder).generation
    (settings.index_dir / POINTER).write_text("../../etc\n", encoding="utf-8")
    fresh = Engine(settings, embedder=embedder)
    assert fresh.info().generation == first
    assert "not a generation" in str(fresh.index_problem())
