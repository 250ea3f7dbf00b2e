"""English question words read as the report's French words (an encoder of literal vectors)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from santeqa.qa.bridge import BridgeCache, WordBridge, read_across
from santeqa.qa.retrieve import Question
from santeqa.text import Analyzer
from santeqa.tunables import Bridge


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


# what a multilingual encoder does with words: a word and its translation close together
VECTORS = {
    "hangar": unit(1, 0, 0, 0),
    "hangars": unit(1, 0.2, 0, 0),  # cos 0.98 with « hangar »
    "barque": unit(0, 1, 0, 0),
    "marée": unit(0, 0, 1, 0),
    "shed": unit(1, 0.05, 0, 0),  # cos 0.999 with « hangar », 0.989 with « hangars »
    "boats": unit(0.1, 1, 0, 0.05),  # cos 0.99 with « barque »
    "tide": unit(0, 0, 1, 1),  # cos 0.71 with « marée »: not close enough
}
REPORT = ["Le hangar abrite une barque.", "Deux hangars, à marée basse."]


class Words:
    """An encoder of literal vectors that counts its calls."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.stack([VECTORS.get(t, unit(0, 0, 0, 1)) for t in texts])


def test_the_english_content_words_the_report_does_not_write_are_bridged() -> None:
    bridge = WordBridge.of(REPORT, Words())
    assert set(bridge.words) == {
        "hangar",
        "abrite",
        "une",
        "barque",
        "deux",
        "hangars",
        "marée",
        "basse",
    }
    # stop words, a name inside the question, words the report writes (« barque ») stay
    assert bridge.to_bridge("Which shed of Port Joinville holds the barque boats?") == [
        "shed",
        "holds",
        "boats",
    ]
    assert bridge.to_bridge("Shed or shed?") == ["shed"]  # the first word is no name


def test_an_english_word_reads_as_the_closest_report_words_close_enough() -> None:
    bridge = WordBridge.of(REPORT, Words())
    shape = Bridge(min_similarity=0.92, spread=0.02, most=2)
    found = bridge.french_for(np.stack([VECTORS["shed"], VECTORS["boats"], VECTORS["tide"]]), shape)
    assert found == ["hangar", "hangars", "barque"]  # « marée » at 0.71 is too far
    assert bridge.french_for(np.stack([VECTORS["shed"]]), Bridge(most=1)) == ["hangar"]
    assert bridge.french_for(np.stack([VECTORS["shed"]]), Bridge(spread=0.001)) == ["hangar"]


def test_an_english_question_gets_the_report_words_in_one_encoding_call() -> None:
    analyzer = Analyzer()
    encode = Words()
    bridge = WordBridge.of(REPORT, encode)
    english = Question("Which shed holds boats?", "Which shed holds boats?", ("shed",), True)
    french = Question("Quel hangar ?", "Quel hangar ?", ("hangar",), False)
    encode.calls.clear()
    read, vectors = read_across([english, french], bridge, encode, Bridge(), analyzer)
    assert encode.calls == [["Which shed holds boats?", "shed", "holds", "boats", "Quel hangar ?"]]
    assert read[0].terms[0] == "shed" and {"hangar", "barqu"} <= set(read[0].terms)
    assert read[1] == french  # a French question is read as it is
    assert len(vectors) == 2 and vectors[1].shape == (4,)
    assert read_across([english], None, encode, Bridge(), analyzer)[0] == [english]


def test_the_bridge_is_built_once_per_generation() -> None:
    cache, encode = BridgeCache(), Words()
    first = cache.get("g1", lambda: REPORT, encode)
    assert cache.get("g1", lambda: pytest.fail("built again"), encode) is first
    assert cache.get("g2", lambda: REPORT[:1], encode).words == (
        "abrite",
        "barque",
        "hangar",
        "une",
    )
