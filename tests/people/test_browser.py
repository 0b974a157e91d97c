"""A real browser: the People tab loads the people named in the record; the actor index
shows the demo's fictional detective in both of his cases."""

from __future__ import annotations

from typing import Any

import pytest

from innocence.cases.demo import DEMO_PASSWORD, load_demo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_people_tab_and_actor_index(live_server: Any, chromium_page: Any) -> None:
    load_demo()
    page = chromium_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "attorney")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/cases/LIC-DEMO-001/people/")
    page.wait_for_selector("#people-extracted")  # swapped in by htmx on load
    section = page.inner_text("#people-extracted")
    assert "Raymond Kessler" in section and "Detective" in section
    page.click("#people-extracted summary:has-text('Raymond Kessler')")
    assert page.locator("#people-extracted a[href*='/view/?page=']").count() > 0

    page.click("nav a:has-text('Actors')")
    page.wait_for_selector("h1:has-text('Actor index')")
    row = page.inner_text("tr:has-text('Raymond Kessler')")
    assert "LIC-DEMO-001" in row and "LIC-DEMO-002" in row
    page.click("a:has-text('Raymond Kessler')")
    page.wait_for_selector("h1:has-text('Raymond Kessler')")
    assert "LIC-DEMO-002" in page.content()
