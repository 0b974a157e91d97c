"""Is a page's text worth reading for names? OCR garbage, empty pages and text in another
language must yield nothing rather than invented people."""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[A-Za-z][a-z]+|[A-Z]{2,}")
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


#: a whitespace-separated token that is a word once the punctuation around it is stripped
#: (the definition; word_counts counts its matches without running it)
_WORDLIKE = re.compile(r"(?<!\S)[.,;:!?\"'()]*(?:[A-Za-z][a-z]+|[A-Z]{2,})[.,;:!?\"'()]*(?!\S)")
_BARE = re.compile(r"(?<!\S)[.,;:!?\"'()]*([A-Za-z]+)[.,;:!?\"'()]*(?!\S)")


def is_readable(text: str) -> bool:
    head = text[:20000]
    # the runs of non-blanks, as r"\S+" finds them (str.split and the re module's \s agree on
    # what a blank is), without the regex engine
    tokens = len(head.split())
    if tokens < 3:
        return False
    return _is_english(head, tokens) or _is_roster(head) or _is_form(head)


#: the punctuation _WORDLIKE and _BARE allow around a word
_AROUND = ".,;:!?\"'()"


def word_counts(head: str) -> tuple[int, int]:
    """How many runs of non-blanks _WORDLIKE and _BARE match, and how many of _BARE's words are
    common English. Both patterns match whole runs (their look-arounds say so): each distinct
    run is tested once, in Python, instead of two scans of the page by the engine."""
    wordlike = english = 0
    for token, count in Counter(head.split()).items():
        core = token.strip(_AROUND)  # [.,;:!?"'()]* around [A-Za-z]+: one way to split it
        if not (core.isascii() and core.isalpha()):
            continue
        if core.lower() in _ENGLISH:
            english += count
        if len(core) > 1 and (core[1:].islower() or core.isupper()):
            wordlike += count
    return wordlike, english


def _is_english(head: str, tokens: int) -> bool:
    wordlike, english = word_counts(head)
    if wordlike / tokens < 0.35:
        return False
    return english / tokens >= 0.04 or tokens < 15


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


#: a form or a computer printout: field labels in capitals, one value per line, hardly a sentence
_FORM_MIN_LABELS = 2
_LABEL_LINE = re.compile(
    r"^[ \t]*(?:\d{1,3}[.)]?[ \t]*)?(?P<label>[A-Za-z][A-Za-z /'’()#]*?)[ \t]*(?::|$|[ \t]#?\d|[ \t]{2})"
)


def _is_form(text: str) -> bool:
    """Few English words, but at least two lines that start with a field label of a person
    ("REPORTING OFFICER", "VICTIM:", "ARRESTING OFFICER 1496 ...", "DEFENDANT #1"): worth
    reading for the names in its boxes."""
    from .persons import _label_key  # a cycle at import time otherwise
    from .vocabulary import vocabulary

    labels = vocabulary().field_labels
    found = 0
    for line in text.splitlines():
        match = _LABEL_LINE.match(line)
        if match and _label_key(match.group("label")) in labels:
            found += 1
            if found >= _FORM_MIN_LABELS:
                return True
    return False
