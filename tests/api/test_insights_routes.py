"""``/admin/insights`` (.json, .csv, the page), the sign-in form and its cookie
(api.routes.insights, api.auth)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest
from fake_engine import FakeEngine
from fastapi.testclient import TestClient

from santeqa.api import create_app
from santeqa.api.auth import SESSION_COOKIE
from santeqa.settings import Settings

TOKEN = "insights-admin-T0ken"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def app_for(tmp_path: Path, **extra: Any) -> Any:
    settings = Settings(admin_token=TOKEN, db=tmp_path / "q.sqlite3", **extra)
    return create_app(settings, FakeEngine())


@pytest.fixture
def client(tmp_path: Path) -> Any:
    with TestClient(app_for(tmp_path)) as test_client:
        yield test_client


def sign_in(client: TestClient, token: str = TOKEN, **headers: str) -> Any:
    return client.post(
        "/admin/login",
        content=f"token={token}".encode(),
        headers={"content-type": "application/x-www-form-urlencoded", **headers},
        follow_redirects=False,
    )


# --- who may read ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/insights.json", "/admin/insights.csv"])
@pytest.mark.parametrize(
    "headers",
    [{}, {"authorization": "Bearer wrong"}, {"authorization": f"Basic {TOKEN}"}],
    ids=["none", "wrong", "basic"],
)
def test_data_without_the_token_is_401(
    client: TestClient, path: str, headers: dict[str, str]
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == 401
    assert response.json()["kind"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_json_with_the_token(client: TestClient) -> None:
    client.get("/ask", params={"q": "Une recette de pizza ?"})
    response = client.get("/admin/insights.json", headers=AUTH)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {"unanswered", "downvoted", "frequent", "totals"}
    assert body["unanswered"][0]["question"] == "Une recette de pizza ?"
    assert set(body["unanswered"][0]) == {"question", "count", "last_asked"}


def test_routes_absent_without_an_admin_token(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(db=tmp_path / "q.sqlite3"), FakeEngine())) as client:
        assert client.get("/admin/insights.json").status_code == 404
        assert client.get("/admin/insights").status_code == 404
        assert sign_in(client).status_code == 404


def test_the_page_asks_to_sign_in(client: TestClient) -> None:
    response = client.get("/admin/insights")
    assert response.status_code == 200
    assert '<form class="signin" action="/admin/login" method="post">' in response.text
    assert 'type="password"' in response.text
    assert "Questions sans réponse" not in response.text


# --- signing in --------------------------------------------------------------------------------


def test_sign_in_sets_a_strict_http_only_cookie(client: TestClient) -> None:
    response = sign_in(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/insights"
    cookie = response.headers["set-cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert {"httponly", "samesite", "path", "max-age"} <= attributes
    assert "samesite=strict" in cookie.lower()
    assert "path=/admin" in cookie.lower()
    assert "secure" not in attributes  # plain http here
    assert TOKEN not in cookie


def test_the_cookie_is_secure_over_https(tmp_path: Path) -> None:
    with TestClient(app_for(tmp_path), base_url="https://testserver") as client:
        cookie = sign_in(client).headers["set-cookie"]
    assert "secure" in {part.strip().lower() for part in cookie.split(";")}


def test_signed_in_browser_reads_page_json_and_csv(client: TestClient) -> None:
    client.get("/ask", params={"q": "Une recette de pizza ?"})
    assert sign_in(client).status_code == 303
    page = client.get("/admin/insights")
    assert page.status_code == 200
    assert "Questions sans réponse" in page.text
    assert "Une recette de pizza ?" in page.text
    assert 'href="/admin/insights.csv"' in page.text
    assert client.get("/admin/insights.json").status_code == 200
    exported = client.get("/admin/insights.csv")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == ["list", "question", "count", "last", "answer", "comments"]
    assert rows[1][:2] == ["unanswered", "Une recette de pizza ?"]


def test_wrong_token_in_the_form_is_refused(client: TestClient) -> None:
    response = sign_in(client, token="nope")
    assert response.status_code == 401
    assert "set-cookie" not in response.headers
    assert "Jeton refusé" in response.text
    assert client.get("/admin/insights.json").status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"sec-fetch-site": "cross-site", "origin": "http://testserver"},
    ],
    ids=["origin", "null-origin", "fetch-site", "same-site", "fetch-site-wins"],
)
def test_sign_in_from_another_site_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = sign_in(client, **headers)
    assert response.status_code == 403
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://testserver"},
        {"sec-fetch-site": "same-origin", "origin": "null"},  # a browser, no-referrer policy
        {},
    ],
    ids=["origin", "browser", "script"],
)
def test_sign_in_from_this_site_is_accepted(client: TestClient, headers: dict[str, str]) -> None:
    assert sign_in(client, **headers).status_code == 303


@pytest.mark.parametrize(
    "value",
    [
        "",
        "garbage",
        "99999999999.deadbeef",
        f"{int(time.time()) + 3600}.{'0' * 64}",
    ],
)
def test_forged_cookies_are_refused(client: TestClient, value: str) -> None:
    client.cookies.set(SESSION_COOKIE, value, path="/admin")
    assert client.get("/admin/insights.json").status_code == 401
    assert "Questions sans réponse" not in client.get("/admin/insights").text


def test_an_expired_cookie_is_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in(client)
    assert client.get("/admin/insights.json").status_code == 200
    later = time.time() + 9 * 3600
    monkeypatch.setattr("santeqa.api.auth.time.time", lambda: later)
    assert client.get("/admin/insights.json").status_code == 401


def test_a_new_token_signs_everyone_out(tmp_path: Path) -> None:
    with TestClient(app_for(tmp_path)) as first:
        sign_in(first)
        value = first.cookies.get(SESSION_COOKIE)
    settings = Settings(admin_token="another-token", db=tmp_path / "q.sqlite3")
    with TestClient(create_app(settings, FakeEngine())) as second:
        second.cookies.set(SESSION_COOKIE, value or "", path="/admin")
        assert second.get("/admin/insights.json").status_code == 401


def test_sign_out_clears_the_cookie(client: TestClient) -> None:
    sign_in(client)
    response = client.post("/admin/logout", follow_redirects=False)
    assert response.status_code == 303
    assert f'{SESSION_COOKIE}=""' in response.headers["set-cookie"] or (
        "max-age=0" in response.headers["set-cookie"].lower()
    )
    assert client.get("/admin/insights.json").status_code == 401


def test_sign_out_from_another_site_is_refused(client: TestClient) -> None:
    sign_in(client)
    response = client.post(
        "/admin/logout", headers={"origin": "https://evil.example"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert client.get("/admin/insights.json").status_code == 200


# --- the CSV ------------------------------------------------------------------------------------


def test_csv_cells_never_start_a_formula(client: TestClient) -> None:
    answer = client.post("/ask", json={"question": "=HYPERLINK(1) combien ?"}).json()
    client.post("/feedback", json={"id": answer["id"], "vote": "down", "comment": "@SUM(A1)"})
    rows = list(csv.reader(io.StringIO(client.get("/admin/insights.csv", headers=AUTH).text)))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(1) combien ?" in cells
    assert "'@SUM(A1)" in cells
    assert not any(cell[:1] in "=+-@" and cell for cell in cells)
