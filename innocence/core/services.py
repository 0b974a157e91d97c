"""Writes to organizations, users and API tokens: what an operator does from the CLI.

Each function validates, writes in one transaction and records what it did in the
audit log (the actor is None when it is the operator at the command line).
"""

from __future__ import annotations

import datetime as dt
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
from .models import ApiToken, AuditAction, Invitation, Membership, Organization, Role


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


# --- members: invitations, roles, deactivation, passwords --------------------------------
#
# An organization's admins manage its members from the Organization page; every function
# below checks ``access.can_administer`` itself, so a view cannot forget.

#: How long an invitation link works.
INVITATION_DAYS = 7

#: One answer for a link that is unknown, expired, used or withdrawn: which of these it is
#: would tell whoever holds a guessed or old link something.
INVITATION_INVALID = (
    "This invitation link does not work any more: it has expired, was already used or was "
    "withdrawn. Ask your organization's administrator for a new one."
)

USERNAME_PATTERN = r"[\w.@+-]{1,150}"


def _require_admin(actor: Any, organization: Organization) -> None:
    from django.core.exceptions import PermissionDenied

    if not access.can_administer(actor, organization):
        raise PermissionDenied("Only the organization's administrators manage its members.")


@transaction.atomic
def invitation_create(
    *,
    actor: Any,
    organization: Organization,
    email: str,
    role: str,
    link_for: Any,
    first_name: str = "",
    last_name: str = "",
) -> tuple[Invitation, str]:
    """Invite someone by e-mail to become a member with a role. ``link_for(token)`` makes
    the absolute link the e-mail carries. A pending invitation of the same address is
    withdrawn (the new link replaces it). The token is returned once; only its hash is
    stored. The e-mail is sent inside the transaction: if it cannot be sent, nothing is
    saved and the admin reads why."""
    _require_admin(actor, organization)
    email = email.strip()
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role '{role}'; one of: {', '.join(Role.values)}."})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": f"'{email}' is not a valid e-mail address."}) from exc
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError({"email": f"A member of {organization.name} already has the address {email}."})
    now = timezone.now()
    for earlier in Invitation.objects.filter(
        organization=organization, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ):
        invitation_revoke(actor=actor, invitation=earlier)
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
        role=role,
        token_hash=Invitation.hash_token(token),
        invited_by=access.user_of(actor),
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
    )
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        obj=invitation,
        organization=organization,
        changes={"email": email, "role": role, "expires_at": invitation.expires_at},
    )
    _send_invitation(invitation, link_for(token), actor)
    return invitation, token


def _send_invitation(invitation: Invitation, link: str, actor: Any) -> None:
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    context = {
        "invitation": invitation,
        "link": link,
        "inviter": access.user_of(actor),
        "days": INVITATION_DAYS,
        "role": Role(invitation.role).label,
    }
    send_mail(
        subject=f"You are invited to {invitation.organization.name} on Innocence Files",
        message=render_to_string("core/email/invitation.txt", context),
        from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    _require_admin(actor, invitation.organization)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            obj=invitation,
            organization=invitation.organization,
            changes={"revoked_at": [None, invitation.revoked_at]},
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, password_again: str) -> Any:
    """The invitee chooses a username and a password and becomes a member with the role
    they were invited for. The invitation is locked while it is used, so one link makes
    one account however often it is posted."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organization")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_pending(timezone.now()):
        raise ValidationError({"__all__": INVITATION_INVALID})
    username = username.strip()
    User = get_user_model()
    errors: dict[str, list[str]] = {}
    if not re.fullmatch(USERNAME_PATTERN, username):
        errors["username"] = ["Use letters, digits and . @ + - _ (at most 150 characters)."]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [f"The username {username} is taken: choose another."]
    if password != password_again:
        errors["password_again"] = ["The two passwords differ."]
    candidate = User(
        username=username, email=invitation.email, first_name=invitation.first_name, last_name=invitation.last_name
    )
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user = User.objects.create_user(
        username=username,
        password=password,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    organization = invitation.organization
    audit.record(
        AuditAction.CREATE,
        actor=user,
        obj=user,
        organization=organization,
        changes={"username": username, "email": invitation.email, "via": "invitation"},
    )
    membership = Membership.objects.create(user=user, organization=organization, role=invitation.role)
    audit.record(
        AuditAction.CREATE,
        actor=user,
        obj=membership,
        organization=organization,
        changes={"user": username, "role": invitation.role, "invited_by": str(invitation.invited_by or "")},
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        AuditAction.UPDATE,
        actor=user,
        obj=invitation,
        organization=organization,
        changes={"accepted_at": [None, invitation.accepted_at], "accepted_by": username},
    )
    return user


def _active_admins(organization: Organization) -> Any:
    return Membership.objects.filter(
        organization=organization, role=Role.ADMIN, deactivated_at__isnull=True, user__is_active=True
    )


def _refuse_self_and_last_admin(actor: Any, membership: Membership, doing: str) -> None:
    if access.user_of(actor) is not None and actor.pk == membership.user_id:
        raise ValidationError(
            {"member": f"You cannot {doing} yourself: another administrator of {membership.organization.name} can."}
        )
    if membership.role == Role.ADMIN and not _active_admins(membership.organization).exclude(pk=membership.pk).exists():
        raise ValidationError(
            {"member": f"{membership.user.get_username()} is the last administrator of {membership.organization.name}."}
        )


@transaction.atomic
def member_change_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    _require_admin(actor, membership.organization)
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role '{role}'; one of: {', '.join(Role.values)}."})
    if role == membership.role:
        return membership
    if membership.role == Role.ADMIN:
        _refuse_self_and_last_admin(actor, membership, "demote")
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        obj=membership,
        organization=membership.organization,
        changes={"user": membership.user.get_username(), "role": [old, role]},
    )
    return membership


def sessions_end_for(user: Any) -> int:
    """Sign the user out everywhere at once: delete every database session that carries
    their id (settings use Django's database sessions)."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def member_deactivate(*, actor: Any, membership: Membership) -> dict[str, int]:
    """The member stops counting at once: their membership gives no role and no case, their
    sessions end and their API tokens are revoked; an account left with no active
    membership anywhere cannot sign in. Nothing they wrote is removed."""
    _require_admin(actor, membership.organization)
    if membership.deactivated_at is not None:
        return {"sessions": 0, "tokens": 0}
    _refuse_self_and_last_admin(actor, membership, "deactivate")
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["deactivated_at"])
    user = membership.user
    if not Membership.objects.filter(user=user, deactivated_at__isnull=True).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
    tokens = 0
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        token_revoke(actor=actor, token=token)
        tokens += 1
    sessions = sessions_end_for(user)
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        obj=membership,
        organization=membership.organization,
        changes={
            "user": user.get_username(),
            "deactivated_at": [None, membership.deactivated_at],
            "sessions_ended": sessions,
            "tokens_revoked": tokens,
        },
    )
    return {"sessions": sessions, "tokens": tokens}


