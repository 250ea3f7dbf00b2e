"""Shape buckets of santeqa.encoder: a batch padded to one of a few shapes gives the vectors of
the unpadded batch, and the graph only ever sees shapes from the bucket set."""

from __future__ import annotations

import itertools
import platform
from pathlib import Path

import numpy as np
import pytest

from santeqa.encoder import GraphEncoder
from santeqa.encoder.graph import LENGTH_BUCKETS, ROW_BUCKETS, bucket_of, pad_to_buckets
from tests.graphs import record_shapes, save_graph
from tests.unit.test_encoder import (
    DIMENSION,
    MEAN,
    embedding_table,
    write_modules,
    write_unigram_folder,
)


def write_mixing_graph(folder: Path) -> None:
    """A graph whose token vectors depend on the other tokens, as attention does: each token's
    row of a table plus the mean of the rows of the unmasked tokens of its text. Padding that
    leaked into the mean (a pad column unmasked, rows mixed) would change every vector."""
    from onnx import TensorProto, helper, numpy_helper

    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["rows"], axis=0),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "last_axis"], ["mask3"]),
        helper.make_node("Mul", ["rows", "mask3"], ["kept"]),
        helper.make_node("ReduceSum", ["kept", "token_axis"], ["total"], keepdims=1),
        helper.make_node("ReduceSum", ["mask3", "token_axis"], ["count"], keepdims=1),
        helper.make_node("Div", ["total", "count"], ["context"]),
        helper.make_node("Add", ["rows", "context"], ["last_hidden_state"]),
    ]
    graph = helper.make_graph(
        nodes,
        "mixing",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [
            helper.make_tensor_value_info(
                "last_hidden_state", TensorProto.FLOAT, ["batch", "tokens", DIMENSION]
            )
        ],
        initializer=[
            numpy_helper.from_array(embedding_table(), "table"),
            numpy_helper.from_array(np.array([2], dtype=np.int64), "last_axis"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "token_axis"),
        ],
    )
    save_graph(folder, graph)


@pytest.fixture
def mixing_model(tmp_path: Path) -> Path:
    folder = tmp_path / "mixing"
    write_unigram_folder(folder, max_length=64)
    write_modules(folder, MEAN)
    write_mixing_graph(folder)
    return folder


def test_a_size_goes_to_the_first_bucket_that_holds_it() -> None:
    assert [bucket_of(n, ROW_BUCKETS) for n in (1, 2, 3, 5, 9, 13, 17, 32)] == [
        1, 2, 3, 6, 12, 16, 24, 32,
    ]  # fmt: skip
    assert [bucket_of(n, LENGTH_BUCKETS) for n in (3, 8, 9, 33, 65, 500)] == [
        8, 8, 16, 40, 96, 512,
    ]  # fmt: skip
    assert bucket_of(33, ROW_BUCKETS) == 64  # beyond the last: a multiple of it


def test_padding_adds_masked_pad_columns_and_copies_of_the_first_row() -> None:
    ids = np.array([[0, 5, 6, 2, 1], [0, 7, 2, 1, 1], [0, 8, 9, 9, 2]], dtype=np.int64)
    mask = (ids != 1).astype(np.int64)
    padded_ids, padded_mask = pad_to_buckets(ids, mask, pad_id=1)
    assert padded_ids.shape == padded_mask.shape == (3, 8)
    np.testing.assert_array_equal(padded_ids[:, :5], ids)
    assert (padded_ids[:, 5:] == 1).all() and (padded_mask[:, 5:] == 0).all()
    five_ids, five_mask = ids[[0, 1, 2, 0, 1], :4], mask[[0, 1, 2, 0, 1], :4]
    four_ids, four_mask = pad_to_buckets(five_ids, five_mask, 1)
    assert four_ids.shape == (6, 8)
    np.testing.assert_array_equal(four_ids[5, :4], four_ids[0, :4])  # a valid row, dropped
    assert four_mask[5].sum() == four_mask[0].sum() > 0
    long = np.ones((1, 600), dtype=np.int64)  # past the last bucket: the width is kept
    assert pad_to_buckets(long, long, 1)[0].shape == (1, 600)
    exact = np.ones((4, 16), dtype=np.int64)
    assert pad_to_buckets(exact, exact, 1)[0] is exact  # a bucketed shape is left as it is


@pytest.mark.parametrize("backend", ["onnx", "openvino"])
def test_bucketed_calls_give_the_vectors_of_unpadded_ones(mixing_model: Path, backend: str) -> None:
    bucketed = GraphEncoder(mixing_model, backend, bucket_shapes=True)
    exact = GraphEncoder(mixing_model, backend, bucket_shapes=False)
    shapes = record_shapes(bucketed)
    texts = [f"les {'abc ' * (i % 9)}la{' tt' * (i % 4)}" for i in range(45)]
    # OpenVINO computes in bfloat16 on CPUs that have it: about three significant digits
    tolerance = 2e-3 if backend == "openvino" else 1e-6
    for size in (1, 2, 5, 13, 45):  # 45: one call of 32, one of 13
        got = bucketed.encode(texts[:size])
        np.testing.assert_allclose(got, exact.encode(texts[:size]), atol=tolerance)
    assert shapes <= set(itertools.product(ROW_BUCKETS, LENGTH_BUCKETS))
    assert {rows for rows, _ in shapes} == {1, 2, 6, 16, 32}


def test_openvino_buckets_by_default_and_onnx_runtime_does_not(mixing_model: Path) -> None:
    assert GraphEncoder(mixing_model, "openvino").bucket_shapes
    assert not GraphEncoder(mixing_model, "onnx").bucket_shapes


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)
def test_openvino_lets_the_weights_pages_go_and_reads_them_back(mixing_model: Path) -> None:
    """Once loaded, the mapped weights file counts nothing in the RSS (santeqa.memory); the
    pages inference reads come back, with the same vectors as ONNX Runtime's."""
    from tests.unit.test_memory import mapped_kb

    weights = mixing_model / "openvino" / "openvino_model.bin"
    encoder = GraphEncoder(mixing_model, "openvino")
    assert mapped_kb(weights) == 0
    texts = ["les abc la", "la tt tt"]
    got = encoder.encode(texts)
    np.testing.assert_allclose(got, GraphEncoder(mixing_model, "onnx").encode(texts), atol=2e-3)
