"""Incremental rebuilds, generations, the build lock, publishing, damaged indexes (FakeEmbedder,
tmp corpus)."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import faiss
import pytest

import santeqa.index.generation as generation_module
from santeqa.chunk import passages
from santeqa.embed import FakeEmbedder
from santeqa.errors import (
    BuildInProgress,
    IndexCorrupt,
    IndexMismatch,
    IndexMissing,
    IndexUnavailable,
)
from santeqa.index import (
    LOCK,
    POINTER,
    build_lock,
    expected_config,
    generations,
    load_index,
    published_generation,
    read_manifest,
)
from santeqa.index.build import build
from santeqa.index.texts import report_words
from santeqa.ingest import load_lexicon, read_corpus
from santeqa.records import Chunk
from santeqa.service import Engine
from santeqa.settings import Settings
from tests.tiny import document, flip_bytes, tiny_settings, write_document, write_words

DOC_A = "alpha.txt"
DOC_B = "beta.txt"
DOC_C = "gamma.txt"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    write_words(tmp_path / "words.txt", "la", "le", "de", "du", "sur", "une")
    write_document(tmp_path / "corpus", DOC_A, document("cardiologie"))
    write_document(tmp_path / "corpus", DOC_B, document("radiologie"))
    return tiny_settings(tmp_path)


def current_chunks(settings: Settings) -> list[Chunk]:
    docs, _ = read_corpus(settings.corpus_dir, load_lexicon(settings.lexicon))
    return passages(
        docs,
        words=settings.chunk_words,
        max_words=settings.chunk_max_words,
        overlap=settings.chunk_overlap_sentences,
    )


def embedded_texts(chunks: list[Chunk]) -> set[tuple[str, ...]]:
    """What is embedded, one entry per distinct text: passages (section + text), sentences,
    words (``qa.gloss``)."""
    out: set[tuple[str, ...]] = set()
    for c in chunks:
        out.add(("chunk", *c.section, c.text))
        out.update(("sentence", c.text[s.start : s.end]) for s in c.sentences)
    out.update(("word", w) for w in report_words([c.text for c in chunks]))
    return out


def expected(settings: Settings, embedder: FakeEmbedder) -> dict[str, object]:
    return expected_config(settings, embedder.name, embedder.dimension)


def index_ids(settings: Settings, generation: str) -> set[str]:
    path = settings.index_dir / generation / "chunks.jsonl"
    return {json.loads(line)["id"] for line in path.read_text("utf-8").splitlines() if line}


# --- incremental builds ----------------------------------------------------------------------


def test_first_build_embeds_everything_once(settings: Settings) -> None:
    embedder = FakeEmbedder()
    report = build(settings, embedder)
    assert report.added == (DOC_A, DOC_B)
    assert report.changed == report.removed == report.unchanged == ()
    assert report.embedded == embedder.calls == len(embedded_texts(current_chunks(settings)))
    assert report.reused == 0
    assert published_generation(settings.index_dir) == report.generation
    assert "documents added 2, changed 0, removed 0, unchanged 0" in report.summary()
    folder = settings.index_dir / report.generation
    manifest = read_manifest(folder)
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == on_disk - {"manifest.json"}
    assert manifest["counts"]["chunks"] == len(index_ids(settings, report.generation))
    assert (folder.stat().st_mode & 0o777) == 0o755
    assert (settings.index_dir / POINTER).read_text("utf-8") == report.generation + "\n"


def test_no_change_rebuild_embeds_nothing(settings: Settings) -> None:
    first = build(settings, FakeEmbedder())
    embedder = FakeEmbedder()
    second = build(settings, embedder)
    assert embedder.calls == 0
    assert second.embedded == 0
    assert second.reused == first.embedded
    assert second.unchanged == (DOC_A, DOC_B)
    assert second.added == second.changed == second.removed == ()
    assert second.generation != first.generation
    assert index_ids(settings, second.generation) == index_ids(settings, first.generation)
    assert "texts embedded 0, reused from cache" in second.summary()


def test_one_paragraph_edit_reembeds_only_what_contains_it(settings: Settings) -> None:
    embedder = FakeEmbedder()
    engine = Engine(settings, embedder=embedder)
    engine.build()
    before = current_chunks(settings)
    old_sentence = (
        "La phrase 3 du paragraphe sur cardiologie1b décrit une pratique de soin numéro 3."
    )
    new_sentence = "La phrase 3 du paragraphe sur cardiologie1b parle du zorglub en téléexpertise."
    text = (settings.corpus_dir / DOC_A).read_text("utf-8")
    assert text.count(old_sentence) == 1
    write_document(settings.corpus_dir, DOC_A, text.replace(old_sentence, new_sentence))
    after = current_chunks(settings)

    diff = embedded_texts(after) - embedded_texts(before)
    touched = [c for c in after if new_sentence in c.text]
    # the edited sentence, plus every passage holding it (1 or 2, as passages overlap), plus
    # the words the report did not write before
    new_words = {d for d in diff if d[0] == "word"}
    assert ("word", "zorglub") in new_words
    assert {w for _k, w in new_words} <= set(new_sentence.lower().rstrip(".").split())
    assert len(diff - new_words) == 1 + len(touched)
    assert 1 <= len(touched) <= 2

    calls = embedder.calls
    report = engine.build()
    assert embedder.calls - calls == report.embedded == len(diff)
    assert report.changed == (DOC_A,)
    assert report.unchanged == (DOC_B,)
    assert report.reused == len(embedded_texts(after)) - len(diff)

    result = engine.ask("Que dit le rapport du zorglub en téléexpertise ?")
    assert result.index.generation == report.generation
    assert "zorglub" in result.hits[0].chunk.text
    loaded = engine.live.current().index
    assert not any(old_sentence in c.text for c in loaded.chunks)
    assert sum(new_sentence in c.text for c in loaded.chunks) == len(touched)


def test_adding_and_deleting_documents(settings: Settings) -> None:
    engine = Engine(settings, embedder=FakeEmbedder())
    first = engine.build()
    write_document(settings.corpus_dir, DOC_C, document("dermatologie"))
    added = engine.build()
    assert added.added == (DOC_C,)
    assert added.unchanged == (DOC_A, DOC_B)
    gamma = {c.id for c in current_chunks(settings) if c.document == DOC_C}
    assert gamma
    assert index_ids(settings, added.generation) == index_ids(settings, first.generation) | gamma
    hit = engine.ask("dermatologie1a pratique de soin").hits[0]
    assert hit.chunk.document == DOC_C

    (settings.corpus_dir / DOC_B).unlink()
    removed = engine.build()
    assert removed.removed == (DOC_B,)
    assert removed.embedded == 0  # nothing new to embed when a document goes away
    path = settings.index_dir / removed.generation / "chunks.jsonl"
    documents = {json.loads(line)["document"] for line in path.read_text("utf-8").splitlines()}
    assert documents == {DOC_A, DOC_C}
    assert index_ids(settings, removed.generation) == {c.id for c in current_chunks(settings)}
    loaded = engine.live.current().index
    assert DOC_B not in loaded.documents
    assert all(h.chunk.document != DOC_B for h in engine.ask("radiologie1a pratique").hits)


# --- lock, generations, leftovers ------------------------------------------------------------


def test_second_build_while_locked_is_refused(settings: Settings) -> None:
    with build_lock(settings.index_dir), pytest.raises(BuildInProgress):
        build(settings, FakeEmbedder())
    assert published_generation(settings.index_dir) is None
    build(settings, FakeEmbedder())  # the lock is free again


def test_lock_held_elsewhere_refuses_builds_and_rebuilds(settings: Settings) -> None:
    settings.index_dir.mkdir(parents=True)
    # another open file description, as `santeqa index` in another process would hold
    with (settings.index_dir / LOCK).open("a+") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BuildInProgress):
            build(settings, FakeEmbedder())
        engine = Engine(settings, embedder=FakeEmbedder())
        with pytest.raises(BuildInProgress):
            engine.start_rebuild()


def test_previous_generation_kept_older_removed(settings: Settings) -> None:
    names = [build(settings, FakeEmbedder()).generation for _ in range(4)]
    assert len(set(names)) == 4
    assert names == sorted(names)
    assert generations(settings.index_dir) == names[-2:]
    assert published_generation(settings.index_dir) == names[-1]
    assert read_manifest(settings.index_dir / names[-1])["previous"] == names[-2]


def test_leftover_temporary_folder_is_removed(settings: Settings) -> None:
    build(settings, FakeEmbedder())
    leftover = settings.index_dir / ".tmp-gen-dead1234"
    leftover.mkdir()
    (leftover / "chunks.jsonl").write_text('{"half": ', encoding="utf-8")
    orphan = settings.index_dir / "gen-99990101T000000000000Z-deadbeef"  # renamed, never published
    shutil.copytree(settings.index_dir / str(published_generation(settings.index_dir)), orphan)
    report = build(settings, FakeEmbedder())
    assert not leftover.exists()
    assert not orphan.exists()
    assert published_generation(settings.index_dir) == report.generation
    assert not list(settings.index_dir.glob(".tmp-gen-*"))


def _pointer_write_fails(step: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the write of the pointer fail at ``step`` (the disk is full, say)."""
    if step == "replace":
        real_replace = os.replace

        def replace(src: str | Path, dst: str | Path) -> None:
            if Path(dst).name == POINTER:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", replace)
    else:
        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            if POINTER in os.readlink(f"/proc/self/fd/{fd}"):
                raise OSError(errno.EIO, "Input/output error")
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("step", ["replace", "fsync"])
def test_a_failed_publish_changes_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    embedder = FakeEmbedder()
    engine = Engine(settings, embedder=embedder)
    first = engine.build().generation
    pointer = (settings.index_dir / POINTER).read_bytes()
    listing = sorted(p.name for p in settings.index_dir.iterdir())
    write_document(settings.corpus_dir, DOC_C, document("dermatologie"))

    _pointer_write_fails(step, monkeypatch)
    with pytest.raises(OSError):
        engine.build()
    monkeypatch.undo()

    # the pointer is intact, and no folder or temporary file of the failed build is left
    assert (settings.index_dir / POINTER).read_bytes() == pointer
    assert sorted(p.name for p in settings.index_dir.iterdir()) == listing
    assert engine.refresh() is False
    assert engine.info().generation == first
    fresh = Engine(settings, embedder=embedder)
    assert fresh.info().generation == first
    assert fresh.fallback_reason() is None
    assert all(h.chunk.document != DOC_C for h in fresh.ask("dermatologie0a pratique").hits)
    # and the next build goes through
    assert build(settings, embedder).added == (DOC_C,)


