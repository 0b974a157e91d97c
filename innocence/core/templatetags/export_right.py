"""``{{ request.user|may_export:target }}``: the one test a template makes before offering a
download of case data, so that a link is shown exactly when the view behind it would not answer
403 (the views call ``access.require_export`` / ``require_export_in``; see
tests/core/test_export_right.py)."""

from __future__ import annotations

from typing import Any

from django import template

from .. import access
from ..models import Organization

register = template.Library()


@register.filter
def may_export(user: Any, target: Any = None) -> bool:
    """A case: the export right on it. An organization: the member's role there. Nothing: the
    user's own (first) organization, as the organization-wide downloads decide."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if target is None or target == "":
        membership = access.primary_membership(user)
        target = membership.organization if membership else None
        if target is None:
            return False
    if isinstance(target, Organization):
        return access.has_role(user, target, access.exporting_roles(target))
    return access.can_export_case(user, target)
