"""ingest.decoding: text that is not UTF-8 is read only when its encoding is clear and the
result reads as French; otherwise the file is skipped with the reason."""

from __future__ import annotations

import pytest

from santeqa.errors import DocumentError
from santeqa.ingest.decoding import decode_text, reads_as_french

SENTENCE = "Le cœur de l’œuvre : la séance coûte 5 €, reçue à l’hôpital. Ça déçoit.\n"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("iso8859_15", SENTENCE.replace("’", "'")),  # œ and € where Windows-1252 has ½ and ¤
        ("mac_roman", SENTENCE),  # é is 0x8E, which Windows-1252 reads as Ž
        ("cp1252", SENTENCE),
        ("cp850", SENTENCE.replace("œ", "oe").replace("’", "'").replace("€", "euros")),
        ("latin_1", "Un café très prisé à Noël, déjà vu.\n"),
    ],
)
def test_an_8bit_french_text_is_read_exactly(encoding: str, text: str) -> None:
    assert decode_text((text * 3).encode(encoding), "f.txt") == text * 3


@pytest.mark.parametrize(
    "wrong", ["Le c½ur de l'½uvre : 5 ¤", "la sŽance", "le mÈdecin", "l’hôpital ‡ Caen", "cafÃ©"]
)
def test_mis_decodings_do_not_read_as_french(wrong: str) -> None:
    assert not reads_as_french(wrong)


def test_an_unclear_encoding_is_skipped_with_the_reason() -> None:
    # 0xE9 alone at a word start: « étude » in Windows-1252, « Ètude » in Mac-Roman
    with pytest.raises(DocumentError) as info:
        decode_text(b"\xe9tude du cas clinique.\n" * 3, "f.txt")
    assert info.value.reason.startswith("not UTF-8, and its encoding is unclear (")
    assert "cp1252" in info.value.reason and "mac" in info.value.reason


def test_text_in_no_french_encoding_is_skipped() -> None:
    text = "Le rapport cite une source: " + "Привет, мир. " + "Fin du texte lisible ici. " * 8
    with pytest.raises(DocumentError) as info:
        decode_text(text.encode("cp1251"), "f.txt")
    assert info.value.reason == "not UTF-8, and no encoding tried reads as French text"


def test_a_stray_byte_is_decided_the_same_way() -> None:
    # ASCII and one byte that is not UTF-8: an 8-bit é, read as such (not U+FFFD)
    assert decode_text(b"Le caf\xe9 est servi chaud.\n", "f.txt") == "Le café est servi chaud.\n"
    # UTF-8 with one stray byte: no 8-bit encoding reads it as French, so U+FFFD takes its place
    damaged = "Le médecin reçoit à l’hôpital. ".encode() * 10 + b"pat\xffient"
    assert decode_text(damaged, "f.txt").endswith("l’hôpital. pat\ufffdient")
