"""OCR variants of a query word from a vocabulary (fictional words)."""

from __future__ import annotations

from innocence.search.variants import close_words, default_distance, hyphen_forms, ocr_key, vocabulary_of


def test_ocr_confusions_fold_together() -> None:
    assert ocr_key("Quenbv") == ocr_key("quenbv")
    assert ocr_key("rnodern") == ocr_key("modern")
    assert ocr_key("clonal") == ocr_key("donal")
    assert ocr_key("1ineup") == ocr_key("lineup")


def test_close_words_finds_misreadings_within_the_distance() -> None:
    vocabulary = vocabulary_of(["Detective Orlaith Quenby", "Det. 0rlaith Quenbv and Orlalth", "other words"])
    found = dict(close_words("orlaith", vocabulary, 1))
    assert "0rlaith" in found and "orlalth" in found
    assert "orlaith" not in found and "other" not in found
    assert dict(close_words("quenby", vocabulary, 1)) == {"quenbv": 1}
    assert close_words("quenby", vocabulary, 0) == []


def test_default_distance_grows_with_the_word() -> None:
    assert default_distance("the") == 0
    assert default_distance("quenby") == 1
    assert default_distance("okonkworeyes") == 2


def test_hyphen_and_spacing_forms() -> None:
    assert hyphen_forms("Line-up") == ["line up", "lineup"]
    assert hyphen_forms("lineup") == []
