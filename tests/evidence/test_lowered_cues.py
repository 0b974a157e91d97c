"""The lower-cased cue check finds a cue on exactly the pages the case-insensitive one does,
at the same place, for every pattern of the knowledge base (fictional generated pages)."""

from __future__ import annotations

import random
import re

import pytest

from innocence.evidence.knowledge import proposal_patterns
from innocence.evidence.proposals import _compiled, lowered_twin, propose_page


def _pages(vocabulary: list[str], n: int = 400, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    filler = [
        "the",
        "witness",
        "said",
        "item",
        "no.",
        "lab",
        "Q.",
        "A.",
        "-",
        ",",
        ".",
        "\n",
        "1",
        "in",
        "type",
        "AB",
    ]
    pages = []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(5, 60)):
            word = rng.choice(vocabulary if rng.random() < 0.3 else filler)
            # random case, letter by letter: the check must not depend on how a typist cased a word
            words.append("".join(ch.upper() if rng.random() < 0.5 else ch for ch in word))
        pages.append(rng.choice([" ", "  ", "\n", "-"]).join(words))
    return pages


def _vocabulary(pattern: str) -> list[str]:
    # the words and word pieces the patterns are written with, to make pages that hit them
    return sorted(set(re.findall(r"[A-Za-z]{2,}|\d", pattern)) | {"one in 1,000", "bite-mark", "DQ-alpha"})


def test_every_cue_pattern_lowered_matches_where_the_original_does() -> None:
    patterns = proposal_patterns()
    ascii_patterns, anycue = _compiled(patterns, True)
    assert anycue is not None
    regexes = [
        anycue,
        ascii_patterns.conclusion,
        ascii_patterns.examination,
        *(r for _i, _m, r in ascii_patterns.method_cues),
    ]
    pages = _pages(_vocabulary(anycue.pattern))
    hits = 0
    for regex in regexes:
        lowered = lowered_twin(regex)
        if lowered is None:
            continue
        for page in pages:
            want = [m.span() for m in regex.finditer(page)]
            assert [m.span() for m in lowered.finditer(page.lower())] == want, (regex.pattern, page)
            hits += bool(want)
    assert hits > 100  # the generated pages do reach the cues
    assert lowered_twin(anycue) is not None  # the shipped cues can all be lowered


@pytest.mark.parametrize(
    "pattern",
    [r"\bfoo\B", r"\Dx", r"\x41BC", r"[A-z]+", r"\N{LATIN CAPITAL LETTER A}", r"\101"],
)
def test_a_pattern_that_lower_casing_would_change_is_not_lowered(pattern: str) -> None:
    assert lowered_twin(re.compile(pattern, re.IGNORECASE | re.ASCII)) is None


def test_a_pattern_without_ignorecase_or_ascii_is_not_lowered() -> None:
    assert lowered_twin(re.compile(r"\bdna\b", re.ASCII)) is None
    assert lowered_twin(re.compile(r"\bdna\b", re.IGNORECASE)) is None


def test_proposals_are_the_same_with_and_without_the_lowered_check() -> None:
    patterns = proposal_patterns()
    import dataclasses

    import innocence.evidence.proposals as proposals
    from tests.evidence.conftest import FICTIONAL_PAGE

    rng = random.Random(3)
    shouted = "".join(ch.upper() if rng.random() < 0.5 else ch for ch in FICTIONAL_PAGE)
    pages = [FICTIONAL_PAGE, shouted, FICTIONAL_PAGE.upper()]
    pages += _pages(_vocabulary(_compiled(patterns, True)[1].pattern), n=150, seed=11)  # type: ignore[union-attr]

    with_lowered = [propose_page(page) for page in pages]
    known = proposals._COMPILED[id(patterns)]
    proposals._COMPILED[id(patterns)] = dataclasses.replace(known, lowered_anycue=None)
    try:
        without = [propose_page(page) for page in pages]
    finally:
        proposals._COMPILED[id(patterns)] = known
    assert with_lowered == without
    assert all(with_lowered[:3]) and sum(map(len, with_lowered)) > 10
