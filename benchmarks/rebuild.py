"""Benchmark: index build times with the real model, on a copy of the real report.

Run with `.venv/bin/python benchmarks/rebuild.py` (HF_HUB_OFFLINE=1 is set here). In a
temporary folder it copies the report, then measures and prints:

* a full build into an empty index folder,
* a rebuild with nothing changed (every vector comes from the embedding cache),
* a rebuild after one paragraph of the copy was edited (only what contains it is embedded).

The model is loaded once beforehand (its load time is printed apart). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "corpus" / "innovations-sante-numerique-normandie.txt"
MODEL = ROOT / "models" / "multilingual-e5-small"


# One sentence of the teleconsultation paragraph (page 14), reworded.
EDIT = ("a pris son envol pendant la crise", "a connu un essor rapide pendant la crise")


def edit_one_paragraph(path: Path) -> str:
    """Reword one sentence of one body paragraph of the copy; returns what was replaced."""
    text = path.read_text(encoding="utf-8")
    old, new = EDIT
    if text.count(old) == 1:
        path.write_text(text.replace(old, new), encoding="utf-8")
        return old
    # another report: change one word of a body line a third of the way in
    lines = text.split("\n")
    for i in range(len(lines) // 3, len(lines)):
        line = lines[i]
        if len(line.split()) >= 10 and " des " in line and not re.search(r"https?://", line):
            lines[i] = line.replace(" des ", " de nombreux ", 1)
            path.write_text("\n".join(lines), encoding="utf-8")
            return line
    raise SystemExit("no paragraph line found to edit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(MODEL), help="model folder (default: %(default)s)")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args()

    from santeqa.embed import embedder_from_settings
    from santeqa.index.build import build
    from santeqa.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="santeqa-rebuild-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        copy = corpus / args.report.name
        shutil.copyfile(args.report, copy)
        settings = Settings(corpus_dir=corpus, index_dir=work / "index", model=args.model)

        t0 = time.perf_counter()
        embedder = embedder_from_settings(settings)
        embedder.embed_passages(["échauffement"])  # first call pays one-off set-up costs
        load = time.perf_counter() - t0

        print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
        print(f"model {args.model} (dimension {embedder.dimension}), loaded in {load:.1f} s")
        print(f"report copy {copy.name}: {copy.stat().st_size} bytes")
        print()

        rows: list[tuple[str, float, int, int]] = []

        def run(label: str) -> None:
            steps: list[tuple[str, float]] = []
            t = time.perf_counter()
            report = build(
                settings, embedder, on_step=lambda m: steps.append((m, time.perf_counter()))
            )
            end = time.perf_counter()
            rows.append((label, end - t, report.embedded, report.reused))
            print(f"--- {label}")
            print(report.summary())
            marks = [*steps, ("end", end)]
            for (step, at), (_next, until) in itertools.pairwise(marks):
                print(f"  {until - at:6.2f} s  {step.strip()}")
            print()

        run("full build (empty index)")
        run("no-change rebuild")
        before = edit_one_paragraph(copy)
        print(f"edited: « {before[:90]} »")
        run("one-paragraph rebuild")

        print(f"{'':28} {'seconds':>8} {'embedded':>9} {'reused':>7}")
        for label, seconds, embedded, reused in rows:
            print(f"{label:28} {seconds:8.2f} {embedded:9d} {reused:7d}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
