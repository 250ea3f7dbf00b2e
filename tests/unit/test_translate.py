"""The Apertium pivot, run against a stand-in command (the real one is in integration)."""

from __future__ import annotations

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
