"""The ``santeqa`` command: outputs and exit codes, on a tiny corpus (no real model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from santeqa import cli
from santeqa.chunk import passages
from santeqa.codec import chunk_from_json
from santeqa.embed import FakeEmbedder
from santeqa.errors import ModelError
from santeqa.index import build_lock
from santeqa.ingest import load_lexicon, read_corpus
from santeqa.settings import Settings
from santeqa.tunables import Tunables
from tests.tiny import (
    GOLD_PERSON,
    NAME,
    REPORT,
    clear_environment,
    write_document,
    write_words,
)

CHUNK_KEYS = {"id", "document", "page", "pages", "section", "text", "footnotes", "sentences"}


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus, an index folder and a word list, named by the SANTEQA_ variables."""
    write_document(tmp_path / "corpus", NAME, REPORT)
    write_words(tmp_path / "words.txt")
    clear_environment(monkeypatch)
    monkeypatch.setenv("SANTEQA_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("SANTEQA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("SANTEQA_LEXICON", str(tmp_path / "words.txt"))
    return tmp_path


@pytest.fixture
def models(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The engine gets a FakeEmbedder instead of loading the real model; calls are listed."""
    loaded: list[str] = []

    def fake(settings: Settings) -> FakeEmbedder:
        loaded.append(settings.model)
        return FakeEmbedder()

    monkeypatch.setattr("santeqa.batching.embedder_from_settings", fake)
    return loaded


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """``santeqa ARGS`` through the real entry point: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["santeqa", *args])
    code: int | str | None = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    assert isinstance(code, int | None), code
    return code or 0, out.out, out.err


# ----------------------------------------------------------------------------------------
# chunks


def test_chunks_json_lines(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(monkeypatch, capsys, "chunks", "--json")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(set(r) >= CHUNK_KEYS for r in rows)
    first = rows[0]
    assert first["document"] == NAME
    assert first["page"] == 1 and first["pages"] == [1]
    assert first["section"] == ["Télémédecine en région", "Les téléconsultations"]
    assert first["footnotes"] == [1]
    assert first["text"].startswith("La plateforme régionale a réalisé 12 500")
    for r in rows:
        for start, end, page, notes in r["sentences"]:
            assert 0 <= start < end <= len(r["text"]) and page in r["pages"]
            assert set(notes) <= set(r["footnotes"])
    # exactly the passages the index would hold
    docs, _skipped = read_corpus(data / "corpus", load_lexicon(data / "words.txt"))
    assert [chunk_from_json(r) for r in rows] == passages(docs)
    assert sorted({r.get("kind") for r in rows}) == ["body", "glossary", "note"]


def test_chunks_as_text(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(monkeypatch, capsys, "chunks")
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("--- "))
    assert header.endswith("p.1 [1]  Télémédecine en région › Les téléconsultations  notes [1]")
    assert "Le projet est dirigé par Claire Dubois, directrice de l’innovation." in out


def test_chunks_stats(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(monkeypatch, capsys, "chunks", "--stats")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{NAME}: 3 pages, ")
    assert lines[0].endswith("2 footnotes, 2 glossary entries, 0 acronyms defined in the text")
    repairs = {
        line.split()[1]: int(line.split()[2]) for line in lines if line.startswith("  repair ")
    }
    assert repairs["footnote_markers"] == 2
    assert all(n > 0 for n in repairs.values())
    assert any(line.startswith("2 note passages") for line in lines)
    assert any(line.startswith("2 glossary passages") for line in lines)
    assert not any(line.startswith("---") for line in lines)


def test_missing_corpus_folder_exit_3(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SANTEQA_CORPUS_DIR", str(data / "nowhere"))
    code, out, err = run(monkeypatch, capsys, "chunks")
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("santeqa: ") and "nowhere" in err


def test_invalid_setting_exit_2(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SANTEQA_TOP_K", "beaucoup")
    code, _out, err = run(monkeypatch, capsys, "chunks")
    assert code == 2
    assert err.startswith("santeqa: invalid SANTEQA_ setting")


# ----------------------------------------------------------------------------------------
# index and ask


def test_ask_without_index_exit_5(
    data: Path,
    models: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(monkeypatch, capsys, "ask", "Qui dirige le projet ?")
    assert code == 5
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("santeqa: no index")
    assert "santeqa index" in err
    assert models == []  # failed before loading any model


def test_empty_question_exit_2(
    data: Path,
    models: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run(monkeypatch, capsys, "ask", "   ")
    assert code == 2
    assert err.startswith("santeqa: ") and "empty" in err


def test_index_then_ask(
    data: Path,
    models: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(monkeypatch, capsys, "index")
    assert code == 0, err
    assert out.startswith("generation gen-")
    assert "1 document(s)" in out and "documents added 1" in out
    assert (data / "index" / "CURRENT").is_file()

    monkeypatch.setenv("SANTEQA_ABSTAIN_THRESHOLD", "-100")
    code, out, err = run(monkeypatch, capsys, "ask", "Qui dirige le projet ?", "--top-k", "2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "« Le projet est dirigé par Claire Dubois, directrice de l’innovation. »"
    assert lines[1].startswith("  — page 2, Télémédecine en région › Le financement")
    assert any(
        line.startswith("  [2] Communiqué du Conseil régional de Normandie (normandie.fr)")
        and line.endswith("https://www.normandie.fr/communique-sante")
        for line in lines
    )
    listed = [line for line in lines if line.startswith((" 1. ", " 2. ", " 3. "))]
    assert len(listed) == 2

    code, out, err = run(monkeypatch, capsys, "ask", "Qui dirige le projet ?", "--json")
    assert code == 0, err
    body = json.loads(out)
    assert body["question"] == "Qui dirige le projet ?"
    assert body["abstained"] is False
    assert body["answer"]["text"].startswith("Le projet est dirigé par Claire Dubois")
    assert body["answer"]["page"] == 2
    assert [n["number"] for n in body["answer"]["footnotes"]] == [2]
    assert body["passages"][0]["id"] == body["answer"]["passage_id"]

    monkeypatch.setenv("SANTEQA_ABSTAIN_THRESHOLD", "100")
    code, out, _err = run(monkeypatch, capsys, "ask", "Qui dirige le projet ?")
    assert code == 0
    assert out.splitlines()[0] == "Le rapport ne répond pas à cette question."
    assert "Passages :" in out


def test_mismatched_index_exit_5(
    data: Path,
    models: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(monkeypatch, capsys, "index")[0] == 0
    monkeypatch.setenv("SANTEQA_CHUNK_WORDS", "80")
    code, _out, err = run(monkeypatch, capsys, "ask", "Qui dirige le projet ?")
    assert code == 5
    assert "chunking.words" in err and "santeqa index" in err


def test_index_errors(
    data: Path,
    models: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (data / "empty").mkdir()
    monkeypatch.setenv("SANTEQA_CORPUS_DIR", str(data / "empty"))
    code, _out, err = run(monkeypatch, capsys, "index")
    assert code == 3 and "no readable document" in err
    monkeypatch.setenv("SANTEQA_CORPUS_DIR", str(data / "corpus"))
    with build_lock(data / "index"):
        code, _out, err = run(monkeypatch, capsys, "index")
    assert code == 6 and err.startswith("santeqa: ")


def test_model_error_exit_4(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(settings: Settings) -> FakeEmbedder:
        raise ModelError(f"model folder {settings.model!r} does not exist")

    monkeypatch.setattr("santeqa.batching.embedder_from_settings", broken)
    monkeypatch.setenv("SANTEQA_MODEL", str(data / "no-model"))
    code, _out, err = run(monkeypatch, capsys, "index")
    assert code == 4
    assert err.startswith("santeqa: model folder") and "no-model" in err


def test_eval(
    data: Path,
    models: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(monkeypatch, capsys, "index")[0] == 0
    gold = data / "gold.jsonl"
    gold.write_text(json.dumps(GOLD_PERSON, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setenv("SANTEQA_ABSTAIN_THRESHOLD", "-100")
    code, out, err = run(monkeypatch, capsys, "eval", str(gold), "--json", "--top-k", "3")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["k"] == 3
    assert rep["overall"]["hit@1"] == 1.0 and rep["overall"]["answer_hit"] == 1.0
    assert rep["overall"]["footnote_ok"] == 1.0
    assert rep["overall"]["page_ok"] == 1.0  # the answer stands on the gold page, 2
    assert rep["tunables"] == Tunables().as_dict()
    code, out, err = run(monkeypatch, capsys, "eval", str(gold), "--details")
    assert code == 0, err
    assert out.startswith("ok t1 person")
    assert " page=2/2 " in out.splitlines()[0]
    header = next(line for line in out.splitlines() if "answer_hit" in line)
    assert header.split() == [
        "hit@1",
        "hit@5",
        "mrr",
        "answer_hit",
        "footnote_ok",
        "page_ok",
        "false_abstain",
        "oos_abstain",
        "n",
    ]
    assert "mode=final k=5" in out  # SANTEQA_TOP_K's default
    assert "answer.max_answer_chars = 400" in out and "fusion.english_lexical_weight = 0.5" in out
    assert "answer model: santeqa/qa/answer_model.json" in out
    assert "fitted with ranker = pairs, ranker_c = 0.1" in out
    monkeypatch.setenv("SANTEQA_TOP_K", "2")
    code, out, err = run(monkeypatch, capsys, "eval", str(gold))
    assert code == 0, err
    assert "mode=final k=2" in out
    code, _out, err = run(monkeypatch, capsys, "eval", str(data / "none.jsonl"))
    assert code == 1 and "none.jsonl" in err


def test_real_entry_point_without_index(tmp_path: Path) -> None:
    """The installed command, in its own process: one line on stderr, exit code 5."""
    exe = Path(sys.executable).with_name("santeqa")
    if not exe.exists():
        pytest.skip(f"{exe} is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANTEQA_")}
    env |= {"SANTEQA_INDEX_DIR": str(tmp_path / "index"), "SANTEQA_MODEL": str(tmp_path / "m")}
    done = subprocess.run(
        [str(exe), "ask", "Qui dirige le projet ?"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 5
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("santeqa: no index")


def test_index_prints_the_skipped_documents(
    data: Path,
    models: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (data / "corpus" / "vide.txt").write_bytes(b"")
    (data / "corpus" / "binaire.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 64)
    code, out, err = run(monkeypatch, capsys, "index")
    assert code == 0, err
    skipped = [line for line in out.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 2
    assert skipped[0].startswith("skipped binaire.txt: ") and len(skipped[0]) > 22
    assert skipped[1] == "skipped vide.txt: empty file"
    assert "1 document(s)" in out


def test_ask_returns_settings_top_k_passages_by_default(
    data: Path,
    models: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(monkeypatch, capsys, "index")[0] == 0
    for top_k, option in (("1", ()), ("3", ()), ("3", ("--top-k", "2"))):
        monkeypatch.setenv("SANTEQA_TOP_K", top_k)
        code, out, err = run(
            monkeypatch, capsys, "ask", "Qui dirige le projet ?", "--json", *option
        )
        assert code == 0, err
        assert len(json.loads(out)["passages"]) == int(option[1] if option else top_k)


def test_eval_dialogues_reports_follow_ups_with_and_without_history(
    data: Path,
    models: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(monkeypatch, capsys, "index")[0] == 0
    conversation = {
        "id": "c1",
        "kind": "pronoun",
        "turns": [
            {"question": "Quel programme a un budget de 3 millions ?", "answerable": True},
            {"question": "Qui le dirige ?", "answerable": True, "answer": "Claire Dubois"},
        ],
    }
    path = data / "dialogues.jsonl"
    path.write_text(json.dumps(conversation, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setenv("SANTEQA_ABSTAIN_THRESHOLD", "-100")
    code, out, err = run(monkeypatch, capsys, "eval", "--dialogues", str(path), "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert set(rep) == {"dialogues", "tunables"}
    for part in ("with_history", "alone"):
        overall = rep["dialogues"][part]["overall"]
        assert overall["questions"] == 1 and overall["answerable"] == 1  # the follow-up only
        assert set(rep["dialogues"][part]["by_category"]) == {"pronoun"}
    code, out, err = run(monkeypatch, capsys, "eval", "--dialogues", str(path), "--details")
    assert code == 0, err
    assert "follow-ups alone: mode=final" in out and "\nfollow-ups: mode=final" in out
    # the pronoun written back (the earlier answer names nothing: its question is the context)
    assert "searched='Qui dirige le programme ? — Quel programme a un budget de 3 millions'" in out
    code, _out, err = run(monkeypatch, capsys, "eval")
    assert code == 2 and "--dialogues" in err
