"""Writes to findings: re-running the rules, and a reviewer's decisions.

A re-run never overrides a human decision. A dismissed finding stays dismissed and a
confirmed one stays confirmed; if the facts under it change, it is flagged "facts changed
since review" for the reviewer to look again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.access import can_edit_case
from innocence.core.extensions import registry
from innocence.core.models import AuditAction

from .knowledge import RuleEntry, knowledge_base
from .models import Finding, FindingStatus, Origin, RecordCitation, ReviewState
from .registry import CitationDraft, FindingDraft, RegisteredRule, registered_rules


@dataclass
class RecomputeResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed or self.retired)

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "created": self.created, "updated": self.updated, "removed": self.removed,
            "retired": self.retired, "flagged": self.flagged,
        }


def _write_citations(finding: Finding, citations: list[CitationDraft]) -> None:
    finding.citations.all().delete()
    RecordCitation.objects.bulk_create(
        RecordCitation(
            finding=finding,
            position=i,
            document_id=c.document_id,
            document_title=c.document_title[:500],
            page_number=c.page_number,
            quote=c.quote,
            source_model=c.source_model,
            source_pk=c.source_pk,
            source_field=c.source_field,
            source_value=c.source_value,
            label=c.label[:200],
            other_case_id=c.other_case_id,
        )
        for i, c in enumerate(citations)
    )


def _upsert(case: Case, registered: RegisteredRule, entry: RuleEntry, draft: FindingDraft, result: RecomputeResult) -> None:
    digest = draft.digest()
    values: dict[str, Any] = {
        "lens": registered.lens,
        "rule_version": entry.version,
        "subject_person_id": draft.subject_person_id,
        "rule_status": draft.status,
        "title": (draft.title or entry.title)[:300],
        "text": draft.text,
        "research": draft.research or entry.statement,
        "authority_keys": list(dict.fromkeys([*entry.authorities, *draft.extra_authorities])),
        "nre_factors": list(entry.nre_factors),
        "facts_digest": digest,
        "retired": False,
    }
    label = f"{registered.rule_id} [{draft.subject_key}]"
    finding = Finding.objects.filter(case=case, rule_id=registered.rule_id, subject_key=draft.subject_key).first()
    if finding is None:
        finding = Finding.objects.create(
            case=case, rule_id=registered.rule_id, subject_key=draft.subject_key, origin=Origin.RULE,
            status=draft.status, computed_at=timezone.now(), **values,
        )
        _write_citations(finding, draft.citations)
        result.created.append(label)
        return
    unchanged = (
        finding.facts_digest == digest
        and finding.rule_version == entry.version
        and not finding.retired
        and all(getattr(finding, k) == v for k, v in values.items())
    )
    if unchanged:
        return
    for key, value in values.items():
        setattr(finding, key, value)
    if finding.review_state == ReviewState.DISMISSED:
        finding.status = FindingStatus.DISMISSED  # a re-run never overrides a reviewer
    else:
        finding.status = draft.status
    if finding.review_state != ReviewState.UNREVIEWED:
        was_flagged = finding.facts_changed_since_review
        finding.facts_changed_since_review = digest != finding.reviewed_digest
        if finding.facts_changed_since_review and not was_flagged:
            result.flagged.append(label)
    finding.computed_at = timezone.now()
    finding.save()
    _write_citations(finding, draft.citations)
    result.updated.append(label)


@transaction.atomic
def findings_recompute(*, case: Case, lens: str | None = None, actor: Any = None) -> RecomputeResult:
    """Run every registered rule (of one lens, or all) over the case's records and bring the
    stored findings in line, keeping every human decision."""
    if lens is not None and registry().lens(lens) is None:
        known = ", ".join(x.slug for x in registry().lenses())
        raise ValidationError({"lens": f"Unknown lens '{lens}'. Use one of: {known}."})
    knowledge = knowledge_base()
    result = RecomputeResult()
    seen: set[tuple[str, str]] = set()
    rules = registered_rules(lens)
    for registered in rules:
        entry = knowledge.rule(registered.rule_id)
        for draft in registered.function(case, entry):
            if (registered.rule_id, draft.subject_key) in seen:
                continue
            seen.add((registered.rule_id, draft.subject_key))
            _upsert(case, registered, entry, draft, result)
    lenses = [lens] if lens else sorted({r.lens for r in rules})
    stale = Finding.objects.filter(case=case, origin=Origin.RULE, lens__in=lenses)
    for finding in stale:
        if (finding.rule_id, finding.subject_key) in seen:
            continue
        label = f"{finding.rule_id} [{finding.subject_key}]"
        if finding.review_state == ReviewState.UNREVIEWED:
            finding.delete()
            result.removed.append(label)
        elif not finding.retired:
            finding.retired = True
            finding.facts_changed_since_review = True
            finding.save(update_fields=["retired", "facts_changed_since_review", "updated_at"])
            result.retired.append(label)
    if result.changed:
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            obj=case,
            case=case,
            changes={"findings_recomputed": lens or "all", **{k: len(v) for k, v in result.as_dict().items()}},
            object_repr=f"Findings of {case.reference} recomputed",
        )
    return result


def _require_edit(actor: Any, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied("Your role does not allow reviewing findings on this case.")


@transaction.atomic
def finding_dismiss(*, actor: Any, finding: Finding, reason: str) -> Finding:
    _require_edit(actor, finding.case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the finding is dismissed; the reason is kept with it."})
    before = audit.snapshot(finding, ["status", "review_state", "review_reason"])
    finding.review_state = ReviewState.DISMISSED
    finding.status = FindingStatus.DISMISSED
    finding.review_reason = reason
    finding.reviewed_by = actor
    finding.reviewed_at = timezone.now()
    finding.reviewed_digest = finding.facts_digest
    finding.facts_changed_since_review = False
    finding.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=finding, case=finding.case,
        changes=audit.diff(before, audit.snapshot(finding, ["status", "review_state", "review_reason"])),
    )
    return finding


@transaction.atomic
def finding_confirm(*, actor: Any, finding: Finding, note: str = "") -> Finding:
    _require_edit(actor, finding.case)
    before = audit.snapshot(finding, ["status", "review_state", "review_reason"])
    finding.review_state = ReviewState.CONFIRMED
    finding.status = finding.rule_status or finding.status
    if finding.status == FindingStatus.DISMISSED:
        finding.status = FindingStatus.PRESENT
    finding.review_reason = (note or "").strip()
    finding.reviewed_by = actor
    finding.reviewed_at = timezone.now()
    finding.reviewed_digest = finding.facts_digest
    finding.facts_changed_since_review = False
    finding.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=finding, case=finding.case,
        changes=audit.diff(before, audit.snapshot(finding, ["status", "review_state", "review_reason"])),
    )
    return finding


@transaction.atomic
def finding_reopen(*, actor: Any, finding: Finding) -> Finding:
    """Undo a review: the finding goes back to what the rule computed."""
    _require_edit(actor, finding.case)
    before = audit.snapshot(finding, ["status", "review_state", "review_reason"])
    finding.review_state = ReviewState.UNREVIEWED
    finding.status = finding.rule_status or FindingStatus.PRESENT
    finding.review_reason = ""
    finding.reviewed_by = None
    finding.reviewed_at = None
    finding.reviewed_digest = ""
    finding.facts_changed_since_review = False
    finding.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=finding, case=finding.case,
        changes=audit.diff(before, audit.snapshot(finding, ["status", "review_state", "review_reason"])),
    )
    return finding


@transaction.atomic
def finding_create(
    *,
    actor: Any,
    case: Case,
    lens: str,
    title: str,
    text: str,
    nre_factors: list[str] | None = None,
    authority_keys: list[str] | None = None,
    citations: list[CitationDraft] | None = None,
) -> Finding:
    """A finding a person makes (origin: person). Re-runs of the rules never touch it."""
    _require_edit(actor, case)
    knowledge = knowledge_base()
    errors: dict[str, str] = {}
    if registry().lens(lens) is None:
        errors["lens"] = f"Unknown lens '{lens}'."
    if not (title or "").strip():
        errors["title"] = "A finding needs a short title."
    if not (text or "").strip():
        errors["text"] = "Say what was found, in the record's own words where possible."
    unknown_factors = [c for c in nre_factors or [] if c not in knowledge.factors]
    if unknown_factors:
        errors["nre_factors"] = f"Unknown NRE factor code(s): {', '.join(unknown_factors)}."
    unknown_keys = [k for k in authority_keys or [] if k not in knowledge.authorities]
    if unknown_keys:
        errors["authority_keys"] = f"Unknown authority key(s): {', '.join(unknown_keys)}."
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.create(
        case=case, lens=lens, rule_id="manual", rule_version=1, subject_key=f"manual:{uuid.uuid4().hex[:12]}",
        status=FindingStatus.PRESENT, rule_status=FindingStatus.PRESENT, title=title.strip()[:300],
        text=text.strip(), authority_keys=authority_keys or [], nre_factors=nre_factors or [],
        origin=Origin.PERSON, created_by=actor, computed_at=timezone.now(),
    )
    _write_citations(finding, citations or [])
    audit.record(AuditAction.CREATE, actor=actor, obj=finding, case=case, changes={"title": finding.title})
    return finding
