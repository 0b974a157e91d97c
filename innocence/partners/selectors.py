"""Reads of joint workspaces. **Which side a user is on** decides everything:

- the host side: whoever sees the host's case (``cases_visible_to``);
- the partner side: the partner organization's admins and the members they put on the
  workspace, while the partnership is active (an invitation shows only itself to the
  partner's admins; an ended or declined one shows nothing to the partner).

A shared item is read only through :func:`share_get_for_user`: the share must be live
(not withdrawn), made by the *other* side or by one's own, and the item must still belong
to the sharing side's case. Anything else is the same 404 as a thing that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from innocence.core import access, audit

from .models import (
    AgendaItem,
    PartnerMember,
    PartnerNote,
    Partnership,
    PartnershipStatus,
    Share,
    ShareKind,
    Side,
    WorkspaceLog,
)


class WorkspaceNotFound(Http404):
    """A workspace or shared item that does not exist or that the user may not see."""


def _on_partner_team(user: Any, partnership: Partnership) -> bool:
    return PartnerMember.objects.filter(partnership=partnership, user=user).exists()


def side_of(user: Any, partnership: Partnership) -> str | None:
    """``"host"``, ``"partner"`` or None (sees nothing of this workspace)."""
    if access.user_of(user) is None:
        return None
    if access.case_is_visible(user, partnership.host_case):
        return Side.HOST
    if partnership.status == PartnershipStatus.ACTIVE and access.can_act_for_partner(
        user, partnership.partner_organization_id, on_partner_team=_on_partner_team(user, partnership)
    ):
        return Side.PARTNER
    return None


def can_answer_invitation(user: Any, partnership: Partnership) -> bool:
    return partnership.status == PartnershipStatus.INVITED and access.can_administer(
        user, partnership.partner_organization_id
    )


def can_write(user: Any, partnership: Partnership, side: str) -> bool:
    if not partnership.is_active:
        return False
    if side == Side.HOST:
        return access.can_edit_case(user, partnership.host_case)
    return access.can_write_for_partner(
        user, partnership.partner_organization_id, on_partner_team=_on_partner_team(user, partnership)
    )


def can_manage(user: Any, partnership: Partnership, side: str) -> bool:
    """Invite, end, change the partner team: the admins of each side."""
    if side == Side.HOST:
        return access.can_invite_partner(user, partnership.host_case)
    return access.can_administer(user, partnership.partner_organization_id)


def partnerships_for(user: Any) -> QuerySet[Partnership]:
    """Every workspace the user is on, of either side, and invitations their organization
    may answer."""
    if access.user_of(user) is None:
        return Partnership.objects.none()
    admin_of = access.admin_organizations_of(user)
    partner_side = Q(status=PartnershipStatus.ACTIVE) & (
        Q(partner_organization__in=admin_of)
        | Q(
            partner_organization__in=access.organizations_of(user),
            pk__in=PartnerMember.objects.filter(user=user).values("partnership"),
        )
    )
    invitations = Q(status=PartnershipStatus.INVITED, partner_organization__in=admin_of)
    return (
        Partnership.objects.filter(
            Q(host_case__in=access.visible_case_ids(user)) | partner_side | invitations
        )
        .select_related("host_case", "host_organization", "partner_organization", "partner_case")
        .distinct()
    )


def partnership_get_for_user(user: Any, pk: int) -> tuple[Partnership, str | None]:
    """The workspace and the user's side (None: an invitation the user may only answer)."""
    partnership = (
        Partnership.objects.select_related(
            "host_case", "host_organization", "partner_organization", "partner_case"
        )
        .filter(pk=pk)
        .first()
    )
    if partnership is None:
        raise WorkspaceNotFound("No such workspace.")
    side = side_of(user, partnership)
    if side is None and not can_answer_invitation(user, partnership):
        raise WorkspaceNotFound("No such workspace.")
    if side == Side.HOST:
        audit.note_read(partnership, case=partnership.host_case)
    else:
        audit.note_read(partnership, organization=partnership.partner_organization)
    return partnership, side


def other(side: str) -> str:
    return Side.PARTNER if side == Side.HOST else Side.HOST


def live_shares(partnership: Partnership, side: str | None = None) -> QuerySet[Share]:
    shares = Share.objects.filter(partnership=partnership, withdrawn_at__isnull=True)
    return shares.filter(side=side) if side else shares


def share_get_for_user(user: Any, partnership_pk: int, share_pk: int) -> tuple[Partnership, str, Share, Any]:
    """A live share of a workspace the user is on, and the shared object."""
    partnership, side = partnership_get_for_user(user, partnership_pk)
    if side is None or not partnership.is_active:
        raise WorkspaceNotFound("No such item.")
    share = live_shares(partnership).filter(pk=share_pk).first()
    if share is None:
        raise WorkspaceNotFound("No such item, or it is no longer shared.")
    obj = shared_object(partnership, share)
    if obj is None:
        raise WorkspaceNotFound("No such item, or it is no longer shared.")
    return partnership, side, share, obj


def _model_for(kind: str) -> Any:
    from django.apps import apps

    return {
        ShareKind.DOCUMENT: apps.get_model("documents", "Document"),
        ShareKind.FINDING: apps.get_model("findings", "Finding"),
        ShareKind.EVIDENCE: apps.get_model("evidence", "EvidenceItem"),
        ShareKind.EVENT: apps.get_model("timeline", "Event"),
    }[ShareKind(kind)]


def shareable_object(partnership: Partnership, side: str, kind: str, object_id: int) -> Any | None:
    """The item, if it belongs to the sharing side's case (nothing else may be shared)."""
    case = partnership.case_of(side)
    if case is None or kind not in ShareKind.values:
        return None
    return _model_for(kind).objects.filter(pk=object_id, case=case).first()


def shared_object(partnership: Partnership, share: Share) -> Any | None:
    return shareable_object(partnership, share.side, share.kind, share.object_id)


def shared_pages(share: Share, document: Any) -> QuerySet[Any]:
    pages = document.pages.order_by("number")
    if share.page_from is not None:
        pages = pages.filter(number__gte=share.page_from, number__lte=share.page_to or share.page_from)
    return pages


def shared_document_ids(partnership: Partnership, side: str) -> set[int]:
    return set(
        live_shares(partnership, side).filter(kind=ShareKind.DOCUMENT).values_list("object_id", flat=True)
    )


def notes_for(partnership: Partnership, side: str) -> QuerySet[PartnerNote]:
    """Notes for the partner (both sides read them) and this side's own notes."""
    return PartnerNote.objects.filter(partnership=partnership).filter(Q(for_partner=True) | Q(side=side))


def agenda_of(partnership: Partnership) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(partnership=partnership)


def log_of(partnership: Partnership) -> QuerySet[WorkspaceLog]:
    return WorkspaceLog.objects.filter(partnership=partnership)


def candidates_to_share(partnership: Partnership, side: str) -> dict[str, list[tuple[int, str]]]:
    """What this side could share from its own case: (id, label) by kind."""
    case = partnership.case_of(side)
    if case is None:
        return {}
    shared = {(s.kind, s.object_id) for s in live_shares(partnership, side)}
    found: dict[str, list[tuple[int, str]]] = {}
    for kind in ShareKind.values:
        model = _model_for(kind)
        rows = model.objects.filter(case=case).order_by("pk")[:500]
        found[kind] = [(o.pk, label_of(kind, o)) for o in rows if (kind, o.pk) not in shared]
    return found


def label_of(kind: str, obj: Any) -> str:
    if kind == ShareKind.EVIDENCE:
        return str(obj.description)[:500]
    return str(getattr(obj, "title", obj))[:500]
