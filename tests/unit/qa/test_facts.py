"""The kinds of fact a sentence holds (``qa.facts``): what a question's kind is matched with."""

from __future__ import annotations

from santeqa.qa.facts import sentence_facts


def test_a_rank_is_an_ordinal_not_a_count() -> None:
    assert sentence_facts("Le musée est le 3ème le plus visité de la région.").holds("ordinal")
    assert not sentence_facts("Le musée est le 3ème le plus visité.").holds("number")
    assert sentence_facts("La ville arrive en tête, devant Caen, deuxième.").holds("ordinal")
    assert sentence_facts("Le réseau compte 3 musées.").holds("number")
    assert not sentence_facts("Le réseau compte 3 musées.").holds("ordinal")
