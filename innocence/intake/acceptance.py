"""Accepting an application: open a case with everything carried over.

Carried over: the applicant as a Person (aliases, date of birth) with the applicant role,
named victims and co-defendants with their roles, the conviction (state, county, court,
offense, trial or plea, sentence), the current facility and inmate number, the uploaded
letters (their Documents move to the case), and a note with the claim in the applicant's
words, the evidence answers, the screening answers, the facility history and the
correspondence log. Runs inside the transition's transaction.
"""

from __future__ import annotations

from typing import Any

from nameparser import HumanName

from innocence.cases import services as case_services
from innocence.cases.models import Case, Note
from innocence.cases.stages import Stage as CaseStage
from innocence.core import audit
from innocence.core.models import AuditAction
from innocence.people import services as people_services
from innocence.people.models import Person, RoleKind

from .models import Application, MatchDecision, MatchReview, Tristate

_BASIS_TO_CASE = {"trial": "trial", "plea": "plea", "no_contest": "no_contest"}


def _title(application: Application) -> str:
    surname = HumanName(application.applicant_name).last or application.applicant_name
    return f"State v. {surname}" if application.conviction_state else application.applicant_name


def _linked_person(application: Application) -> Person | None:
    review = MatchReview.objects.filter(
        application=application, target_kind="person", decision=MatchDecision.LINKED, kind="duplicate"
    ).first()
    if review is None:
        return None
    return Person.objects.filter(pk=review.target_id, organization=application.organization).first()


def _applicant_person(application: Application, actor: Any) -> Person:
    person = _linked_person(application)
    names = [application.applicant_name, *application.applicant_aliases]
    if person is None:
        return people_services.person_create(
            actor=actor,
            organization=application.organization,
            full_name=application.applicant_name,
            aliases=application.applicant_aliases,
            date_of_birth=application.applicant_dob,
            notes=f"From intake application {application.reference}.",
            is_fictional=application.is_fictional,
        )
    known = {person.full_name.lower(), *(a.lower() for a in person.aliases)}
    new_aliases = [n for n in names if n.lower() not in known]
    updates: dict[str, Any] = {}
    if new_aliases:
        updates["aliases"] = [*person.aliases, *new_aliases]
    if person.date_of_birth is None and application.applicant_dob:
        updates["date_of_birth"] = application.applicant_dob
    if updates:
        people_services.person_update(actor=actor, person=person, **updates)
    return person


def _answer(value: str) -> str:
    return Tristate(value).label


def _summary_note(application: Application) -> str:
    lines = [
        f"Opened from intake application {application.reference} "
        f"(received {application.received_on.isoformat()}, {application.get_channel_display().lower()}).",
        "",
        "Claim in the applicant's words:",
        application.claim or "(not recorded)",
        "",
        "Evidence, as the applicant describes it:",
        f"- Biological evidence collected: {_answer(application.biological_evidence)}",
        f"- Identity at issue: {_answer(application.identity_at_issue)}",
        f"- Alibi: {_answer(application.alibi)}",
        f"- Recantation: {_answer(application.recantation)}",
    ]
    if application.evidence_notes:
        lines.append(f"- Notes: {application.evidence_notes}")
    if application.conviction_year:
        lines.append(f"Year of conviction (as stated): {application.conviction_year}")
    if application.trial_date:
        lines.append(f"Trial date (as stated): {application.trial_date.isoformat()}")
    if application.in_custody_since:
        lines.append(f"In custody since: {application.in_custody_since.isoformat()}")
    answers = list(application.screening_answers.select_related("criterion"))
    if answers:
        lines += ["", "Screening:"]
        lines += [
            f"- {a.criterion.label}: {a.get_answer_display()}" + (f" — {a.note}" if a.note else "") for a in answers
        ]
    stays = list(application.facility_stays.order_by("recorded_at", "id"))
    if stays:
        lines += ["", "Facilities:"]
        lines += [
            f"- {s.facility_name}" + (f" from {s.since.isoformat()}" if s.since else "")
            + (f" until {s.until.isoformat()}" if s.until else " (current)")
            for s in stays
        ]
    letters = list(application.correspondence.order_by("sent_on", "id"))
    if letters:
        lines += ["", "Correspondence:"]
        lines += [f"- {c.sent_on.isoformat()} {c.get_direction_display().lower()}: {c.subject}" for c in letters]
    if application.decision_note:
        lines += ["", f"Decision note: {application.decision_note}"]
    return "\n".join(lines)


def open_case_from(application: Application, *, actor: Any, stage: str = "") -> Case:
    if application.case_id is not None:
        return application.case  # type: ignore[return-value]
    case = case_services.case_create(
        actor=actor,
        organization=application.organization,
        title=_title(application),
        stage=stage or CaseStage.INVESTIGATION,
        is_fictional=application.is_fictional,
        summary=(application.claim[:2000] if application.claim else ""),
        state=application.conviction_state,
        county=application.conviction_county,
        court=application.conviction_court,
        charges=[application.offense] if application.offense else [],
        conviction_type=_BASIS_TO_CASE.get(application.conviction_basis, ""),
        sentence=application.sentence,
        facility=application.current_facility,
        inmate_number=application.inmate_number,
    )
    if application.assignee_id and application.assignee_id != getattr(actor, "pk", None):
        case_services.team_add(actor=None, case=case, user=application.assignee)
    person = _applicant_person(application, actor)
    people_services.case_role_add(actor=actor, case=case, person=person, role=RoleKind.APPLICANT)
    for names, role in ((application.victims, RoleKind.VICTIM), (application.co_defendants, RoleKind.CO_DEFENDANT)):
        for name in names:
            other = people_services.person_create(
                actor=actor, organization=application.organization, full_name=name,
                notes=f"Named in intake application {application.reference}.", is_fictional=application.is_fictional,
            )
            people_services.case_role_add(
                actor=actor, case=case, person=other, role=role, description="named by the applicant"
            )
    note = Note.objects.create(case=case, author=actor, body=_summary_note(application))
    audit.record(AuditAction.CREATE, actor=actor, obj=note, case=case, changes={"from_application": application.reference})
    for app_file in application.files.select_related("document"):
        if app_file.document is not None and app_file.document.case_id is None:
            document = app_file.document
            document.case = case
            document.save(update_fields=["case", "updated_at"])
            audit.record(
                AuditAction.UPDATE, actor=actor, obj=document, case=case,
                changes={"case": [None, case.reference], "from_application": application.reference},
            )
            _reindex(document)
    return case


def _reindex(document: Any) -> None:
    """The letter's pages now belong to a case: every page-text consumer hears of it (the
    search index keeps each page's case; people are extracted into the new case)."""
    from innocence.documents.pipeline import page_text_changed

    page_ids = list(document.pages.values_list("pk", flat=True))
    if page_ids:  # not processed yet: the pipeline raises the event with its case later
        page_text_changed(document.pk, page_ids)
