from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "corpus" / "innovations-sante-numerique-normandie.txt"
GOLD = ROOT.parent / "shared" / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
