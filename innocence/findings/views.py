"""Web views for reviewing findings: confirm, dismiss (with a reason), reopen, re-run."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from innocence.cases.selectors import case_get_for_user
from innocence.cases.services import record_case_view
from innocence.core.access import can_edit_case
from innocence.core.extensions import registry
from innocence.core.redirects import redirect_next

from . import services
from .selectors import (
    finding_get_for_user,
    findings_by_status,
    findings_for_case,
    indicators_for_case,
    present_findings,
)


def _back(request: HttpRequest, reference: str, lens: str) -> HttpResponse:
    declared = registry().lens(lens)
    tab = declared.tab if declared else "overview"
    return redirect_next(request, "cases:case_tab", reference=reference, tab=tab)


@login_required
@require_POST
def finding_review(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    finding = finding_get_for_user(request.user, pk)
    if finding.case_id != case.pk:
        raise Http404("No such finding.")
    action = request.POST.get("action", "")
    try:
        if action == "dismiss":
            services.finding_dismiss(actor=request.user, finding=finding, reason=request.POST.get("reason", ""))
            messages.success(request, "Finding dismissed; the reason is kept and re-runs will not undo it.")
        elif action == "confirm":
            services.finding_confirm(actor=request.user, finding=finding, note=request.POST.get("reason", ""))
            messages.success(request, "Finding confirmed.")
        elif action == "reopen":
            services.finding_reopen(actor=request.user, finding=finding)
            messages.success(request, "Review undone; the finding shows what the rule computed.")
        else:
            messages.error(request, "Choose confirm, dismiss or reopen.")
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return _back(request, case.reference, finding.lens)


@login_required
@require_POST
def findings_recompute(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if not can_edit_case(request.user, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    lens = request.POST.get("lens") or None
    known = {declared.slug for declared in registry().lenses()}
    if lens is not None and lens not in known:
        return HttpResponse(
            f"There is no lens named {lens[:40]!r}; the lenses are: {', '.join(sorted(known))}.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    result = services.findings_recompute(case=case, lens=lens, actor=request.user)
    messages.success(
        request,
        f"Rules re-run: {len(result.created)} new, {len(result.updated)} updated, {len(result.removed)} removed; "
        f"{len(result.flagged)} reviewed finding(s) flagged because their facts changed.",
    )
    return _back(request, case.reference, lens or "witness")


@login_required
def case_findings(request: HttpRequest, reference: str) -> HttpResponse:
    """Every finding of a case, lens by lens, with the NRE indicators."""
    case = case_get_for_user(request.user, reference)
    record_case_view(actor=request.user, case=case, what="findings")
    lenses = []
    for declared in registry().lenses():
        views = present_findings(request.user, list(findings_for_case(case, lens=declared.slug)))
        lenses.append({"lens": declared.slug, "label": f"{declared.label} lens", "grouped": findings_by_status(views),
                       "count": len(views)})
    return render(request, "findings/case_findings.html", {
        "case": case, "lenses": lenses, "indicators": indicators_for_case(request.user, case),
        "can_edit": can_edit_case(request.user, case),
    })


@login_required
@require_POST
def finding_add(request: HttpRequest, reference: str) -> HttpResponse:
    """A finding a person makes (origin: person); re-runs of the rules never touch it."""
    case = case_get_for_user(request.user, reference)
    lens = request.POST.get("lens", "witness")
    keys = [k.strip() for k in request.POST.get("authority_keys", "").split(",") if k.strip()]
    try:
        services.finding_create(
            actor=request.user, case=case, lens=lens, title=request.POST.get("title", ""),
            text=request.POST.get("text", ""), nre_factors=request.POST.getlist("nre_factors"), authority_keys=keys,
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, "Finding added.")
    return _back(request, case.reference, lens)
