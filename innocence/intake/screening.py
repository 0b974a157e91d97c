"""Screening against the organization's own checklist.

Each criterion gets an answer (yes / no / not known / not applicable) and a note. There
is no weight, no total and no ranking: the decision is a person's, with reasons.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from innocence.core import audit
from innocence.core.models import AuditAction, Organization

from .models import Application, IntakeSettings, ScreeningAnswer, ScreeningAnswerValue, ScreeningCriterion
from .reference_data import default_criteria


def ensure_default_criteria(organization: Organization) -> None:
    """Give an organization the default checklist the first time it is needed."""
    if ScreeningCriterion.objects.filter(organization=organization).exists():
        return
    dna = IntakeSettings.objects.filter(organization=organization, dna_focused=True).exists()
    for position, item in enumerate(default_criteria(), start=1):
        ScreeningCriterion.objects.get_or_create(
            organization=organization,
            key=item["key"],
            defaults={
                "label": item["label"],
                "help_text": item.get("help", ""),
                "source": item.get("source", ""),
                "position": position * 10,
                "active": dna or not item.get("dna_only", False),
                "is_default": True,
            },
        )


def apply_dna_focus(organization: Organization, dna_focused: bool) -> None:
    ensure_default_criteria(organization)
    dna_keys = [item["key"] for item in default_criteria() if item.get("dna_only")]
    ScreeningCriterion.objects.filter(organization=organization, key__in=dna_keys, is_default=True).update(
        active=dna_focused
    )


@transaction.atomic
def criterion_save(
    *,
    actor: Any,
    organization: Organization,
    label: str,
    help_text: str = "",
    criterion: ScreeningCriterion | None = None,
    active: bool = True,
    position: int | None = None,
) -> ScreeningCriterion:
    from .services import require_admin

    require_admin(actor, organization)
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": "A criterion needs a wording."})
    if criterion is None:
        ensure_default_criteria(organization)
        base = slugify(label)[:50] or "criterion"
        key, n = base, 1
        while ScreeningCriterion.objects.filter(organization=organization, key=key).exists():
            n += 1
            key = f"{base}-{n}"
        last = ScreeningCriterion.objects.filter(organization=organization).order_by("-position").first()
        criterion = ScreeningCriterion.objects.create(
            organization=organization, key=key, label=label, help_text=help_text.strip(),
            position=position if position is not None else (last.position + 10 if last else 10), active=active,
        )
        audit.record(AuditAction.CREATE, actor=actor, obj=criterion, organization=organization,
                     changes=audit.snapshot(criterion))
        return criterion
    if criterion.organization_id != organization.pk:
        raise ValidationError({"criterion": "That criterion belongs to another organization."})
    before = audit.snapshot(criterion)
    criterion.label, criterion.help_text, criterion.active = label, help_text.strip(), active
    if position is not None:
        criterion.position = position
    criterion.save()
    audit.record(AuditAction.UPDATE, actor=actor, obj=criterion, organization=organization,
                 changes=audit.diff(before, audit.snapshot(criterion)))
    return criterion


@transaction.atomic
def screening_save(
    *, actor: Any, application: Application, answers: dict[int, tuple[str, str]]
) -> list[ScreeningAnswer]:
    """Save answers as {criterion id: (answer, note)}. Unlisted criteria are untouched."""
    from .services import require_intake

    require_intake(actor, application.organization)
    criteria = {c.pk: c for c in ScreeningCriterion.objects.filter(organization=application.organization)}
    saved: list[ScreeningAnswer] = []
    changes: dict[str, Any] = {}
    for criterion_id, (answer, note) in answers.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ValidationError({"criterion": f"Criterion {criterion_id} is not on your organization's checklist."})
        answer = answer or ScreeningAnswerValue.UNKNOWN
        if answer not in ScreeningAnswerValue.values:
            raise ValidationError({"answer": f"'{answer}' is not an answer: use yes, no, unknown or n.a."})
        existing = ScreeningAnswer.objects.filter(application=application, criterion=criterion).first()
        before = (existing.answer, existing.note) if existing else (None, None)
        if before == (answer, note.strip()):
            if existing:
                saved.append(existing)
            continue
        record, _ = ScreeningAnswer.objects.update_or_create(
            application=application, criterion=criterion, defaults={"answer": answer, "note": note.strip(), "by": actor}
        )
        saved.append(record)
        changes[criterion.key] = [list(before), [answer, note.strip()]]
    if changes:
        audit.record(AuditAction.UPDATE, actor=actor, obj=application, changes={"screening": changes})
    return saved


def _hints(application: Application) -> dict[str, str]:
    """What the record already says about a default criterion: shown beside it, never
    filled in for the reviewer."""
    rules = IntakeSettings.objects.filter(organization=application.organization).first()
    served = rules.states_served if rules else []
    hints: dict[str, str] = {}
    state = application.conviction_state
    if not state:
        hints["jurisdiction_served"] = "State of conviction not recorded."
    elif served:
        verdict = "is" if state in served else "is not"
        hints["jurisdiction_served"] = f"{state} {verdict} among the states you serve ({', '.join(served)})."
    hints["biological_evidence"] = f"The applicant says: {application.get_biological_evidence_display()}."
    hints["identity_at_issue"] = f"The applicant says: {application.get_identity_at_issue_display()}."
    if application.in_custody_since:
        hints["time_in_custody"] = f"In custody since {application.in_custody_since.isoformat()}."
    return hints


def screening_rows(application: Application) -> list[dict[str, Any]]:
    """The checklist with this application's answers, for display and editing."""
    ensure_default_criteria(application.organization)
    answers = {a.criterion_id: a for a in application.screening_answers.select_related("by")}
    hints = _hints(application)
    rows = []
    for criterion in ScreeningCriterion.objects.filter(organization=application.organization):
        answer = answers.get(criterion.pk)
        if not criterion.active and answer is None:
            continue
        rows.append({"criterion": criterion, "answer": answer, "hint": hints.get(criterion.key, "")})
    return rows
