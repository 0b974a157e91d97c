"""Is a page's text worth reading for names? OCR garbage, empty pages and text in another
language must yield nothing rather than invented people."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][a-z]+|[A-Z]{2,}")
_TOKEN = re.compile(r"\S+")
# The most frequent English words: a page with none of them is not English prose.
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "was",
        "that",
        "he",
        "for",
        "it",
        "with",
        "as",
        "his",
        "on",
        "be",
        "at",
        "by",
        "i",
        "had",
        "not",
        "are",
        "but",
        "from",
        "or",
        "have",
        "an",
        "they",
        "which",
        "you",
        "were",
        "her",
        "she",
        "there",
        "been",
        "one",
        "all",
        "we",
        "their",
        "has",
        "would",
        "when",
        "if",
        "so",
        "what",
        "no",
        "did",
        "do",
        "my",
        "him",
        "me",
        "your",
        "about",
        "up",
        "out",
        "time",
        "then",
        "did",
        "said",
        "yes",
        "sir",
        "q",
    ]
)


def is_readable(text: str) -> bool:
    tokens = _TOKEN.findall(text[:20000])
    if len(tokens) < 3:
        return False
    if _is_roster(text[:20000]):
        return True
    wordlike = sum(1 for t in tokens if _WORD.fullmatch(t.strip(".,;:!?\"'()")))
    if wordlike / len(tokens) < 0.35:
        return False
    english = sum(1 for t in tokens if t.strip(".,;:!?\"'()").lower() in _ENGLISH)
    return english / len(tokens) >= 0.04 or len(tokens) < 15


#: a roster line: a rank, a name, maybe a unit or badge number ("Sgt. R. Kessler 1121")
_ROSTER_MIN_LINES = 3


def _is_roster(text: str) -> bool:
    """A unit roster or a list of officers: few English words, but one titled name per line.
    Three lines that start (after a unit number) with a law-enforcement title and a capitalised
    word make a page worth reading for names."""
    from .vocabulary import vocabulary  # a cycle at import time otherwise

    vocab = vocabulary()
    lines = 0
    for line in text.splitlines():
        words = re.sub(r"^[\s\W\d]*(?:(?i:unit|car)\s*#?\s*\d+[\s,:.\-]*)?", "", line).split()
        if len(words) < 2 or not words[1][:1].isupper():
            continue
        title = vocab.titles.get(re.sub(r"[\s.]+", "", words[0]).lower())
        if title is not None and title.law_enforcement:
            lines += 1
            if lines >= _ROSTER_MIN_LINES:
                return True
    return False
