"""Hostile documents never hurt the build: each is skipped with a clear reason (or read safely),
the good document next to it is still read, and memory and time stay bounded.

Every test puts one hostile file in a corpus next to ``a-bon.txt``.
"""

from __future__ import annotations

import io
import os
import resource
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from santeqa.ingest import Limits, pdf, read_corpus
from santeqa.ingest.lexicon import Lexicon
from santeqa.ingest.pdf_child import clean_text
from santeqa.records import Document, Skipped
from santeqa.settings import Settings
from tests.unit.ingest.samples import pdf_of_objects

LEX = Lexicon(frozenset({"texte", "lisible", "le", "médecin", "patient"}))
GOOD = "Un texte lisible par le médecin.\n"
MB = 2**20


# ----------------------------------------------------------------------------------------
# helpers


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-bon.txt").write_text(GOOD, encoding="utf-8")
    return corpus


def _read(corpus: Path, limits: Limits | None = None) -> tuple[list[Document], dict[str, str]]:
    docs, skipped = read_corpus(corpus, LEX, limits=limits or Limits())
    assert "a-bon.txt" in [d.name for d in docs], skipped  # the good one is always read
    return docs, {s.name: s.reason for s in skipped}


def _skipped_alone(corpus: Path, name: str, limits: Limits | None = None) -> str:
    """Read the corpus; ``name`` must be the one file skipped. Its reason."""
    docs, reasons = _read(corpus, limits)
    assert [d.name for d in docs] == ["a-bon.txt"]
    assert list(reasons) == [name]
    return reasons[name]


def _stream(data: bytes, extra: bytes = b"", *, flate: bool = False) -> bytes:
    filt = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length %d%s %s >>\nstream\n%s\nendstream" % (len(data), filt, extra, data)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents %s >>"


def _text_pdf(pages: list[str]) -> bytes:
    """One text line a page (ASCII), all pages sharing the font."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    kids = []
    n = 4
    for text in pages:
        objects[n + 1] = _stream(b"BT /F1 12 Tf 72 770 Td (%s) Tj ET" % text.encode("ascii"))
        objects[n] = PAGE % (b"/Font << /F1 3 0 R >>", b"%d 0 R" % (n + 1))
        kids.append(b"%d 0 R" % n)
        n += 2
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return pdf_of_objects(objects)


def _deflated(head: bytes, zeros: int) -> bytes:
    """zlib of ``head`` then ``zeros`` NUL bytes (PDF white space), built 1 MB at a time."""
    z = zlib.compressobj(9)
    parts = [z.compress(head)]
    chunk = bytes(MB)
    for _ in range(zeros // MB):
        parts.append(z.compress(chunk))
    parts.append(z.compress(bytes(zeros % MB)))
    parts.append(z.flush())
    return b"".join(parts)


HEAD = b"BT /F1 12 Tf 72 770 Td (Bonjour) Tj ET\n"


def _content_bomb(inflated: int) -> bytes:
    """One page whose one content stream inflates to ``inflated`` bytes."""
    return pdf_of_objects(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: PAGE % (b"/Font << /F1 4 0 R >>", b"5 0 R"),
            4: FONT,
            5: _stream(_deflated(HEAD, inflated), flate=True),
        }
    )


def _xobject_bomb(count: int, inflated: int) -> bytes:
    """One page drawing ``count`` form XObjects, each a stream inflating to ``inflated``
    bytes: every stream stays under pypdf's own per-stream limit (75 MB)."""
    body = _stream(
        _deflated(HEAD, inflated),
        b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>",
        flate=True,
    )
    names = b" ".join(b"/X%d %d 0 R" % (i, 6 + i) for i in range(count))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: PAGE % (b"/Font << /F1 4 0 R >> /XObject << %s >>" % names, b"5 0 R"),
        4: FONT,
        5: _stream(b" ".join(b"/X%d Do" % i for i in range(count))),
    }
    objects.update({6 + i: body for i in range(count)})
    return pdf_of_objects(objects)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB


# ----------------------------------------------------------------------------------------
# decompression bombs


def test_bomb_constructions_are_valid_pdfs_when_small(tmp_path: Path) -> None:
    """The bombs below are skipped for their size, not for being malformed."""
    corpus = _corpus(tmp_path)
    (corpus / "b-contenu.pdf").write_bytes(_content_bomb(MB))
    (corpus / "c-xobjets.pdf").write_bytes(_xobject_bomb(3, MB))
    docs, reasons = _read(corpus)
    assert reasons == {}
    by_name = {d.name: d for d in docs}
    assert by_name["b-contenu.pdf"].pages[0].raw.strip() == "Bonjour"
    assert by_name["c-xobjets.pdf"].pages[0].raw.split() == ["Bonjour"] * 3


