"""Choosing the model's backend: exported graphs are required, never made at run time."""

from __future__ import annotations

from pathlib import Path

import pytest

from santeqa.embed import BACKEND_FILES, BACKENDS, SentenceTransformerEmbedder, _backend_kwargs
from santeqa.errors import ModelError
from santeqa.settings import Settings


@pytest.mark.parametrize("backend", ["onnx", "openvino"])
def test_a_missing_export_is_an_error_naming_the_fix(tmp_path: Path, backend: str) -> None:
    with pytest.raises(ModelError, match="santeqa model install") as caught:
        _backend_kwargs(tmp_path, backend, 0)
    assert BACKEND_FILES[backend] in str(caught.value)
    assert not (tmp_path / BACKEND_FILES[backend]).exists()  # nothing was exported


def test_export_files_are_passed_to_sentence_transformers(tmp_path: Path) -> None:
    for name in BACKEND_FILES.values():
        (tmp_path / name).parent.mkdir(parents=True)
        (tmp_path / name).write_bytes(b"graph")
    onnx = _backend_kwargs(tmp_path, "onnx", 1)
    assert onnx is not None
    assert onnx["file_name"] == "onnx/model.onnx"
    assert onnx["session_options"].intra_op_num_threads == 1
    openvino = _backend_kwargs(tmp_path, "openvino", 2)
    assert openvino == {
        "file_name": "openvino/openvino_model.xml",
        "ov_config": {"INFERENCE_NUM_THREADS": "2"},
    }
    assert _backend_kwargs(tmp_path, "torch", 1) is None


def test_unknown_backend_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="unknown backend"):
        SentenceTransformerEmbedder(str(tmp_path), backend="tensorflow")


def test_settings_accept_only_known_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().backend in BACKENDS
    monkeypatch.setenv("SANTEQA_BACKEND", "openvino")
    assert Settings().backend == "openvino"
    monkeypatch.setenv("SANTEQA_BACKEND", "tensorflow")
    with pytest.raises(ValueError):
        Settings()
