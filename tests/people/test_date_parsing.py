"""Dates: the regular forms are read without dateparser, the others fall back to it (imported
only then); both give the same calendar date for a form both read."""

from __future__ import annotations

import datetime as dt

from innocence.people.extraction import dates


def test_regular_forms_are_read_without_dateparser() -> None:
    assert dates._fast("March 3, 1994") == dt.date(1994, 3, 3)
    assert dates._fast("3 March 1994") == dt.date(1994, 3, 3)
    assert dates._fast("March 1994") == dt.date(1994, 3, 1)


def test_the_fast_path_and_dateparser_agree_on_the_regular_forms() -> None:
    import dateparser

    for text in ("March 3, 1994", "3 March 1994", "Sept. 14, 2001", "14 Sept 2001"):
        parsed = dateparser.parse(text, languages=["en"], settings=dates._SETTINGS)  # type: ignore[arg-type]
        assert parsed is not None, text
        assert dates._fast(text) == parsed.date(), text


def test_a_form_the_fast_path_does_not_read_falls_back_to_dateparser() -> None:
    dates._parse.cache_clear()
    assert dates._fast("1994-03-03") is None
    assert dates._parse("1994-03-03") == dt.date(1994, 3, 3)
    assert dates._parse("Thirsday the 45th of Nowhere") is None
