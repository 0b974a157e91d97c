"""Extraction patterns rewritten to start with a set of characters (which the regex engine
skips ahead to) instead of a look-around (which makes it try every character) find exactly
what they found before: each is compared with its former spelling, kept here, on random
fictional text built from the pieces it reacts to, in ASCII and in Unicode mode."""

from __future__ import annotations

import importlib
import random
import re

from innocence.people.extraction import persons
from innocence.people.extraction.vocabulary import vocabulary

dates = importlib.import_module("innocence.people.extraction.dates")
numbers = importlib.import_module("innocence.people.extraction.numbers")
places = importlib.import_module("innocence.people.extraction.places")

_LETTER = persons._LETTER
#: the former spelling of a name part: "[A-Z]\\." or "[A-Z]...", each from its capital
OLD_NAME_PART = rf"(?:[A-Z]\.|[A-Z][{_LETTER}'’\-]*[{_LETTER}](?![{_LETTER}0-9]))"

NOISE = [*" \t\n.,;:-/'’()#&0123456789", "é", "Ñ", "ſ", "K", "\u00a0", "_", "x", "a"]
NAMES = ["Roe", "ROE", "J.", "Quillfeather", "O'Brien", "Ann-Marie", "Peñalosa", "DOE", "Orrin", "roe", "R.KESSLER"]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def _texts(pieces: list[str], seed: int, count: int = 4000) -> list[str]:
    rng = random.Random(seed)
    every = [*pieces, *NOISE, *NAMES]
    return ["".join(rng.choice(every) for _ in range(rng.randint(0, 24))) for _ in range(count)]


def _same(old_source: str, new: re.Pattern[str], pieces: list[str], seed: int) -> None:
    for flags in (0, re.ASCII):
        old = re.compile(old_source, flags)
        rewritten = re.compile(new.pattern, flags | (new.flags & ~(re.UNICODE | re.ASCII)))
        for text in _texts(pieces, seed):
            if flags and not text.isascii():
                continue
            assert _matches(rewritten, text) == _matches(old, text), (new.pattern[:60], text)


def test_name_part() -> None:
    new = re.compile(persons._NAME_PART)
    _same(OLD_NAME_PART, new, ["A", "Z", "b", "-", "'"], 1)


def test_ocr_titled() -> None:
    old = (rf"(?=[A-Z])(?<![A-Za-z])(?P<titles>[A-Z][a-z]{{2,3}}|[A-Z]{{3,4}})[ \t]?\.[ \t]*"
           rf"(?P<name>{OLD_NAME_PART}(?:{persons._SEP}{OLD_NAME_PART}){{0,3}})")
    _same(old, persons._OCR_TITLED.unicode, ["Sat", "SOT", "Sgt", "Dect", "DET.", "xSat"], 2)


def test_couple() -> None:
    old = (rf"\b(?P<his>M[Rr]\.?)[ \t]+(?:and|&)[ \t]+(?:M[Rr][Ss]|M[Ss])\.?{persons._TITLE_SEP}"
           rf"(?P<name>{OLD_NAME_PART})")
    phrases = ["Mr. and Mrs. Roe", "MR & MS ROE", "xMr and Mrs Roe", "_Mr. and Ms. Orrin", "éMr and Mrs\nDoe",
               "Mr and Mrs", " and ", "Mr", "MRS"]
    _same(old, persons._COUPLE, phrases, 3)


def test_self_identified() -> None:
    old = rf"(?i:my[ \t]+name[ \t]+is)[ \t]+(?P<name>{OLD_NAME_PART}(?:[ \t]+{OLD_NAME_PART}){{1,3}})"
    phrases = ["My name is Jane Roe", "MY NAME IS ROE DOE", "my name is J. Roe", "mY nAmE iS Ann Orrin", "my  name",
               "My name is ", "name is ", "Jane Roe"]
    _same(old, persons._SELF_ID, phrases, 4)


def test_evidence_item_number() -> None:
    old = r"(?=[A-Z])(?<![\w-])(?P<value>[A-Z]-\d{4,5}-\d{2})(?![\w-])"
    _same(old, numbers._ITEM.unicode, ["J-", "K-1234-56", "Q-12345-01", "1234", "-12", "xJ-"], 5)


def test_street_address() -> None:
    pattern = places._ADDRESS.unicode.pattern
    old = pattern.replace(r"(?P<number>\d(?<![\w/-].)\d{0,4})", r"(?=\d)(?<![\w/-])(?P<number>\d{1,5})", 1)
    assert old != pattern
    _same(old, places._ADDRESS.unicode, ["4821", "12", " Elm ", "Street", "St.", "Apt 4", "N. ", "a4821", "/12"], 6)


def test_numeric_and_day_dates() -> None:
    by_source = {p.pattern: p for _, p in dates._UNICODE_PATTERNS}
    day_month = next(p for s, p in by_source.items() if "day[ \\t]+of" in s)
    numeric = next(p for s, p in by_source.items() if "(?P<sep>" in s)
    old_numeric = numeric.pattern.replace(r"(?P<m>\d(?<![\d/.\-].)\d?)", r"(?=\d)(?<![\d/.\-])(?P<m>\d{1,2})", 1)
    old_day = day_month.pattern.replace(r"\d(?<!\w.)\d?(?:st|nd|rd|th)?", r"(?=\d)\b\d{1,2}(?:st|nd|rd|th)?", 1)
    assert old_numeric != numeric.pattern and old_day != day_month.pattern
    pieces = ["4/5/1995", "12-03-94", "3.4.02", "1.2.3", "3rd", " March ", "day of", "1994", "Jan.", "x3"]
    _same(old_numeric, numeric, pieces, 7)
    _same(old_day, day_month, pieces, 8)


