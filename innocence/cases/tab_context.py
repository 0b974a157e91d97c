"""Context for the case tabs this app owns."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from innocence.core import access
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
        "team": _team_with_roles(request.user, case),
        "walls": case.exclusions.select_related("user", "by") if can_manage_case(request.user, case) else [],
        "stage_form": StageForm(case=case) if allowed_next(case.stage) else None,
        "team_form": TeamForm(case=case, actor=request.user),
        "wall_form": WallForm(case=case),
        "can_manage": can_manage_case(request.user, case),
        "can_change_team": access.can_change_team(request.user, case),
    }


def _team_with_roles(actor: Any, case: Case) -> list[tuple[Any, str, bool]]:
    """The team, each member with the role they hold in the case's organization and
    whether this actor may take them off it."""
    members = list(case.team.select_related("user"))
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(
            organization_id=case.organization_id, user__in=[m.user_id for m in members]
        )
    }
    assignable = access.team_roles_assignable(actor, case)
    everyone = can_manage_case(actor, case)

    def label(user_id: int) -> str:
        membership = memberships.get(user_id)
        if membership is None:
            return "no longer a member"
        return Role(membership.role).label + (" (deactivated)" if membership.deactivated_at else "")

    return [
        (
            m,
            label(m.user_id),
            everyone
            or (
                m.user_id in memberships
                and memberships[m.user_id].deactivated_at is None
                and memberships[m.user_id].role in assignable
            ),
        )
        for m in members
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
