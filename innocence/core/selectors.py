"""Reads about organizations, memberships and the audit log.

Who holds which role where is answered by :mod:`innocence.core.access`; the names below
are the reads other modules have used all along.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .access import (
    admin_organizations_of,
    memberships_of,
    organizations_of,
    primary_membership,
    visible_case_ids,
)
from .models import AuditEntry

__all__ = [
    "admin_organizations_of",
    "audit_entries_for_admin",
    "memberships_of",
    "organizations_of",
    "primary_membership",
    "two_factor_required_for",
]


def two_factor_required_for(user: Any) -> bool:
    """Enforced two-factor sign-in is for local accounts: an account with no password
    signs in only through its organization's identity provider, whose own second factor
    applies (innocence.sso)."""
    if not user.has_usable_password():
        return False
    return memberships_of(user).filter(organization__require_two_factor=True).exists()


def audit_entries_for_admin(user: Any) -> QuerySet[AuditEntry]:
    """Audit entries an organization admin may read: their organizations' rows, and of
    those about a case only the cases they may see (an admin walled off a case does not
    read its trail: its title, documents, people, searches and note bodies)."""
    return (
        AuditEntry.objects.filter(organization__in=admin_organizations_of(user))
        .filter(Q(case_id_ref__isnull=True) | Q(case_id_ref__in=visible_case_ids(user)))
        .select_related("user", "organization")
    )
