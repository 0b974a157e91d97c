"""Reads of intake records. **Who sees an application**:

- the admins and intake coordinators of the application's organization, all of them;
- nobody else: not attorneys, students, investigators or viewers (an application holds
  a stranger's unvetted story and the names of victims; once accepted, the case's own
  team rule applies to the case), and never anyone from another organization.

Anything else gets a 404, never a 403, so an application's existence never leaks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from innocence.core import access, audit
from innocence.core.models import Organization

from .models import Application, IntakeSettings, ScreeningCriterion
from .stages import OPEN_STAGES, Stage

INTAKE_ROLES = access.INTAKE_ROLES


class ApplicationNotFound(Http404):
    """An application that does not exist or that the user may not see: indistinguishable."""


def intake_organizations_of(user: Any) -> QuerySet[Organization]:
    return access.intake_organizations_of(user)


def can_work_intake(user: Any, organization: Organization | None = None) -> bool:
    return access.can_run_intake(user, organization)


def applications_visible_to(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(organization__in=intake_organizations_of(user))


def application_get_for_user(user: Any, reference: str) -> Application:
    application = (
        applications_visible_to(user)
        .select_related("organization", "assignee", "case")
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise ApplicationNotFound("No such application.")
    audit.note_read(application, organization=application.organization)
    return application


def settings_for(organization: Organization) -> IntakeSettings:
    found, _ = IntakeSettings.objects.get_or_create(organization=organization)
    return found


def criteria_for(organization: Organization, *, active_only: bool = True) -> QuerySet[ScreeningCriterion]:
    from .screening import ensure_default_criteria

    ensure_default_criteria(organization)
    criteria = ScreeningCriterion.objects.filter(organization=organization)
    return criteria.filter(active=True) if active_only else criteria


def age_in_days(application: Application, today: dt.date | None = None) -> int:
    return ((today or timezone.localdate()) - application.received_on).days


def overdue_reason(application: Application, rules: IntakeSettings, today: dt.date | None = None) -> str:
    """Plain words if the application is past a target time, else ''."""
    if application.stage not in OPEN_STAGES:
        return ""
    age = age_in_days(application, today)
    if application.stage == Stage.NEW and age > rules.days_to_acknowledge:
        return f"not acknowledged after {age} days (target {rules.days_to_acknowledge})"
    if age > rules.days_to_decide:
        return f"no decision after {age} days (target {rules.days_to_decide})"
    return ""


def queue_for_user(
    user: Any,
    *,
    stage: str = "",
    assignee: str = "",
    channel: str = "",
    state: str = "",
    text: str = "",
    open_only: bool = False,
    overdue_only: bool = False,
) -> list[dict[str, Any]]:
    applications = applications_visible_to(user).select_related("assignee", "organization")
    if stage:
        applications = applications.filter(stage=stage)
    if open_only:
        applications = applications.filter(stage__in=OPEN_STAGES)
    if assignee == "none":
        applications = applications.filter(assignee__isnull=True)
    elif assignee:
        applications = applications.filter(assignee__username=assignee)
    if channel:
        applications = applications.filter(channel=channel)
    if state:
        applications = applications.filter(conviction_state__iexact=state)
    if text:
        applications = applications.filter(
            Q(reference__icontains=text)
            | Q(applicant_name__icontains=text)
            | Q(inmate_number__icontains=text)
            | Q(offense__icontains=text)
            | Q(conviction_county__icontains=text)
        )
    rules_by_org: dict[int, IntakeSettings] = {}
    today = timezone.localdate()
    rows = []
    for application in applications.order_by("received_on", "id"):
        rules = rules_by_org.get(application.organization_id)
        if rules is None:
            rules = rules_by_org[application.organization_id] = settings_for(application.organization)
        overdue = overdue_reason(application, rules, today)
        if overdue_only and not overdue:
            continue
        rows.append({"application": application, "age": age_in_days(application, today), "overdue": overdue})
    return rows


def stage_counts(user: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for stage in applications_visible_to(user).values_list("stage", flat=True):
        counts[stage] = counts.get(stage, 0) + 1
    return counts
