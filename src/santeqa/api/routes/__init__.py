"""The route table: every path, its methods and its view, in one flat list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from santeqa.api.routes import admin, ask, docs, feedback, health, insights, pages


@dataclass(frozen=True)
class Route:
    path: str
    methods: tuple[str, ...]
    view: Callable[..., Any]
    options: dict[str, Any] = field(default_factory=dict)


_HIDDEN_HTML: dict[str, Any] = {"response_class": HTMLResponse, "include_in_schema": False}

ROUTES: tuple[Route, ...] = (
    Route("/ask", ("POST",), ask.ask_post, ask.POST_OPTIONS),
    Route("/ask", ("GET",), ask.ask_get, ask.GET_OPTIONS),
    Route("/feedback", ("POST",), feedback.feedback, feedback.OPTIONS),
    Route("/health", ("GET",), health.health, health.OPTIONS),
    Route(
        "/health", ("HEAD",), health.health, {"include_in_schema": False, "response_model": None}
    ),
    Route("/", ("GET", "HEAD"), pages.chat, _HIDDEN_HTML),
    Route("/pages/{n}", ("GET",), pages.page_view, pages.PAGE_OPTIONS),
    Route("/docs", ("GET",), docs.docs, _HIDDEN_HTML),
)

# Mounted only when an admin token is set: without one these paths do not exist (404).
ADMIN_ROUTES: tuple[Route, ...] = (
    Route("/admin/reindex", ("POST",), admin.reindex, admin.REINDEX_OPTIONS),
    Route("/admin/reindex/{task_id}", ("GET",), admin.reindex_status, admin.STATUS_OPTIONS),
    Route("/admin/insights.json", ("GET",), insights.insights_json, insights.JSON_OPTIONS),
    Route("/admin/insights.csv", ("GET",), insights.insights_csv, insights.CSV_OPTIONS),
    Route("/admin/insights", ("GET",), insights.insights_page, _HIDDEN_HTML),
    Route("/admin/login", ("POST",), insights.login, insights.HIDDEN),
    Route("/admin/logout", ("POST",), insights.logout, insights.HIDDEN),
)


def add_routes(app: FastAPI, *, with_admin: bool) -> None:
    for route in ROUTES + (ADMIN_ROUTES if with_admin else ()):
        app.add_api_route(route.path, route.view, methods=list(route.methods), **route.options)
