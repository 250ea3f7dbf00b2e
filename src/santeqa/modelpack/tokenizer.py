"""A ``tokenizers.Tokenizer`` that reproduces ``e5.c``'s tokenizer, built from the file's tables.

* normalisation: ``e5.c``'s per-code-point map (stored in the file), then runs of spaces
  collapsed to one -- written as a SentencePiece ``Precompiled`` char map plus a ``Replace``;
* a ``▁`` (U+2581) is prepended unless the text starts with a space, spaces become ``▁``;
* Viterbi over the Unigram pieces and scores of the file; a character no piece contains becomes
  one ``<unk>`` *each* (``tokenizers`` would fuse a run of them, so such characters are isolated
  by a pre-tokenizer first);
* the ``<unk>`` piece itself is never matched, as in ``e5.c``;
* ``<s> … </s>`` around the content, special-token strings in the text are not treated as
  special (``e5.c`` matches them as ordinary pieces).

Known difference: ``tokenizers``' Precompiled normaliser maps a grapheme shorter than 6 bytes
whose first code point is in the map as that code point alone, dropping the combining marks after
it (e.g. a fullwidth letter or U+00A0 followed by U+0301), where ``e5.c`` maps code point by code
point.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Mapping
from typing import Any, Final

from santeqa.errors import ModelError
from santeqa.modelpack.image import Vocab

MAX_SEQ_LENGTH: Final = 512

_META: Final = "\u2581"
_SPACE_RUN: Final = re.compile(" {2,}")
_NEVER: Final = -1.0e9  # Unigram score of the <unk> piece: never chosen


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


def tokenizer_files(vocab: Vocab) -> dict[str, dict[str, Any]]:
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
