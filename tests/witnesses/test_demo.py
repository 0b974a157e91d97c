"""The fictional demo case shows the issue's 'done when' findings, and a dismissal survives a re-run."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_demo_witness_lens(client: Any) -> None:
    from innocence.cases.demo import load_demo
    from innocence.findings import services
    from innocence.findings.models import Finding

    ctx = load_demo()
    load_demo()  # idempotent
    case = ctx.cases["LIC-DEMO-001"]
    present = {f.rule_id: f for f in Finding.objects.filter(case=case, status="present")}
    for rule_id in ("eyewitness.show_up", "eyewitness.repeated_identification", "eyewitness.confidence_inflation",
                    "informant.undisclosed_benefit"):
        assert rule_id in present, rule_id
    inflation = present["eyewitness.confidence_inflation"]
    assert "I think it's him" in inflation.text and "100% sure" in inflation.text
    assert "sentence" in present["informant.undisclosed_benefit"].text.lower()

    client.force_login(ctx.users["attorney"])
    html = client.get("/cases/LIC-DEMO-001/witnesses/").content.decode()
    assert "Show-up identification" in html and "Steblay &amp; Dysart (2016)" in html
    assert "Giglio v. United States" in html
    for code in ("MWID", "P/FA"):
        marker = f'data-factor="{code}"'
        assert marker in html
        assert "indicator present" in html.split(marker, 1)[1].split("</li>", 1)[0], code
    from innocence.findings.selectors import indicators_for_case

    indicated = {i.factor.code for i in indicators_for_case(ctx.users["attorney"], case) if i.indicated}
    assert {"MWID", "P/FA"} <= indicated and "FC" not in indicated

    show_up = present["eyewitness.show_up"]
    services.finding_dismiss(actor=ctx.users["attorney"], finding=show_up, reason="reviewed: exigent")
    services.findings_recompute(case=case)
    load_demo()
    show_up.refresh_from_db()
    assert show_up.status == "dismissed" and show_up.review_reason == "reviewed: exigent"
