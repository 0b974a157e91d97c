"""Reading facts off witness records for rules: tri-state values and plain-words labels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from innocence.findings.models import FindingStatus

PRESENT = FindingStatus.PRESENT.value
ABSENT = FindingStatus.ABSENT.value
NOT_RECORDED = FindingStatus.NOT_RECORDED.value


def when(date: dt.date | None) -> str:
    return date.isoformat() if date else "an unrecorded date"


def flag(value: bool | None, *, present_when: bool) -> str:
    """A yes/no fact → finding status. ``None`` (not recorded) is never read as absent."""
    if value is None:
        return NOT_RECORDED
    return PRESENT if value == present_when else ABSENT


#: A measure's unit is the last word of its field's name (``duration_seconds``): a finding says
#: "2 seconds", never a bare "2".
UNITS = {"seconds": ("second", "seconds"), "minutes": ("minute", "minutes"), "hours": ("hour", "hours"),
         "days": ("day", "days"), "feet": ("foot", "feet"), "meters": ("metre", "metres"),
         "years": ("year", "years")}


def shown(record: models.Model, field_name: str) -> str:
    value = getattr(record, field_name)
    if value is None or value == "":
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    display = getattr(record, f"get_{field_name}_display", None)
    if display:
        return str(display())
    unit = UNITS.get(field_name.rsplit("_", 1)[-1])
    if unit and isinstance(value, int | float | Decimal):
        number = f"{value:f}".rstrip("0").rstrip(".") if isinstance(value, Decimal) else str(value)
        return f"{number} {unit[0] if value == 1 else unit[1]}"
    return str(value)


def quoted(text: str) -> str:
    text = " ".join((text or "").split())
    return f"“{text}”" if text else ""


def matches(value: Any, test: str, expected: Any) -> bool:
    if test == "equals":
        return bool(value == expected)
    if test == "in":
        return value in expected
    if test == "greater_than":
        return float(value) > float(expected)
    if test == "less_than":
        return float(value) < float(expected)
    raise ValueError(f"Unknown condition test '{test}' in the knowledge base.")
