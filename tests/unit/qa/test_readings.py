"""``qa.readings``: an English question's candidates scored by its French reading too."""

from __future__ import annotations

from santeqa.qa.answer import Choice
from santeqa.qa.features import Candidate
from santeqa.qa.readings import UNREAD, both_readings


def _cands(*keys: tuple[int, int]) -> tuple[Candidate, ...]:
    return tuple(Candidate(0, row, sentence, ()) for row, sentence in keys)


def test_the_sentence_both_readings_find_likely_comes_first() -> None:
    typed = _cands((1, 0), (1, 1), (2, 0))
    # as typed, (1, 0) is likelier; the French reading finds (1, 1) far likelier
    french = Choice(None, 0.9, None, _cands((1, 1), (1, 0)), (0.9, 0.1))
    scores = both_readings(typed, [0.6, 0.5, 0.2], french, weight=0.5)
    assert max(range(3), key=lambda i: scores[i]) == 1
    # a sentence the French reading did not read counts as unlikely to it
    assert scores[2] < 0.2 and UNREAD < 0.1
    # without weight, the typed reading alone
    assert both_readings(typed, [0.6, 0.5, 0.2], french, weight=0.0) == [0.6, 0.5, 0.2]


def test_a_sentence_read_twice_by_the_other_reading_keeps_its_likelier_score() -> None:
    # the other reading may read one sentence in two orders of passages
    french = Choice(None, 0.9, None, _cands((1, 0), (1, 0)), (0.2, 0.8))
    [score] = both_readings(_cands((1, 0)), [0.5], french, weight=1.0)
    assert abs(score - 0.8) < 1e-9
