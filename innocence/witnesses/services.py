"""Writes to the Witness lens's records. Each function checks the actor's right to change
the case, validates (people of the same organization, documents of the same case, a quote
that is really on the page it cites), writes in one transaction, records the change in the
audit log, and re-runs the Witness-lens rules so findings follow the record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.access import can_edit_case
from innocence.core.models import AuditAction
from innocence.findings.services import findings_recompute
from innocence.people.models import Person

from . import claims as claim_extraction
from .models import (
    ClaimStatus,
    IdentificationProcedure,
    Informant,
    InformantBenefit,
    Interrogation,
    Statement,
    StatementClaim,
    ViewingConditions,
)


@dataclass(frozen=True)
class RecordKind:
    slug: str
    model: type[models.Model]
    label: str
    fields: tuple[str, ...]
    person_fields: tuple[str, ...] = ()
    parent_field: str = ""  # a record that belongs to another witness record (claims, benefits)


CITATION_FIELDS = ("document", "page_number", "quote", "notes")

KINDS: dict[str, RecordKind] = {
    k.slug: k
    for k in (
        RecordKind(
            "statement", Statement, "Statement",
            ("witness", "kind", "date", "taken_by", "taken_by_text", "form", "summary", *CITATION_FIELDS,
             "page_end"),
            ("witness", "taken_by"),
        ),
        RecordKind(
            "claim", StatementClaim, "Statement claim",
            ("statement", "topic", "value", "quote", "document", "page_number", "status"),
            parent_field="statement",
        ),
        RecordKind(
            "procedure", IdentificationProcedure, "Identification procedure",
            ("witness", "suspect", "kind", "date", "sequence", "delay_hours", "administrator", "administration",
             "instructions_unbiased", "instructions_text", "fillers_count", "filler_selection", "suspects_count",
             "suspect_stood_out", "result", "confidence_statement", "confidence_immediate", "confidence_when",
             "feedback_given", "feedback_text", "prior_exposure", "prior_exposure_text", "pre_lineup_interview",
             "video_recorded", *CITATION_FIELDS),
            ("witness", "suspect", "administrator"),
        ),
        RecordKind(
            "viewing", ViewingConditions, "Viewing conditions",
            ("witness", "cross_race", "weapon_present", "lighting", "distance_feet", "duration_seconds", "stress",
             "familiarity", *CITATION_FIELDS),
            ("witness",),
        ),
        RecordKind(
            "interrogation", Interrogation, "Interrogation",
            ("suspect", "date", "interrogators", "suspect_age", "intellectual_disability", "mental_illness",
             "vulnerability_text", "duration_hours", "recorded_in_full", "miranda_waived", "false_evidence_ploy",
             "minimization_leniency", "threats", "tactics_text", "confession", "contains_non_public_facts",
             "non_public_facts", "non_public_source_documented", "corroborated", "recanted", "recantation_date",
             *CITATION_FIELDS),
            ("suspect",),
        ),
        RecordKind(
            "informant", Informant, "Informant",
            ("person", "custody_status", "statement_summary", "heard_date", "testified", "corroborated",
             "corroboration_text", "recanted", "other_cases_checked", "other_cases_text", *CITATION_FIELDS),
            ("person",),
        ),
        RecordKind(
            "benefit", InformantBenefit, "Informant benefit",
            ("informant", "kind", "stage", "description", "date", "disclosed_to_defense", *CITATION_FIELDS),
            parent_field="informant",
        ),
    )
}


def kind_of(instance: models.Model) -> RecordKind:
    for kind in KINDS.values():
        if isinstance(instance, kind.model):
            return kind
    raise ValueError(f"{instance!r} is not a witness record.")


def case_of(instance: models.Model) -> Case:
    if isinstance(instance, StatementClaim):
        return instance.statement.case
    return instance.case  # type: ignore[attr-defined,no-any-return]


def _require_edit(actor: Any, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied("Your role does not allow changes to this case.")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z%]+", " ", text.lower().replace("’", "'")).strip()


def _read_off_the_image(quote: str, text: str) -> bool:
    """A quote the user read off the page image, which lines up closely with the OCR text
    (documents.quote_alignment): accepted, as an excerpt would be."""
    from innocence.documents import quote_alignment

    if not quote_alignment.long_enough(quote):
        return False
    alignment = quote_alignment.align_quote(quote, text)
    return alignment is not None and alignment.similarity >= quote_alignment.MIN_SIMILARITY


def _check_quote(instance: models.Model, errors: dict[str, str]) -> None:
    document = getattr(instance, "document", None)
    number = getattr(instance, "page_number", None)
    quote = (getattr(instance, "quote", "") or "").strip()
    if document is None:
        if number:
            errors["page_number"] = "A page number needs the document it is in."
        return
    if not number:
        return
    page = document.pages.filter(number=number).first()
    if page is None:
        if document.page_count and number > document.page_count:
            errors["page_number"] = f"'{document.title}' has {document.page_count} page(s); there is no page {number}."
        return
    if quote and page.text.strip() and _squash(quote) not in _squash(page.text):
        if _read_off_the_image(quote, page.text):
            return
        errors["quote"] = (
            f"This passage is not on page {number} of '{document.title}'. Copy it verbatim from the page "
            f"(spacing and punctuation may differ)."
        )


def _validate_links(
    case: Case, instance: models.Model, kind: RecordKind, errors: dict[str, str], actor: Any = None
) -> None:
    from innocence.core import access
    from innocence.people.selectors import people_visible_to

    for name in kind.person_fields:
        person = getattr(instance, name, None)
        if person is None:
            continue
        # one rule with the people pages, one message for every id the actor may not name
        hidden = not access.is_system(actor) and not people_visible_to(actor).filter(pk=person.pk).exists()
        if person.organization_id != case.organization_id or hidden:
            errors[name] = "Choose a person of this case's organization."
    document = getattr(instance, "document", None)
    if document is not None and document.case_id != case.pk:
        errors["document"] = "Choose a document filed on this case."
    if kind.parent_field:
        parent = getattr(instance, kind.parent_field, None)
        if parent is not None and case_of(parent) != case:
            errors[kind.parent_field] = "That record belongs to another case."


@transaction.atomic
def witness_record_save(
    *, actor: Any, case: Case, kind: str, values: dict[str, Any], instance: models.Model | None = None,
    recompute: bool = True,
) -> models.Model:
    """Create (``instance=None``) or update one witness record from field values."""
    _require_edit(actor, case)
    spec = KINDS.get(kind)
    if spec is None:
        raise ValidationError({"kind": f"Unknown record kind '{kind}'."})
    unknown = set(values) - set(spec.fields)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Unknown field."))
    creating = instance is None
    if instance is None:
        instance = spec.model()
        if hasattr(instance, "case_id"):
            instance.case = case  # type: ignore[attr-defined]
        if hasattr(instance, "created_by_id"):
            instance.created_by = actor  # type: ignore[attr-defined]
        before: dict[str, Any] = {}
    else:
        if case_of(instance) != case:
            raise PermissionDenied("That record belongs to another case.")
        before = audit.snapshot(instance)
    for name, value in values.items():
        setattr(instance, name, value)
    errors: dict[str, str] = {}
    _validate_links(case, instance, spec, errors, actor)
    _check_quote(instance, errors)
    if errors:
        raise ValidationError(errors)
    instance.full_clean(exclude=["case", "created_by"])
    instance.save()
    audit.record(
        AuditAction.CREATE if creating else AuditAction.UPDATE, actor=actor, obj=instance, case=case,
        changes=audit.snapshot(instance, [f for f in spec.fields if f not in ("quote", "notes")]) if creating
        else audit.diff(before, audit.snapshot(instance)),
    )
    if recompute:
        findings_recompute(case=case, lens="witness", actor=actor)
    return instance


@transaction.atomic
def witness_record_delete(*, actor: Any, instance: models.Model) -> None:
    case = case_of(instance)
    _require_edit(actor, case)
    snapshot = audit.snapshot(instance)
    label = str(instance)
    audit.record(AuditAction.DELETE, actor=actor, obj=instance, case=case, changes=snapshot, object_repr=label)
    instance.delete()
    findings_recompute(case=case, lens="witness", actor=actor)


@transaction.atomic
def claims_propose(*, actor: Any, statement: Statement) -> list[StatementClaim]:
    """Propose claims from the text of the pages a statement is on. Proposals wait for a
    user's confirmation; a proposal already made (or rejected) is not made again."""
    case = statement.case
    _require_edit(actor, case)
    if statement.document is None or not statement.page_number:
        raise ValidationError(
            {"document": "Name the document and pages this statement is on before proposing claims from it."}
        )
    last = statement.page_end or statement.page_number
    pages = statement.document.pages.filter(number__gte=statement.page_number, number__lte=last).order_by("number")
    existing = {(c.topic, claim_extraction.normalize(c.value)) for c in statement.claims.all()}
    created = []
    name = claim_extraction.extractor_name()
    for page in pages:
        for proposal in claim_extraction.propose_claims(page.text):
            key = (proposal.topic, proposal.value)
            if key in existing:
                continue
            existing.add(key)
            created.append(StatementClaim.objects.create(
                statement=statement, topic=proposal.topic, value=proposal.value[:300], quote=proposal.quote,
                document=statement.document, page_number=page.number, status=ClaimStatus.PROPOSED, proposed_by=name,
            ))
    audit.record(
        AuditAction.CREATE, actor=actor, obj=statement, case=case,
        changes={"claims_proposed": len(created), "extractor": name},
        object_repr=f"Claims proposed for {statement}",
    )
    return created


