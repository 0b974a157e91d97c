"""Writes of joint workspaces. Every write checks its side's right, writes the shared log
(read by both sides) and the audit log (of the acting organization)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from innocence.cases.models import Case
from innocence.core import access, audit
from innocence.core.models import AuditAction, Organization

from . import selectors
from .models import (
    AgendaItem,
    AgendaStatus,
    LogAction,
    PartnerMember,
    PartnerNote,
    Partnership,
    PartnershipStatus,
    Share,
    ShareKind,
    Side,
    WorkspaceLog,
)


def _name(actor: Any) -> str:
    user = access.user_of(actor)
    return user.get_username() if user else str(actor or "system")


def log(partnership: Partnership, side: str, actor: Any, action: str, what: str = "") -> WorkspaceLog:
    return WorkspaceLog.objects.create(
        partnership=partnership, side=side, username=_name(actor)[:150], action=action, what=what[:600]
    )


def _audit(
    partnership: Partnership, side: str, action: str, actor: Any, obj: Any, changes: dict[str, Any]
) -> None:
    """The audit row goes to the acting side's organization (the host's rows carry the case)."""
    if side == Side.HOST:
        audit.record(action, actor=actor, obj=obj, case=partnership.host_case, changes=changes)
    else:
        audit.record(
            action, actor=actor, obj=obj, organization=partnership.partner_organization, changes=changes
        )


@transaction.atomic
def partnership_invite(
    *, actor: Any, case: Case, partner: Organization, purpose: str = "", partner_case: Case | None = None
) -> Partnership:
    if not access.can_invite_partner(actor, case):
        raise PermissionDenied("Only the organization's admins invite another organization into a case.")
    if partner.pk == case.organization_id:
        raise ValidationError("A partner is another organization.")
    if partner_case is not None and partner_case.organization_id != partner.pk:
        raise ValidationError("The partner's case must belong to the partner.")
    live = Partnership.objects.filter(
        host_case=case,
        partner_organization=partner,
        status__in=[PartnershipStatus.INVITED, PartnershipStatus.ACTIVE],
    )
    if live.exists():
        raise ValidationError(f"{partner.name} is already invited to this case.")
    partnership = Partnership.objects.create(
        host_case=case,
        host_organization=case.organization,
        partner_organization=partner,
        partner_case=partner_case,
        purpose=purpose.strip()[:2000],
        invited_by=access.user_of(actor),
    )
    log(partnership, Side.HOST, actor, LogAction.INVITED, partner.name)
    _audit(partnership, Side.HOST, AuditAction.CREATE, actor, partnership, {"partner": partner.name})
    return partnership


@transaction.atomic
def invitation_answer(
    *, actor: Any, partnership: Partnership, accept: bool, partner_case: Case | None = None
) -> None:
    if not selectors.can_answer_invitation(actor, partnership) and not access.is_system(actor):
        raise PermissionDenied("Only the invited organization's admins answer an invitation.")
    if partner_case is not None and partner_case.organization_id != partnership.partner_organization_id:
        raise ValidationError("The case you bring must be your organization's.")
    partnership.status = PartnershipStatus.ACTIVE if accept else PartnershipStatus.DECLINED
    partnership.answered_by = access.user_of(actor)
    partnership.answered_at = timezone.now()
    if partner_case is not None:
        partnership.partner_case = partner_case
    partnership.save()
    log(partnership, Side.PARTNER, actor, LogAction.ACCEPTED if accept else LogAction.DECLINED)
    _audit(partnership, Side.PARTNER, AuditAction.UPDATE, actor, partnership, {"status": partnership.status})


@transaction.atomic
def partnership_end(*, actor: Any, partnership: Partnership, side: str, reason: str = "") -> None:
    """Either side's admins end it; the partner's access ends with the transaction."""
    if not selectors.can_manage(actor, partnership, side):
        raise PermissionDenied("Only an admin of either organization ends a partnership.")
    if partnership.status in (PartnershipStatus.ENDED, PartnershipStatus.DECLINED):
        return
    partnership.status = PartnershipStatus.ENDED
    partnership.ended_by = access.user_of(actor)
    partnership.ended_at = timezone.now()
    partnership.end_reason = reason.strip()[:2000]
    partnership.save()
    log(partnership, side, actor, LogAction.ENDED, reason)
    _audit(partnership, side, AuditAction.UPDATE, actor, partnership, {"status": "ended"})


def _require_write(actor: Any, partnership: Partnership, side: str) -> None:
    if not selectors.can_write(actor, partnership, side):
        raise PermissionDenied("You may read this workspace but not write in it.")


@transaction.atomic
def share_add(
    *,
    actor: Any,
    partnership: Partnership,
    side: str,
    kind: str,
    object_id: int,
    page_from: int | None = None,
    page_to: int | None = None,
    reason: str = "",
) -> Share:
    """Share one item of this side's own case. Nothing else may be shared."""
    _require_write(actor, partnership, side)
    obj = selectors.shareable_object(partnership, side, kind, object_id)
    if obj is None:
        raise ValidationError("That item is not in your organization's case in this workspace.")
    if kind != ShareKind.DOCUMENT and (page_from or page_to):
        raise ValidationError("Only a document is shared by pages.")
    if page_from is not None or page_to is not None:
        count = obj.pages.count()
        first, last = page_from or 1, page_to or page_from or count
        if not (1 <= first <= last <= count):
            raise ValidationError(
                f"Pages run from 1 to {count}; {first}–{last} is not a range of this document."
            )
        page_from, page_to = first, last
    if selectors.live_shares(partnership, side).filter(kind=kind, object_id=object_id).exists():
        raise ValidationError("That item is already shared.")
    share = Share.objects.create(
        partnership=partnership,
        side=side,
        kind=kind,
        object_id=object_id,
        page_from=page_from,
        page_to=page_to,
        label=selectors.label_of(kind, obj),
        reason=reason.strip()[:500],
        shared_by=access.user_of(actor),
    )
    log(
        partnership,
        side,
        actor,
        LogAction.SHARED,
        f"{share} ({share.pages_label})" if kind == ShareKind.DOCUMENT else str(share),
    )
    _audit(partnership, side, AuditAction.CREATE, actor, share, {"kind": kind, "object_id": object_id})
    return share


