"""REST endpoints for people in the record. A person is visible exactly as in the web UI
(`people_visible_to`); the roles shown are only those in cases the caller can see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import field_validator

from innocence.cases.schemas import RoleOut, StrictIn
from innocence.cases.selectors import case_get_for_user
from innocence.cases.services import record_case_view
from innocence.core import access, audit
from innocence.core.models import AuditAction

from . import services
from .models import CaseRole, Person, RoleKind
from .selectors import people_visible_to, person_get_for_user, roles_visible_to

router = Router(tags=["people"])


class PersonRoleOut(Schema):
    id: int
    case: str
    role: str
    role_label: str
    description: str

    @staticmethod
    def resolve_case(obj: CaseRole) -> str:
        return obj.case.reference

    @staticmethod
    def resolve_role_label(obj: CaseRole) -> str:
        return str(RoleKind(obj.role).label)


class PersonOut(Schema):
    id: int
    organization: str
    full_name: str
    aliases: list[str]
    date_of_birth: dt.date | None
    notes: str
    is_fictional: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_organization(obj: Person) -> str:
        return obj.organization.slug


class PersonDetailOut(PersonOut):
    roles: list[PersonRoleOut] = Field(description="Roles in cases you can see.")

    @staticmethod
    def resolve_roles(obj: Person, context: dict[str, Any]) -> list[CaseRole]:
        return list(roles_visible_to(context["request"].user).filter(person=obj))


class PersonCreateIn(StrictIn):
    full_name: str = Field(..., min_length=1, max_length=200)
    aliases: list[str] = []
    date_of_birth: dt.date | None = None
    notes: str = ""
    organization: str | None = Field(None, description="Slug; needed only if you belong to several.")


class PersonUpdateIn(StrictIn):
    full_name: str | None = Field(None, min_length=1, max_length=200)
    aliases: list[str] | None = None
    date_of_birth: dt.date | None = None
    notes: str | None = None


@router.get("/people", response=list[PersonOut], summary="People you can see")
@paginate(PageNumberPagination, page_size=50)
def person_list(request: HttpRequest, q: str = "", case: str = "") -> QuerySet[Person]:
    """`q` matches a name or an alias; `case` keeps the people with a role in that case."""
    people = people_visible_to(request.user).select_related("organization")
    if q.strip():
        # Aliases are a JSON list; matching its text form is portable across SQLite and PostgreSQL.
        people = people.filter(Q(full_name__icontains=q.strip()) | Q(aliases__icontains=q.strip()))
    if case:
        people = people.filter(
            pk__in=roles_visible_to(request.user).filter(case__reference=case).values("person")
        )
    return people


@router.post("/people", response={201: PersonOut}, summary="Add a person")
def person_create(request: HttpRequest, payload: PersonCreateIn) -> Status[Person]:
    user: Any = request.user
    if payload.organization:
        organization = access.organization_for(user, payload.organization)
        if organization is None:
            raise ValidationError(
                {"organization": f"You are not a member of an organization '{payload.organization}'."}
            )
    else:
        organization = access.only_organization_of(user)
        if organization is None:
            raise ValidationError({"organization": "Give the slug of the organization the person belongs to."})
    person = services.person_create(
        actor=request.user,
        organization=organization,
        full_name=payload.full_name,
        aliases=payload.aliases,
        date_of_birth=payload.date_of_birth,
        notes=payload.notes,
    )
    return Status(201, person)


@router.get("/people/{int:person_id}", response=PersonDetailOut, summary="One person and their roles")
def person_detail(request: HttpRequest, person_id: int) -> Person:
    person = person_get_for_user(request.user, person_id)
    audit.record(AuditAction.VIEW, actor=request.user, obj=person)
    return person


@router.patch("/people/{int:person_id}", response=PersonOut, summary="Change a person")
def person_update(request: HttpRequest, person_id: int, payload: PersonUpdateIn) -> Person:
    person = person_get_for_user(request.user, person_id)
    data = payload.model_dump(exclude_unset=True)
    if "full_name" in data and data["full_name"] is None:
        raise ValidationError({"full_name": "A person needs a name."})
    if data.get("notes", "") is None:
        data["notes"] = ""
    return services.person_update(actor=request.user, person=person, **data)


# --- a case's roles (CaseRole lives here, in people; the paths sit under /cases/) -----------


class RoleIn(StrictIn):
    person_id: int
    role: str = Field(..., description="applicant, victim, witness, co_defendant, officer, ...")
    description: str = Field("", max_length=300)

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        if value not in RoleKind.values:
            raise ValueError(f"unknown role '{value}'; one of: {', '.join(RoleKind.values)}")
        return value


@router.get(
    "/cases/{reference}/roles", response=list[RoleOut], summary="People in a case and their roles", tags=["cases"]
)
@paginate(PageNumberPagination, page_size=100)
def role_list(request: HttpRequest, reference: str) -> QuerySet[CaseRole]:
    case = case_get_for_user(request.user, reference)
    record_case_view(actor=request.user, case=case, what="api roles")
    return case.roles.select_related("person")


@router.post(
    "/cases/{reference}/roles", response={201: RoleOut}, summary="Give a person a role in a case", tags=["cases"]
)
def role_create(request: HttpRequest, reference: str, payload: RoleIn) -> Status[CaseRole]:
    case = case_get_for_user(request.user, reference)
    person = (
        people_visible_to(request.user).filter(pk=payload.person_id, organization=case.organization).first()
    )
    if person is None:
        raise ValidationError({"person_id": f"No person {payload.person_id} in this case's organization."})
    role = services.case_role_add(
        actor=request.user, case=case, person=person, role=payload.role, description=payload.description
    )
    return Status(201, role)


def _role(request: HttpRequest, reference: str, role_id: int) -> CaseRole:
    from .selectors import case_role_for_case

    return case_role_for_case(case_get_for_user(request.user, reference), role_id)


@router.get("/cases/{reference}/roles/{role_id}", response=RoleOut, summary="One role", tags=["cases"])
def role_detail(request: HttpRequest, reference: str, role_id: int) -> CaseRole:
    role = _role(request, reference, role_id)
    record_case_view(actor=request.user, case=role.case, what=f"api role {role.pk}")
    return role


@router.delete("/cases/{reference}/roles/{role_id}", response={204: None}, summary="Remove a role", tags=["cases"])
def role_delete(request: HttpRequest, reference: str, role_id: int) -> Status[None]:
    services.case_role_remove(actor=request.user, case_role=_role(request, reference, role_id))
    return Status(204, None)
