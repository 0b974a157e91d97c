"""A real browser: sign in, open a demo case, add a note, find it in the case's activity."""

from __future__ import annotations

import pytest

from innocence.cases.demo import DEMO_PASSWORD, load_demo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_in_open_case_add_note_and_see_activity(live_server, chromium_page):
    load_demo()
    page = chromium_page
    page.goto(live_server.url + "/cases/LIC-DEMO-001/")
    assert "/login/" in page.url
    page.fill("#id_username", "attorney")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/cases/LIC-DEMO-001/")
    assert "State v. Hale" in page.inner_text("h1")
    assert "Every case, person and document here is invented" in page.inner_text(".fictional-banner")

    page.click("a:has-text('Notes & tasks')")
    page.wait_for_selector("#id_body")
    page.fill("#id_body", "Browser note: ask the clerk about the lighting.")
    page.click("button:has-text('Add note')")
    page.wait_for_selector("text=Note added.")
    assert "Browser note: ask the clerk about the lighting." in page.content()

    page.click("a:has-text('Activity')")
    page.wait_for_selector("h2:has-text('Activity')")
    activity = page.inner_text("[data-tab=activity]")
    assert "Created" in activity and "Browser note" in activity
    assert "attorney" in activity


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_outsider_cannot_reach_case_by_url(live_server, chromium_page):
    load_demo()
    page = chromium_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "outsider")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    response = page.goto(live_server.url + "/cases/LIC-DEMO-001/")
    assert response is not None and response.status == 404
    assert "State v. Hale" not in page.content()
