"""The one access rule over every Timeline route, web and API: the case's team reads and writes,
a viewer reads only, anyone off the team, walled off or in another organization gets 404 and
writes nothing; the deadlines across cases never include a case the user may not see; a
calendar feed needs its secret, stops at revocation and leaks no case details by default."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from innocence.core.models import ApiToken
from innocence.timeline import services
from innocence.timeline.models import CalendarItem, Event, Proceeding

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world: Any) -> Any:
    from types import SimpleNamespace

    event = services.event_save(actor=world.on_team, case=world.case, values={
        "kind": "crime", "title": "Robbery (fictional)", "date": "1994-06-12", "source_field": "fictional"})
    proceeding = services.proceeding_save(actor=world.on_team, case=world.case, values={"kind": "direct_appeal"})
    step = services.step_save(actor=world.on_team, proceeding=proceeding, values={
        "kind": "judgment_final", "label": "Final (fictional)", "date": "2030-03-01", "source_field": "fictional"})
    item = services.calendar_item_save(actor=world.on_team, case=world.case, values={
        "kind": "deadline", "title": "Secret-ish hearing title (fictional)", "due_on": dt.date.today()})
    return SimpleNamespace(event=event, proceeding=proceeding, step=step, item=item)


def _pages(world: Any, r: Any) -> list[str]:
    ref = world.case.reference
    return [
        reverse("cases:case_tab", args=[ref, "timeline"]),
        reverse("timeline:event_add", args=[ref]),
        reverse("timeline:event_edit", args=[ref, r.event.pk]),
        reverse("timeline:proceeding_add", args=[ref]),
        reverse("timeline:proceeding_edit", args=[ref, r.proceeding.pk]),
        reverse("timeline:step_add", args=[ref, r.proceeding.pk]),
        reverse("timeline:step_edit", args=[ref, r.proceeding.pk, r.step.pk]),
        reverse("timeline:item_add", args=[ref]),
        reverse("timeline:item_edit", args=[ref, r.item.pk]),
        reverse("timeline:export_csv", args=[ref]),
        reverse("timeline:export_ics", args=[ref]),
    ]


def _posts(world: Any, r: Any) -> list[str]:
    ref = world.case.reference
    return [
        reverse("timeline:event_review", args=[ref, r.event.pk]),
        reverse("timeline:event_delete", args=[ref, r.event.pk]),
        reverse("timeline:propose", args=[ref]),
        reverse("timeline:proceeding_delete", args=[ref, r.proceeding.pk]),
        reverse("timeline:step_delete", args=[ref, r.proceeding.pk, r.step.pk]),
        reverse("timeline:item_delete", args=[ref, r.item.pk]),
    ]


def test_team_reads_every_page(client: Any, world: Any, records: Any) -> None:
    client.force_login(world.on_team)
    for path in _pages(world, records):
        assert client.get(path).status_code == 200, path


def test_outsiders_get_404_and_write_nothing(client: Any, world: Any, records: Any) -> None:
    counts = (Event.objects.count(), Proceeding.objects.count(), CalendarItem.objects.count())
    for user in (world.off_team, world.walled_admin, world.outsider):
        client.force_login(user)
        for path in _pages(world, records):
            assert client.get(path).status_code == 404, (user, path)
        for path in _posts(world, records):
            assert client.post(path, {"action": "reject"}).status_code == 404, (user, path)
    assert (Event.objects.count(), Proceeding.objects.count(), CalendarItem.objects.count()) == counts


def test_viewer_reads_but_cannot_write(client: Any, world: Any, records: Any) -> None:
    client.force_login(world.viewer)
    assert client.get(reverse("cases:case_tab", args=[world.case.reference, "timeline"])).status_code == 200
    assert client.get(reverse("timeline:event_add", args=[world.case.reference])).status_code == 403
    for path in _posts(world, records):
        assert client.post(path, {"action": "confirm"}).status_code == 403, path
    assert Event.objects.filter(pk=records.event.pk).exists()


def test_tab_shows_deadline_with_rule_and_caveat(client: Any, world: Any, records: Any) -> None:
    client.force_login(world.on_team)
    html = client.get(reverse("cases:case_tab", args=[world.case.reference, "timeline"])).content.decode()
    assert "28 U.S.C. §2244(d)(1)" in html
    assert "Deadline: " in html and "a lawyer must verify" in html
    assert "Robbery (fictional)" in html and 'id="timeline-items"' in html


def test_deadlines_across_cases_only_show_visible_cases(client: Any, world: Any, records: Any) -> None:
    services.calendar_item_save(actor=world.outsider, case=world.other_case, values={
        "kind": "deadline", "title": "Other org deadline (fictional)", "due_on": dt.date.today()})
    client.force_login(world.on_team)
    html = client.get(reverse("timeline:deadlines")).content.decode()
    assert "Secret-ish hearing title" in html and "Other org deadline" not in html
    client.force_login(world.off_team)
    html = client.get(reverse("timeline:deadlines")).content.decode()
    assert "Secret-ish hearing title" not in html
    assert "Secret-ish hearing title" not in client.get(reverse("cases:dashboard")).content.decode()
    client.force_login(world.on_team)
    assert "Secret-ish hearing title" in client.get(reverse("cases:dashboard")).content.decode()


def test_feed_secret_revocation_and_no_details(client: Any, world: Any, records: Any) -> None:
    from icalendar import Calendar

    from innocence.timeline.models import CalendarFeed

    client.force_login(world.on_team)
    client.post(reverse("timeline:feed_create"), {})
    url = client.session.get("timeline_new_feed_url") or ""
    assert "/feed/" in url
    path = url[url.index("/timeline/feed/"):]
    client.logout()
    body = client.get(path)
    assert body.status_code == 200 and body["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(body.content)
    summaries = [str(c.get("summary")) for c in cal.walk("VEVENT")]
    assert any("computed" in s for s in summaries) and f"{world.case.reference}: deadline" in summaries
    assert b"Secret-ish" not in body.content and world.case.title.encode() not in body.content
    assert client.get(path.replace(".ics", "x.ics")).status_code == 404
    feed = CalendarFeed.objects.get(user=world.on_team)
    services.feed_revoke(actor=world.on_team, feed=feed)
    assert client.get(path).status_code == 404


def test_feed_follows_access_changes(client: Any, world: Any, records: Any) -> None:
    from innocence.cases import services as case_services

    _feed, secret = services.feed_create(actor=world.on_team, include_details=True)
    path = reverse("timeline:feed", args=[secret])
    assert b"Secret-ish" in client.get(path).content
    case_services.wall_off(actor=world.admin, case=world.case, user=world.on_team, reason="fictional conflict")
    assert b"Secret-ish" not in client.get(path).content


def _api(client: Any, user: Any, method: str, path: str, data: Any = None) -> Any:
    key = ApiToken.issue(user=user, name="test")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if method == "get":
        return client.get(path, **headers)
    return getattr(client, method)(path, data=data or {}, content_type="application/json", **headers)


def test_api_access(client: Any, world: Any, records: Any) -> None:
    ref = world.case.reference
    reads = [f"/api/cases/{ref}/timeline", f"/api/cases/{ref}/proceedings", f"/api/cases/{ref}/deadlines"]
    writes = [
        ("post", f"/api/cases/{ref}/timeline/events", {"title": "API (fictional)", "date": "Spring 1984",
                                                       "source_field": "fictional"}),
        ("patch", f"/api/cases/{ref}/timeline/events/{records.event.pk}", {"title": "Changed"}),
        ("post", f"/api/cases/{ref}/timeline/events/{records.event.pk}/review", {"action": "confirm"}),
        ("post", f"/api/cases/{ref}/proceedings", {"kind": "clemency"}),
        ("post", f"/api/cases/{ref}/proceedings/{records.proceeding.pk}/steps",
         {"kind": "hearing", "label": "Hearing", "date": "2030-04-01", "source_field": "fictional"}),
        ("post", f"/api/cases/{ref}/timeline/propose", {}),
        ("delete", f"/api/cases/{ref}/timeline/events/{records.event.pk}", None),
    ]
    for user in (world.off_team, world.walled_admin, world.outsider):
        for path in reads:
            assert _api(client, user, "get", path).status_code == 404, (user, path)
        for method, path, data in writes:
            assert _api(client, user, method, path, data).status_code == 404, (user, path)
        mine = _api(client, user, "get", "/api/deadlines").json()
        assert all(d["case"] != ref for d in mine)
    for method, path, data in writes[:-1]:
        assert _api(client, world.viewer, method, path, data).status_code in (403, 404), path
    for path in reads:
        assert _api(client, world.on_team, "get", path).status_code == 200, path
    made = _api(client, world.on_team, *writes[0][:2], writes[0][2])
    assert made.status_code == 201 and made.json()["precision"] == "season"
    bad = _api(client, world.on_team, "post", writes[0][1], {"title": "x", "date": "1994-02-30",
                                                               "source_field": "fictional"})
    assert bad.status_code == 422 and "no day 30" in bad.content.decode()
    for method, path, data in writes[1:]:
        assert _api(client, world.on_team, method, path, data).status_code in (200, 201, 204), path
    deadlines = _api(client, world.on_team, "get", f"/api/cases/{ref}/deadlines").json()
    assert deadlines[0]["citation"] == "28 U.S.C. §2244(d)(1)" and deadlines[0]["caveat"]
