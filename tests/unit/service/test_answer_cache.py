"""Repeated questions are answered from the cache of the generation that answered them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from santeqa.embed import FakeEmbedder
from santeqa.service import Engine
from santeqa.tunables import Tunables
from tests.tiny import report, tiny_index, tiny_settings

QUESTION = "Quel est le budget du programme ?"


def fresh_engine(tmp_path: Path, **values: object) -> tuple[Engine, FakeEmbedder]:
    tiny_index(tmp_path, report(["Le programme dispose d’un budget de 4 millions d’euros."]))
    embedder = FakeEmbedder()
    settings = tiny_settings(tmp_path, abstain_threshold=-100.0, **values)
    return Engine(settings, embedder=embedder), embedder


def test_a_repeated_question_is_not_encoded_again(tmp_path: Path) -> None:
    engine, embedder = fresh_engine(tmp_path)
    first = engine.ask(QUESTION)
    again = engine.ask("  " + QUESTION + " ")  # the same question once stripped
    assert embedder.calls == 1
    assert dataclasses.replace(again, took_ms=first.took_ms) == first
    assert engine.answers.hits == 1


def test_what_the_answer_depends_on_is_in_the_key(tmp_path: Path) -> None:
    engine, embedder = fresh_engine(tmp_path)
    engine.ask(QUESTION)
    engine.ask(QUESTION, top_k=2)
    engine.ask(QUESTION, mode="dense")
    engine.tunables = dataclasses.replace(
        Tunables(), fusion=dataclasses.replace(Tunables().fusion, lexical_weight=0.5)
    )
    engine.ask(QUESTION)
    assert embedder.calls == 4


def test_a_new_generation_empties_the_cache(tmp_path: Path) -> None:
    engine, embedder = fresh_engine(tmp_path)
    before = engine.ask(QUESTION)
    engine.build()  # publishes a new generation and switches to it
    after = engine.ask(QUESTION)
    assert after.index.generation != before.index.generation
    assert len(engine.answers) == 1  # only the new generation's answer
    assert embedder.calls == 2  # the rebuild reused every passage vector; the question is new


def test_size_zero_keeps_nothing(tmp_path: Path) -> None:
    engine, embedder = fresh_engine(tmp_path, answer_cache_size=0)
    engine.ask(QUESTION)
    engine.ask(QUESTION)
    assert embedder.calls == 2
    assert len(engine.answers) == 0


def test_a_follow_up_is_cached_by_what_it_resolves_to(tmp_path: Path) -> None:
    engine, embedder = fresh_engine(tmp_path)
    first = engine.ask("Et en 2022 ?", history=[QUESTION])
    other = engine.ask("Et en 2022 ?", history=["Qui dirige le programme ?"])
    assert first.resolved_question != other.resolved_question
    # each read twice: as resolved and with the conversation's words (qa.readings); and each
    # earlier turn asked once, to rank the passages near its answer
    assert embedder.calls == 6
    engine.ask("Et en 2022 ?", history=[QUESTION])
    assert embedder.calls == 6
