"""Schemathesis over the app's own OpenAPI schema (in-process ASGI, fake engine).

Every operation gets generated requests, valid and invalid (``max_examples`` of each kind,
derandomized: the same requests every run), and every answer must pass schemathesis's
checks: no 5xx, status codes, content types, headers and bodies as the schema declares them,
invalid data refused with a 4xx, valid data accepted, 401 without the admin token.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fake_engine import FakeEngine
from hypothesis import HealthCheck, settings

from santeqa.api import create_app
from santeqa.settings import Settings

TOKEN = "fuzz-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# The rate limit is off here (every request comes from one client); it has its own tests.
APP = create_app(
    Settings(admin_token=TOKEN, rate_limit_per_minute=0, max_question_chars=300),
    FakeEngine(rebuild_polls=1),
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


def test_every_route_is_fuzzed() -> None:
    paths = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    assert {
        ("GET", "/ask"),
        ("POST", "/ask"),
        ("GET", "/health"),
        ("GET", "/pages/{n}"),
        ("POST", "/admin/reindex"),
        ("GET", "/admin/reindex/{task_id}"),
        ("POST", "/feedback"),
        ("GET", "/admin/insights.json"),
        ("GET", "/admin/insights.csv"),
    } <= paths


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    case.call_and_validate(headers=AUTH)


@pytest.fixture(autouse=True)
def _quiet_api_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("ERROR", logger="santeqa.api")
