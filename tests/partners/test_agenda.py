"""The partners' shared agenda: an item raised by either side is on both sides' workspace,
on no outsider's page, and every change is in the share log (both sides read it) and in the
acting side's audit trail. Fictional demo (LIC-DEMO-001 shared with the Parish CIU)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

HOST_TITLE = "Fictional item from Lakeside: lab bench notes"
PARTNER_TITLE = "Fictional item from the CIU: re-test the swab"


def _user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def _partnership(estate: Any) -> Any:
    from innocence.partners.models import Partnership

    return Partnership.objects.get(host_case=estate.case)


@pytest.mark.django_db
def test_items_raised_by_either_side_are_seen_by_both_and_by_no_outsider(client: Any, estate: Any) -> None:
    from innocence.core.models import AuditAction, AuditEntry
    from innocence.partners.models import AgendaItem, WorkspaceLog

    p = _partnership(estate)
    url = f"/partners/{p.pk}/"
    for username, title in (("attorney", HOST_TITLE), ("ciu_attorney", PARTNER_TITLE)):
        client.force_login(_user(username))
        response = client.post(f"{url}agenda/add/", {"title": title})
        assert response.status_code == 302 and response["Location"].endswith("#agenda")
    host_item = AgendaItem.objects.get(partnership=p, title=HOST_TITLE)
    partner_item = AgendaItem.objects.get(partnership=p, title=PARTNER_TITLE)
    assert (host_item.side, partner_item.side) == ("host", "partner")

    for username in ("attorney", "ciu_attorney"):
        client.force_login(_user(username))
        page = client.get(url)
        assert page.status_code == 200
        assert HOST_TITLE.encode() in page.content and PARTNER_TITLE.encode() in page.content, username

    # another organization, a colleague of the host not on the case, an admin walled off it
    for outsider in ("outsider", "route_off_team", "route_walled_admin"):
        client.force_login(_user(outsider))
        assert client.get(url).status_code == 404, outsider
        assert client.post(f"{url}agenda/add/", {"title": "Fictional intruder item"}).status_code == 404
        assert client.post(f"{url}agenda/{host_item.pk}/status/", {"status": "done"}).status_code == 404
        listing = client.get("/partners/")
        assert HOST_TITLE.encode() not in listing.content and PARTNER_TITLE.encode() not in listing.content
    assert not AgendaItem.objects.filter(title="Fictional intruder item").exists()
    host_item.refresh_from_db()
    assert host_item.status == "open"

    # the share log names each side's change; each side's audit trail has its own rows
    log = WorkspaceLog.objects.filter(partnership=p, action="agenda")
    assert {(row.side, row.username) for row in log if HOST_TITLE in row.what} == {("host", "attorney")}
    assert {(row.side, row.username) for row in log if PARTNER_TITLE in row.what} == {
        ("partner", "ciu_attorney")
    }
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="partners.AgendaItem")
    host_row = created.get(object_id=str(host_item.pk))
    partner_row = created.get(object_id=str(partner_item.pk))
    assert host_row.case_id_ref == estate.case.pk and host_row.organization_id == p.host_organization_id
    assert partner_row.organization_id == p.partner_organization_id and partner_row.case_id_ref is None


@pytest.mark.django_db
def test_a_status_change_by_the_partner_is_logged_for_both(client: Any, estate: Any) -> None:
    from innocence.core.models import AuditAction, AuditEntry
    from innocence.partners.models import AgendaItem, WorkspaceLog

    p = _partnership(estate)
    client.force_login(_user("attorney"))
    client.post(f"/partners/{p.pk}/agenda/add/", {"title": HOST_TITLE})
    item = AgendaItem.objects.get(partnership=p, title=HOST_TITLE)
    client.force_login(_user("ciu_attorney"))
    response = client.post(f"/partners/{p.pk}/agenda/{item.pk}/status/", {"status": "done"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"
    assert WorkspaceLog.objects.filter(
        partnership=p, side="partner", action="agenda", what__contains="open → done"
    ).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_id=str(item.pk), organization=p.partner_organization
    ).exists()
    client.force_login(_user("attorney"))
    assert b"open \xe2\x86\x92 done" in client.get(f"/partners/{p.pk}/").content  # the host reads the log


@pytest.mark.django_db
def test_an_empty_title_is_refused_in_words(client: Any, estate: Any) -> None:
    from innocence.partners.models import AgendaItem

    p = _partnership(estate)
    before = AgendaItem.objects.filter(partnership=p).count()
    client.force_login(_user("ciu_attorney"))
    response = client.post(f"/partners/{p.pk}/agenda/add/", {"title": "   "}, follow=True)
    assert b"An agenda item needs a title." in response.content
    assert AgendaItem.objects.filter(partnership=p).count() == before
