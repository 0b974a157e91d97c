"""Dates and times, normalized with their precision.

Candidates are found with regular expressions (fast, and they never invent a date from a
stray number); the month-name forms are normalized by ``dateparser``. Precision is ``day``,
``month`` or ``year``; ``approximate`` is set when the text says "about", "around", ...
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from .fast import LocatedTwin, Twin
from .types import ExtractedMention, Kind, context_of

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_APPROX = re.compile(
    r"(?i)\b(?:about|around|approximately|approx\.?|circa|ca\.|roughly|sometime in|some time in|near|early|late|mid)[ \t]*$"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_UNICODE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "day",
        re.compile(
            rf"(?=[ADFJMNOS])\b{_MONTHS}\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+(?:{_YEAR}|'\d\d)\b"
        ),
    ),
    (
        "day",
        re.compile(
            rf"\d(?<!\w.)\d?(?:st|nd|rd|th)?[ \t]+(?:day[ \t]+of[ \t]+)?{_MONTHS}\.?,?[ \t]+{_YEAR}\b"
        ),
    ),
    (
        "day",
        re.compile(
            r"(?P<m>\d(?<![\d/.\-].)\d?)(?P<sep>[-/.])(?P<d>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/\-]|\.\d)"
        ),
    ),
    ("month", re.compile(rf"(?=[ADFJMNOS])\b{_MONTHS}\.?,?[ \t]+(?:of[ \t]+)?{_YEAR}\b")),
    (
        "year",
        re.compile(
            rf"(?=(?i:[abdefilosuwy]))(?i:\b(?:in|of|since|during|until|before|after|year|summer|winter|spring|fall|early|late)[ \t]+)(?P<year>{_YEAR})\b"
        ),
    ),
)
_TIME = LocatedTwin(
    # where a time may start (fast.Located): a digit no digit precedes, then what one of the
    # three forms needs next ("9 a", "9:30", "0930 h")
    re.compile(r"\d(?<!\d.)(?:\d?(?::\d\d)?[ \t]*[aApP]|\d?:\d\d|\d\d\d[ \t]*[hH])"),
    re.compile(
        r"(?=\d)(?:(?<![\d:])(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d))?[ \t]*(?P<ampm>(?i:[ap]\.?[ \t]?m\b\.?))"
        r"|(?<![\d:])(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?![\d:])"
        r"|(?<!\d)(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)[ \t]*(?i:hrs\.?|hours)\b)"
    ),
)

_PATTERNS = tuple((precision, Twin(pattern)) for precision, pattern in _UNICODE_PATTERNS)

#: every match of the month-name patterns contains a month name, and of all but the numeric
#: pattern a year: two fast scans say which patterns can match the page at all
_MONTH_ANY = re.compile(_MONTHS)
_YEAR_ANY = re.compile(_YEAR)
#: per pattern of _PATTERNS: (needs a month name, needs a year)
_NEEDS = ((True, False), (True, True), (False, False), (True, True), (False, True))

_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "MDY",
    "REQUIRE_PARTS": ["year"],
    "PARSERS": ["absolute-time"],
}
_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WORDS = re.compile(r"[A-Za-z]+|\d+")


def _fast(text: str) -> dt.date | None:
    """The regular forms ("March 3, 1994", "3 March 1994", "March 1994") without dateparser,
    which costs ~10 ms a call; odd forms fall back to dateparser."""
    month = day = year = None
    for token in _WORDS.findall(text):
        low = token.lower()
        if low in _MONTH_NUMBER and month is None:
            month = _MONTH_NUMBER[low]
        elif token.isdigit():
            if len(token) == 4:
                year = int(token)
            elif day is None and len(token) <= 2:
                day = int(token)
            elif len(token) == 2 and year is None:
                year = 1900 + int(token) if int(token) > 30 else 2000 + int(token)
    if month is None or year is None:
        return None
    try:
        return dt.date(year, month, day or 1)
    except ValueError:
        return None


@functools.lru_cache(maxsize=8192)
def _parse(text: str) -> dt.date | None:
    fast = _fast(text)
    if fast is not None:
        return fast
    # imported here: the regular forms above are nearly every date, and dateparser's import
    # (~0.1 CPU-s) is paid by every ingest process that never reaches this line
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings=_SETTINGS)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def _numeric(match: re.Match[str]) -> dt.date | None:
    month, day, year = int(match.group("m")), int(match.group("d")), match.group("y")
    full_year = int(year) if len(year) == 4 else (1900 + int(year) if int(year) > 30 else 2000 + int(year))
    try:
        return dt.date(full_year, month, day)
    except ValueError:
        return None


def extract_dates(text: str) -> Iterator[ExtractedMention]:
    taken: list[tuple[int, int]] = []
    has_month = _MONTH_ANY.search(text) is not None
    has_year = _YEAR_ANY.search(text) is not None
    for (precision, twin), (needs_month, needs_year) in zip(_PATTERNS, _NEEDS, strict=True):
        if (needs_month and not has_month) or (needs_year and not has_year):
            continue
        pattern = twin.on(text)
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            if precision == "day" and "m" in pattern.groupindex:
                value = _numeric(match)
                normalized = value.isoformat() if value else ""
            elif precision == "year":
                start = match.start("year")
                normalized = match.group("year")
            else:
                parsed = _parse(re.sub(r"(?<=\d)(st|nd|rd|th)\b|day of", "", match.group(0)))
                if parsed is None:
                    continue
                normalized = (
                    parsed.isoformat() if precision == "day" else f"{parsed.year:04d}-{parsed.month:02d}"
                )
            if not normalized:
                continue
            taken.append((start, end))
            approximate = bool(_APPROX.search(text[max(0, start - 20) : start]))
            yield ExtractedMention(
                kind=Kind.DATE,
                text=text[start:end],
                normalized=normalized,
                start=start,
                end=end,
                context=context_of(text, start, end),
                attrs={"precision": precision, "approximate": approximate},
            )


def extract_times(text: str) -> Iterator[ExtractedMention]:
    for match in _TIME.on(text).finditer(text):
        if match.group("h") is not None:
            hour, minute = int(match.group("h")), int(match.group("m") or 0)
            ampm = match.group("ampm").lower().replace(".", "").replace(" ", "")
            if hour > 12 or hour == 0:
                continue
            if ampm.startswith("p") and hour != 12:
                hour += 12
            elif ampm.startswith("a") and hour == 12:
                hour = 0
        elif match.group("h2") is not None:
            hour, minute = int(match.group("h2")), int(match.group("m2"))
        else:
            hour, minute = int(match.group("h3")), int(match.group("m3"))
        start, end = match.span()
        approximate = bool(_APPROX.search(text[max(0, start - 20) : start]))
        yield ExtractedMention(
            kind=Kind.TIME,
            text=text[start:end],
            normalized=f"{hour:02d}:{minute:02d}",
            start=start,
            end=end,
            context=context_of(text, start, end),
            attrs={"precision": "minute", "approximate": approximate},
        )
