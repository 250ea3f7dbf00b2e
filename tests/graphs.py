"""Helpers for tests of santeqa.encoder: writing a small ONNX graph beside its OpenVINO
conversion, and recording the input shapes an encoder's graph is run with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from santeqa.encoder import GraphEncoder


def save_graph(folder: Path, graph: Any) -> None:
    """``graph`` (an ``onnx`` GraphProto) as the folder's ``onnx/model.onnx`` and its OpenVINO
    IR ``openvino/openvino_model.xml``, where santeqa.encoder looks for them."""
    import onnx
    import openvino
    from onnx import helper

    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    (folder / "onnx").mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(folder / "onnx" / "model.onnx"))
    (folder / "openvino").mkdir(exist_ok=True)
    converted = openvino.convert_model(str(folder / "onnx" / "model.onnx"))
    openvino.save_model(converted, str(folder / "openvino" / "openvino_model.xml"))


def record_shapes(encoder: GraphEncoder) -> set[tuple[int, ...]]:
    """The set that collects, from now on, the shape of every id array ``encoder`` runs."""
    shapes: set[tuple[int, ...]] = set()
    run = encoder._run

    def recording(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        shapes.add(ids.shape)
        return run(ids, mask)

    encoder._run = recording  # type: ignore[method-assign]
    return shapes
