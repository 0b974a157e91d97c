"""Dates as precise as the record and no more: a day, a month, a season, a year, a range, or
"circa" any of those.

A :class:`RecordDate` keeps the earliest and the latest day the record allows (``start`` and
``end``), its ``precision`` and whether the record says "about" (``circa``). "Spring 1984" is
1984-03-01..1984-05-31 with precision ``season``; "on or about the 3rd of June 1994" is the
day 1994-06-03, circa. Nothing here fills in a day the record did not give.

:func:`parse_record_date` reads what a person types; :func:`from_mention` turns a date the
people extractor found (``Mention.normalized`` + ``attrs``) into one. Both raise
:class:`DateError` with words a user can act on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass


class DateError(ValueError):
    """A date that cannot be right as written: the message says why."""


class Precision:
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    RANGE = "range"
    CHOICES = (
        (DAY, "Day"),
        (MONTH, "Month"),
        (SEASON, "Season"),
        (YEAR, "Year"),
        (RANGE, "Range (between two dates)"),
    )


#: Northern-hemisphere meteorological seasons; winter is December of the year before to February.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
EARLIEST = dt.date(1800, 1, 1)


@dataclass(frozen=True)
class RecordDate:
    start: dt.date
    end: dt.date
    precision: str
    circa: bool = False

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DateError(f"The range ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()}).")

    @property
    def is_day(self) -> bool:
        return self.precision == Precision.DAY

    def overlaps(self, other: RecordDate) -> bool:
        return self.start <= other.end and other.start <= self.end

    def label(self) -> str:
        text = _label(self)
        return f"c. {text}" if self.circa else text

    def iso(self) -> str:
        """A sortable, honest text form: 1994-06-12, 1994-06, 1994, 1984-spring, 1994-06-03/1994-06-05."""
        s = self.start
        if self.precision == Precision.DAY:
            return s.isoformat()
        if self.precision == Precision.MONTH:
            return f"{s.year:04d}-{s.month:02d}"
        if self.precision == Precision.YEAR:
            return f"{s.year:04d}"
        if self.precision == Precision.SEASON:
            return f"{self.end.year:04d}-{_season_of(self)}"
        return f"{s.isoformat()}/{self.end.isoformat()}"


def _season_of(d: RecordDate) -> str:
    for name, (first, _last) in SEASONS.items():
        if d.start.month == first:
            return name
    return "season"


def _label(d: RecordDate) -> str:
    s = d.start
    if d.precision == Precision.DAY:
        return f"{s.day} {calendar.month_name[s.month]} {s.year}"
    if d.precision == Precision.MONTH:
        return f"{calendar.month_name[s.month]} {s.year}"
    if d.precision == Precision.YEAR:
        return str(s.year)
    if d.precision == Precision.SEASON:
        return f"{_season_of(d)} {d.end.year}"
    return f"between {_label(RecordDate(s, s, Precision.DAY))} and {_label(RecordDate(d.end, d.end, Precision.DAY))}"


def _check_year(year: int) -> None:
    if year < EARLIEST.year or year > dt.date.today().year + 50:
        raise DateError(f"The year {year} is not plausible for a case record.")


def day(value: dt.date, *, circa: bool = False) -> RecordDate:
    return RecordDate(value, value, Precision.DAY, circa)


def month(year: int, month_number: int, *, circa: bool = False) -> RecordDate:
    _check_year(year)
    if not 1 <= month_number <= 12:
        raise DateError(f"There is no month {month_number}.")
    last = calendar.monthrange(year, month_number)[1]
    return RecordDate(dt.date(year, month_number, 1), dt.date(year, month_number, last), Precision.MONTH, circa)


def year(value: int, *, circa: bool = False) -> RecordDate:
    _check_year(value)
    return RecordDate(dt.date(value, 1, 1), dt.date(value, 12, 31), Precision.YEAR, circa)


def season(name: str, year_value: int, *, circa: bool = False) -> RecordDate:
    _check_year(year_value)
    key = name.lower()
    if key not in SEASONS:
        raise DateError(f"'{name}' is not a season (spring, summer, fall/autumn, winter).")
    first, last = SEASONS[key]
    start_year = year_value - 1 if first > last else year_value
    start = dt.date(start_year, first, 1)
    end = dt.date(year_value, last, calendar.monthrange(year_value, last)[1])
    return RecordDate(start, end, Precision.SEASON, circa)


def between(start: dt.date, end: dt.date, *, circa: bool = False) -> RecordDate:
    if end < start:
        raise DateError(
            f"The range is reversed: it ends on {end.isoformat()}, before it starts on {start.isoformat()}."
        )
    return RecordDate(start, end, Precision.RANGE, circa)


def _make_day(y: int, m: int, d: int) -> dt.date:
    _check_year(y)
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise DateError(f"{y:04d}-{m:02d}-{d:02d} is not a date: that month has no day {d}.") from None


_CIRCA = re.compile(
    r"^\s*(?:c\.|ca\.|circa|about|around|approximately|approx\.?|on or about(?: the)?|sometime in|some time in)\s*",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_US_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^(\d{4})s?$")
_SEASON = re.compile(r"^(spring|summer|fall|autumn|winter)(?: of)?,? (\d{4})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,? (?:of )?(\d{4})$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(
    r"^(?:the )?(\d{1,2})(?:st|nd|rd|th)?(?: day)?(?: of)? ([a-z]+)\.?,? (\d{4})$", re.IGNORECASE
)
_RANGE = re.compile(r"^(?:between )?(.+?)\s+(?:and|to|-|–|through)\s+(.+)$", re.IGNORECASE)


def parse_record_date(text: str) -> RecordDate:
    """What a person typed → a RecordDate at the precision written. Accepts ``1994-06-12``,
    ``6/12/1994``, ``June 12, 1994``, ``12 June 1994``, ``June 1994``, ``1994-06``, ``1994``,
    ``Spring 1984``, ``between 1994-06-03 and 1994-06-05``, with ``c.``/``about``/``on or about``
    for circa. Anything else, or an impossible date, raises DateError saying what to write."""
    raw = " ".join((text or "").split())
    if not raw:
        raise DateError("Enter a date.")
    circa = False
    match = _CIRCA.match(raw)
    if match:
        circa = True
        raw = raw[match.end():].strip()
    if re.match(r"^(?:the )?\d{1,2}(?:st|nd|rd|th)?$", raw, re.IGNORECASE):
        raise DateError(
            f"'{text.strip()}' gives a day but no month or year: write the month and year the record gives "
            "(e.g. 'on or about 3 June 1994'), or the month alone ('June 1994')."
        )
    value = _parse_single(raw, circa)
    if value is not None:
        return value
    match = _RANGE.match(raw)
    if match:
        first = _parse_single(match.group(1), False)
        last = _parse_single(match.group(2), False)
        if first is not None and last is not None:
            if last.end < first.start:
                raise DateError(
                    f"The range is reversed: '{match.group(2)}' comes before '{match.group(1)}'."
                )
            return between(first.start, last.end, circa=circa)
    raise DateError(
        f"'{text.strip()}' is not a date this form understands. Write a day (1994-06-12 or June 12, 1994), "
        "a month (June 1994), a season (Spring 1984), a year (1994) or a range (between 1994-06-03 and "
        "1994-06-05); add 'c.' or 'on or about' when the record is approximate."
    )


def _month_number(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def _parse_single(raw: str, circa: bool) -> RecordDate | None:
    raw = raw.strip().rstrip(".")
    if m := _ISO_DAY.match(raw):
        return day(_make_day(int(m[1]), int(m[2]), int(m[3])), circa=circa)
    if m := _US_DAY.match(raw):
        return day(_make_day(int(m[3]), int(m[1]), int(m[2])), circa=circa)
    if m := _ISO_MONTH.match(raw):
        return month(int(m[1]), int(m[2]), circa=circa)
    if m := _YEAR.match(raw):
        return year(int(m[1]), circa=circa)
    if m := _SEASON.match(raw):
        return season(m[1], int(m[2]), circa=circa)
    if (m := _MONTH_DAY_YEAR.match(raw)) and (number := _month_number(m[1])):
        return day(_make_day(int(m[3]), number, int(m[2])), circa=circa)
    if (m := _DAY_MONTH_YEAR.match(raw)) and (number := _month_number(m[2])):
        return day(_make_day(int(m[3]), number, int(m[1])), circa=circa)
    if (m := _MONTH_YEAR.match(raw)) and (number := _month_number(m[1])):
        return month(int(m[2]), number, circa=circa)
    return None


def from_mention(normalized: str, attrs: dict[str, object] | None = None) -> RecordDate:
    """A date mention of the people extractor (``normalized`` is YYYY-MM-DD, YYYY-MM or YYYY;
    ``attrs`` has ``precision`` and ``approximate``) → a RecordDate of the same precision."""
    attrs = attrs or {}
    circa = bool(attrs.get("approximate"))
    parts = (normalized or "").split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise DateError(f"'{normalized}' is not a normalized date.") from None
    if len(numbers) == 3:
        return day(_make_day(*numbers), circa=circa)
    if len(numbers) == 2:
        return month(numbers[0], numbers[1], circa=circa)
    if len(numbers) == 1:
        return year(numbers[0], circa=circa)
    raise DateError(f"'{normalized}' is not a normalized date.")


def from_fields(start: dt.date, end: dt.date | None, precision: str, circa: bool) -> RecordDate:
    return RecordDate(start, end or start, precision, circa)
