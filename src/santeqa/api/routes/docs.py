"""``/docs``: a plain page built from the OpenAPI schema, served without any external
resource (FastAPI's default Swagger page loads from a CDN)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of an OpenAPI schema, flattened for the docs page."""
    routes: list[dict[str, Any]] = []
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            examples: list[str] = []
            content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            for example in content.get("examples", {}).values():
                examples.append(json.dumps(example.get("value"), ensure_ascii=False, indent=2))
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p.get("name", ""),
                            "where": p.get("in", ""),
                            "required": bool(p.get("required")),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "examples": examples,
                    "responses": sorted(op.get("responses", {}).keys()),
                }
            )
    return routes


async def docs(request: Request) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "docs.html", {"routes": operations(request.app.openapi())}
    )
