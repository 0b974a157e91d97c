"""Showing a service's ValidationError to a person: on the form's own fields where they
exist, otherwise as a message that names the field. One place, used by every app's views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def _label(field: str) -> str:
    return "" if field == "__all__" else f"{field.replace('_', ' ')}: "


def add_validation_errors(form: Any, exc: ValidationError) -> None:
    """Put the service's errors on the form: each on its field, or at the top naming the field."""
    if not hasattr(exc, "error_dict"):
        for error in exc.messages:
            form.add_error(None, error)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error if target else f"{_label(field)}{error}")


def validation_error_messages(request: HttpRequest, exc: ValidationError) -> None:
    """For views without a form on the page: one message per error, naming the field."""
    if not hasattr(exc, "error_dict"):
        for error in exc.messages:
            messages.error(request, error)
        return
    for field, errors in exc.message_dict.items():
        for error in errors:
            messages.error(request, f"{_label(field)}{error}")
