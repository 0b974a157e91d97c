"""The fictional demo organization. Every name, case and fact here is invented.

Loading is idempotent: running it twice changes nothing. Other apps add their own
demo records through the demo loader each declares in its ``extensions.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from innocence.core.demo import DEMO_PASSWORD
from innocence.core.extensions import registry, resolve
from innocence.core.models import Membership, Organization, Role

from .models import Case, DocketNumber, Note, StageChange, Task, TeamMember
from .stages import Stage

USERS = (
    # username, first, last, role, organization slug
    ("admin", "Dana", "Whitfield", Role.ADMIN, "lakeside"),
    ("attorney", "Priya", "Okonkwo-Lind", Role.ATTORNEY, "lakeside"),
    ("student", "Sam", "Arvelo", Role.STUDENT, "lakeside"),
    ("intake", "Jo", "Marchetti", Role.INTAKE, "lakeside"),
    ("investigator", "Lou", "Brannagh", Role.INVESTIGATOR, "lakeside"),
    ("viewer", "Vic", "Tamsin", Role.VIEWER, "lakeside"),
    ("outsider", "Olive", "Rendell", Role.ADMIN, "riverbend"),
)


#: What each invented stage change of the demo's history says.
HISTORY_NOTES = {
    Stage.INTAKE: "Letter from the applicant logged (fictional)",
    Stage.SCREENING: "Questionnaire returned; screening opened (fictional)",
    Stage.INVESTIGATION: "Accepted for investigation (fictional)",
    Stage.LITIGATION: "Post-conviction petition filed (fictional)",
    Stage.EXONERATED: "Conviction vacated, charges dismissed (fictional)",
}


CASES: tuple[dict[str, Any], ...] = (
    {
        "reference": "LIC-DEMO-001",
        "title": "State v. Hale",
        "summary": "1994 robbery-homicide at a fictional corner store. Conviction rests on one stranger "
        "eyewitness (first a show-up, then a photo array) and a jailhouse informant.",
        "state": "LA",
        "county": "Lakeside Parish (fictional)",
        "court": "22nd Judicial District Court (fictional)",
        "docket_numbers": ["94-CR-1187"],
        "charges": ["Second-degree murder", "Armed robbery"],
        "offense_date": dt.date(1994, 6, 12),
        "arrest_date": dt.date(1994, 6, 12),
        "conviction_type": "trial",
        "conviction_date": dt.date(1995, 3, 17),
        "sentence": "Life without parole",
        "facility": "Harrow Bend Correctional Center (fictional)",
        "inmate_number": "D-448210",
        "stage": Stage.INVESTIGATION,
        "history": [Stage.SCREENING, Stage.INVESTIGATION],
        "team": ["attorney", "student", "viewer", "investigator"],
        "notes": [
            "Fictional demo note: the show-up happened 40 minutes after the robbery, two blocks away.",
        ],
        "tasks": [
            ("Request the photo array and any recording from the sheriff's office", "investigator", 14)
        ],
    },
    {
        "reference": "LIC-DEMO-002",
        "title": "State v. Odum",
        "summary": "1989 sexual assault. Microscopic hair comparison testimony; biological evidence "
        "may survive in the parish evidence room.",
        "state": "LA",
        "county": "Lakeside Parish (fictional)",
        "court": "22nd Judicial District Court (fictional)",
        "docket_numbers": ["89-CR-0412"],
        "charges": ["Aggravated rape"],
        "offense_date": dt.date(1989, 5, 28),
        "arrest_date": dt.date(1989, 6, 1),
        "conviction_type": "trial",
        "conviction_date": dt.date(1990, 1, 26),
        "sentence": "Life",
        "facility": "Harrow Bend Correctional Center (fictional)",
        "inmate_number": "C-201377",
        "stage": Stage.LITIGATION,
        "history": [Stage.SCREENING, Stage.INVESTIGATION, Stage.LITIGATION],
        "team": ["attorney"],
        "notes": ["Fictional demo note: motion for post-conviction DNA testing filed."],
        "tasks": [("Calendar the State's response deadline", "attorney", 21)],
    },
    {
        "reference": "LIC-DEMO-003",
        "title": "State v. Ortega Brandt",
        "summary": "2001 house fire; arson opinion based on burn patterns now rejected by fire science.",
        "state": "TX",
        "county": "Calder County (fictional)",
        "court": "Calder County District Court (fictional)",
        "docket_numbers": ["F-2001-3390"],
        "charges": ["Arson causing death"],
        "offense_date": dt.date(2001, 8, 19),
        "arrest_date": dt.date(2001, 9, 4),
        "conviction_type": "plea",
        "conviction_date": dt.date(2002, 6, 3),
        "sentence": "40 years",
        "facility": "Pine Hollow Unit (fictional)",
        "inmate_number": "01992343",
        "stage": Stage.SCREENING,
        "history": [Stage.SCREENING],
        "team": ["intake"],
        "notes": [],
        "tasks": [],
    },
    {
        "reference": "LIC-DEMO-004",
        "title": "State v. Carter",
        "summary": "1985 homicide; conviction vacated after undisclosed police reports came to light. Exonerated.",
        "state": "LA",
        "county": "Lakeside Parish (fictional)",
        "court": "22nd Judicial District Court (fictional)",
        "docket_numbers": ["85-CR-0077"],
        "charges": ["Second-degree murder"],
        "offense_date": dt.date(1985, 10, 6),
        "arrest_date": dt.date(1985, 10, 21),
        "conviction_type": "trial",
        "conviction_date": dt.date(1986, 9, 12),
        "sentence": "Life",
        "facility": "",
        "inmate_number": "B-100233",
        "release_date": dt.date(2019, 4, 2),
        "stage": Stage.EXONERATED,
        "history": [Stage.SCREENING, Stage.INVESTIGATION, Stage.LITIGATION, Stage.EXONERATED],
        "team": ["attorney"],
        "notes": [],
        "tasks": [],
    },
)

OTHER_ORG_CASE = {
    "reference": "RCR-DEMO-001",
    "title": "State v. Pell (other organization)",
    "summary": "Belongs to Riverbend Conviction Review (fictional). Lakeside users must never see it.",
    "state": "MS",
    "county": "Ferrand County (fictional)",
    "docket_numbers": ["CR-03-555"],
    "charges": ["Capital murder"],
    "offense_date": dt.date(2003, 2, 15),
    "arrest_date": dt.date(2003, 2, 27),
    "stage": Stage.INVESTIGATION,
}


@dataclass
class DemoContext:
    organization: Organization
    other_organization: Organization
    users: dict[str, Any]
    cases: dict[str, Case]
    #: Filled by the people app's demo loader (the demo's fictional persons, by key).
    people: dict[str, Any]
    created: list[str] = field(default_factory=list)


def _org(slug: str, name: str, prefix: str) -> Organization:
    org, _ = Organization.objects.get_or_create(
        slug=slug, defaults={"name": name, "case_prefix": prefix, "is_fictional": True}
    )
    return org


@transaction.atomic
def load_demo() -> DemoContext:
    User = get_user_model()
    lakeside = _org("lakeside", "Lakeside Innocence Clinic (fictional)", "LIC")
    riverbend = _org("riverbend", "Riverbend Conviction Review (fictional)", "RCR")
    orgs = {"lakeside": lakeside, "riverbend": riverbend}
    users: dict[str, Any] = {}
    created: list[str] = []
    for username, first, last, role, org_slug in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
            )
            created.append(f"user {username}")
        Membership.objects.get_or_create(user=user, organization=orgs[org_slug], defaults={"role": role})
        users[username] = user

    cases: dict[str, Case] = {}
    for spec in CASES:
        case = Case.objects.filter(reference=spec["reference"]).first()
        if case is None:
            case = _create_case(lakeside, spec, users)
            created.append(f"case {case.reference}")
        cases[case.reference] = case

    other = Case.objects.filter(reference=OTHER_ORG_CASE["reference"]).first()
    if other is None:
        spec = dict(OTHER_ORG_CASE)
        dockets = spec.pop("docket_numbers")
        other = Case.objects.create(
            organization=riverbend, is_fictional=True, created_by=users["outsider"], **spec
        )
        for number in dockets:
            DocketNumber.objects.create(case=other, organization=riverbend, number=number)
        StageChange.objects.create(case=other, to_stage=other.stage, by=users["outsider"], note="Case opened")
        TeamMember.objects.get_or_create(case=other, user=users["outsider"])
        created.append(f"case {other.reference}")
    cases[other.reference] = other

    context = DemoContext(lakeside, riverbend, users, cases, {}, created)
    for _app, loader in registry().demo_loaders():
        resolve(loader)(context)
    return context


def _create_case(org: Organization, spec: dict[str, Any], users: dict[str, Any]) -> Case:
    fields = {
        k: v
        for k, v in spec.items()
        if k not in {"docket_numbers", "history", "team", "notes", "tasks", "stage"}
    }
    case = Case.objects.create(
        organization=org, stage=spec["stage"], is_fictional=True, created_by=users["admin"], **fields
    )
    for number in spec["docket_numbers"]:
        DocketNumber.objects.create(case=case, organization=org, number=number)
    previous = ""
    steps = [Stage.INTAKE, *spec["history"]]
    for index, stage in enumerate(steps):
        change = StageChange.objects.create(
            case=case, from_stage=previous, to_stage=stage, by=users["admin"], note=HISTORY_NOTES[stage]
        )
        # Spread the invented history over the months before today, one step every 120 days.
        back = dt.timedelta(days=120 * (len(steps) - 1 - index), hours=len(steps) - index)
        StageChange.objects.filter(pk=change.pk).update(at=change.at - back)
        previous = stage
    for username in spec["team"]:
        TeamMember.objects.get_or_create(
            case=case, user=users[username], defaults={"added_by": users["admin"]}
        )
    for body in spec["notes"]:
        Note.objects.create(case=case, author=users["attorney"], body=body)
    for title, assignee, due_in_days in spec["tasks"]:
        Task.objects.create(
            case=case,
            title=title,
            assignee=users[assignee],
            due_date=dt.date.today() + dt.timedelta(days=due_in_days),
            created_by=users["admin"],
        )
    return case
