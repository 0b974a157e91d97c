"""A literal prefilter for a regular expression: the strings one of which every match must
contain, found from the parsed pattern, and one Aho-Corasick scan of a page for them.

Python's engine gets no skip-ahead from an alternation whose branches start with ``\\b`` or a
group, and tries every branch at every character: a knowledge-base alternation of forty cue
phrases costs about 0.3 ms on a page that holds none of them. The prefilter says "cannot
match" in one pass over the page (about 0.03 ms) when none of the strings is there, and
"may match" otherwise, when the regex itself must run. It never says "cannot" of a page the
regex matches: that is what the tests fuzz. The same technique as RE2's FilteredRE2 and
Hyperscan's literal matching, on the parse tree of Python's own ``re``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import ahocorasick

try:  # the parser's module and constants are private; without them, no prefilter (never wrong)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python
    _parser = None
    _c = None

#: a literal of a requirement: lower-case text, and whether the pattern puts a word boundary
#: (``\\b``) right before it and right after it (checked where the text is found)
Literal = tuple[str, bool, bool]
#: a requirement: literals one of which every match contains
Requirement = frozenset[Literal]

#: strings this short are on every page: a requirement made of one is no filter
MIN_LITERAL = 3


def required_literals(pattern: re.Pattern[str] | str, flags: int = 0) -> Requirement | None:
    """Lower-case strings one of which every match of ``pattern`` contains (on a page of ASCII
    text lowered with ``str.lower``); None when no such set of strings of at least
    :data:`MIN_LITERAL` characters is known."""
    if _parser is None:
        return None
    source = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    flags = pattern.flags if isinstance(pattern, re.Pattern) else flags
    if not isinstance(source, str):
        return None
    try:
        parsed = _parser.parse(source, flags & ~re.UNICODE & ~re.ASCII)
    except (re.error, RecursionError, ValueError):
        return None
    try:
        return _sequence(list(parsed))
    except RecursionError:
        return None


def _strength(requirement: Requirement) -> tuple[int, int]:
    """The better requirement has longer strings (each is rarer), then fewer of them."""
    return (min(len(text) + left + right for text, left, right in requirement), -len(requirement))


#: the most strings a run of alternatives is spelled out into ("(?:did|could) not" is two)
MAX_SPELLINGS = 64
#: a character class is spelled out when it has at most this many characters ("[sz]", "[- ]")
MAX_CLASS = 8


def _exact(op: Any, av: Any) -> set[str] | None:
    """Every string one parsed item matches, lower-cased, when they are few (a literal, a small
    class, an alternation or an optional part of such); None otherwise."""
    if op is _c.LITERAL:
        return {chr(av).lower()} if av < 128 else None
    if op is _c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _c.LITERAL and value < 128:
                chars.add(chr(value).lower())
            elif kind is _c.RANGE and value[1] < 128 and value[1] - value[0] < MAX_CLASS:
                chars.update(chr(c).lower() for c in range(value[0], value[1] + 1))
            else:  # a negated class, a category (\d, \w), a wide range
                return None
        return chars if len(chars) <= MAX_CLASS else None
    if op is _c.SUBPATTERN:
        return _exact_sequence(list(av[-1]))
    if op is _c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            spelled = _exact_sequence(list(alternative))
            if spelled is None:
                return None
            union |= spelled
        return union if len(union) <= MAX_SPELLINGS else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
        spelled = _exact_sequence(list(av[2]))
        return None if spelled is None else spelled | {""}
    return None


def _exact_sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    spelled = {""}
    for op, av in items:
        part = _exact(op, av)
        if part is None or len(spelled) * len(part) > MAX_SPELLINGS:
            return None
        spelled = {a + b for a in spelled for b in part}
    return spelled


def _sequence(items: list[tuple[Any, Any]], bounded: bool = False) -> Requirement | None:
    """The best requirement of a sequence of parsed items. Every item of a sequence must match,
    so any one item's requirement is the sequence's; and a run of items with few spellings
    ("(?:did|could) not ") is spelled out: one of its spellings is in every match.
    ``bounded``: a word boundary right before the sequence (and so before its run)."""
    candidates: list[Requirement] = []
    run: set[str] = {""}

    def flush(bounded_after: bool) -> None:
        if min(map(len, run)) >= MIN_LITERAL:
            candidates.append(frozenset((text, bounded, bounded_after) for text in run))

    for op, av in items:
        part = _exact(op, av)
        if part is not None and len(run) * len(part) <= MAX_SPELLINGS:
            run = {a + b for a in run for b in part}
            continue
        boundary = op is _c.AT and av is _c.AT_BOUNDARY
        flush(boundary)
        after_boundary = bounded and run == {""}  # nothing since the boundary
        run = {""} if part is None else part
        found: Requirement | None = None
        if part is not None:
            pass  # spelled out: starts the next run
        elif op is _c.SUBPATTERN:
            found = _sequence(list(av[-1]), after_boundary)
        elif op is _c.BRANCH:
            found = _branches(av[1], after_boundary)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            found = _sequence(list(av[2]))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            found = _sequence(list(av))
        # anything else (a wide class, an assertion, a look-around, "any character", a
        # back-reference) requires no literal and ends a run
        if found is not None:
            candidates.append(found)
        bounded = boundary
    flush(False)
    return max(candidates, key=_strength) if candidates else None


def _branches(alternatives: list[Any], bounded: bool = False) -> Requirement | None:
    """A match of an alternation matches one of its branches: the union of their requirements,
    if every branch has one."""
    union: set[Literal] = set()
    for alternative in alternatives:
        found = _sequence(list(alternative), bounded)
        if found is None:
            return None
        union |= found
    return frozenset(union)


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


class Prefilter:
    """The requirements of several patterns in one Aho-Corasick automaton.
    ``candidates(lowered)``: the indices of the patterns that may match a page whose
    lower-cased ASCII text is ``lowered`` (a pattern with no requirement always may);
    ``may_match(lowered)``: whether any may."""

    __slots__ = ("_always", "_automaton", "_empty")

    def __init__(self, requirements: Sequence[Requirement | None]) -> None:
        automaton = ahocorasick.Automaton()
        spots: dict[str, list[tuple[int, bool, bool]]] = {}
        self._always = frozenset(i for i, r in enumerate(requirements) if not r)
        for index, requirement in enumerate(requirements):
            for text, left, right in requirement or ():
                spots.setdefault(text, []).append((index, left, right))
        for text, where in spots.items():
            automaton.add_word(text, (len(text), tuple(where)))
        self._empty = not spots
        if not self._empty:
            automaton.make_automaton()
        self._automaton = automaton

    def _hits(self, lowered: str, found: set[int]) -> Iterator[int]:
        """The patterns that may match, each at most once: a pattern already in ``found`` is
        not checked again where its strings recur (a page of a lab report holds "sample"
        forty times; checking the word boundaries of every one was most of the scan)."""
        yield from self._always
        if self._empty:
            return
        size = len(lowered)
        for end, (length, where) in self._automaton.iter(lowered):
            start = end - length + 1
            for index, left, right in where:
                if index in found:
                    continue
                if left and _word(lowered[start]) == (start > 0 and _word(lowered[start - 1])):
                    continue
                if right and _word(lowered[end]) == (end + 1 < size and _word(lowered[end + 1])):
                    continue
                yield index

    def candidates(self, lowered: str) -> set[int]:
        found: set[int] = set()
        for index in self._hits(lowered, found):
            found.add(index)
        return found

    def may_match(self, lowered: str) -> bool:
        for _index in self._hits(lowered, set()):
            return True
        return False


def prefilter_for(*patterns: re.Pattern[str]) -> Prefilter | None:
    """One prefilter for these patterns, or None when none of them has a requirement (it
    would pass every page)."""
    requirements = [required_literals(p) for p in patterns]
    return Prefilter(requirements) if any(requirements) else None
