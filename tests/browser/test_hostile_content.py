"""Hostile text in a real Chromium: markup and ``javascript:`` links in the question and in
every text of the report (passages, the answer, sections, footnotes, their URLs, document
names, page labels) are shown as text. Nothing executes, no element is made from them, no
such URL becomes a link, no request leaves for them, and the CSP reports nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from fake_engine import INFO, FakeEngine

from santeqa.api import create_app
from santeqa.records import (
    Answer,
    AskResult,
    Chunk,
    Footnote,
    Hit,
    IndexInfo,
    PageView,
    Paragraph,
    Sentence,
)
from santeqa.settings import Settings

pytestmark = pytest.mark.browser


def payload(tag: str) -> str:
    """Markup that would set ``window.__pwned`` to ``tag`` if it ever ran."""
    js = f"window.__pwned=(window.__pwned||[]).concat('{tag}')"
    return (
        f'<img src="/x-{tag}" onerror="{js}">'
        f"<script>{js}</script>"
        f'<svg onload="{js}"></svg>'
        f'<iframe src="javascript:{js}"></iframe>'
        f'<a href="javascript:{js}">clic</a>'
        f'"><b onmouseover="{js}">gras</b>'
    )


HOSTILE_DOC = '"><img src=/x-doc onerror=alert(1)>.txt'
SECTION = ("Partie <script>alert('section')</script>", payload("section"))
ANSWER_TEXT = "Réponse " + payload("answer") + " fin."
PASSAGE = "Avant. " + ANSWER_TEXT + " Après " + payload("passage")
OTHER = "Autre passage " + payload("other") + " javascript:alert(1)"
BAD_URLS = (
    "javascript:window.__pwned='url'",
    "  JaVaScRiPt:window.__pwned='url2'",
    "java\nscript:window.__pwned='url3'",
    "data:text/html,<script>window.__pwned='data'</script>",
    "vbscript:msgbox(1)",
    "/relative/<img src=/x-rel onerror=alert(1)>",
)
# an http(s) URL (so a link) full of markup: its quotes must not break out of the attribute
GOOD_URL = 'https://example.org/a"><img/src=/x-url/onerror=alert(1)>'
NOTE = Footnote(HOSTILE_DOC, 7, "Note " + payload("note"), (*BAD_URLS, GOOD_URL), 3)


def _chunk(cid: str, text: str) -> Chunk:
    return Chunk(
        id=cid,
        document=HOSTILE_DOC,
        page=3,
        pages=(3,),
        section=SECTION,
        text=text,
        footnotes=(7,),
        sentences=(Sentence(0, len(text), 3, (7,)),),
    )


CHUNK = _chunk('c1"><img src=/x-id onerror=alert(1)>', PASSAGE)
OTHER_CHUNK = _chunk("c2<script>", OTHER)
START = PASSAGE.index(ANSWER_TEXT)
HOSTILE_RESULT = AskResult(
    question="",
    answer=Answer(
        text=ANSWER_TEXT,
        passage_id=CHUNK.id,
        document=HOSTILE_DOC,
        start=START,
        end=START + len(ANSWER_TEXT),
        page=3,
        section=SECTION,
        footnotes=(NOTE,),
        score=0.97,
    ),
    abstained=False,
    message="Réponse " + payload("message"),
    hits=(
        Hit(CHUNK, 0.03, 0.9, 3.0, (NOTE,)),
        Hit(OTHER_CHUNK, 0.02, 0.8, None, (NOTE,)),
    ),
    index=IndexInfo("gen-<script>", 2, 1, "<b>model</b>", "<i>now</i>"),
    took_ms=1.0,
)
HOSTILE_PAGE = PageView(
    document=HOSTILE_DOC,
    number=3,
    label="<script>alert('label')</script>3",
    paragraphs=(
        Paragraph(HOSTILE_DOC, PASSAGE, SECTION, ((0, 3),)),
        Paragraph(HOSTILE_DOC, OTHER, ("<h1>Autre</h1>", payload("other-section")), ((0, 3),)),
    ),
    footnotes=(NOTE,),
    pages=5,
)


class HostileEngine(FakeEngine):
    """Every text it returns is hostile; questions with « rien » abstain."""

    def ask(self, question: str, top_k: int, *, history: Sequence[str] = ()) -> AskResult:
        self.calls.append((question, top_k))
        if "rien" in question:
            return replace(
                HOSTILE_RESULT,
                question=question,
                answer=None,
                abstained=True,
                hits=(Hit(OTHER_CHUNK, 0.02, 0.8, None, (NOTE,)),),
            )
        # what was searched comes back as text too (a follow-up resolved with its history)
        return replace(HOSTILE_RESULT, question=question, resolved_question=payload("resolved"))

    def page(self, document: str, number: int) -> PageView:
        if (document, number) != (HOSTILE_DOC, 3):
            raise KeyError(document)
        return HOSTILE_PAGE

    def documents(self) -> list[str]:
        return [HOSTILE_DOC]

    def info(self) -> IndexInfo:
        return INFO


WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

# Every element the chat may build; anything else would come from a text.
CHAT_TAGS = {
    "section", "div", "p", "span", "mark", "article", "h2", "h3", "ol", "li", "a",
    "details", "summary",
    "button", "label", "textarea",  # the citation copy and the vote with its comment box
}  # fmt: skip
PAGE_TAGS = {"nav", "a", "span", "article", "header", "h1", "p", "h2", "mark", "section",
             "ol", "li"}  # fmt: skip

# The DOM facts the tests check, read in one go.
INSPECT = """(root) => {
  const scope = document.querySelector(root);
  const all = [...scope.querySelectorAll("*")];
  return {
    tags: [...new Set(all.map((e) => e.tagName.toLowerCase()))],
    handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name))
                                      .map((a) => e.tagName + " " + a.name)),
    links: [...scope.querySelectorAll("a")].map((a) => [a.protocol, a.getAttribute("href")]),
    text: scope.textContent,
    pwned: window.__pwned === undefined ? null : window.__pwned,
    csp: window.__cspViolations || [],
  };
}"""


@dataclass
class Watched:
    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def inspect(self, root: str) -> dict[str, Any]:
        # give any injected handler (onerror of a failed image, onload) time to fire
        self.page.wait_for_timeout(300)
        facts: dict[str, Any] = self.page.evaluate(INSPECT, root)
        return facts


@pytest.fixture(scope="module")
def hostile_url(serve_app: Any) -> Iterator[str]:
    with serve_app(create_app(Settings(), HostileEngine())) as url:
        yield url


@pytest.fixture
def watched(browser: Any, hostile_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(WATCH)
    w = Watched(page)
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(str(e)))
    page.on("request", lambda r: w.requests.append(r.url))
    page.on("dialog", lambda d: (w.errors.append("dialog " + d.message), d.dismiss()))
    try:
        yield w
    finally:
        context.close()


def check_inert(w: Watched, facts: dict[str, Any], allowed_tags: set[str], base: str) -> None:
    assert facts["pwned"] is None
    assert facts["csp"] == []
    assert w.errors == []
    assert set(facts["tags"]) <= allowed_tags, set(facts["tags"]) - allowed_tags
    assert facts["handlers"] == []
    for protocol, href in facts["links"]:
        assert protocol in ("http:", "https:"), href
    # no request left for an injected image, frame or link; only the app's own files
    for url in w.requests:
        assert url.startswith(base + "/"), url
        assert not urlsplit(url).path.startswith("/x-"), url


def ask(page: Any, question: str) -> Any:
    exchanges = page.locator(".exchange")
    before = exchanges.count()
    box = page.get_by_label("Votre question")
    box.fill(question)
    box.press("Enter")
    exchange = exchanges.nth(before)
    exchange.locator(".bubble--answer, .bubble--error").wait_for(timeout=10_000)
    return exchange


def test_hostile_answer_passages_and_notes_are_inert_text(
    watched: Watched, hostile_url: str
) -> None:
    page = watched.page
    page.goto(hostile_url + "/")
    question = payload("question") + " javascript:alert(1)"
    exchange = ask(page, question)
    answer = exchange.locator(".bubble--answer")
    facts = watched.inspect("#conversation")
    check_inert(watched, facts, CHAT_TAGS, hostile_url)

    # everything is there, as text
    assert exchange.locator(".bubble--question").inner_text() == question
    assert answer.locator("mark.quote").text_content() == ANSWER_TEXT
    assert payload("passage") in facts["text"]
    assert SECTION[0] in facts["text"]
    assert payload("note") in facts["text"]
    assert payload("resolved") in facts["text"]
    for url in BAD_URLS:
        assert url.strip() in facts["text"]
    # the one http(s) URL is a link, with its quotes escaped in the attribute
    links = answer.locator("a.footnotes__link")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs == {"https://example.org/a%22%3E%3Cimg/src=/x-url/onerror=alert(1)%3E"}
    # the page links carry the hostile document name encoded, as a same-origin path
    for i in range(answer.locator("a.meta__link").count()):
        href = answer.locator("a.meta__link").nth(i).get_attribute("href")
        assert href.startswith("/pages/3?document=%22%3E%3Cimg")


def test_hostile_abstention_is_inert(watched: Watched, hostile_url: str) -> None:
    page = watched.page
    page.goto(hostile_url + "/")
    exchange = ask(page, "rien <img src=/x-q onerror=alert(1)>")
    assert exchange.locator(".bubble--abstained").count() == 1
    facts = watched.inspect("#conversation")
    check_inert(watched, facts, CHAT_TAGS, hostile_url)
    assert payload("message") in facts["text"]
    assert payload("other") in facts["text"]


def test_hostile_page_view_is_inert(watched: Watched, hostile_url: str) -> None:
    page = watched.page
    url = f"{hostile_url}/pages/3?document={quote(HOSTILE_DOC)}&hl={quote(ANSWER_TEXT)}#hl"
    response = page.goto(url)
    assert response is not None and response.status == 200
    facts = watched.inspect("main")
    check_inert(watched, facts, PAGE_TAGS, hostile_url)
    assert page.locator("mark#hl").text_content() == ANSWER_TEXT
    assert payload("passage") in facts["text"]
    assert payload("other-section") in facts["text"]
    assert "<h1>Autre</h1>" in facts["text"]
    assert HOSTILE_DOC in facts["text"]
    assert page.locator("h1").count() == 1
    assert page.title().startswith("Page <script>alert('label')</script>3")
    # the page's own links are same-origin; the note's http(s) URL is the only other one
    external = [href for _p, href in facts["links"] if not href.startswith(("/", "#"))]
    assert external == [GOOD_URL]


def test_hostile_page_view_with_a_hostile_highlight(watched: Watched, hostile_url: str) -> None:
    page = watched.page
    hl = "</mark><script>window.__pwned='hl'</script><mark>"
    page.goto(f"{hostile_url}/pages/3?document={quote(HOSTILE_DOC)}&hl={quote(hl)}")
    facts = watched.inspect("main")
    check_inert(watched, facts, PAGE_TAGS, hostile_url)
    assert page.locator("mark").count() == 0
