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
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from santeqa.encoder.tokenizer import Ids, TextTokenizer, load_tokenizer
from santeqa.errors import ModelError
from santeqa.memory import drop_file_pages

Vectors = npt.NDArray[np.float32]

#: where `santeqa model install` writes each exported graph, inside the model folder (the
#: sub-folders and file names sentence-transformers itself looks for)
GRAPH_FILES: Final = {"onnx": "onnx/model.onnx", "openvino": "openvino/openvino_model.xml"}
_POOLINGS: Final = ("pooling_mode_mean_tokens", "pooling_mode_cls_token")
_TRANSFORMER: Final = "sentence_transformers.models.Transformer"
_POOLING: Final = "sentence_transformers.models.Pooling"
_NORMALIZE: Final = "sentence_transformers.models.Normalize"
#: with shape buckets, a batch is padded to the first of these lengths (ids) and row counts
#: that holds it; more rows than the last are run in several calls. Steps of 8 ids where
#: questions fall (a padded id costs about as much as a real one), and about a third of the
#: rows at most in padding.
LENGTH_BUCKETS: Final = (8, 16, 24, 32, 40, 48, 64, 96, 128, 192, 256, 384, 512)
ROW_BUCKETS: Final = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)


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


@lru_cache(maxsize=1)
def _openvino_core() -> Any:
    """One OpenVINO Core for the process, never freed: it holds the CPU plugin's library, so
    that an encoder's compiled model and infer request, freed in whatever order the collector
    picks, never run their destructors after the library that holds their code was unloaded
    (a Core made for each model and dropped at once left that to chance: a test run crashed
    once, with a segmentation fault, just as two encoders were freed)."""
    import openvino

    return openvino.Core()


def openvino_runner(path: Path, threads: int) -> GraphRunner:
    config = {"PERFORMANCE_HINT": "LATENCY"}
    if threads:
        config["INFERENCE_NUM_THREADS"] = str(threads)
    compiled = _openvino_core().compile_model(str(path), "CPU", config)
    request = compiled.create_infer_request()
    names = [port.get_any_name() for port in compiled.inputs]

    def run(ids: Ids, mask: Ids) -> npt.NDArray[np.floating[Any]]:
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros_like(ids)
        request.infer({n: feed[n] for n in names})
        return np.array(request.get_output_tensor(0).data)  # a copy: the buffer is reused

    return run


def bucket_of(size: int, buckets: Sequence[int]) -> int:
    """The first bucket that holds ``size``; beyond the last, the next multiple of it."""
    for bucket in buckets:
        if size <= bucket:
            return bucket
    return -(-size // buckets[-1]) * buckets[-1]


def pad_to_buckets(ids: Ids, mask: Ids, pad_id: int) -> tuple[Ids, Ids]:
    """``ids`` and ``mask`` padded to a bucketed shape: extra columns are the pad id with mask 0
    (the real tokens attend to none of them, and pooling skips them), extra rows copy the first
    row (a valid input whose output is dropped; a row with no token unmasked could give NaN)."""
    rows, width = ids.shape
    to_rows = bucket_of(rows, ROW_BUCKETS)
    # a model with more positions than the last bucket: longer texts stay as they are (a
    # multiple of the bucket could pass the model's positions)
    to_width = bucket_of(width, LENGTH_BUCKETS) if width <= LENGTH_BUCKETS[-1] else width
    if (to_rows, to_width) == (rows, width):
        return ids, mask
    padded_ids = np.full((to_rows, to_width), pad_id, dtype=ids.dtype)
    padded_mask = np.zeros((to_rows, to_width), dtype=mask.dtype)
    padded_ids[:rows, :width], padded_mask[:rows, :width] = ids, mask
    padded_ids[rows:, :width], padded_mask[rows:, :width] = ids[0], mask[0]
    return padded_ids, padded_mask


class GraphEncoder:
    """Texts -> L2-normalised vectors, through the folder's tokenizer and exported graph.

    With ``bucket_shapes`` (OpenVINO's default) every call has one of a few shapes: OpenVINO's
    CPU plugin keeps compiled kernels and buffers for each input shape it meets, so a server
    fed questions of every length and batch size grew without bound (813 -> 958 MB over 2,000
    requests, still growing); with buckets the set of shapes, hence the memory, is bounded.

    Not safe for concurrent calls (OpenVINO's infer request refuses a second one): callers
    serialise.
    """

    def __init__(
        self, folder: Path, backend: str, *, threads: int = 0, bucket_shapes: bool | None = None
    ) -> None:
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
        self.bucket_shapes = backend == "openvino" if bucket_shapes is None else bucket_shapes
        self.tokenizer: TextTokenizer = load_tokenizer(folder, max_length_of(folder))
        try:
            runner = onnx_runner if backend == "onnx" else openvino_runner
            self._run = runner(graph, threads)
        except Exception as exc:  # the runtimes raise many kinds
            raise ModelError(f"cannot load {graph}: {exc}") from exc
        if backend == "openvino":
            # OpenVINO maps the weights file: compiling and the first inference read all of it,
            # later inferences a part (the layers and the rows of the tokens asked); the rest
            # stops counting in the RSS (448 -> about 60 MB, santeqa.memory)
            self.encode([""])
            drop_file_pages(graph.with_suffix(".bin"))

    def encode(self, texts: Sequence[str]) -> Vectors:
        step = ROW_BUCKETS[-1] if self.bucket_shapes else max(len(texts), 1)
        if len(texts) > step:
            parts = [self.encode(texts[i : i + step]) for i in range(0, len(texts), step)]
            return np.concatenate(parts)
        ids, mask = self.tokenizer.encode(texts)
        if self.bucket_shapes and len(texts):
            rows, width = ids.shape
            padded = pad_to_buckets(ids, mask, self.tokenizer.pad_id)
            tokens = self._run(*padded)[:rows, :width].astype(np.float32, copy=False)
        else:
            tokens = self._run(ids, mask).astype(np.float32, copy=False)
        if self.pooling == "cls":
            pooled = tokens[:, 0]
        else:
            weights = mask[:, :, None].astype(np.float32)
            pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return np.ascontiguousarray(pooled / norms, dtype=np.float32)
