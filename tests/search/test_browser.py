"""A real browser: an attorney types a detective's name into the search page, sees the hit
appear (htmx, no page reload) cited case · document · page with the name highlighted, and
lands on the viewer at that page; a colleague off the case finds nothing."""

from __future__ import annotations

import pytest

PASSWORD = "correct-horse-9"


def _sign_in(page, base, username):
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_live_search_finds_and_cites_the_page(live_server, chromium_page, world, make_document):
    document = make_document(
        world.case,
        ["Opening statements.", "Q. Who showed the array? A. Detective Halvorsen did."],
        title="Trial transcript vol 2",
    )
    page = chromium_page
    _sign_in(page, live_server.url, world.on_team.username)
    page.click("nav >> text=Search")
    page.wait_for_url("**/search/")
    # htmx is loaded with `defer`: type only once the page (and its scripts) have loaded.
    page.wait_for_load_state("load")
    page.wait_for_function("window.htmx !== undefined")
    page.fill("#id_q", "halvorsen")
    hit = page.wait_for_selector(".search-hit")
    assert f"{world.case.reference} · Trial transcript vol 2 · page 2" in hit.inner_text()
    assert page.inner_text(".search-hit mark") == "Halvorsen"
    href = page.get_attribute(".search-hit a", "href")
    assert href.startswith(f"/documents/{document.pk}/view/?page=2")

    page.fill("#id_q", '"detective halvorsen')
    page.wait_for_selector("text=quotation mark is not closed")

    other = page.context.browser.new_context().new_page()
    _sign_in(other, live_server.url, world.off_team.username)
    other.goto(live_server.url + "/search/?q=halvorsen")
    assert "No pages match" in other.inner_text("#search-results")
