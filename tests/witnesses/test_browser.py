"""A real browser on the demo case: the Witness tab shows the show-up finding with its page
and research; a reviewer dismisses it with a reason; re-running the rules keeps the dismissal."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dismiss_a_finding_and_rerun(live_server: Any, chromium_page: Any) -> None:
    from innocence.cases.demo import DEMO_PASSWORD, load_demo
    from innocence.findings.models import Finding

    load_demo()
    page = chromium_page
    page.goto(live_server.url + "/cases/LIC-DEMO-001/witnesses/")
    page.fill("#id_username", "attorney")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cases/LIC-DEMO-001/witnesses/")
    finding = Finding.objects.get(case__reference="LIC-DEMO-001", rule_id="eyewitness.show_up")
    card = page.locator(f"#finding-{finding.pk}")
    text = card.inner_text()
    assert "Show-up identification" in text and "p. 2" in text and "Wells et al. (2020)" in text
    assert page.locator('[data-factor="MWID"] .badge').inner_text() == "indicator present"
    card.locator("input[name=reason]").fill("exigent: suspect detained near the scene")
    card.locator("button:has-text('Dismiss')").click()
    page.wait_for_selector("text=Finding dismissed")
    page.click("button:has-text('Re-run the rules')")
    page.wait_for_selector("text=Rules re-run")
    card = page.locator(f"#finding-{finding.pk}")
    text = card.text_content() or ""  # the dismissed group is folded away
    assert "Dismissed by reviewer" in text and "exigent: suspect detained near the scene" in text
