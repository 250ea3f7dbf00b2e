"""Which generation serves: a running engine picks up a newly published generation, and
keeps serving what it holds when the new one is unusable (FakeEmbedder, tmp corpus)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from santeqa.embed import FakeEmbedder
from santeqa.index.build import build
from santeqa.service import Engine
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