# --- settings that do not match the index ----------------------------------------------------


class OtherModel(FakeEmbedder):
    name = "another-model"


@pytest.mark.parametrize(
    ("change", "embedder", "words"),
    [
        ({}, FakeEmbedder(dimension=32), "model.dimension=64"),
        ({}, OtherModel(), "model.name='fake-hash-embedder'"),
        ({"chunk_words": 90}, FakeEmbedder(), "chunking.words=120"),
        ({"chunk_overlap_sentences": 0}, FakeEmbedder(), "chunking.overlap_sentences=1"),
        ({"query_prefix": "q: "}, FakeEmbedder(), "model.query_prefix='query: '"),
    ],
)
def test_mismatched_settings_are_refused(
    settings: Settings, change: dict[str, object], embedder: FakeEmbedder, words: str
) -> None:
    build(settings, FakeEmbedder())
    other = settings.model_copy(update=change)
    with pytest.raises(IndexMismatch) as info:
        load_index(other.index_dir, expected(other, embedder))
    message = str(info.value)
    assert words in message
    assert "rebuild with `santeqa index`" in message
    engine = Engine(other, embedder=embedder)
    with pytest.raises(IndexMismatch):
        engine.ask("cardiologie")


def test_missing_index(settings: Settings) -> None:
    with pytest.raises(IndexMissing):
        load_index(settings.index_dir, None)


