"""Dates keep the precision of the record and never become more precise."""

from __future__ import annotations

import datetime as dt

import pytest

from innocence.timeline.dates import DateError, Precision, from_mention, parse_record_date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "circa"),
    [
        ("1994-06-12", dt.date(1994, 6, 12), dt.date(1994, 6, 12), Precision.DAY, False),
        ("6/12/1994", dt.date(1994, 6, 12), dt.date(1994, 6, 12), Precision.DAY, False),
        ("June 12, 1994", dt.date(1994, 6, 12), dt.date(1994, 6, 12), Precision.DAY, False),
        ("12th day of June, 1994", dt.date(1994, 6, 12), dt.date(1994, 6, 12), Precision.DAY, False),
        ("June 1994", dt.date(1994, 6, 1), dt.date(1994, 6, 30), Precision.MONTH, False),
        ("1994-02", dt.date(1994, 2, 1), dt.date(1994, 2, 28), Precision.MONTH, False),
        ("1994", dt.date(1994, 1, 1), dt.date(1994, 12, 31), Precision.YEAR, False),
        ("Spring 1984", dt.date(1984, 3, 1), dt.date(1984, 5, 31), Precision.SEASON, False),
        ("winter 1985", dt.date(1984, 12, 1), dt.date(1985, 2, 28), Precision.SEASON, False),
        ("c. 1990", dt.date(1990, 1, 1), dt.date(1990, 12, 31), Precision.YEAR, True),
        ("on or about the 3rd of June 1994", dt.date(1994, 6, 3), dt.date(1994, 6, 3), Precision.DAY, True),
        ("between 1994-06-03 and 1994-06-05", dt.date(1994, 6, 3), dt.date(1994, 6, 5), Precision.RANGE, False),
        ("June 1994 to August 1994", dt.date(1994, 6, 1), dt.date(1994, 8, 31), Precision.RANGE, False),
    ],
)
def test_parse_keeps_precision(text: str, start: dt.date, end: dt.date, precision: str, circa: bool) -> None:
    value = parse_record_date(text)
    assert (value.start, value.end, value.precision, value.circa) == (start, end, precision, circa)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("on or about the 3rd", "no month or year"),
        ("1994-02-30", "no day 30"),
        ("between 1994-06-05 and 1994-06-03", "reversed"),
        ("the day after the robbery", "not a date this form understands"),
        ("1066", "not plausible"),
        ("", "Enter a date"),
    ],
)
def test_bad_dates_say_why(text: str, says: str) -> None:
    with pytest.raises(DateError, match=says):
        parse_record_date(text)


def test_labels_never_add_precision() -> None:
    assert parse_record_date("Spring 1984").label() == "spring 1984"
    assert parse_record_date("June 1994").label() == "June 1994"
    assert parse_record_date("c. 1990").label() == "c. 1990"
    assert parse_record_date("1994-06-12").iso() == "1994-06-12"
    assert parse_record_date("June 1994").iso() == "1994-06"


def test_from_mention_reads_the_extractors_precision() -> None:
    assert from_mention("1994-06", {"precision": "month"}).precision == Precision.MONTH
    assert from_mention("1994", {"precision": "year", "approximate": True}).circa is True
    with pytest.raises(DateError):
        from_mention("1994-13-01", {})