@transaction.atomic
def member_reactivate(*, actor: Any, membership: Membership) -> Membership:
    """The member counts again with the role they had; revoked API tokens stay revoked."""
    _require_admin(actor, membership.organization)
    if membership.deactivated_at is None:
        return membership
    old = membership.deactivated_at
    membership.deactivated_at = None
    membership.save(update_fields=["deactivated_at"])
    user = membership.user
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        obj=membership,
        organization=membership.organization,
        changes={"user": user.get_username(), "deactivated_at": [old, None]},
    )
    return membership


@transaction.atomic
def password_set(*, user: Any, password: str, via: str) -> Any:
    """A new password for the user (already validated by the form that asked for it).
    Django's session hash ends every other session of theirs on its next request."""
    user.set_password(password)
    user.save(update_fields=["password"])
    membership = access.primary_membership(user)
    audit.record(
        AuditAction.UPDATE,
        actor=user,
        obj=user,
        organization=membership.organization if membership else None,
        changes={"password": "changed", "via": via},
    )
    return user


def password_reset_mailed(user: Any) -> None:
    """A reset link went to the user's address: their organization's admins see that one
    was asked for (the person asking is shown the same page whether or not it exists)."""
    membership = access.primary_membership(user)
    audit.record(
        AuditAction.UPDATE,
        actor=None,
        username=user.get_username(),
        obj=user,
        organization=membership.organization if membership else None,
        object_repr=f"password reset link e-mailed to {user.get_username()}",
        changes={"password_reset": "link sent"},
    )


def password_reset_allowed(email: str, ip: str | None) -> bool:
    """Whether a reset link may be mailed for this request: a few an hour per address and per
    connection (``INNOCENCE_PASSWORD_RESET_LIMITS``), so that the form fills no one's inbox
    and cannot be used to try addresses in bulk. The person asking sees the same page either
    way; the first refusal of each hour is audited (for the address's organization, when an
    account has it), not every one, so that the flood does not move into the audit log."""
    import hashlib

    from django.conf import settings
    from django.core.cache import cache

    limits = getattr(settings, "INNOCENCE_PASSWORD_RESET_LIMITS", None)
    if not limits:
        return True
    address = email.strip().lower()
    counters = (
        ("address", f"password-reset:address:{hashlib.sha256(address.encode()).hexdigest()}", limits[0]),
        ("connection", f"password-reset:ip:{ip or 'unknown'}", limits[1]),
    )
    over = ""
    for what, key, limit in counters:
        cache.add(key, 0, 3600)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 3600)
            count = 1
        if count > limit and not over:
            over, over_key = what, key
    if not over:
        return True
    if cache.add(f"{over_key}:audited", 1, 3600):
        user = get_user_model().objects.filter(email__iexact=address, is_active=True).first()
        membership = access.primary_membership(user) if user is not None else None
        audit.record(
            AuditAction.ACCESS_DENIED,
            actor=None,
            username=user.get_username() if user is not None else "",
            organization=membership.organization if membership else None,
            object_repr=f"password reset requests held back (too many an hour from one {over})",
            changes={"route": "core:password_reset", "password_reset": "throttled", "per": over, "ip": ip or ""},
        )
    return False
