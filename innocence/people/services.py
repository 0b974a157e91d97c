"""Writes to people and case roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from innocence.cases.models import Case
from innocence.core import access, audit
from innocence.core.access import can_edit_case
from innocence.core.models import AuditAction, Organization

from .events import case_people_changed
from .models import CaseRole, Person, RoleKind


def _clean_aliases(aliases: Any) -> list[str]:
    if isinstance(aliases, str):
        aliases = aliases.replace(";", "\n").replace(",", "\n").splitlines()
    return [a.strip() for a in (aliases or []) if str(a).strip()]


def _clean_dob(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError({"date_of_birth": "Use a date like 1958-03-02."}) from exc
    if value > timezone.localdate():
        raise ValidationError({"date_of_birth": "A date of birth cannot be in the future."})
    if value.year < 1880:
        raise ValidationError({"date_of_birth": "That date of birth is not plausible."})
    return value  # type: ignore[no-any-return]


@transaction.atomic
def person_create(
    *,
    actor: Any,
    organization: Organization,
    full_name: str,
    aliases: Any = None,
    date_of_birth: Any = None,
    notes: str = "",
    is_fictional: bool = False,
) -> Person:
    if not access.can_write_in(actor, organization):
        raise PermissionDenied("Your role does not allow adding people.")
    if not full_name.strip():
        raise ValidationError({"full_name": "A person needs a name."})
    person = Person.objects.create(
        organization=organization,
        full_name=" ".join(full_name.split()),
        aliases=_clean_aliases(aliases),
        date_of_birth=_clean_dob(date_of_birth),
        notes=notes,
        is_fictional=is_fictional,
        created_by=actor,
    )
    audit.record(AuditAction.CREATE, actor=actor, obj=person, changes=audit.snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, **fields: Any) -> Person:
    if not access.can_write_in(actor, person.organization_id):
        raise PermissionDenied("Your role does not allow editing people.")
    allowed = {"full_name", "aliases", "date_of_birth", "notes"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Unknown person field."))
    before = audit.snapshot(person)
    if "full_name" in fields:
        if not str(fields["full_name"]).strip():
            raise ValidationError({"full_name": "A person needs a name."})
        person.full_name = " ".join(str(fields["full_name"]).split())
    if "aliases" in fields:
        person.aliases = _clean_aliases(fields["aliases"])
    if "date_of_birth" in fields:
        person.date_of_birth = _clean_dob(fields["date_of_birth"])
    if "notes" in fields:
        person.notes = fields["notes"]
    person.save()
    changes = audit.diff(before, audit.snapshot(person))
    if changes:
        audit.record(AuditAction.UPDATE, actor=actor, obj=person, changes=changes)
    return person


@transaction.atomic
def case_role_add(*, actor: Any, case: Case, person: Person, role: str, description: str = "") -> CaseRole:
    if actor is not None and not can_edit_case(actor, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    if role not in RoleKind.values:
        raise ValidationError({"role": f"Unknown role '{role}'."})
    if person.organization_id != case.organization_id:
        raise ValidationError({"person": "That person belongs to another organization."})
    if CaseRole.objects.filter(case=case, person=person, role=role).exists():
        raise ValidationError({"role": f"{person} already has the role {RoleKind(role).label} in this case."})
    case_role = CaseRole.objects.create(case=case, person=person, role=role, description=description.strip())
    if role == RoleKind.APPLICANT and case.applicant_id is None:
        case.applicant = person
        case.save(update_fields=["applicant", "updated_at"])
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        obj=case_role,
        case=case,
        changes={"person": str(person), "role": role},
    )
    case_people_changed([case.pk])
    return case_role


@transaction.atomic
def case_role_remove(*, actor: Any, case_role: CaseRole) -> None:
    case = case_role.case
    if actor is not None and not can_edit_case(actor, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    if case_role.role == RoleKind.APPLICANT and case.applicant_id == case_role.person_id:
        case.applicant = None
        case.save(update_fields=["applicant", "updated_at"])
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        obj=case_role,
        case=case,
        changes={"person": str(case_role.person), "role": case_role.role},
    )
    case_role.delete()
    case_people_changed([case.pk])
