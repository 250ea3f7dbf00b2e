"""The Apertium pivot, run against a stand-in command (the real one is in integration)."""

from __future__ import annotations

import sys
from pathlib import Path

from santeqa.translate import Translator

# a stand-in for `apertium -u MODE`: each mode tags the text it reads, an unknown mode fails
# as Apertium does (an error and no output); every call is counted in calls.txt
FAKE = """#!/bin/sh
echo x >> "$(dirname "$0")/calls.txt"
read -r text
case "$2" in
  eng-spa) echo "es($text)" ;;
  es-fr) echo "fr($text)" ;;
  *) echo "Error: Mode $2 does not exist" >&2; exit 1 ;;
esac
"""


def _fake(tmp_path: Path) -> str:
    command = tmp_path / "apertium"
    command.write_text(FAKE)
    command.chmod(0o755)
    return str(command)


def test_english_goes_through_spanish_into_french(tmp_path: Path) -> None:
    translate = Translator(command=_fake(tmp_path))
    assert translate.available
    assert translate("Who runs the clinic?") == "fr(es(Who runs the clinic?))"


def test_each_text_is_translated_once(tmp_path: Path) -> None:
    translate = Translator(command=_fake(tmp_path))
    for _ in range(3):
        assert translate("How many beds?") == "fr(es(How many beds?))"
    assert len((tmp_path / "calls.txt").read_text().split()) == 2  # one run of each mode


def test_a_missing_mode_or_command_gives_no_translation(tmp_path: Path) -> None:
    assert Translator(modes=("eng-spa", "es-de"), command=_fake(tmp_path))("Who?") is None
    missing = Translator(command=str(tmp_path / "no-such-command"))
    assert not missing.available and missing("Who runs the clinic?") is None
    assert Translator(command=_fake(tmp_path))("   ") is None


def test_a_translator_that_hangs_is_given_up(tmp_path: Path) -> None:
    command = tmp_path / "apertium"
    command.write_text("#!/bin/sh\nsleep 5\n")
    command.chmod(0o755)
    translate = Translator(command=str(command), timeout_s=0.2)
    assert translate("Who runs the clinic?") is None
    assert not translate.available  # the next English question does not wait for it
    assert translate("Who funds it?") is None


# ----------------------------------------------------------------------------------------
# the running pipeline, chained from the mode files next to the command

# a stand-in for one Apertium program in null-flush mode: it answers each text ended by a
# NUL byte at once, tagging what stands before the deformatter's ending; each start of it is
# counted in starts.txt
STEP = """#!{python}
import os, sys, time
args = [a for a in sys.argv[1:] if a not in ("-z", "-n")]
tag = args[0]
open(os.path.join(os.path.dirname(sys.argv[0]), "starts.txt"), "a").write(tag + "\\n")
end = ".[][\\n]"
buf = b""
while True:
    chunk = os.read(0, 65536)
    if not chunk:
        break
    buf += chunk
    while b"\\0" in buf:
        text, _, buf = buf.partition(b"\\0")
        if tag == "hang":
            time.sleep(5)
        body = text.decode()[: -len(end)]
        os.write(1, f"{{tag}}({{body}}){{end}}".encode() + b"\\0")
"""


def _installed(tmp_path: Path, *modes: tuple[str, str]) -> str:
    """A stand-in Apertium: ``bin/apertium`` and ``share/apertium/modes/MODE.mode`` files
    whose pipelines run the stand-in program (two steps a mode, as real ones chain)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "apertium").write_text(FAKE)
    (bin_dir / "apertium").chmod(0o755)
    step = bin_dir / "fake-step"
    step.write_text(STEP.format(python=sys.executable))
    step.chmod(0o755)
    folder = tmp_path / "share" / "apertium" / "modes"
    folder.mkdir(parents=True)
    for mode, tag in modes:
        (folder / f"{mode}.mode").write_text(f"'{step}' {tag} $1 | '{step}' id $2\n")
    return str(bin_dir / "apertium")


def test_the_modes_run_as_one_pipeline_started_once(tmp_path: Path) -> None:
    command = _installed(tmp_path, ("eng-spa", "es"), ("es-fr", "fr"))
    translate = Translator(command=command)
    assert translate("Who runs the clinic?") == "id(fr(id(es(Who runs the clinic?))))"
    assert translate("a/b [x] $5?") == "id(fr(id(es(a/b [x] $5?))))"  # escaped, then undone
    starts = (tmp_path / "bin" / "starts.txt").read_text().split()
    assert sorted(starts) == ["es", "fr", "id", "id"]  # each program started once
    assert not (tmp_path / "bin" / "calls.txt").exists()  # `apertium MODE` never run


def test_a_pipeline_that_hangs_is_given_up(tmp_path: Path) -> None:
    translate = Translator(
        command=_installed(tmp_path, ("eng-spa", "hang"), ("es-fr", "fr")), timeout_s=0.3
    )
    assert translate("Who runs the clinic?") is None
    assert not translate.available and translate("Who funds it?") is None


def test_without_mode_files_each_text_runs_apertium(tmp_path: Path) -> None:
    translate = Translator(command=_fake(tmp_path))  # no share/apertium/modes next to it
    assert translate("Who?") == "fr(es(Who?))"
    assert (tmp_path / "calls.txt").exists()
