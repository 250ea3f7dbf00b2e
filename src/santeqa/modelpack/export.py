"""Export the model folder's weights for the faster backends (ONNX Runtime, OpenVINO).

sentence-transformers exports a folder by itself when it is loaded with ``backend="onnx"`` or
``"openvino"`` and no exported graph is found (through optimum). That takes tens of seconds and
writes nothing unless asked, so it is done once here, at install time, from the local folder,
and the graph is saved in the sub-folder sentence-transformers looks in (``onnx/``,
``openvino/``). Serving never exports: a missing graph is an error there.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

from santeqa.embed import BACKEND_FILES, QUIET_TOKENIZER
from santeqa.errors import ModelError

EXPORTED_BACKENDS: Final = ("onnx", "openvino")
#: the packages whose versions make an export what it is (recorded in the marker)
_EXPORTERS: Final = {
    "onnx": ("optimum-onnx", "onnxruntime", "onnx"),
    "openvino": ("optimum-intel", "openvino"),
}

#: an exported graph must give the torch model's vectors (float rounding aside)
MIN_COSINE: Final = 0.9999
_PROBES: Final = [
    "Quel budget la région consacre-t-elle aux projets de télésanté ?",
    "passage: Les établissements ont reçu 3,2 millions d’euros en 2021.",
    "How many clinics joined the programme?",
]

Progress = Callable[[str], None]


def exporter_versions(backend: str) -> dict[str, str]:
    versions: dict[str, str] = {}
    for package in _EXPORTERS[backend]:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "missing"
    return versions


def is_exported(folder: Path, backend: str) -> bool:
    return (folder / BACKEND_FILES[backend]).is_file()


def export_backends(
    folder: Path, backends: Iterable[str] = EXPORTED_BACKENDS, say: Progress | None = None
) -> dict[str, dict[str, Any]]:
    """Export each backend not yet in ``folder``; what was exported, with exporter versions.

    Each graph is written to a scratch folder beside ``folder`` and its sub-folder renamed into
    place, so an interrupted export leaves no half-written sub-folder.
    """
    tell: Progress = say or (lambda _message: None)
    done: dict[str, dict[str, Any]] = {}
    for backend in backends:
        if is_exported(folder, backend):
            continue
        started = time.monotonic()
        tell(f"exporting the {backend} graph (once; takes a minute)")
        subfolder = BACKEND_FILES[backend].split("/", 1)[0]
        scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.{backend}.", dir=folder.parent))
        try:
            _export(folder, backend, scratch)
            if not (scratch / BACKEND_FILES[backend]).is_file():
                raise ModelError(f"the {backend} export wrote no {BACKEND_FILES[backend]}")
            shutil.rmtree(folder / subfolder, ignore_errors=True)
            os.replace(scratch / subfolder, folder / subfolder)
        except ModelError:
            raise
        except Exception as exc:  # optimum, torch.onnx and openvino raise many kinds
            raise ModelError(f"exporting {folder} to {backend} failed: {exc}") from exc
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        for path in [folder / subfolder, *(folder / subfolder).rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)  # mkdtemp made the folder private
        seconds = round(time.monotonic() - started, 1)
        done[backend] = {"versions": exporter_versions(backend), "seconds": seconds}
        tell(f"{backend} graph written to {folder / subfolder} in {seconds}s")
    return done


def _export(folder: Path, backend: str, scratch: Path) -> None:
    """Load ``folder`` with ``backend`` (which exports it) and save only the graph."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the folder is local: never ask the hub
    from sentence_transformers import SentenceTransformer

    quiet = logging.getLogger("sentence_transformers")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "saving the exported model is recommended": we do
    try:
        model = SentenceTransformer(
            str(folder), device="cpu", backend=backend, processor_kwargs=QUIET_TOKENIZER
        )
    finally:
        quiet.setLevel(level)
    reference = SentenceTransformer(str(folder), device="cpu", processor_kwargs=QUIET_TOKENIZER)
    positions = int(reference[0].auto_model.config.max_position_embeddings) - 2
    for loaded in (model, reference):  # a small test model may have few positions
        loaded.max_seq_length = min(int(loaded.max_seq_length or positions), positions)
    lowest = min(float(c) for c in (model.encode(_PROBES) * reference.encode(_PROBES)).sum(1))
    if lowest < MIN_COSINE:
        raise ModelError(f"the {backend} graph gives other vectors than torch (cosine {lowest})")
    # sentence-transformers wraps the backend model's save so that it writes into its
    # sub-folder (onnx/ or openvino/); the config.json it also writes stays in the scratch
    model[0].auto_model.save_pretrained(str(scratch))
