"""The shapes of cases, notes, tasks, roles and team members outside the web UI.

One set of schemas serves the REST API and the CLI's `--json` output, so a script
that reads one can read the other.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ninja import Field, Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel, ConfigDict, field_validator

from .models import Case, ConvictionType, Note, StageChange, Task, TeamMember
from .stages import Stage, allowed_next


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _check_stage(value: str) -> str:
    if value not in Stage.values:
        raise ValueError(f"unknown stage '{value}'; one of: {', '.join(Stage.values)}")
    return value


def _check_conviction_type(value: str | None) -> str | None:
    if value and value not in ConvictionType.values:
        raise ValueError(f"unknown conviction type '{value}'; one of: {', '.join(ConvictionType.values)}")
    return value


# --- output --------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    full_name: str


class CaseOut(Schema):
    reference: str
    title: str
    organization: str = Field(description="Slug of the organization the case belongs to.")
    stage: str
    stage_label: str
    allowed_next_stages: list[str]
    summary: str
    applicant: PersonRef | None
    state: str
    county: str
    court: str
    docket_numbers: list[str]
    charges: list[str]
    offense_date: dt.date | None
    arrest_date: dt.date | None
    conviction_type: str
    conviction_date: dt.date | None
    sentence: str
    facility: str
    inmate_number: str
    release_date: dt.date | None
    is_fictional: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_organization(obj: Case) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_stage_label(obj: Case) -> str:
        return str(Stage(obj.stage).label)

    @staticmethod
    def resolve_allowed_next_stages(obj: Case) -> list[str]:
        return [str(s) for s in allowed_next(obj.stage)]

    @staticmethod
    def resolve_docket_numbers(obj: Case) -> list[str]:
        return [d.number for d in obj.docket_numbers.all()]


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    note: str
    by: str | None
    at: dt.datetime

    @staticmethod
    def resolve_by(obj: StageChange) -> str | None:
        return _username(obj.by)


class NoteOut(Schema):
    id: int
    body: str
    author: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_author(obj: Note) -> str | None:
        return _username(obj.author)


class TaskOut(Schema):
    id: int
    title: str
    assignee: str | None
    due_date: dt.date | None
    done: bool
    done_at: dt.datetime | None
    created_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_assignee(obj: Task) -> str | None:
        return _username(obj.assignee)

    @staticmethod
    def resolve_created_by(obj: Task) -> str | None:
        return _username(obj.created_by)


class RoleOut(Schema):
    id: int
    person: PersonRef
    role: str
    role_label: str
    description: str

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())


class TeamMemberOut(Schema):
    username: str
    full_name: str
    responsibility: str
    added_at: dt.datetime

    @staticmethod
    def resolve_username(obj: TeamMember) -> str:
        return obj.user.get_username()

    @staticmethod
    def resolve_full_name(obj: TeamMember) -> str:
        return obj.user.get_full_name()


class CaseDetailOut(CaseOut):
    """A case with its working record, as `innocence case show --json` prints it."""

    team: list[TeamMemberOut]
    roles: list[RoleOut]
    stage_history: list[StageChangeOut]
    notes: list[NoteOut]
    tasks: list[TaskOut]

    @staticmethod
    def resolve_team(obj: Case) -> list[Any]:
        return list(obj.team.select_related("user"))

    @staticmethod
    def resolve_roles(obj: Case) -> list[Any]:
        return list(obj.roles.select_related("person"))

    @staticmethod
    def resolve_stage_history(obj: Case) -> list[Any]:
        return list(obj.stage_changes.select_related("by"))

    @staticmethod
    def resolve_notes(obj: Case) -> list[Any]:
        return list(obj.notes.select_related("author"))

    @staticmethod
    def resolve_tasks(obj: Case) -> list[Any]:
        return list(obj.tasks.select_related("assignee", "created_by"))


# --- input ---------------------------------------------------------------------------


class StrictIn(BaseModel):
    """Input bodies are plain pydantic models: a JSON object with known fields only
    (a misspelt field is an error that names it, not a silent no-op)."""

    model_config = ConfigDict(extra="forbid")


class _CaseFieldsIn(StrictIn):
    summary: str | None = None
    state: str | None = Field(None, max_length=2, description="Two-letter code, e.g. LA.")
    county: str | None = Field(None, max_length=100)
    court: str | None = Field(None, max_length=200)
    docket_numbers: list[str] | None = Field(None, description="Unique within the organization.")
    charges: list[str] | None = None
    offense_date: dt.date | None = Field(None, description="Date of the crime.")
    arrest_date: dt.date | None = None
    conviction_type: str | None = Field(None, description="trial, plea or no_contest")
    conviction_date: dt.date | None = None
    sentence: str | None = Field(None, max_length=300)
    facility: str | None = Field(None, max_length=200)
    inmate_number: str | None = Field(None, max_length=50)
    release_date: dt.date | None = None

    _conviction_type = field_validator("conviction_type")(_check_conviction_type)

    @field_validator("docket_numbers")
    @classmethod
    def _docket_length(cls, value: list[str] | None) -> list[str] | None:
        for number in value or []:
            if len(number) > 80:
                raise ValueError("a docket number has at most 80 characters")
        return value


class CaseCreateIn(_CaseFieldsIn):
    title: str = Field(..., min_length=1, max_length=200)
    organization: str | None = Field(
        None, description="Slug of the organization; needed only if you belong to several."
    )
    stage: str = Field(Stage.INTAKE.value, description="Stage the case starts in (default intake).")

    _stage = field_validator("stage")(_check_stage)


class CaseUpdateIn(_CaseFieldsIn):
    title: str | None = Field(None, min_length=1, max_length=200)


class StageIn(StrictIn):
    to_stage: str
    note: str = ""

    _stage = field_validator("to_stage")(_check_stage)


class NoteIn(StrictIn):
    body: str = Field(..., min_length=1)


class TaskIn(StrictIn):
    title: str = Field(..., min_length=1, max_length=300)
    assignee: str | None = Field(None, description="Username of a member of the case's organization.")
    due_date: dt.date | None = None


class TaskUpdateIn(StrictIn):
    title: str | None = Field(None, min_length=1, max_length=300)
    assignee: str | None = None
    due_date: dt.date | None = None
    done: bool | None = None


def case_as_json(case: Case, *, detail: bool = False) -> dict[str, Any]:
    """The case exactly as the API renders it (same encoder, so dates read the same)."""
    schema = CaseDetailOut if detail else CaseOut
    data = schema.from_orm(case).model_dump()
    return json.loads(json.dumps(data, cls=NinjaJSONEncoder))  # type: ignore[no-any-return]
