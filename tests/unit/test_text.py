from santeqa.text import Analyzer, fold


def test_fold_removes_accents_and_reads_ligature_damage() -> None:
    assert fold("Innova\ufffdon Santé ÉTAT") == "innovation sante etat"


def test_terms_split_elisions_drop_stop_words_and_join_digit_groups() -> None:
    terms = Analyzer().terms("L’innovation d'État : 160 000 décès et 2 000 étudiants")
    assert "innov" in terms
    assert "etat" in terms
    assert "160000" in terms and "2000" in terms
    assert "l" not in terms and "d" not in terms and "et" not in terms


def test_a_legal_citation_abbreviating_article_reads_as_the_word() -> None:
    a = Analyzer()
    article = a.terms("article")
    assert a.terms("Art. L. 1234-5 du Code rural")[:1] == article
    assert a.terms("prévu à l’art. 12 du décret")[1:2] == article
    # « art » as a word, or an abbreviation before no citation, is left as it is
    assert article[0] not in a.terms("Le musée d’art moderne. Art. déco")


def test_same_stem_for_singular_and_plural() -> None:
    a = Analyzer()
    assert a.terms("donnée") == a.terms("données")


def _fold_char_by_char(text: str) -> str:
    """The definition ``fold`` keeps: NFKD, every combining mark dropped, lower case."""
    import unicodedata

    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.replace("\ufffd", "ti"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_fold_drops_every_combining_mark_and_only_those() -> None:
    samples = [
        "Où est l’hôpital ? Ça coûte 3 €",
        "Œuvre, ﬁchier, ½ dose, Ⅻ, ｆｕｌｌ",  # compatibility forms, ligatures kept whole
        "e\u0301te\u0301 n\u0303 a\u20d7 x\u0345",  # marks typed apart, one of each kind
        "Ελληνικά Ἀθῆναι кири́ллица",  # Greek and Cyrillic accents
        "\u0915\u093f\u0928\u094d\u0926\u0940 ﻼ",  # Devanagari vowel signs and virama
        "\ufffd partial\ufffd",
    ]
    for text in samples:
        assert fold(text) == _fold_char_by_char(text), text
    # the combining diacritical marks block: all go but the grapheme joiner (class 0)
    block = "a" + "".join(chr(c) for c in range(0x300, 0x370)) + "é"
    assert fold(block) == _fold_char_by_char(block) == "a\u034fe"
