"""Fixtures for the api tests: settings, a fake engine and a TestClient around them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_engine import FakeEngine
from fastapi.testclient import TestClient

from santeqa.api import create_app
from santeqa.settings import Settings


@pytest.fixture
def settings() -> Settings:
    return Settings(max_question_chars=200, max_body_bytes=8192, top_k=4)


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def client(settings: Settings, engine: FakeEngine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine)) as test_client:
        yield test_client
