"""REST endpoints of the Prosecution lens: the case summary (disclosure matrix, candidate
undisclosed material, items, conflicts, actors elsewhere), productions, Brady/Giglio items,
the misconduct registry and the actor dossier. Same access rule and services as the web UI:
a case the caller may not see is a 404, and related ids outside the case read as unknown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from ninja import Body, Router, Status

from innocence.cases.models import Case
from innocence.cases.selectors import case_get_for_user, cases_visible_to
from innocence.core import audit
from innocence.core.access import only_organization_of
from innocence.core.models import AuditAction
from innocence.documents.selectors import documents_for_case
from innocence.people.selectors import people_nameable

from . import services
from .models import BradyItem, MisconductRecord, Production
from .selectors import (
    actor_dossier,
    actors_elsewhere,
    conflicts_for_case,
    disclosure_matrix,
    item_get_for_user,
    items_for_case,
    misconduct_visible_to,
    person_get_for_dossier,
    production_get_for_user,
    productions_for_case,
)

router = Router(tags=["prosecution"])


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _row(instance: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": instance.pk}
    for name in fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            data[f"{name}_id"] = getattr(instance, f"{name}_id")
        else:
            data[name] = _plain(getattr(instance, name))
    return data


def _production(p: Production) -> dict[str, Any]:
    return {**_row(p, services.PRODUCTION_FIELDS), "to_defense": p.to_defense,
            "items": [{"document_id": i.document_id, "page_start": i.page_start, "page_end": i.page_end}
                      for i in p.items.all()]}


def _item(i: BradyItem) -> dict[str, Any]:
    return {**_row(i, services.ITEM_FIELDS), "pattern_id": i.pattern_id, "proposed_by": i.proposed_by}


def _values(case: Case | None, model: type[models.Model], allowed: tuple[str, ...], payload: dict[str, Any],
            organization: Any, user: Any) -> dict[str, Any]:
    """Ids → records of this case (documents, productions, benefits), or of the organization
    that the user may see (people, cases, and for a registry entry the documents of those
    cases). Anything else — another organization's, a case the user is not on, none at all —
    reads as the same "no such id", so that an id is no existence oracle."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    visible_cases = cases_visible_to(user).filter(organization=organization)
    for key, raw in payload.items():
        name = key[:-3] if key.endswith("_id") and key[:-3] in allowed else key
        if name not in allowed:
            errors[key] = "Unknown field."
            continue
        field = model._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            if raw in (None, ""):
                values[name] = None
                continue
            related = field.related_model
            manager = related._default_manager  # type: ignore[union-attr]
            label = related._meta.label  # type: ignore[union-attr]
            scope: models.QuerySet[Any]
            if label == "people.Person":
                scope = people_nameable(user, organization)
            elif label == "cases.Case":
                scope = visible_cases
            elif label == "documents.Document" and case is None:
                scope = manager.filter(case__in=visible_cases)
            elif case is not None:
                scope = manager.filter(case=case)
            else:
                scope = manager.none()
            text = str(raw)
            found = scope.filter(pk=int(text)).first() if text.isascii() and text.isdigit() and len(text) < 19 else None
            if found is None:
                errors[key] = f"No {related._meta.verbose_name} with id {raw}."  # type: ignore[union-attr]
            values[name] = found
        else:
            try:
                values[name] = field.to_python(raw)  # type: ignore[union-attr]
            except ValidationError as exc:
                errors[key] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    return values


@router.get("/cases/{reference}/prosecution", summary="The Prosecution lens of a case")
def summary(request: HttpRequest, reference: str) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": "prosecution lens (api)"})
    matrix = disclosure_matrix(case)
    return {
        "case": case.reference,
        "defense_material_recorded": matrix.defense_material,
        "columns": [{"key": c.key, "label": c.label, "to_defense": c.to_defense} for c in matrix.columns],
        "matrix": [
            {"document_id": r.document.pk, "document": r.document.title, "pages": r.pages,
             "copies": [d.pk for d in r.copies], "cells": [{"present": c.present, "total": c.total,
                                                           "missing_pages": c.missing} for c in r.cells]}
            for r in matrix.rows
        ],
        "candidate_undisclosed": [
            {"document_id": r.document.pk, "document": r.document.title, "pages": r.undisclosed_pages}
            for r in matrix.candidates
        ],
        "pages_not_compared": matrix.pages_uncompared,
        "productions": [_production(p) for p in productions_for_case(case)],
        "brady_items": [_item(i) for i in items_for_case(case)],
        "conflicts": [_row(c, services.CONFLICT_FIELDS) for c in conflicts_for_case(case)],
        "actors_elsewhere": [
            {"person_id": a.person.pk, "name": a.person.full_name, "roles_here": a.roles_here,
             "other_cases": [c.case.reference for c in a.other_cases],
             "misconduct": [v.as_dict() for v in a.misconduct]}
            for a in actors_elsewhere(request.user, case)
        ],
    }


