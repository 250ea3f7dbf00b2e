"""Reading the corpus folder: good files read, bad ones skipped with a reason."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from santeqa.errors import CorpusError
from santeqa.ingest import Limits, read_corpus
from santeqa.settings import Settings
from tests.unit.ingest.samples import LEX, PDF_PAGES, encrypted, make_pdf


def test_bad_files_are_skipped_the_others_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-bon.txt").write_text("Un texte lisible.\n", encoding="utf-8")
    (corpus / "b-vide.txt").write_bytes(b"")
    (corpus / "c-binaire.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "d-garbage.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(300))
    (corpus / "e-chiffre.pdf").write_bytes(encrypted(make_pdf(PDF_PAGES)))
    (corpus / "f-bon.pdf").write_bytes(make_pdf(PDF_PAGES))
    (corpus / "g-latin1.txt").write_bytes("Un texte accentué, déjà lu.\n".encode("cp1252"))
    (corpus / "h-bruit.txt").write_bytes(bytes(b % 31 + 1 for b in os.urandom(500)) + b"\xff")
    (corpus / "i-blanc.txt").write_text("   \n\n  ", encoding="utf-8")
    (corpus / "notes.md").write_text("ignoré", encoding="utf-8")
    outside = tmp_path / "dehors.txt"
    outside.write_text("Hors du corpus.\n", encoding="utf-8")
    (corpus / "j-lien.txt").symlink_to(outside)
    (corpus / "k-lien-interne.txt").symlink_to(corpus / "a-bon.txt")

    with caplog.at_level(logging.WARNING, logger="santeqa.ingest"):
        docs, skipped = read_corpus(corpus, LEX)
    assert [d.name for d in docs] == [
        "a-bon.txt",
        "f-bon.pdf",
        "g-latin1.txt",
        "k-lien-interne.txt",
    ]
    reasons = {s.name: s.reason for s in skipped}
    assert sorted(reasons) == [
        "b-vide.txt",
        "c-binaire.txt",
        "d-garbage.pdf",
        "e-chiffre.pdf",
        "h-bruit.txt",
        "i-blanc.txt",
        "j-lien.txt",
    ]
    assert "empty" in reasons["b-vide.txt"]
    assert "binary" in reasons["c-binaire.txt"]
    assert "PDF" in reasons["d-garbage.pdf"]
    assert "password" in reasons["e-chiffre.pdf"]
    assert "outside" in reasons["j-lien.txt"]
    assert docs[2].paragraphs[0].text == "Un texte accentué, déjà lu."
    assert all(s.name in caplog.text for s in skipped)


def test_missing_corpus_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError):
        read_corpus(tmp_path / "absent", LEX)


def test_limits_default_to_the_settings_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MAX_DOCUMENT_BYTES", "PARSE_MEMORY_MB", "PARSE_TIMEOUT_S", "MAX_PAGES"):
        monkeypatch.delenv(f"SANTEQA_{name}", raising=False)
    assert Limits() == Limits.from_settings(Settings())
    assert Limits().max_document_bytes == 50 * 2**20
    assert Limits.from_settings(Settings(max_pages=7)).max_pages == 7
