"""Reference numbers (docket, item, lab, report, case, bill of information), vehicles and plates."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from innocence.knowledge import loader as knowledge

from .fast import Twin, ascii_lower
from .types import ExtractedMention, Kind, context_of

_LABELS = {
    "docket": "docket",
    "case": "case",
    "item": "item",
    "lab": "lab",
    "laboratory": "lab",
    "report": "report",
    "complaint": "complaint",
    "file": "file",
    "indictment": "indictment",
    "bill": "bill",
    "evidence": "evidence",
    "property": "evidence",
    "receipt": "evidence",
    "incident": "item",
    "no": "docket",
}
_REFERENCE_LABEL = r"docket|case|item|lab(?:oratory)?|report|complaint|file|indictment|bill|evidence|property|receipt|incident"
_REFERENCE_NUMBERING = r"[ \t]*(?:no\.?|num(?:ber)?\.?|#)"
_REFERENCE = Twin(
    re.compile(
        rf"(?=(?i:[bcdefilnpr]))(?i:(?P<label>{_REFERENCE_LABEL}){_REFERENCE_NUMBERING}|(?<![A-Za-z])(?P<bare>no)\.)"
        r"[ \t]*[:.]?[ \t]*-?[ \t]*"
        r"(?P<value>(?=[A-Z0-9\-/]*\d)[A-Z0-9][A-Z0-9\-/]{2,20}[A-Z0-9])"
    )
)
#: a label and its "No." / "#" on a plain-ASCII page in lower case (fast.ascii_lower): with
#: "no." (the bare label) it starts every reference match, so the scan of the full pattern may
#: start at the first of them, and a page with neither (most of a transcript) needs no scan.
#: Case-sensitive and without the bare label's lookbehind, this finds none in a quarter of the
#: time the full pattern takes to find none.
_LABELLED_LOWER = re.compile(rf"(?:{_REFERENCE_LABEL}){_REFERENCE_NUMBERING}")
_ITEM = Twin(re.compile(r"(?P<value>[A-Z](?<![\w-].)-\d{4,5}-\d{2})(?![\w-])"))
_PLATE = Twin(
    re.compile(
        r"(?=(?i:[lpt]))(?i:license[ \t]+plate|plate|lic(?:ense)?\.?|tag)[ \t]*(?i:no\.?|number|#)?[ \t]*[:.]?[ \t]*"
        r"(?P<value>(?=[A-Z0-9 \-]*\d)(?=[A-Z0-9 \-]*[A-Z])[A-Z0-9]{1,4}[ \-]?[A-Z0-9]{2,4})\b"
    )
)


@functools.cache
def _makes_regex() -> re.Pattern[str]:
    """Any make, as the vehicle pattern spells it: every vehicle match contains one, and this
    plain alternation is scanned fast (the full pattern is tried at every letter)."""
    makes = sorted((str(m) for m in knowledge.load("people/vehicles.yaml")["makes"]), key=len, reverse=True)
    return re.compile("|".join(re.escape(m) for m in makes))


#: a word every plate match contains, lower case (on ASCII pages, lowered)
_PLATE_NEEDLES = ("plate", "lic", "tag")


@functools.cache
def _vehicle_regex() -> Twin:
    data = knowledge.load("people/vehicles.yaml")
    makes = sorted((str(m) for m in data["makes"]), key=len, reverse=True)
    colors = sorted((str(c) for c in data["colors"]), key=len, reverse=True)
    return Twin(
        re.compile(
            rf"(?<![A-Za-z])(?P<color>(?i:{'|'.join(colors)})[ \t]+)?(?P<year>(?:19|20)?\d\d[ \t]+)?"
            rf"(?P<make>{'|'.join(re.escape(m) for m in makes)})(?![A-Za-z])(?P<model>[ \t]+[A-Z][a-zA-Z0-9\-]+)?"
        )
    )


def _reference_scan_start(text: str) -> int | None:
    """Where the reference scan may start; None when the page holds no reference label."""
    low = ascii_lower(text)
    if low is None:
        return 0
    labelled = _LABELLED_LOWER.search(low)
    starts = [labelled.start()] if labelled else []
    bare = low.find("no.")  # found even after a letter ("piano."): starting early is harmless
    if bare >= 0:
        starts.append(bare)
    return min(starts) if starts else None


def extract_numbers(text: str) -> Iterator[ExtractedMention]:
    taken: list[tuple[int, int]] = []
    first = _reference_scan_start(text)
    references = () if first is None else _REFERENCE.on(text).finditer(text, first)
    for match in references:
        label = (match.group("label") or match.group("bare") or "").lower()
        kind = _LABELS.get(label, label)
        start, end = match.start("value"), match.end("value")
        taken.append((start, end))
        yield ExtractedMention(
            kind=Kind.NUMBER,
            text=text[start:end],
            normalized=match.group("value").upper(),
            start=start,
            end=end,
            context=context_of(text, start, end),
            attrs={
                "number_type": kind,
                "label": match.group(0)[: match.start("value") - match.start()].strip(),
            },
        )
    for match in _ITEM.on(text).finditer(text):
        start, end = match.span("value")
        if any(s <= start < e for s, e in taken):
            continue
        yield ExtractedMention(
            kind=Kind.NUMBER,
            text=text[start:end],
            normalized=match.group("value"),
            start=start,
            end=end,
            context=context_of(text, start, end),
            attrs={"number_type": "item", "label": ""},
        )


def extract_vehicles(text: str) -> Iterator[ExtractedMention]:
    if _makes_regex().search(text) is not None:
        yield from _vehicles(text)
    low = text.lower() if text.isascii() else None
    if low is None or any(needle in low for needle in _PLATE_NEEDLES):
        yield from _plates(text)


def _vehicles(text: str) -> Iterator[ExtractedMention]:
    for match in _vehicle_regex().on(text).finditer(text):
        start, end = match.span()
        make = match.group("make")
        model = (match.group("model") or "").strip()
        if model and model.lower() in {"the", "and", "was", "with"}:
            end = match.end("make")
            model = ""
        parts = [p.strip() for p in (match.group("color"), match.group("year"), make, model) if p]
        yield ExtractedMention(
            kind=Kind.VEHICLE,
            text=text[start:end],
            normalized=" ".join(parts),
            start=start,
            end=end,
            context=context_of(text, start, end),
            attrs={"make": make, "model": model, "color": (match.group("color") or "").strip().lower()},
        )


def _plates(text: str) -> Iterator[ExtractedMention]:
    for match in _PLATE.on(text).finditer(text):
        start, end = match.span("value")
        yield ExtractedMention(
            kind=Kind.PLATE,
            text=text[start:end],
            normalized=re.sub(r"[ \-]", "", match.group("value")).upper(),
            start=start,
            end=end,
            context=context_of(text, start, end),
        )
