"""Writes to the Evidence lens's records. Each function checks the actor's right to change
the case, validates (people of the same organization, documents and items of the same case,
a known method, custody in order, a quote that is really on the page it cites, an item
number used once), writes in one transaction, records the change in the audit log, and
re-runs the Evidence-lens rules so findings follow the record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.access import can_edit_case
from innocence.core.models import AuditAction
from innocence.findings.services import findings_recompute
from innocence.people.models import Person
from innocence.people.selectors import person_nameable

from . import knowledge
from .models import (
    CustodyEvent,
    CustodyKind,
    EvidenceItem,
    ForensicTest,
    ItemMention,
    ItemNumber,
    Proceeding,
)

LENS = "evidence"


@dataclass(frozen=True)
class RecordKind:
    slug: str
    model: type[models.Model]
    label: str
    fields: tuple[str, ...]
    person_fields: tuple[str, ...] = ()
    item_field: str = ""  # the evidence item this record belongs to


CITATION_FIELDS = ("document", "page_number", "quote", "notes")

KINDS: dict[str, RecordKind] = {
    k.slug: k
    for k in (
        RecordKind(
            "item", EvidenceItem, "Evidence item",
            ("description", "category", "parent", "collected_date", "collected_precision", "collected_place",
             "collected_by", "collected_by_text", "current_location", "custodian", "status", "status_date",
             "status_by", "destruction_order", *CITATION_FIELDS),
            ("collected_by",),
        ),
        RecordKind("number", ItemNumber, "Item number", ("item", "kind", "number", "agency"), item_field="item"),
        RecordKind("mention", ItemMention, "Page mentioning an item", ("item", *CITATION_FIELDS), item_field="item"),
        RecordKind(
            "custody", CustodyEvent, "Custody event",
            ("item", "kind", "date", "date_precision", "sequence", "from_person", "from_text", "to_person", "to_text",
             *CITATION_FIELDS),
            ("from_person", "to_person"), item_field="item",
        ),
        RecordKind(
            "test", ForensicTest, "Forensic test",
            ("method", "lab", "analyst", "date", "items", "result", "conclusion", *CITATION_FIELDS,
             "testimony_document", "testimony_page", "testimony_quote", "bench_notes_to_defense", "lab_confirmed"),
            ("analyst",),
        ),
        RecordKind(
            "proceeding", Proceeding, "Pending proceeding",
            ("kind", "filed", "decided", "description", *CITATION_FIELDS),
        ),
    )
}


def kind_of(instance: models.Model) -> RecordKind:
    for kind in KINDS.values():
        if isinstance(instance, kind.model):
            return kind
    raise ValueError(f"{instance!r} is not an evidence record.")


def case_of(instance: models.Model) -> Case:
    return instance.case  # type: ignore[attr-defined,no-any-return]


def require_edit(actor: Any, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied("Your role does not allow changes to this case.")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z%]+", " ", text.lower().replace("’", "'")).strip()


def _check_quote(document: Any, number: int | None, quote: str, errors: dict[str, str],
                 fields: tuple[str, str, str] = ("document", "page_number", "quote")) -> None:
    _doc_field, page_field, quote_field = fields
    quote = (quote or "").strip()
    if document is None:
        if number:
            errors[page_field] = "A page number needs the document it is in."
        return
    if not number:
        return
    page = document.pages.filter(number=number).first()
    if page is None:
        if document.page_count and number > document.page_count:
            errors[page_field] = f"'{document.title}' has {document.page_count} page(s); there is no page {number}."
        return
    if quote and page.text.strip() and _squash(quote) not in _squash(page.text):
        errors[quote_field] = (
            f"This passage is not on page {number} of '{document.title}'. Copy it verbatim from the page "
            f"(spacing and punctuation may differ)."
        )


def _custody_order(event: CustodyEvent, errors: dict[str, str]) -> None:
    """A custody event dated before the item was collected is out of order."""
    if event.date is None or event.item_id is None:
        return
    collected = [e for e in CustodyEvent.objects.filter(item_id=event.item_id, kind=CustodyKind.COLLECTED)
                 .exclude(pk=event.pk) if e.date]
    item_collected = event.item.collected_date
    first = min([e.date for e in collected if e.date] + ([item_collected] if item_collected else []), default=None)
    if event.kind != CustodyKind.COLLECTED and first and event.date < first:
        errors["date"] = (
            f"{event.get_kind_display()} on {event.date.isoformat()} is before the item was collected "
            f"({first.isoformat()}). Check the date or record the collection first."
        )
    if event.kind == CustodyKind.COLLECTED:
        earlier = (CustodyEvent.objects.filter(item_id=event.item_id, date__lt=event.date)
                   .exclude(kind=CustodyKind.COLLECTED).exclude(pk=event.pk).order_by("date").first())
        if earlier is not None:
            errors["date"] = (
                f"Collected on {event.date.isoformat()}, but the item was already {earlier.get_kind_display().lower()} "
                f"on {earlier.date.isoformat() if earlier.date else '?'}."
            )


def _validate(case: Case, instance: models.Model, spec: RecordKind, items: list[EvidenceItem] | None,
              errors: dict[str, str], actor: Any = None) -> None:
    for name in spec.person_fields:
        person = getattr(instance, name, None)
        # another organization's person, or one known only from a case the actor is not on
        if person is not None and not person_nameable(actor, person, case.organization):
            errors[name] = "Choose a person of this case's organization."
    for name in ("document", "testimony_document"):
        document = getattr(instance, name, None)
        if document is not None and document.case_id != case.pk:
            errors[name] = "Choose a document filed on this case."
    if spec.item_field:
        item = getattr(instance, spec.item_field, None)
        if item is not None and item.case_id != case.pk:
            errors[spec.item_field] = "That evidence item belongs to another case."
    if isinstance(instance, EvidenceItem) and instance.parent is not None:
        if instance.parent.case_id != case.pk:
            errors["parent"] = "The parent item belongs to another case."
        elif instance.pk and instance.parent.pk == instance.pk:
            errors["parent"] = "An item cannot hold itself."
    if isinstance(instance, ForensicTest):
        if knowledge.method(instance.method) is None:
            known = ", ".join(sorted(knowledge.methods()))
            errors["method"] = f"Unknown method '{instance.method}'. Use one of: {known}."
        for item in items or []:
            if item.case_id != case.pk:
                errors["items"] = f"Item {item.pk} belongs to another case; a test can only name this case's items."
        _check_quote(instance.testimony_document, instance.testimony_page, instance.testimony_quote, errors,
                     ("testimony_document", "testimony_page", "testimony_quote"))
    if isinstance(instance, CustodyEvent):
        _custody_order(instance, errors)
    if isinstance(instance, Proceeding) and instance.filed and instance.decided and instance.decided < instance.filed:
        errors["decided"] = "Decided before it was filed: check the dates."
    if isinstance(instance, ItemNumber):
        clash = (ItemNumber.objects.filter(case=case, kind=instance.kind, number__iexact=instance.number.strip(),
                                           agency__iexact=instance.agency.strip()).exclude(pk=instance.pk)
                 .select_related("item").first())
        if clash is not None:
            errors["number"] = (f"{instance.get_kind_display()} {instance.number} is already used in this case "
                                f"(on '{clash.item.description[:80]}').")
    if hasattr(instance, "quote"):
        _check_quote(getattr(instance, "document", None), getattr(instance, "page_number", None),
                     getattr(instance, "quote", ""), errors)


@transaction.atomic
def evidence_record_save(
    *, actor: Any, case: Case, kind: str, values: dict[str, Any], instance: models.Model | None = None,
    recompute: bool = True,
) -> models.Model:
    """Create (``instance=None``) or update one evidence record from field values."""
    require_edit(actor, case)
    spec = KINDS.get(kind)
    if spec is None:
        raise ValidationError({"kind": f"Unknown record kind '{kind}'. Use one of: {', '.join(KINDS)}."})
    unknown = set(values) - set(spec.fields)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Unknown field."))
    values = dict(values)
    items = values.pop("items", None)
    if items is not None:
        items = list(items)
    creating = instance is None
    if instance is None:
        instance = spec.model()
        instance.case = case  # type: ignore[attr-defined]
        if hasattr(instance, "created_by_id"):
            instance.created_by = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[attr-defined]
        before: dict[str, Any] = {}
    else:
        if case_of(instance) != case:
            raise PermissionDenied("That record belongs to another case.")
        before = audit.snapshot(instance)
    for name, value in values.items():
        setattr(instance, name, value.strip() if isinstance(value, str) and name == "number" else value)
    errors: dict[str, str] = {}
    _validate(case, instance, spec, items, errors, actor)
    if errors:
        raise ValidationError(errors)
    instance.full_clean(exclude=["case", "created_by", "items"])
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError({"number": "That number is already used in this case."}) from exc
    if items is not None and isinstance(instance, ForensicTest):
        instance.items.set(items)
    changes = (audit.snapshot(instance, [f for f in spec.fields if f not in ("quote", "notes", "items")])
               if creating else audit.diff(before, audit.snapshot(instance)))
    if items is not None:
        changes["items"] = [i.pk for i in items]
    audit.record(AuditAction.CREATE if creating else AuditAction.UPDATE, actor=actor, obj=instance, case=case,
                 changes=changes)
    if recompute:
        findings_recompute(case=case, lens=LENS, actor=actor)
    return instance


@transaction.atomic
def evidence_record_delete(*, actor: Any, instance: models.Model) -> None:
    case = case_of(instance)
    require_edit(actor, case)
    audit.record(AuditAction.DELETE, actor=actor, obj=instance, case=case, changes=audit.snapshot(instance),
                 object_repr=str(instance))
    instance.delete()
    findings_recompute(case=case, lens=LENS, actor=actor)


def persons_for_case(case: Case) -> models.QuerySet[Person]:
    """People who play a role in the case: the choices for collector, analyst, custody fields."""
    return Person.objects.filter(case_roles__case=case).distinct().order_by("full_name")


PERSON_FIELDS = (
    (EvidenceItem, "collected_by"), (CustodyEvent, "from_person"), (CustodyEvent, "to_person"),
    (ForensicTest, "analyst"),
)


@transaction.atomic
def person_references_move(*, from_person: Person, to_person: Person) -> int:
    """Point every Evidence-lens record at ``to_person`` instead of ``from_person`` (a merge
    in the actor index). Rules re-run on the affected cases. Returns how many records moved."""
    moved = 0
    cases: set[int] = set()
    for model, field in PERSON_FIELDS:
        rows = model._default_manager.filter(**{field: from_person})
        cases.update(rows.values_list("case_id", flat=True))
        moved += rows.update(**{field: to_person})
    for notice in from_person.lab_reviews.all():
        notice.analysts.add(to_person)
    for case in Case.objects.filter(pk__in=cases):
        findings_recompute(case=case, lens=LENS)
    return moved
