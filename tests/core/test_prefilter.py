"""The literal prefilter never says "cannot match" of a page a pattern matches (fictional
phrases and random text; no database)."""

from __future__ import annotations

import random
import re

import pytest

from innocence.core.prefilter import Prefilter, prefilter_for, required_literals


def texts(requirement):
    return {text for text, _left, _right in requirement or ()}


def test_the_literals_every_match_contains():
    assert texts(required_literals(re.compile(r"\b(?:did|could) not (?:identify|pick)\b", re.I))) == {
        "did not identify", "did not pick", "could not identify", "could not pick",
    }
    # an optional part is spelled both ways; a small class is spelled out
    assert texts(required_literals(re.compile(r"\bbite[- ]?marks?\b"))) >= {"bite mark", "bite-marks", "bitemark"}
    # a wide class or a repeat ends a run: the strongest requirement around it is kept
    assert texts(required_literals(re.compile(r"\bexcludes? (?:the suspect|mr\.? \w+)\b"))) == {
        "exclude ", "excludes ",
    }
    assert texts(required_literals(re.compile(r"\b(?:the suspect|mr\.? \w+) x"))) == {"the suspect", "mr ", "mr. "}
    # the word boundaries around a literal are kept, to be checked where it is found
    assert required_literals(re.compile(r"\balibi\b")) == frozenset({("alibi", True, True)})


@pytest.mark.parametrize("source", [r"\w+", r"[A-Z][a-z]+ [A-Z]", r"(?:ab|c)\d", r".*", r"\bno\b"])
def test_no_requirement_when_nothing_long_enough_is_required(source):
    assert required_literals(re.compile(source)) is None
    assert prefilter_for(re.compile(source)) is None


def test_candidates_name_the_patterns_that_may_match():
    patterns = [re.compile(r"\binconclusive\b", re.I), re.compile(r"\brecant(?:ed|s)?\b", re.I), re.compile(r"\d+")]
    prefilter = Prefilter([required_literals(p) for p in patterns])
    assert prefilter.candidates("the results were inconclusive.") == {0, 2}
    assert prefilter.candidates("she recanted") == {1, 2}
    # "recant" inside another word is not at a word boundary
    assert prefilter.candidates("unrecanted") == {2}
    assert prefilter.may_match("nothing here")  # the third pattern has no requirement


_PIECES = [
    "ab", "abc", "cab", "bca", "a", "b", "c", " ", "-", r"\b", r"\w", r"\d", ".", "[ab]", "[a-c]", "[^a]",
    r"\s", "x", "y", "(?i:ab)", "(?=a)", "(?!b)", "(?<=c)",
]


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(1, 5)):
        roll = rng.random()
        if roll < 0.15 and depth < 3:
            alternatives = [_random_pattern(rng, depth + 1) for _ in range(rng.randint(2, 3))]
            piece = "(?:" + "|".join(alternatives) + ")"
        elif roll < 0.22 and depth < 3:
            piece = "(" + _random_pattern(rng, depth + 1) + ")"
        else:
            piece = rng.choice(_PIECES)
        quantifier = rng.choice(["", "", "", "?", "*", "+", "{1,2}", "{0,3}", "{2}", "??", "+?"])
        # a group only optional or twice (nested repeats backtrack for ever); no assertion repeated
        if piece.startswith(("(?=", "(?!", "(?<=", r"\b")):
            quantifier = ""
        elif piece.startswith("(") and quantifier not in ("", "?", "{2}", "??"):
            quantifier = "?"
        parts.append(piece + quantifier)
    return "".join(parts)


def test_never_says_cannot_of_a_page_that_matches():
    rng = random.Random(20261203)
    alphabet = ["ab", "abc", "cab", "bca", "ABC", "Ab", "a", "b", "c", " ", "-", "x", "y", "1", ".", "_", "\n"]
    checked = 0
    for _ in range(4000):
        source = _random_pattern(rng)
        flags = rng.choice([0, re.IGNORECASE])
        try:
            pattern = re.compile(source, flags)
        except re.error:
            continue
        prefilter = prefilter_for(pattern)
        if prefilter is None:
            continue
        for _ in range(30):
            # text of the patterns' own pieces, so that their literals occur often
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
            if pattern.search(text) is not None:
                checked += 1
                assert prefilter.may_match(text.lower()), (source, flags, text)
    assert checked > 1000
