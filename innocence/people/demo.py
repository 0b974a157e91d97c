"""FICTIONAL demo data for people: the demo's persons and their roles in the demo cases
(loaded before the documents, so that what the pages say resolves to these persons), then
the people, dates and places read from the demo cases' pages, so that the demo's detective
— Raymond Kessler, in LIC-DEMO-001 and LIC-DEMO-002 — shows in the actor index with both
cases, by role and by name in the record. Idempotent: loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from innocence.documents.models import Page

from . import extraction_service
from .models import CaseRole, Mention, Person

PEOPLE = {
    # key: (full name, aliases, date of birth)
    "hale": ("Marcus Delano Hale", ["Marc Hale", "'Dee'"], dt.date(1971, 5, 9)),
    "odum": ("Terrence Odum", ["T-Bone"], dt.date(1966, 11, 23)),
    "ortega": ("Luis Ortega Brandt", [], dt.date(1979, 2, 14)),
    "carter": ("Denise Carter", [], dt.date(1960, 7, 30)),
    "kessler": ("Raymond Kessler", ["Det. R. Kessler", "Ray Kessler"], None),
    "prater": ("Helen Prater", ["Dr. H. Prater"], None),
    "bell": ("Curtis Bell", ["'Smoke' Bell"], None),
    "vance": ("Gloria Vance", [], None),
    "tully": ("Arthur Tully", ["ADA Tully"], None),
    "munro": ("Eileen Munro", [], None),
    "fenwick": ("Judge Walter Fenwick", [], None),
    "quill": ("Nora Quill", [], None),
}

ROLES: dict[str, list[tuple[str, str, str]]] = {
    "LIC-DEMO-001": [
        ("hale", "applicant", ""),
        ("kessler", "officer", "lead detective, Lakeside Parish Sheriff (fictional)"),
        ("bell", "informant", "jailhouse informant; testified to an alleged confession"),
        ("vance", "witness", "store clerk; identified Hale"),
        ("tully", "prosecutor", "trial prosecutor"),
        ("fenwick", "judge", "trial judge"),
    ],
    "LIC-DEMO-002": [
        ("odum", "applicant", ""),
        ("kessler", "officer", "detective who took the victim's statement"),
        ("prater", "forensic_analyst", "state crime lab, hair and fibre unit (fictional)"),
        ("tully", "prosecutor", ""),
    ],
    "LIC-DEMO-003": [("ortega", "applicant", ""), ("munro", "expert", "fire investigator for the State")],
    "LIC-DEMO-004": [("carter", "applicant", ""), ("quill", "defense_counsel", "trial counsel")],
}


def load(context: Any) -> None:
    """The persons and their case roles (and each case's applicant)."""
    for key, (name, aliases, dob) in PEOPLE.items():
        # The earliest person of that name is the demo's own: the extraction may since have
        # made another one of the same name (machine-made, for a review to merge).
        person = Person.objects.filter(organization=context.organization, full_name=name).order_by("pk").first()
        if person is None:
            person = Person.objects.create(
                organization=context.organization,
                full_name=name,
                aliases=aliases,
                date_of_birth=dob,
                is_fictional=True,
            )
        context.people[key] = person
    for reference, roles in ROLES.items():
        case = context.cases.get(reference)
        if case is None or not case.is_fictional:
            continue
        for key, role, description in roles:
            CaseRole.objects.get_or_create(
                case=case, person=context.people[key], role=role, defaults={"description": description}
            )
            if role == "applicant" and case.applicant_id != context.people[key].pk:
                case.applicant = context.people[key]
                case.save(update_fields=["applicant"])


def load_extraction(context: Any) -> None:
    """Read the demo cases' pages for people when the page-text consumers did not (they
    are off in some tests and tools); a case whose pages were already read is left alone."""
    for reference, case in sorted(context.cases.items()):
        if not case.is_fictional:
            continue  # never touch anything but the fictional demo organization
        pages = Page.objects.filter(document__case=case)
        if not pages.exists():
            continue
        if Mention.objects.filter(case=case).exists():
            continue
        count = extraction_service.extract_case(case)
        context.created.append(f"people read from {count} page(s) of {reference}")
