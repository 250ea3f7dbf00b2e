"""The HTTP layer (FastAPI): ``create_app(settings, engine)`` in :mod:`santeqa.api.app`.

Re-exported here: ``santeqa.api:app_from_env`` is the uvicorn factory named by
``santeqa serve --workers N``, and the cli prints :func:`ask_response`'s model."""

from santeqa.api.app import app_from_env, create_app
from santeqa.api.schemas import ask_response

__all__ = ["app_from_env", "ask_response", "create_app"]
