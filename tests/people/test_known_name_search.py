"""The known-name scan finds the next match from the next bare surname: it must find exactly
what searching with the whole pattern finds, on any text (random strings built of the
pieces that matter: names in every case, initials, blanks, line breaks, glued letters).
Fictional names."""

from __future__ import annotations

import random

from innocence.people import known_names


def test_the_shortcut_finds_what_the_whole_pattern_finds() -> None:
    keys = ("roe", "varne", "mcquinn", "o'dell", "ab")
    bare = known_names._known_bare_regex(keys)
    patterns = (known_names._known_wrapped_regex(keys), known_names._known_regex(keys))
    pieces = ["Roe", "ROE", "roe", "Varne", "VARNE", "Jane", "JANE", "Q.", "Q", " ", "  ", "\t", "\n", "\r\n",
              ",", "1", "x", "McQuinn", "O'Dell", "’s", "'s", "AB", "Ab", "-", "K", "ı", "\u212a", "\u017f", "İ", "Xroe", "the"]
    rng = random.Random(14)
    for _ in range(15000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        for pos in range(0, len(text) + 1, max(1, len(text) // 3)):
            for pattern in patterns:
                whole = pattern.search(text, pos)
                quick = known_names._search(pattern, bare, text, pos)
                assert (whole and (whole.span(), whole.groupdict())) == (
                    quick and (quick.span(), quick.groupdict())
                ), (text, pos)
                # ... and from the places a surname begins (ASCII pages; None otherwise)
                starts = known_names._starts(keys, text)
                assert (starts is None) == (not text.isascii())
                quickest = known_names._search(pattern, bare, text, pos, starts)
                assert (whole and (whole.span(), whole.groupdict())) == (
                    quickest and (quickest.span(), quickest.groupdict())
                ), (text, pos)


def test_first_names_are_tried_only_where_one_begins() -> None:
    """The misread-surname scan's matches, found from where a first name begins, are exactly
    the pattern's own finditer — overlapping names, glued letters, lookbehind at the start."""
    given = ("jane", "jan", "tamsin", "al", "o'neil")
    pattern = known_names._given_then_word(given)
    pieces = ["Jane", "JANE", "jane", "Jan", "Janet", "Tamsin", "TAMSIN", "Al", "AL", "Alan", "O'Neil", "Pellow",
              "PELLOW", "Pellaw", "Roe", " ", "  ", "\t", "\n", "x", "X", "1", "'s", "’s", "ı", "\u212a", "\u017f"]
    rng = random.Random(23)
    for _ in range(15000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        want = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        got = [(m.span(), m.groupdict()) for m in known_names._given_matches(given, text)]
        assert want == got, text


def test_spellings_that_are_not_ascii_keep_the_regex() -> None:
    assert known_names._starts(("muñoz", "roe"), "Roe and Munoz") is None
    assert known_names._starts(("roe",), "Roe and ROE, xroe") == [0, 8, 14]
    assert known_names._starts((), "Roe") is None

