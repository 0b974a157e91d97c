"""axe-core on the main pages, as every demo role: no serious or critical violation.

Pages: sign-in, dashboard, case list, each case tab (from the registry), the document
viewer, search, the intake queue, the actor index; and (issue 21) the network graph, the
reports dashboard and national registry, the partners' list and workspace and the deadlines
page — those the role may open."""

from __future__ import annotations

from typing import Any

import pytest

from innocence.cases.demo import DEMO_PASSWORD, load_demo
from tests.browser.axe import axe_violations, describe

ROLES = ("admin", "attorney", "student", "intake", "investigator", "viewer", "outsider")


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def _pages_for(username: str) -> list[str]:
    from django.contrib.auth import get_user_model

    from innocence.cases.selectors import cases_visible_to
    from innocence.core.extensions import registry
    from innocence.documents.models import Document

    user = get_user_model().objects.get(username=username)
    urls = ["/", "/cases/", "/search/?q=lineup", "/people/actors/", "/intake/"]
    case = cases_visible_to(user).filter(reference="LIC-DEMO-001").first()
    if case is not None:
        urls.append(f"/cases/{case.reference}/")
        urls += [f"/cases/{case.reference}/{tab.slug}/" for tab in registry().case_tabs()]
        document = Document.objects.filter(case=case, page_count__gt=0).order_by("id").first()
        if document is not None:
            urls.append(f"/documents/{document.pk}/view/?page=1")
    return urls


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_in_page_has_no_serious_violation(live_server: Any, chromium_page: Any) -> None:
    load_demo()
    chromium_page.goto(live_server.url + "/login/")
    found = axe_violations(chromium_page)
    assert not found, describe("/login/", found)


def _walk_as_each_role(
    browser: Any, base: str, roles: tuple[str, ...], pages_for: Any
) -> tuple[list[str], dict[str, int]]:
    """Every role, each signed in in a browser context of its own, over the pages it may open
    (a 403/404 is a page the role may not open): axe's serious findings as "role: page: …",
    and how many pages each role opened. One demo for all roles: the pages only read it."""
    problems: list[str] = []
    opened: dict[str, int] = {}
    for username in roles:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            _sign_in(page, base, username)
            opened[username] = 0
            for url in pages_for(username):
                response = page.goto(base + url)
                assert response is not None
                if response.status in (403, 404):
                    continue
                assert response.status == 200, f"{username}: {url}: {response.status}"
                opened[username] += 1
                found = axe_violations(page)
                if found:
                    problems.append(f"{username}: " + describe(url, found))
        finally:
            context.close()
    return problems, opened


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_have_no_serious_violation_for_any_role(live_server: Any, chromium_browser: Any) -> None:
    load_demo()
    problems, opened = _walk_as_each_role(chromium_browser, live_server.url, ROLES, _pages_for)
    assert all(opened.values()), opened
    assert not problems, "\n".join(problems)


def _more_pages_for(username: str) -> list[str]:
    """Issue 21: the pages outside the case tabs, each as the roles that open it (a 403/404
    is a page this role may not open)."""
    from django.urls import reverse

    from innocence.partners.models import Partnership

    urls = [
        reverse("network:graph"),
        reverse("reports:dashboard"),
        reverse("reports:national"),
        reverse("partners:list"),
        reverse("timeline:deadlines"),
    ]
    urls += [reverse("partners:workspace", kwargs={"pk": p.pk}) for p in Partnership.objects.order_by("pk")]
    return urls


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_network_reports_partners_and_deadlines_have_no_serious_violation_for_any_role(
    live_server: Any, chromium_browser: Any
) -> None:
    load_demo()
    problems, opened = _walk_as_each_role(
        chromium_browser, live_server.url, (*ROLES, "ciu_attorney"), _more_pages_for
    )
    assert all(opened.values()), f"a role opened none of the pages: {opened}"
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_in_and_move_through_a_case_by_keyboard_alone(live_server: Any, chromium_page: Any) -> None:
    load_demo()
    page = chromium_page
    base = live_server.url
    page.goto(base + "/login/")
    assert page.evaluate("document.activeElement.id") == "id_username"  # the form has the focus
    page.keyboard.type("attorney")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/")

    # From the top of the dashboard: first the skip link, then the main navigation's "Cases".
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Cases":
            break
    else:
        pytest.fail("the Cases link is not reachable by Tab from the top of the page")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/cases/")

    page.goto(base + "/cases/LIC-DEMO-001/")
    page.focus("nav[aria-label='Case sections'] a:has-text('Documents')")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-tab=documents], #document-rows")
    assert "/cases/LIC-DEMO-001/documents/" in page.url
    # Every interactive element the tab shows can take the focus (nothing is mouse-only).
    unfocusable = page.evaluate(
        """() => [...document.querySelectorAll('#tab-panel a[href], #tab-panel button, #tab-panel input, #tab-panel select, #tab-panel textarea')]
              .filter(el => !el.disabled && el.offsetParent !== null && el.tabIndex < 0)
              .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert unfocusable == []
