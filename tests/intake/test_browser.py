"""A real browser (Chromium): an intake coordinator logs a scanned letter, is warned that
the writer applied two years ago under a nickname, screens the application, declines it
with a reason and a letter — and on another letter, accepts it and finds the new case
with everything carried over — and the metrics page counts both."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

PASSWORD = "correct-horse-9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _log_letter(page: Any, base: str, tmp_path: Any, *, name: str, dob: str, number: str, claim: str) -> None:
    page.goto(base + "/intake/")
    page.click("a.button:has-text('Log a letter')")
    page.fill("#id_applicant_name", name)
    page.fill("#id_applicant_dob", dob)
    page.fill("#id_inmate_number", number)
    page.fill("#id_facility", "Granite Ridge Correctional (fictional)")
    page.fill("#id_conviction_state", "LA")
    page.fill("#id_conviction_county", "Marlow Parish (fictional)")
    page.fill("#id_offense", "Armed robbery")
    page.fill("#id_conviction_year", "1996")
    page.select_option("#id_conviction_basis", "trial")
    page.fill("#id_sentence", "50 years")
    page.fill("#id_claim", claim)
    page.check("input[name=identity_at_issue][value=yes]")
    scan = tmp_path / f"{number}.pdf"
    scan.write_bytes(PDF)
    page.set_input_files("#id_scans", str(scan))
    page.click("button:has-text('Record the application')")
    page.wait_for_selector("text=recorded.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_intake_coordinator_end_to_end(live_server, chromium_page, make_org, make_user, tmp_path, settings):
    from innocence.intake import services

    settings.MEDIA_ROOT = tmp_path / "media"
    org = make_org("northside", prefix="NS")
    admin = make_user("n_admin", org, "admin")
    make_user("coord", org, "intake", password=PASSWORD)
    services.facility_create(actor=admin, organization=org, name="Granite Ridge Correctional (fictional)",
                             address="PO Box 100\nGranite Ridge, LA 70000")
    earlier = services.application_create(
        actor=admin, organization=org, received_on=dt.date.today() - dt.timedelta(days=730),
        applicant_name="Bobby Quillfeather", applicant_dob=dt.date(1970, 4, 2),
        facility="Granite Ridge Correctional (fictional)", conviction_state="LA",
    )
    page = chromium_page
    base = live_server.url
    page.goto(base + "/login/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    assert page.is_visible("nav a:has-text('Intake')")

    # 1. Log the scanned letter; the duplicate check warns about the nickname.
    _log_letter(page, base, tmp_path, name="Robert Quillfeather", dob="1970-04-02", number="Q-55123",
                claim="I was at my sister's house when the store was robbed.")
    matches = page.inner_text("#matches")
    assert earlier.reference in matches and "Bobby Quillfeather" in matches
    assert "first name 'Bobby' is a nickname of 'Robert'" in matches
    assert "same date of birth" in matches
    reference = page.inner_text("h1 small")
    page.click("#matches button:has-text('Same person: link')")
    page.wait_for_selector("text=Decision on the candidate saved.")

    # 2. Screen it against the organization's checklist.
    row = page.locator("#screening tr", has_text="The applicant claims actual innocence")
    row.locator("input[value=yes]").check()
    row.locator("input[type=text], input:not([type])").last.fill("Says he was at his sister's house.")
    juris = page.locator("#screening tr", has_text="jurisdiction we serve")
    juris.locator("input[value=no]").check()
    page.click("button:has-text('Save screening')")
    page.wait_for_selector("text=Screening saved.")

    # 3. Decline with a reason; the letter is written and logged as legal mail.
    page.select_option("#id_to_stage", "declined")
    page.select_option("#id_reason_code", "outside_jurisdiction")
    page.click("#decision button:has-text('Record')")
    page.wait_for_selector("text=logged as legal mail")
    assert "Declined" in page.inner_text("#stage")
    correspondence = page.inner_text("#correspondence")
    assert "legal mail" in correspondence and "Granite Ridge" in correspondence
    with page.expect_download() as download_info:
        page.click("#correspondence a:has-text('PDF')")
    pdf_path = download_info.value.path()
    with open(pdf_path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # 4. Another letter: accept it, and find the case with everything carried over.
    _log_letter(page, base, tmp_path, name="Carla Whitbeck", dob="1968-11-20", number="W-40404",
                claim="The eyewitness picked me from a lineup where I was the only woman in a red coat.")
    for stage in ("under_review", "accepted"):
        page.select_option("#id_to_stage", stage)
        page.click("#decision button:has-text('Record')")
        page.wait_for_selector(f"#stage:has-text('{'Under review' if stage == 'under_review' else 'Accepted'}')")
    page.click("#accepted-case a")
    page.wait_for_selector("h1:has-text('State v. Whitbeck')")
    overview = page.inner_text("main")
    assert "W-40404" in overview and "Granite Ridge Correctional (fictional)" in overview
    assert "Marlow Parish (fictional)" in overview
    page.click("a:has-text('People')")
    page.wait_for_selector("text=Carla Whitbeck")
    page.click("a:has-text('Notes')")
    page.wait_for_selector("text=only woman in a red coat")

    # 5. The metrics page counts them.
    page.goto(base + "/intake/metrics/")
    assert page.inner_text("#metric-total") == "3"
    assert page.inner_text("#metric-decided") == "2"
    charts = page.inner_text("main")
    assert "Outside the jurisdiction we serve" in charts
    assert reference.startswith("NS-A")
