"""Sign-in events go to the audit log. Django announces them only through signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit
from .models import AuditAction


def _org_of(user: Any) -> Any:
    membership = user.memberships.select_related("organization").first() if user else None
    return membership.organization if membership else None


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(AuditAction.LOGIN, actor=user, organization=_org_of(user), object_repr=user.get_username())


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(
            AuditAction.LOGOUT, actor=user, organization=_org_of(user), object_repr=user.get_username()
        )


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """Attributed to the organization of the account the username names, when there is
    one, so that its admins see attempts on their members (an unknown name stays with
    no organization: saying which names exist would tell a stranger who works here)."""
    from django.contrib.auth import get_user_model

    username = str(credentials.get("username", ""))[:150]
    named = get_user_model().objects.filter(username=username).first() if username else None
    audit.record(AuditAction.LOGIN_FAILED, username=username, organization=_org_of(named))
