"""case.json: the case itself inside a case archive (see :mod:`innocence.cases.archive`).

Users are carried by username and matched, on import, only to members of the target
organization; people are new Person records of the target organization (the actor
index can merge them with existing people later: a human decision, not an import's).
Ethical walls travel with the case, so that a re-import can never undo one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as SchemaError

from innocence.core.extensions import registry, resolve
from innocence.core.identifiers import reference_problem
from innocence.core.models import Organization

from .archive import ArchiveError, ImportContext
from .models import Case, CaseExclusion, ConvictionType, DocketNumber, Note, StageChange, Task, TeamMember
from .services import _check_dockets, _clean_case_fields
from .stages import Stage


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _one_of(values: list[str], what: str) -> Any:
    def check(value: str) -> str:
        if value not in values:
            raise ValueError(f"unknown {what} '{value}'")
        return value

    return check


class CaseFields(_Strict):
    reference: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=200)
    summary: str = ""
    applicant: str | None = None
    state: str = Field("", max_length=2)
    county: str = Field("", max_length=100)
    court: str = Field("", max_length=200)
    charges: list[str] = []
    # Absent from archives written before these fields existed: read as not recorded.
    offense_date: dt.date | None = None
    arrest_date: dt.date | None = None
    conviction_type: str = ""
    conviction_date: dt.date | None = None
    sentence: str = Field("", max_length=300)
    facility: str = Field("", max_length=200)
    inmate_number: str = Field("", max_length=50)
    release_date: dt.date | None = None
    stage: str
    is_fictional: bool = False
    created_by: str | None = None
    created_at: dt.datetime | None = None

    _stage = field_validator("stage")(_one_of(Stage.values, "stage"))

    @field_validator("reference")
    @classmethod
    def _reference(cls, value: str) -> str:
        problem = reference_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("conviction_type")
    @classmethod
    def _conviction_type(cls, value: str) -> str:
        if value and value not in ConvictionType.values:
            raise ValueError(f"unknown conviction type '{value}'")
        return value


class DocketIn(_Strict):
    number: str = Field(min_length=1, max_length=80)
    court: str = Field("", max_length=200)


class StageChangeIn(_Strict):
    from_stage: str = ""
    to_stage: str
    note: str = ""
    by: str | None = None
    at: dt.datetime | None = None

    _to = field_validator("to_stage")(_one_of(Stage.values, "stage"))

    @field_validator("from_stage")
    @classmethod
    def _from(cls, value: str) -> str:
        if value and value not in Stage.values:
            raise ValueError(f"unknown stage '{value}'")
        return value


class TeamIn(_Strict):
    username: str = Field(min_length=1, max_length=150)
    responsibility: str = Field("", max_length=100)
    added_at: dt.datetime | None = None


class WallIn(_Strict):
    username: str = Field(min_length=1, max_length=150)
    reason: str = Field(min_length=1, max_length=300)


class NoteIn(_Strict):
    author: str | None = None
    body: str = Field(min_length=1)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class TaskIn(_Strict):
    title: str = Field(min_length=1, max_length=300)
    assignee: str | None = None
    due_date: dt.date | None = None
    done: bool = False
    done_at: dt.datetime | None = None
    created_by: str | None = None
    created_at: dt.datetime | None = None


class CaseArchive(_Strict):
    case: CaseFields
    docket_numbers: list[DocketIn] = []
    stage_history: list[StageChangeIn] = []
    team: list[TeamIn] = []
    walls: list[WallIn] = []
    notes: list[NoteIn] = []
    tasks: list[TaskIn] = []
    #: What the apps' case_json_parts parsed out of their keys, by module name.
    parts: dict[str, Any] = Field(default_factory=dict, exclude=True)


def _schema_problem(exc: SchemaError) -> ArchiveError:
    problems = []
    for error in exc.errors()[:8]:
        where = ".".join(str(p) for p in error["loc"]) or "(top level)"
        problems.append(f"{where}: {error['msg']}")
    more = f" (and {exc.error_count() - 8} more)" if exc.error_count() > 8 else ""
    return ArchiveError("case.json does not match the case archive format: " + "; ".join(problems) + more)


def parse_case_json(data: Any) -> CaseArchive:
    parts: dict[str, Any] = {}
    if isinstance(data, dict):
        data = dict(data)
        case_fields = data.get("case")
        applicant = case_fields.get("applicant") if isinstance(case_fields, dict) else None
        for module_name in registry().case_json_parts():
            part = resolve(module_name)
            raw = {key: data.pop(key) for key in part.KEYS if key in data}
            try:
                parts[module_name] = part.parse(raw, applicant=applicant)
            except SchemaError as exc:
                raise _schema_problem(exc) from exc
    try:
        archive = CaseArchive.model_validate(data)
    except SchemaError as exc:
        raise _schema_problem(exc) from exc
    archive.parts = parts
    return archive


def _name(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _person_key(person_id: int) -> str:
    return f"person-{person_id}"


#: What an archive says instead of a wall's reason when its exporter is not an admin: the
#: wall travels (a re-import must never undo it), the why stays with the admins.
WITHHELD_REASON = "(reason recorded; shown to the organization's admins only)"


def export_case_json(case: Case, *, wall_reasons: bool = True) -> dict[str, Any]:
    data = _export_core(case, wall_reasons=wall_reasons)
    for module_name in registry().case_json_parts():
        data.update(resolve(module_name).export(case))
    return data


def _export_core(case: Case, *, wall_reasons: bool) -> dict[str, Any]:
    return {
        "case": {
            "reference": case.reference,
            "title": case.title,
            "summary": case.summary,
            "applicant": _person_key(case.applicant_id) if case.applicant_id is not None else None,
            "state": case.state,
            "county": case.county,
            "court": case.court,
            "charges": list(case.charges),
            "offense_date": case.offense_date.isoformat() if case.offense_date else None,
            "arrest_date": case.arrest_date.isoformat() if case.arrest_date else None,
            "conviction_type": case.conviction_type,
            "conviction_date": case.conviction_date.isoformat() if case.conviction_date else None,
            "sentence": case.sentence,
            "facility": case.facility,
            "inmate_number": case.inmate_number,
            "release_date": case.release_date.isoformat() if case.release_date else None,
            "stage": case.stage,
            "is_fictional": case.is_fictional,
            "created_by": _name(case.created_by),
            "created_at": case.created_at.isoformat(),
        },
        "docket_numbers": [
            {"number": d.number, "court": d.court} for d in case.docket_numbers.order_by("id")
        ],
        "stage_history": [
            {
                "from_stage": c.from_stage,
                "to_stage": c.to_stage,
                "note": c.note,
                "by": _name(c.by),
                "at": c.at.isoformat(),
            }
            for c in case.stage_changes.select_related("by").order_by("at", "id")
        ],
        "team": [
            {
                "username": m.user.get_username(),
                "responsibility": m.responsibility,
                "added_at": m.added_at.isoformat(),
            }
            for m in case.team.select_related("user").order_by("added_at", "id")
        ],
        "walls": [
            {"username": w.user.get_username(), "reason": w.reason if wall_reasons else WITHHELD_REASON}
            for w in case.exclusions.select_related("user").order_by("id")
        ],
        "notes": [
            {
                "author": _name(n.author),
                "body": n.body,
                "created_at": n.created_at.isoformat(),
                "updated_at": n.updated_at.isoformat(),
            }
            for n in case.notes.select_related("author").order_by("created_at", "id")
        ],
        "tasks": [
            {
                "title": t.title,
                "assignee": _name(t.assignee),
                "due_date": t.due_date.isoformat() if t.due_date else None,
                "done": t.done,
                "done_at": t.done_at.isoformat() if t.done_at else None,
                "created_by": _name(t.created_by),
                "created_at": t.created_at.isoformat(),
            }
            for t in case.tasks.select_related("assignee", "created_by").order_by("created_at", "id")
        ],
    }


def members_of(organization: Organization) -> dict[str, Any]:
    users = get_user_model().objects.filter(memberships__organization=organization, is_active=True)
    return {u.get_username(): u for u in users}


def _as_message(exc: ValidationError) -> str:
    from innocence.core.command_line import explain

    return explain(exc)


def check_can_import(data: CaseArchive, organization: Organization, reference: str | None) -> None:
    """The checks that depend on the target database, made before any write."""
    if reference is not None:
        problem = reference_problem(reference)
        if problem:
            raise ArchiveError(f"--reference: {problem}")
    target = reference or data.case.reference
    if Case.objects.filter(reference=target).exists():
        raise ArchiveError(
            f"A case with reference {target} already exists. Import under another reference with --reference NEW."
        )
    try:
        _check_dockets(organization, [d.number for d in data.docket_numbers])
        _clean_case_fields(
            {name: getattr(data.case, name) for name in ("title", "state", "charges", "offense_date", "arrest_date", "conviction_date")}
        )
    except ValidationError as exc:
        raise ArchiveError(f"case.json: {_as_message(exc)}") from exc


def import_case_json(data: CaseArchive, ctx: ImportContext, *, reference: str | None = None) -> Case:
    """Write the case and its record. Runs inside the import's transaction."""
    check_can_import(data, ctx.organization, reference)
    walled = {w.username for w in data.walls}
    actor_name = ctx.actor.get_username() if ctx.actor is not None else None
    if actor_name in walled:
        raise ArchiveError("You are walled off this case in the archive; another member must import it.")
    fields = data.case
    case = Case.objects.create(
        organization=ctx.organization,
        reference=reference or fields.reference,
        title=fields.title,
        summary=fields.summary,
        state=fields.state.upper(),
        county=fields.county,
        court=fields.court,
        charges=list(fields.charges),
        offense_date=fields.offense_date,
        arrest_date=fields.arrest_date,
        conviction_type=fields.conviction_type,
        conviction_date=fields.conviction_date,
        sentence=fields.sentence,
        facility=fields.facility,
        inmate_number=fields.inmate_number,
        release_date=fields.release_date,
        stage=fields.stage,
        is_fictional=fields.is_fictional,
        created_by=ctx.user(fields.created_by),
    )
    if fields.created_at:
        Case.objects.filter(pk=case.pk).update(created_at=fields.created_at)
    for docket in data.docket_numbers:
        DocketNumber.objects.create(
            case=case, organization=ctx.organization, number=docket.number, court=docket.court
        )
    history = data.stage_history or [StageChangeIn(to_stage=fields.stage, note="Imported")]
    for change in history:
        made = StageChange.objects.create(
            case=case,
            from_stage=change.from_stage,
            to_stage=change.to_stage,
            note=change.note,
            by=ctx.user(change.by),
        )
        if change.at:
            StageChange.objects.filter(pk=made.pk).update(at=change.at)
    for wall in data.walls:
        user = ctx.users.get(
            wall.username
        )  # a wall for someone not in this organization protects nobody here
        if user is not None:
            CaseExclusion.objects.create(case=case, user=user, reason=wall.reason, by=ctx.actor)
    for member in data.team:
        user = ctx.user(member.username)
        if user is not None and member.username not in walled:
            seat = TeamMember.objects.create(
                case=case, user=user, responsibility=member.responsibility, added_by=ctx.actor
            )
            if member.added_at:
                TeamMember.objects.filter(pk=seat.pk).update(added_at=member.added_at)
    if ctx.actor is not None:
        TeamMember.objects.get_or_create(case=case, user=ctx.actor, defaults={"added_by": ctx.actor})
    for module_name in registry().case_json_parts():
        resolve(module_name).import_(case, data.parts[module_name], ctx)
    for note in data.notes:
        made_note = Note.objects.create(case=case, author=ctx.user(note.author), body=note.body)
        stamps = {k: v for k, v in (("created_at", note.created_at), ("updated_at", note.updated_at)) if v}
        if stamps:
            Note.objects.filter(pk=made_note.pk).update(**stamps)
    for task in data.tasks:
        made_task = Task.objects.create(
            case=case,
            title=task.title,
            assignee=ctx.user(task.assignee),
            due_date=task.due_date,
            done=task.done,
            done_at=task.done_at,
            created_by=ctx.user(task.created_by),
        )
        if task.created_at:
            Task.objects.filter(pk=made_task.pk).update(created_at=task.created_at)
    return case
