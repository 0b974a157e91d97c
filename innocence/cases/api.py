"""REST endpoints for cases, their stage, notes, tasks, roles and team.

Every read starts from the access selector (`case_get_for_user`, `cases_visible_to`),
so a case the caller may not see is a 404 here exactly as in the web UI. Every write
goes through a service, which checks the caller's role and writes the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from innocence.core import access, audit
from innocence.core.models import Organization

from . import services
from .models import Case, Note, Task
from .schemas import (
    CaseCreateIn,
    CaseDetailOut,
    CaseOut,
    CaseUpdateIn,
    NoteIn,
    NoteOut,
    StageChangeOut,
    StageIn,
    TaskIn,
    TaskOut,
    TaskUpdateIn,
    TeamMemberOut,
)
from .selectors import case_get_for_user, case_list_for_user
from .stages import Stage

router = Router(tags=["cases"])


def _case(request: HttpRequest, reference: str, *, viewed: str | None = None) -> Case:
    case = case_get_for_user(request.user, reference)
    if viewed:
        services.record_case_view(actor=request.user, case=case, what=viewed)
    return case


def _organization_for_new_case(user: Any, slug: str | None) -> Organization:
    if slug:
        organization = access.organization_for(user, slug)
        if organization is None:
            raise ValidationError({"organization": f"You are not a member of an organization '{slug}'."})
        return organization
    orgs = list(access.organizations_of(user))
    if len(orgs) != 1:
        raise ValidationError(
            {
                "organization": "You belong to several organizations: give the slug of the one to open the case in."
            }
            if orgs
            else {"organization": "You are not a member of any organization."}
        )
    return orgs[0]


def _member_by_username(case: Case, username: str | None, field: str = "assignee") -> Any:
    if not username:
        return None
    user = (
        get_user_model()
        .objects.filter(username=username, memberships__organization=case.organization)
        .first()
    )
    if user is None:
        raise ValidationError({field: f"'{username}' is not a member of this case's organization."})
    return user


_TEXT_FIELDS = (
    "summary",
    "state",
    "county",
    "court",
    "conviction_type",
    "sentence",
    "facility",
    "inmate_number",
)


def _blank_for_none(data: dict[str, Any]) -> dict[str, Any]:
    """JSON null in a text field means 'clear it': the model stores text fields as ''."""
    return {k: ("" if v is None and k in _TEXT_FIELDS else v) for k, v in data.items()}


def _with_dockets(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.prefetch_related("docket_numbers")


# --- cases ---------------------------------------------------------------------------


@router.get("/cases", response=list[CaseOut], summary="List the cases you can see")
@paginate(PageNumberPagination, page_size=25)
def case_list(
    request: HttpRequest, stage: str = "", state: str = "", assignee: str = "", q: str = ""
) -> QuerySet[Case]:
    """Filter like the web case list: `stage`, `state` (two-letter code), `assignee` (a team
    member's username) and `q` (reference, title, county, summary, applicant, docket)."""
    if stage and stage not in Stage.values:
        raise ValidationError({"stage": f"Unknown stage '{stage}'; one of: {', '.join(Stage.values)}."})
    return _with_dockets(
        case_list_for_user(request.user, stage=stage, state=state.strip(), assignee=assignee, text=q.strip())
    )


@router.post("/cases", response={201: CaseOut}, summary="Open a case")
def case_create(request: HttpRequest, payload: CaseCreateIn) -> Status[Case]:
    data = payload.model_dump(exclude_unset=True)
    organization = _organization_for_new_case(request.user, data.pop("organization", None))
    case = services.case_create(actor=request.user, organization=organization, **_blank_for_none(data))
    return Status(201, case)


@router.get("/cases/{reference}", response=CaseDetailOut, summary="One case with its working record")
def case_detail(request: HttpRequest, reference: str) -> Case:
    return _case(request, reference, viewed="api")


@router.patch("/cases/{reference}", response=CaseOut, summary="Change a case's fields")
def case_update(request: HttpRequest, reference: str, payload: CaseUpdateIn) -> Case:
    case = _case(request, reference)
    data = payload.model_dump(exclude_unset=True)
    if "title" in data and data["title"] is None:
        raise ValidationError({"title": "A case needs a title."})
    dockets = data.pop("docket_numbers", None)
    return services.case_update(
        actor=request.user, case=case, docket_numbers=dockets, **_blank_for_none(data)
    )


@router.post(
    "/cases/{reference}/stage", response={201: StageChangeOut}, summary="Move a case to another stage"
)
def case_stage(request: HttpRequest, reference: str, payload: StageIn) -> Status[Any]:
    case = _case(request, reference)
    change = services.case_change_stage(
        actor=request.user, case=case, to_stage=payload.to_stage, note=payload.note
    )
    return Status(201, change)


# --- notes ---------------------------------------------------------------------------


@router.get("/cases/{reference}/notes", response=list[NoteOut], summary="Notes on a case, newest first")
@paginate(PageNumberPagination, page_size=50)
def note_list(request: HttpRequest, reference: str) -> QuerySet[Note]:
    return _case(request, reference, viewed="api notes").notes.select_related("author")


@router.post("/cases/{reference}/notes", response={201: NoteOut}, summary="Add a note")
def note_create(request: HttpRequest, reference: str, payload: NoteIn) -> Status[Note]:
    case = _case(request, reference)
    return Status(201, services.note_create(actor=request.user, case=case, body=payload.body))


def _note(request: HttpRequest, reference: str, note_id: int) -> Note:
    note = get_object_or_404(
        Note.objects.select_related("author", "case"), pk=note_id, case=_case(request, reference)
    )
    audit.note_read(note, case=note.case)  # the read row names the note, not only its case
    return note


@router.get("/cases/{reference}/notes/{note_id}", response=NoteOut, summary="One note")
def note_detail(request: HttpRequest, reference: str, note_id: int) -> Note:
    note = _note(request, reference, note_id)
    services.record_case_view(actor=request.user, case=note.case, what=f"api note {note.pk}")
    return note


@router.patch("/cases/{reference}/notes/{note_id}", response=NoteOut, summary="Change a note")
def note_update(request: HttpRequest, reference: str, note_id: int, payload: NoteIn) -> Note:
    return services.note_update(
        actor=request.user, note=_note(request, reference, note_id), body=payload.body
    )


@router.delete("/cases/{reference}/notes/{note_id}", response={204: None}, summary="Delete a note")
def note_delete(request: HttpRequest, reference: str, note_id: int) -> Status[None]:
    services.note_delete(actor=request.user, note=_note(request, reference, note_id))
    return Status(204, None)


# --- tasks ---------------------------------------------------------------------------


@router.get("/cases/{reference}/tasks", response=list[TaskOut], summary="Tasks on a case, open first")
@paginate(PageNumberPagination, page_size=50)
def task_list(request: HttpRequest, reference: str, done: bool | None = None) -> QuerySet[Task]:
    tasks = _case(request, reference, viewed="api tasks").tasks.select_related("assignee", "created_by")
    return tasks if done is None else tasks.filter(done=done)


@router.post("/cases/{reference}/tasks", response={201: TaskOut}, summary="Add a task")
def task_create(request: HttpRequest, reference: str, payload: TaskIn) -> Status[Task]:
    case = _case(request, reference)
    task = services.task_create(
        actor=request.user,
        case=case,
        title=payload.title,
        assignee=_member_by_username(case, payload.assignee),
        due_date=payload.due_date,
    )
    return Status(201, task)


def _task(request: HttpRequest, reference: str, task_id: int) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("assignee", "created_by", "case"),
        pk=task_id,
        case=_case(request, reference),
    )
    audit.note_read(task, case=task.case)  # the read row names the task, not only its case
    return task


