"""PROTOTYPE: a second vector per sentence, encoded with its context, saved as .npy for
``SANTEQA_CTX_VECTORS`` (index.loaded). Variants: section, previous, both, query.

    python benchmarks/context_vectors.py VARIANT OUT.npy
"""

from __future__ import annotations

import sys

import numpy as np

from santeqa.qa.spans import list_around
from santeqa.records import Chunk
from santeqa.service.engine import Engine
from santeqa.settings import Settings


def _sentence(chunk: Chunk, j: int) -> str:
    s = chunk.sentences[j]
    return chunk.text[s.start : s.end]


def _previous(chunk: Chunk, j: int) -> str:
    """The sentence before; for a list item, the list's lead-in."""
    found = list_around(chunk, j)
    if found is not None and found[0] < j and _sentence(chunk, found[0]).rstrip().endswith(":"):
        return _sentence(chunk, found[0])
    return _sentence(chunk, j - 1) if j > 0 else ""


def context_text(variant: str, chunk: Chunk, j: int) -> str:
    sentence = _sentence(chunk, j)
    title = " > ".join(chunk.section)
    if variant == "section":
        return f"{title} : {sentence}" if title else sentence
    if variant == "previous":
        return " ".join(t for t in (_previous(chunk, j), sentence) if t)
    if variant == "both":
        head = f"{title} : " if title else ""
        return head + " ".join(t for t in (_previous(chunk, j), sentence) if t)
    raise ValueError(variant)


def main() -> None:
    variant, out = sys.argv[1], sys.argv[2]
    engine = Engine(Settings())
    idx = engine.live.current().index
    pairs = [(c, j) for c in idx.chunks for j in range(len(c.sentences))]
    if variant == "query":
        vectors = engine.embedder.embed_queries([_sentence(c, j) for c, j in pairs])
    else:
        texts = [context_text(variant, c, j) for c, j in pairs]
        for t in texts[40:44]:
            print(repr(t[:200]))
        vectors = engine.embedder.embed_passages(texts)
    np.save(out, np.asarray(vectors, dtype=np.float32), allow_pickle=False)
    print(variant, np.asarray(vectors).shape, "->", out)


if __name__ == "__main__":
    main()
