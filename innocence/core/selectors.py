"""Reads about organizations and memberships."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import AuditEntry, Membership, Organization, Role


def memberships_of(user: Any) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organization")


def organizations_of(user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user).distinct()


def admin_organizations_of(user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user, memberships__role=Role.ADMIN).distinct()


def primary_membership(user: Any) -> Membership | None:
    return memberships_of(user).order_by("created_at").first()


def role_in(user: Any, organization: Organization) -> str | None:
    membership = memberships_of(user).filter(organization=organization).first()
    return membership.role if membership else None


def two_factor_required_for(user: Any) -> bool:
    return memberships_of(user).filter(organization__require_two_factor=True).exists()


def audit_entries_for_admin(user: Any) -> QuerySet[AuditEntry]:
    """Audit entries an organization admin may read: their organizations' only."""
    return AuditEntry.objects.filter(organization__in=admin_organizations_of(user)).select_related(
        "user", "organization"
    )
