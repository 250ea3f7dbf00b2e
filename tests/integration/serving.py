"""A real ``santeqa serve --workers N`` for the integration tests: a tiny random model around
the real tokenizer (workers start in seconds), a small corpus, and helpers to talk to it."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL_MODEL = ROOT / "models" / "multilingual-e5-small"
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
)
DIM = 16
START_TIMEOUT = 180.0  # two workers importing torch and loading the model, on a slow machine
PICKUP_TIMEOUT = 20.0


def tiny_model(target: Path) -> Path:
    """A sentence-transformers folder: the real tokenizer, a tiny random encoder."""
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaModel

    target.mkdir(parents=True)
    for name in TOKENIZER_FILES:
        shutil.copy(REAL_MODEL / name, target / name)
    (target / "2_Normalize").mkdir()
    (target / "1_Pooling").mkdir()
    pooling = json.loads((REAL_MODEL / "1_Pooling" / "config.json").read_text())
    pooling["word_embedding_dimension"] = DIM
    (target / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    real = json.loads((REAL_MODEL / "config.json").read_text())
    config = XLMRobertaConfig(
        vocab_size=real["vocab_size"],
        hidden_size=DIM,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=2 * DIM,
        max_position_embeddings=real["max_position_embeddings"],
        pad_token_id=real["pad_token_id"],
        bos_token_id=real["bos_token_id"],
        eos_token_id=real["eos_token_id"],
    )
    torch.manual_seed(0)
    XLMRobertaModel(config).save_pretrained(target)
    return target


def paragraph(topic: str) -> str:
    return " ".join(
        f"La phrase {i} du paragraphe sur {topic} décrit une pratique de soin numéro {i}."
        for i in range(6)
    )


def document(topic: str) -> str:
    return "\f".join(
        "\n\n".join(paragraph(f"{topic}{p}{c}") for c in "ab") + "\n" for p in range(3)
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]
    corpus: Path
    log: Path

    def santeqa(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "santeqa", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


def fresh(method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request on a new connection (keep-alive would pin us to one worker)."""
    with httpx.Client(timeout=10, headers={"connection": "close"}) as client:
        return client.request(method, url, **kwargs)


def until(predicate: Callable[[], bool], timeout: float, what: str) -> float:
    t0 = time.monotonic()
    while not predicate():
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - t0


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state  # a zombie has stopped


def health(base: str) -> httpx.Response | None:
    try:
        return fresh("GET", base + "/health")
    except httpx.HTTPError:
        return None


@contextlib.contextmanager
def serving(work: Path, workers: int, **settings: str) -> Iterator[Server]:
    """``santeqa serve --workers N`` over a one-document corpus in ``work``, with the
    ``SANTEQA_`` ``settings`` given (lower-case names), killed at the end."""
    if not (REAL_MODEL / "tokenizer.json").is_file():
        pytest.skip(f"{REAL_MODEL} is missing: run `santeqa model install`")
    model = tiny_model(work / "model")
    corpus = work / "corpus"
    corpus.mkdir()
    (corpus / "alpha.txt").write_text(document("cardiologie"), encoding="utf-8")
    lexicon = work / "words.txt"
    lexicon.write_text("la\nle\nde\ndu\nsur\n", encoding="utf-8")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SANTEQA_")}
    env.update(
        SANTEQA_CORPUS_DIR=str(corpus),
        SANTEQA_INDEX_DIR=str(work / "index"),
        SANTEQA_MODEL=str(model),
        SANTEQA_LEXICON=str(lexicon),
        SANTEQA_RATE_LIMIT_PER_MINUTE="0",
        SANTEQA_WORKER_HEADER="true",
        SANTEQA_DB=str(work / "var" / "questions.sqlite3"),  # shared by the workers (WAL)
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    env.update({f"SANTEQA_{name.upper()}": value for name, value in settings.items()})
    log = work / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "santeqa", "serve", "--workers", str(workers)]
            + ["--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    srv = Server(f"http://127.0.0.1:{port}", process, env, corpus, log)
    try:
        yield srv
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
