"""Writes to organizations, users and API tokens: what an operator does from the CLI.

Each function validates, writes in one transaction and records what it did in the
audit log (the actor is None when it is the operator at the command line).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import access, audit
from .identifiers import case_prefix_problem, slug_problem
from .models import ApiToken, AuditAction, Membership, Organization, Role


@transaction.atomic
def organization_create(
    *, actor: Any = None, name: str, slug: str = "", case_prefix: str, require_two_factor: bool = False
) -> Organization:
    name = " ".join(name.split())
    slug = slug or slugify(name)[:60]
    case_prefix = case_prefix.strip().upper()
    if not name:
        raise ValidationError({"name": "An organization needs a name."})
    for field, problem in (("slug", slug_problem(slug)), ("case_prefix", case_prefix_problem(case_prefix))):
        if problem:
            raise ValidationError({field: problem})
    if Organization.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"An organization with slug '{slug}' already exists."})
    if Organization.objects.filter(name=name).exists():
        raise ValidationError({"name": f"An organization named '{name}' already exists."})
    org = Organization.objects.create(
        name=name, slug=slug, case_prefix=case_prefix, require_two_factor=require_two_factor
    )
    audit.record(AuditAction.CREATE, actor=actor, obj=org, organization=org, changes=audit.snapshot(org))
    return org


def generate_password() -> str:
    """A password to print once: long enough for the validators, easy to type."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


@transaction.atomic
def user_add_to_organization(
    *,
    actor: Any = None,
    username: str,
    organization: Organization,
    role: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> Any:
    """Create the user if needed and give them a role in the organization."""
    User = get_user_model()
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role '{role}'; one of: {', '.join(Role.values)}."})
    if not re.fullmatch(r"[\w.@+-]{1,150}", username):
        raise ValidationError({"username": "Use letters, digits and . @ + - _ (at most 150 characters)."})
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError({"email": f"'{email}' is not a valid email address."}) from exc
    user = User.objects.filter(username=username).first()
    if user is None:
        candidate = User(username=username, email=email, first_name=first_name, last_name=last_name)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user = User.objects.create_user(
            username=username, password=password, email=email, first_name=first_name, last_name=last_name
        )
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            obj=user,
            organization=organization,
            changes={"username": username, "email": email},
        )
    elif Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError({"username": f"{username} is already a member of {organization.name}."})
    membership = Membership.objects.create(user=user, organization=organization, role=role)
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        obj=membership,
        organization=organization,
        changes={"user": username, "role": role},
    )
    return user


def two_factor_satisfied_for_tokens(user: Any) -> bool:
    """A bearer token skips the second factor, so a member of an organization that
    enforces two-factor sign-in holds one only once they have a confirmed device."""
    from django_otp import user_has_device

    from .selectors import two_factor_required_for

    return not two_factor_required_for(user) or user_has_device(user, confirmed=True)


@transaction.atomic
def tokens_revoke_without_two_factor(*, actor: Any, organization: Organization) -> int:
    """When an organization starts enforcing two-factor sign-in, the tokens of members who
    have not set it up stop working at once (they get new ones after setting it up)."""
    revoked = 0
    for token in ApiToken.objects.filter(
        user__memberships__organization=organization, revoked_at__isnull=True
    ).select_related("user"):
        if not two_factor_satisfied_for_tokens(token.user):
            token_revoke(actor=actor, token=token)
            revoked += 1
    return revoked


@transaction.atomic
def token_create(*, actor: Any = None, user: Any, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the key is returned once and only its hash is stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the token after what uses it, e.g. 'nightly export'."})
    if len(name) > 100:
        raise ValidationError({"name": "At most 100 characters."})
    if not two_factor_satisfied_for_tokens(user):
        raise ValidationError(
            {
                "user": f"{user.get_username()}'s organization requires two-factor sign-in: they set it up "
                "(Account → Two-factor sign-in) before an API token can be issued to them."
            }
        )
    token, key = ApiToken.issue(user=user, name=name)
    membership = access.primary_membership(user)
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        obj=token,
        organization=membership.organization if membership else None,
        changes={"user": user.get_username(), "name": name, "prefix": token.prefix},
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor: Any = None, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at)
        membership = access.primary_membership(token.user)
        audit.record(
            AuditAction.DELETE,
            actor=actor,
            obj=token,
            organization=membership.organization if membership else None,
            changes={"user": token.user.get_username(), "name": token.name, "prefix": token.prefix},
        )
    return token
