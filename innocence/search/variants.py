"""Words the OCR may have misread: fuzzy terms (``Phemas~1``) and the OCR variants shown
beside a plain query's results.

A variant is a word of the searched pages' own vocabulary within a small edit distance of the
query word, counted after folding the letter shapes OCR confuses on typewritten and faxed
pages into one ("rn"→"m", "cl"→"d", "vv"→"w", "1"/"I"/"|"→"l", "0"→"o", "5"→"s"), so
"Monvua" is two edits from "Morvus" and "phernas" none from "Phemas". Hyphen and spacing variants
("Line-up", "line up", "lineup") are matched by the query service with a phrase.

Only words of pages in the user's scope are candidates, and each variant is shown with its
page count in that scope, so the list tells nothing about cases the user is not on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

CONFUSIONS = [
    ("rn", "m"),
    ("cl", "d"),
    ("vv", "w"),
    ("1", "l"),
    ("|", "l"),
    ("i", "l"),
    ("0", "o"),
    ("5", "s"),
]
MAX_VARIANTS = 8


def ocr_key(word: str) -> str:
    """The word with OCR-confusable shapes folded together."""
    key = word.lower()
    for source, target in CONFUSIONS:
        key = key.replace(source, target)
    return key


def default_distance(word: str) -> int:
    """Edits allowed for a plain query word: none for short words (too many false friends)."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


@dataclass(frozen=True)
class Variant:
    word: str
    distance: int
    pages: int = 0


def close_words(
    word: str, vocabulary: Iterable[str], distance: int, *, limit: int = MAX_VARIANTS * 4
) -> list[tuple[str, int]]:
    """Words of ``vocabulary`` (not ``word`` itself) within ``distance`` edits of ``word``
    after OCR folding, closest first."""
    if distance <= 0:
        return []
    target = ocr_key(word)
    words = [w for w in set(vocabulary) if w != word and abs(len(w) - len(word)) <= distance + 1]
    keys = [ocr_key(w) for w in words]
    found = process.extract(
        target, keys, scorer=Levenshtein.distance, score_cutoff=distance, limit=None
    )
    ranked = sorted(((int(score), words[index]) for _, score, index in found), key=lambda x: (x[0], x[1]))
    return [(w, d) for d, w in ranked][:limit]


WORD_RE = re.compile(r"[a-z0-9]+")


def vocabulary_of(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(WORD_RE.findall(text.lower())))
    return counts


def hyphen_forms(raw: str) -> list[str]:
    """'Line-up' → ['line up', 'lineup']: the spellings one query should find together."""
    parts = [p for p in re.split(r"[-\s]+", raw.lower()) if p]
    if len(parts) < 2:
        return []
    return [" ".join(parts), "".join(parts)]
