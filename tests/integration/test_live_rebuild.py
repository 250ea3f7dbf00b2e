"""Rebuilding under load, and a build killed with SIGKILL (FakeEmbedder, tmp corpus, loopback).

(a) A real uvicorn server answers a stream of questions from several client threads while the
corpus is edited and two new generations are published (one by ``POST /admin/reindex``, one by
``santeqa.index.build.build`` as ``santeqa index`` would): every answer is a 200 and only cites
passages of the generation it names.

(b) An indexer subprocess is SIGKILLed while embedding, while writing, and after renaming its
generation folder but before publishing it: the previous generation is still served, nothing
half-written is published, and the next build succeeds and clears the leftovers.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from santeqa.api import create_app
from santeqa.embed import FakeEmbedder, Vectors
from santeqa.index import generations, published_generation
from santeqa.index.build import build
from santeqa.service import Engine
from santeqa.settings import Settings

pytestmark = pytest.mark.integration

TOKEN = "live-rebuild-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
QUESTIONS = [
    "Que dit le paragraphe sur cardiologie0a ?",
    "Quelle pratique de soin pour radiologie1b ?",
    "Que dit le rapport du zorglub en téléexpertise ?",
    "dermatologie0a pratique de soin",
]


def paragraph(topic: str, sentences: int = 7) -> str:
    return " ".join(
        f"La phrase {i} du paragraphe sur {topic} décrit une pratique de soin numéro {i}."
        for i in range(sentences)
    )


def document(topic: str, pages: int = 3) -> str:
    return (
        "\f".join(
            "\n\n".join(
                [f"Chapitre {p} {topic}", paragraph(f"{topic}{p}a"), paragraph(f"{topic}{p}b")]
            )
            for p in range(pages)
        )
        + "\n"
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    lexicon = tmp_path / "words.txt"
    lexicon.write_text("la\nle\nde\ndu\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "alpha.txt").write_text(document("cardiologie"), encoding="utf-8")
    (corpus / "beta.txt").write_text(document("radiologie"), encoding="utf-8")
    return Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        lexicon=lexicon,
        admin_token=TOKEN,
        rate_limit_per_minute=0,  # every request comes from 127.0.0.1
    )


def chunk_ids(settings: Settings, generation: str) -> set[str]:
    path = settings.index_dir / generation / "chunks.jsonl"
    return {json.loads(line)["id"] for line in path.read_text("utf-8").splitlines() if line}


class SlowQueries(FakeEmbedder):
    """Questions take a few milliseconds to embed, so that a new generation is very likely
    to be swapped in while some request is under way (what must not mix into it)."""

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        time.sleep(0.005)
        return super().embed_queries(texts)


@pytest.fixture
def server(settings: Settings) -> Iterator[tuple[str, Engine]]:
    """A uvicorn server on a free loopback port, in a thread, over a real Engine."""
    engine = Engine(settings, embedder=SlowQueries())
    engine.build()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(settings, engine, max_concurrent_asks=16)
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", engine
    finally:
        srv.should_exit = True
        thread.join(10)
        sock.close()


@dataclass
class Seen:
    """One answer: its status, the generation it names and the passage ids it cites."""

    status: int
    generation: str | None = None
    ids: set[str] = field(default_factory=set)


def ask_loop(
    base: str, worker: int, out: list[Seen], stop: threading.Event, deadline: float
) -> None:
    with httpx.Client(base_url=base, timeout=10) as client:
        i = worker
        while not stop.is_set() and time.monotonic() < deadline and i < 4000:
            try:
                r = client.get("/ask", params={"q": QUESTIONS[i % len(QUESTIONS)]})
            except httpx.HTTPError as exc:  # a refused or cut connection is a failure too
                out.append(Seen(status=-1, generation=repr(exc)))
                i += 1
                continue
            seen = Seen(status=r.status_code)
            if r.status_code == 200:
                body = r.json()
                seen.generation = body["index"]["generation"]
                seen.ids = {p["id"] for p in body["passages"]}
                if body["answer"] is not None:
                    seen.ids.add(body["answer"]["passage_id"])
            out.append(seen)
            i += 1


def test_answers_stay_consistent_while_generations_change(
    settings: Settings, server: tuple[str, Engine]
) -> None:
    base, _engine = server
    first = published_generation(settings.index_dir)
    assert first is not None
    ids = {first: chunk_ids(settings, first)}
    workers = 3
    results: list[list[Seen]] = [[] for _ in range(workers)]
    stop = threading.Event()
    deadline = time.monotonic() + 60
    threads = [
        threading.Thread(target=ask_loop, args=(base, w, results[w], stop, deadline), daemon=True)
        for w in range(workers)
    ]
    for t in threads:
        t.start()

    def answered() -> list[Seen]:
        return [s for r in results for s in r]

    def wait_for(predicate: Any, what: str) -> None:
        while not predicate():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            assert all(t.is_alive() for t in threads) or stop.is_set(), "a client stopped"
            time.sleep(0.01)

    try:
        wait_for(lambda: len(answered()) >= 40, "40 answers on the first generation")
        # edit a paragraph and add a document while questions keep coming
        alpha = settings.corpus_dir / "alpha.txt"
        old = "La phrase 3 du paragraphe sur cardiologie1b décrit une pratique de soin numéro 3."
        new = "La phrase 3 du paragraphe sur cardiologie1b parle du zorglub en téléexpertise."
        alpha.write_text(alpha.read_text("utf-8").replace(old, new), encoding="utf-8")
        (settings.corpus_dir / "gamma.txt").write_text(document("dermatologie"), "utf-8")

        with httpx.Client(base_url=base, timeout=10) as admin:
            started = admin.post("/admin/reindex", headers=AUTH)
            assert started.status_code == 202, started.text
            url = started.json()["status_url"]
            while (task := admin.get(url, headers=AUTH).json())["state"] == "running":
                assert time.monotonic() < deadline, "rebuild never finished"
                time.sleep(0.02)
        assert task["state"] == "done", task
        second = task["generation"]
        ids[second] = chunk_ids(settings, second)
        wait_for(
            lambda: sum(s.generation == second for s in answered()) >= 30,
            "30 answers on the second generation",
        )

        # a build from "outside" (as `santeqa index` would do), noticed through CURRENT
        (settings.corpus_dir / "beta.txt").unlink()
        third = build(settings, FakeEmbedder()).generation
        ids[third] = chunk_ids(settings, third)
        wait_for(
            lambda: len(answered()) >= 200 and sum(s.generation == third for s in answered()) >= 30,
            "200 answers, 30 of them on the third generation",
        )
    finally:
        stop.set()
        for t in threads:
            t.join(15)

    seen = answered()
    assert len(seen) >= 200
    assert [s for s in seen if s.status != 200] == []
    for s in seen:
        assert s.generation in ids, s.generation
        assert s.ids, "an answer without passages"
        assert s.ids <= ids[str(s.generation)], (s.generation, s.ids - ids[str(s.generation)])
    assert {s.generation for s in seen} == {first, second, third}
    # each client moves forward only: once it has seen a generation, never an older one
    order = [first, second, third]
    for r in results:
        ranks = [order.index(str(s.generation)) for s in r]
        assert ranks == sorted(ranks)
    # the removed document is gone from the last generation
    path = settings.index_dir / third / "chunks.jsonl"
    documents = {json.loads(line)["document"] for line in path.read_text("utf-8").splitlines()}
    assert documents == {"alpha.txt", "gamma.txt"}
    assert generations(settings.index_dir) == [second, third]


# --- (b) SIGKILL in the middle of a build -------------------------------------------------------

INDEXER = r"""
import sys, time
from pathlib import Path