@transaction.atomic
def claim_review(*, actor: Any, claim: StatementClaim, accept: bool, value: str | None = None) -> StatementClaim:
    case = claim.statement.case
    _require_edit(actor, case)
    before = audit.snapshot(claim, ["status", "value"])
    claim.status = ClaimStatus.CONFIRMED if accept else ClaimStatus.REJECTED
    if value is not None and value.strip():
        claim.value = value.strip()[:300]
    claim.reviewed_by = actor
    claim.reviewed_at = timezone.now()
    claim.save()
    audit.record(AuditAction.UPDATE, actor=actor, obj=claim, case=case,
                 changes=audit.diff(before, audit.snapshot(claim, ["status", "value"])))
    findings_recompute(case=case, lens="witness", actor=actor)
    return claim


def persons_for_case(case: Case) -> models.QuerySet[Person]:
    """People who play a role in the case: the choices for witness, suspect, informant fields."""
    return Person.objects.filter(case_roles__case=case).distinct().order_by("full_name")


PERSON_FIELDS = (
    (Statement, "witness"), (Statement, "taken_by"),
    (IdentificationProcedure, "witness"), (IdentificationProcedure, "suspect"),
    (IdentificationProcedure, "administrator"), (ViewingConditions, "witness"),
    (Interrogation, "suspect"), (Informant, "person"),
)


@transaction.atomic
def person_references_move(*, from_person: Person, to_person: Person) -> int:
    """Point every Witness-lens record (and finding) at ``to_person`` instead of
    ``from_person`` — for a merge of two Persons in the actor index, which must call this
    before deleting the merged-away person (the records protect their people from deletion).
    Rules re-run on the affected cases. Returns how many records moved."""
    from innocence.findings.models import Finding

    moved = 0
    cases: set[int] = set()
    for model, field in PERSON_FIELDS:
        rows = model._default_manager.filter(**{field: from_person})
        cases.update(rows.values_list("case_id", flat=True))
        moved += rows.update(**{field: to_person})
    Finding.objects.filter(subject_person=from_person).update(subject_person=to_person)
    for case in Case.objects.filter(pk__in=cases):
        findings_recompute(case=case, lens="witness")
    return moved
