"""``santeqa serve --workers 2`` as a real subprocess on a free loopback port.

The model is a tiny random XLM-RoBERTa (one layer, 16 dimensions) built here around the
real model folder's tokenizer, so that each worker starts in seconds; the answers are
meaningless, which does not matter here. Checked: both workers answer (told apart by the
``X-Santeqa-Worker`` pid header), a generation published by ``santeqa index`` while they run
is picked up by both within a few seconds, and SIGTERM stops the server and its workers.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from santeqa.index import published_generation

pytestmark = pytest.mark.integration

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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not (REAL_MODEL / "tokenizer.json").is_file():
        pytest.skip(f"{REAL_MODEL} is missing: run `santeqa model install`")
    work = tmp_path_factory.mktemp("workers")
    model = tiny_model(work / "model")
    corpus = work / "corpus"
    corpus.mkdir()
    (corpus / "alpha.txt").write_text(document("cardiologie"), encoding="utf-8")
    lexicon = work / "words.txt"
    lexicon.write_text("la\nle\nde\ndu\nsur\n", encoding="utf-8")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SANTEQA_") or key == "SANTEQA_TORCH_THREADS"
    }
    env.update(
        SANTEQA_CORPUS_DIR=str(corpus),
        SANTEQA_INDEX_DIR=str(work / "index"),
        SANTEQA_MODEL=str(model),
        SANTEQA_LEXICON=str(lexicon),
        SANTEQA_RATE_LIMIT_PER_MINUTE="0",
        SANTEQA_DB=str(work / "var" / "questions.sqlite3"),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    env.pop("SANTEQA_TORCH_THREADS", None)
    log = work / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "santeqa",
                "serve",
                "--workers",
                "2",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
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


def health(base: str) -> httpx.Response | None:
    try:
        return fresh("GET", base + "/health")
    except httpx.HTTPError:
        return None


def test_workers(server: Server) -> None:
    base, process = server.base, server.process

    # (the index was built by `serve` itself, in a child process, before the workers started)
    took = until(
        lambda: process.poll() is None and (r := health(base)) is not None and r.status_code == 200,
        START_TIMEOUT,
        f"/health 200 (log: {server.log.read_text(errors='replace')[-2000:]})",
    )
    print(f"first /health 200 after {took:.1f} s")
    first = health(base)
    assert first is not None
    generation = first.json()["index"]["generation"]

    # both workers answer questions; each says who it is
    answered: dict[str, list[int]] = {}
    answer_ids: dict[str, list[str]] = {}
    generations_seen: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def client() -> None:
        for _ in range(200):
            if stop.is_set():
                return
            r = fresh("POST", base + "/ask", json={"question": "pratique de soin cardiologie"})
            with lock:
                answered.setdefault(r.headers["x-santeqa-worker"], []).append(r.status_code)
                answer_ids.setdefault(r.headers["x-santeqa-worker"], []).append(r.json()["id"])
                generations_seen.add(r.json()["index"]["generation"])
                if len(answered) >= 2:
                    stop.set()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert len(answered) == 2, f"one worker answered everything: {answered.keys()}"
    assert all(set(codes) == {200} for codes in answered.values()), answered
    assert generations_seen == {generation}
    pids = {int(pid) for pid in answered}
    assert process.pid not in pids  # the workers answer, not the supervisor
    assert all(alive(pid) for pid in pids)

    # the workers share the question log: a vote on an answer of one worker is accepted by
    # the other (votes are sent until the other one takes one)
    for worker, ids in answer_ids.items():
        takers: list[str] = []
        for _ in range(40):
            vote = fresh("POST", base + "/feedback", json={"id": ids[0], "vote": "down"})
            assert vote.status_code == 201, vote.text
            takers.append(vote.headers["x-santeqa-worker"])
            if takers[-1] != worker:
                break
        assert takers[-1] != worker, f"the other worker never took a vote: {takers}"
    database = Path(server.env["SANTEQA_DB"])
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        logged = db.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
    assert logged == sum(len(ids) for ids in answer_ids.values())

    # a new generation published by `santeqa index` is picked up by both workers
    (server.corpus / "beta.txt").write_text(document("radiologie"), encoding="utf-8")
    built = server.santeqa("index")
    assert built.returncode == 0, built.stderr
    published = published_generation(Path(server.env["SANTEQA_INDEX_DIR"]))
    assert published is not None and published != generation
    seen: dict[str, str] = {}

    def both_switched() -> bool:
        r = health(base)
        if r is not None and r.status_code == 200:
            seen[r.headers["x-santeqa-worker"]] = r.json()["index"]["generation"]
        return len(seen) == 2 and set(seen.values()) == {published}

    took = until(both_switched, PICKUP_TIMEOUT, f"both workers on {published} (seen {seen})")
    print(f"new generation served by both workers {took:.1f} s after it was published")
    assert {int(pid) for pid in seen} == pids

    # SIGTERM: the server and its workers stop, cleanly
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    until(lambda: not any(alive(pid) for pid in pids), 10, "workers gone")
    assert health(base) is None
