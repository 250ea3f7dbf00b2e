from santeqa.text import Analyzer, fold


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
