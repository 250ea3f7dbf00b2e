"""The HTML routes (api.routes.pages, api.routes.docs): chat page, page view, docs."""

from __future__ import annotations

from fake_engine import (
    ANSWER_TEXT,
    DOC,
    MARKUP,
    NOTES,
    OTHER_DOC,
    TELECONSULTATION,
)
from fastapi.testclient import TestClient
from http_cases import (
    check_no_inline_code,
)


def test_chat_page(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="fr">' in html
    assert '<script src="/static/app.js" defer></script>' in html
    assert 'aria-live="polite"' in html
    assert '<label for="question"' in html
    assert 'maxlength="200"' in html
    assert "extraits tirés automatiquement" in html
    check_no_inline_code(html)


def test_static_assets_are_served(client: TestClient) -> None:
    js = client.get("/static/app.js")
    assert js.status_code == 200
    assert "javascript" in js.headers["content-type"]
    assert "innerHTML" not in js.text  # data is always put in the page as text
    assert client.get("/static/app.css").status_code == 200


def test_page_view_highlights_the_passage(client: TestClient) -> None:
    response = client.get("/pages/14", params={"hl": ANSWER_TEXT})
    assert response.status_code == 200
    html = response.text
    assert f'<mark id="hl">{ANSWER_TEXT}</mark>' in html
    assert html.count("<mark") == 1
    before = TELECONSULTATION.split(ANSWER_TEXT)[0]
    assert before.replace("'", "&#39;") + f'<mark id="hl">{ANSWER_TEXT}</mark>' in html
    # report text is escaped, never markup
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in html
    assert MARKUP not in html
    # footnotes with links; navigation
    note_url = NOTES[22].urls[0]
    assert f'href="{note_url}" target="_blank" rel="noopener noreferrer"' in html
    assert '<li value="22">' in html
    assert f'href="/pages/13?document={DOC}"' in html
    assert f'href="/pages/15?document={DOC}"' in html
    check_no_inline_code(html)


def test_page_view_highlights_a_passage_across_white_space(client: TestClient) -> None:
    quote = "Le nombre   de consultations\nest ainsi passé"
    html = client.get("/pages/14", params={"hl": quote}).text
    assert '<mark id="hl">Le nombre de consultations est ainsi passé</mark>' in html


def test_page_view_without_highlight_and_unsafe_urls(client: TestClient) -> None:
    html = client.get("/pages/15").text
    assert "<mark" not in html
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown as text only
    assert 'rel="next"' in html


def test_page_view_other_document(client: TestClient) -> None:
    response = client.get("/pages/1", params={"document": OTHER_DOC})
    assert response.status_code == 200
    assert "Page i" in response.text
    assert 'rel="prev"' not in response.text
    assert 'rel="next"' not in response.text


def test_docs_work_offline(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.text
    check_no_inline_code(html)
    assert "/ask" in html and "/health" in html and "/openapi.json" in html
    assert "téléconsultation" in html  # the French example


def test_docs_load_swagger_ui_from_this_server(client: TestClient) -> None:
    html = client.get("/docs").text
    assert '<script src="/docs/assets/swagger-ui-bundle.js" defer></script>' in html
    assert '<script src="/static/docs.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/docs/assets/swagger-ui.css">' in html
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert "javascript" in bundle.headers["content-type"]
    assert "SwaggerUIBundle" in bundle.text
    assert client.get("/docs/assets/swagger-ui.css").status_code == 200
    init = client.get("/static/docs.js").text
    assert 'url: "/openapi.json"' in init
