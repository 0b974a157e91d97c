"""The fictional demo: LIC-DEMO-002 shows the issue's 'done when' on the Evidence tab — the kit
as "status unknown — candidate for DNA testing" with its cited page, the hair testimony as a
finding citing the transcript page and the FBI review, the custody gap, the item destroyed
while a petition was pending, the analyst notice, F/MFE on the Overview, and the worksheet."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_demo_evidence_lens(client: Any, settings: Any, tmp_path: Any) -> None:
    from innocence.cases.demo import load_demo
    from innocence.evidence.models import EvidenceItem, EvidenceProposal
    from innocence.findings.models import Finding

    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = None
    ctx = load_demo()
    load_demo()  # idempotent
    case = ctx.cases["LIC-DEMO-002"]
    assert EvidenceItem.objects.filter(case=case).count() == 5
    present = {}
    for f in Finding.objects.filter(case=case, lens="evidence", status="present"):
        present.setdefault(f.rule_id, []).append(f)
    kit = EvidenceItem.objects.get(case=case, category="sa_kit", parent=None)
    (candidate,) = [f for f in present["evidence.testing_candidate"] if f.subject_key == f"item:{kit.pk}"]
    assert "status unknown — candidate for DNA testing" in candidate.text
    assert candidate.citations.filter(page_number=1, document__title__startswith="Property room log").exists()
    (hair,) = present["forensic.invalid_discipline"]
    assert "fbi_hair2015" in hair.authority_keys
    assert hair.citations.filter(document__title="Trial transcript, day 1 (State v. Odum)", page_number=1,
                                 quote__icontains="matched").exists()
    assert "11005 days" in present["evidence.custody_gap"][0].text
    assert "while pending" in present["evidence.destroyed_or_lost"][0].text
    assert "fictional, demo only" in present["forensic.analyst_review"][0].text
    assert present["forensic.recurring_analyst"]
    assert EvidenceProposal.objects.filter(case=case, kind="item").exists()

    client.force_login(ctx.users["attorney"])
    overview = client.get("/cases/LIC-DEMO-002/").content.decode()
    assert 'data-factor="F/MFE"' in overview
    tab = client.get("/cases/LIC-DEMO-002/evidence/").content.decode()
    assert "status unknown — candidate for DNA testing" in tab and "Property room log" in tab
    sheet = client.get("/evidence/cases/LIC-DEMO-002/dna-worksheet/").content.decode()
    assert "Supported by the record" in sheet and "Not recorded (not the same as not met)" in sheet
