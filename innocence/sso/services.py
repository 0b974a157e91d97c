"""Who an OpenID Connect sign-in is: the verified ID token's claims (authlib checked its
signature against the provider's keys, its issuer, audience, expiry and nonce) mapped to a
member of the organization, and their role from the provider's groups."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from innocence.core import access, audit
from innocence.core.models import AuditAction, Membership, Role

from .models import OIDCProvider


class SignInRefused(Exception):
    """A sign-in that is not let in, with the reason the user reads."""


def role_from_groups(provider: OIDCProvider, claims: dict[str, Any]) -> str:
    groups = claims.get(provider.groups_claim) if provider.groups_claim else None
    if isinstance(groups, str):
        groups = [groups]
    for group in groups or []:
        role = (provider.group_roles or {}).get(str(group))
        if role in Role.values:
            return str(role)
    return provider.default_role


@transaction.atomic
def user_for_claims(provider: OIDCProvider, claims: dict[str, Any]) -> Any:
    organization = provider.organization
    if claims.get("iss", "").rstrip("/") != provider.issuer.rstrip("/"):
        raise SignInRefused(
            f"The token was issued by {claims.get('iss')!r}, not by {organization.name}'s provider."
        )
    audience = claims.get("aud")
    audiences: list[Any] = audience if isinstance(audience, list) else [audience]
    if provider.client_id not in audiences:
        raise SignInRefused("The token was not issued for this application.")
    username = claims.get(provider.username_claim)
    if not isinstance(username, str) or not username.strip() or len(username) > 150:
        raise SignInRefused(f"The provider sent no usable '{provider.username_claim}'.")
    username = username.strip()
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    role = role_from_groups(provider, claims)
    if user is None:
        if not provider.create_users or not role:
            raise SignInRefused(f"{username} is not a member of {organization.name} here; ask its admins.")
        user = User.objects.create_user(username=username, email=str(claims.get("email", ""))[:254])
        user.set_unusable_password()  # signs in through the provider only
        user.save()
        audit.record(
            AuditAction.CREATE,
            actor=access.system("single sign-on"),
            obj=user,
            organization=organization,
            changes={"via": "oidc", "role": role},
        )
    if not user.is_active:
        raise SignInRefused("This account is disabled.")
    membership = access.membership_in(user, organization)
    if membership is None and access.is_deactivated_in(user, organization):
        raise SignInRefused(f"Your membership of {organization.name} is deactivated; ask its admins.")
    if membership is None:
        if not provider.create_users or not role:
            raise SignInRefused(f"{username} is not a member of {organization.name} here; ask its admins.")
        Membership.objects.create(user=user, organization=organization, role=role)
    elif role and provider.group_roles and membership.role != role:
        membership.role = role  # the provider's groups decide the role when they are mapped
        membership.save(update_fields=["role"])
    return user
