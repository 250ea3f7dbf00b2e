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
from santeqa.api.server import GuardedHTTPProtocol


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


@pytest.mark.parametrize("workers", ["1", "2"])
def test_forwarding_headers_are_ignored_unless_a_proxy_is_trusted(
    captured: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.delenv("SANTEQA_TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("SANTEQA_MAX_CONNECTIONS", "77")
    assert CliRunner().invoke(cli.app, ["serve", "--workers", workers]).exit_code == 0
    monkeypatch.setenv("SANTEQA_TRUSTED_PROXIES", "10.0.0.5, 192.168.1.0/24")
    assert CliRunner().invoke(cli.app, ["serve", "--workers", workers]).exit_code == 0
    [(_app, default), (_app2, trusting)] = captured
    assert default["proxy_headers"] is False  # uvicorn's own default trusts 127.0.0.1
    assert default["limit_concurrency"] == 77
    assert trusting["proxy_headers"] is True
    assert trusting["forwarded_allow_ips"] == "10.0.0.5,192.168.1.0/24"
    # every connection gets the slow-client deadline
    for kwargs in (default, trusting):
        protocol = kwargs["http"]
        if isinstance(protocol, str):
            module, name = protocol.split(":")
            protocol = getattr(__import__(module, fromlist=[name]), name)
        assert issubclass(protocol, GuardedHTTPProtocol)


@pytest.mark.parametrize("content", [b"\xff\xfe\x00", None])
def test_an_unreadable_pointer_does_not_stop_serve(
    captured: list[tuple[Any, dict[str, Any]]], content: bytes | None
) -> None:
    pointer = Path(os.environ["SANTEQA_INDEX_DIR"]) / "CURRENT"
    pointer.unlink()
    if content is None:
        pointer.mkdir()
    else:
        pointer.write_bytes(content)
    result = CliRunner().invoke(cli.app, ["serve"])
    assert result.exit_code == 0, result.output
    assert len(captured) == 1  # served without building over it
