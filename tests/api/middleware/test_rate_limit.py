"""api.middleware.rate_limit: the token bucket per client address (429), its bounds.

A fake clock drives the token buckets, so nothing here sleeps.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from fake_engine import (
    FakeEngine,
)
from fastapi import FastAPI
from fastapi.testclient import TestClient

from santeqa.api import create_app
from santeqa.api.middleware.rate_limit import RateLimiter
from santeqa.settings import Settings

QUESTION = "Combien de téléconsultations en 2020 ?"


TOKEN = "limits-admin-token"


AUTH = {"authorization": f"Bearer {TOKEN}"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def limited_app(clock: FakeClock, **settings: Any) -> FastAPI:
    values: dict[str, Any] = {"rate_limit_per_minute": 60, "rate_limit_burst": 3}
    values.update(settings)
    return create_app(Settings(admin_token=TOKEN, **values), FakeEngine(), clock=clock)


def client_at(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


@pytest.fixture
def app(clock: FakeClock) -> FastAPI:
    return limited_app(clock)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with client_at(app, "192.0.2.1") as c:
        yield c


def ask(client: TestClient) -> Any:
    return client.post("/ask", json={"question": QUESTION})


def test_429_after_the_burst_with_retry_after(client: TestClient) -> None:
    assert [ask(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = ask(client)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"  # 60 a minute: one token a second
    body = refused.json()
    assert body["kind"] == "rate_limited"
    assert body["error"] == {"kind": "rate_limited", "message": body["detail"]}
    assert refused.headers["content-type"] == "application/json"
    assert "content-security-policy" in refused.headers  # the security headers too


def test_retry_after_is_whole_seconds_rounded_up(clock: FakeClock) -> None:
    app = limited_app(clock, rate_limit_per_minute=7, rate_limit_burst=1)  # 1 token / 8.57 s
    with client_at(app, "192.0.2.9") as c:
        assert ask(c).status_code == 200
        clock.advance(2.2)
        refused = ask(c)
        assert refused.status_code == 429
        wait = 60 / 7 - 2.2  # 6.37 s: Retry-After says 7
        assert refused.headers["retry-after"] == str(math.ceil(wait))
        clock.advance(wait - 0.01)
        assert ask(c).status_code == 429  # just before the token is back
        clock.advance(math.ceil(wait) - wait)
        assert ask(c).status_code == 200  # when Retry-After said


def test_recovers_as_time_passes(client: TestClient, clock: FakeClock) -> None:
    for _ in range(3):
        ask(client)
    assert ask(client).status_code == 429
    clock.advance(1.0)  # one token back
    assert ask(client).status_code == 200
    assert ask(client).status_code == 429
    clock.advance(3600)  # never more than the burst
    assert [ask(client).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_refused_requests_do_not_cost_a_token(client: TestClient, clock: FakeClock) -> None:
    for _ in range(3):
        ask(client)
    for _ in range(10):
        assert ask(client).status_code == 429
    clock.advance(1.0)
    assert ask(client).status_code == 200


def test_clients_have_separate_buckets(app: FastAPI) -> None:
    with client_at(app, "192.0.2.1") as one, client_at(app, "192.0.2.2") as two:
        assert [ask(one).status_code for _ in range(4)] == [200, 200, 200, 429]
        assert [ask(two).status_code for _ in range(4)] == [200, 200, 200, 429]
        assert ask(one).status_code == 429


def test_get_and_post_share_the_bucket(client: TestClient) -> None:
    assert ask(client).status_code == 200
    assert client.get("/ask", params={"q": QUESTION}).status_code == 200
    assert ask(client).status_code == 200
    assert client.get("/ask", params={"q": QUESTION}).status_code == 429


def test_invalid_questions_count_too(client: TestClient) -> None:
    for _ in range(3):
        assert client.post("/ask", json={"question": ""}).status_code == 422
    assert ask(client).status_code == 429


def test_admin_routes_are_limited_too(client: TestClient) -> None:
    # wrong tokens count: guessing the token is slowed down as well
    assert client.post("/admin/reindex", headers={"authorization": "Bearer nope"}).status_code == (
        401
    )
    assert client.post("/admin/reindex", headers=AUTH).status_code == 202
    assert client.get("/admin/reindex/task1", headers=AUTH).status_code == 200
    refused = client.get("/admin/reindex/task1", headers=AUTH)
    assert refused.status_code == 429
    assert refused.json()["kind"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 1
    assert ask(client).status_code == 429  # one bucket per client for /ask and /admin


def test_health_chat_page_and_static_are_not_limited(client: TestClient) -> None:
    for _ in range(3):
        ask(client)
    assert ask(client).status_code == 429
    for _ in range(10):
        assert client.get("/health").status_code == 200
        assert client.get("/").status_code == 200
        assert client.get("/static/app.js").status_code == 200
        assert client.get("/openapi.json").status_code == 200
        assert client.get("/docs").status_code == 200


def test_the_page_view_is_limited_like_ask(app: FastAPI) -> None:
    with client_at(app, "192.0.2.7") as c:
        assert [c.get("/pages/14").status_code for _ in range(3)] == [200, 200, 200]
        refused = c.get("/pages/14")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert c.get(f"/pages/{'9' * 5000}").status_code == 429
        assert ask(c).status_code == 429  # the same bucket as /ask
    with client_at(app, "192.0.2.8") as other:
        assert other.get("/pages/14").status_code == 200


def test_zero_disables_the_rate_limit(clock: FakeClock) -> None:
    app = limited_app(clock, rate_limit_per_minute=0, rate_limit_burst=1)
    with client_at(app, "192.0.2.1") as c:
        assert {ask(c).status_code for _ in range(50)} == {200}


def test_default_limits() -> None:
    settings = Settings()
    assert settings.rate_limit_per_minute == 120
    assert settings.rate_limit_burst == 20
    assert settings.max_concurrent_asks == 32
    with TestClient(create_app(settings, FakeEngine())) as c:
        statuses = [ask(c).status_code for _ in range(21)]
    assert statuses == [200] * 20 + [429]


def test_idle_clients_are_forgotten(clock: FakeClock) -> None:
    limiter = RateLimiter(60, 3, clock=clock)  # a bucket refills in 3 s
    for i in range(1000):
        limiter.take(f"10.0.{i // 256}.{i % 256}")
    assert len(limiter) == 1000
    clock.advance(3.0)
    limiter.take("10.9.9.9")
    assert len(limiter) == 1  # every full bucket dropped: the same as no bucket


def test_recent_clients_are_kept_until_full(clock: FakeClock) -> None:
    limiter = RateLimiter(60, 3, clock=clock)
    for _ in range(3):
        assert limiter.take("a") == 0.0
    clock.advance(2.0)
    limiter.take("b")
    assert len(limiter) == 2  # "a" is not full yet: it is remembered
    assert limiter.take("a") == 0.0  # its two regained tokens
    assert limiter.take("a") == 0.0
    assert limiter.take("a") == pytest.approx(1.0)


def test_table_is_capped(clock: FakeClock) -> None:
    limiter = RateLimiter(60, 3, max_clients=100, clock=clock)
    for i in range(10_000):
        limiter.take(f"client-{i}")
        assert len(limiter) <= 100
    # the most recent are the ones kept
    for _ in range(2):
        limiter.take("client-9999")
    assert limiter.take("client-9999") > 0


def test_the_cap_is_a_setting(clock: FakeClock) -> None:
    app = limited_app(clock, rate_limit_clients=5)
    for i in range(20):
        with client_at(app, f"198.51.100.{i}") as c:
            assert ask(c).status_code == 200
    limiter = next(m.kwargs["limiter"] for m in app.user_middleware if "limiter" in m.kwargs)
    assert len(limiter) == 5


def test_limiter_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0, 1)


def test_limits_are_declared_in_the_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path, method in [
        ("/ask", "get"),
        ("/ask", "post"),
        ("/admin/reindex", "post"),
        ("/admin/reindex/{task_id}", "get"),
    ]:
        responses = schema["paths"][path][method]["responses"]
        assert "Retry-After" in responses["429"]["headers"], (path, method)
    assert "Retry-After" in schema["paths"]["/ask"]["post"]["responses"]["503"]["headers"]


def test_forwarding_headers_are_ignored(app: FastAPI) -> None:
    """The bucket is the TCP peer's: a client cannot get a fresh bucket by claiming to be
    someone else, nor spend another client's tokens by naming it."""
    with client_at(app, "192.0.2.1") as one, client_at(app, "192.0.2.2") as two:
        statuses = [
            one.post(
                "/ask",
                json={"question": QUESTION},
                headers={
                    "x-forwarded-for": f"203.0.113.{i}",
                    "x-real-ip": f"203.0.113.{i}",
                    "forwarded": f"for=203.0.113.{i}",
                },
            ).status_code
            for i in range(5)
        ]
        assert statuses == [200, 200, 200, 429, 429]
        # naming the other client as the origin does not spend its tokens
        assert ask(two).status_code == 200
        for _ in range(3):
            one.post("/ask", json={"question": QUESTION}, headers={"x-forwarded-for": "192.0.2.2"})
        assert [ask(two).status_code for _ in range(3)] == [200, 200, 429]
