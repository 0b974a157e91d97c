"""The favorable-evidence pass: patterns from innocence/knowledge/favorable_patterns.yaml run
over a page's text and propose the passages that typically favor the defense. A proposal is
never a finding: a user confirms it into a Brady/Giglio item (or rejects it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from innocence.core.prefilter import Prefilter, required_literals
from innocence.findings.knowledge import knowledge_base

VERSION = 1


@dataclass(frozen=True)
class Pattern:
    id: str
    category: str
    favorable: str
    label: str
    regexes: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Proposal:
    pattern: Pattern
    quote: str
    start: int
    end: int


def proposer_name() -> str:
    return f"favorable-patterns v{VERSION}.{knowledge_base().data('favorable_patterns').get('file_version', 1)}"


@cache
def patterns() -> tuple[Pattern, ...]:
    data = knowledge_base().data("favorable_patterns").get("patterns") or []
    return tuple(
        Pattern(
            id=str(p["id"]), category=str(p["category"]), favorable=str(p["favorable"]), label=str(p["label"]),
            regexes=tuple(re.compile(r, re.IGNORECASE | re.DOTALL) for r in p.get("regex") or ()),
        )
        for p in data
    )


@cache
def _any_pattern() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Every pattern as one alternation: a page none of them matches anywhere (most pages)
    is passed over in one scan instead of one per pattern. An alternation matches somewhere
    exactly when one of its branches does, so this only skips what would find nothing.
    The first form runs on the lowered text of an ASCII page (no IGNORECASE: several times
    faster), usable when no pattern spells an upper-case letter; the second on any page."""
    sources = [f"(?:{regex.pattern})" for pattern in patterns() for regex in pattern.regexes]
    if not sources:
        return None, None
    try:
        anycase = re.compile("|".join(sources), re.IGNORECASE | re.DOTALL)
    except re.error:  # a pattern that cannot be combined (e.g. a back-reference): no shortcut
        return None, None
    # An escape (\S, \B, ...) is not a letter to match; any other upper-case letter would
    # never match lowered text.
    spelled = re.sub(r"\\.", "", "".join(sources))
    lowered = None if any(ch.isupper() for ch in spelled) else re.compile("|".join(sources), re.DOTALL)
    return lowered, anycase


@cache
def _regexes() -> tuple[tuple[Pattern, re.Pattern[str]], ...]:
    return tuple((pattern, regex) for pattern in patterns() for regex in pattern.regexes)


@cache
def _literal_prefilter() -> Prefilter | None:
    """Each pattern's literals in one automaton: on an ASCII page, one scan says which regexes
    may match (usually none), and only those run."""
    requirements = [required_literals(regex) for _pattern, regex in _regexes()]
    return Prefilter(requirements) if any(requirements) else None


def _may_match(text: str) -> bool:
    lowered, anycase = _any_pattern()
    if anycase is None:
        return True
    if lowered is not None and text.isascii():
        return lowered.search(text.lower()) is not None
    return anycase.search(text) is not None


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line group) around a match, as it is on the page, at most ~400 chars."""
    left = max(0, start - 300)
    before = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    s = before[-1] if before else left
    after = _SENTENCE_END.search(text, end)
    e = after.end() if after and after.end() - end < 300 else min(len(text), end + 200)
    while s < e and text[s].isspace():
        s += 1
    return s, e


def propose(text: str) -> list[Proposal]:
    """Passages of one page that match a favorable pattern: one per (pattern, sentence)."""
    found: dict[tuple[str, int], Proposal] = {}
    literal = _literal_prefilter() if text.isascii() else None
    if literal is not None:
        maybe = literal.candidates(text.lower())
        regexes = [pair for index, pair in enumerate(_regexes()) if index in maybe]
    elif _may_match(text):
        regexes = list(_regexes())
    else:
        return []
    for pattern, regex in regexes:
        for match in regex.finditer(text):
            s, e = _sentence(text, match.start(), match.end())
            key = (pattern.id, s)
            if key not in found:
                found[key] = Proposal(pattern, text[s:e].strip(), s, e)
    return sorted(found.values(), key=lambda p: (p.start, p.pattern.id))



def warm_up() -> None:
    """Load the patterns and vocabularies every page needs (the page-text consumer's
    ``warm_up``): no database."""
    from innocence.core.extensions import WARM_UP_PAGE

    propose(WARM_UP_PAGE)
