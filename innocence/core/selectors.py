"""Reads about organizations, memberships and the audit log.

Who holds which role where is answered by :mod:`innocence.core.access`; the names below
are the reads other modules have used all along.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .access import (
    admin_organizations_of,
    memberships_of,
    organizations_of,
    primary_membership,
    visible_case_ids,
)
from .models import AuditEntry, Invitation, Membership

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


def membership_for_admin(user: Any, pk: int) -> Membership:
    """A membership of an organization the user administers, else 404 (another
    organization's member and a number that names no one answer the same)."""
    from django.http import Http404

    found = (
        Membership.objects.filter(pk=pk, organization__in=admin_organizations_of(user))
        .select_related("user", "organization")
        .first()
    )
    if found is None:
        raise Http404("No such member.")
    return found


def invitation_for_admin(user: Any, pk: int) -> Invitation:
    from django.http import Http404

    found = (
        Invitation.objects.filter(pk=pk, organization__in=admin_organizations_of(user))
        .select_related("organization")
        .first()
    )
    if found is None:
        raise Http404("No such invitation.")
    return found


def pending_invitations(organization: Any) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organization=organization,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def invitation_by_token(token: str) -> Invitation | None:
    """The pending invitation this link's token opens, or None (whatever the reason)."""
    found = Invitation.objects.filter(token_hash=Invitation.hash_token(token)).select_related("organization").first()
    return found if found is not None and found.is_pending(timezone.now()) else None


def members_of(organization: Any) -> QuerySet[Membership]:
    """Every membership, active first, each with its user."""
    return organization.memberships.select_related("user").order_by(
        F("deactivated_at").asc(nulls_first=True), "user__username"
    )
