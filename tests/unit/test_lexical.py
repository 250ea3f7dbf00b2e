from santeqa.lexical import LexicalIndex
from santeqa.text import Analyzer


def test_bm25_ranks_the_matching_text_first_and_ignores_unknown_terms() -> None:
    a = Analyzer()
    idx = LexicalIndex.build(["la télémédecine en Normandie", "les données de santé"], a)
    scores = idx.scores(a.terms("données de santé"))
    assert scores[1] > scores[0] == 0
    assert not idx.scores(a.terms("teurgoule")).any()
    assert not idx.scores([]).any()
