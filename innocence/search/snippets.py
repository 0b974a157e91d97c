"""Highlighted snippets, made from the page text in the database (the same way for every
backend): the passage with most of the query's words, matched words in <mark>, everything
else HTML-escaped."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from django.utils.html import escape

from .query import WORD_RE, Term, fold

WINDOW_WORDS = 32


def highlight(text: str, terms: Sequence[Term], *, window: int = WINDOW_WORDS) -> str:
    text = unicodedata.normalize("NFC", text)
    exact = {term.word for term in terms if not term.prefix}
    prefixes = tuple(term.word for term in terms if term.prefix)
    # ASCII text folds in place (same offsets), so fold it once rather than word by word.
    lowered = text.lower() if text.isascii() else None
    spans: list[tuple[int, int, str | None]] = []
    for m in WORD_RE.finditer(text):
        start, stop = m.span()
        word = lowered[start:stop] if lowered is not None else fold(m.group(0))
        if word in exact:
            spans.append((start, stop, word))
        elif prefixes and word.startswith(prefixes):
            spans.append((start, stop, next(p for p in prefixes if word.startswith(p))))
        else:
            spans.append((start, stop, None))
    if not spans:
        return escape(text[:300])
    best_start, best_key = 0, (-1, -1)
    matched_positions = [i for i, span in enumerate(spans) if span[2] is not None]
    for i in matched_positions or [0]:
        start = max(0, i - window // 4)
        found = [
            spans[j][2] for j in range(start, min(len(spans), start + window)) if spans[j][2] is not None
        ]
        key = (len(set(found)), len(found))
        if key > best_key:
            best_start, best_key = start, key
    end = min(len(spans), best_start + window)
    cut_from = spans[best_start][0] if best_start > 0 else 0
    cut_to = spans[end - 1][1] if end < len(spans) else len(text)
    parts: list[str] = ["…"] if cut_from > 0 else []
    cursor = cut_from
    for start, stop, matched in spans[best_start:end]:
        if matched is None:
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    parts.append(escape(text[cursor:cut_to]))
    if cut_to < len(text):
        parts.append("…")
    return " ".join("".join(parts).split())
