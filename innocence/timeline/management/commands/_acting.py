"""What both timeline commands share: the user they act as (``--as``), whose access applies."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def acting_user(username: str | None) -> Any:
    if not username:
        raise CommandError("Give --as USERNAME: the command sees what that user may see.")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user '{username}'.")
    return user
