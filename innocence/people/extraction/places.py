"""Street addresses (parsed into parts by ``usaddress``) and phone numbers."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import usaddress

from .fast import LocatedTwin, Twin
from .types import ExtractedMention, Kind, context_of

_STREET_TYPES = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Av|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Place|Pl|Highway|Hwy|"
    r"Parkway|Pkwy|Terrace|Ter|Circle|Cir|Way|Square|Sq|Alley|Pike|Expressway|Expwy)"
)
_ADDRESS = Twin(
    re.compile(
        rf"(?P<number>\d(?<![\w/-].)\d{{0,4}})(?:[ \t]+(?:block[ \t]+of|blk\.?))?[ \t]+"
        rf"(?P<street>(?:[NSEW]\.?[ \t]+)?(?:[A-Z0-9][a-zA-Z0-9'\-]*[ \t]+){{1,3}}{_STREET_TYPES})\b\.?"
        rf"(?:,?[ \t]+(?P<unit>(?:Apt|Apartment|Unit|#)\.?[ \t]*[A-Za-z0-9\-]+))?"
    )
)
_PHONE = LocatedTwin(
    # where a number may start (fast.Located): "(" or a digit, neither after a digit or a
    # hyphen, then digits, brackets and separators up to the exchange's last digit and the line
    re.compile(r"[\d(](?<![\d-].)[\d() \t.\-]*\d[ \t]?[.\-][ \t]?\d\d\d\d"),
    re.compile(
        r"(?=[\d(])(?<![\d-])(?:\(?(?P<area>\d{3})\)?[ \t.\-]?)?(?P<ex>\d{3})[ \t]?[.\-][ \t]?(?P<line>\d{4})(?![\d-])"
    )
)
_PHONE_CUE = re.compile(r"(?i)(phone|tel\.?|telephone|cell|call(?:ed)?|number|ph\.?|#)")


@functools.lru_cache(maxsize=4096)
def _tag(address: str) -> tuple[dict[str, str], str]:
    try:
        tagged, kind = usaddress.tag(address)
    except usaddress.RepeatedLabelError:
        return {}, "Ambiguous"
    return dict(tagged), kind


def extract_addresses(text: str) -> Iterator[ExtractedMention]:
    for match in _ADDRESS.on(text).finditer(text):
        raw = match.group(0).rstrip(".")
        parts, kind = _tag(raw)
        if kind != "Street Address" or "AddressNumber" not in parts or "StreetName" not in parts:
            continue
        start, end = match.start(), match.start() + len(raw)
        normalized = " ".join(
            parts[key]
            for key in (
                "AddressNumber",
                "StreetNamePreDirectional",
                "StreetName",
                "StreetNamePostType",
                "OccupancyType",
                "OccupancyIdentifier",
            )
            if parts.get(key)
        )
        yield ExtractedMention(
            kind=Kind.PLACE,
            text=text[start:end],
            normalized=normalized,
            start=start,
            end=end,
            context=context_of(text, start, end),
            attrs={"place_type": "address", "parts": parts},
        )


def extract_phones(text: str) -> Iterator[ExtractedMention]:
    for match in _PHONE.on(text).finditer(text):
        start, end = match.span()
        area = match.group("area")
        before = text[max(0, start - 30) : start]
        # a bare 7-digit "123-4567" needs a cue ("phone", "called"), else it is likely a case number
        if not area and not _PHONE_CUE.search(before):
            continue
        digits = f"{area or ''}{match.group('ex')}{match.group('line')}"
        normalized = (
            f"({area}) {match.group('ex')}-{match.group('line')}"
            if area
            else f"{match.group('ex')}-{match.group('line')}"
        )
        yield ExtractedMention(
            kind=Kind.PHONE,
            text=text[start:end],
            normalized=normalized,
            start=start,
            end=end,
            context=context_of(text, start, end),
            attrs={"digits": digits},
        )
