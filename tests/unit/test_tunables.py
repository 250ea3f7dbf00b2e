"""The record of tuned numbers: serialisable, saved in the manifest, and really used."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from santeqa import tunables
from santeqa.chunk import chunk_document
from santeqa.embed import FakeEmbedder
from santeqa.errors import IndexMismatch
from santeqa.index import expected_config, load_index, published_generation, read_manifest
from santeqa.index.build import build
from santeqa.records import Document, Paragraph
from santeqa.tunables import AnswerShape, ChunkSplit, FittedAnswer, Fusion, Tunables
from tests.tiny import tiny_index


def test_the_record_round_trips_through_json() -> None:
    record = Tunables(
        answer=AnswerShape(max_answer_chars=300), chunking=ChunkSplit(piece_ratio=0.5)
    )
    again = Tunables.from_dict(json.loads(json.dumps(record.as_dict())))
    assert again == record
    with pytest.raises(TypeError):  # a misspelt number is not silently dropped
        Tunables.from_dict({"answer": {"max_answer_char": 300}})
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.answer.max_answer_chars = 10  # type: ignore[misc]


def test_every_field_is_documented() -> None:
    """Each number says why it has its value (a comment next to it in tunables.py)."""
    text = Path(tunables.__file__).read_text("utf-8").splitlines()
    for part in (ChunkSplit, Fusion, AnswerShape):
        for f in dataclasses.fields(part):
            (line,) = [i for i, t in enumerate(text) if t.strip().startswith(f"{f.name}: ")]
            commented = "#" in text[line] or text[line - 1].strip().startswith("#")
            assert commented, f"{part.__name__}.{f.name} has no comment"


def test_the_manifest_records_the_tunables_and_a_change_asks_for_a_rebuild(tmp_path: Path) -> None:
    settings = tiny_index(tmp_path)
    name = published_generation(settings.index_dir)
    assert name is not None
    manifest = read_manifest(settings.index_dir / name)
    assert manifest["tunables"] == Tunables().as_dict()
    fake = FakeEmbedder()
    expected = expected_config(settings, fake.name, fake.dimension)
    assert load_index(settings.index_dir, expected).index.generation == name
    changed = Tunables(answer=AnswerShape(passages=4))
    other = expected_config(settings, fake.name, fake.dimension, changed)
    with pytest.raises(IndexMismatch, match="tunables"):
        load_index(settings.index_dir, other)
    build(settings, fake, tunables=changed)
    rebuilt = published_generation(settings.index_dir)
    assert rebuilt is not None and rebuilt != name
    assert read_manifest(settings.index_dir / rebuilt)["tunables"]["answer"]["passages"] == 4


def test_the_manifest_names_the_fitted_answer_model() -> None:
    """The packaged model file's hash and its gold data's hash are part of the record."""
    fitted = FittedAnswer()
    assert fitted.file.endswith("answer_model.json")
    assert len(fitted.sha256) == 16 and fitted.sha256 != "absent"
    raw = json.loads((Path(tunables.__file__).parent / "qa" / "answer_model.json").read_text())
    assert raw["data_sha256"].startswith(fitted.data_sha256)
    assert Tunables().as_dict()["answer_model"]["sha256"] == fitted.sha256


def test_the_chunker_reads_its_numbers_from_the_record() -> None:
    """An over-long sentence is cut into pieces of ``piece_ratio`` of the ceiling."""
    text = " ".join(f"mot{i}" for i in range(100))  # one sentence of 100 words
    doc = Document(
        name="d.txt",
        sha256="0",
        pages=(),
        paragraphs=(Paragraph(document="d.txt", text=text, section=("S",), page_starts=((0, 1),)),),
        footnotes=(),
        glossary=(),
    )

    def sizes(split: ChunkSplit) -> list[int]:
        chunks = chunk_document(doc, words=20, max_words=40, overlap=0, split=split)
        return [
            len(s_.split()) for c in chunks for s_ in (c.text[x.start : x.end] for x in c.sentences)
        ]

    assert set(sizes(ChunkSplit())[:-1]) == {30}  # 3/4 of 40
    assert set(sizes(ChunkSplit(piece_ratio=0.5))[:-1]) == {20}
