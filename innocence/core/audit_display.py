"""Audit rows in words a lawyer reads: the model's verbose name instead of ``app.Model``, and
each change as "field label: old → new" instead of a Python dict.

The log stores what it stores (field names, raw values, ``[old, new]`` pairs); only the
display changes here, so the CSV export and the pages read the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

#: Bookkeeping the reader never needs: internal ids and automatic time stamps (the row has its
#: own time).
HIDDEN_KEYS = frozenset({"id", "pk", "created_at", "updated_at", "modified_at"})
VALUE_LIMIT = 80
NOT_SET = "not set"


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str | None  # None: a value, not a change
    new: str

    def __str__(self) -> str:
        if self.old is None:
            return f"{self.label}: {self.new}"
        return f"{self.label}: {self.old} → {self.new}"


def model_of(object_type: str) -> type[models.Model] | None:
    if not object_type or "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_label(object_type: str) -> str:
    """``witnesses.StatementClaim`` → ``statement claim``; a type no longer installed keeps its
    model name spelled out."""
    model = model_of(object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    name = object_type.rsplit(".", 1)[-1]
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    found: Any
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        found = next((f for f in model._meta.concrete_fields if f.attname == key), None)
    return found if isinstance(found, models.Field) else None


def _humane_key(key: str) -> str:
    words = str(key).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _text(value: Any, field: models.Field[Any, Any] | None = None, limit: int | None = VALUE_LIMIT) -> str:
    if value is None or value == "" or value == []:
        return NOT_SET
    if field is not None and field.choices and not isinstance(value, list | dict):
        shown = dict(field.flatchoices).get(value)
        if shown is not None:
            return _cut(str(shown), limit)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return _cut(", ".join(f"{_humane_key(k).lower()} {_text(v, None, None)}" for k, v in value.items()), limit)
    if isinstance(value, list | tuple):
        return _cut(", ".join(_text(v, None, None) for v in value), limit)
    return _cut(" ".join(str(value).split()), limit)


def _cut(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"


def change_lines(
    changes: Any, object_type: str = "", action: str = "", limit: int | None = VALUE_LIMIT
) -> list[ChangeLine]:
    """One line per changed or recorded field; internal ids and time stamps left out; each value
    cut to ``limit`` characters (None: whole, as the CSV export writes them)."""
    if not changes:
        return []
    if not isinstance(changes, dict):
        return [ChangeLine("Detail", None, _text(changes, None, limit))]
    model = model_of(object_type)
    lines = []
    for key, value in changes.items():
        field = _field(model, str(key))
        if str(key) in HIDDEN_KEYS or str(key).endswith("_id") or (field is not None and field.primary_key):
            continue
        label = _humane_key(str(field.verbose_name)) if field is not None else _humane_key(str(key))
        if action == "update" and isinstance(value, list) and len(value) == 2:
            lines.append(ChangeLine(label, _text(value[0], field, limit), _text(value[1], field, limit)))
        else:
            lines.append(ChangeLine(label, None, _text(value, field, limit)))
    return lines


def changes_text(changes: Any, object_type: str = "", action: str = "", limit: int | None = None) -> str:
    return "; ".join(str(line) for line in change_lines(changes, object_type, action, limit))
