"""ASCII twins of the extraction patterns: the same pattern compiled with ``re.ASCII``, used on
pages where it finds exactly what the Unicode pattern finds (about a fifth less CPU: no
Unicode case folding or category tables), and a page-level check for that."""

from __future__ import annotations

import functools
import re

#: Unicode ``\s`` also matches these four ASCII separators, ``re.ASCII``'s does not
_UNICODE_ONLY_SPACE = re.compile(r"[\x1c-\x1f]")


@functools.lru_cache(maxsize=8)
def plain_ascii(text: str) -> bool:
    """True if every ASCII twin finds on ``text`` what its Unicode pattern finds: all ASCII, and
    none of the characters on which ASCII and Unicode ``\\s`` disagree. (Cached: each extractor
    asks about the same page.)"""
    return text.isascii() and _UNICODE_ONLY_SPACE.search(text) is None


class Twin:
    """A compiled pattern and its ASCII twin: ``twin.on(text).finditer(text)``."""

    __slots__ = ("ascii", "unicode")

    def __init__(self, pattern: re.Pattern[str], *, ascii: re.Pattern[str] | None = None) -> None:
        """``ascii``: a pattern written differently that finds exactly what ``pattern`` finds on
        a plain-ASCII page (tests compare the two); by default ``pattern`` itself, compiled
        with ``re.ASCII``."""
        self.unicode = pattern
        self.ascii = ascii or re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)

    def on(self, text: str) -> re.Pattern[str]:
        return self.ascii if plain_ascii(text) else self.unicode


@functools.lru_cache(maxsize=8)
def ascii_lower(text: str) -> str | None:
    """The page in lower case when it is plain ASCII, for page-level prefilters: on such a page a
    case-insensitive pattern's literal word occurs exactly where ``word in ascii_lower(text)``
    says. None otherwise: Unicode case folding matches more than ``str.lower`` shows ("ſ" is an
    "s", "K" a "k"), so a prefilter must not skip anything there. (Cached: several passes ask
    about the same page.)"""
    return text.lower() if plain_ascii(text) else None
