"""The `/ask` responses to the gold questions, for checking that a speed change is exact.

    python benchmarks/ask_snapshot.py /tmp/before.jsonl     # on the old build
    python benchmarks/ask_snapshot.py /tmp/after.jsonl      # on the new one
    cmp /tmp/before.jsonl /tmp/after.jsonl

The web application is called in process (no server), over the index of SANTEQA_INDEX_DIR,
one `POST /ask` per gold question (dev + train, as asked: no running number), answer cache
off so that every response is computed. Each response body is written as it came, one line
per question, with only what differs from run to run blanked: the engine's `took_ms` and
the answer's `id`. The rest of the bytes (field order, floats, escaping) must be identical.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
from pathlib import Path

import speed
from profile_ask import _call_app

# the two values that differ from run to run, blanked in the raw bytes (not re-serialised)
_VOLATILE = re.compile(rb'"(took_ms|id)":("[0-9a-f]{32}"|[0-9.e+-]+)')


def snapshot(out: Path, gold: list[Path]) -> int:
    from santeqa.api import create_app
    from santeqa.service import Engine
    from santeqa.settings import Settings
    from santeqa.store import QuestionStore

    settings = Settings(rate_limit_per_minute=0, answer_cache_size=0)
    engine = Engine.from_settings(settings)
    questions = speed.gold_questions(gold)
    with tempfile.TemporaryDirectory() as tmp:
        store = QuestionStore(Path(tmp) / "q.sqlite3")
        app = create_app(settings, engine, store=store)

        async def run() -> list[bytes]:
            async with app.router.lifespan_context(app):
                bodies = []
                for question in questions:
                    body = json.dumps({"question": question, "top_k": 5}).encode()
                    raw = await _call_app(app, "POST", "/ask", body)
                    bodies.append(_VOLATILE.sub(rb'"\1":null', raw))
                return bodies

        bodies = asyncio.run(run())
    out.write_bytes(b"\n".join(bodies) + b"\n")
    return len(bodies)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--gold", type=Path, nargs="*", default=list(speed.GOLD_FILES))
    args = ap.parse_args()
    print(f"{snapshot(args.out, args.gold)} responses written to {args.out}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
