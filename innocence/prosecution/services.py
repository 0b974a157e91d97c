"""Writes to the Prosecution lens's records. Each function checks the actor's right (to
change the case, or to write in the organization for the misconduct registry), validates
(documents of the same case, a quote that is really on the page, Bates ranges that do not
overlap, dates that make sense), writes in one transaction, records the change in the audit
log and re-runs the lens's rules so findings follow the record."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.core import audit
from innocence.core.access import can_edit_case, can_write_in, has_role, is_system
from innocence.core.models import AuditAction, Organization, Role
from innocence.documents.models import Document
from innocence.findings.services import findings_recompute
from innocence.people.models import Person
from innocence.people.selectors import person_nameable

from .models import (
    BradyItem,
    Disclosure,
    ItemStatus,
    MisconductRecord,
    Production,
    ProductionItem,
    RunStatus,
    SignatureRun,
    TestimonyConflict,
)

LENS = "prosecution"

PRODUCTION_FIELDS = (
    "title", "kind", "producer", "producer_name", "recipient", "recipient_name", "date", "bates_start",
    "bates_end", "description", "document", "page_number", "quote",
)
ITEM_FIELDS = (
    "document", "page_number", "quote", "category", "favorable", "why", "held_by", "disclosure",
    "disclosure_production", "disclosure_note", "prejudice", "prejudice_reason", "witness", "informant_benefit",
    "status",
)
CONFLICT_FIELDS = (
    "witness", "summary", "testimony_document", "testimony_page", "testimony_quote", "document", "page_number",
    "quote", "informant_benefit", "state_knew", "corrected",
)
MISCONDUCT_FIELDS = (
    "person", "actor_role", "agency", "kind", "status", "source_kind", "date", "description", "case", "document",
    "page_number", "quote", "source_title", "source_date", "source_url", "source_quote",
)
#: Who may mark a misconduct entry reviewed (so it shows on the actor's other cases).
REVIEW_ROLES = (Role.ADMIN, Role.ATTORNEY)


def _require_edit(actor: Any, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied("Your role does not allow changes to this case.")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z%]+", " ", text.lower().replace("’", "'")).strip()


def check_passage(document: Document | None, number: int | None, quote: str, errors: dict[str, str],
                  *, page_field: str = "page_number", quote_field: str = "quote") -> None:
    """A cited page must exist and a quoted passage must be on it (spacing may differ)."""
    quote = (quote or "").strip()
    if document is None:
        if number:
            errors[page_field] = "A page number needs the document it is in."
        return
    if not number:
        return
    page = document.pages.filter(number=number).first()
    if page is None:
        errors[page_field] = f"'{document.title}' has {document.page_count} page(s); there is no page {number}."
        return
    if quote and page.text.strip() and _squash(quote) not in _squash(page.text):
        errors[quote_field] = (
            f"This passage is not on page {number} of '{document.title}'. Copy it verbatim from the page "
            f"(spacing and punctuation may differ)."
        )


def _apply(instance: models.Model, allowed: tuple[str, ...], values: dict[str, Any]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Unknown field."))
    for name, value in values.items():
        setattr(instance, name, "" if value is None and _is_text(instance, name) else value)


def _is_text(instance: models.Model, name: str) -> bool:
    field = instance._meta.get_field(name)
    return isinstance(field, (models.CharField, models.TextField)) and not field.null


def _same_case_documents(case: Case, instance: models.Model, names: tuple[str, ...], errors: dict[str, str]) -> None:
    for name in names:
        document = getattr(instance, name, None)
        if document is not None and document.case_id != case.pk:
            errors[name] = "Choose a document filed on this case."


def _finish(actor: Any, case: Case, instance: models.Model, before: dict[str, Any], creating: bool,
            fields: tuple[str, ...], recompute: bool) -> None:
    audit.record(
        AuditAction.CREATE if creating else AuditAction.UPDATE, actor=actor, obj=instance, case=case,
        changes=audit.snapshot(instance, [f for f in fields if f not in ("quote", "description")]) if creating
        else audit.diff(before, audit.snapshot(instance)),
    )
    if recompute:
        findings_recompute(case=case, lens=LENS, actor=actor)


# --- productions -----------------------------------------------------------------------------

_BATES = re.compile(r"^\s*(?P<prefix>.*?)(?P<number>\d+)\s*$")


@dataclass(frozen=True)
class BatesRange:
    prefix: str
    start: int
    end: int

    def overlaps(self, other: BatesRange) -> bool:
        return self.prefix == other.prefix and self.start <= other.end and other.start <= self.end


def bates_range(start: str, end: str) -> BatesRange | None:
    """'HALE-000010'..'HALE-000020' → ('HALE-', 10, 20); None when no range is given.
    Raises ValueError with words when the range cannot be read."""
    if not (start or "").strip() and not (end or "").strip():
        return None
    first = _BATES.match(start or "")
    last = _BATES.match(end or start or "")
    if not first or not last:
        raise ValueError("A Bates number ends in digits, e.g. HALE-000123.")
    if first["prefix"].strip().upper() != last["prefix"].strip().upper():
        raise ValueError(f"The range starts with prefix '{first['prefix']}' and ends with '{last['prefix']}'.")
    a, b = int(first["number"]), int(last["number"])
    if b < a:
        raise ValueError(f"The range ends ({end}) before it starts ({start}).")
    return BatesRange(first["prefix"].strip().upper(), a, b)


def _validate_production(case: Case, production: Production, errors: dict[str, str]) -> None:
    _same_case_documents(case, production, ("document",), errors)
    check_passage(production.document, production.page_number, production.quote, errors)
    if production.date and production.date > timezone.localdate():
        errors["date"] = f"{production.date.isoformat()} is in the future."
    elif production.date and case.offense_date and production.date < case.offense_date:
        # Nothing about the case existed to produce before the crime: a typo in the year, most often.
        errors["date"] = (
            f"This production is dated {production.date.isoformat()}, before the offense "
            f"({case.offense_date.isoformat()}, the offense date on the case record). Check the production's "
            "date, or the case's offense date."
        )
    try:
        mine = bates_range(production.bates_start, production.bates_end)
    except ValueError as exc:
        errors["bates_end"] = str(exc)
        mine = None
    if mine is not None:
        for other in Production.objects.filter(case=case).exclude(pk=production.pk):
            try:
                theirs = bates_range(other.bates_start, other.bates_end)
            except ValueError:
                continue
            if theirs is not None and mine.overlaps(theirs):
                errors["bates_start"] = (
                    f"Bates {production.bates_start}–{production.bates_end or production.bates_start} overlaps "
                    f"'{other.title}' ({other.bates_start}–{other.bates_end or other.bates_start})."
                )
                break
    if production.pk and production.date:
        later = (
            ProductionItem.objects.filter(production=production, document__doc_date__gt=production.date)
            .select_related("document").first()
        )
        if later is not None:
            errors["date"] = (
                f"'{later.document.title}' is dated {later.document.doc_date}, after this production "
                f"({production.date}): a production cannot hold a document written after it."
            )


@transaction.atomic
def production_save(*, actor: Any, case: Case, values: dict[str, Any], instance: Production | None = None,
                    recompute: bool = True) -> Production:
    _require_edit(actor, case)
    creating = instance is None
    if instance is None:
        instance = Production(case=case, created_by=actor if getattr(actor, "is_authenticated", False) else None)
        before: dict[str, Any] = {}
    else:
        if instance.case_id != case.pk:
            raise PermissionDenied("That production belongs to another case.")
        before = audit.snapshot(instance)
    _apply(instance, PRODUCTION_FIELDS, values)
    errors: dict[str, str] = {}
    _validate_production(case, instance, errors)
    if errors:
        raise ValidationError(errors)
    instance.full_clean(exclude=["case", "created_by"])
    instance.save()
    _finish(actor, case, instance, before, creating, PRODUCTION_FIELDS, recompute)
    return instance


@transaction.atomic
def production_delete(*, actor: Any, production: Production) -> None:
    case = production.case
    _require_edit(actor, case)
    audit.record(AuditAction.DELETE, actor=actor, obj=production, case=case, changes=audit.snapshot(production),
                 object_repr=str(production))
    production.delete()
    findings_recompute(case=case, lens=LENS, actor=actor)


@transaction.atomic
def production_assign(*, actor: Any, production: Production, documents: list[Document],
                      page_start: int | None = None, page_end: int | None = None,
                      recompute: bool = True) -> list[ProductionItem]:
    """Put documents (whole, or one page range of each) into a production, in bulk. All or
    nothing: one bad document refuses the whole assignment, naming it."""
    case = production.case
    _require_edit(actor, case)
    if not documents:
        raise ValidationError({"documents": "Choose at least one document."})
    errors: list[str] = []
    if page_end is not None and page_start is None:
        errors.append("A last page needs a first page.")
    if page_start is not None and page_end is not None and page_end < page_start:
        errors.append(f"The page range ends ({page_end}) before it starts ({page_start}).")
    for document in documents:
        if document.case_id != case.pk:
            errors.append(f"'{document.title}' is not filed on this case.")
            continue
        last = page_end or page_start
        if last and document.page_count and last > document.page_count:
            errors.append(f"'{document.title}' has {document.page_count} page(s); there is no page {last}.")
        if production.date and document.doc_date and document.doc_date > production.date:
            errors.append(
                f"'{document.title}' is dated {document.doc_date}, after the production ({production.date})."
            )
    if errors:
        raise ValidationError({"documents": errors})
    items = []
    for document in documents:
        item, _ = ProductionItem.objects.update_or_create(
            production=production, document=document, defaults={"page_start": page_start, "page_end": page_end}
        )
        items.append(item)
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=production, case=case,
        changes={"documents_assigned": [d.pk for d in documents], "page_start": page_start, "page_end": page_end},
    )
    if recompute:
        findings_recompute(case=case, lens=LENS, actor=actor)
    return items


@transaction.atomic
def production_unassign(*, actor: Any, item: ProductionItem) -> None:
    case = item.production.case
    _require_edit(actor, case)
    audit.record(AuditAction.DELETE, actor=actor, obj=item, case=case, changes={"document": item.document_id},
                 object_repr=f"{item} removed from {item.production}")
    item.delete()
    findings_recompute(case=case, lens=LENS, actor=actor)


# --- Brady / Giglio items ----------------------------------------------------------------------


def _validate_item(case: Case, item: BradyItem, errors: dict[str, str], actor: Any = None) -> None:
    _same_case_documents(case, item, ("document",), errors)
    if not (item.quote or "").strip():
        errors["quote"] = "Quote the favorable passage verbatim."
    if item.document is None:
        errors["document"] = "Name the document and page the passage is on."
    check_passage(item.document, item.page_number, item.quote, errors)
    if item.disclosure_production is not None:
        if item.disclosure_production.case_id != case.pk:
            errors["disclosure_production"] = "That production belongs to another case."
        elif item.disclosure != Disclosure.DISCLOSED:
            errors["disclosure_production"] = "A production proves disclosure: set disclosure to 'Disclosed'."
        elif not item.disclosure_production.to_defense:
            errors["disclosure_production"] = "That production did not go to the defense."
    for name in ("witness",):
        person = getattr(item, name)
        # another organization's person, or one known only from a case the actor is not on
        if person is not None and not person_nameable(actor, person, case.organization):
            errors[name] = "Choose a person of this case's organization."
    if item.informant_benefit is not None and item.informant_benefit.case_id != case.pk:
        errors["informant_benefit"] = "That benefit record belongs to another case."


@transaction.atomic
def brady_item_save(*, actor: Any, case: Case, values: dict[str, Any], instance: BradyItem | None = None,
                    recompute: bool = True) -> BradyItem:
    _require_edit(actor, case)
    creating = instance is None
    if instance is None:
        instance = BradyItem(case=case, created_by=actor if getattr(actor, "is_authenticated", False) else None)
        before: dict[str, Any] = {}
    else:
        if instance.case_id != case.pk:
            raise PermissionDenied("That item belongs to another case.")
        before = audit.snapshot(instance)
    _apply(instance, ITEM_FIELDS, values)
    errors: dict[str, str] = {}
    _validate_item(case, instance, errors, actor)
    if errors:
        raise ValidationError(errors)
    instance.full_clean(exclude=["case", "created_by", "reviewed_by"])
    instance.save()
    _finish(actor, case, instance, before, creating, ITEM_FIELDS, recompute)
    return instance


@transaction.atomic
def brady_item_review(*, actor: Any, item: BradyItem, accept: bool, values: dict[str, Any] | None = None) -> BradyItem:
    """Confirm a proposal into a Brady/Giglio item (optionally correcting it), or reject it.
    A rejected proposal is kept so the same passage is not proposed again."""
    case = item.case
    _require_edit(actor, case)
    before = audit.snapshot(item)
    if values:
        _apply(item, ITEM_FIELDS, values)
    item.status = ItemStatus.CONFIRMED if accept else ItemStatus.REJECTED
    item.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    item.reviewed_at = timezone.now()
    if accept:
        errors: dict[str, str] = {}
        _validate_item(case, item, errors, actor)
        if errors:
            raise ValidationError(errors)
    item.save()
    audit.record(AuditAction.UPDATE, actor=actor, obj=item, case=case, changes=audit.diff(before, audit.snapshot(item)))
    findings_recompute(case=case, lens=LENS, actor=actor)
    return item


@transaction.atomic
def brady_item_delete(*, actor: Any, item: BradyItem) -> None:
    case = item.case
    _require_edit(actor, case)
    audit.record(AuditAction.DELETE, actor=actor, obj=item, case=case, changes=audit.snapshot(item), object_repr=str(item))
    item.delete()
    findings_recompute(case=case, lens=LENS, actor=actor)


# --- testimony conflicts (Napue) -----------------------------------------------------------------


@transaction.atomic
def conflict_save(*, actor: Any, case: Case, values: dict[str, Any], instance: TestimonyConflict | None = None,
                  recompute: bool = True) -> TestimonyConflict:
    _require_edit(actor, case)
    creating = instance is None
    if instance is None:
        instance = TestimonyConflict(case=case, created_by=actor if getattr(actor, "is_authenticated", False) else None)
        before: dict[str, Any] = {}
    else:
        if instance.case_id != case.pk:
            raise PermissionDenied("That record belongs to another case.")
        before = audit.snapshot(instance)
    _apply(instance, CONFLICT_FIELDS, values)
    errors: dict[str, str] = {}
    _same_case_documents(case, instance, ("testimony_document", "document"), errors)
    check_passage(instance.testimony_document, instance.testimony_page, instance.testimony_quote, errors,
                  page_field="testimony_page", quote_field="testimony_quote")
    check_passage(instance.document, instance.page_number, instance.quote, errors)
    witness = getattr(instance, "witness", None) if instance.witness_id else None
    if witness is not None and not person_nameable(actor, witness, case.organization):
        errors["witness"] = "Choose a person of this case's organization."
    if instance.informant_benefit is not None and instance.informant_benefit.case_id != case.pk:
        errors["informant_benefit"] = "That benefit record belongs to another case."
    if errors:
        raise ValidationError(errors)
    instance.full_clean(exclude=["case", "created_by"])
    instance.save()
    _finish(actor, case, instance, before, creating, CONFLICT_FIELDS, recompute)
    return instance


@transaction.atomic
def conflict_delete(*, actor: Any, conflict: TestimonyConflict) -> None:
    case = conflict.case
    _require_edit(actor, case)
    audit.record(AuditAction.DELETE, actor=actor, obj=conflict, case=case, changes=audit.snapshot(conflict),
                 object_repr=str(conflict))
    conflict.delete()
    findings_recompute(case=case, lens=LENS, actor=actor)


# --- misconduct registry --------------------------------------------------------------------------


def _validate_misconduct(organization: Organization, record: MisconductRecord, errors: dict[str, str],
                         actor: Any = None) -> None:
    if record.person_id and not person_nameable(actor, record.person, organization):
        errors["person"] = "Choose a person of your organization."
    if record.case is not None and (
        record.case.organization_id != organization.pk
        or not (is_system(actor) or cases_visible_to(actor).filter(pk=record.case.pk).exists())
    ):
        errors["case"] = "Choose a case of your organization."
    if record.document is not None and (record.case is None or record.document.case_id != record.case_id):
        errors["document"] = "A cited document must be filed on the case the entry comes from."
    check_passage(record.document, record.page_number, record.quote, errors)
    has_page = record.document is not None and bool(record.page_number)
    has_external = bool(record.source_title.strip()) and bool(record.source_url.strip() or record.source_quote.strip())
    if not (has_page or has_external):
        errors["source_title"] = (
            "Every entry needs a source: a page of a case, or an external source with a title and a URL or quote."
        )
    if record.date and record.date > timezone.localdate():
        errors["date"] = f"{record.date.isoformat()} is in the future."


@transaction.atomic
def misconduct_save(*, actor: Any, organization: Organization, values: dict[str, Any],
                    instance: MisconductRecord | None = None) -> MisconductRecord:
    if not can_write_in(actor, organization):
        raise PermissionDenied("Your role does not allow changes to the misconduct registry.")
    creating = instance is None
    if instance is None:
        instance = MisconductRecord(
            organization=organization, created_by=actor if getattr(actor, "is_authenticated", False) else None
        )
        before: dict[str, Any] = {}
    else:
        if instance.organization_id != organization.pk:
            raise PermissionDenied("That entry belongs to another organization.")
        before = audit.snapshot(instance)
    _apply(instance, MISCONDUCT_FIELDS, values)
    if not creating and audit.diff(before, audit.snapshot(instance)):
        instance.reviewed = False  # a changed entry is reviewed again before other cases see it
        instance.reviewed_by = None
        instance.reviewed_at = None
    errors: dict[str, str] = {}
    _validate_misconduct(organization, instance, errors, actor)
    if errors:
        raise ValidationError(errors)
    instance.full_clean(exclude=["organization", "created_by", "reviewed_by"])
    instance.save()
    audit.record(
        AuditAction.CREATE if creating else AuditAction.UPDATE, actor=actor, obj=instance, case=instance.case,
        organization=organization,
        changes=audit.snapshot(instance, ["person", "kind", "status", "source_kind", "date"]) if creating
        else audit.diff(before, audit.snapshot(instance)),
    )
    return instance


@transaction.atomic
def misconduct_review(*, actor: Any, record: MisconductRecord, reviewed: bool = True) -> MisconductRecord:
    if not has_role(actor, record.organization, REVIEW_ROLES):
        raise PermissionDenied("Only an attorney or an admin may review misconduct entries.")
    record.reviewed = reviewed
    record.reviewed_by = actor if reviewed else None
    record.reviewed_at = timezone.now() if reviewed else None
    record.save(update_fields=["reviewed", "reviewed_by", "reviewed_at", "updated_at"])
    audit.record(AuditAction.UPDATE, actor=actor, obj=record, case=record.case, organization=record.organization,
                 changes={"reviewed": reviewed})
    return record


@transaction.atomic
def misconduct_delete(*, actor: Any, record: MisconductRecord) -> None:
    if not has_role(actor, record.organization, REVIEW_ROLES):
        raise PermissionDenied("Only an attorney or an admin may delete misconduct entries.")
    audit.record(AuditAction.DELETE, actor=actor, obj=record, case=record.case, organization=record.organization,
                 changes=audit.snapshot(record), object_repr=str(record))
    record.delete()


# --- signature runs (the long job) -----------------------------------------------------------------


@transaction.atomic
def signature_run_start(*, actor: Any, case: Case) -> SignatureRun:
    """Queue the job that brings every page signature of the case up to date (a case of
    20,000 pages takes a while; the tab shows its progress)."""
    from innocence.documents.models import Page
    from innocence.jobs.queue import enqueue

    _require_edit(actor, case)
    running = SignatureRun.objects.filter(case=case, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()
    if running is not None:
        return running
    total = Page.objects.filter(document__case=case).count()
    run = SignatureRun.objects.create(case=case, total=total,
                                      started_by=actor if getattr(actor, "is_authenticated", False) else None)
    enqueue("prosecution.signatures_run", {"run_id": run.pk})
    audit.record(AuditAction.CREATE, actor=actor, obj=case, case=case, changes={"signature_run": run.pk, "pages": total},
                 object_repr=f"Near-duplicate signatures queued for {case.reference}")
    return run


# --- person merge ------------------------------------------------------------------------------------


@transaction.atomic
def person_references_move(*, from_person: Person, to_person: Person) -> int:
    """Point every Prosecution-lens record at ``to_person`` (a merge in the actor index)."""
    moved = MisconductRecord.objects.filter(person=from_person).update(person=to_person)
    cases = set(TestimonyConflict.objects.filter(witness=from_person).values_list("case_id", flat=True))
    cases |= set(BradyItem.objects.filter(witness=from_person).values_list("case_id", flat=True))
    moved += TestimonyConflict.objects.filter(witness=from_person).update(witness=to_person)
    moved += BradyItem.objects.filter(witness=from_person).update(witness=to_person)
    for case in Case.objects.filter(pk__in=cases):
        findings_recompute(case=case, lens=LENS)
    return moved


def parse_date(raw: str) -> dt.date | None:
    """A date as lists print them: 2019-04-02, 4/2/2019 or 04/02/19. ValueError with words."""
    raw = (raw or "").strip()
    if not raw:
        return None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y"):
        try:
            parsed = dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        return parsed
    raise ValueError(f"'{raw}' is not a date (use YYYY-MM-DD or M/D/YYYY).")
