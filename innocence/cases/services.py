"""Writes to cases. Each function checks the actor's right, validates, writes in one
transaction and records what it did in the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from innocence.core import access, audit
from innocence.core.access import can_create_case_in, can_edit_case, can_manage_case
from innocence.core.identifiers import validate_reference
from innocence.core.models import AuditAction, Organization

from .models import Case, CaseExclusion, DocketNumber, Note, StageChange, Task, TeamMember, normalize_docket
from .stages import Stage, allowed_next

CASE_FIELDS = (
    "title",
    "summary",
    "state",
    "county",
    "court",
    "charges",
    "offense_date",
    "arrest_date",
    "conviction_type",
    "conviction_date",
    "sentence",
    "facility",
    "inmate_number",
    "release_date",
)


def _require_edit(actor: Any, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied("Your role does not allow changes to this case.")


def next_reference(organization: Organization, year: int | None = None) -> str:
    year = year or timezone.now().year
    prefix = f"{organization.case_prefix}-{year}-"
    taken = Case.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in taken if ref.rsplit("-", 1)[1].isdecimal()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _clean_case_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Unknown case field."))
    cleaned = dict(fields)
    if "state" in cleaned:
        cleaned["state"] = (cleaned["state"] or "").strip().upper()
        if cleaned["state"] and (len(cleaned["state"]) != 2 or not cleaned["state"].isalpha()):
            raise ValidationError({"state": "Use the two-letter state code, e.g. LA."})
    if "charges" in cleaned:
        charges = cleaned["charges"] or []
        if isinstance(charges, str):
            charges = charges.splitlines()
        cleaned["charges"] = [str(c).strip() for c in charges if str(c).strip()]
    future_words = {"conviction_date": "A conviction date", "offense_date": "An offense date",
                    "arrest_date": "An arrest date"}
    for date_field in ("offense_date", "arrest_date", "conviction_date", "release_date"):
        value = cleaned.get(date_field)
        if isinstance(value, str):
            try:
                cleaned[date_field] = dt.date.fromisoformat(value) if value else None
            except ValueError as exc:
                raise ValidationError({date_field: "Use a date like 1980-04-17."}) from exc
        if (
            date_field in future_words
            and cleaned.get(date_field)
            and cleaned[date_field] > timezone.localdate()
        ):
            raise ValidationError({date_field: f"{future_words[date_field]} cannot be in the future."})
    if "title" in cleaned and not str(cleaned["title"]).strip():
        raise ValidationError({"title": "A case needs a title, e.g. 'State v. Doe'."})
    return cleaned


def _check_dockets(
    organization: Organization, numbers: list[str], *, exclude_case: Case | None = None
) -> None:
    seen: set[str] = set()
    for number in numbers:
        norm = normalize_docket(number)
        if not norm:
            raise ValidationError({"docket_numbers": f"'{number}' is not a docket number."})
        if norm in seen:
            raise ValidationError({"docket_numbers": f"Docket number {number} is listed twice."})
        seen.add(norm)
        clash = DocketNumber.objects.filter(organization=organization, normalized=norm)
        if exclude_case is not None:
            clash = clash.exclude(case=exclude_case)
        if clash.exists():
            # Say only that it exists: the other case may be one this user cannot see.
            raise ValidationError(
                {"docket_numbers": f"Docket number {number} is already on another case in your organization."}
            )


@transaction.atomic
def case_create(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    docket_numbers: list[str] | None = None,
    stage: str = Stage.INTAKE,
    reference: str | None = None,
    is_fictional: bool = False,
    add_creator_to_team: bool = True,
    **fields: Any,
) -> Case:
    if actor is not None and not can_create_case_in(actor, organization):
        raise PermissionDenied("Your role does not allow opening cases in this organization.")
    cleaned = _clean_case_fields({"title": title, **fields})
    numbers = [n.strip() for n in (docket_numbers or []) if n.strip()]
    _check_dockets(organization, numbers)
    if stage not in Stage.values:
        raise ValidationError({"stage": f"Unknown stage '{stage}'."})
    if reference is not None:
        validate_reference(reference)
    if reference and Case.objects.filter(reference=reference).exists():
        raise ValidationError({"reference": f"Reference {reference} is taken."})
    case = Case.objects.create(
        organization=organization,
        reference=reference or next_reference(organization),
        stage=stage,
        is_fictional=is_fictional,
        created_by=actor,
        **cleaned,
    )
    for number in numbers:
        DocketNumber.objects.create(case=case, organization=organization, number=number)
    StageChange.objects.create(case=case, from_stage="", to_stage=stage, by=actor, note="Case opened")
    if actor is not None and add_creator_to_team:
        TeamMember.objects.create(case=case, user=actor, added_by=actor)
    audit.record(
        AuditAction.CREATE, actor=actor, obj=case, changes={**audit.snapshot(case), "docket_numbers": numbers}
    )
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, docket_numbers: list[str] | None = None, **fields: Any) -> Case:
    _require_edit(actor, case)
    cleaned = _clean_case_fields(fields)
    before = audit.snapshot(case, list(cleaned))
    for name, value in cleaned.items():
        setattr(case, name, value)
    case.full_clean(exclude=["applicant", "created_by"])
    case.save()
    changes = audit.diff(before, audit.snapshot(case, list(cleaned)))
    if docket_numbers is not None:
        numbers = [n.strip() for n in docket_numbers if n.strip()]
        old = list(case.docket_numbers.values_list("number", flat=True))
        if old != numbers:
            _check_dockets(case.organization, numbers, exclude_case=case)
            case.docket_numbers.all().delete()
            for number in numbers:
                DocketNumber.objects.create(case=case, organization=case.organization, number=number)
            changes["docket_numbers"] = [old, numbers]
    if changes:
        audit.record(AuditAction.UPDATE, actor=actor, obj=case, changes=changes)
    return case


@transaction.atomic
def case_change_stage(*, actor: Any, case: Case, to_stage: str, note: str = "") -> StageChange:
    _require_edit(actor, case)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": f"Unknown stage '{to_stage}'."})
    if to_stage not in allowed_next(case.stage):
        allowed = ", ".join(Stage(s).label for s in allowed_next(case.stage)) or "none"
        raise ValidationError(
            {
                "to_stage": f"A case cannot move from {Stage(case.stage).label} to {Stage(to_stage).label}. "
                f"Allowed next: {allowed}."
            }
        )
    change = StageChange.objects.create(
        case=case, from_stage=case.stage, to_stage=to_stage, note=note, by=actor
    )
    case.stage = to_stage
    case.save(update_fields=["stage", "updated_at"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        obj=case,
        changes={"stage": [change.from_stage, to_stage], "note": note},
    )
    return change


#: Said to someone who may not see walls when the member they chose is walled off the
#: case: the same words as for any other member they may not add.
_NOT_ADDABLE = "That member cannot be added to this case's team; ask an administrator."


@transaction.atomic
def team_add(*, actor: Any, case: Case, user: Any, responsibility: str = "") -> TeamMember:
    """An admin adds any member of the case's organization; an attorney on the case adds
    its students and investigators (``access.team_roles_assignable``). A wall wins."""
    if not access.can_change_team(actor, case):
        raise PermissionDenied("Only the organization's admins and the case's attorneys change its team.")
    if not access.is_member(user, case.organization_id):
        raise ValidationError({"user": "That user is not a member of this case's organization."})
    walled = CaseExclusion.objects.filter(case=case, user=user).exists()
    if walled:
        if access.can_see_walls(actor, case):
            raise ValidationError({"user": "That user is walled off this case; lift the wall first."})
        raise ValidationError({"user": _NOT_ADDABLE})
    if not access.can_assign_to_team(actor, case, user):
        raise PermissionDenied(
            "An attorney adds the organization's students and investigators to her case's team; "
            "other members are added by an administrator."
        )
    member, created = TeamMember.objects.get_or_create(
        case=case, user=user, defaults={"responsibility": responsibility, "added_by": access.user_of(actor)}
    )
    if created:
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            obj=member,
            case=case,
            changes={"user": user.get_username(), "role": access.role_in(user, case.organization_id)},
        )
    return member


@transaction.atomic
def team_remove(*, actor: Any, case: Case, user: Any) -> None:
    if not access.can_change_team(actor, case):
        raise PermissionDenied("Only the organization's admins and the case's attorneys change its team.")
    if not access.can_take_off_team(actor, case, user):
        raise PermissionDenied(
            "An attorney takes students and investigators off her case's team; "
            "other members are taken off by an administrator."
        )
    for member in TeamMember.objects.filter(case=case, user=user):
        audit.record(
            AuditAction.DELETE, actor=actor, obj=member, case=case, changes={"user": user.get_username()}
        )
        member.delete()


@transaction.atomic
def wall_off(*, actor: Any, case: Case, user: Any, reason: str) -> CaseExclusion:
    if actor is not None and not can_manage_case(actor, case):
        raise PermissionDenied("Only an organization admin can wall a user off a case.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the user is walled off (e.g. a conflict of interest)."})
    if actor is not None and user.pk == actor.pk:
        raise ValidationError({"user": "You cannot wall yourself off a case."})
    TeamMember.objects.filter(case=case, user=user).delete()
    wall, _ = CaseExclusion.objects.update_or_create(
        case=case, user=user, defaults={"reason": reason.strip(), "by": actor}
    )
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        obj=wall,
        case=case,
        changes={"user": user.get_username(), "reason": reason},
    )
    return wall


@transaction.atomic
def wall_lift(*, actor: Any, case: Case, user: Any) -> None:
    if actor is not None and not can_manage_case(actor, case):
        raise PermissionDenied("Only an organization admin can lift a wall.")
    for wall in CaseExclusion.objects.filter(case=case, user=user):
        audit.record(
            AuditAction.DELETE, actor=actor, obj=wall, case=case, changes={"user": user.get_username()}
        )
        wall.delete()


@transaction.atomic
def note_create(*, actor: Any, case: Case, body: str) -> Note:
    _require_edit(actor, case)
    if not body.strip():
        raise ValidationError({"body": "A note cannot be empty."})
    note = Note.objects.create(case=case, author=actor, body=body.strip())
    audit.record(AuditAction.CREATE, actor=actor, obj=note, case=case, changes={"body": note.body})
    return note


@transaction.atomic
def note_update(*, actor: Any, note: Note, body: str) -> Note:
    _require_edit(actor, note.case)
    if not body.strip():
        raise ValidationError({"body": "A note cannot be empty."})
    before = note.body
    note.body = body.strip()
    note.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=note, case=note.case, changes={"body": [before, note.body]}
    )
    return note


@transaction.atomic
def note_delete(*, actor: Any, note: Note) -> None:
    _require_edit(actor, note.case)
    audit.record(AuditAction.DELETE, actor=actor, obj=note, case=note.case, changes={"body": note.body})
    note.delete()


def _check_assignee(case: Case, assignee: Any) -> None:
    if assignee is not None and not access.is_member(assignee, case.organization_id):
        raise ValidationError({"assignee": "The assignee must be a member of this case's organization."})


@transaction.atomic
def task_create(
    *, actor: Any, case: Case, title: str, assignee: Any = None, due_date: dt.date | None = None
) -> Task:
    _require_edit(actor, case)
    if not title.strip():
        raise ValidationError({"title": "A task needs a title."})
    _check_assignee(case, assignee)
    task = Task.objects.create(
        case=case, title=title.strip(), assignee=assignee, due_date=due_date, created_by=actor
    )
    audit.record(AuditAction.CREATE, actor=actor, obj=task, case=case, changes=audit.snapshot(task))
    return task


@transaction.atomic
def task_update(*, actor: Any, task: Task, **fields: Any) -> Task:
    _require_edit(actor, task.case)
    allowed = {"title", "assignee", "due_date", "done"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Unknown task field."))
    if "title" in fields and not str(fields["title"]).strip():
        raise ValidationError({"title": "A task needs a title."})
    if "assignee" in fields:
        _check_assignee(task.case, fields["assignee"])
    before = audit.snapshot(task)
    for name, value in fields.items():
        setattr(task, name, value)
    if "done" in fields:
        task.done_at = timezone.now() if task.done else None
    task.save()
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        obj=task,
        case=task.case,
        changes=audit.diff(before, audit.snapshot(task)),
    )
    return task


def record_case_view(*, actor: Any, case: Case, what: str = "case") -> None:
    audit.record(AuditAction.VIEW, actor=actor, obj=case, changes={"viewed": what})


@transaction.atomic
def task_delete(*, actor: Any, task: Task) -> None:
    _require_edit(actor, task.case)
    audit.record(AuditAction.DELETE, actor=actor, obj=task, case=task.case, changes=audit.snapshot(task))
    task.delete()


def person_merged(*, from_person: Any, to_person: Any) -> None:
    """Person-merge hook (cases/extensions.py): a case's applicant follows the merge."""
    Case.objects.filter(applicant=from_person).update(applicant=to_person)
