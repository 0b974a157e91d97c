"""Thin views of the joint workspace: every read goes through ``selectors`` (the side
rule), every write through ``services``."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innocence.cases.selectors import case_get_for_user, cases_visible_to
from innocence.core import access
from innocence.core.models import Organization

from . import selectors, services
from .models import AgendaItem, ShareKind, Side


def _workspace(pk: int) -> str:
    return reverse("partners:workspace", kwargs={"pk": pk})


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdecimal() or len(value) > 9:
        raise ValidationError(f"'{value[:20]}' is not a number.")
    return int(value)


@login_required
@require_GET
def partnership_list(request: HttpRequest) -> HttpResponse:
    rows = [(p, selectors.side_of(request.user, p)) for p in selectors.partnerships_for(request.user)]
    return render(request, "partners/list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if not access.can_invite_partner(request.user, case):
        raise PermissionDenied("Only the organization's admins invite another organization into a case.")
    organizations = Organization.objects.exclude(pk=case.organization_id).order_by("name")
    if request.method == "POST":
        partner = organizations.filter(slug=request.POST.get("partner", "")).first()
        if partner is None:
            messages.error(request, "Choose the organization to invite.")
        else:
            try:
                partnership = services.partnership_invite(
                    actor=request.user, case=case, partner=partner, purpose=request.POST.get("purpose", "")
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, f"{partner.name} is invited. Nothing is shared until you share it.")
                return redirect(_workspace(partnership.pk))
    return render(request, "partners/invite.html", {"case": case, "organizations": organizations})


@login_required
@require_GET
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    partnership, side = selectors.partnership_get_for_user(request.user, pk)
    if side is None:  # an invitation, seen by the invited organization's admins
        return render(request, "partners/invitation.html", {"p": partnership})
    theirs = selectors.other(side)
    context: dict[str, Any] = {
        "p": partnership,
        "side": side,
        "our_org": partnership.organization_of(side),
        "their_org": partnership.organization_of(theirs),
        "our_case": partnership.case_of(side),
        # what log_csv checks the export right against (the template's may_export filter)
        "export_target": partnership.host_case if side == Side.HOST else partnership.partner_organization,
        "ours": selectors.live_shares(partnership, side),
        "theirs": selectors.live_shares(partnership, theirs) if partnership.is_active else [],
        "notes": selectors.notes_for(partnership, side),
        "agenda": selectors.agenda_of(partnership),
        "log": selectors.log_of(partnership)[:200],
        "can_write": selectors.can_write(request.user, partnership, side),
        "can_manage": selectors.can_manage(request.user, partnership, side),
        "candidates": selectors.candidates_to_share(partnership, side) if partnership.is_active else {},
        "kinds": ShareKind.choices,
        "statuses": AgendaItem._meta.get_field("status").choices,
        "team": partnership.partner_team.select_related("user") if side == Side.PARTNER else [],
        "members": (
            access.members_with_roles(
                [partnership.partner_organization_id], access.WRITING_ROLES | {"viewer"}
            )
            if side == Side.PARTNER and selectors.can_manage(request.user, partnership, side)
            else []
        ),
    }
    return render(request, "partners/workspace.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    partnership, _side = selectors.partnership_get_for_user(request.user, pk)
    if not selectors.can_answer_invitation(request.user, partnership):
        raise Http404("No invitation to answer.")
    accept = request.POST.get("answer") == "accept"
    partner_case = None
    if accept and request.POST.get("case"):
        partner_case = (
            cases_visible_to(request.user)
            .filter(organization=partnership.partner_organization, reference=request.POST["case"])
            .first()
        )
    services.invitation_answer(
        actor=request.user, partnership=partnership, accept=accept, partner_case=partner_case
    )
    if not accept:
        messages.success(request, "You declined the invitation.")
        return redirect("partners:list")
    return redirect(_workspace(pk))


def _writable(request: HttpRequest, pk: int) -> tuple[Any, str]:
    partnership, side = selectors.partnership_get_for_user(request.user, pk)
    if side is None or not partnership.is_active:
        raise Http404("No such workspace.")
    return partnership, side


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    partnership, side = selectors.partnership_get_for_user(request.user, pk)
    if side is None:
        raise Http404("No such workspace.")
    services.partnership_end(
        actor=request.user, partnership=partnership, side=side, reason=request.POST.get("reason", "")
    )
    messages.success(request, "The partnership has ended: the partner sees nothing of it any more.")
    return redirect("partners:list") if side == Side.PARTNER else redirect(_workspace(pk))


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    partnership, side = _writable(request, pk)
    try:
        object_id = _int(request.POST.get("object_id"))
        if object_id is None:
            raise ValidationError("Choose what to share.")
        services.share_add(
            actor=request.user,
            partnership=partnership,
            side=side,
            kind=request.POST.get("kind", ""),
            object_id=object_id,
            page_from=_int(request.POST.get("page_from")),
            page_to=_int(request.POST.get("page_to")),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Shared. The partner sees it now; you may withdraw it at any time.")
    return redirect(_workspace(pk))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    partnership, side = _writable(request, pk)
    found = selectors.live_shares(partnership, side).filter(pk=share_pk).first()
    if found is None:
        raise Http404("No such share of yours.")
    services.share_withdraw(actor=request.user, partnership=partnership, side=side, share=found)
    messages.success(request, "Withdrawn: the partner no longer sees it.")
    return redirect(_workspace(pk))


@login_required
@require_GET
def shared_item(request: HttpRequest, pk: int, share_pk: int) -> HttpResponse:
    partnership, side, found, obj = selectors.share_get_for_user(request.user, pk, share_pk)
    services.share_viewed(actor=request.user, partnership=partnership, side=side, share=found)
    context: dict[str, Any] = {"p": partnership, "side": side, "share": found, "obj": obj}
    if found.kind == ShareKind.DOCUMENT:
        context["pages"] = selectors.shared_pages(found, obj)
    elif found.kind == ShareKind.FINDING:
        shared_docs = selectors.shared_document_ids(partnership, found.side)
        context["citations"] = [
            (c, c.document_id in shared_docs) for c in obj.citations.order_by("position", "pk")
        ]
    context["notes"] = selectors.notes_for(partnership, side).filter(share=found)
    context["can_write"] = selectors.can_write(request.user, partnership, side)
    return render(request, "partners/shared_item.html", context)


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership, side = _writable(request, pk)
    about = None
    share_pk = request.POST.get("share", "")
    if share_pk:
        about = selectors.live_shares(partnership).filter(pk=_int(share_pk) or 0).first()
        if about is None:
            raise Http404("No such shared item.")
    try:
        services.note_add(
            actor=request.user,
            partnership=partnership,
            side=side,
            body=request.POST.get("body", ""),
            for_partner=request.POST.get("for_partner") != "no",
            share=about,
        )
    except ValidationError as exc:
        _errors(request, exc)
    if about is not None:
        return redirect(reverse("partners:shared_item", kwargs={"pk": pk, "share_pk": about.pk}))
    return redirect(_workspace(pk))


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership, side = _writable(request, pk)
    try:
        services.agenda_add(
            actor=request.user, partnership=partnership, side=side, title=request.POST.get("title", "")
        )
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(_workspace(pk) + "#agenda")


@login_required
@require_POST
def agenda_status(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    partnership, side = _writable(request, pk)
    item = selectors.agenda_of(partnership).filter(pk=item_pk).first()
    if item is None:
        raise Http404("No such agenda item.")
    try:
        services.agenda_status(
            actor=request.user,
            partnership=partnership,
            side=side,
            item=item,
            status=request.POST.get("status", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(_workspace(pk) + "#agenda")


@login_required
@require_POST
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership, side = _writable(request, pk)
    if side != Side.PARTNER:
        raise Http404("The host's team is the case's team.")
    user = get_user_model().objects.filter(username=request.POST.get("username", "")).first()
    try:
        if user is None:
            raise ValidationError("No such member of your organization.")
        services.partner_team_add(actor=request.user, partnership=partnership, user=user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(_workspace(pk))


@login_required
@require_GET
def log_csv(request: HttpRequest, pk: int) -> HttpResponse:
    partnership, side = selectors.partnership_get_for_user(request.user, pk)
    if side is None:
        raise Http404("No such workspace.")
    if side == Side.HOST:
        access.require_export(request.user, partnership.host_case)
    else:
        access.require_export_in(request.user, partnership.partner_organization)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workspace-{pk}-log.csv"'
    writer = csv.writer(response)
    writer.writerow(["at", "organization", "user", "action", "what"])
    for row in selectors.log_of(partnership).order_by("at", "pk"):
        writer.writerow(
            [
                row.at.isoformat(),
                partnership.organization_of(row.side).name,
                row.username,
                row.get_action_display(),
                row.what,
            ]
        )
    return response
