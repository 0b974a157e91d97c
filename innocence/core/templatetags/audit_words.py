"""Audit rows in words (see ``innocence/core/audit_display.py``)."""

from __future__ import annotations

from typing import Any

from django import template

from ..audit_display import ChangeLine, change_lines, object_label

register = template.Library()


@register.filter
def audit_object(entry: Any) -> str:
    """The kind of thing an audit row is about, as its model's verbose name."""
    return object_label(getattr(entry, "object_type", "") or "")


@register.filter
def audit_changes(entry: Any) -> list[ChangeLine]:
    return change_lines(getattr(entry, "changes", None), entry.object_type, entry.action)
