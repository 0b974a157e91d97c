"""Highlighted snippets, made from the page text in the database (the same way for every
backend): the passage with most of the query's words, matched words in <mark>, everything
else HTML-escaped."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from django.utils.html import escape

from .query import WORD_RE, Term, fold

WINDOW_WORDS = 32


def _matches(word: str, terms: Sequence[Term]) -> str | None:
    for term in terms:
        if word == term.word or (term.prefix and word.startswith(term.word)):
            return term.word
    return None


def highlight(text: str, terms: Sequence[Term], *, window: int = WINDOW_WORDS) -> str:
    text = unicodedata.normalize("NFC", text)
    spans = [(m.start(), m.end(), _matches(fold(m.group(0)), terms)) for m in WORD_RE.finditer(text)]
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
