"""Embedders: the ``Embedder`` protocol, the model's two runners, and a fake for tests.

Vectors are float32 and L2-normalised, so inner product is cosine similarity. A model folder
runs on one of three backends: torch (the weights as they are, through sentence-transformers),
ONNX Runtime or OpenVINO (graphs that `santeqa model install` exports into the model folder;
nothing is exported at run time). An exported graph of a plain Transformer + Pooling folder is
run by ``GraphEmbedder`` (santeqa.encoder: no torch, no sentence-transformers, a third of the
memory); any other folder by sentence-transformers' own backend support.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from santeqa.encoder import GRAPH_FILES, GraphEncoder, pooling_of
from santeqa.errors import ModelError
from santeqa.settings import Settings

Vectors = npt.NDArray[np.float32]

BACKENDS: Final = ("torch", "onnx", "openvino")
#: transformers 4.57 warns that any local tokenizer whose config.json has no
#: "transformers_version" may be a Mistral one with a bad regex; saying "no fix" silences it
#: (no fix is applied either way to a non-Mistral tokenizer)
QUIET_TOKENIZER: Final = {"fix_mistral_regex": False}
#: where `santeqa model install` writes each exported backend, inside the model folder
BACKEND_FILES: Final = GRAPH_FILES


class Embedder(Protocol):
    name: str
    dimension: int

    def embed_queries(self, texts: Sequence[str]) -> Vectors: ...

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors: ...


def _normalise(vectors: npt.NDArray[np.floating]) -> Vectors:
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(v / norms, dtype=np.float32)


class FakeEmbedder:
    """Deterministic, model-free: hashed bag of lower-cased word stems (first 5 letters).

    Texts sharing words get similar vectors, which is enough for unit tests of the layers
    above. Never use it for real answers.
    """

    name = "fake-hash-embedder"

    def __init__(self, dimension: int = 64) -> None:
        self.dimension = dimension
        self.calls = 0  # how many texts were embedded (tests count re-embedding)

    def _one(self, text: str) -> npt.NDArray[np.float32]:
        v = np.zeros(self.dimension, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            h = hashlib.blake2b(word[:5].encode(), digest_size=8).digest()
            v[int.from_bytes(h[:4], "little") % self.dimension] += 1.0
        return v

    def _embed(self, texts: Sequence[str]) -> Vectors:
        self.calls += len(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return _normalise(np.stack([self._one(t) for t in texts]))

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self._embed(texts)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, with optional e5-style query/passage prefixes."""

    def __init__(
        self,
        model: str,
        *,
        query_prefix: str = "",
        passage_prefix: str = "",
        batch_size: int = 32,
        threads: int = 0,
        backend: str = "torch",
    ) -> None:
        if backend not in BACKENDS:
            raise ModelError(f"unknown backend {backend!r}: one of {', '.join(BACKENDS)}")
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        path = Path(model)
        looks_local = path.is_absolute() or model.startswith((".", "/")) or path.exists()
        if looks_local and not path.exists():
            raise ModelError(
                f"model folder {model!r} does not exist; run `santeqa model install` "
                "or set SANTEQA_MODEL"
            )
        model_kwargs = _backend_kwargs(path, backend, threads)
        try:
            self._model = SentenceTransformer(
                str(path if path.exists() else model),
                device="cpu",
                backend=backend,
                model_kwargs=model_kwargs,
                processor_kwargs=QUIET_TOKENIZER,
            )
        except Exception as exc:  # sentence-transformers raises many kinds
            raise ModelError(f"cannot load model {model!r} ({backend}): {exc}") from exc
        self.name = model
        self.backend = backend
        self._lock = threading.Lock()
        # renamed get_embedding_dimension in sentence-transformers 6 (the old name warns)
        get_dimension = getattr(self._model, "get_embedding_dimension", None)
        if get_dimension is None:
            get_dimension = self._model.get_sentence_embedding_dimension
        dim = get_dimension()
        if dim is None:
            raise ModelError(f"model {model!r} does not report its embedding dimension")
        self.dimension = int(dim)
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size

    def _encode(self, texts: Sequence[str], progress: bool) -> Vectors:
        """One model call at a time: OpenVINO's infer request refuses a second concurrent
        call ("Infer Request is busy"), and a rebuild's passages must not collide with
        questions. A long list takes the lock batch by batch, so questions get in between
        (a build with a progress bar runs in a process of its own and keeps it)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        step = len(texts) if progress else self.batch_size
        parts = []
        for start in range(0, len(texts), step):
            with self._lock:
                parts.append(
                    self._model.encode(
                        list(texts[start : start + step]),
                        batch_size=self.batch_size,
                        normalize_embeddings=True,
                        convert_to_numpy=True,
                        show_progress_bar=progress,
                    )
                )
        return _normalise(np.concatenate(parts))

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode([self.query_prefix + t for t in texts], False)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self._encode([self.passage_prefix + t for t in texts], progress)


def _backend_kwargs(folder: Path, backend: str, threads: int) -> dict[str, Any] | None:
    """The loading options of an exported backend; a missing export is an error, never
    exported here (that takes a minute and writes into the model folder)."""
    if backend == "torch":
        return None
    exported = folder / BACKEND_FILES[backend]
    if not exported.is_file():
        raise ModelError(
            f"{exported} is missing: run `santeqa model install` (it exports the {backend} "
            "model) or set SANTEQA_BACKEND=torch"
        )
    kwargs: dict[str, Any] = {"file_name": BACKEND_FILES[backend]}
    if backend == "onnx":
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads  # 0: ONNX Runtime's default (one per core)
        kwargs["provider"] = "CPUExecutionProvider"
        kwargs["session_options"] = options
    elif threads:
        kwargs["ov_config"] = {"INFERENCE_NUM_THREADS": str(threads)}
    return kwargs


class GraphEmbedder:
    """A model folder's exported graph (ONNX Runtime or OpenVINO) run by santeqa.encoder, with
    e5-style prefixes; the vectors of sentence-transformers on the same folder."""

    def __init__(
        self,
        model: str,
        *,
        query_prefix: str = "",
        passage_prefix: str = "",
        batch_size: int = 32,
        threads: int = 0,
        backend: str = "onnx",
    ) -> None:
        if backend not in GRAPH_FILES:
            raise ModelError(f"no exported graph for backend {backend!r}")
        self._encoder = GraphEncoder(Path(model), backend, threads=threads)
        self.name = model
        self.backend = backend
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self.dimension = int(self._encoder.encode(["dimension"]).shape[1])

    def _encode(self, texts: Sequence[str], progress: bool) -> Vectors:
        """One model call at a time (see ``SentenceTransformerEmbedder._encode``), texts of
        similar length batched together (less padding), in the order given."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(texts) <= self.batch_size:
            with self._lock:
                return self._encoder.encode(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        bar = _progress_bar(len(texts)) if progress else None
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            with self._lock:
                out[rows] = self._encoder.encode([texts[i] for i in rows])
            if bar is not None:
                bar.update(len(rows))
        if bar is not None:
            bar.close()
        return out

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode([self.query_prefix + t for t in texts], False)

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self._encode([self.passage_prefix + t for t in texts], progress)


def _progress_bar(total: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc="Batches", unit="text")


def embedder_from_settings(settings: Settings) -> Embedder:
    """The model of ``settings``: an exported graph run by santeqa.encoder when the folder
    allows it, else sentence-transformers (torch, or a folder santeqa.encoder cannot run)."""
    graph = settings.backend != "torch" and pooling_of(Path(settings.model)) is not None
    kind: type[GraphEmbedder] | type[SentenceTransformerEmbedder] = (
        GraphEmbedder if graph else SentenceTransformerEmbedder
    )
    return kind(
        settings.model,
        query_prefix=settings.query_prefix,
        passage_prefix=settings.passage_prefix,
        batch_size=settings.batch_size,
        threads=settings.torch_threads,
        backend=settings.backend,
    )
