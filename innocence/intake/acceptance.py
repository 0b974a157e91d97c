"""Accepting an application: open a case with everything carried over.

Carried over: the applicant as a Person (aliases, date of birth) with the applicant role,
named victims, co-defendants and other people named with their roles, the conviction (state, county, court,
offense, trial or plea, sentence), the current facility and inmate number, the uploaded
letters (their Documents move to the case), and a note with the claim in the applicant's
words, the evidence answers, the screening answers, the facility history and the
correspondence log. Runs inside the transition's transaction.

People already known to the organization are not made twice: the applicant, and anyone
the application names, gets the new case role on the existing Person they matched when
the match is confirmed — a coordinator linked it ("same person"), or an admin waived a
conflict with that person (a waiver says they are the same people) — or, for the
applicant, when it is strong on its own (name with date of birth or inmate number, one
such person, in a case the accepting user may see). A match dismissed ("not the same"),
or a conflict an admin cleared as not the same people, is never linked.
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

from .models import Application, ConflictOutcome, MatchDecision, MatchReview, Tristate

#: Strength at which the applicant is linked to an existing person without a review: the
#: name and the date of birth (or the inmate number) agree, not the name alone.
LINK_AT = 75

_BASIS_TO_CASE = {"trial": "trial", "plea": "plea", "no_contest": "no_contest"}


def _title(application: Application) -> str:
    surname = HumanName(application.applicant_name).last or application.applicant_name
    return f"State v. {surname}" if application.conviction_state else application.applicant_name


def existing_people(application: Application, *, actor: Any) -> dict[str, Person]:
    """Who of the application is an existing Person: ``""`` for the applicant, else the
    name as the application writes it."""
    from .matching import candidates_for, conflicts_of

    org = application.organization
    reviews = {(r.target_kind, r.target_id): r.decision for r in MatchReview.objects.filter(application=application)}
    found: dict[str, tuple[int, Person]] = {}

    def keep(subject: str, strength: int, person: Person | None) -> None:
        if person is not None and person.organization_id == org.pk and (
            subject not in found or strength > found[subject][0]
        ):
            found[subject] = (strength, person)

    by_pk = {p.pk: p for p in Person.objects.filter(organization=org)}
    refused: set[int] = set()  # an admin said: not the same people
    for conflict in conflicts_of(application):
        if conflict.target_kind != "person":
            continue
        if conflict.ruling is not None and conflict.ruling.outcome == ConflictOutcome.CLEARED:
            refused.add(conflict.target_id)
        decision = reviews.get(("person", conflict.target_id), "")
        waived = conflict.ruling is not None and conflict.ruling.outcome == ConflictOutcome.WAIVED
        if decision == MatchDecision.LINKED or (waived and decision != MatchDecision.DISMISSED):
            for subject in conflict.subjects:
                keep(subject, conflict.strength + 100, by_pk.get(conflict.target_id))  # confirmed beats strong
    strong: list[tuple[int, Person]] = []
    for candidate in candidates_for(application, user=actor):
        if candidate.kind != "duplicate" or candidate.target_kind not in ("person", "case"):
            continue
        decision = reviews.get((candidate.target_kind, candidate.target_id), "")
        if candidate.target_kind == "person":
            person = by_pk.get(candidate.target_id)
        else:
            case = Case.objects.filter(pk=candidate.target_id, organization=org).select_related("applicant").first()
            person = case.applicant if case else None
        if decision == MatchDecision.LINKED:
            keep("", 1000, person)
        elif (
            decision != MatchDecision.DISMISSED and not candidate.hidden and candidate.strength >= LINK_AT
            and person is not None and person.pk not in refused
        ):
            strong.append((candidate.strength, person))
    if len({p.pk for _, p in strong}) == 1:  # two strong namesakes: a person must choose
        keep("", *strong[0])
    return {subject: person for subject, (_, person) in found.items()}


def _applicant_person(application: Application, actor: Any, person: Person | None) -> Person:
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
    known = existing_people(application, actor=actor)
    person = _applicant_person(application, actor, known.get(""))
    people_services.case_role_add(actor=actor, case=case, person=person, role=RoleKind.APPLICANT)
    if known.get(""):
        _record_link(application, actor=actor, case=case, person=person, as_role=RoleKind.APPLICANT)
    named = [(n, RoleKind.VICTIM.value) for n in application.victims]
    named += [(n, RoleKind.CO_DEFENDANT.value) for n in application.co_defendants]
    named += [(p["name"], p["role"]) for p in application.named_people if p.get("name") and p.get("role")]
    for name, role in named:
        other = known.get(name)
        if other is None:
            other = people_services.person_create(
                actor=actor, organization=application.organization, full_name=name,
                notes=f"Named in intake application {application.reference}.", is_fictional=application.is_fictional,
            )
        elif case.roles.filter(person=other, role=role).exists():
            continue  # named twice in the same role
        else:
            _record_link(application, actor=actor, case=case, person=other, as_role=role)
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


def _record_link(application: Application, *, actor: Any, case: Case, person: Person, as_role: str) -> None:
    audit.record(
        AuditAction.UPDATE, actor=actor, obj=person, case=case,
        changes={"linked_from_application": application.reference, "role": as_role},
    )


def _reindex(document: Any) -> None:
    """The letter's pages now belong to a case: every page-text consumer hears of it (the
    search index keeps each page's case; people are extracted into the new case)."""
    from innocence.documents.pipeline import page_text_changed

    page_ids = list(document.pages.values_list("pk", flat=True))
    if page_ids:  # not processed yet: the pipeline raises the event with its case later
        page_text_changed(document.pk, page_ids)
