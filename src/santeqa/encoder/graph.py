"""The exported graph of a sentence-transformers folder, run without sentence-transformers.

A folder whose pipeline is a Transformer, a mean or CLS Pooling and optionally a Normalize
(``modules.json``) needs nothing of sentence-transformers, transformers or torch at serving time:
the tokenizer (``tokenizer.py``), the graph in ONNX Runtime or OpenVINO, then the pooling over the
attention mask and an L2 normalisation in numpy. That keeps a server at a few hundred MB and
starts it in seconds, where importing torch alone takes longer than answering hundreds of
questions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from santeqa.encoder.tokenizer import Ids, TextTokenizer, load_tokenizer
from santeqa.errors import ModelError

Vectors = npt.NDArray[np.float32]

#: where `santeqa model install` writes each exported graph, inside the model folder (the
#: sub-folders and file names sentence-transformers itself looks for)
GRAPH_FILES: Final = {"onnx": "onnx/model.onnx", "openvino": "openvino/openvino_model.xml"}
_POOLINGS: Final = ("pooling_mode_mean_tokens", "pooling_mode_cls_token")
_TRANSFORMER: Final = "sentence_transformers.models.Transformer"
_POOLING: Final = "sentence_transformers.models.Pooling"
_NORMALIZE: Final = "sentence_transformers.models.Normalize"


class GraphRunner(Protocol):
    def __call__(self, ids: Ids, mask: Ids) -> npt.NDArray[np.floating[Any]]:
        """The token vectors (batch, tokens, dimension) of a padded batch."""
        ...


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {path}: {exc}") from exc


def _read_object(path: Path) -> dict[str, Any]:
    data = _read_json(path) if path.is_file() else {}
    return data if isinstance(data, dict) else {}


def pooling_of(folder: Path) -> str | None:
    """``"mean"`` or ``"cls"`` when the folder's pipeline is Transformer, Pooling (one of those
    modes) and optionally Normalize; None for anything else (run it with sentence-transformers)."""
    modules_file = folder / "modules.json"
    if not modules_file.is_file() or not (folder / "tokenizer.json").is_file():
        return None
    modules = _read_json(modules_file)
    if not isinstance(modules, list) or not all(isinstance(m, dict) for m in modules):
        return None
    kinds = [m.get("type") for m in modules]
    if kinds not in ([_TRANSFORMER, _POOLING], [_TRANSFORMER, _POOLING, _NORMALIZE]):
        return None
    if modules[0].get("path") not in ("", None):
        return None
    config = _read_object(folder / str(modules[1].get("path")) / "config.json")
    chosen = [mode for mode, on in config.items() if mode.startswith("pooling_mode_") and on]
    if len(chosen) != 1 or chosen[0] not in _POOLINGS:
        return None
    return "mean" if chosen[0] == "pooling_mode_mean_tokens" else "cls"


def max_length_of(folder: Path) -> int:
    """sentence-transformers' ``max_seq_length``, capped by the model's positions (XLM-RoBERTa
    numbers positions after the padding index, hence the 2 it keeps aside)."""
    declared = _read_object(folder / "sentence_bert_config.json").get("max_seq_length") or 512
    config = _read_object(folder / "config.json")
    positions = int(config.get("max_position_embeddings") or declared + 2)
    offset = 2 if config.get("model_type") in ("xlm-roberta", "roberta", "camembert") else 0
    return min(int(declared), positions - offset)


def onnx_runner(path: Path, threads: int) -> GraphRunner:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads  # 0: ONNX Runtime's default (one per core)
    # ONNX Runtime's threads spin while waiting for work by default: on two shared cores that
    # takes the CPU from the request threads and from other processes (measured here under
    # load: one question 34 ms spinning, 16 ms not)
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]

    def run(ids: Ids, mask: Ids) -> npt.NDArray[np.floating[Any]]:
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros_like(ids)
        return np.asarray(session.run(None, {n: feed[n] for n in names})[0])

    return run


def openvino_runner(path: Path, threads: int) -> GraphRunner:
    import openvino

    config = {"PERFORMANCE_HINT": "LATENCY"}
    if threads:
        config["INFERENCE_NUM_THREADS"] = str(threads)
    compiled = openvino.Core().compile_model(str(path), "CPU", config)
    request = compiled.create_infer_request()
    names = [port.get_any_name() for port in compiled.inputs]

    def run(ids: Ids, mask: Ids) -> npt.NDArray[np.floating[Any]]:
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros_like(ids)
        request.infer({n: feed[n] for n in names})
        return np.array(request.get_output_tensor(0).data)  # a copy: the buffer is reused

    return run


class GraphEncoder:
    """Texts -> L2-normalised vectors, through the folder's tokenizer and exported graph.

    Not safe for concurrent calls (OpenVINO's infer request refuses a second one): callers
    serialise.
    """

    def __init__(self, folder: Path, backend: str, *, threads: int = 0) -> None:
        pooling = pooling_of(folder)
        if pooling is None:
            raise ModelError(
                f"{folder} is not a Transformer + Pooling sentence-transformers folder"
            )
        graph = folder / GRAPH_FILES[backend]
        if not graph.is_file():
            raise ModelError(
                f"{graph} is missing: run `santeqa model install` (it exports the {backend} "
                "model) or set SANTEQA_BACKEND=torch"
            )
        self.pooling = pooling
        self.tokenizer: TextTokenizer = load_tokenizer(folder, max_length_of(folder))
        try:
            runner = onnx_runner if backend == "onnx" else openvino_runner
            self._run = runner(graph, threads)
        except Exception as exc:  # the runtimes raise many kinds
            raise ModelError(f"cannot load {graph}: {exc}") from exc

    def encode(self, texts: Sequence[str]) -> Vectors:
        ids, mask = self.tokenizer.encode(texts)
        tokens = self._run(ids, mask).astype(np.float32, copy=False)
        if self.pooling == "cls":
            pooled = tokens[:, 0]
        else:
            weights = mask[:, :, None].astype(np.float32)
            pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return np.ascontiguousarray(pooled / norms, dtype=np.float32)
