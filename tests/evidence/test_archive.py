"""The Evidence section of a case archive: every record survives an export and import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _snapshot(case: Any) -> dict[str, Any]:
    from innocence.evidence.models import (
        CustodyEvent,
        EvidenceItem,
        EvidenceProposal,
        ForensicTest,
        Proceeding,
    )

    return {
        "items": sorted((i.description, i.status, i.parent.description if i.parent else "", i.page_number or 0,
                         tuple(sorted(n.number for n in i.numbers.all())), i.mentions.count())
                        for i in EvidenceItem.objects.filter(case=case)),
        "custody": sorted((e.item.description, e.kind, str(e.date), e.to_text, str(e.from_person or ""))
                          for e in CustodyEvent.objects.filter(case=case)),
        "tests": sorted((t.method, str(t.analyst or ""), t.conclusion, t.testimony_quote, t.testimony_page or 0,
                         tuple(sorted(i.description for i in t.items.all()))) for t in ForensicTest.objects.filter(case=case)),
        "proceedings": sorted((p.kind, str(p.filed)) for p in Proceeding.objects.filter(case=case)),
        "proposals": sorted((p.kind, p.status, p.fingerprint) for p in EvidenceProposal.objects.filter(case=case)),
    }


def test_round_trip(lens: Any, document: Any, make_org: Any, make_user: Any, tmp_path: Path) -> None:
    from innocence.cases.archive import export_case, import_case
    from innocence.evidence.models import EvidenceProposal
    from innocence.evidence.proposals import proposal_review
    from innocence.people.models import Person

    kit = lens.save("item", description="Fictional kit", category="sa_kit", document=document, page_number=1,
                    quote="Item 1: blue cotton shirt from the scene")
    swab = lens.save("item", description="Fictional swab", category="sa_kit", parent=kit, status="exists")
    lens.save("number", item=kit, kind="property", number="89-1")
    lens.save("mention", item=kit, document=document, page_number=1)
    lens.save("custody", item=kit, kind="collected", date=dt.date(1990, 1, 1), to_person=lens.officer)
    roleless = Person.objects.create(organization=lens.world.north, full_name="Unroled Analyst (fictional)")
    lens.save("test", method="hair_microscopy", analyst=roleless, items=[kit, swab], conclusion="could have originated",
              testimony_document=document, testimony_page=1, testimony_quote="could have originated from him")
    lens.save("proceeding", kind="appeal", filed=dt.date(1991, 1, 1))
    proposal_review(actor=lens.actor, proposal=EvidenceProposal.objects.filter(case=lens.case).first(), accept=False)
    before = _snapshot(lens.case)

    path = tmp_path / "case.zip"
    result = export_case(actor=lens.actor, case=lens.case, destination=path)
    assert "evidence" in result.sections
    fresh = make_org("freshwater", prefix="FW")
    importer = make_user("fw_admin", fresh, "admin")
    copy = import_case(actor=importer, organization=fresh, source=path, reference="FW-2026-0001").case
    assert _snapshot(copy) == before
    assert Person.objects.filter(organization=fresh, full_name="Unroled Analyst (fictional)").exists()
