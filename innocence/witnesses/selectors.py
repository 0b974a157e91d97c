"""Reads of the Witness lens's records. Callers pass a case they fetched with
``case_get_for_user`` (the one access rule); cross-case reads start from ``cases_visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.core import audit
from innocence.people.models import CaseRole, Person, RoleKind

from .claims import MatrixRow, compare
from .models import (
    ClaimStatus,
    ClaimTopic,
    IdentificationProcedure,
    Informant,
    Interrogation,
    Statement,
    StatementClaim,
    ViewingConditions,
)
from .services import KINDS, case_of


def record_get_for_user(user: Any, kind: str, pk: int | str) -> Model:
    """One witness record, if the user may see its case; otherwise 404 (never 403)."""
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("No such record.")
    try:
        pk_int = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such record.") from None
    visible = cases_visible_to(user)
    queryset = spec.model._default_manager.all()
    if spec.model is StatementClaim:
        queryset = queryset.filter(statement__case__in=visible)
    else:
        queryset = queryset.filter(case__in=visible)
    record = queryset.filter(pk=pk_int).first()
    if record is None:
        raise Http404("No such record.")
    audit.note_read(record, case=getattr(record, "case", None))
    return record


def statements_for_case(case: Case) -> QuerySet[Statement]:
    return (
        Statement.objects.filter(case=case)
        .select_related("witness", "taken_by", "document")
        .prefetch_related("claims__document")
        .order_by("witness__full_name", "date", "id")
    )


def procedures_for_case(case: Case) -> QuerySet[IdentificationProcedure]:
    return (
        IdentificationProcedure.objects.filter(case=case)
        .select_related("witness", "suspect", "administrator", "document")
        .order_by("witness__full_name", "date", "sequence", "id")
    )


@dataclass
class WitnessSummary:
    person: Person
    statements: list[Statement] = field(default_factory=list)
    procedures: list[IdentificationProcedure] = field(default_factory=list)
    viewing: ViewingConditions | None = None
    matrix: list[MatrixRow] = field(default_factory=list)
    proposed: list[StatementClaim] = field(default_factory=list)


def _by_time(statement: Statement) -> tuple[Any, ...]:
    return (statement.date is None, statement.date.isoformat() if statement.date else "", statement.id)


def witnesses_for_case(case: Case) -> list[WitnessSummary]:
    """Each witness with their statements in time order, the comparison matrix of their
    confirmed claims, their identification procedures and viewing conditions."""
    summaries: dict[int, WitnessSummary] = {}

    def summary(person: Person) -> WitnessSummary:
        return summaries.setdefault(person.pk, WitnessSummary(person))

    for statement in statements_for_case(case):
        summary(statement.witness).statements.append(statement)
    for procedure in procedures_for_case(case):
        summary(procedure.witness).procedures.append(procedure)
    for viewing in ViewingConditions.objects.filter(case=case).select_related("witness", "document"):
        summary(viewing.witness).viewing = viewing
    for role in CaseRole.objects.filter(case=case, role=RoleKind.WITNESS).select_related("person"):
        summary(role.person)
    for item in summaries.values():
        item.statements.sort(key=_by_time)
        confirmed = {
            s: [c for c in s.claims.all() if c.status == ClaimStatus.CONFIRMED] for s in item.statements
        }
        item.matrix = compare(item.statements, confirmed, ClaimTopic.choices)
        item.proposed = [c for s in item.statements for c in s.claims.all() if c.status == ClaimStatus.PROPOSED]
    return sorted(summaries.values(), key=lambda s: s.person.full_name)


def witness_summary(case: Case, person_pk: int) -> WitnessSummary:
    for item in witnesses_for_case(case):
        if item.person.pk == person_pk:
            audit.note_read(item.person, case=case)
            return item
    raise Http404("No such witness in this case.")


def interrogations_for_case(case: Case) -> QuerySet[Interrogation]:
    return Interrogation.objects.filter(case=case).select_related("suspect", "document")


@dataclass
class InformantView:
    informant: Informant
    other_roles: list[CaseRole]


def informants_for_case(user: Any, case: Case) -> list[InformantView]:
    """Informants with their benefits and the other cases the same person is an informant in
    — only the cases this user may see."""
    informants = (
        Informant.objects.filter(case=case).select_related("person", "document").prefetch_related("benefits__document")
    )
    views = []
    for informant in informants:
        others = list(
            CaseRole.objects.filter(person=informant.person, role=RoleKind.INFORMANT, case__in=cases_visible_to(user))
            .exclude(case=case)
            .select_related("case")
        )
        views.append(InformantView(informant, others))
    return views


__all__ = ["case_of", "record_get_for_user"]
