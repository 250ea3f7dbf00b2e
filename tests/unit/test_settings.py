"""The README's settings table documents every setting, with its real default."""

from __future__ import annotations

import re
from pathlib import Path

from santeqa.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def _table() -> dict[str, str]:
    rows = re.findall(r"^\| `SANTEQA_([A-Z_]+)` \| (`[^`]*`|[^|]*?) \|", README.read_text(), re.M)
    return {name.lower(): default.strip("`") for name, default in rows}


def test_every_setting_is_documented_and_nothing_else() -> None:
    assert set(_table()) == set(Settings.model_fields)


def test_documented_defaults_match_the_code() -> None:
    table = _table()
    for name, field in Settings.model_fields.items():
        default = field.default
        if default is None:
            assert table[name] == "unset", name
        elif isinstance(default, float) and default.is_integer():
            assert float(table[name]) == default, name
        else:
            assert table[name] == str(default), name


def test_every_setting_has_a_description() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_environment_prefix(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SANTEQA_TOP_K", "7")
    assert Settings().top_k == 7
