"""French text preparation: the same words on both sides of a match."""

from labnet.search.text import (
    COMMON_MIN_DOCUMENTS,
    idf,
    query_words,
    select_terms,
    stems,
    words,
)


def test_words_fold_accents_case_elisions_and_drop_stop_words():
    assert words("Réduction des délais d’obtention de l'État") == [
        "reduction",
        "delai",
        "obtention",
        "etat",
    ]


def test_singular_and_plural_accented_or_not_share_a_stem():
    assert stems("délais délai DELAIS") == ["del", "del", "del"]
    assert stems("usagers usager") == ["usag", "usag"]
    assert stems("dossiers dossier") == ["dossi", "dossi"]
    assert stems("préfectures préfecture") == ["prefectur", "prefectur"]


def test_stop_words_only_give_nothing():
    assert words("le la les de des du et à l' d' qu'il") == []
    assert words("") == []
    assert words(None) == []


def test_query_words_are_distinct_stems_with_their_count_in_order():
    query = query_words("Délais de traitement ; délai des dossiers")

    assert [(w.word, w.stem, w.count) for w in query] == [
        ("delai", "del", 2),
        ("traitement", "trait", 1),
        ("dossier", "dossi", 1),
    ]


def test_select_terms_drops_terms_nobody_else_has_and_keeps_the_most_telling():
    candidates = [("rare", 1, 2), ("frequent", 1, 50), ("absent", 3, 0), ("repeated", 3, 50)]

    selection = select_terms(candidates, total=100, limit=2)

    assert [term for term, _ in selection.terms] == ["rare", "repeated"]
    assert selection.common_only is False
    assert select_terms(candidates, total=100, limit=10, min_documents=3).terms[0][0] == (
        "repeated"
    )


def test_select_terms_leaves_out_words_most_of_a_large_network_holds():
    total = 10 * COMMON_MIN_DOCUMENTS
    candidates = [("projet", 1, total - 1), ("sejour", 1, 40)]

    selection = select_terms(candidates, total=total, limit=10)

    assert [term for term, _ in selection.terms] == ["sejour"]


def test_select_terms_keeps_common_words_of_a_small_network():
    # Ranking every project of a small network costs nothing: all words stay.
    selection = select_terms([("del", 1, 3), ("trait", 1, 3)], total=3, limit=10)

    assert [term for term, _ in selection.terms] == ["del", "trait"]


def test_select_terms_with_only_common_words_keeps_the_rarest():
    total = 10 * COMMON_MIN_DOCUMENTS
    candidates = [("agent", 1, total - 5), ("usag", 1, total - 900)]

    selection = select_terms(candidates, total=total, limit=10)

    assert selection.terms == [("usag", idf(total - 900, total))]
    assert selection.common_only is True


def test_idf_is_positive_and_falls_with_frequency():
    assert idf(1, 100) > idf(10, 100) > idf(99, 100) > 0


def test_ligatures_fold_like_postgresql_unaccent():
    assert words("Œnologie et cæcum") == ["oenologie", "caecum"]


def test_an_accent_typed_apart_from_its_letter_stays_in_the_word():
    assert words("de\u0301lais") == words("délais") == ["delai"]
