"""api.app: where the web folder is, the factory of ``santeqa serve --workers N``."""

from __future__ import annotations

from typing import Any

import pytest

from santeqa.api import app_from_env
from santeqa.api.app import default_web_dir


def test_default_web_dir_is_the_repositories() -> None:
    web = default_web_dir()
    assert (web / "templates" / "index.html").is_file()
    assert (web / "static" / "app.js").is_file()


def test_app_from_env_reads_the_environment_and_loads_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("SANTEQA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("SANTEQA_MAX_QUESTION_CHARS", "77")
    monkeypatch.setenv("SANTEQA_MODEL", str(tmp_path / "no-model"))
    app = app_from_env()  # the model and the index are loaded by the lifespan, not here
    schema = app.openapi()
    assert schema["components"]["schemas"]["AskBody"]["properties"]["question"]["maxLength"] == 77
