from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "corpus" / "innovations-sante-numerique-normandie.txt"
GOLD = ROOT.parent / "shared" / "eval" / "dev.jsonl"

# Every app a test builds logs its questions to a scratch file, never to the repository's var/.
_SCRATCH = tempfile.mkdtemp(prefix="santeqa-tests-")
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
os.environ.setdefault("SANTEQA_DB", os.path.join(_SCRATCH, "questions.sqlite3"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
