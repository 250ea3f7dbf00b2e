"""OpenVINO compiled for one fixed input shape against the dynamic graph the encoder uses.

Run: `python benchmarks/openvino_static.py [--lengths 16 32 48] [--calls 300]` (the model
folder of `santeqa model install`). For each length, the dynamic graph and a graph reshaped
to ``[1, length]`` are called alternately on the same random ids; prints their median
latency and the largest difference of their outputs. Then compiles one static graph per
length in turn and prints the resident memory after each (each holds its own weights).
Figures and the decision: docs/speed-log.md, « OpenVINO with static shapes ».
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import openvino

GRAPH = Path("models/multilingual-e5-small/openvino/openvino_model.xml")
CONFIG = {"PERFORMANCE_HINT": "LATENCY"}


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 1e6


def static_model(core: openvino.Core, length: int) -> openvino.CompiledModel:
    model = core.read_model(str(GRAPH))
    model.reshape({p.get_any_name(): openvino.PartialShape([1, length]) for p in model.inputs})
    return core.compile_model(model, "CPU", CONFIG)


def compare(core: openvino.Core, length: int, calls: int) -> None:
    dynamic = core.compile_model(str(GRAPH), "CPU", CONFIG)
    requests = [dynamic.create_infer_request(), static_model(core, length).create_infer_request()]
    names = [p.get_any_name() for p in dynamic.inputs]
    ids = np.random.default_rng(0).integers(5, 1000, size=(1, length)).astype(np.int64)
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
    feed["token_type_ids"] = np.zeros_like(ids)
    feed = {n: feed[n] for n in names}
    times: list[list[float]] = [[], []]
    for _ in range(20):
        for r in requests:
            r.infer(feed)
    for _ in range(calls):
        for r, out in zip(requests, times, strict=True):
            start = time.perf_counter()
            r.infer(feed)
            out.append((time.perf_counter() - start) * 1000)
    outputs = []
    for r in requests:
        r.infer(feed)
        outputs.append(np.array(r.get_output_tensor(0).data))
    print(
        f"{length:4d} ids: dynamic p50 {statistics.median(times[0]):.2f} ms, static p50 "
        f"{statistics.median(times[1]):.2f} ms, largest output difference "
        f"{float(np.abs(outputs[0] - outputs[1]).max()):.2e}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lengths", type=int, nargs="*", default=[16, 32, 48])
    ap.add_argument("--calls", type=int, default=300)
    args = ap.parse_args()
    core = openvino.Core()
    for length in args.lengths:
        compare(core, length, args.calls)
    print(f"resident memory before compiling static graphs: {rss_mb():.0f} MB")
    kept = []
    for length in args.lengths:
        kept.append(static_model(core, length))
        print(f"  after a static graph for {length} ids: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
