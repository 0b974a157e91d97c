"""The people of a case inside a case archive.

Two parts, both owned here so that the cases app (a lower layer) never imports people:

* **case.json's ``people`` and ``roles``** — the persons with a role in the case (and the
  applicant), declared to the registry as a ``case_json_parts`` module of the people app:
  :data:`KEYS`, :func:`export`, :func:`parse` and :func:`import_`. The format is the one
  case archives have always had.
* **persons named by other sections' rows** that case.json does not carry
  (:func:`export_people`, :func:`ensure_people`), used by every section module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from innocence.cases.archive import ImportContext
from innocence.cases.archive_records import Parsed, person_key
from innocence.cases.models import Case

from .models import CaseRole, Person, PersonOrigin, RoleKind

KEYS = ("people", "roles")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonIn(_Strict):
    key: str = Field(min_length=1, max_length=60)
    full_name: str = Field(min_length=1, max_length=200)
    aliases: list[str] = []
    date_of_birth: dt.date | None = None
    notes: str = ""
    is_fictional: bool = False


class RoleIn(_Strict):
    person: str
    role: str
    description: str = Field("", max_length=300)

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        if value not in RoleKind.values:
            raise ValueError(f"unknown role '{value}'")
        return value


class CaseJsonPeople(_Strict):
    people: list[PersonIn] = []
    roles: list[RoleIn] = []
    applicant: str | None = None

    @model_validator(mode="after")
    def _references_resolve(self) -> CaseJsonPeople:
        keys = [p.key for p in self.people]
        if len(keys) != len(set(keys)):
            raise ValueError("people: a person key appears twice")
        for i, role in enumerate(self.roles):
            if role.person not in keys:
                raise ValueError(f"roles[{i}].person: no person with key '{role.person}'")
        if self.applicant is not None and self.applicant not in keys:
            raise ValueError(f"case.applicant: no person with key '{self.applicant}'")
        return self


def _person_json(p: Person) -> dict[str, Any]:
    return {
        "key": person_key(p.pk),
        "full_name": p.full_name,
        "aliases": list(p.aliases or []),
        "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
        "notes": p.notes,
        "is_fictional": p.is_fictional,
    }


def export(case: Case) -> dict[str, Any]:
    people: dict[int, Person] = {}
    roles = list(CaseRole.objects.filter(case=case).select_related("person").order_by("id"))
    for role in roles:
        people.setdefault(role.person_id, role.person)
    if case.applicant is not None:
        people.setdefault(case.applicant.pk, case.applicant)
    return {
        "people": [_person_json(p) for p in sorted(people.values(), key=lambda p: p.pk)],
        "roles": [
            {"person": person_key(r.person_id), "role": r.role, "description": r.description} for r in roles
        ],
    }


def parse(data: dict[str, Any], *, applicant: str | None) -> CaseJsonPeople:
    """Raises pydantic's ValidationError; the caller words it for the user."""
    return CaseJsonPeople.model_validate({**data, "applicant": applicant})


def import_(case: Case, parsed: CaseJsonPeople, ctx: ImportContext) -> None:
    for person in parsed.people:
        ctx.people[person.key] = Person.objects.create(
            organization=ctx.organization,
            full_name=person.full_name,
            aliases=list(person.aliases),
            date_of_birth=person.date_of_birth,
            notes=person.notes,
            is_fictional=person.is_fictional,
            created_by=ctx.actor,
        )
    for role in parsed.roles:
        CaseRole.objects.get_or_create(
            case=case, person=ctx.people[role.person], role=role.role, defaults={"description": role.description}
        )
    if parsed.applicant:
        case.applicant = ctx.people[parsed.applicant]
        case.save(update_fields=["applicant"])


# --- persons named by the other sections ---------------------------------------------


def case_json_person_ids(case: Any) -> set[int]:
    """The persons case.json carries: those with a role in the case, and the applicant."""
    ids = set(CaseRole.objects.filter(case=case).values_list("person_id", flat=True))
    if case.applicant_id is not None:
        ids.add(case.applicant_id)
    return ids


def export_people(case: Any, person_ids: set[int]) -> list[dict[str, Any]]:
    """The persons named by a section's rows that case.json does not carry."""
    missing = sorted(person_ids - case_json_person_ids(case))
    return [_person_json(p) for p in Person.objects.filter(pk__in=missing).order_by("pk")]


def ensure_people(parsed: Parsed, ctx: ImportContext) -> None:
    """Create the persons a section carries that no earlier part of the archive created."""
    for person in parsed.people:
        if person.key in ctx.people:
            continue
        made = Person.objects.create(
            organization=ctx.organization,
            full_name=person.full_name,
            aliases=list(person.aliases),
            date_of_birth=person.date_of_birth,
            notes=person.notes,
            is_fictional=person.is_fictional,
            created_by=ctx.actor,
        )
        if person.machine_made:
            PersonOrigin.objects.create(person=made)
        ctx.people[person.key] = made
