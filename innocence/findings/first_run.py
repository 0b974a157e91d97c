"""The first-run path of a real organization, shown to its admins on an empty dashboard:
invite members, open the first case, add its files, read its first findings. Each step
links to the page that does it and is ticked off by what the organization's records show,
so the guide disappears by itself once the last step is done. The fictional demo never
shows it.

It lives here, at the end of the path, because reading findings needs cases, documents and
findings alike; the dashboard shows it through the ``{% first_run_guide %}`` tag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from innocence.cases.selectors import cases_visible_to
from innocence.core.access import admin_organizations_of
from innocence.core.models import AuditAction, AuditEntry, Organization
from innocence.documents.models import Document


@dataclass(frozen=True)
class Step:
    title: str
    why: str
    url: str  # empty while an earlier step is needed first
    done: bool


def first_run_steps(user: Any) -> tuple[Organization, list[Step]] | None:
    """The guide for ``user``, or None: not an admin of a real organization, or all done."""
    organization = admin_organizations_of(user).filter(is_fictional=False).order_by("id").first()
    if organization is None:
        return None
    cases = cases_visible_to(user).filter(organization=organization)
    first_case = cases.order_by("created_at", "id").first()
    with_files = (
        Document.objects.filter(case__in=cases).order_by("created_at", "id").select_related("case").first()
    )
    findings_read = AuditEntry.objects.filter(
        user=user,
        action=AuditAction.VIEW,
        organization=organization,
        changes__viewed="findings",
    ).exists()
    steps = [
        Step(
            "Invite the members of your organization",
            "Attorneys, students, investigators and intake coordinators, each with their role.",
            reverse("core:organization") + "#add-member",
            organization.memberships.count() > 1,
        ),
        Step(
            "Open the first case",
            "A convicted person's claim: court, docket numbers, conviction, the team on it.",
            reverse("cases:case_create"),
            first_case is not None,
        ),
        Step(
            "Add the case's files",
            "Drop PDFs, scans, Word files or whole zip folders; pages without text are OCR'd.",
            reverse("cases:case_tab", args=[first_case.reference, "documents"]) if first_case else "",
            with_files is not None,
        ),
        Step(
            "Read the first findings",
            "What the record shows, each finding citing its page and the research behind it.",
            reverse("findings:case_findings", args=[with_files.case.reference])
            if with_files and with_files.case
            else "",
            findings_read,
        ),
    ]
    if all(step.done for step in steps):
        return None
    return organization, steps