def test_content_stream_bomb_is_skipped_with_bounded_memory_and_time(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    bomb = _content_bomb(320 * MB)
    assert len(bomb) < MB  # ~320 KB on disk, 320 MB inflated
    (corpus / "b-bombe.pdf").write_bytes(bomb)
    del bomb

    rss_before = _rss_mb()
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        reason = _skipped_alone(corpus, "b-bombe.pdf")  # default limits
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "too large or too slow" in reason
    assert elapsed < 30
    assert peak < 20 * MB  # Python allocations of this process while reading
    assert _rss_mb() - rss_before < 200


def test_xobject_bomb_hits_the_memory_limit(tmp_path: Path) -> None:
    """6 × 70 MB streams, each under pypdf's own limit: only our memory cap stops it."""
    corpus = _corpus(tmp_path)
    (corpus / "b-bombe.pdf").write_bytes(_xobject_bomb(6, 70_000_000))
    rss_before = _rss_mb()
    t0 = time.perf_counter()
    reason = _skipped_alone(corpus, "b-bombe.pdf", Limits(parse_memory_mb=128))
    assert time.perf_counter() - t0 < 20
    assert reason == "PDF too large or too slow: memory limit 128 MB reached"
    assert _rss_mb() - rss_before < 200


def test_xobject_bomb_hits_the_time_limit(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "b-bombe.pdf").write_bytes(_xobject_bomb(6, 70_000_000))
    t0 = time.perf_counter()
    reason = _skipped_alone(corpus, "b-bombe.pdf", Limits(parse_timeout_s=1.5))
    assert time.perf_counter() - t0 < 6
    assert reason == "PDF too large or too slow: time limit 1.5 s reached"


def test_parser_process_killed_is_a_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "b-doc.pdf").write_bytes(_text_pdf(["Bonjour"]))
    monkeypatch.setattr(pdf, "_CHILD_PROGRAM", ("-c", "import os; os.kill(os.getpid(), 9)"))
    reason = _skipped_alone(corpus, "b-doc.pdf")
    assert reason.startswith(
        "PDF too large or too slow: the parser process died (killed by SIGKILL"
    )


# ----------------------------------------------------------------------------------------
# broken and odd PDFs


