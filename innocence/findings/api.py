"""REST endpoints for findings: list a case's findings (with citations, authorities and
NRE indicators), review one, re-run the rules. Same access rule and services as the web UI."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from innocence.cases.selectors import case_get_for_user
from innocence.core import audit
from innocence.core.models import AuditAction

from . import services
from .management.commands.findings import finding_dict
from .selectors import finding_get_for_user, findings_for_case, indicators_for_case, present_findings

router = Router(tags=["findings"])


class ReviewIn(Schema):
    action: str
    reason: str = ""


@router.get("/cases/{reference}/findings", summary="A case's findings with citations and NRE indicators")
def case_findings(request: HttpRequest, reference: str, lens: str | None = None, status: str | None = None
                  ) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": "findings (api)"})
    views = present_findings(request.user, list(findings_for_case(case, lens=lens, status=status)))
    return {
        "case": case.reference,
        "findings": [finding_dict(v) for v in views],
        "nre_indicators": [
            {
                "code": ind.factor.code, "name": ind.factor.name, "indicated": ind.indicated,
                "findings": [v.finding.pk for v in ind.findings],
                "note": "An indicator lists findings bearing on the factor; it is not a score or a likelihood.",
            }
            for ind in indicators_for_case(request.user, case, lens=lens)
        ],
    }


@router.post("/cases/{reference}/findings/{finding_id}/review", summary="Confirm, dismiss (with reason) or reopen")
def review(request: HttpRequest, reference: str, finding_id: int, payload: ReviewIn) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    finding = finding_get_for_user(request.user, finding_id)
    if finding.case_id != case.pk:
        raise Http404("No such finding.")
    if payload.action == "dismiss":
        services.finding_dismiss(actor=request.user, finding=finding, reason=payload.reason)
    elif payload.action == "confirm":
        services.finding_confirm(actor=request.user, finding=finding, note=payload.reason)
    elif payload.action == "reopen":
        services.finding_reopen(actor=request.user, finding=finding)
    else:
        from django.core.exceptions import ValidationError

        raise ValidationError({"action": "Use confirm, dismiss or reopen."})
    view = present_findings(request.user, list(findings_for_case(case).filter(pk=finding.pk)))[0]
    return finding_dict(view)


@router.post("/cases/{reference}/findings/recompute", summary="Re-run the rules (human decisions are kept)")
def recompute(request: HttpRequest, reference: str, lens: str | None = None) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    from django.core.exceptions import PermissionDenied

    from innocence.core.access import can_edit_case

    if not can_edit_case(request.user, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    return services.findings_recompute(case=case, lens=lens, actor=request.user).as_dict()
