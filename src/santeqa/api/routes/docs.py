"""``/docs``: Swagger UI over ``/openapi.json``, from the copy shipped in the fastapi-offline
package (FastAPI's default page loads it from a CDN), started by ``web/static/docs.js`` (no
inline script). The page also lists the routes in plain HTML, for readers without script."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates


def swagger_assets() -> Path:
    """The folder of ``swagger-ui-bundle.js`` and ``swagger-ui.css``, mounted at
    ``/docs/assets``."""
    return Path(str(resources.files("fastapi_offline") / "static"))


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
