"""Suggest a document's type and date from its content (cue phrases in
``innocence/knowledge/documents/doc_types.yaml``). Only a suggestion: the user decides."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from innocence.knowledge import loader as knowledge


def _cues() -> dict[str, Any]:
    return knowledge.load("documents/doc_types.yaml")


def suggest_type(text: str, *, title: str = "") -> str:
    data = _cues()
    haystack = (title + "\n" + text[:8000]).lower()
    best, best_hits = "", 0
    for doc_type, cues in data["types"].items():
        hits = sum(1 for cue in cues if str(cue) in haystack)
        if doc_type.replace("_", " ") in title.lower():
            hits += 2
        if hits > best_hits:
            best, best_hits = doc_type, hits
    return best if best_hits >= int(data.get("min_hits", 2)) else ""


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> dt.date | None:
    if not text:
        return None
    match = _ISO.search(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None
