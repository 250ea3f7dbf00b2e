"""The index: generations on disk (``generation``), the build pipeline (``build``), a
generation loaded in memory (``loaded``), and what is embedded of a passage (``texts``).

The names other layers use are exported here. The build function is not: import it from
``santeqa.index.build`` (re-exporting it would hide the module of the same name).
"""

from santeqa.index.generation import (
    DATA_FILES,
    LOCK,
    POINTER,
    BuildLock,
    build_lock,
    check_config,
    expected_config,
    generations,
    publish,
    published_generation,
    read_manifest,
    verify,
)
from santeqa.index.loaded import (
    LoadedIndex,
    LoadOutcome,
    load_generation,
    load_index,
    load_newest,
)
from santeqa.index.texts import citing_sentences, retrieval_text, sentence_texts, text_key

__all__ = [
    "DATA_FILES",
    "LOCK",
    "POINTER",
    "BuildLock",
    "LoadOutcome",
    "LoadedIndex",
    "build_lock",
    "check_config",
    "citing_sentences",
    "expected_config",
    "generations",
    "load_generation",
    "load_index",
    "load_newest",
    "publish",
    "published_generation",
    "read_manifest",
    "retrieval_text",
    "sentence_texts",
    "text_key",
    "verify",
]