def test_titled_on_ascii_pages() -> None:
    """The ASCII twin of the titled-name pattern, led by the titles' first characters, finds
    what the former pattern (a look-behind first) finds, resumed after each title as
    extraction resumes it."""
    forms = vocabulary().title_pattern
    title = rf"(?:{forms})(?:[ \t]?\.)?(?:[ \t]?\((?i:s)\))?(?:(?<=\.)|(?![A-Za-z]))"
    old = re.compile(
        rf"(?<![A-Za-z])(?P<titles>(?:{title})(?:[ \t]+(?:{title}))*)(?:[ \t]+(?i:assigned)[ \t]*:?)?"
        rf"{persons._TITLE_SEP}(?!(?:{title}))(?P<name>{OLD_NAME_PART}(?:{persons._SEP}{OLD_NAME_PART}){{0,3}})",
        re.ASCII,
    )
    new = persons._titled_regex().ascii
    assert new.pattern != old.pattern
    titles = ["Det.", "DET", "det", "Detective", "Sgt.", "SGT.", "P.O.", "ADA", "Ada", "DA", "Dr.", "Officer(s)",
              "Officers", "Lt", "xDet", "Special Agent", "Assistant District Attorney", " assigned:", "Tech"]
    rng = random.Random(9)
    pieces = [*titles, *NAMES, *(n for n in NOISE if n.isascii())]
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        assert [(m.span(), m.groupdict()) for m in persons._rescanned(new, text)] == [
            (m.span(), m.groupdict()) for m in persons._rescanned(old, text)
        ], text


def test_after_class_search_is_the_look_behind_search() -> None:
    """AfterClass.search(text, pos) finds what ``(?<![X])REST``.search(text, pos) finds, at
    every start position, with the same spans and groups (the consumed character left out)."""
    from innocence.people.extraction.fast import AfterClass

    searcher = AfterClass("[^A-Za-z]", r"(?P<word>[Dd]et)\.?(?P<tail>[ \t]+\w+)?")
    reference = re.compile(searcher.pattern)
    rng = random.Random(10)
    pieces = ["Det", "det.", "xDet", "Det Roe", " ", "\n", ".", "D", "e", "t", "1"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for pos in range(len(text) + 1):
            got, want = searcher.search(text, pos), reference.search(text, pos)
            assert (got is None) == (want is None), (text, pos)
            if got is not None and want is not None:
                assert (got.span(), got.group(0), got.span("word"), got.group("tail"), got.groupdict()) == (
                    want.span(), want.group(0), want.span("word"), want.group("tail"), want.groupdict()
                ), (text, pos)


def test_line_start_patterns_find_what_multiline_caret_finds() -> None:
    """The examiner, speaker and examined-witness patterns, searched from line breaks
    (AfterClass), find what their ``(?m)^`` spelling found, match for match."""
    phrases = ["MR. HALE:", "Mr. Roe;", "  Ms. Orrin:", "BY MR. ROE", "DIRECT EXAMINATION BY MS. DOE", "Cross by Mr. Hale",
               "Jane Roe\nDIRECT EXAMINATION BY", "JOHN ROE,\n  cross-examination by", "\n", "\r\n", " x MR. HALE:", "q"]
    for searcher in (persons._EXAMINER, persons._SPEAKER, persons._EXAMINED_WITNESS):
        old = re.compile(r"(?m)^" + searcher._at_start.pattern)
        rng = random.Random(12)
        for _ in range(3000):
            text = "".join(rng.choice([*phrases, *NAMES, " ", "\t"]) for _ in range(rng.randint(0, 10)))
            got = [(m.span(), m.groupdict()) for m in searcher.finditer(text)]
            assert got == [(m.span(), m.groupdict()) for m in old.finditer(text)], text


def _same_located(located_twin, pieces: list[str], seed: int) -> None:
    for flags, located in ((0, located_twin.unicode), (re.ASCII, located_twin.ascii)):
        full = located.full
        assert (full.flags & re.ASCII) == flags
        for text in _texts(pieces, seed):
            if flags and not text.isascii():
                continue
            got = [(m.span(), m.groupdict()) for m in located.finditer(text)]
            assert got == _matches(full, text), (full.pattern[:40], text)


def test_times_are_found_where_the_full_pattern_finds_them() -> None:
    pieces = ["9", "12", "23", "0930", "1745", ":", ":30", "a.m.", "pm", "P.M", " am", "hrs", "HOURS", "h", "٣", "24:00"]
    _same_located(dates._TIME, pieces, 13)


def test_phones_are_found_where_the_full_pattern_finds_them() -> None:
    pieces = ["(504)", "504", "555", "-1234", "555-1234", ".", "(", ")", "-", "1234", "٣", "12345"]
    _same_located(places._PHONE, pieces, 14)


def test_located_misses_nothing_the_full_pattern_finds() -> None:
    """A ``where`` pattern that matches at more places than ``full`` costs only time; the
    matches are still full's (here: every digit is a candidate)."""
    from innocence.people.extraction.fast import Located

    full = re.compile(r"(?<!\d)(?P<n>\d\d)-(?P<m>\d)")
    located = Located(re.compile(r"\d"), full)
    for text in _texts(["12-3", "1-2", "123-4", "-", "12"], 15):
        assert [(m.span(), m.groupdict()) for m in located.finditer(text)] == _matches(full, text), text
