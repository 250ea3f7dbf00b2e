"""The chat page in a real Chromium: asking, the answer's parts, escaping, errors, CSP."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from fake_engine import ANSWER_TEXT, DOC, NOTES
from PIL import Image

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "docs" / "screenshot.png"
QUESTION = "Combien de téléconsultations ont eu lieu en 2020 ?"

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@dataclass
class Tab:
    page: Any
    errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__cspViolations || []"))

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.csp_violations() == []

    def ask(self, question: str) -> Any:
        """Type the question, press Enter, wait for the reply; the last exchange."""
        exchanges = self.page.locator(".exchange")
        before = exchanges.count()
        box = self.page.get_by_label("Votre question")
        box.fill(question)
        box.press("Enter")
        exchange = exchanges.nth(before)
        exchange.locator(".bubble--answer, .bubble--error").wait_for(timeout=10_000)
        return exchange


@pytest.fixture
def tab(browser: Any, base_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(WATCH_CSP)
    opened = Tab(page)
    page.on(
        "console",
        lambda message: opened.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.goto(base_url + "/")
    try:
        yield opened
    finally:
        context.close()


def test_asking_shows_the_quote_its_page_and_its_sources(tab: Tab, base_url: str) -> None:
    page = tab.page
    exchange = tab.ask(QUESTION)

    assert exchange.locator(".bubble--question").inner_text() == QUESTION
    answer = exchange.locator(".bubble--answer")
    assert answer.locator("mark.quote").inner_text() == ANSWER_TEXT
    # the key phrase (answer.highlight: its first 10 characters here) is emphasised inside it
    assert answer.locator("mark.quote strong.quote__key").inner_text() == ANSWER_TEXT[:10]
    assert answer.locator(".passage--answer .meta__page").inner_text() == "Page 14"
    assert "La téléconsultation" in answer.locator(".passage--answer .meta__section").inner_text()

    link = answer.locator(".sources a.footnotes__link").first
    assert link.get_attribute("href") == NOTES[22].urls[0]
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in (link.get_attribute("rel") or "")

    others = answer.locator("details.others")
    assert others.get_attribute("open") is None
    assert "Autres passages (2)" in others.locator("summary").inner_text()
    # a note whose "url" is javascript: is shown as text, never as a link
    assert answer.locator('a[href^="javascript:"]').count() == 0

    # focus is back in the box, ready for the next question; the box is empty
    assert page.evaluate("document.activeElement.id") == "question"
    assert page.get_by_label("Votre question").input_value() == ""

    # the page link opens the report page with the quote marked
    href = answer.locator(".passage--answer a.meta__link").get_attribute("href")
    assert href.startswith(f"/pages/14?document={DOC}&hl=")
    page.goto(base_url + href)
    assert page.locator("mark#hl").inner_text() == ANSWER_TEXT
    assert page.locator("h1").inner_text() == "Page 14"
    tab.assert_clean()


def test_question_is_shown_as_text_never_as_html(tab: Tab) -> None:
    page = tab.page
    hostile = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>'
    exchange = tab.ask(hostile)
    assert exchange.locator(".bubble--question").inner_text() == hostile
    assert page.locator("#conversation img").count() == 0
    assert page.locator("#conversation script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    tab.assert_clean()


def test_abstention_shows_the_closest_passages(tab: Tab) -> None:
    exchange = tab.ask("Quelle est la meilleure pizza de Rouen ?")
    answer = exchange.locator(".bubble--answer")
    assert answer.locator(".answer__title").text_content() == "Pas de réponse dans le rapport"
    assert answer.locator("mark").count() == 0
    details = answer.locator("details.others")
    assert details.get_attribute("open") is not None
    assert "Passages les plus proches (2)" in details.locator("summary").inner_text()
    tab.assert_clean()


def test_shift_enter_is_a_new_line_not_a_send(tab: Tab) -> None:
    box = tab.page.get_by_label("Votre question")
    box.fill("Première ligne")
    box.press("Shift+Enter")
    box.type("seconde ligne")
    assert box.input_value() == "Première ligne\nseconde ligne"
    assert tab.page.locator(".exchange").count() == 0


@pytest.mark.parametrize(
    ("status", "body", "headers", "words"),
    [
        (503, '{"detail": "no index", "kind": "index_missing"}', {}, "pas disponible"),
        (
            503,
            '{"detail": "too many", "kind": "overloaded"}',
            {"Retry-After": "1"},
            "très sollicité",
        ),
        (413, '{"detail": "too large"}', {}, "trop longue"),
        (
            422,
            '{"detail": [{"type": "question_empty", "loc": ["body"], "msg": "x"}]}',
            {},
            "Écrivez une question",
        ),
        (429, '{"detail": "slow down", "kind": "rate_limited"}', {}, "Réessayez dans un instant"),
        (
            429,
            '{"detail": "slow down", "kind": "rate_limited"}',
            {"Retry-After": "7"},
            "Réessayez dans 7 secondes",
        ),
        (None, "", {}, "Impossible de joindre le serveur"),
    ],
)
def test_errors_are_told_in_french(
    tab: Tab, status: int | None, body: str, headers: dict[str, str], words: str
) -> None:
    def reply(route: Any) -> None:
        if status is None:
            route.abort("connectionrefused")
        else:
            route.fulfill(
                status=status, body=body, content_type="application/json", headers=headers
            )

    tab.page.route("**/ask", reply)
    exchange = tab.ask(QUESTION)
    error = exchange.locator(".bubble--error")
    assert error.get_attribute("role") == "alert"
    assert words in error.inner_text()
    # the failed request itself is logged by Chromium; nothing else may be
    assert all("Failed to load resource" in e or "/ask" in e for e in tab.errors)
    assert tab.csp_violations() == []


def test_readable_on_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        box = page.get_by_label("Votre question")
        box.fill(QUESTION)
        box.press("Enter")
        page.locator(".bubble--answer").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        assert page.get_by_role("button", name="Envoyer").is_visible()
    finally:
        context.close()


def colour_share(region: npt.NDArray[np.int16], css_hex: str, tolerance: int = 12) -> float:
    """Share of the region's pixels within ``tolerance`` of a CSS colour on every channel."""
    rgb = np.array([int(css_hex[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    return float((np.abs(region - rgb).max(axis=2) <= tolerance).mean())


def check_answer_card_is_painted(
    region: npt.NDArray[np.int16], page_background: npt.NDArray[np.int16]
) -> None:
    """The card as app.css paints it: white on the grey page, dark text, the quote highlighted."""
    assert page_background.tolist() == [0xF4, 0xF6, 0xFB]  # --bg: the stylesheet applied
    white = colour_share(region, "#ffffff", tolerance=2)
    assert white > 0.4, white  # --surface, not the page grey
    luminance = region.mean(axis=2)
    ink = float((luminance < 110).mean())  # glyphs of --text #1b2333
    assert 0.01 < ink < 0.4, ink  # text is drawn, and the card is not a dark block
    highlighted = colour_share(region, "#ffe58a")
    assert highlighted > 0.01, highlighted  # --mark behind the quoted answer
    assert float(luminance.std()) > 20


def test_screenshot(tab: Tab, tmp_path: Path) -> None:
    """A French question answered; saved in docs/ when SANTEQA_UPDATE_SCREENSHOT is set."""
    page = tab.page
    page.set_viewport_size({"width": 1000, "height": 1240})  # the whole answer, vote included
    tab.ask(QUESTION)
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    shot = tmp_path / "screenshot.png"
    page.screenshot(path=str(shot), full_page=True)
    with Image.open(shot) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert pixels.shape == (height, 1000, 3)
    card = tab.page.locator(".bubble--answer").last.bounding_box()
    assert card is not None and card["width"] > 500 and card["height"] > 150
    region = pixels[
        int(card["y"]) + 4 : int(card["y"] + card["height"]) - 4,
        int(card["x"]) + 4 : int(card["x"] + card["width"]) - 4,
    ]
    check_answer_card_is_painted(region, page_background=pixels[int(card["y"]) + 20, 20])
    if os.environ.get("SANTEQA_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
    tab.assert_clean()
