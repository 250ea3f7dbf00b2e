"""A model folder's ``tokenizer.json`` turned into ids, as sentence-transformers would, in less
memory.

``tokenizers`` holds a Unigram vocabulary in a byte trie of hash maps: the 250,000 pieces of
multilingual-e5 cost about 280 MB resident. Here ``tokenizers`` still normalises, pre-tokenizes
and adds the special tokens (the folder's own components, built with a one-piece vocabulary),
and the Unigram step -- the Viterbi search for the best-scoring split of each pre-token -- runs
in Python over a plain dict of the pieces (about 40 MB). It is the algorithm of ``tokenizers``'
``Unigram::encode_optimized``, candidates visited in the same order and ties kept the same way,
so the ids are the same; a folder whose tokenizer is not of this kind (another model type, byte
fallback, ordinary added tokens) is tokenized by ``tokenizers`` itself.

Like sentence-transformers 5, texts are taken as they are (not stripped), truncated to
``max_length`` ids special ones included, and a batch is padded on the right with the pad id to
its longest text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt

from santeqa.errors import ModelError

Ids = npt.NDArray[np.int64]

#: ``tokenizers``' penalty below the lowest piece score for a character no piece covers
UNK_PENALTY: Final = 10.0
#: pre-tokens whose split is remembered (questions and passages repeat most words)
WORD_CACHE: Final = 50_000


class TextTokenizer(Protocol):
    pad_id: int

    def encode(self, texts: Sequence[str]) -> tuple[Ids, Ids]:
        """``input_ids`` and ``attention_mask`` of ``texts``, padded to the longest."""
        ...


def _config(folder: Path) -> dict[str, Any]:
    path = folder / "tokenizer_config.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _pad_id(spec: dict[str, Any], config: dict[str, Any]) -> int:
    pad = config.get("pad_token")
    pad = pad.get("content") if isinstance(pad, dict) else pad
    for token in spec.get("added_tokens") or []:
        if token.get("content") == pad:
            return int(token["id"])
    return 0


def load_tokenizer(folder: Path, max_length: int) -> TextTokenizer:
    """The tokenizer of the model folder ``folder`` (its ``tokenizer.json``)."""
    path = folder / "tokenizer.json"
    if not path.is_file():
        raise ModelError(f"{path} is missing: the model folder has no fast tokenizer")
    spec = json.loads(path.read_text(encoding="utf-8"))
    config = _config(folder)
    max_length = min(max_length, int(config.get("model_max_length", max_length)))
    # transformers' fast tokenizer sets encode_special_tokens from split_special_tokens
    split_special = bool(config.get("split_special_tokens", False))
    pad_id = _pad_id(spec, config)
    model = spec.get("model") or {}
    plain_unigram = (
        model.get("type") == "Unigram"
        and not model.get("byte_fallback", False)
        and model.get("unk_id") is not None
        and all(t.get("special") for t in spec.get("added_tokens") or [])
        and (split_special or not spec.get("added_tokens"))
    )
    if plain_unigram:
        return UnigramTokenizer(spec, max_length=max_length, pad_id=pad_id)
    return LibraryTokenizer(path, max_length=max_length, pad_id=pad_id, split_special=split_special)


def _padded(rows: Sequence[Sequence[int]], pad_id: int) -> tuple[Ids, Ids]:
    width = max((len(r) for r in rows), default=0)
    ids = np.full((len(rows), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    return ids, mask


class LibraryTokenizer:
    """``tokenizers`` on the whole ``tokenizer.json`` (any model type)."""

    def __init__(self, path: Path, *, max_length: int, pad_id: int, split_special: bool) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(path))
        self._tokenizer.encode_special_tokens = split_special
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length)
        self.pad_id = pad_id

    def encode(self, texts: Sequence[str]) -> tuple[Ids, Ids]:
        encodings = self._tokenizer.encode_batch(list(texts))
        return _padded([e.ids for e in encodings], self.pad_id)


class UnigramTokenizer:
    """A Unigram ``tokenizer.json`` with the model step in Python (see the module docstring)."""

    def __init__(self, spec: dict[str, Any], *, max_length: int, pad_id: int) -> None:
        from tokenizers import Tokenizer

        model = spec["model"]
        pieces = model["vocab"]
        # tokenizers maps a piece to the id of its last occurrence, and scores it by that id
        self._ids: dict[str, int] = {piece: i for i, (piece, _score) in enumerate(pieces)}
        self._scores: list[float] = [float(score) for _piece, score in pieces]
        self._unk_id = int(model["unk_id"])
        self._unk_score = min(self._scores) - UNK_PENALTY
        self._longest = max(len(piece) for piece in self._ids)
        self.pad_id = pad_id
        # the folder's normaliser, pre-tokenizer and post-processor around a one-piece model
        front = dict(spec, model={"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]]})
        front.update(truncation=None, padding=None)
        self._front = Tokenizer.from_str(json.dumps(front))
        probe = self._front.encode("x")  # the special ids around one content id
        specials = probe.special_tokens_mask
        first, last = specials.index(0), len(specials) - 1 - specials[::-1].index(0)
        self._before, self._after = probe.ids[:first], probe.ids[last + 1 :]
        self._room = max_length - len(self._before) - len(self._after)
        if self._room < 1:
            raise ModelError(f"max length {max_length} leaves no room between special tokens")
        self._word_ids = lru_cache(maxsize=WORD_CACHE)(self._split)

    def ids(self, text: str) -> list[int]:
        """The ids of one text, special tokens included, truncated."""
        normaliser, pre_tokenizer = self._front.normalizer, self._front.pre_tokenizer
        normalised = normaliser.normalize_str(text) if normaliser else text
        words = pre_tokenizer.pre_tokenize_str(normalised) if pre_tokenizer else [(normalised,)]
        content: list[int] = []
        for word in words:
            content.extend(self._word_ids(word[0]))
            if len(content) >= self._room:
                break
        return [*self._before, *content[: self._room], *self._after]

    def encode(self, texts: Sequence[str]) -> tuple[Ids, Ids]:
        return _padded([self.ids(t) for t in texts], self.pad_id)

    def _split(self, word: str) -> tuple[int, ...]:
        """The best-scoring split of ``word`` into pieces: ``Unigram::encode_optimized``."""
        size = len(word)
        if size == 0:
            return ()
        ids, scores, unk = self._ids, self._scores, self._unk_id
        best = [0.0] * (size + 1)  # best score of a split of word[:end]
        start: list[int | None] = [None] * (size + 1)  # where its last piece starts
        piece_id = [0] * (size + 1)
        for begin in range(size):
            so_far = best[begin]
            single = False
            for end in range(begin + 1, min(size, begin + self._longest) + 1):
                found = ids.get(word[begin:end])
                if found is None:
                    continue
                candidate = scores[found] + so_far
                if start[end] is None or candidate > best[end]:
                    best[end], start[end], piece_id[end] = candidate, begin, found
                single = single or end == begin + 1
            if not single:  # no piece covers this character: it becomes <unk>
                candidate = self._unk_score + so_far
                if start[begin + 1] is None or candidate > best[begin + 1]:
                    best[begin + 1], start[begin + 1], piece_id[begin + 1] = candidate, begin, unk
        return self._backtrack(word, start, piece_id)

    def _backtrack(
        self, word: str, start: list[int | None], piece_id: list[int]
    ) -> tuple[int, ...]:
        """The pieces of the best split, adjacent <unk> fused into one (``fuse_unk``)."""
        strings: list[str] = []
        unknown: list[str] = []
        end = len(word)
        while end > 0:
            begin = start[end]
            assert begin is not None  # every character is reached, by a piece or as <unk>
            if piece_id[end] == self._unk_id:
                unknown.append(word[begin:end])
            else:
                if unknown:
                    strings.append("".join(reversed(unknown)))
                    unknown = []
                strings.append(word[begin:end])
            end = begin
        if unknown:
            strings.append("".join(reversed(unknown)))
        return tuple(self._ids.get(s, self._unk_id) for s in reversed(strings))