import faiss

import santeqa.index.build as building
from santeqa.embed import FakeEmbedder, Vectors
from santeqa.settings import Settings

corpus, index_dir, lexicon, phase, marker = sys.argv[1:]


def hang(what):
    # written whole, then renamed: the test, polling for the marker, never reads it empty
    Path(marker + ".tmp").write_text(what)
    Path(marker + ".tmp").rename(marker)
    time.sleep(120)
    raise SystemExit("never killed")


class SlowEmbedder(FakeEmbedder):
    def embed_passages(self, texts, *, progress=False):
        vectors = super().embed_passages(texts, progress=progress)
        if phase == "embedding":
            hang("embedding")
        return vectors


if phase == "writing":  # dense.faiss written; lexical/ and manifest.json not yet
    real_write = faiss.write_index

    def slow_write(ix, path):
        real_write(ix, path)
        hang("writing")

    faiss.write_index = slow_write
if phase == "renamed":  # the generation folder is complete but CURRENT not replaced
    building.publish = lambda index_dir, name: hang("renamed")

settings = Settings(corpus_dir=Path(corpus), index_dir=Path(index_dir), lexicon=Path(lexicon))
building.build(settings, SlowEmbedder())
raise SystemExit("build finished without being killed")
"""


def run_and_kill(settings: Settings, phase: str, tmp_path: Path) -> None:
    marker = tmp_path / f"marker-{phase}"
    args = [settings.corpus_dir, settings.index_dir, settings.lexicon, phase, marker]
    proc = subprocess.Popen(
        [sys.executable, "-c", INDEXER, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            if proc.poll() is not None:
                _, err = proc.communicate()
                pytest.fail(f"indexer exited early ({proc.returncode}): {err.decode()[-2000:]}")
            assert time.monotonic() < deadline, "indexer never reached " + phase
            time.sleep(0.02)
        assert marker.read_text() == phase
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        proc.communicate()


@pytest.mark.parametrize("phase", ["embedding", "writing", "renamed"])
def test_sigkilled_build_leaves_the_previous_generation(
    settings: Settings, tmp_path: Path, phase: str
) -> None:
    embedder = FakeEmbedder()
    running = Engine(settings, embedder=embedder)
    first = running.build().generation
    assert running.ask("cardiologie0a").index.generation == first
    (settings.corpus_dir / "gamma.txt").write_text(document("dermatologie"), "utf-8")

    run_and_kill(settings, phase, tmp_path)

    # nothing half-written is published
    assert published_generation(settings.index_dir) == first
    leftovers = list(settings.index_dir.glob(".tmp-gen-*"))
    unpublished = [g for g in generations(settings.index_dir) if g != first]
    if phase == "embedding":
        assert leftovers == [] and unpublished == []
    elif phase == "writing":
        assert len(leftovers) == 1 and unpublished == []
        assert (leftovers[0] / "dense.faiss").exists()
        assert not (leftovers[0] / "manifest.json").exists()
    else:
        assert leftovers == [] and len(unpublished) == 1

    # the running engine and a fresh one both serve the previous generation
    for _ in range(3):
        assert running.ask("dermatologie0a pratique").index.generation == first
        time.sleep(0.05)
    assert running.fallback_reason() is None
    fresh = Engine(settings, embedder=embedder)
    result = fresh.ask("dermatologie0a pratique")
    assert result.index.generation == first
    assert all(h.chunk.document != "gamma.txt" for h in result.hits)
    assert fresh.fallback_reason() is None

    # the next build takes the lock the dead process held, and clears its leftovers
    report = build(settings, FakeEmbedder())
    assert report.added == ("gamma.txt",)
    assert published_generation(settings.index_dir) == report.generation
    assert list(settings.index_dir.glob(".tmp-gen-*")) == []
    assert generations(settings.index_dir) == [first, report.generation]
    deadline = time.monotonic() + 10
    while running.info().generation != report.generation:
        assert time.monotonic() < deadline, "the running engine never picked up the new build"
        time.sleep(0.02)
    hit = running.ask("dermatologie0a pratique de soin").hits[0]
    assert hit.chunk.document == "gamma.txt"
