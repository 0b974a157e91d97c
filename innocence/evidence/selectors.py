"""Reads of the Evidence lens's records. Callers pass a case they fetched with
``case_get_for_user`` (the one access rule); single records are fetched through
``cases_visible_to`` and are a 404 (never a 403) outside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.core import audit

from . import knowledge
from .models import (
    CustodyEvent,
    EvidenceItem,
    EvidenceProposal,
    ForensicTest,
    Proceeding,
    ProposalStatus,
)
from .services import KINDS

TRANSFER_KINDS = ("transferred", "submitted", "returned", "released")
TESTING_FILTERS = {
    "tested": "Tested with STR DNA typing or another method",
    "untested": "Never tested",
    "old_methods": "Tested only with methods that predate STR",
}


def record_get_for_user(user: Any, kind: str, pk: int | str) -> Model:
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("No such record.")
    try:
        pk_int = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such record.") from None
    record = spec.model._default_manager.filter(case__in=cases_visible_to(user), pk=pk_int).first()
    if record is None:
        raise Http404("No such record.")
    audit.note_read(record, case=record.case)  # type: ignore[attr-defined]
    return record


def proposal_get_for_user(user: Any, pk: int | str) -> EvidenceProposal:
    try:
        pk_int = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such proposal.") from None
    found = EvidenceProposal.objects.filter(case__in=cases_visible_to(user), pk=pk_int).first()
    if found is None:
        raise Http404("No such proposal.")
    audit.note_read(found, case=found.case)
    return found


def testing_state(item: EvidenceItem) -> str:
    """untested / old_methods (only pre-STR DNA or pre-DNA methods) / tested."""
    tests = list(item.tests.all())
    if not tests:
        return "untested"
    eras = {getattr(knowledge.method(t.method), "dna_era", "") for t in tests}
    if item.is_biological and "str" not in eras:
        return "old_methods"
    return "tested"


@dataclass
class ItemRow:
    item: EvidenceItem
    depth: int
    testing: str

    @property
    def candidate(self) -> bool:
        """Biological, still there or of unknown status, and never STR tested."""
        return self.item.is_biological and self.testing != "tested" and self.item.status in ("exists", "unknown")


def items_for_case(case: Case, *, category: str = "", status: str = "", testing: str = "", q: str = "") -> list[ItemRow]:
    """The inventory, nested (children under their parent), filtered."""
    items = list(
        EvidenceItem.objects.filter(case=case)
        .select_related("document", "collected_by", "parent")
        .prefetch_related("numbers", "tests", "mentions__document")
        .order_by("id")
    )
    if q:
        matching = set(
            EvidenceItem.objects.filter(case=case)
            .filter(Q(description__icontains=q) | Q(numbers__number__icontains=q))
            .values_list("pk", flat=True)
        )
    children: dict[int | None, list[EvidenceItem]] = {}
    for item in items:
        children.setdefault(item.parent_id if item.parent_id in {i.pk for i in items} else None, []).append(item)
    rows: list[ItemRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for item in children.get(parent, []):
            state = testing_state(item)
            keep = ((not category or item.category == category) and (not status or item.status == status)
                    and (not testing or state == testing) and (not q or item.pk in matching))
            if keep:
                rows.append(ItemRow(item, depth, state))
            walk(item.pk, depth + 1)

    walk(None, 0)
    return rows


@dataclass
class TimelineEntry:
    event: CustodyEvent
    gap_days: int | None = None
    break_before: bool = False


@dataclass
class ItemDetail:
    item: EvidenceItem
    timeline: list[TimelineEntry] = field(default_factory=list)
    tests: list[ForensicTest] = field(default_factory=list)
    children: list[EvidenceItem] = field(default_factory=list)
    proposals: list[EvidenceProposal] = field(default_factory=list)


def item_detail(case: Case, pk: int) -> ItemDetail:
    item = (EvidenceItem.objects.filter(case=case, pk=pk)
            .select_related("document", "collected_by", "parent")
            .prefetch_related("numbers", "mentions__document").first())
    if item is None:
        raise Http404("No such evidence item in this case.")
    audit.note_read(item, case=case)
    events = sorted(
        CustodyEvent.objects.filter(item=item).select_related("from_person", "to_person", "document"),
        key=lambda e: (e.date is None, e.date or dt.date.min, e.sequence or 0, e.pk),
    )
    timeline = []
    previous: CustodyEvent | None = None
    for event in events:
        entry = TimelineEntry(event)
        if previous is not None and previous.date and event.date:
            entry.gap_days = (event.date - previous.date).days
        if previous is not None and event.kind in TRANSFER_KINDS and event.source and previous.destination and (
            " ".join(event.source.lower().split()) != " ".join(previous.destination.lower().split())
        ):
            entry.break_before = True
        timeline.append(entry)
        previous = event
    numbers = [n.number for n in item.numbers.all()]
    proposals = [p for p in EvidenceProposal.objects.filter(case=case, status=ProposalStatus.PROPOSED)
                 .select_related("document") if p.number and p.number in numbers]
    return ItemDetail(
        item=item, timeline=timeline,
        tests=list(item.tests.select_related("analyst", "document", "testimony_document").order_by("date", "id")),
        children=list(item.children.order_by("id")), proposals=proposals,
    )


def tests_for_case(case: Case) -> QuerySet[ForensicTest]:
    return (ForensicTest.objects.filter(case=case)
            .select_related("analyst", "document", "testimony_document").prefetch_related("items").order_by("date", "id"))


def proceedings_for_case(case: Case) -> QuerySet[Proceeding]:
    return Proceeding.objects.filter(case=case).select_related("document")


def proposals_for_case(case: Case, status: str = ProposalStatus.PROPOSED) -> QuerySet[EvidenceProposal]:
    return EvidenceProposal.objects.filter(case=case, status=status).select_related("document")
