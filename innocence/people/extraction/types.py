"""What an extractor returns: one span of a page's text, with what it means."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CONTEXT_CHARS = 120


class Kind:
    PERSON = "person"
    DATE = "date"
    TIME = "time"
    PLACE = "place"
    PHONE = "phone"
    NUMBER = "number"
    VEHICLE = "vehicle"
    PLATE = "plate"

    ALL = (PERSON, DATE, TIME, PLACE, PHONE, NUMBER, VEHICLE, PLATE)


@dataclass(slots=True)
class ExtractedMention:
    """A span of page text. ``start``/``end`` are character offsets into the page text;
    ``text`` is ``page_text[start:end]`` verbatim; ``context`` is the verbatim text around it."""

    kind: str
    text: str
    normalized: str
    start: int
    end: int
    context: str = ""
    role_hint: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "normalized": self.normalized,
            "start": self.start,
            "end": self.end,
            "context": self.context,
            "role_hint": self.role_hint,
            "attrs": self.attrs,
        }


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The verbatim text around a span, cut at word boundaries where possible."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    if left > 0:
        space = text.find(" ", left, start)
        if space != -1:
            left = space + 1
    if right < len(text):
        space = text.rfind(" ", end, right)
        if space != -1:
            right = space
    return text[left:right]
