from santeqa.lexical import Analyzer, LexicalIndex, fold


def test_fold_removes_accents_and_reads_ligature_damage() -> None:
    assert fold("Innova\ufffdon Santé ÉTAT") == "innovation sante etat"


def test_terms_split_elisions_drop_stop_words_and_join_digit_groups() -> None:
    terms = Analyzer().terms("L’innovation d'État : 160 000 décès et 2 000 étudiants")
    assert "innov" in terms
    assert "etat" in terms
    assert "160000" in terms and "2000" in terms
    assert "l" not in terms and "d" not in terms and "et" not in terms


def test_same_stem_for_singular_and_plural() -> None:
    a = Analyzer()
    assert a.terms("donnée") == a.terms("données")


def test_bm25_ranks_the_matching_text_first_and_ignores_unknown_terms() -> None:
    a = Analyzer()
    idx = LexicalIndex.build(["la télémédecine en Normandie", "les données de santé"], a)
    scores = idx.scores(a.terms("données de santé"))
    assert scores[1] > scores[0] == 0
    assert not idx.scores(a.terms("teurgoule")).any()
    assert not idx.scores([]).any()
