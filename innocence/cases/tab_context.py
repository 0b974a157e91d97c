"""Context for the case tabs this app owns."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from innocence.core.access import can_edit_case, can_export_case, can_manage_case, can_see_walls
from innocence.core.models import AuditEntry, Membership, Role

from .forms import NoteForm, StageForm, TaskForm, TeamForm, WallForm
from .models import Case
from .stages import allowed_next


def overview(request: HttpRequest, case: Case) -> dict[str, Any]:
    # The NRE indicators panel comes from the findings app's {% nre_indicators %} tag.
    return {
        "docket_numbers": case.docket_numbers.all(),
        "stage_changes": case.stage_changes.select_related("by").order_by("-at", "-id"),
        "team": _team_with_roles(case),
        "walls": case.exclusions.select_related("user", "by") if can_manage_case(request.user, case) else [],
        "stage_form": StageForm(case=case) if allowed_next(case.stage) else None,
        "team_form": TeamForm(case=case),
        "wall_form": WallForm(case=case),
        "can_manage": can_manage_case(request.user, case),
    }


def _team_with_roles(case: Case) -> list[tuple[Any, str]]:
    """The team, each member with the role they hold in the case's organization."""
    members = list(case.team.select_related("user"))
    roles = dict(
        Membership.objects.filter(
            organization_id=case.organization_id, user__in=[m.user_id for m in members]
        ).values_list("user_id", "role")
    )
    return [
        (m, Role(roles[m.user_id]).label if m.user_id in roles else "no longer a member") for m in members
    ]


def notes(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {
        "notes": case.notes.select_related("author"),
        "tasks": case.tasks.select_related("assignee"),
        "note_form": NoteForm(),
        "task_form": TaskForm(case=case),
    }


#: Audit rows only the organization's admins read on a case's Activity tab: who is walled
#: off the case, and why.
ADMIN_ONLY_ACTIVITY = ("cases.CaseExclusion",)


def activity(request: HttpRequest, case: Case) -> dict[str, Any]:
    entries = AuditEntry.objects.filter(case_id_ref=case.pk).select_related("user")
    if not can_see_walls(request.user, case):
        entries = entries.exclude(object_type__in=ADMIN_ONLY_ACTIVITY)
    return {"entries": entries[:200]}


def permissions(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {
        "can_edit": can_edit_case(request.user, case),
        "can_manage": can_manage_case(request.user, case),
        "can_export": can_export_case(request.user, case),
    }