def test_truncated_pdf(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    data = _text_pdf(["Bonjour", "Au revoir"])
    (corpus / "b-tronque.pdf").write_bytes(data[: len(data) * 2 // 3])
    reason = _skipped_alone(corpus, "b-tronque.pdf")
    assert reason.startswith("unreadable PDF (")


def test_encrypted_pdf(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_text_pdf(["Secret"]))))
    writer.encrypt(user_password="motdepasse", algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    (corpus / "b-chiffre.pdf").write_bytes(buf.getvalue())
    assert _skipped_alone(corpus, "b-chiffre.pdf") == "encrypted PDF: a password is required"


def test_pdf_with_thousands_of_pages(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "b-pages.pdf").write_bytes(_text_pdf([f"Page {i}" for i in range(2500)]))
    t0 = time.perf_counter()
    assert _skipped_alone(corpus, "b-pages.pdf") == "too many pages (2500 > limit 2000)"
    assert time.perf_counter() - t0 < 10


def test_pdf_page_and_document_text_caps(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "b-long.pdf").write_bytes(_text_pdf(["Bonjour " * 200, "Bonjour"]))
    reason = _skipped_alone(corpus, "b-long.pdf", Limits(max_page_chars=1000))
    assert reason == "too much text on page 1 (1600 characters > limit 1000)"
    (corpus / "b-long.pdf").write_bytes(_text_pdf(["Bonjour " * 100] * 3))
    reason = _skipped_alone(corpus, "b-long.pdf", Limits(max_document_chars=2000))
    assert reason == "too much text (over 2000 characters)"


def test_pdf_text_is_made_safe_to_store() -> None:
    """pypdf may return lone surrogates (bad /ToUnicode maps) or NULs."""
    assert clean_text("a\ud835\udc00b\ud800c\x00d") == "a\U0001d400b\ufffdcd"


# ----------------------------------------------------------------------------------------
# text files


def test_binary_file_named_txt(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    noise = bytearray(os.urandom(4096))
    noise[::97] = bytes(len(noise[::97]))  # NULs here and there
    (corpus / "b-binaire.txt").write_bytes(bytes(noise))
    assert _skipped_alone(corpus, "b-binaire.txt") == "binary content, not text"


@pytest.mark.parametrize("name", ["b-vide.txt", "b-vide.pdf"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    corpus = _corpus(tmp_path)
    (corpus / name).write_bytes(b"")
    assert _skipped_alone(corpus, name) == "empty file"


def test_invalid_utf8_few_bad_bytes_are_replaced(tmp_path: Path) -> None:
    """Decision: UTF-8 with a few invalid bytes is read; they become U+FFFD, accents stay."""
    corpus = _corpus(tmp_path)
    text = "Le médecin reçoit le patient à l’hôpital. " * 20
    data = text.encode("utf-8").replace(b"re\xc3\xa7oit", b"re\xe7oit", 1)  # a Latin-1 byte
    data = data.replace(b"patient", b"pat\xffient", 1)
    (corpus / "b-abime.txt").write_bytes(data)
    docs, reasons = _read(corpus)
    assert reasons == {}
    doc = next(d for d in docs if d.name == "b-abime.txt")
    raw = doc.pages[0].raw
    assert raw.count("\ufffd") == 2
    assert raw.startswith("Le médecin re\ufffdoit le pat\ufffdient à l’hôpital. Le médecin")
    assert raw.count("médecin reçoit le patient à l’hôpital") == 19


def test_invalid_utf8_mostly_garbage_is_skipped(tmp_path: Path) -> None:
    """Decision: bytes that are neither (slightly damaged) UTF-8 nor Windows-1252 text."""
    corpus = _corpus(tmp_path)
    garbage = bytes(0x80 + b % 0x80 for b in os.urandom(3000))  # no NUL, no control byte
    (corpus / "b-bruit.txt").write_bytes(b"Un peu de texte. " + garbage)
    assert _skipped_alone(corpus, "b-bruit.txt") == "invalid UTF-8 and not text"


def test_windows_1252_text_is_still_read(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "b-ancien.txt").write_bytes("Le médecin reçoit à l'hôpital.\n".encode("cp1252"))
    docs, reasons = _read(corpus)
    assert reasons == {}
    assert docs[1].paragraphs[0].text == "Le médecin reçoit à l'hôpital."


def test_text_over_the_character_cap(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "b-long.txt").write_text("Un texte lisible. " * 200, encoding="utf-8")
    reason = _skipped_alone(corpus, "b-long.txt", Limits(max_document_chars=1000))
    assert reason == "too much text (3600 characters > limit 1000)"
    reason = _skipped_alone(corpus, "b-long.txt", Limits(max_document_chars=800))
    assert reason == "too much text (over 800 characters)"  # refused before decoding


@pytest.mark.parametrize("name", ["b-enorme.txt", "b-enorme.pdf"])
def test_file_over_max_document_bytes_is_not_even_read(tmp_path: Path, name: str) -> None:
    corpus = _corpus(tmp_path)
    with (corpus / name).open("wb") as f:  # sparse: 60 MB of zeros that cost no disk
        f.truncate(60 * MB)
    tracemalloc.start()
    try:
        reason = _skipped_alone(corpus, name)  # default limit: 50 MB
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason == "file too large (60.0 MB > limit 50.0 MB)"
    assert peak < 5 * MB


def test_file_over_a_small_byte_limit(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "b-gros.txt").write_text("Un texte lisible. " * 100, encoding="utf-8")
    reason = _skipped_alone(corpus, "b-gros.txt", Limits(max_document_bytes=1000))
    assert reason == "file too large (1800 bytes > limit 1000 bytes)"


def test_fifo_named_txt_does_not_hang(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    os.mkfifo(corpus / "b-tube.txt")
    assert _skipped_alone(corpus, "b-tube.txt") == "not a regular file"


# ----------------------------------------------------------------------------------------
# symbolic links


def test_symlink_outside_the_corpus_is_skipped(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("Un texte hors du corpus.\n", encoding="utf-8")
    (corpus / "b-lien.txt").symlink_to(secret)
    (corpus / "c-lien-relatif.txt").symlink_to(Path("..") / "secret.txt")
    docs, reasons = _read(corpus)
    assert [d.name for d in docs] == ["a-bon.txt"]
    assert reasons == {
        "b-lien.txt": "symbolic link pointing outside the corpus folder",
        "c-lien-relatif.txt": "symbolic link pointing outside the corpus folder",
    }


def test_broken_symlinks_are_skipped(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "b-absent.txt").symlink_to(corpus / "nulle-part.txt")
    (corpus / "c-boucle.txt").symlink_to(corpus / "d-boucle.txt")
    (corpus / "d-boucle.txt").symlink_to(corpus / "c-boucle.txt")
    docs, reasons = _read(corpus)
    assert [d.name for d in docs] == ["a-bon.txt"]
    assert reasons == dict.fromkeys(
        ["b-absent.txt", "c-boucle.txt", "d-boucle.txt"], "broken symbolic link"
    )


def test_symlink_inside_the_corpus_is_read_under_its_name(tmp_path: Path) -> None:
    """Decision: a link to another corpus file is read (same text, the link's name)."""
    corpus = _corpus(tmp_path)
    (corpus / "b-alias.txt").symlink_to("a-bon.txt")
    docs, reasons = _read(corpus)
    assert reasons == {}
    assert [d.name for d in docs] == ["a-bon.txt", "b-alias.txt"]
    assert docs[0].sha256 == docs[1].sha256


# ----------------------------------------------------------------------------------------
# limits


def test_limits_from_settings_and_defaults() -> None:
    s = Settings(max_document_bytes=123, parse_memory_mb=256, parse_timeout_s=5, max_pages=7)
    assert Limits.from_settings(s) == Limits(
        max_document_bytes=123, parse_memory_mb=256, parse_timeout_s=5.0, max_pages=7
    )
    assert Limits.from_settings(Settings()) == Limits()
    with pytest.raises(ValueError, match="max_pages"):
        Limits(max_pages=0)


def test_every_skip_is_a_skipped_record(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "b-vide.txt").write_bytes(b"")
    _, skipped = read_corpus(corpus, LEX)  # callers without limits keep working
    assert skipped == [Skipped("b-vide.txt", "empty file")]
