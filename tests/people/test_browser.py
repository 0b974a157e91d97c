"""A real browser: the People tab loads the people named in the record; the actor index
shows the demo's fictional detective in both of his cases; an automatic cross-case link is
undone from the review page."""

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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_automatic_cross_case_link_is_undone_from_the_review_page(
    live_server: Any, chromium_page: Any, world: Any, make_document: Any
) -> None:
    from innocence.cases import services as case_services
    from innocence.jobs.queue import run_until_empty
    from innocence.people import extraction_service
    from innocence.people.models import Mention, Person

    from .test_auto_link_undo import FIRST, SECOND

    other = case_services.case_create(
        actor=world.admin, organization=world.north, title="State v. Fictional Two", state="LA"
    )
    case_services.team_add(actor=world.admin, case=other, user=world.on_team)
    for case, pages in ((world.case, FIRST), (other, SECOND)):
        document = make_document(case, pages, title="Fictional report")
        extraction_service.extract_pages_by_id(list(document.pages.values_list("pk", flat=True)))
        run_until_empty()
    assert Person.objects.filter(full_name="Orwin Quenby").count() == 1
    page = chromium_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "n_attorney")
    page.fill("#id_password", "correct-horse-9")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/people/review/")
    row = page.locator("tr:has([data-undo-auto-link])", has_text="Orwin Quenby").first
    text = row.inner_text()
    assert "same actor as in another case" in text and "same agency (PPD)" in text
    assert world.case.reference in text and other.reference in text
    row.locator("[data-undo-auto-link]").click()
    page.wait_for_selector("text=is a person of their own again")
    assert page.locator("tr:has([data-undo-auto-link])", has_text="Orwin Quenby").count() == 0
    quenbys = list(Person.objects.filter(full_name="Orwin Quenby").order_by("pk"))
    assert len(quenbys) == 2
    assert {m.case_id for m in Mention.objects.filter(person=quenbys[1])} == {other.pk}
