"""Shapes of intake records for the API and the CLI's --json output."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from .models import Application


class ApplicationOut(Schema):
    reference: str
    received_on: dt.date
    channel: str
    applicant_name: str
    inmate_number: str
    current_facility: str
    conviction_state: str
    stage: str
    assignee: str | None = None
    age_days: int


class ApplicationDetailOut(ApplicationOut):
    referring_organization: str
    submitted_by: str
    applicant_aliases: list[str]
    applicant_dob: dt.date | None = None
    conviction_county: str
    conviction_court: str
    offense: str
    conviction_year: int | None = None
    conviction_basis: str
    trial_date: dt.date | None = None
    sentence: str
    in_custody_since: dt.date | None = None
    victims: list[str]
    co_defendants: list[str]
    named_people: list[dict[str, str]] = []
    claim: str
    biological_evidence: str
    identity_at_issue: str
    alibi: str
    recantation: str
    evidence_notes: str
    decline_reason: str
    decision_note: str
    case: str | None = None
    warnings: list[str]
    transitions: list[dict[str, Any]]
    screening: list[dict[str, Any]]
    correspondence: list[dict[str, Any]]
    facilities: list[dict[str, Any]]
    candidates: list[dict[str, Any]]
    conflicts_to_decide: int = 0


class ApplicationIn(Schema):
    received_on: dt.date | None = None
    channel: str = "letter"
    referring_organization: str = ""
    submitted_by: str = ""
    applicant_name: str
    applicant_aliases: list[str] = []
    applicant_dob: dt.date | None = None
    inmate_number: str = ""
    facility: str = ""
    facility_address: str = ""
    conviction_state: str = ""
    conviction_county: str = ""
    conviction_court: str = ""
    offense: str = ""
    conviction_year: int | None = None
    conviction_basis: str = ""
    trial_date: dt.date | None = None
    sentence: str = ""
    in_custody_since: dt.date | None = None
    victims: list[str] = []
    co_defendants: list[str] = []
    named_people: list[dict[str, str] | str] = []
    claim: str = ""
    biological_evidence: str = "unknown"
    identity_at_issue: str = "unknown"
    alibi: str = "unknown"
    recantation: str = "unknown"
    evidence_notes: str = ""
    organization: str | None = None


class ConflictDecisionIn(Schema):
    #: waived (the same people, the case may be taken), cleared (not the same people), declined
    outcome: str
    reason: str


class TransitionIn(Schema):
    to_stage: str
    note: str = ""
    reason_code: str = ""
    referred_to: str = ""
    referral_contact: str = ""


def application_as_json(application: Application, *, detail: bool = False, user: Any = None) -> dict[str, Any]:
    from .selectors import age_in_days

    data: dict[str, Any] = {
        "reference": application.reference,
        "received_on": application.received_on,
        "channel": application.channel,
        "applicant_name": application.applicant_name,
        "inmate_number": application.inmate_number,
        "current_facility": application.current_facility,
        "conviction_state": application.conviction_state,
        "stage": application.stage,
        "assignee": application.assignee.get_username() if application.assignee else None,
        "age_days": age_in_days(application),
    }
    if not detail:
        return data
    from .matching import candidates_for

    for name in (
        "referring_organization", "submitted_by", "applicant_aliases", "applicant_dob", "conviction_county",
        "conviction_court", "offense", "conviction_year", "conviction_basis", "trial_date", "sentence",
        "in_custody_since", "victims", "co_defendants", "named_people", "claim", "biological_evidence", "identity_at_issue",
        "alibi", "recantation", "evidence_notes", "decline_reason", "decision_note", "warnings",
    ):
        data[name] = getattr(application, name)
    data["case"] = application.case.reference if application.case else None
    data["transitions"] = [
        {"from": t.from_stage, "to": t.to_stage, "by": t.by.get_username() if t.by else None, "at": t.at,
         "reason_code": t.reason_code, "note": t.note}
        for t in application.transitions.select_related("by")
    ]
    data["screening"] = [
        {"criterion": a.criterion.key, "label": a.criterion.label, "answer": a.answer, "note": a.note}
        for a in application.screening_answers.select_related("criterion")
    ]
    data["correspondence"] = [
        {"date": c.sent_on, "direction": c.direction, "kind": c.kind, "subject": c.subject, "address": c.address,
         "legal_mail": c.legal_mail}
        for c in application.correspondence.all()
    ]
    data["facilities"] = [
        {"facility": s.facility_name, "since": s.since, "until": s.until, "known": s.facility_id is not None}
        for s in application.facility_stays.all()
    ]
    candidates = candidates_for(application, user=user) if user is not None else []
    data["candidates"] = [
        {"kind": c.kind, "target": c.target_kind, "label": c.label, "strength": c.strength, "reasons": c.reasons,
         "hidden": c.hidden, "decision": c.decision,
         "ruling": c.ruling.outcome if c.ruling is not None else None}
        for c in candidates
    ]
    data["conflicts_to_decide"] = (
        0 if application.case_id else sum(1 for c in candidates if c.kind == "conflict" and not c.resolved)
    )
    return data
