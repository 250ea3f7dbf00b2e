"""Dynamic int8 quantisation of the ONNX graph: speed, memory and dev+train quality against fp32.

Not part of `make bench` (it rebuilds an index per model: several minutes). Writes nothing into
the model folder: the int8 graph goes to a scratch folder whose other files link to the real
ones. Prints one table; asserts nothing.

    python benchmarks/int8.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import DEFAULT_GOLD
from speed import MODEL, ROOT

GOLD = [DEFAULT_GOLD, DEFAULT_GOLD.with_name("train.jsonl")]
METRICS = ("hit@1", "hit@k", "mrr", "answer_hit", "false_abstain", "footnote_ok", "oos_abstain")
FLOOR = """
import json, statistics, sys, time
t0 = time.perf_counter()
from santeqa.embed import GraphEmbedder
model = GraphEmbedder(sys.argv[1], query_prefix="query: ", backend="onnx")
loaded = time.perf_counter() - t0
questions = [json.loads(x)["question"] for f in sys.argv[2:] for x in open(f) if x.strip()]
model.embed_queries(["échauffement"])
times = []
for q in questions:
    t = time.perf_counter()
    model.embed_queries([q])
    times.append((time.perf_counter() - t) * 1000)
t = time.perf_counter()
batches = [questions[i : i + 16] for i in range(0, len(questions) - 15, 16)]
for batch in batches:
    model.embed_queries(batch)
rate = 16 * len(batches) / (time.perf_counter() - t)
rss = [x for x in open("/proc/self/status") if x.startswith("VmRSS")][0].split()[1]
print(json.dumps({"p50": statistics.median(times), "qps16": rate, "load": loaded,
                  "rss": int(rss) / 1024}))
"""


def quantised_folder(work: Path) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder = work / MODEL.name
    folder.mkdir()
    for entry in MODEL.iterdir():
        if entry.name != "onnx":
            (folder / entry.name).symlink_to(entry)
    (folder / "onnx").mkdir()
    quantize_dynamic(MODEL / "onnx" / "model.onnx", folder / "onnx" / "model.onnx",
                     weight_type=QuantType.QInt8)  # fmt: skip
    return folder


def measure(model: Path, work: Path) -> dict[str, float]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", SANTEQA_MODEL=str(model), SANTEQA_BACKEND="onnx")
    env["SANTEQA_INDEX_DIR"] = str(work / f"index-{abs(hash(str(model)))}")
    env["SANTEQA_CORPUS_DIR"] = str(ROOT / "corpus")
    speed = subprocess.run(
        [sys.executable, "-c", FLOOR, str(model), *map(str, GOLD)],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    figures = dict(json.loads(speed.stdout.strip().splitlines()[-1]))
    santeqa = [sys.executable, "-m", "santeqa"]
    subprocess.run([*santeqa, "index"], env=env, check=True, capture_output=True)
    evaluated = subprocess.run(
        [*santeqa, "eval", *map(str, GOLD), "--json"],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    overall = json.loads(evaluated.stdout)["overall"]
    figures.update({m: 100 * float(overall[m]) for m in METRICS})
    return figures


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="santeqa-int8-"))
    try:
        rows = {"fp32": measure(MODEL, work), "int8": measure(quantised_folder(work), work)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    columns = ["p50", "qps16", "load", "rss", *METRICS]
    print("| graph | one question p50 ms | batches of 16, q/s | load s | RSS MB | "
          + " | ".join(METRICS) + " |")  # fmt: skip
    print("| --- " * (len(columns) + 1) + "|")
    for name, figures in rows.items():
        print(f"| {name} | " + " | ".join(f"{figures[c]:.1f}" for c in columns) + " |")


if __name__ == "__main__":
    main()
