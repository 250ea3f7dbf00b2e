"""In a real Chromium: votes that reach the insights page, the citation copy, a shared link
that asks on load, keyboard-only use, cards that never show null, the page view on a phone,
and Swagger UI on /docs, offline and under the CSP."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from fake_engine import ANSWER_TEXT, DOC, NOTES, FakeEngine
from playwright.sync_api import expect

from santeqa.api import create_app
from santeqa.records import AskResult, Footnote, PageView
from santeqa.settings import Settings

pytestmark = pytest.mark.browser

TOKEN = "browser-admin-token"
QUESTION = "Combien de consultations à distance en 2020 ?"
TITLE = "Rapport d'essai sur la santé numérique"

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

LONG_NAME = "recommandations_lieux_et_conditions_" * 8 + "teleconsultation.pdf"  # no break


class BareEngine(FakeEngine):
    """Answers cite no footnote and passages have none: nothing to list under the answer."""

    def ask(self, question: str, top_k: int, *, history: Sequence[str] = ()) -> AskResult:
        result = super().ask(question, top_k, history=history)
        hits = tuple(replace(h, footnotes=()) for h in result.hits)
        answer = replace(result.answer, footnotes=()) if result.answer is not None else None
        return replace(result, hits=hits, answer=answer)

    def page(self, document: str, number: int) -> PageView:
        view = super().page(document, number)
        long_note = Footnote(
            DOC, 99, "Fichier " + LONG_NAME, ("https://example.org/" + LONG_NAME,), 14
        )
        return replace(view, footnotes=(*view.footnotes, long_note))


@pytest.fixture(scope="module")
def site(serve_app: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser-db") / "q.sqlite3"
    settings = Settings(admin_token=TOKEN, db=db, report_title=TITLE)
    with serve_app(create_app(settings, FakeEngine())) as url:
        yield url


@pytest.fixture(scope="module")
def bare_site(serve_app: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser-bare-db") / "q.sqlite3"
    with serve_app(create_app(Settings(db=db), BareEngine())) as url:
        yield url


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    made = browser.new_context(viewport={"width": 1000, "height": 900}, locale="fr-FR")
    try:
        yield made
    finally:
        made.close()


def open_page(context: Any, url: str) -> tuple[Any, list[str], list[str]]:
    """A page at ``url`` with its console errors and every request's host recorded."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(WATCH)
    errors: list[str] = []
    hosts: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: hosts.append(urlsplit(r.url).hostname or ""))
    page.goto(url)
    return page, errors, hosts


def ask(page: Any, question: str) -> Any:
    exchanges = page.locator(".exchange")
    before = exchanges.count()
    box = page.get_by_label("Votre question")
    box.fill(question)
    box.press("Enter")
    exchange = exchanges.nth(before)
    exchange.locator(".bubble--answer, .bubble--error").wait_for()
    return exchange


def violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__cspViolations || []"))


BAD_WORDS = re.compile(r"\b(null|undefined|NaN)\b")


def test_a_vote_shows_up_on_the_insights_page(context: Any, site: str) -> None:
    page, errors, _ = open_page(context, site + "/")
    question = "Quelle part des consultations est remboursée en 2031 ?"
    answer = ask(page, question).locator(".bubble--answer")
    answer.get_by_role("button", name="À revoir").click()
    expect(answer.locator(".feedback__status")).to_have_text("Merci, votre avis est enregistré.")
    assert answer.get_by_role("button", name="À revoir").get_attribute("aria-pressed") == "true"
    answer.get_by_label(re.compile("Un commentaire")).fill("Le chiffre date de 2020.")
    answer.get_by_role("button", name="Envoyer le commentaire").click()
    expect(answer.locator(".feedback__status")).to_have_text("Merci pour votre commentaire.")

    page.goto(site + "/admin/insights")
    page.get_by_label("Jeton d'administration").fill(TOKEN)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="Réponses jugées mauvaises").wait_for()
    table = page.locator('table[aria-labelledby="downvoted"]')
    assert question in table.inner_text()
    assert "Le chiffre date de 2020." in table.inner_text()
    assert ANSWER_TEXT in table.inner_text()
    cookies = {c["name"]: c for c in context.cookies()}
    session = cookies["santeqa_admin"]
    assert session["httpOnly"] is True and session["sameSite"] == "Strict"
    assert page.evaluate("document.cookie") == ""  # invisible to scripts
    assert errors == [] and violations(page) == []


