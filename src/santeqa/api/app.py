"""``create_app(settings, service)``: the web application around the question-answering
service. Nothing here reads the environment except :func:`app_from_env`, the factory of
``santeqa serve --workers N``."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import jinja2
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from santeqa.api.concurrency import InFlightLimit
from santeqa.api.errors import install_error_handler
from santeqa.api.highlight import safe_url
from santeqa.api.middleware.body_limit import BodyLimit
from santeqa.api.middleware.rate_limit import RateLimit, RateLimiter
from santeqa.api.middleware.security_headers import SecurityHeaders
from santeqa.api.middleware.unexpected import CatchUnexpected
from santeqa.api.routes import add_routes
from santeqa.api.routes.ask import declare_question_length
from santeqa.api.routes.docs import swagger_assets
from santeqa.api.service import AskService
from santeqa.api.state import ApiState
from santeqa.errors import ConfigError, SanteqaError
from santeqa.memory import release_free_memory
from santeqa.settings import TOP_K_MAX, Settings
from santeqa.store import QuestionStore, StoreUnavailable

log = logging.getLogger(__name__)


def default_web_dir() -> Path:
    """The repository's ``web/`` folder: next to ``src/`` when installed in place (``-e``),
    else ``./web`` in the current directory."""
    beside_src = Path(__file__).resolve().parents[3] / "web"
    for candidate in (beside_src, Path.cwd() / "web"):
        if (candidate / "templates").is_dir() and (candidate / "static").is_dir():
            return candidate
    raise ConfigError(
        f"web folder not found (looked in {beside_src} and {Path.cwd() / 'web'}): "
        "run from the repository or pass web_dir"
    )


def _templates(web: Path) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(web / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["safe_url"] = safe_url
    return Jinja2Templates(env=env)


def _rate_limiter(settings: Settings, clock: Callable[[], float]) -> RateLimiter | None:
    if settings.rate_limit_per_minute <= 0:
        return None
    return RateLimiter(
        settings.rate_limit_per_minute,
        settings.rate_limit_burst,
        max_clients=settings.rate_limit_clients,
        clock=clock,
    )


def create_app(
    settings: Settings,
    engine: AskService,
    *,
    web_dir: Path | None = None,
    max_concurrent_asks: int | None = None,
    clock: Callable[[], float] = time.monotonic,
    store: QuestionStore | None = None,
) -> FastAPI:
    """The whole web application around ``engine``.

    ``max_concurrent_asks`` overrides the setting of that name; ``clock`` (seconds) drives
    the rate limiter (tests pass a fake one); ``store`` replaces the one of ``settings.db``.
    """

    store = store if store is not None else QuestionStore.from_settings(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            await run_in_threadpool(store.open)
        except StoreUnavailable as exc:  # answer anyway; logging and votes will say why
            log.error("question database unusable: %s", exc)
        try:
            await run_in_threadpool(engine.warm)
        except SanteqaError as exc:
            log.warning("engine not ready (%s): %s", exc.kind, exc)
        except Exception:
            log.exception("engine warm-up failed")
        # what start-up loaded (model tables, index) lives as long as the process: out of
        # the cyclic collector's sight, a full collection takes microseconds instead of the
        # ~100 ms that stalled whichever question triggered it
        gc.collect()
        gc.freeze()
        # start-up's temporary buffers (the index's and the model's) are free now: their pages
        # go back to the system instead of staying in the heap's free lists
        release_free_memory()
        yield
        store.close()

    app = FastAPI(
        title="santeqa",
        summary="Questions et réponses extractives sur un rapport sur la santé numérique.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    web = web_dir if web_dir is not None else default_web_dir()
    token = settings.admin_token.get_secret_value() if settings.admin_token is not None else ""
    app.state.templates = _templates(web)
    app.state.api = ApiState(
        service=engine,
        max_question_chars=settings.max_question_chars,
        default_top_k=min(max(settings.top_k, 1), TOP_K_MAX),
        asks=InFlightLimit(
            settings.max_concurrent_asks if max_concurrent_asks is None else max_concurrent_asks
        ),
        admin_token=token.encode("utf-8"),
        store=store,
        report_title=settings.report_title,
    )
    add_routes(app, with_admin=bool(token))
    app.mount("/static", StaticFiles(directory=web / "static"), name="static")
    app.mount("/docs/assets", StaticFiles(directory=swagger_assets()), name="docs-assets")
    declare_question_length(app, settings.max_question_chars)
    install_error_handler(app)
    # Added innermost first: SecurityHeaders wraps CatchUnexpected wraps RateLimit wraps
    # BodyLimit (so a 500, a 429 and a 413 carry the security headers too).
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimit, limiter=_rate_limiter(settings, clock))
    app.add_middleware(CatchUnexpected)
    app.add_middleware(SecurityHeaders, worker_header=settings.worker_header)
    return app


def app_from_env() -> FastAPI:
    """The app for ``santeqa serve``, built from the ``SANTEQA_`` environment.

    A factory (``uvicorn santeqa.api:app_from_env --factory``): each worker process calls it
    at start-up, so each has its own engine (model, loaded generation, limits) over the same
    read-only index files; nothing is built at import time.
    """
    from santeqa.service import Engine

    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    settings = Settings()
    return create_app(settings, Engine.from_settings(settings))
