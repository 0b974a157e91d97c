"""REST endpoints for the Evidence lens. Records are addressed by kind (item, number,
mention, custody, test, proceeding); related records are given by id (a test's ``items`` as a
list of ids). Same access rule and services as the web UI; the worksheet and proposals too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from ninja import Body, Router, Status

from innocence.cases.models import Case
from innocence.cases.selectors import case_get_for_user
from innocence.core import audit
from innocence.core.models import AuditAction
from innocence.people.selectors import people_nameable

from . import proposals as proposer
from . import services
from .models import EvidenceItem
from .selectors import proposal_get_for_user, proposals_for_case, record_get_for_user
from .services import KINDS, case_of
from .worksheet import worksheet_for_case

router = Router(tags=["evidence"])


def _serialize(instance: models.Model) -> dict[str, Any]:
    spec = services.kind_of(instance)
    data: dict[str, Any] = {"id": instance.pk, "record_kind": spec.slug}
    for name in spec.fields:
        field = instance._meta.get_field(name)
        if isinstance(field, models.ManyToManyField):
            data[name] = [i.pk for i in getattr(instance, name).all()]
        elif isinstance(field, models.ForeignKey):
            data[f"{name}_id"] = getattr(instance, f"{name}_id")
            related = getattr(instance, name)
            if related is not None and name not in ("document", "testimony_document"):
                data[f"{name}_name"] = str(related)
        else:
            value = getattr(instance, name)
            data[name] = value.isoformat() if isinstance(value, dt.date) else value
    return data


def _scope(case: Case, model: type[models.Model], user: Any) -> models.QuerySet[Any]:
    """Related records a payload may name: people of the case's organization that the user
    may see, documents and items of this case. Anything else — another organization's, a
    case the user is not on, none at all — reads as the same "no such id"."""
    manager = model._default_manager
    if model._meta.label == "people.Person":
        return people_nameable(user, case.organization)
    if model._meta.label in ("documents.Document", "evidence.EvidenceItem"):
        return manager.filter(case=case)
    return manager.none()


def _as_id(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    try:
        return int(raw) if 0 < int(raw) < 2**63 else None
    except (TypeError, ValueError, OverflowError):
        return None


def _values(case: Case, kind: str, payload: dict[str, Any], user: Any) -> dict[str, Any]:
    spec = KINDS[kind]
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in payload.items():
        name = key[:-3] if key.endswith("_id") and key[:-3] in spec.fields else key
        if name not in spec.fields:
            errors[key] = f"Unknown field for a {spec.label.lower()}."
            continue
        field = spec.model._meta.get_field(name)
        if isinstance(field, models.ManyToManyField):
            ids = raw if isinstance(raw, list) else [raw]
            wanted = {i for i in (_as_id(r) for r in ids) if i is not None}
            found = list(EvidenceItem.objects.filter(case=case, pk__in=wanted))
            # ids of another case, another organization or none at all: the same words
            refused = [r for r in ids if _as_id(r) not in {i.pk for i in found}]
            if refused or not isinstance(raw, list):
                errors[key] = f"Items must be ids of this case's evidence items; not: {', '.join(map(str, refused))}."
            values[name] = found
        elif isinstance(field, models.ForeignKey):
            if raw in (None, ""):
                values[name] = None
                continue
            pk = _as_id(raw)
            related = _scope(case, field.related_model, user).filter(pk=pk).first() if pk else None  # type: ignore[arg-type]
            if related is None:
                errors[key] = f"No {field.related_model._meta.verbose_name} with id {raw} in this case."  # type: ignore[union-attr]
            values[name] = related
        elif isinstance(field, models.Field):
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


def _records(case: Case, kind: str) -> list[models.Model]:
    return list(KINDS[kind].model._default_manager.filter(case=case).order_by("id"))


@router.get("/cases/{reference}/evidence-records", summary="All Evidence-lens records of a case, by kind")
def list_all(request: HttpRequest, reference: str) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": "evidence records (api)"})
    return {kind: [_serialize(r) for r in _records(case, kind)] for kind in KINDS}


@router.get("/cases/{reference}/evidence-records/{record_kind}", summary="Evidence-lens records of one kind")
def list_kind(request: HttpRequest, reference: str, record_kind: str) -> list[dict[str, Any]]:
    case = case_get_for_user(request.user, reference)
    kind = _kind(record_kind)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": f"evidence {kind} records (api)"})
    return [_serialize(r) for r in _records(case, _kind(kind))]


@router.post("/cases/{reference}/evidence-records/{record_kind}", response={201: dict}, summary="Add a record")
def create(request: HttpRequest, reference: str, record_kind: str, payload: dict[str, Any] = Body(...)  # noqa: B008
           ) -> Status[Any]:
    case = case_get_for_user(request.user, reference)
    kind = _kind(record_kind)
    record = services.evidence_record_save(actor=request.user, case=case, kind=_kind(kind),
                                           values=_values(case, kind, payload, request.user))
    return Status(201, _serialize(record))


@router.get("/cases/{reference}/evidence-records/{record_kind}/{record_id}", summary="One record")
def detail(request: HttpRequest, reference: str, record_kind: str, record_id: int) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    kind, pk = _kind(record_kind), record_id
    record = record_get_for_user(request.user, _kind(kind), pk)
    if case_of(record) != case:
        raise Http404("No such record.")
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": f"evidence {kind} {pk} (api)"})
    return _serialize(record)


@router.patch("/cases/{reference}/evidence-records/{record_kind}/{record_id}", summary="Change a record")
def update(request: HttpRequest, reference: str, record_kind: str, record_id: int,
           payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    case = case_get_for_user(request.user, reference)
    kind, pk = _kind(record_kind), record_id
    record = record_get_for_user(request.user, _kind(kind), pk)
    if case_of(record) != case:
        raise Http404("No such record.")
    record = services.evidence_record_save(actor=request.user, case=case, kind=kind,
                                           values=_values(case, kind, payload, request.user), instance=record)
    return _serialize(record)


@router.delete("/cases/{reference}/evidence-records/{record_kind}/{record_id}", response={204: None}, summary="Delete a record")
def delete(request: HttpRequest, reference: str, record_kind: str, record_id: int) -> Status[Any]:
    case = case_get_for_user(request.user, reference)
    kind, pk = _kind(record_kind), record_id
    record = record_get_for_user(request.user, _kind(kind), pk)
    if case_of(record) != case:
        raise Http404("No such record.")
    services.evidence_record_delete(actor=request.user, instance=record)
    return Status(204, None)


@router.get("/cases/{reference}/dna-worksheet", summary="The DNA-testing worksheet of a case")
def dna_worksheet(request: HttpRequest, reference: str) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": "DNA-testing worksheet (api)"})
    sheet = worksheet_for_case(case)
    return {
        "case": case.reference, "note": sheet.note,
        "statutes": [{
            "key": v.statute.key, "name": v.statute.name, "citation": v.statute.citation,
            "verification": v.statute.verification, "last_checked": v.statute.last_checked,
            "elements": [{"id": e.element.id, "text": e.element.text, "status": e.status, "explanation": e.explanation,
                          "support": [{"text": s.text, "cite": s.cite} for s in e.support]} for e in v.elements],
        } for v in sheet.statutes],
    }


def _proposal(p: Any) -> dict[str, Any]:
    return {"id": p.pk, "kind": p.kind, "value": p.value, "method": p.method, "number": p.number,
            "document_id": p.document_id, "page_number": p.page_number, "quote": p.quote, "status": p.status,
            "record": f"{p.record_model}:{p.record_pk}" if p.record_pk else None}


@router.get("/cases/{reference}/evidence-proposals", summary="Proposals waiting for review")
def proposals_list(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"viewed": "evidence proposals (api)"})
    return [_proposal(p) for p in proposals_for_case(case)]


@router.post("/cases/{reference}/evidence-proposals/run", response={201: list}, summary="Read the case's pages")
def proposals_run(request: HttpRequest, reference: str) -> Status[Any]:
    case = case_get_for_user(request.user, reference)
    return Status(201, [_proposal(p) for p in proposer.proposals_run(actor=request.user, case=case)])


@router.post("/cases/{reference}/evidence-proposals/{proposal_id}/review", summary="Confirm or reject a proposal")
def proposal_review(request: HttpRequest, reference: str, proposal_id: int,
                    payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    case = case_get_for_user(request.user, reference)
    proposal = proposal_get_for_user(request.user, proposal_id)
    if proposal.case_id != case.pk:
        raise Http404("No such proposal.")
    action = payload.get("action")
    if action not in ("confirm", "reject"):
        raise ValidationError({"action": "Use 'confirm' or 'reject'."})
    value = payload.get("value")
    return _proposal(proposer.proposal_review(actor=request.user, proposal=proposal, accept=action == "confirm",
                                              value=value if isinstance(value, str) else None))
