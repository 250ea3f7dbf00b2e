"""``santeqa serve``'s uvicorn set-up on a real socket: slow clients are dropped, a slow
answer is not, and forwarding headers move the rate limit only when a proxy is trusted."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest
import uvicorn

from santeqa.api import create_app
from santeqa.api.server import guarded_protocol, uvicorn_options
from santeqa.embed import FakeEmbedder, Vectors
from santeqa.service import Engine
from santeqa.settings import Settings
from tests.tiny import tiny_index

TIMEOUT_S = 0.6


class Delayed(FakeEmbedder):
    """Questions take ``delay`` seconds to embed (a slow answer)."""

    delay = 0.0

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        time.sleep(self.delay)
        return super().embed_queries(texts)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return tiny_index(tmp_path_factory.mktemp("server"), abstain_threshold=-100.0)


@contextlib.contextmanager
def running(settings: Settings, embedder: FakeEmbedder | None = None) -> Iterator[int]:
    """The app under uvicorn with ``uvicorn_options(settings)``, on a free port, in a thread."""
    engine = Engine(settings, embedder=embedder or FakeEmbedder())
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    options = {**uvicorn_options(settings), "http": guarded_protocol(TIMEOUT_S)}
    config = uvicorn.Config(create_app(settings, engine), log_level="warning", **options)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield sock.getsockname()[1]
    finally:
        srv.should_exit = True
        thread.join(10)
        sock.close()


def _trickle(port: int, opening: bytes, count: int, seconds: float) -> list[float | None]:
    """``count`` connections that send ``opening`` then one byte every 0.1 s for ``seconds``:
    when each was closed by the server (seconds after connecting), None if never."""
    conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    start = time.monotonic()
    closed: list[float | None] = [None] * count
    for c in conns:
        c.sendall(opening)
    while time.monotonic() - start < seconds and None in closed:
        for i, c in enumerate(conns):
            if closed[i] is not None:
                continue
            try:
                if select.select([c], [], [], 0)[0] and c.recv(4096) == b"":
                    raise ConnectionResetError
                c.send(b"a")
            except OSError:
                closed[i] = time.monotonic() - start
        time.sleep(0.1)
    for c in conns:
        c.close()
    return closed


def test_clients_trickling_headers_are_dropped(indexed: Settings) -> None:
    with running(indexed) as port:
        closed = _trickle(port, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ", 30, 5.0)
        assert None not in closed, closed
        assert all(TIMEOUT_S - 0.05 <= t <= TIMEOUT_S * 1.25 + 0.5 for t in closed if t), closed
        assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200


def test_a_trickled_body_is_dropped(indexed: Settings) -> None:
    head = b"POST /ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    with running(indexed) as port:
        closed = _trickle(port, head + b'Content-Length: 500\r\n\r\n{"question": "', 5, 5.0)
        assert None not in closed, closed
        assert all(t <= TIMEOUT_S * 1.25 + 0.5 for t in closed if t), closed


def test_a_slow_answer_and_an_idle_pause_are_not_cut(indexed: Settings) -> None:
    embedder = Delayed()
    with running(indexed, embedder) as port, httpx.Client() as client:
        url = f"http://127.0.0.1:{port}/ask"
        assert client.get(url, params={"q": "Qui dirige le projet ?"}).status_code == 200
        embedder.delay = 3 * TIMEOUT_S  # the request has arrived whole: its answer may take long
        assert client.get(url, params={"q": "Quel est le budget ?"}).status_code == 200
        embedder.delay = 0.0
        time.sleep(TIMEOUT_S / 2)
        assert client.get(url, params={"q": "Quel est le budget ?"}).status_code == 200


@pytest.mark.parametrize(("trusted", "limited"), [("", True), ("127.0.0.1", False)])
def test_forwarded_for_moves_the_rate_limit_only_from_a_trusted_proxy(
    indexed: Settings, trusted: str, limited: bool
) -> None:
    settings = indexed.model_copy(
        update={"rate_limit_burst": 3, "rate_limit_per_minute": 1, "trusted_proxies": trusted}
    )
    with running(settings) as port:
        statuses = [
            httpx.get(
                f"http://127.0.0.1:{port}/ask",
                params={"q": "Quel est le budget ?"},
                headers={"x-forwarded-for": f"203.0.113.{i}"},
            ).status_code
            for i in range(8)
        ]
    assert (429 in statuses) is limited, statuses
    assert statuses[:3] == [200, 200, 200]


def test_connections_are_capped(indexed: Settings, tmp_path: Path) -> None:
    settings = indexed.model_copy(update={"max_connections": 4})
    with running(settings) as port:
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
        try:
            assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 503
        finally:
            for c in idle:
                c.close()
        time.sleep(0.1)
        assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200


def test_serve_runs_on_uvloop_and_httptools(indexed: Settings) -> None:
    """The event loop and HTTP parser asked for by name: uvicorn's "auto" would fall back to
    asyncio's loop and h11 without saying so."""
    import uvloop
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    options = uvicorn_options(indexed)
    assert options["loop"] == "uvloop"
    app = create_app(indexed, Engine(indexed, embedder=FakeEmbedder()))
    config = uvicorn.Config(app, **options)
    factory = config.get_loop_factory()
    assert factory is not None
    loop = factory()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()
    config.load()
    assert issubclass(config.http_protocol_class, HttpToolsProtocol)
