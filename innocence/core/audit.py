"""Writing to the audit log. Every service that changes data, and every read of a
case or a document, calls :func:`record`."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models

from . import request_context
from .models import AuditAction, AuditEntry, Organization


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Fields that changed, as {field: [old, new]}."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def record(
    action: AuditAction | str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    case: Any = None,
    organization: Organization | None = None,
    changes: dict[str, Any] | None = None,
    username: str = "",
    object_repr: str = "",
) -> AuditEntry:
    ctx = request_context.current()
    state = ctx.request_audit
    if str(action) == AuditAction.VIEW and state is not None and state.views:
        # One request, one read row: a page that reads a case and its document says so once.
        return state.last_view
    if case is None and obj is not None and obj.__class__.__name__ == "Case":
        case = obj
    if str(action) == AuditAction.VIEW and state is not None:
        obj, object_repr = _the_record_read(state, obj, case, object_repr)
    if organization is None:
        organization = getattr(case, "organization", None) or getattr(obj, "organization", None)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if username == "" and user is None and actor is not None and hasattr(actor, "reason"):
        username = str(actor)[:150]  # the system acting on its own, with its reason
    entry = AuditEntry.objects.create(
        organization=organization,
        user=user,
        username=username or (user.get_username() if user else ""),
        action=str(action),
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        case_id_ref=getattr(case, "pk", None),
        case_reference=getattr(case, "reference", "") or "",
        changes=_jsonable(changes or {}),
        ip_address=ctx.ip_address,
        user_agent=ctx.user_agent[:300],
        channel=ctx.channel,
    )
    if state is not None:
        if entry.action == AuditAction.VIEW:
            state.views += 1
            state.last_view = entry
        elif entry.action == AuditAction.ACCESS_DENIED:
            state.denied = True
    return entry


def _is_case(obj: Any) -> bool:
    return obj is not None and obj._meta.label == "cases.Case"


def note_read(obj: models.Model, *, case: Any = None, organization: Any = None) -> None:
    """Selectors that hand out one case-scoped object call this: if the view records no
    read of its own, the request middleware records this one (see core/middleware.py), so
    a read is audited even when its view forgets. A view fetches the case first and then
    the record the URL names: the record replaces the case, so that the row says which
    evidence item, event or statement was opened, not only in which case."""
    state = request_context.current().request_audit
    if state is None:
        return
    if state.read is None or (_is_case(state.read[0]) and not _is_case(obj)):
        state.read = (obj, case, organization)


def _the_record_read(state: Any, obj: Any, case: Any, object_repr: str) -> tuple[Any, str]:
    """A view that writes its own read row names the case; when a selector handed out a
    record of that case in the same request, the row names the record (in its case)."""
    if state.read is None or (obj is not None and not _is_case(obj)):
        return obj, object_repr
    noted, noted_case, _ = state.read
    if _is_case(noted) or case is None or getattr(noted_case, "pk", None) != case.pk:
        return obj, object_repr
    return noted, ""


def record_denial(*, user: Any, route: str, asked_for: dict[str, Any], status: int, path: str) -> AuditEntry:
    """A refused request: who, which route, which object they asked for. Attributed to the
    user's organization so that its admins see it."""
    from . import access

    membership = access.primary_membership(user)
    return record(
        AuditAction.ACCESS_DENIED,
        actor=user,
        organization=membership.organization if membership else None,
        object_repr=path[:300],
        changes={"route": route, "asked_for": asked_for, "status": status},
    )
