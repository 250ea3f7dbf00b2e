"""What the routes share, kept on ``app.state`` by ``create_app`` (no closure, no global)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from santeqa.api.concurrency import InFlightLimit
from santeqa.api.service import AskService
from santeqa.store import QuestionStore


@dataclass(frozen=True)
class ApiState:
    service: AskService
    max_question_chars: int
    default_top_k: int
    asks: InFlightLimit
    admin_token: bytes  # empty: the admin routes are not mounted
    store: QuestionStore
    report_title: str


def api_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.api
    return state
