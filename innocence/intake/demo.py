"""Fictional intake demo: applications at different stages in the Lakeside demo
organization. Every name, number, facility and story here is invented.

Includes "Robert Lee Ashcombe", whose earlier letter (two years ago) came in as "Bobby
Ashcombe": opening his new application shows the duplicate warning. And "Curtis Bell", the
jailhouse informant who testified against the clinic's client Marcus Hale (LIC-DEMO-001),
writes for help himself, naming the store clerk Gloria Vance — a witness in Hale's case — as
the victim of his own: the application shows the adverse-party conflicts, and cannot be
accepted until an admin records a decision. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from . import letters, screening, services
from .models import Application, Correspondence, Facility, StageTransition
from .selectors import settings_for

if TYPE_CHECKING:
    from innocence.cases.demo import DemoContext

FACILITIES = (
    ("Harrow Bend Correctional Center (fictional)", "LA", "PO Box 4410\nHarrow Bend, LA 70999 (fictional)"),
    ("Pine Hollow Unit (fictional)", "TX", "1 Pine Hollow Road\nCalder, TX 79999 (fictional)"),
    ("Marsh Point Women's Facility (fictional)", "LA", "PO Box 77\nMarsh Point, LA 70998 (fictional)"),
)

# days ago received, then the stages it went through (with days after receipt)
APPLICATIONS: tuple[dict[str, Any], ...] = (
    {
        "applicant_name": "Bobby Ashcombe", "applicant_dob": dt.date(1975, 8, 14), "inmate_number": "",
        "facility": "Harrow Bend Correctional Center (fictional)", "conviction_state": "LA",
        "conviction_county": "Lakeside Parish (fictional)", "offense": "Armed robbery", "conviction_year": 1999,
        "conviction_basis": "trial", "sentence": "99 years",
        "claim": "They said I robbed the pawn shop but I was working the night shift at the cannery. "
        "My boss never got called to court.",
        "alibi": "yes", "identity_at_issue": "yes",
        "received_days_ago": 735,
        "path": [("acknowledged", 9), ("questionnaire_sent", 40), ("declined", 260, "no_response")],
    },
    {
        "applicant_name": "Robert Lee Ashcombe", "applicant_dob": dt.date(1975, 8, 14), "inmate_number": "A-771204",
        "facility": "Harrow Bend Correctional Center (fictional)", "conviction_state": "LA",
        "conviction_county": "Lakeside Parish (fictional)", "offense": "Armed robbery", "conviction_year": 1999,
        "conviction_basis": "trial", "sentence": "99 years",
        "claim": "I wrote you before. I never robbed that pawn shop. I was at work at the cannery and the "
        "time cards will show it. The clerk picked me from a photo lineup after the police showed her my picture.",
        "alibi": "yes", "identity_at_issue": "yes", "biological_evidence": "unknown",
        "received_days_ago": 4, "path": [],
    },
    {
        "applicant_name": "Latrice Moore-Fenn", "applicant_dob": dt.date(1982, 1, 30), "inmate_number": "W-30318",
        "facility": "Marsh Point Women's Facility (fictional)", "conviction_state": "LA",
        "conviction_county": "Lakeside Parish (fictional)", "offense": "Second-degree murder", "conviction_year": 2006,
        "conviction_basis": "trial", "sentence": "Life",
        "claim": "The fire started in the kitchen by accident. The fire marshal said it was set on purpose "
        "because of the burn marks on the floor.",
        "biological_evidence": "no", "identity_at_issue": "no",
        "received_days_ago": 210,
        "path": [("acknowledged", 6), ("questionnaire_sent", 20), ("questionnaire_received", 75),
                 ("under_review", 80)],
    },
    {
        "applicant_name": "Dewayne Okafor", "applicant_dob": dt.date(1990, 6, 2), "inmate_number": "D-902211",
        "facility": "Briar Creek Detention (fictional, not in list)", "conviction_state": "MS",
        "offense": "Burglary", "conviction_year": 2015, "conviction_basis": "plea",
        "trial_date": dt.date(2015, 9, 1),
        "claim": "I took the plea because my lawyer said I would get 40 years at trial. I was in Memphis.",
        "co_defendants": ["Terrence Odum"],
        "received_days_ago": 31, "path": [],
    },
    {
        "applicant_name": "Harold Vickery", "applicant_dob": dt.date(1958, 3, 11), "inmate_number": "01992777",
        "facility": "Pine Hollow Unit (fictional)", "conviction_state": "TX",
        "conviction_county": "Calder County (fictional)", "offense": "Aggravated sexual assault",
        "conviction_year": 1987, "conviction_basis": "trial", "sentence": "Life",
        "claim": "The victim said her attacker had a beard. I have never had a beard. A hair found on her "
        "coat was said to match mine.",
        "biological_evidence": "yes", "identity_at_issue": "yes",
        "received_days_ago": 95,
        "path": [("acknowledged", 12), ("referred", 60)],
        "referred_to": "Calder County Conviction Integrity Unit (fictional)",
    },
    {
        "applicant_name": "Curtis Bell", "applicant_aliases": ["Smoke"], "applicant_dob": dt.date(1961, 4, 18),
        "inmate_number": "B-550613", "facility": "Pine Hollow Unit (fictional)", "conviction_state": "LA",
        "conviction_county": "Lakeside Parish (fictional)", "offense": "Burglary of an inhabited dwelling",
        "conviction_year": 2001, "conviction_basis": "plea", "sentence": "12 years",
        "victims": ["Gloria Vance"],
        "named_people": [{"name": "Raymond Kessler", "role": "officer"}],
        "claim": "I pleaded to a burglary I did not do. The detective told me to take the deal or he would "
        "see I got the maximum. Mrs. Vance never saw who came in.",
        "identity_at_issue": "yes",
        "received_days_ago": 9, "path": [("acknowledged", 2), ("under_review", 6)],
    },
    {
        "applicant_name": "Marisol Quintero", "applicant_dob": None, "inmate_number": "",
        "facility": "Harrow Bend Correctional Center (fictional)", "conviction_state": "LA",
        "offense": "Drug possession with intent", "conviction_year": 2019, "channel": "family",
        "submitted_by": "Ana Quintero (sister)",
        "claim": "My brother is innocent; the drugs were in the car of the man who gave him a ride.",
        "received_days_ago": 18, "path": [("acknowledged", 3)],
    },
)


def _backdate(application: Application, received: dt.date, path_days: list[int]) -> None:
    """Demo history: put the transitions on the days the story says."""
    transitions = list(application.transitions.order_by("id"))
    moments = [received, *[received + dt.timedelta(days=d) for d in path_days]]
    for transition, day in zip(transitions, moments, strict=False):
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        StageTransition.objects.filter(pk=transition.pk).update(at=at)
    updates: dict[str, Any] = {}
    if application.acknowledged_at and len(moments) > 1:
        updates["acknowledged_at"] = timezone.make_aware(dt.datetime.combine(moments[1], dt.time(10, 0)))
    if application.decided_at:
        updates["decided_at"] = timezone.make_aware(dt.datetime.combine(moments[-1], dt.time(10, 0)))
    if updates:
        Application.objects.filter(pk=application.pk).update(**updates)


@transaction.atomic
def load(context: DemoContext) -> None:
    organization = context.organization
    actor = context.users["intake"]
    admin = context.users["admin"]
    rules = settings_for(organization)
    if not rules.signature:
        services.settings_update(
            actor=admin, organization=organization, public_form_enabled=True, states_served=["LA", "MS"],
            signature="Jo Marchetti, Intake Coordinator (fictional)",
            return_address="Lakeside Innocence Clinic (fictional)\n100 Levee Street\nLakeside, LA 70000",
        )
    for name, state, address in FACILITIES:
        if not Facility.objects.filter(organization=organization, name=name).exists():
            services.facility_create(actor=admin, organization=organization, name=name, state=state, address=address)
    screening.ensure_default_criteria(organization)
    today = timezone.localdate()
    for spec in APPLICATIONS:
        if Application.objects.filter(organization=organization, applicant_name=spec["applicant_name"],
                                      is_fictional=True).exists():
            continue
        fields = {k: v for k, v in spec.items() if k not in ("received_days_ago", "path", "referred_to")}
        received = today - dt.timedelta(days=spec["received_days_ago"])
        application = services.application_create(
            actor=actor, organization=organization, received_on=received, is_fictional=True, **fields
        )
        for step in spec["path"]:
            stage, _days = step[0], step[1]
            services.application_transition(
                actor=actor, application=application, to_stage=stage,
                reason_code=step[2] if len(step) > 2 else "", referred_to=spec.get("referred_to", ""),
            )
            kind = {"acknowledged": "acknowledgement", "questionnaire_sent": "questionnaire_cover",
                    "declined": "decline", "referred": "referral"}.get(stage)
            if kind:
                entry = letters.letter_send(actor=actor, application=application, kind=kind)
                Correspondence.objects.filter(pk=entry.pk).update(sent_on=received + dt.timedelta(days=_days))
        _backdate(application, received, [step[1] for step in spec["path"]])
        context.created.append(f"application {application.reference}")