# --- damaged generations ---------------------------------------------------------------------


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def delete(path: Path) -> None:
    path.unlink()


def garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage{{")


def json_but_not_a_manifest(path: Path) -> None:
    path.write_text("[1, 2, 3]", encoding="utf-8")


def empty_manifest(path: Path) -> None:
    path.write_text("{}", encoding="utf-8")


def bad_file_entry(path: Path) -> None:
    manifest = json.loads(path.read_text("utf-8"))
    manifest["files"]["chunks.jsonl"] = {"size": 1}
    path.write_text(json.dumps(manifest), encoding="utf-8")


DAMAGES: list[tuple[str, Callable[[Path], None], str]] = [
    ("chunk_vectors.npy", flip_bytes, "chunk_vectors.npy fails its checksum"),
    ("chunks.jsonl", truncate, "chunks.jsonl has"),
    ("dense.faiss", delete, "dense.faiss is missing"),
    ("manifest.json", garbage, "manifest.json"),
    ("manifest.json", json_but_not_a_manifest, "manifest.json"),
    ("manifest.json", empty_manifest, "manifest.json"),
    ("manifest.json", bad_file_entry, "manifest.json"),
    ("manifest.json", delete, "manifest.json is missing"),
]
DAMAGE_IDS = [f"{name}-{how.__name__}" for name, how, _ in DAMAGES]


@pytest.mark.parametrize(("name", "damage", "reason"), DAMAGES, ids=DAMAGE_IDS)
def test_damaged_generation_falls_back_to_previous(
    settings: Settings, name: str, damage: Callable[[Path], None], reason: str
) -> None:
    embedder = FakeEmbedder()
    first = build(settings, embedder).generation
    write_document(settings.corpus_dir, DOC_C, document("dermatologie"))
    second = build(settings, embedder).generation
    damage(settings.index_dir / second / name)

    outcome = load_index(settings.index_dir, expected(settings, embedder))
    assert outcome.index.generation == first
    assert outcome.fallback_reason is not None
    assert second in outcome.fallback_reason and reason in outcome.fallback_reason

    engine = Engine(settings, embedder=embedder)
    assert engine.info().generation == first
    assert engine.fallback_reason() == outcome.fallback_reason
    result = engine.ask("cardiologie0a pratique de soin")
    assert result.index.generation == first
    assert {h.chunk.id for h in result.hits} <= index_ids(settings, first)


@pytest.mark.parametrize(("name", "damage", "reason"), DAMAGES, ids=DAMAGE_IDS)
def test_damaged_generation_without_previous_is_refused(
    settings: Settings, name: str, damage: Callable[[Path], None], reason: str
) -> None:
    embedder = FakeEmbedder()
    only = build(settings, embedder).generation
    damage(settings.index_dir / only / name)
    with pytest.raises(IndexCorrupt) as info:
        load_index(settings.index_dir, expected(settings, embedder))
    assert reason in str(info.value)
    engine = Engine(settings, embedder=embedder)
    with pytest.raises(IndexCorrupt):
        engine.ask("cardiologie")
    assert engine.fallback_reason() is None


def test_both_generations_damaged(settings: Settings) -> None:
    embedder = FakeEmbedder()
    first = build(settings, embedder).generation
    second = build(settings, embedder).generation
    flip_bytes(settings.index_dir / first / "sentence_vectors.npy")
    delete(settings.index_dir / second / "keys.json")
    with pytest.raises(IndexCorrupt, match=r"keys\.json is missing"):
        load_index(settings.index_dir, expected(settings, embedder))


def test_pointer_to_a_missing_or_odd_generation(settings: Settings) -> None:
    embedder = FakeEmbedder()
    first = build(settings, embedder).generation
    second = build(settings, embedder).generation
    shutil.rmtree(settings.index_dir / second)
    outcome = load_index(settings.index_dir, expected(settings, embedder))
    assert outcome.index.generation == first
    assert "does not exist" in str(outcome.fallback_reason)
    (settings.index_dir / POINTER).write_text("../../etc\n", encoding="utf-8")
    with pytest.raises(IndexCorrupt, match="not a generation"):
        load_index(settings.index_dir, expected(settings, embedder))


def test_damaged_cache_does_not_poison_the_next_build(settings: Settings) -> None:
    embedder = FakeEmbedder()
    first = build(settings, embedder)
    flip_bytes(settings.index_dir / first.generation / "chunk_vectors.npy")
    second = build(settings, FakeEmbedder())
    # the damaged generation is not used as a cache: everything is embedded again
    assert second.embedded == first.embedded
    outcome = load_index(settings.index_dir, expected(settings, embedder))
    assert outcome.index.generation == second.generation
    assert outcome.fallback_reason is None


# --- OS errors are not damage; messages name no server path ----------------------------------


@pytest.mark.parametrize("code", [errno.EIO, errno.EMFILE, errno.EACCES])
def test_a_read_error_is_unavailable_not_corrupt(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    embedder = FakeEmbedder()
    build(settings, embedder)
    second = build(settings, embedder).generation
    real_sha = generation_module.sha256_of

    def failing(path: Path) -> str:
        if path.name == "dense.faiss" and path.parent.name == second:
            raise OSError(code, os.strerror(code), str(path))
        return real_sha(path)

    monkeypatch.setattr(generation_module, "sha256_of", failing)
    # not damaged: no fallback to the previous generation, an error to retry instead
    with pytest.raises(IndexUnavailable) as info:
        load_index(settings.index_dir, expected(settings, embedder))
    assert str(info.value) == f"{second}: a file cannot be read right now ({os.strerror(code)})"


def test_error_messages_name_no_server_path(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(IndexMissing) as missing:
        Engine(settings, embedder=FakeEmbedder()).info()
    embedder = FakeEmbedder()
    name = build(settings, embedder).generation

    def unreadable(path: str) -> None:  # what faiss says of a file it cannot parse
        raise RuntimeError(f"Error in faiss::FileIOReader: could not open {path} for reading")

    monkeypatch.setattr(faiss, "read_index", unreadable)
    with pytest.raises(IndexCorrupt) as corrupt:
        load_index(settings.index_dir, expected(settings, embedder))
    monkeypatch.undo()
    with pytest.raises(BuildInProgress) as busy, build_lock(settings.index_dir):
        build(settings, embedder)
    for message in (str(missing.value), str(corrupt.value), str(busy.value)):
        assert str(settings.index_dir.parent) not in message, message
    assert f"could not open {name}/dense.faiss for reading" in str(corrupt.value)
