"""santeqa.encoder on tiny literal folders: the Python Unigram step gives the ids of
``tokenizers`` itself, pooling follows the folder's config, and an exported graph is run by
ONNX Runtime and OpenVINO without torch."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from tokenizers import AddedToken, Regex, Tokenizer, models, normalizers, pre_tokenizers, processors

from santeqa.embed import GraphEmbedder, embedder_from_settings
from santeqa.encoder import GraphEncoder, load_tokenizer, pooling_of
from santeqa.encoder.tokenizer import LibraryTokenizer, UnigramTokenizer
from santeqa.errors import ModelError
from santeqa.settings import Settings
from tests.graphs import save_graph

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
# pieces with scores; "é", "ß" and the digits are missing, so they can only become <unk>
PIECES = [
    ("▁", -2.0), ("a", -3.0), ("b", -3.0), ("c", -3.0), ("e", -3.0), ("l", -3.0), ("s", -3.0),
    ("t", -3.0), ("▁la", -1.5), ("▁le", -1.5), ("▁les", -2.0), ("les", -2.5), ("es", -2.6),
    ("▁ab", -2.0), ("abc", -2.0), ("bc", -1.0), ("ab", -1.0), ("▁c", -2.5), ("<", -4.0),
    (">", -4.0), ("/", -4.0), ("▁tt", -3.0), ("tt", -3.0),
]  # fmt: skip
DIMENSION = 6


def write_unigram_folder(folder: Path, *, max_length: int = 12) -> Tokenizer:
    """A model folder's tokenizer files, Unigram as multilingual-e5's; the library tokenizer."""
    vocab = [(p, 0.0) for p in SPECIALS] + PIECES
    vocab[3] = ("<unk>", -100.0)
    tokenizer = Tokenizer(models.Unigram(vocab, 3, False))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in SPECIALS])
    tokenizer.encode_special_tokens = True
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    config = {"pad_token": "<pad>", "model_max_length": max_length, "split_special_tokens": True}
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    tokenizer.enable_truncation(max_length)
    return tokenizer


def texts_to_try() -> list[str]:
    rng = random.Random(7)
    alphabet = "abcelst é<>/ß12  "
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(400)]
    return [
        "",
        " ",
        "les abc",
        "la  les   le",
        "ééé ß12 abc",  # a run of unknown characters is one <unk> (tokenizers fuses them)
        "<s> les </s>",  # special-token strings in the text are ordinary text
        "ﬁ ＡＢ abc",  # NFKC
        " abc  ",  # not stripped
        "les " * 20,  # truncated
        *made,
    ]


def test_the_python_unigram_step_gives_the_library_ids(tmp_path: Path) -> None:
    library = write_unigram_folder(tmp_path)
    ours = load_tokenizer(tmp_path, 512)
    assert isinstance(ours, UnigramTokenizer)
    for text in texts_to_try():
        assert ours.ids(text) == library.encode(text).ids, text
    assert ours.ids("ééé") == [0, 4, 3, 2]  # ▁ then the fused <unk>


def test_a_batch_is_padded_with_the_pad_id_and_masked(tmp_path: Path) -> None:
    write_unigram_folder(tmp_path)
    ids, mask = load_tokenizer(tmp_path, 512).encode(["les", "abc les la tt"])
    assert ids.dtype == mask.dtype == np.int64
    assert ids.shape == mask.shape and ids.shape[0] == 2
    short = int(mask[0].sum())
    assert ids[0, :short].tolist() == [0, 14, 2]  # <s> ▁les </s>
    assert (ids[0, short:] == 1).all() and (mask[0, short:] == 0).all()
    assert mask[1].all()


def test_other_tokenizers_are_run_by_the_library(tmp_path: Path) -> None:
    tokenizer = Tokenizer(models.WordLevel({"[UNK]": 0, "[PAD]": 1, "bon": 2}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.add_special_tokens([AddedToken("[PAD]", special=True)])
    tokenizer.save(str(tmp_path / "tokenizer.json"))
    (tmp_path / "tokenizer_config.json").write_text('{"pad_token": "[PAD]"}', encoding="utf-8")
    ours = load_tokenizer(tmp_path, 3)
    assert isinstance(ours, LibraryTokenizer)
    ids, mask = ours.encode(["bon", "bon jour bon bon"])
    assert ids.tolist() == [[2, 1, 1], [2, 0, 2]]
    assert mask.tolist() == [[1, 0, 0], [1, 1, 1]]


def write_modules(folder: Path, pooling: dict[str, bool], *, normalize: bool = True) -> None:
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {
            "idx": 1,
            "name": "1",
            "path": "1_Pooling",
            "type": "sentence_transformers.models.Pooling",
        },
    ]
    if normalize:
        modules.append(
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            }
        )
    (folder / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    (folder / "1_Pooling").mkdir(exist_ok=True)
    config = {"word_embedding_dimension": DIMENSION, **pooling}
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(config), encoding="utf-8")


MEAN = {"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False}
CLS = {"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}


def test_only_transformer_and_mean_or_cls_pooling_folders_are_run_here(tmp_path: Path) -> None:
    assert pooling_of(tmp_path) is None  # no modules.json
    write_unigram_folder(tmp_path)
    write_modules(tmp_path, MEAN)
    assert pooling_of(tmp_path) == "mean"
    write_modules(tmp_path, CLS, normalize=False)
    assert pooling_of(tmp_path) == "cls"
    write_modules(tmp_path, {"pooling_mode_max_tokens": True})
    assert pooling_of(tmp_path) is None
    write_modules(tmp_path, {**MEAN, "pooling_mode_max_tokens": True})
    assert pooling_of(tmp_path) is None
    modules = json.loads((tmp_path / "modules.json").read_text(encoding="utf-8"))
    modules.append({"idx": 3, "path": "3_Dense", "type": "sentence_transformers.models.Dense"})
    (tmp_path / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    assert pooling_of(tmp_path) is None


def embedding_table() -> np.ndarray:
    rows = len(SPECIALS) + len(PIECES)
    return np.random.default_rng(3).normal(size=(rows, DIMENSION)).astype(np.float32)


def write_graph(folder: Path) -> np.ndarray:
    """An ONNX graph whose token vectors are rows of a table (and its OpenVINO IR)."""
    from onnx import TensorProto, helper, numpy_helper

    table = embedding_table()
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "input_ids"], ["last_hidden_state"], axis=0)],
        "tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [
            helper.make_tensor_value_info(
                "last_hidden_state", TensorProto.FLOAT, ["batch", "tokens", DIMENSION]
            )
        ],
        initializer=[numpy_helper.from_array(table, "table")],
    )
    save_graph(folder, graph)
    return table


@pytest.fixture
def tiny_model(tmp_path: Path) -> tuple[Path, np.ndarray]:
    folder = tmp_path / "tiny"
    write_unigram_folder(folder, max_length=64)
    write_modules(folder, MEAN)
    return folder, write_graph(folder)


@pytest.mark.parametrize("backend", ["onnx", "openvino"])
def test_mean_pooling_over_the_mask_then_unit_length(
    tiny_model: tuple[Path, np.ndarray], backend: str
) -> None:
    folder, table = tiny_model
    encoder = GraphEncoder(folder, backend)
    # OpenVINO computes in bfloat16 on CPUs that have it (as sentence-transformers' OpenVINO
    # backend did): about three significant digits
    tolerance = 2e-3 if backend == "openvino" else 1e-6
    texts = ["les", "abc la les tt", "ééé"]
    got = encoder.encode(texts)
    for text, vector in zip(texts, got, strict=True):
        ids = encoder.tokenizer.encode([text])[0][0]
        expected = table[ids].mean(axis=0)
        np.testing.assert_allclose(vector, expected / np.linalg.norm(expected), atol=tolerance)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    np.testing.assert_allclose(got, alone, atol=tolerance)  # padding changes nothing


def test_cls_pooling_takes_the_first_token(tiny_model: tuple[Path, np.ndarray]) -> None:
    folder, table = tiny_model
    write_modules(folder, CLS)
    vector = GraphEncoder(folder, "onnx").encode(["abc les"])[0]
    np.testing.assert_allclose(vector, table[0] / np.linalg.norm(table[0]), atol=1e-6)


def test_a_missing_graph_is_an_error_naming_the_fix(tiny_model: tuple[Path, np.ndarray]) -> None:
    folder, _ = tiny_model
    (folder / "onnx" / "model.onnx").unlink()
    with pytest.raises(ModelError, match="santeqa model install"):
        GraphEncoder(folder, "onnx")


def test_the_settings_choose_the_graph_embedder_for_an_exported_folder(
    tiny_model: tuple[Path, np.ndarray],
) -> None:
    folder, _ = tiny_model
    embedder = embedder_from_settings(
        Settings(model=str(folder), backend="openvino", query_prefix="", passage_prefix="")
    )
    assert isinstance(embedder, GraphEmbedder)
    assert embedder.dimension == DIMENSION
    texts = [f"les {'abc ' * i}la" for i in range(40)]  # more than a batch: sorted by length
    together = embedder.embed_passages(texts)
    one_by_one = np.concatenate([embedder.embed_passages([t]) for t in texts])
    np.testing.assert_allclose(together, one_by_one, atol=1e-6)


def test_the_graph_embedder_imports_neither_torch_nor_sentence_transformers(
    tiny_model: tuple[Path, np.ndarray],
) -> None:
    folder, _ = tiny_model
    script = (
        "import sys\n"
        "from santeqa.embed import GraphEmbedder\n"
        f"e = GraphEmbedder({str(folder)!r}, backend='onnx')\n"
        "e.embed_queries(['les abc'])\n"
        "heavy = {'torch', 'sentence_transformers', 'transformers', 'sklearn', 'optimum'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
