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

