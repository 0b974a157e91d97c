"""REST endpoints for intake applications: list, create, detail, transition, and an admin's
decision on the adverse-party conflicts the check finds.

Same access as the web UI: an organization's admins and intake coordinators only; any
other caller gets a 404 for an application, and an empty list.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status

from innocence.core import audit
from innocence.core.models import AuditAction, Organization

from . import services
from .schemas import (
    ApplicationDetailOut,
    ApplicationIn,
    ApplicationOut,
    ConflictDecisionIn,
    TransitionIn,
    application_as_json,
)
from .selectors import application_get_for_user, intake_organizations_of, queue_for_user

router = Router(tags=["intake"])


def _organization(user: Any, slug: str | None) -> Organization:
    orgs = intake_organizations_of(user)
    if slug:
        found = orgs.filter(slug=slug).first()
        if found is None:
            raise ValidationError({"organization": f"You do not work intake for an organization '{slug}'."})
        return found
    if orgs.count() != 1:
        raise ValidationError({"organization": "Give the slug of the organization the application is for."}
                              if orgs.exists() else {"organization": "You do not work intake for any organization."})
    return orgs.get()


@router.get("/intake/applications", response=list[ApplicationOut])
def application_list(
    request: HttpRequest, stage: str = "", assignee: str = "", channel: str = "", state: str = "",
    q: str = "", overdue: bool = False,
) -> list[dict[str, Any]]:
    rows = queue_for_user(request.user, stage=stage, assignee=assignee, channel=channel, state=state, text=q,
                          overdue_only=overdue)
    audit.record(AuditAction.VIEW, actor=request.user, object_repr="intake applications (API)",
                 organization=intake_organizations_of(request.user).first(), changes={"rows": len(rows)})
    return [application_as_json(row["application"]) for row in rows]


@router.post("/intake/applications", response={201: ApplicationDetailOut})
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    organization = _organization(request.user, data.pop("organization"))
    if data.get("received_on") is None:
        data.pop("received_on")
    application = services.application_create(actor=request.user, organization=organization, **data)
    return Status(201, application_as_json(application, detail=True, user=request.user))


@router.get("/intake/applications/{reference}", response=ApplicationDetailOut)
def application_detail(request: HttpRequest, reference: str) -> dict[str, Any]:
    application = application_get_for_user(request.user, reference)
    services.record_view(actor=request.user, application=application, what="api")
    return application_as_json(application, detail=True, user=request.user)


@router.post("/intake/applications/{reference}/transition", response=ApplicationDetailOut)
def application_transition(request: HttpRequest, reference: str, payload: TransitionIn) -> dict[str, Any]:
    application = application_get_for_user(request.user, reference)
    services.application_transition(actor=request.user, application=application, **payload.dict())
    application.refresh_from_db()
    return application_as_json(application, detail=True, user=request.user)


@router.post("/intake/applications/{reference}/conflict-decisions", response={201: ApplicationDetailOut})
def conflict_decision_create(
    request: HttpRequest, reference: str, payload: ConflictDecisionIn,
) -> Status[dict[str, Any]]:
    """The web form's rules, in the service: organization admins only; waiving or clearing
    needs an admin who can see every case of the conflicts (a walled-off admin may decline)."""
    application = application_get_for_user(request.user, reference)
    services.conflict_decide(actor=request.user, application=application, **payload.dict())
    application.refresh_from_db()
    return Status(201, application_as_json(application, detail=True, user=request.user))
