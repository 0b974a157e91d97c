"""A real browser (Chromium) under the site's CSP: a new user opens the actor network,
filters to officers and informants, finds the detective and the informant who share two
cases, opens the edge's cited pages, and exports GEXF. Fictional demo data."""

from __future__ import annotations

from typing import Any

import pytest

from innocence.cases.demo import DEMO_PASSWORD, load_demo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_filter_find_the_pair_open_its_pages_export(live_server: Any, chromium_page: Any, settings: Any) -> None:
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = None
    load_demo()
    page = chromium_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "attorney")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/people/actors/")
    page.click("a:has-text('Actor network')")
    page.wait_for_selector("#network-svg .node")
    page.check("input[name=role][value=officer]")
    page.check("input[name=role][value=informant]")
    page.click(".network-filters button")
    page.wait_for_url("**role=informant**")
    assert page.locator("#network-svg .node.person").count() == 2
    pair = page.locator(".network-patterns li a", has_text="Curtis Bell")
    assert "2 cases" in page.inner_text(".network-patterns li:has-text('Curtis Bell')")
    # the edge in the drawing opens the same page as the pattern's link
    assert page.locator("#network-svg a.edge.pair").count() == 1
    pair.first.click()
    page.wait_for_selector("h1:has-text('Curtis Bell')")
    assert "LIC-DEMO-002" in page.content()
    page.click("a:has-text('Letter from inmate Curtis Bell')")
    page.wait_for_url("**/view/**")
    page.go_back()
    page.go_back()
    with page.expect_download() as download:
        page.click("a:has-text('GEXF (Gephi)')")
    assert download.value.suggested_filename.endswith(".gexf")
    assert not [e for e in errors if "Content Security Policy" in e]
