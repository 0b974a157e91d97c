"""What the `innocence` management commands share: acting as a named user, turning
validation errors into plain words, printing JSON."""

from __future__ import annotations

import json
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

ACTING_USER_ENV = "INNOCENCE_USER"


def add_acting_user_argument(parser: CommandParser | Any) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        default=None,
        help=f"act as this user, with exactly their access (default: ${ACTING_USER_ENV})",
    )


def acting_username(options: dict[str, Any]) -> str:
    """``--as`` if given, else $INNOCENCE_USER, else ''. Every command that acts as a user
    reads it here (tests/cli/test_acting_user.py walks them all)."""
    return str(options.get("as_user") or os.environ.get(ACTING_USER_ENV, "") or "")


def acting_user(options: dict[str, Any]) -> Any:
    """The user a command acts for. Commands that read or change cases never act as
    'the system': they see what this user sees in the web app, no more."""
    username = acting_username(options)
    if not username:
        raise CommandError(
            f"Say who you are acting as: --as USERNAME (or set {ACTING_USER_ENV}). "
            "The command sees exactly what that user sees in the web app."
        )
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"No active user named '{username}'.")
    return user


def explain(exc: ValidationError) -> str:
    """'field: message; other: message' — the words a person can act on."""
    if hasattr(exc, "error_dict"):
        parts: list[str] = []
        for field, messages in exc.message_dict.items():
            label = "" if field == "__all__" else f"{field.replace('_', ' ')}: "
            parts.extend(f"{label}{message}" for message in messages)
        return "; ".join(parts)
    return "; ".join(exc.messages)


def dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)
