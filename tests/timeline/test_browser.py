"""A real browser on the demo's Timeline tab: the vendored visual timeline draws under the CSP
('self' only), a click on an event opens the page it cites, the filters swap the tab with
htmx, the conflict is shown with both citations, and the AEDPA deadline with its rule."""

from __future__ import annotations

from typing import Any

import pytest

from innocence.cases.demo import DEMO_PASSWORD, load_demo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_timeline_tab_in_a_real_browser(live_server: Any, chromium_page: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
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
    assert "Due in the next 30 days" in page.content()

    page.goto(live_server.url + "/cases/LIC-DEMO-001/timeline/")
    page.wait_for_selector("#timeline-visual .vis-item")
    text = page.inner_text("[data-tab=timeline]")
    assert "Dates that disagree" in text and "Date of offense: 06/11/1994" in text
    assert "Deadline: Monday 28 December 2026" in text and "28 U.S.C. §2244(d)(2)" in page.content()
    assert "Cannot compute" not in text
    # The vendored build tries to inject its own <style> (blocked by style-src 'self'; its
    # stylesheet is linked instead). No script may be blocked.
    assert not [e for e in errors if "script-src" in e], errors

    # Filters swap the tab in place (htmx) and the visual timeline is drawn again.
    page.select_option("#tf-status", "proposed")
    page.wait_for_url("**status=proposed**")
    page.wait_for_selector("#timeline-visual .vis-item")
    assert "Robbery and fatal shooting" not in page.inner_text("table.chronology")

    page.select_option("#tf-status", "")
    page.wait_for_selector("#timeline-visual .vis-item.vis-box.tl-link")
    page.locator("#timeline-visual .vis-item.vis-box.tl-link .vis-item-content").last.click(force=True)
    page.wait_for_url("**/documents/**")
    assert "page=" in page.url

    page.goto(live_server.url + "/cases/LIC-DEMO-002/timeline/")
    assert "Cannot compute: the date the conviction became final is not recorded." in page.inner_text(
        "[data-tab=timeline]")
