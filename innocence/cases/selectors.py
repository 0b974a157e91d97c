"""Reads of cases. **The access rule lives here, once**: every query of cases —
and of anything that belongs to a case (documents, pages, people's roles, notes,
search hits, counts, exports) — starts from :func:`cases_visible_to`.

A user sees a case when all of these hold:
- they are a member of the case's organization;
- they are on the case's team, or an admin of that organization;
- they are not walled off the case (an ethical wall beats every role).

A partner organization in a joint workspace (``innocence.partners``) is *not* added here:
it never sees the case, only the items a side shared with it, one by one
(``innocence.partners.selectors.share_get_for_user``), so every route of a case stays 404
to it. ``tests/partners/test_partner_walk.py`` walks every route as the partner.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from innocence.core import access, audit
from innocence.core.models import Role

from .models import Case, CaseExclusion, Task, TeamMember
from .stages import Stage


class CaseNotFound(Http404):
    """Raised for a case that does not exist *or* that the user may not see: the two are
    indistinguishable from outside, so that a case's existence never leaks."""


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    memberships = access.memberships_of(user)
    on_team = TeamMember.objects.filter(case=OuterRef("pk"), user=user)
    walled = CaseExclusion.objects.filter(case=OuterRef("pk"), user=user)
    return (
        Case.objects.filter(organization__in=memberships.values("organization"))
        .filter(
            Q(organization__in=memberships.filter(role=Role.ADMIN).values("organization")) | Exists(on_team)
        )
        .exclude(Exists(walled))
    )


def case_get_for_user(user: Any, reference: str) -> Case:
    case = (
        cases_visible_to(user).select_related("organization", "applicant").filter(reference=reference).first()
    )
    if case is None:
        raise CaseNotFound("No such case.")
    audit.note_read(case, case=case)
    return case


def case_is_visible(user: Any, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def case_list_for_user(
    user: Any,
    *,
    stage: str = "",
    state: str = "",
    assignee: str = "",
    text: str = "",
    open_only: bool = False,
) -> QuerySet[Case]:
    cases = cases_visible_to(user).select_related("organization", "applicant")
    if stage:
        cases = cases.filter(stage=stage)
    if open_only:
        cases = cases.filter(stage__in=[Stage.INTAKE, Stage.SCREENING, Stage.INVESTIGATION, Stage.LITIGATION])
    if state:
        cases = cases.filter(state__iexact=state)
    if assignee:
        cases = cases.filter(Exists(TeamMember.objects.filter(case=OuterRef("pk"), user__username=assignee)))
    if text:
        cases = cases.filter(
            Q(reference__icontains=text)
            | Q(title__icontains=text)
            | Q(county__icontains=text)
            | Q(summary__icontains=text)
            | Q(applicant__full_name__icontains=text)
            | Q(docket_numbers__number__icontains=text)
        ).distinct()
    return cases


def tasks_for_user(user: Any, *, include_done: bool = False) -> QuerySet[Task]:
    tasks = Task.objects.filter(case__in=cases_visible_to(user), assignee=user).select_related("case")
    return tasks if include_done else tasks.filter(done=False)


def stage_counts_for_user(user: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for stage in cases_visible_to(user).values_list("stage", flat=True):
        counts[stage] = counts.get(stage, 0) + 1
    return counts
