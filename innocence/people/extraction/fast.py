"""ASCII twins of the extraction patterns: the same pattern compiled with ``re.ASCII``, used on
pages where it finds exactly what the Unicode pattern finds (about a fifth less CPU: no
Unicode case folding or category tables), and a page-level check for that."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, Protocol

#: Unicode ``\s`` also matches these four ASCII separators, ``re.ASCII``'s does not
_UNICODE_ONLY_SPACE = re.compile(r"[\x1c-\x1f]")


@functools.lru_cache(maxsize=8)
def plain_ascii(text: str) -> bool:
    """True if every ASCII twin finds on ``text`` what its Unicode pattern finds: all ASCII, and
    none of the characters on which ASCII and Unicode ``\\s`` disagree. (Cached: each extractor
    asks about the same page.)"""
    return text.isascii() and _UNICODE_ONLY_SPACE.search(text) is None


class MatchLike(Protocol):
    """What extraction reads of a match (``re.Match``, or a Shifted one)."""

    def start(self, group: int | str = 0, /) -> int: ...
    def end(self, group: int | str = 0, /) -> int: ...
    def span(self, group: int | str = 0, /) -> tuple[int, int]: ...
    def group(self, group: int | str, /) -> Any: ...


class Searcher(Protocol):
    def search(self, text: str, pos: int = 0, /) -> MatchLike | None: ...


class AfterClass:
    r"""REST at the start of the text or right after a character of the class C — the pattern
    ``(?:\A|(?<=C))REST`` (``(?<![A-Za-z])``: C is ``[^A-Za-z]``; ``(?m)^``: C is ``\n``) —
    searched as ``C(?P<_whole>REST)``, a pattern that starts with a set of characters, which
    the regex engine skips ahead to (a look-behind or ``^`` first makes it try every
    character), plus REST alone at the start of the text. ``search`` and ``finditer`` find
    exactly what that pattern finds (the consumed character is not part of a match), so a
    caller can take it for the pattern. For patterns that never match the empty string."""

    __slots__ = ("_after", "_at_start", "pattern")

    def __init__(self, preceded_by: str, rest: str, flags: int = 0, *, at_start: re.Pattern[str] | None = None) -> None:
        """``at_start``: an already compiled pattern that matches what REST matches at the start
        of the text (the look-behind spelling itself, say), instead of compiling REST again."""
        self.pattern = rf"(?:\A|(?<={preceded_by})){rest}"
        self._at_start = at_start or re.compile(rest, flags)
        self._after = re.compile(rf"{preceded_by}(?P<_whole>{rest})", flags)

    def search(self, text: str, pos: int = 0, /) -> MatchLike | None:
        if pos <= 0:
            match = self._at_start.match(text)
            if match is not None:
                return match
            pos = 1
        found = self._after.search(text, pos - 1)
        return None if found is None else Shifted(found)

    def finditer(self, text: str) -> Iterator[MatchLike]:
        return _finditer(self.search, text)


def _finditer(search: Callable[[str, int], Any], text: str) -> Iterator[Any]:
    """Like ``re.finditer`` for a pattern that never matches the empty string: each match of
    ``search``, the next searched from the end of the last."""
    pos = 0
    while True:
        match = search(text, pos)
        if match is None:
            return
        yield match
        pos = max(match.end(), match.start() + 1)


class Shifted:
    """A match of AfterClass's consuming pattern, read as the match of the look-behind
    pattern: the whole match is the group ``_whole``."""

    __slots__ = ("_match",)

    def __init__(self, match: re.Match[str]) -> None:
        self._match = match

    def _group(self, group: int | str) -> int | str:
        return "_whole" if group == 0 else group

    def start(self, group: int | str = 0, /) -> int:
        return self._match.start(self._group(group))

    def end(self, group: int | str = 0, /) -> int:
        return self._match.end(self._group(group))

    def span(self, group: int | str = 0, /) -> tuple[int, int]:
        return self._match.span(self._group(group))

    def group(self, group: int | str = 0, /) -> Any:
        return self._match.group(self._group(group))

    def groupdict(self) -> dict[str, Any]:
        found = self._match.groupdict()
        found.pop("_whole", None)
        return found


class SearchTwin:
    """A compiled pattern and, for plain-ASCII pages, a searcher that finds exactly what it
    finds there: ``twin.on(text).search(text, pos)``."""

    __slots__ = ("ascii", "unicode")

    def __init__(self, pattern: re.Pattern[str], ascii: Searcher) -> None:
        self.unicode = pattern
        self.ascii = ascii

    def on(self, text: str) -> Searcher:
        return self.ascii if plain_ascii(text) else self.unicode


class Located:
    """A pattern's matches found in two steps: ``where`` — a pattern that matches wherever
    ``full`` does and starts with a set of characters the engine skips ahead to — finds
    where a match may start, and ``full`` is tried there. Exact whenever ``where`` matches
    at every position ``full`` matches at (its other positions only cost a ``match``):
    ``search``/``finditer`` give ``full``'s own matches. For the digit-led patterns, whose
    look-ahead first (``(?=\\d)``) had the engine try every character."""

    __slots__ = ("full", "where")

    def __init__(self, where: re.Pattern[str], full: re.Pattern[str]) -> None:
        self.where, self.full = where, full

    def search(self, text: str, pos: int = 0, /) -> re.Match[str] | None:
        while True:
            candidate = self.where.search(text, pos)
            if candidate is None:
                return None
            found = self.full.match(text, candidate.start())
            if found is not None:
                return found
            pos = candidate.start() + 1

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return _finditer(self.search, text)


class LocatedTwin:
    """Located for a Twin and the Twin of its ``where`` pattern: ``twin.on(text).finditer(text)``."""

    __slots__ = ("ascii", "unicode")

    def __init__(self, where: re.Pattern[str], full: re.Pattern[str]) -> None:
        where_twin, full_twin = Twin(where), Twin(full)
        self.unicode = Located(where_twin.unicode, full_twin.unicode)
        self.ascii = Located(where_twin.ascii, full_twin.ascii)

    def on(self, text: str) -> Located:
        return self.ascii if plain_ascii(text) else self.unicode


class Twin:
    """A compiled pattern and its ASCII twin: ``twin.on(text).finditer(text)``."""

    __slots__ = ("ascii", "unicode")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.unicode = pattern
        self.ascii = re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)

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