@router.get("/cases/{reference}/tasks/{task_id}", response=TaskOut, summary="One task")
def task_detail(request: HttpRequest, reference: str, task_id: int) -> Task:
    task = _task(request, reference, task_id)
    services.record_case_view(actor=request.user, case=task.case, what=f"api task {task.pk}")
    return task


@router.patch("/cases/{reference}/tasks/{task_id}", response=TaskOut, summary="Change a task or mark it done")
def task_update(request: HttpRequest, reference: str, task_id: int, payload: TaskUpdateIn) -> Task:
    task = _task(request, reference, task_id)
    data = payload.model_dump(exclude_unset=True)
    if "title" in data and data["title"] is None:
        raise ValidationError({"title": "A task needs a title."})
    if "done" in data and data["done"] is None:
        raise ValidationError({"done": "Use true or false."})
    if "assignee" in data:
        data["assignee"] = _member_by_username(task.case, data["assignee"])
    return services.task_update(actor=request.user, task=task, **data)


@router.delete("/cases/{reference}/tasks/{task_id}", response={204: None}, summary="Delete a task")
def task_delete(request: HttpRequest, reference: str, task_id: int) -> Status[None]:
    services.task_delete(actor=request.user, task=_task(request, reference, task_id))
    return Status(204, None)


# --- team ------------------------------------------------------------------


@router.get("/cases/{reference}/team", response=list[TeamMemberOut], summary="The case's team (read only)")
def team_list(request: HttpRequest, reference: str) -> list[Any]:
    return list(_case(request, reference, viewed="api team").team.select_related("user"))
