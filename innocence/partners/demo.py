"""FICTIONAL demo of working across organizations. Every organization, person and secret
here is invented.

- Lakeside Innocence Clinic invites the Parish Conviction Integrity Unit (a fictional
  prosecutor's CIU) into LIC-DEMO-001, shares two documents and one finding; the CIU's
  attorney writes a note for Lakeside and raises an agenda item.
- Lakeside (Louisiana) and Riverbend Conviction Review (Mississippi) both take part in the
  fictional "Gulf Coast Innocence Network"'s actor matching; Riverbend's file names a
  "Det. Raymond Kesler" (one s) who testified in its case: each organization, importing the
  other's encoded index, learns that the other has an actor matching its detective.

Idempotent: loading twice changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from innocence.cases.demo import DemoContext
from innocence.core.demo import DEMO_PASSWORD
from innocence.core.models import Membership, Organization, Role

CIU_SLUG = "parish-ciu"
NETWORK = "Gulf Coast Innocence Network (fictional)"
NETWORK_SECRET = "fictional-demo-network-secret-not-for-real-use"  # noqa: S105 - demo only
CIU_USERS = (
    ("ciu_admin", "Marguerite", "Fontaine", Role.ADMIN),
    ("ciu_attorney", "Theo", "Abernathy", Role.ATTORNEY),
)


def _ciu() -> tuple[Organization, dict[str, Any]]:
    org, _ = Organization.objects.get_or_create(
        slug=CIU_SLUG,
        defaults={
            "name": "Parish Conviction Integrity Unit (fictional)",
            "case_prefix": "CIU",
            "is_fictional": True,
        },
    )
    User = get_user_model()
    users: dict[str, Any] = {}
    for username, first, last, role in CIU_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
            )
        Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role})
        users[username] = user
    return org, users


@transaction.atomic
def load(ctx: DemoContext) -> None:
    from innocence.documents.models import Document
    from innocence.findings.models import Finding

    from . import services
    from .models import Partnership, ShareKind, Side

    ciu, users = _ciu()
    case = ctx.cases.get("LIC-DEMO-001")
    if case is None:
        return
    partnership = Partnership.objects.filter(host_case=case, partner_organization=ciu).first()
    if partnership is None:
        partnership = services.partnership_invite(
            actor=ctx.users["admin"],
            case=case,
            partner=ciu,
            purpose="Joint re-investigation of a 1994 conviction with the parish Conviction Integrity Unit (fictional).",
        )
        services.invitation_answer(actor=users["ciu_admin"], partnership=partnership, accept=True)
        services.partner_team_add(
            actor=users["ciu_admin"], partnership=partnership, user=users["ciu_attorney"]
        )
        for document in Document.objects.filter(case=case, parent__isnull=True).order_by("pk")[:2]:
            services.share_add(
                actor=ctx.users["attorney"],
                partnership=partnership,
                side=Side.HOST,
                kind=ShareKind.DOCUMENT,
                object_id=document.pk,
                reason="for the CIU's review",
            )
        finding = Finding.objects.filter(case=case).order_by("pk").first()
        if finding is not None:
            services.share_add(
                actor=ctx.users["attorney"],
                partnership=partnership,
                side=Side.HOST,
                kind=ShareKind.FINDING,
                object_id=finding.pk,
            )
        services.note_add(
            actor=users["ciu_attorney"],
            partnership=partnership,
            side=Side.PARTNER,
            for_partner=True,
            body="Our office will pull the original lab bench notes for this finding (fictional).",
        )
        services.agenda_add(
            actor=users["ciu_attorney"],
            partnership=partnership,
            side=Side.PARTNER,
            title="Locate the lab bench notes (fictional)",
        )
    _matching_demo(ctx)


def _matching_demo(ctx: DemoContext) -> None:
    from innocence.cases.models import Case
    from innocence.people.models import CaseRole, Person

    from . import matching

    other = Case.objects.filter(reference="RCR-DEMO-001").first()
    if other is None:
        return
    riverbend = other.organization
    detective = Person.objects.filter(organization=riverbend, full_name="Raymond Kesler").first()
    if detective is None:
        detective = Person.objects.create(
            organization=riverbend,
            full_name="Raymond Kesler",
            aliases=["Det. Ray Kesler"],
            is_fictional=True,
            notes="FICTIONAL: testified for the State in State v. Pell.",
        )
    CaseRole.objects.get_or_create(
        case=other,
        person=detective,
        role="officer",
        defaults={"description": "detective who testified (fictional)"},
    )
    lakeside = ctx.organization
    admins = {lakeside.pk: ctx.users["admin"], riverbend.pk: ctx.users["outsider"]}
    for org in (lakeside, riverbend):
        found = matching.settings_of(org)
        if found is None or not found.enabled:
            matching.opt_in(
                actor=admins[org.pk],
                organization=org,
                network=NETWORK,
                secret=NETWORK_SECRET,
                contact=f"actor-matching@{org.slug}.demo.invalid",
            )
    for mine, theirs in ((lakeside, riverbend), (riverbend, lakeside)):
        data = matching.export_index(actor=admins[theirs.pk], organization=theirs)
        matching.import_index(actor=admins[mine.pk], organization=mine, data=data)