@router.get("/cases/{reference}/productions", summary="Productions of a case")
def productions(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": "productions (api)"})
    return [_production(p) for p in productions_for_case(case)]


@router.post("/cases/{reference}/productions", response={201: dict}, summary="Record a production")
def production_create(request: HttpRequest, reference: str, payload: dict[str, Any] = Body(...)  # noqa: B008
                      ) -> Status[Any]:
    case = case_get_for_user(request.user, reference)
    values = _values(case, Production, services.PRODUCTION_FIELDS, payload, case.organization, request.user)
    return Status(201, _production(services.production_save(actor=request.user, case=case, values=values)))


@router.post("/cases/{reference}/productions/{production_id}/documents", summary="Assign documents to a production")
def production_documents(request: HttpRequest, reference: str, production_id: int,
                         payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    case = case_get_for_user(request.user, reference)
    production = production_get_for_user(request.user, production_id)
    if production.case_id != case.pk:
        raise Http404("No such production.")
    ids = payload.get("document_ids") or []
    documents = list(documents_for_case(case).filter(pk__in=[i for i in ids if str(i).isdecimal()]))
    if len(documents) != len(set(ids)):
        raise ValidationError({"document_ids": "Every id must be a document filed on this case."})
    services.production_assign(actor=request.user, production=production, documents=documents,
                               page_start=payload.get("page_start"), page_end=payload.get("page_end"))
    production.refresh_from_db()
    return _production(production)


@router.get("/cases/{reference}/brady-items", summary="Brady/Giglio items and proposals of a case")
def items(request: HttpRequest, reference: str, status: str = "") -> list[dict[str, Any]]:
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": "brady items (api)"})
    return [_item(i) for i in items_for_case(case, status=status or None)]


@router.post("/cases/{reference}/brady-items", response={201: dict}, summary="Add a Brady/Giglio item")
def item_create(request: HttpRequest, reference: str, payload: dict[str, Any] = Body(...)  # noqa: B008
                ) -> Status[Any]:
    case = case_get_for_user(request.user, reference)
    values = _values(case, BradyItem, services.ITEM_FIELDS, payload, case.organization, request.user)
    return Status(201, _item(services.brady_item_save(actor=request.user, case=case, values=values)))


@router.patch("/cases/{reference}/brady-items/{item_id}", summary="Change, confirm or reject an item")
def item_update(request: HttpRequest, reference: str, item_id: int,
                payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    case = case_get_for_user(request.user, reference)
    item = item_get_for_user(request.user, item_id)
    if item.case_id != case.pk:
        raise Http404("No such item.")
    values = _values(case, BradyItem, services.ITEM_FIELDS, payload, case.organization, request.user)
    status = values.pop("status", None)
    if status in ("confirmed", "rejected") and item.status == "proposed":
        item = services.brady_item_review(actor=request.user, item=item, accept=status == "confirmed", values=values)
    else:
        if status:
            values["status"] = status
        item = services.brady_item_save(actor=request.user, case=case, values=values, instance=item)
    return _item(item)


@router.get("/misconduct", summary="The misconduct registry (what you may see)")
def misconduct(request: HttpRequest, person_id: int | None = None) -> list[dict[str, Any]]:
    views = misconduct_visible_to(request.user)
    if person_id is not None:
        views = [v for v in views if v.record.person_id == person_id]
    audit.record(AuditAction.VIEW, actor=request.user, obj=None, organization=only_organization_of(request.user),
                 changes={"viewed": "misconduct registry (api)", "entries": len(views)}, object_repr="Misconduct registry")
    return [v.as_dict() for v in views]


@router.post("/misconduct", response={201: dict}, summary="Add a misconduct entry")
def misconduct_create(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> Status[Any]:  # noqa: B008
    organization = only_organization_of(request.user)
    if organization is None:
        raise PermissionDenied("You belong to no single organization.")
    values = _values(None, MisconductRecord, services.MISCONDUCT_FIELDS, payload, organization, request.user)
    record = services.misconduct_save(actor=request.user, organization=organization, values=values)
    return Status(201, {"id": record.pk, "reviewed": record.reviewed})


@router.get("/actors/{person_id}/dossier", summary="An actor's dossier across the cases you may see")
def dossier(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person = person_get_for_dossier(request.user, person_id)
    d = actor_dossier(request.user, person)
    audit.record(AuditAction.VIEW, actor=request.user, obj=person, organization=person.organization,
                 changes={"viewed": "actor dossier (api)"})
    return {
        "person_id": person.pk, "name": person.full_name,
        "cases": [{"reference": c.case.reference, "roles": [r.role for r in c.case_roles],
                   "extracted_role": c.extracted_role,
                   "pages": [{"document_id": m.document_id, "page": m.page_number} for m in c.citations]}
                  for c in d.cases],
        "exonerations": [c.reference for c in d.exonerations],
        "misconduct": [v.as_dict() for v in d.misconduct],
        "findings": [{"id": f.pk, "case": f.case.reference, "rule_id": f.rule_id, "status": f.status,
                      "title": f.title} for f in d.findings],
    }