def test_copy_the_citation(context: Any, site: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page, errors, _ = open_page(context, site + "/")
    answer = ask(page, QUESTION).locator(".bubble--answer")
    answer.get_by_role("button", name="Copier la citation").click()
    expect(answer.locator(".cite__status")).to_have_text("Citation copiée.")
    copied = page.evaluate("navigator.clipboard.readText()")
    note = NOTES[22]
    assert copied == (
        f"« {ANSWER_TEXT} » — {TITLE}, p. 14\nSources :\n[22] {note.text} {note.urls[0]}"
    )
    assert errors == [] and violations(page) == []


def test_a_shared_link_asks_on_load_and_the_address_follows(context: Any, site: str) -> None:
    page, errors, _ = open_page(context, site + "/?q=" + quote(QUESTION))
    answer = page.locator(".bubble--answer")
    answer.wait_for()
    assert page.locator(".bubble--question").inner_text() == QUESTION
    assert answer.locator("mark.quote").inner_text() == ANSWER_TEXT
    ask(page, "Une pizza au fromage ?")
    assert page.evaluate("location.search") == "?q=" + quote("Une pizza au fromage ?", safe="")
    assert errors == [] and violations(page) == []


def test_keyboard_only(context: Any, site: str) -> None:
    page, errors, _ = open_page(context, site + "/")
    assert page.evaluate("document.activeElement.id") == "question"
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    answer = page.locator(".bubble--answer")
    answer.wait_for()
    assert page.evaluate("document.activeElement.id") == "question"

    def tab_to(name: str) -> None:
        for _ in range(60):
            page.keyboard.press("Shift+Tab")
            if page.evaluate("document.activeElement.textContent.trim()").endswith(name):
                return
        raise AssertionError(f"{name} not reachable with the keyboard")

    tab_to("Utile")
    page.keyboard.press("Enter")
    expect(answer.locator(".feedback__status")).to_have_text("Merci, votre avis est enregistré.")
    # the comment box appeared after the vote: Tab reaches it, then its send button
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id").startswith("comment-")
    page.keyboard.type("Clair et sourcé.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(answer.locator(".feedback__status")).to_have_text("Merci pour votre commentaire.")
    # the focused element is always visibly outlined
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert errors == [] and violations(page) == []


def test_no_card_ever_shows_null_undefined_or_nan(context: Any, bare_site: str) -> None:
    page, errors, _ = open_page(context, bare_site + "/")
    answered = ask(page, QUESTION).locator(".bubble--answer")
    assert answered.locator("mark.quote").inner_text() == ANSWER_TEXT
    assert answered.locator(".sources").count() == 0  # no notes: no empty list either
    abstained = ask(page, "Une pizza ?").locator(".bubble--answer")
    for card in (answered, abstained):
        card.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
        text = card.inner_text()
        assert not BAD_WORDS.search(text), text
    assert errors == [] and violations(page) == []


def test_the_default_cards_never_show_null_either(context: Any, site: str) -> None:
    page, _, _ = open_page(context, site + "/")
    for question in (QUESTION, "Une pizza ?"):
        card = ask(page, question).locator(".bubble--answer")
        card.locator("details").evaluate_all("(all) => all.forEach((d) => { d.open = true; })")
        assert not BAD_WORDS.search(card.inner_text())


def test_long_words_wrap_on_the_page_view(browser: Any, bare_site: str) -> None:
    phone = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        page, _, _ = open_page(phone, bare_site + f"/pages/14?document={DOC}")
        assert LONG_NAME[:30] in page.locator(".report-page__notes").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        overflow = page.evaluate(
            "[...document.querySelectorAll('.report-page, .report-page *')]"
            ".filter((e) => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0).length"
        )
        assert overflow == 0
    finally:
        phone.close()


def test_docs_are_swagger_ui_offline(context: Any, site: str) -> None:
    page, errors, hosts = open_page(context, site + "/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert {"/ask", "/feedback", "/health"} <= {p.strip().replace("\u200b", "") for p in paths}
    assert page.locator("#plain-docs").is_hidden()
    assert set(hosts) == {"127.0.0.1"}  # nothing from a CDN
    assert errors == [] and violations(page) == []
