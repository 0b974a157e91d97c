"""REST endpoints for the Witness lens's records. Records are addressed by kind
(statement, claim, procedure, viewing, interrogation, informant, benefit); related records
are given by id. Same access rule and services as the web UI."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from ninja import Body, Router, Status

from innocence.cases.models import Case
from innocence.cases.selectors import case_get_for_user
from innocence.core import audit
from innocence.core.models import AuditAction
from innocence.people.selectors import people_visible_to

from . import services
from .selectors import record_get_for_user
from .services import KINDS, case_of

router = Router(tags=["witnesses"])


def _serialize(instance: models.Model) -> dict[str, Any]:
    spec = services.kind_of(instance)
    data: dict[str, Any] = {"id": instance.pk, "record_kind": spec.slug}
    for name in spec.fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            data[f"{name}_id"] = getattr(instance, f"{name}_id")
            related = getattr(instance, name)
            if related is not None and name != "document":
                data[f"{name}_name"] = str(related)
        else:
            value = getattr(instance, name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, decimal.Decimal):
                value = str(value)
            data[name] = value
    return data


def _records(case: Case, kind: str) -> list[models.Model]:
    spec = KINDS[kind]
    manager = spec.model._default_manager
    if spec.model.__name__ == "StatementClaim":
        return list(manager.filter(statement__case=case).order_by("id"))
    return list(manager.filter(case=case).order_by("id"))


def _scope(case: Case, model: type[models.Model], user: Any) -> models.QuerySet[Any]:
    """Related records a payload may name: people of the case's organization that the user
    may see (the rule of the people pages), documents, statements and informants of this
    case. Anything else — another organization's, a hidden case's, none at all — reads as
    the same "no such id"."""
    manager = model._default_manager
    if model._meta.label == "people.Person":
        return people_visible_to(user).filter(organization=case.organization)
    if model._meta.label in ("documents.Document", "witnesses.Statement", "witnesses.Informant"):
        return manager.filter(case=case)
    return manager.none()


def _values(case: Case, kind: str, payload: dict[str, Any], user: Any) -> dict[str, Any]:
    """Turn ids into records (only of this case or its organization) and check field names."""
    spec = KINDS[kind]
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in payload.items():
        name = key[:-3] if key.endswith("_id") and key[:-3] in spec.fields else key
        if name not in spec.fields:
            errors[key] = f"Unknown field for a {spec.label.lower()}."
            continue
        field = spec.model._meta.get_field(name)
        if not isinstance(field, models.Field):
            errors[key] = "Not a field that can be set."
            continue
        if isinstance(field, models.ForeignKey):
            if raw in (None, ""):
                values[name] = None
                continue
            try:
                related = _scope(case, field.related_model, user).filter(pk=int(raw)).first()  # type: ignore[arg-type]
            except (TypeError, ValueError, OverflowError):
                related = None
            if related is None:
                errors[key] = f"No {field.related_model._meta.verbose_name} with id {raw}."  # type: ignore[union-attr]
            values[name] = related
        else:
            try:
                values[name] = field.to_python(raw)
            except ValidationError as exc:
                errors[key] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    return values


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise Http404("No such record kind.")
    return kind


@router.get("/cases/{reference}/witness-records", summary="All Witness-lens records of a case, by kind")
def list_all(request: HttpRequest, reference: str) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": "witness records (api)"})
    return {kind: [_serialize(r) for r in _records(case, kind)] for kind in KINDS}


@router.get("/cases/{reference}/witness-records/{kind}", summary="Witness-lens records of one kind")
def list_kind(request: HttpRequest, reference: str, kind: str) -> list[dict[str, Any]]:
    case = case_get_for_user(request.user, reference)
    return [_serialize(r) for r in _records(case, _kind(kind))]


@router.post("/cases/{reference}/witness-records/{kind}", response={201: dict}, summary="Add a record")
def create(request: HttpRequest, reference: str, kind: str, payload: dict[str, Any] = Body(...)  # noqa: B008
           ) -> Status[Any]:
    case = case_get_for_user(request.user, reference)
    record = services.witness_record_save(
        actor=request.user, case=case, kind=_kind(kind), values=_values(case, kind, payload, request.user)
    )
    return Status(201, _serialize(record))


@router.get("/cases/{reference}/witness-records/{kind}/{pk}", summary="One record")
def detail(request: HttpRequest, reference: str, kind: str, pk: int) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    record = record_get_for_user(request.user, _kind(kind), pk)
    if case_of(record) != case:
        raise Http404("No such record.")
    return _serialize(record)


@router.patch("/cases/{reference}/witness-records/{kind}/{pk}", summary="Change a record")
def update(request: HttpRequest, reference: str, kind: str, pk: int,
           payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    case = case_get_for_user(request.user, reference)
    record = record_get_for_user(request.user, _kind(kind), pk)
    if case_of(record) != case:
        raise Http404("No such record.")
    record = services.witness_record_save(
        actor=request.user, case=case, kind=kind, values=_values(case, kind, payload, request.user), instance=record
    )
    return _serialize(record)


@router.delete("/cases/{reference}/witness-records/{kind}/{pk}", response={204: None}, summary="Delete a record")
def delete(request: HttpRequest, reference: str, kind: str, pk: int) -> Status[Any]:
    case = case_get_for_user(request.user, reference)
    record = record_get_for_user(request.user, _kind(kind), pk)
    if case_of(record) != case:
        raise Http404("No such record.")
    services.witness_record_delete(actor=request.user, instance=record)
    return Status(204, None)
