"""Writes to intake records. Each function checks the actor's right, validates, writes
in one transaction and records what it did in the audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from innocence.core import access, audit
from innocence.core.models import AuditAction, Organization

from . import validation
from .models import (
    Application,
    ApplicationFile,
    ConflictDecision,
    ConflictOutcome,
    Facility,
    FacilityStay,
    FileKind,
    IntakeSettings,
    MatchDecision,
    MatchReview,
    Referral,
    StageTransition,
)
from .reference_data import decline_reasons
from .selectors import can_work_intake, settings_for
from .stages import DECIDED_STAGES, Stage, allowed_next


def require_intake(actor: Any, organization: Organization) -> None:
    if actor is not None and not can_work_intake(actor, organization):
        raise PermissionDenied("Only the organization's intake coordinators and admins work on applications.")


def require_admin(actor: Any, organization: Organization) -> None:
    if not access.can_administer(actor, organization):
        raise PermissionDenied("Only an organization admin can change intake settings.")


def next_reference(organization: Organization, year: int | None = None) -> str:
    year = year or timezone.now().year
    prefix = f"{organization.case_prefix}-A{year}-"
    taken = Application.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in taken if ref.rsplit("-", 1)[1].isdecimal()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def submission_fingerprint(organization: Organization, fields: dict[str, Any]) -> str:
    """Same form, same answers → same fingerprint (to catch a double submission)."""
    parts = [str(organization.pk)]
    for name in ("applicant_name", "applicant_dob", "inmate_number", "submitted_by", "claim"):
        parts.append(" ".join(str(fields.get(name) or "").lower().split()))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _record_stay(
    application: Application, *, actor: Any, facility_name: str, since: dt.date | None, address: str, note: str
) -> FacilityStay | None:
    facility_name = " ".join(facility_name.split())
    if not facility_name:
        return None
    known = Facility.objects.filter(organization=application.organization, name__iexact=facility_name).first()
    current = application.facility_stays.filter(until__isnull=True).first()
    if current is not None:
        current.until = since or timezone.localdate()
        current.save(update_fields=["until"])
    stay = FacilityStay.objects.create(
        application=application,
        facility_name=known.name if known else facility_name,
        facility=known,
        address=address.strip(),
        since=since,
        note=note,
        recorded_by=actor,
    )
    application.current_facility = stay.facility_name
    return stay


@transaction.atomic
def application_create(
    *,
    actor: Any,
    organization: Organization,
    facility: str = "",
    facility_address: str = "",
    files: list[tuple[str, bytes, str]] | None = None,
    file_kind: str = FileKind.LETTER,
    is_fictional: bool = False,
    submission_hash: str = "",
    username: str = "",
    **fields: Any,
) -> Application:
    """Record an incoming request. `files` are (name, bytes, content type) as received."""
    require_intake(actor, organization)
    fields.setdefault("received_on", timezone.localdate())
    cleaned = validation.clean_fields(fields)
    validation.check_consistency(cleaned)
    application = Application(
        organization=organization,
        reference=next_reference(organization),
        created_by=actor,
        is_fictional=is_fictional,
        submission_hash=submission_hash,
        **cleaned,
    )
    application.save()
    _record_stay(application, actor=actor, facility_name=facility, since=None, address=facility_address, note="")
    application.warnings = validation.warnings_for(
        validation.values_of(application), organization=organization, facility_name=application.current_facility
    )
    application.save()
    StageTransition.objects.create(application=application, to_stage=Stage.NEW, by=actor, note="Received")
    audit.record(
        AuditAction.CREATE, actor=actor, obj=application, changes=audit.snapshot(application), username=username
    )
    for name, content, content_type in files or []:
        file_attach(
            actor=actor, application=application, name=name, content=content,
            content_type=content_type, kind=file_kind, username=username,
        )
    return application


@transaction.atomic
def application_update(*, actor: Any, application: Application, **fields: Any) -> Application:
    require_intake(actor, application.organization)
    cleaned = validation.clean_fields(fields)
    before = audit.snapshot(application, list(cleaned))
    validation.check_consistency({**validation.values_of(application), **cleaned})
    for name, value in cleaned.items():
        setattr(application, name, value)
    application.warnings = validation.warnings_for(
        validation.values_of(application), organization=application.organization,
        facility_name=application.current_facility,
    )
    application.save()
    changes = audit.diff(before, audit.snapshot(application, list(cleaned)))
    if changes:
        audit.record(AuditAction.UPDATE, actor=actor, obj=application, changes=changes)
    return application


@transaction.atomic
def facility_move(
    *,
    actor: Any,
    application: Application,
    facility: str,
    since: dt.date | None = None,
    address: str = "",
    note: str = "",
) -> FacilityStay:
    """The applicant was transferred: close the current stay, open a new one."""
    require_intake(actor, application.organization)
    if not facility.strip():
        raise ValidationError({"facility": "Name the facility the applicant moved to."})
    if since and since > timezone.localdate():
        raise ValidationError({"since": "A transfer date cannot be in the future."})
    before = application.current_facility
    stay = _record_stay(application, actor=actor, facility_name=facility, since=since, address=address, note=note)
    assert stay is not None
    application.warnings = validation.warnings_for(
        validation.values_of(application), organization=application.organization,
        facility_name=application.current_facility,
    )
    application.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=application,
        changes={"current_facility": [before, application.current_facility], "since": since},
    )
    return stay


def _attach_document(app_file: ApplicationFile, *, actor: Any) -> None:
    """File the scan as a case-less Document (provenance: applicant), so it is OCR'd and
    moves to the case on acceptance. Without the documents app's service the file stays
    an ApplicationFile only, and nothing is lost."""
    try:
        from innocence.documents import services as document_services
    except ImportError:
        return
    add_file = getattr(document_services, "add_file", None)
    if add_file is None:
        return
    try:
        with app_file.file.open("rb") as handle, transaction.atomic():
            result = add_file(
                actor=actor,
                organization=app_file.application.organization,
                case=None,
                name=app_file.original_name,
                stream=handle,
                provenance="applicant",
                check_permission=False,  # intake rights were checked by file_attach
            )
    except (ValidationError, PermissionDenied, OSError, TypeError):
        return
    document = getattr(result, "document", None)
    if document is not None:
        app_file.document = document
        app_file.save(update_fields=["document"])


@transaction.atomic
def file_attach(
    *,
    actor: Any,
    application: Application,
    name: str,
    content: bytes,
    content_type: str = "",
    kind: str = FileKind.LETTER,
    username: str = "",
) -> ApplicationFile:
    require_intake(actor, application.organization)
    if kind not in FileKind.values:
        raise ValidationError({"kind": f"Unknown file kind '{kind}'."})
    if not content:
        raise ValidationError({"file": f"'{name}' is empty."})
    digest = hashlib.sha256(content).hexdigest()
    existing = application.files.filter(sha256=digest).first()
    if existing is not None:
        return existing
    app_file = ApplicationFile(
        application=application,
        original_name=name[:300] or "upload",
        size=len(content),
        sha256=digest,
        content_type=content_type[:120],
        kind=kind,
        uploaded_by=actor,
    )
    safe_name = f"{digest[:16]}-{''.join(c for c in name if c.isalnum() or c in '._-')[-80:] or 'upload'}"
    app_file.file.save(safe_name, ContentFile(content), save=False)
    app_file.save()
    audit.record(
        AuditAction.CREATE, actor=actor, obj=app_file, organization=application.organization, username=username,
        changes={"application": application.reference, "name": app_file.original_name, "sha256": digest},
    )
    _attach_document(app_file, actor=actor)
    return app_file


def _check_assignee(organization: Organization, assignee: Any) -> None:
    if assignee is not None and not access.has_role(assignee, organization, access.INTAKE_ROLES):
        raise ValidationError({"assignee": "Assign applications to an intake coordinator or admin of the organization."})


@transaction.atomic
def application_assign(*, actor: Any, application: Application, assignee: Any) -> Application:
    require_intake(actor, application.organization)
    _check_assignee(application.organization, assignee)
    before = application.assignee.get_username() if application.assignee else ""
    application.assignee = assignee
    application.save(update_fields=["assignee", "updated_at"])
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=application,
        changes={"assignee": [before, assignee.get_username() if assignee else ""]},
    )
    return application


@transaction.atomic
def application_transition(
    *,
    actor: Any,
    application: Application,
    to_stage: str,
    note: str = "",
    reason_code: str = "",
    referred_to: str = "",
    referral_contact: str = "",
    case_stage: str = "",
) -> StageTransition:
    """Move an application along the workflow table (innocence.intake.stages)."""
    require_intake(actor, application.organization)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": f"Unknown stage '{to_stage}'."})
    if to_stage not in allowed_next(application.stage):
        allowed = ", ".join(Stage(s).label for s in allowed_next(application.stage)) or "none"
        raise ValidationError(
            {
                "to_stage": f"An application cannot move from {Stage(application.stage).label} to "
                f"{Stage(to_stage).label}. Allowed next: {allowed}."
            }
        )
    note = note.strip()
    if to_stage == Stage.DECLINED:
        if reason_code not in decline_reasons():
            raise ValidationError({"reason_code": "Choose the reason for declining from the list."})
        if reason_code == "other" and not note:
            raise ValidationError({"note": "Explain the reason in the note when it is 'other'."})
    elif to_stage == Stage.REFERRED:
        if not referred_to.strip():
            raise ValidationError({"referred_to": "Name the organization the request is referred to."})
    elif to_stage == Stage.MORE_INFO and not note:
        raise ValidationError({"note": "Say what information is needed (it goes into the letter)."})
    elif to_stage == Stage.ACCEPTED:
        require_conflicts_decided(application)
    from_stage = application.stage
    now = timezone.now()
    transition = StageTransition.objects.create(
        application=application, from_stage=from_stage, to_stage=to_stage,
        reason_code=reason_code if to_stage == Stage.DECLINED else "", note=note, by=actor,
    )
    if application.acknowledged_at is None and from_stage == Stage.NEW:
        application.acknowledged_at = now
    if to_stage in DECIDED_STAGES:
        application.decided_at = now
        application.decision_note = note
    elif from_stage in DECIDED_STAGES:
        application.decided_at = None  # reconsidered: the decision clock runs again
    application.decline_reason = reason_code if to_stage == Stage.DECLINED else ""
    application.stage = to_stage
    if to_stage == Stage.REFERRED:
        Referral.objects.create(
            application=application, to_organization=referred_to.strip(), contact=referral_contact.strip(),
            note=note, by=actor,
        )
    if to_stage == Stage.ACCEPTED:
        from .acceptance import open_case_from

        application.case = open_case_from(application, actor=actor, stage=case_stage)
    application.save()
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=application,
        changes={
            "stage": [from_stage, to_stage], "note": note, "reason_code": reason_code,
            "referred_to": referred_to, "case": application.case.reference if application.case else "",
        },
    )
    return transition


def require_conflicts_decided(application: Application) -> None:
    """Refuse to accept an application with an adverse-party conflict no admin has decided
    on. Checked against every case of the organization, seen by the actor or not; the
    message says how many, never where."""
    from .matching import unresolved_conflicts

    open_conflicts = unresolved_conflicts(application)
    if open_conflicts:
        count = len(open_conflicts)
        raise ValidationError({"to_stage": (
            f"This application has {count} adverse-party conflict{'s that need' if count != 1 else ' that needs'} "
            "an organization admin's recorded decision (waived, or not the same people) before it can be "
            "accepted: see 'Duplicate and conflict check'."
        )})


@transaction.atomic
def conflict_decide(*, actor: Any, application: Application, outcome: str, reason: str) -> ConflictDecision:
    """An organization admin's decision on every adverse-party conflict the check finds now:
    waived (the matches are the same people; the case may be taken, and on acceptance its
    people are linked to them), cleared (not the same people), or declined for conflict
    (the application moves to Declined with the reason 'conflict' where the workflow allows).
    Audited. Waiving or clearing needs an admin who can see every case of the conflicts."""
    from .matching import Probe, conflicts_of, find_candidates

    require_intake(actor, application.organization)
    if not access.can_administer(actor, application.organization):
        raise PermissionDenied("Only an organization admin can record a decision on a conflict.")
    if outcome not in ConflictOutcome.values:
        raise ValidationError({"outcome": "Choose: conflict waived, not the same people, or declined for conflict."})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why, in words (whose consent, what was weighed): it is kept with the decision."})
    if application.stage == Stage.ACCEPTED:
        raise ValidationError({"outcome": "The application was already accepted: its case follows its own workflow."})
    conflicts = conflicts_of(application)
    if not conflicts:
        raise ValidationError({"outcome": "The conflict check finds no conflict on this application to decide on."})
    if outcome != ConflictOutcome.DECLINED:
        seen = {c.key for c in find_candidates(Probe.of(application), user=actor) if not c.hidden}
        if any(c.key not in seen for c in conflicts):
            raise PermissionDenied(
                "A conflict is in a case you cannot see: an admin who can see it must waive or clear it."
            )
    decision = ConflictDecision.objects.create(
        application=application, outcome=outcome, reason=reason, conflict_keys=[c.key for c in conflicts], by=actor,
    )
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=application,
        changes={"conflict_decision": {"outcome": outcome, "reason": reason, "conflicts": len(conflicts)}},
    )
    if (
        outcome == ConflictOutcome.DECLINED
        and application.stage != Stage.DECLINED
        and Stage.DECLINED in allowed_next(application.stage)
    ):
        application_transition(
            actor=actor, application=application, to_stage=Stage.DECLINED, reason_code="conflict",
            note="Declined for conflict (an admin's decision is recorded on the application).",
        )
    return decision


def bulk_assign(*, actor: Any, applications: list[Application], assignee: Any) -> int:
    with transaction.atomic():
        for application in applications:
            application_assign(actor=actor, application=application, assignee=assignee)
    return len(applications)


@transaction.atomic
def match_review(
    *, actor: Any, application: Application, target_kind: str, target_id: int, decision: str,
    kind: str = "duplicate", note: str = "",
) -> MatchReview:
    require_intake(actor, application.organization)
    if decision not in MatchDecision.values:
        raise ValidationError({"decision": "Link, dismiss or flag."})
    if target_kind not in ("application", "case", "person"):
        raise ValidationError({"target_kind": "Unknown candidate kind."})
    review, _ = MatchReview.objects.update_or_create(
        application=application, target_kind=target_kind, target_id=target_id, kind=kind,
        defaults={"decision": decision, "note": note.strip(), "by": actor},
    )
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=application,
        changes={"match_review": {"target": f"{target_kind}:{target_id}", "kind": kind, "decision": decision}},
    )
    return review


SETTINGS_FIELDS = (
    "days_to_acknowledge", "days_to_decide", "dna_focused", "states_served", "public_form_enabled",
    "public_form_intro", "return_address", "signature",
)


@transaction.atomic
def settings_update(*, actor: Any, organization: Organization, **fields: Any) -> IntakeSettings:
    require_admin(actor, organization)
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Unknown setting."))
    rules = settings_for(organization)
    before = audit.snapshot(rules)
    for name in ("days_to_acknowledge", "days_to_decide"):
        if name in fields and (fields[name] is None or int(fields[name]) < 1 or int(fields[name]) > 3650):
            raise ValidationError({name: "Use a number of days between 1 and 3650."})
    if "states_served" in fields:
        states = fields["states_served"]
        if isinstance(states, str):
            states = states.replace(",", " ").split()
        states = [s.strip().upper() for s in states if s.strip()]
        bad = [s for s in states if len(s) != 2 or not s.isalpha()]
        if bad:
            raise ValidationError({"states_served": f"Not a two-letter state code: {', '.join(bad)}."})
        fields["states_served"] = states
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.save()
    if "dna_focused" in fields:
        from .screening import apply_dna_focus

        apply_dna_focus(organization, bool(fields["dna_focused"]))
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=rules, organization=organization,
        changes=audit.diff(before, audit.snapshot(rules)),
    )
    return rules


@transaction.atomic
def facility_create(*, actor: Any, organization: Organization, name: str, state: str = "", address: str = "") -> Facility:
    require_intake(actor, organization)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "A facility needs a name."})
    if Facility.objects.filter(organization=organization, name__iexact=name).exists():
        raise ValidationError({"name": f"'{name}' is already in the facility list."})
    facility = Facility.objects.create(organization=organization, name=name, state=state.strip().upper()[:2],
                                       address=address.strip())
    FacilityStay.objects.filter(
        application__organization=organization, facility__isnull=True, facility_name__iexact=name
    ).update(facility=facility)
    for application in Application.objects.filter(organization=organization, current_facility__iexact=name):
        application.warnings = validation.warnings_for(
            validation.values_of(application), organization=organization, facility_name=application.current_facility
        )
        application.save(update_fields=["warnings"])
    audit.record(AuditAction.CREATE, actor=actor, obj=facility, organization=organization,
                 changes=audit.snapshot(facility))
    return facility


def record_view(*, actor: Any, application: Application, what: str = "application") -> None:
    audit.record(AuditAction.VIEW, actor=actor, obj=application, changes={"viewed": what})
