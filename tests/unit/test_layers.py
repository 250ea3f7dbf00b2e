"""The layers import only downward, and only the top layers import web or CLI frameworks.

A question walks one way: api -> service -> qa -> index -> ... ; nothing below reaches back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import santeqa

PACKAGE = Path(santeqa.__file__).parent

# Lower rank = lower layer. A module may import santeqa modules of a strictly lower rank (or
# its own top-level package). Several names on one rank do not import each other.
RANKS: dict[str, int] = {
    "settings": 0,
    "errors": 0,
    "records": 0,
    "cache": 0,
    "memory": 0,  # the process's heap and mapped files (stdlib only)
    "text": 1,
    "translate": 1,  # English questions into French by Apertium (a subprocess; cache only)
    "ingest": 2,
    "tunables": 3,
    "chunk": 4,
    "codec": 4,
    "encoder": 4,  # runs exported graphs for embed (no torch)
    "embed": 5,
    "lexical": 5,
    "modelpack": 6,  # exports the backends embed loads
    "batching": 6,
    "index": 6,
    "qa": 7,
    "evaluate": 6,  # gold files and the matching rule: read by qa.train to fit the answer model
    "store": 8,
    "service": 9,
    "api": 10,
    "cli": 11,
    "__main__": 12,
}
FRAMEWORKS = frozenset({"fastapi", "starlette", "jinja2", "typer", "uvicorn"})
FRAMEWORK_LAYERS = frozenset({"api", "cli"})


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def _layer(path: Path) -> str:
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_rank() -> None:
    missing = {_layer(p) for p in _modules()} - set(RANKS) - {"__init__"}
    assert not missing, f"give these modules a rank in RANKS: {sorted(missing)}"


def test_layers_import_only_downward() -> None:
    upward = []
    for path in _modules():
        layer = _layer(path)
        if layer == "__init__":
            continue
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "santeqa" or len(parts) < 2 or parts[1] == layer:
                continue
            if RANKS[parts[1]] >= RANKS[layer]:
                upward.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not upward, "\n".join(upward)


def test_only_api_and_cli_import_web_or_cli_frameworks() -> None:
    found = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules()
        if _layer(path) not in FRAMEWORK_LAYERS
        for name in _imports(path)
        if name.split(".")[0] in FRAMEWORKS
    ]
    assert not found, "\n".join(found)


def test_the_rule_catches_an_upward_import(tmp_path: Path) -> None:
    # the checker itself: an import from a lower layer to a higher one is reported
    probe = tmp_path / "probe.py"
    probe.write_text("from santeqa.service import Engine\nimport fastapi\n", encoding="utf-8")
    assert _imports(probe) == ["santeqa.service", "fastapi"]
    assert RANKS["service"] >= RANKS["qa"]
