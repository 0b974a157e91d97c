"""REST endpoints for mentions, the people extracted from a case's record, the review
decisions and the actor index. Same selectors (and so the same access) as the web UI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from innocence.cases.selectors import case_get_for_user
from innocence.core import audit
from innocence.core.access import can_edit_case
from innocence.core.models import AuditAction

from . import decisions
from .actor_selectors import actor_detail, actors_for_user, case_people, mentions_visible_to
from .models import MentionKind
from .selectors import person_get_for_user

router = Router(tags=["people: extraction and actors"])


class MentionOut(Schema):
    id: int
    case: str
    document_id: int
    document: str
    page: int
    kind: str
    text: str
    normalized: str
    start: int
    end: int
    context: str
    role_hint: str
    attrs: dict[str, Any]
    person_id: int | None
    confidence: float | None
    reasons: list[str]


class SplitIn(Schema):
    move_keys: list[str]


class MergeIn(Schema):
    keep: int
    other: int


class RoleIn(Schema):
    person: int
    role: str
    description: str = ""


@router.get("/mentions", response=list[MentionOut])
def mentions(
    request: HttpRequest, case: str, kind: str = "", limit: int = 500, offset: int = 0
) -> list[dict[str, Any]]:
    """Mentions in one case's record (document, page, offsets, verbatim context)."""
    from ninja.errors import HttpError

    if offset < 0:
        raise HttpError(400, "offset must be 0 or more (it counts the mentions to skip).")
    if not 1 <= limit <= 5000:
        raise HttpError(400, "limit must be between 1 and 5000.")
    found = case_get_for_user(request.user, case)
    rows = mentions_visible_to(request.user).filter(case=found).select_related("page", "page__document")
    if kind:
        rows = rows.filter(kind=kind if kind in MentionKind.values else "-")
    rows = rows.order_by("page__document_id", "page__number", "start")[offset : offset + limit]
    audit.record(AuditAction.VIEW, actor=request.user, obj=found, changes={"api": "mentions", "kind": kind})
    return [
        {
            "id": m.pk,
            "case": found.reference,
            "document_id": m.page.document_id,
            "document": m.page.document.title,
            "page": m.page.number,
            "kind": m.kind,
            "text": m.text,
            "normalized": m.normalized,
            "start": m.start,
            "end": m.end,
            "context": m.context,
            "role_hint": m.role_hint,
            "attrs": m.attrs,
            "person_id": m.person_id,
            "confidence": m.link_confidence,
            "reasons": list(m.link_reasons or []),
        }
        for m in rows
    ]


@router.get("/cases/{reference}/people-extracted")
def people_extracted(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    """The persons named in a case's record, with role and every cited mention."""
    case = case_get_for_user(request.user, reference)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"api": "people-extracted"})
    return [entry.as_dict() for entry in case_people(case)]


@router.post("/cases/{reference}/extract")
def extract(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Read every page of the case again (human decisions are kept)."""
    case = case_get_for_user(request.user, reference)
    if not can_edit_case(request.user, case):
        raise PermissionDenied("Your role does not allow changes to this case.")
    # a whole case is read on the queue, never in the request (a 15,000-page case takes minutes)
    from innocence.documents.selectors import page_count_for_case
    from innocence.jobs.queue import enqueue

    job = enqueue("people.extract_case", {"case_id": case.pk})
    audit.record(AuditAction.UPDATE, actor=request.user, obj=case, changes={"people": "extraction re-run"})
    return {"pages": page_count_for_case(case), "queued": True, "job": job}


@router.post("/cases/{reference}/people/{person_id}/split")
def split(request: HttpRequest, reference: str, person_id: int, payload: SplitIn) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    person = person_get_for_user(request.user, person_id)
    new = decisions.person_split(actor=request.user, case=case, person=person, move_keys=payload.move_keys)
    return {"person_id": new.pk, "name": new.full_name}


@router.post("/cases/{reference}/roles-from-record")
def add_role(request: HttpRequest, reference: str, payload: RoleIn) -> dict[str, Any]:
    case = case_get_for_user(request.user, reference)
    person = person_get_for_user(request.user, payload.person)
    role = decisions.add_to_case_roles(
        actor=request.user, case=case, person=person, role=payload.role, description=payload.description
    )
    return {"id": role.pk, "person_id": person.pk, "role": role.role}


@router.post("/people/merge")
def merge(request: HttpRequest, payload: MergeIn) -> dict[str, Any]:
    keep = person_get_for_user(request.user, payload.keep)
    other = person_get_for_user(request.user, payload.other)
    decisions.persons_merge(actor=request.user, keep=keep, other=other)
    return {"person_id": keep.pk, "name": keep.full_name}


@router.get("/actors")
def actors(request: HttpRequest, min_cases: int = 2) -> list[dict[str, Any]]:
    """Persons in at least ``min_cases`` of the cases the caller can see."""
    return [row.as_dict() for row in actors_for_user(request.user, min_cases=max(1, min_cases))]


@router.get("/actors/{person_id}")
def actor(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person = person_get_for_user(request.user, person_id)
    cases, counts = actor_detail(request.user, person)
    if not cases:
        raise Http404("No such actor.")
    audit.record(AuditAction.VIEW, actor=request.user, obj=person, changes={"api": "actor"})
    return {
        "person_id": person.pk,
        "name": person.full_name,
        "aliases": person.aliases,
        "counts_by_role": counts,
        "cases": [
            {
                "case": entry.case.reference,
                "case_roles": [r.role for r in entry.case_roles],
                "role_in_record": entry.extracted_role,
                "mentions": [c.as_dict() for c in entry.citations],
            }
            for entry in cases
        ],
    }
