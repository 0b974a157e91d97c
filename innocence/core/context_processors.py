from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import primary_membership


def organization(request: HttpRequest) -> dict[str, Any]:
    membership = primary_membership(request.user) if hasattr(request, "user") else None
    return {
        "current_membership": membership,
        "current_organization": membership.organization if membership else None,
    }
