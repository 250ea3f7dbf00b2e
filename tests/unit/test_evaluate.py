from santeqa.evaluate import contains, normalise


def test_matching_rule_is_blind_to_ligature_damage_and_markers() -> None:
    assert contains("Cette innovation[12] en santé11 est", "cete innova\ufffdon en santé")
    assert contains("a\ufffdrer les talents", "attirer")
    assert not contains("attirer", "tirer les")


def test_whole_words_only() -> None:
    assert not contains("innovations", "innovation")
    assert normalise("  A–b  ") == " a b "