@transaction.atomic
def share_withdraw(*, actor: Any, partnership: Partnership, side: str, share: Share) -> None:
    if share.side != side or share.partnership_id != partnership.pk:
        raise PermissionDenied("Only the side that shared an item withdraws it.")
    _require_write(actor, partnership, side)
    if share.withdrawn_at is not None:
        return
    share.withdrawn_at = timezone.now()
    share.withdrawn_by = access.user_of(actor)
    share.save(update_fields=["withdrawn_at", "withdrawn_by"])
    log(partnership, side, actor, LogAction.WITHDREW, str(share))
    _audit(partnership, side, AuditAction.UPDATE, actor, share, {"withdrawn": True})


def share_viewed(*, actor: Any, partnership: Partnership, side: str, share: Share) -> None:
    """A view of the other side's item goes into the shared log (and, by the request
    middleware, into the viewer's audit log)."""
    if share.side != side:
        log(partnership, side, actor, LogAction.VIEWED, str(share))


@transaction.atomic
def note_add(
    *,
    actor: Any,
    partnership: Partnership,
    side: str,
    body: str,
    for_partner: bool,
    share: Share | None = None,
) -> PartnerNote:
    _require_write(actor, partnership, side)
    if not body.strip():
        raise ValidationError("A note needs a text.")
    note = PartnerNote.objects.create(
        partnership=partnership,
        side=side,
        share=share,
        for_partner=for_partner,
        body=body.strip()[:20000],
        author=access.user_of(actor),
    )
    if for_partner:
        log(partnership, side, actor, LogAction.NOTED, f"on {share}" if share else "")
    _audit(partnership, side, AuditAction.CREATE, actor, note, {"for_partner": for_partner})
    return note


@transaction.atomic
def agenda_add(*, actor: Any, partnership: Partnership, side: str, title: str) -> AgendaItem:
    _require_write(actor, partnership, side)
    if not title.strip():
        raise ValidationError("An agenda item needs a title.")
    item = AgendaItem.objects.create(
        partnership=partnership, side=side, title=title.strip()[:300], raised_by=access.user_of(actor)
    )
    log(partnership, side, actor, LogAction.AGENDA, f"raised '{item.title}'")
    _audit(partnership, side, AuditAction.CREATE, actor, item, {"title": item.title})
    return item


@transaction.atomic
def agenda_status(*, actor: Any, partnership: Partnership, side: str, item: AgendaItem, status: str) -> None:
    _require_write(actor, partnership, side)
    if status not in AgendaStatus.values:
        raise ValidationError(f"Status is one of {', '.join(AgendaStatus.values)}.")
    old = item.status
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    log(partnership, side, actor, LogAction.AGENDA, f"'{item.title}': {old} → {status}")
    _audit(partnership, side, AuditAction.UPDATE, actor, item, {"status": [old, status]})


@transaction.atomic
def partner_team_add(*, actor: Any, partnership: Partnership, user: Any) -> PartnerMember:
    """The partner organization's admins put one of their own members on the workspace."""
    if not access.can_administer(actor, partnership.partner_organization_id):
        raise PermissionDenied("The partner organization's admins choose its team.")
    if not access.is_member(user, partnership.partner_organization_id):
        raise ValidationError("Only a member of the partner organization joins its team.")
    member, _ = PartnerMember.objects.get_or_create(
        partnership=partnership, user=user, defaults={"added_by": access.user_of(actor)}
    )
    log(partnership, Side.PARTNER, actor, LogAction.TEAM, f"added {user.get_username()}")
    _audit(partnership, Side.PARTNER, AuditAction.CREATE, actor, member, {"user": user.get_username()})
    return member
