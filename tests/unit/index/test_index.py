"""The index: build and load a generation over a tiny literal corpus (FakeEmbedder)."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from santeqa import __version__
from santeqa.codec import chunk_from_json, chunk_to_json, document_from_json, document_to_json
from santeqa.embed import FakeEmbedder
from santeqa.errors import IndexCorrupt, IndexMismatch, IndexMissing
from santeqa.index import (
    DATA_FILES,
    POINTER,
    LoadedIndex,
    check_config,
    expected_config,
    load_index,
    published_generation,
    read_manifest,
    retrieval_text,
    verify,
)
from santeqa.index.build import build
from santeqa.index.generation import FORMAT_VERSION
from santeqa.index.loaded import question_glossary
from santeqa.records import Document, GlossaryEntry
from santeqa.settings import Settings
from santeqa.text import ANALYSIS_VERSION
from tests.tiny import (
    ARS_NOTE,
    FUNDING,
    GLOSSARY,
    NAME,
    OPENING,
    REGION_NOTE,
    WORDS,
    report,
    tiny_settings,
    write_document,
    write_words,
)

# Two pages (form feed), a heading path, two notes with their URLs, a glossary page; page 1
# has a second paragraph.
REPORT = report(
    [
        *OPENING,
        "",
        "Les médecins utilisent une messagerie sécurisée pour échanger avec les",
        "pharmaciens et les infirmiers.",
        *ARS_NOTE,
    ],
    [*FUNDING, *REGION_NOTE],
    GLOSSARY,
)


def _settings(base: Path, **kw: object) -> Settings:
    if not (base / "corpus" / NAME).exists():
        write_document(base / "corpus", NAME, REPORT)
    write_words(base / "words.txt", *WORDS, "région")
    return tiny_settings(base, **kw)


def _expected(settings: Settings, embedder: FakeEmbedder) -> dict[str, object]:
    return expected_config(settings, embedder.name, embedder.dimension)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, LoadedIndex]:
    settings = _settings(tmp_path_factory.mktemp("index"))
    embedder = FakeEmbedder()
    build(settings, embedder)
    outcome = load_index(settings.index_dir, _expected(settings, embedder))
    assert outcome.fallback_reason is None
    return settings, outcome.index


def _fresh(tmp_path: Path) -> tuple[Settings, Path, dict[str, object]]:
    """A build of its own (for tests that damage it)."""
    settings = _settings(tmp_path)
    report = build(settings, FakeEmbedder())
    folder = settings.index_dir / report.generation
    return settings, folder, read_manifest(folder)


# ----------------------------------------------------------------------------------------
# build, manifest, load


def test_manifest_fields(built: tuple[Settings, LoadedIndex]) -> None:
    settings, idx = built
    m = idx.manifest
    assert published_generation(settings.index_dir) == idx.generation == m["generation"]
    assert idx.generation.startswith("gen-")
    assert m["model"] == {
        "name": "fake-hash-embedder",
        "dimension": 64,
        "query_prefix": "query: ",
        "passage_prefix": "passage: ",
    }
    assert m["chunking"] == {"words": 120, "max_words": 160, "overlap_sentences": 1}
    assert m["analysis"] == {"version": ANALYSIS_VERSION}
    raw = (settings.corpus_dir / NAME).read_bytes()
    assert m["corpus"] == {NAME: hashlib.sha256(raw).hexdigest()}
    assert m["skipped"] == {}
    assert m["previous"] is None
    assert m["versions"]["santeqa"] == __version__
    assert {"python", "numpy", "faiss-cpu", "bm25s"} <= set(m["versions"])
    assert datetime.fromisoformat(m["built_at"]).tzinfo is not None
    assert idx.built_at == m["built_at"] and idx.model == "fake-hash-embedder"
    # every file of the generation is listed with its size and checksum, and nothing else
    folder = settings.index_dir / idx.generation
    on_disk = {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert set(m["files"]) == on_disk
    assert set(DATA_FILES) <= on_disk
    assert any(name.startswith("lexical/") for name in on_disk)
    for rel, meta in m["files"].items():
        data = (folder / rel).read_bytes()
        assert meta == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}, rel


def test_counts_are_consistent(built: tuple[Settings, LoadedIndex]) -> None:
    settings, idx = built
    folder = settings.index_dir / idx.generation
    counts = idx.manifest["counts"]
    kinds = [c.kind for c in idx.chunks]
    assert kinds.count("body") == 2  # one passage per section
    assert kinds.count("note") == 2
    assert kinds.count("glossary") == 2
    sentences = sum(len(c.sentences) for c in idx.chunks)
    assert counts == {
        "documents": 1,
        "chunks": len(idx.chunks),
        "sentences": sentences,
        "acronyms_defined_in_text": 0,
    }
    lines = (folder / "chunks.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == len(idx.chunks)
    assert idx.chunk_vectors.shape == (len(idx.chunks), 64)
    assert idx.sentence_vectors.shape == (sentences, 64)
    assert idx.sentence_offsets[-1] == sentences
    assert idx.dense.ntotal == len(idx.chunks)
    assert idx.lexical.size == len(idx.chunks)
    keys = json.loads((folder / "keys.json").read_text("utf-8"))
    assert len(keys["chunks"]) == len(idx.chunks) and len(keys["sentences"]) == sentences
    # vectors are L2-normalised (inner product is cosine)
    assert np.allclose(np.linalg.norm(idx.chunk_vectors, axis=1), 1.0, atol=1e-5)
    # the rows of a chunk's sentences are its sentences' vectors
    body = idx.chunks[0]
    rows = idx.sentence_rows(0)
    assert len(rows) == len(body.sentences)
    for j, s in enumerate(body.sentences):
        want = FakeEmbedder().embed_passages([body.text[s.start : s.end]])[0]
        assert np.allclose(idx.sentence_vectors[rows.start + j], want)


def test_every_word_of_the_passages_is_embedded_once(built: tuple[Settings, LoadedIndex]) -> None:
    settings, idx = built
    folder = settings.index_dir / idx.generation
    # sorted, lower case, at least four letters, each once (« pharmaciens », « sécurisée »)
    assert list(idx.words) == sorted(set(idx.words))
    assert {"pharmaciens", "sécurisée", "messagerie"} <= set(idx.words)
    assert all(len(w) >= 4 and w == w.lower() for w in idx.words)
    assert "sécurisee" not in idx.words and "securisee" in idx.known_words  # folded for lookup
    assert json.loads((folder / "words.json").read_text("utf-8")) == list(idx.words)
    assert idx.word_vectors is not None and idx.word_vectors.shape == (len(idx.words), 64)
    row = idx.words.index("pharmaciens")
    assert np.allclose(idx.word_vectors[row], FakeEmbedder().embed_passages(["pharmaciens"])[0])
    keys = json.loads((folder / "keys.json").read_text("utf-8"))
    assert len(keys["words"]) == len(idx.words)


def test_word_vectors_that_do_not_match_the_words_are_refused(tmp_path: Path) -> None:
    settings, folder, manifest = _fresh(tmp_path)
    words = json.loads((folder / "words.json").read_text("utf-8"))
    data = json.dumps(words[:-1]).encode()
    (folder / "words.json").write_bytes(data)
    # listed with its new size and checksum: intact as a file, inconsistent as an index
    manifest["files"]["words.json"] = {  # type: ignore[index]
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexCorrupt, match="word vectors do not match the words"):
        load_index(settings.index_dir, None)


def test_loaded_records(built: tuple[Settings, LoadedIndex]) -> None:
    _s, idx = built
    doc = idx.documents[NAME]
    assert [p.number for p in doc.pages] == [1, 2, 3]
    notes = {n.number: n for n in doc.footnotes}
    assert notes[1].urls == ("https://www.ars.sante.fr/enquete-telemedecine-2023",)
    assert notes[2].page == 2
    assert idx.notes[(NAME, 1)] == notes[1]
    assert [g.acronym for g in idx.glossary] == ["ARS", "DMP"]
    body = idx.chunks[0]
    assert body.section == ("Télémédecine en région", "Les téléconsultations")
    assert body.footnotes == (1,)
    assert idx.footnotes_of(body) == [notes[1]]
    assert "dubois" not in idx.common_words and "plateforme" in idx.common_words


def test_no_index_is_missing(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing):
        load_index(tmp_path / "nothing", None)


def test_skipped_documents_are_recorded_in_the_manifest_and_the_report(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    (settings.corpus_dir / "vide.txt").write_bytes(b"")
    (settings.corpus_dir / "illisible.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    report = build(settings, FakeEmbedder())
    manifest = read_manifest(settings.index_dir / report.generation)
    assert set(manifest["skipped"]) == {"vide.txt", "illisible.pdf"}
    assert manifest["skipped"]["vide.txt"] == "empty file"
    assert manifest["skipped"]["illisible.pdf"]  # a reason, whatever the parser says
    assert manifest["corpus"].keys() == {NAME} and report.documents == 1
    assert {(s.name, s.reason) for s in report.skipped} == set(manifest["skipped"].items())
    lines = report.summary().splitlines()
    for name, reason in manifest["skipped"].items():
        assert f"skipped {name}: {reason}" in lines


def test_second_build_reuses_vectors_and_keeps_previous(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    first = build(settings, FakeEmbedder())
    assert first.added == (NAME,) and first.embedded > 0 and first.reused == 0
    embedder = FakeEmbedder()
    second = build(settings, embedder)
    assert second.unchanged == (NAME,) and second.added == ()
    assert second.embedded == 0 and embedder.calls == 0
    assert second.reused == first.embedded
    assert read_manifest(settings.index_dir / second.generation)["previous"] == first.generation
    assert published_generation(settings.index_dir) == second.generation


# ----------------------------------------------------------------------------------------
# verification and configuration


def test_verify_accepts_an_intact_generation(tmp_path: Path) -> None:
    _s, folder, manifest = _fresh(tmp_path)
    verify(folder, manifest)  # no exception


@pytest.mark.parametrize("name", ["chunks.jsonl", "chunk_vectors.npy", "documents.json"])
def test_verify_detects_a_flipped_byte(tmp_path: Path, name: str) -> None:
    settings, folder, manifest = _fresh(tmp_path)
    path = folder / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match=name.replace(".", r"\.")):
        verify(folder, manifest)
    # the only generation is damaged: loading refuses it
    with pytest.raises(IndexCorrupt, match=name.replace(".", r"\.")):
        load_index(settings.index_dir, None)


def test_verify_detects_a_missing_file(tmp_path: Path) -> None:
    settings, folder, manifest = _fresh(tmp_path)
    (folder / "sentence_vectors.npy").unlink()
    with pytest.raises(IndexCorrupt, match=r"sentence_vectors\.npy is missing"):
        verify(folder, manifest)
    with pytest.raises(IndexCorrupt, match=r"sentence_vectors\.npy"):
        load_index(settings.index_dir, None)


def test_verify_detects_a_truncated_file_and_an_unlisted_data_file(tmp_path: Path) -> None:
    _s, folder, manifest = _fresh(tmp_path)
    listed: dict[str, object] = manifest["files"]  # type: ignore[assignment]
    files = {k: v for k, v in listed.items() if k != "dense.faiss"}
    with pytest.raises(IndexCorrupt, match=r"does not list dense\.faiss"):
        verify(folder, {**manifest, "files": files})
    path = folder / "keys.json"
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(IndexCorrupt, match=r"keys\.json has \d+ bytes"):
        verify(folder, manifest)


def test_damaged_generation_falls_back_to_the_previous_one(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    first = build(settings, FakeEmbedder())
    second = build(settings, FakeEmbedder())
    (settings.index_dir / second.generation / "dense.faiss").unlink()
    outcome = load_index(settings.index_dir, None)
    assert outcome.index.generation == first.generation
    assert outcome.fallback_reason is not None and "dense.faiss" in outcome.fallback_reason


@pytest.mark.parametrize(
    ("change", "setting"),
    [
        ({"model": "another-model"}, "model.name"),
        ({"query_prefix": "question: "}, "model.query_prefix"),
        ({"passage_prefix": ""}, "model.passage_prefix"),
        ({"chunk_words": 80}, "chunking.words"),
        ({"chunk_max_words": 200}, "chunking.max_words"),
        ({"chunk_overlap_sentences": 0}, "chunking.overlap_sentences"),
    ],
)
def test_check_config_refuses_other_settings(
    built: tuple[Settings, LoadedIndex], change: dict[str, object], setting: str
) -> None:
    settings, idx = built
    other = settings.model_copy(update=change)
    name = str(change.get("model", "fake-hash-embedder"))
    expected = expected_config(other, name, 64)
    with pytest.raises(IndexMismatch, match=setting.replace(".", r"\.")) as err:
        check_config(idx.manifest, expected, idx.generation)
    assert "santeqa index" in str(err.value)
    # a mismatch is refused outright (no fallback to an older generation)
    with pytest.raises(IndexMismatch, match=setting.replace(".", r"\.")):
        load_index(settings.index_dir, expected)


def test_check_config_refuses_another_analysis(built: tuple[Settings, LoadedIndex]) -> None:
    """An index whose terms were analysed otherwise (an older version) is rebuilt, not read."""
    settings, idx = built
    expected = expected_config(settings, "fake-hash-embedder", 64)
    check_config(idx.manifest, expected, idx.generation)  # as built: accepted
    expected["analysis"] = {"version": ANALYSIS_VERSION + 1}
    with pytest.raises(IndexMismatch, match=r"analysis\.version") as err:
        check_config(idx.manifest, expected, idx.generation)
    assert "santeqa index" in str(err.value)


def test_check_config_refuses_another_dimension(built: tuple[Settings, LoadedIndex]) -> None:
    settings, idx = built
    with pytest.raises(IndexMismatch, match=r"model\.dimension"):
        check_config(idx.manifest, expected_config(settings, "fake-hash-embedder", 32), "g")
    check_config(idx.manifest, expected_config(settings, "fake-hash-embedder", 64), "g")


def test_pointer_to_a_missing_generation(tmp_path: Path) -> None:
    settings, folder, _m = _fresh(tmp_path)
    (settings.index_dir / POINTER).write_text("gen-nowhere\n", encoding="utf-8")
    outcome = load_index(settings.index_dir, None)  # the intact generation is served instead
    assert outcome.index.generation == folder.name
    assert outcome.fallback_reason is not None and "gen-nowhere" in outcome.fallback_reason
    shutil.rmtree(folder)
    with pytest.raises(IndexCorrupt, match="gen-nowhere"):
        load_index(settings.index_dir, None)


# ----------------------------------------------------------------------------------------
# what is embedded


def test_retrieval_text_of_a_body_chunk_carries_its_notes(
    built: tuple[Settings, LoadedIndex],
) -> None:
    _s, idx = built
    body = next(c for c in idx.chunks if c.kind == "body" and c.footnotes == (1,))
    text = retrieval_text(body, idx.notes, idx.citing)
    assert body.text in text
    assert "Télémédecine en région Les téléconsultations" in text  # the section path
    assert "1. Enquête de l’Agence Régionale de Santé sur la télémédecine (ars.sante.fr)" in text
    assert "Communiqué du Conseil régional" not in text  # a note it does not cite


def test_retrieval_text_of_a_note_carries_its_citing_sentences(
    built: tuple[Settings, LoadedIndex],
) -> None:
    _s, idx = built
    note = next(c for c in idx.chunks if c.kind == "note" and c.footnotes == (2,))
    text = retrieval_text(note, idx.notes, idx.citing)
    assert text.endswith(note.text)
    assert "Le projet est dirigé par Claire Dubois, directrice de l’innovation." in text
    assert "12 500" not in text  # a sentence citing another note
    assert idx.citing[(NAME, 1)] == [
        "La plateforme régionale a réalisé 12 500 téléconsultations en 2023 selon une enquête."
    ]


def test_retrieval_text_of_a_glossary_entry_is_its_text(
    built: tuple[Settings, LoadedIndex],
) -> None:
    _s, idx = built
    entry = next(c for c in idx.chunks if c.kind == "glossary" and c.section[-1] == "DMP")
    assert "Dossier Médical Partagé" in retrieval_text(entry, idx.notes, idx.citing)


# ----------------------------------------------------------------------------------------
# codec and reproducibility


def test_codec_round_trip_is_lossless(built: tuple[Settings, LoadedIndex]) -> None:
    _s, idx = built
    for chunk in idx.chunks:
        data = json.loads(json.dumps(chunk_to_json(chunk), ensure_ascii=False))
        assert chunk_from_json(data) == chunk
    for doc in idx.documents.values():
        data = json.loads(json.dumps(document_to_json(doc), ensure_ascii=False))
        back = document_from_json(data)
        assert back == doc
        assert back.repairs == doc.repairs and back.repairs["footnote_markers"] == 2
        assert back.pages == doc.pages and back.paragraphs == doc.paragraphs


def _with_acronyms(name: str, glossary: tuple[str, ...], defined: tuple[str, ...]) -> Document:
    rows = tuple(GlossaryEntry(name, a, f"{a} du glossaire", 9) for a in glossary)
    body = tuple(GlossaryEntry(name, a, f"{a} du texte", 2, "body", 0, 4, 14) for a in defined)
    return Document(name, "0" * 64, (), (), (), rows, {}, body)


def test_acronyms_defined_in_the_text_round_trip_with_their_provenance() -> None:
    doc = _with_acronyms("a.txt", ("ARS",), ("MJS",))
    back = document_from_json(json.loads(json.dumps(document_to_json(doc))))
    assert back.acronyms == doc.acronyms and back.acronyms[0].source == "body"
    assert (back.acronyms[0].where, back.acronyms[0].start, back.acronyms[0].end) == (0, 4, 14)


def test_the_question_glossary_adds_the_texts_acronyms_that_no_glossary_has() -> None:
    docs = [
        _with_acronyms("a.txt", ("ARS",), ("MJS", "CRN")),
        _with_acronyms("b.txt", ("CRN",), ("MJS",)),
    ]
    found = [(g.document, g.acronym, g.source) for g in question_glossary(docs)]
    assert found == [
        ("a.txt", "ARS", "glossary"),
        ("b.txt", "CRN", "glossary"),
        ("a.txt", "MJS", "body"),
    ]


def test_an_index_of_the_previous_format_is_refused(tmp_path: Path) -> None:
    _s, folder, manifest = _fresh(tmp_path)
    manifest["format_version"] = FORMAT_VERSION - 1
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatch, match="rebuild with `santeqa index`"):
        read_manifest(folder)


def test_chunk_ids_are_content_hashes_and_builds_reproducible(
    built: tuple[Settings, LoadedIndex], tmp_path: Path
) -> None:
    settings, idx = built
    assert len({c.id for c in idx.chunks}) == len(idx.chunks)
    # the same corpus, copied elsewhere and built again, gives the same ids and vectors
    again = _settings(tmp_path)
    report = build(again, FakeEmbedder())
    other = load_index(again.index_dir, None).index
    assert [c.id for c in other.chunks] == [c.id for c in idx.chunks]
    assert other.chunks == idx.chunks
    assert np.array_equal(other.chunk_vectors, idx.chunk_vectors)
    assert report.generation.rsplit("-", 1)[1] == idx.generation.rsplit("-", 1)[1]
    # a change of text changes the id of that passage only
    path = again.corpus_dir / NAME
    path.write_text(REPORT.replace("3 millions", "4 millions"), encoding="utf-8")
    build(again, FakeEmbedder())
    changed = load_index(again.index_dir, None).index
    old = {c.id for c in idx.chunks}
    new = {c.id for c in changed.chunks}
    assert len(new - old) == 1 and len(old - new) == 1
    (gone,) = old - new
    assert "3 millions" in next(c.text for c in idx.chunks if c.id == gone)
    assert settings.corpus_dir != again.corpus_dir
