"""The real Apertium pivot (English -> Spanish -> French), as CI installs it."""

from __future__ import annotations

import pytest

from santeqa.translate import Translator

pytestmark = pytest.mark.integration


def test_an_english_question_comes_out_in_french_with_the_report_s_words() -> None:
    translate = Translator()
    assert translate.available, "apt-get install apertium apertium-eng-spa apertium-fr-es"
    french = translate("How many pharmacies were equipped for teleconsultation in 2023?")
    assert french is not None
    assert french.lower().startswith("combien"), french
    assert "pharmacies" in french and "2023" in french, french
