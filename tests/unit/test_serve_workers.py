"""``santeqa serve --workers N``: what is handed to uvicorn (uvicorn itself is not started;
tests/integration/test_workers.py runs the real thing)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from santeqa import cli


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[Any, dict[str, Any]]]:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    index = tmp_path / "index"
    index.mkdir()
    (index / "CURRENT").write_text("gen-x\n")  # "published": serve builds nothing
    monkeypatch.setenv("SANTEQA_INDEX_DIR", str(index))
    monkeypatch.delenv("SANTEQA_TORCH_THREADS", raising=False)
    monkeypatch.delenv("SANTEQA_WORKERS", raising=False)
    return calls


def test_workers_use_the_factory(captured: list[tuple[Any, dict[str, Any]]]) -> None:
    result = CliRunner().invoke(cli.app, ["serve", "--workers", "3", "--port", "8123"])
    assert result.exit_code == 0, result.output
    [(app, kwargs)] = captured
    assert app == "santeqa.api:app_from_env"
    assert kwargs["factory"] is True
    assert kwargs["workers"] == 3
    assert kwargs["port"] == 8123
    assert kwargs["host"] == "127.0.0.1"
    # inherited by the workers (the fixture's monkeypatch removes it afterwards)
    assert os.environ["SANTEQA_TORCH_THREADS"] == "1"


def test_workers_from_the_setting(
    captured: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANTEQA_WORKERS", "2")
    monkeypatch.setenv("SANTEQA_TORCH_THREADS", "3")
    result = CliRunner().invoke(cli.app, ["serve"])
    assert result.exit_code == 0, result.output
    [(app, kwargs)] = captured
    assert app == "santeqa.api:app_from_env" and kwargs["workers"] == 2


def test_one_worker_serves_in_process(captured: list[tuple[Any, dict[str, Any]]]) -> None:
    from fastapi import FastAPI

    result = CliRunner().invoke(cli.app, ["serve"])
    assert result.exit_code == 0, result.output
    [(app, kwargs)] = captured
    assert isinstance(app, FastAPI)
    assert "workers" not in kwargs


@pytest.mark.parametrize(
    ("environ", "extra"),
    [
        ({}, {"SANTEQA_TORCH_THREADS": "1"}),
        ({"SANTEQA_TORCH_THREADS": ""}, {"SANTEQA_TORCH_THREADS": "1"}),
        ({"SANTEQA_TORCH_THREADS": "4"}, {}),
        ({"SANTEQA_TORCH_THREADS": "0"}, {}),  # explicitly torch's default
    ],
)
def test_one_torch_thread_per_worker_unless_set(
    environ: dict[str, str], extra: dict[str, str]
) -> None:
    assert cli._worker_environment(environ) == extra


def test_workers_must_be_positive(captured: list[tuple[Any, dict[str, Any]]]) -> None:
    result = CliRunner().invoke(cli.app, ["serve", "--workers", "0"])
    assert result.exit_code == 2
    assert captured == []
