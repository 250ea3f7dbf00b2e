"""A conversation in a real Chromium: the page sends the earlier questions, the server
resolves the follow-up (the real resolver, over a fake engine), the page shows discreetly
what was searched, and « Nouvelle conversation » starts over."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import pytest
from fake_engine import FakeEngine
from playwright.sync_api import expect

from santeqa.api import create_app
from santeqa.qa.followup import resolve
from santeqa.records import AskResult
from santeqa.settings import Settings

pytestmark = pytest.mark.browser

FIRST = "Combien de cabines la Région a-t-elle installées en 2021 ?"
RESOLVED = "Combien de cabines la Région a-t-elle installées en 2022 ?"


class ResolvingEngine(FakeEngine):
    """The fake engine's answers, with the follow-up resolved as the real engine does."""

    def ask(self, question: str, top_k: int, *, history: Sequence[str] = ()) -> AskResult:
        result = super().ask(question, top_k, history=history)
        return replace(result, resolved_question=resolve(question, history).resolved)


@pytest.fixture(scope="module")
def engine() -> ResolvingEngine:
    return ResolvingEngine()


@pytest.fixture(scope="module")
def site(serve_app: Any, engine: ResolvingEngine) -> Iterator[str]:
    with serve_app(create_app(Settings(), engine)) as url:
        yield url


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="fr-FR")
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(site + "/")
    try:
        yield opened
    finally:
        context.close()
    assert errors == []


def _ask(page: Any, question: str) -> Any:
    exchanges = page.locator(".exchange")
    before = exchanges.count()
    box = page.get_by_label("Votre question")
    box.fill(question)
    box.press("Enter")
    exchange = exchanges.nth(before)
    exchange.locator(".bubble--answer").wait_for()
    return exchange


def test_a_two_turn_conversation(page: Any, engine: ResolvingEngine) -> None:
    engine.histories.clear()
    new = page.get_by_role("button", name="Nouvelle conversation")
    expect(new).to_be_hidden()  # nothing to forget yet

    first = _ask(page, FIRST)
    expect(first.locator(".answer__resolved")).to_have_count(0)  # searched as asked
    expect(new).to_be_visible()

    second = _ask(page, "Et en 2022 ?")
    expect(second.locator(".answer__resolved")).to_have_text(f"Question comprise : « {RESOLVED} »")
    assert engine.histories == [(), (FIRST,)]  # the page sent the earlier question

    third = _ask(page, "Qui les entretient ?")
    # the pronoun is put back as the earlier question's counted noun
    expect(third.locator(".answer__resolved")).to_have_text(
        "Question comprise : « Qui entretient les cabines ? »"
    )
    assert engine.histories[-1] == (FIRST, "Et en 2022 ?")  # oldest first

    new.click()
    expect(page.locator(".exchange")).to_have_count(0)
    expect(page.locator(".welcome")).to_be_visible()
    expect(new).to_be_hidden()
    assert page.url.endswith("/")
    alone = _ask(page, "Et en 2023 ?")
    expect(alone.locator(".answer__resolved")).to_have_count(0)
    assert engine.histories[-1] == ()  # the history was forgotten
