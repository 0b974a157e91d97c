"""What only admins may know stays with them: the audit trail of a case an admin is
walled off, and who is walled off a case and why."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.route_table import API, CASE, WEB, api_path, web_path

CASE_READS = [r for r in WEB if r.scope == "case" and r.read]
API_READS = [r for r in API if r.scope == "case" and r.read]


@pytest.mark.django_db
def test_a_walled_admin_reads_no_audit_row_of_the_walled_case(client, estate):
    from innocence.core.models import AuditEntry
    from innocence.core.selectors import audit_entries_for_admin

    # someone on the case reads and searches it, so its trail holds titles and names
    client.force_login(estate.users["attorney"])
    client.get(f"/cases/{CASE}/")
    client.get(web_path(next(r for r in WEB if r.key == "documents:detail"), estate))
    assert AuditEntry.objects.filter(case_id_ref=estate.case.pk).exists()
    assert not audit_entries_for_admin(estate.walled_admin).filter(case_id_ref=estate.case.pk).exists()
    assert audit_entries_for_admin(estate.users["admin"]).filter(case_id_ref=estate.case.pk).exists()
    client.force_login(estate.walled_admin)
    for url in (f"/audit/?case={CASE}", f"/audit/export.csv?case={CASE}", "/audit/", "/audit/export.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert estate.case.title.encode() not in body, url
        assert estate.document.title.encode() not in body, url
    # organization-level rows are still theirs to read
    assert audit_entries_for_admin(estate.walled_admin).filter(case_id_ref__isnull=True).exists()


SECRETS = ("fictional conflict", "route_walled_admin")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["attorney", "viewer", "student"])
def test_walls_reach_no_one_but_admins(client, estate, who):
    client.force_login(estate.users[who])
    for route in CASE_READS:
        response = client.get(web_path(route, estate))
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        for secret in SECRETS:
            assert secret not in body, (route.key, who, secret)
    for tab in ("overview", "activity", "people", "notes", "documents", "witnesses"):
        body = client.get(f"/cases/{CASE}/{tab}/").content.decode(errors="replace")
        for secret in SECRETS:
            assert secret not in body, (tab, who, secret)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {estate.tokens[who]}"}
    for route in API_READS:
        body = client.get(api_path(route, estate), **headers).content.decode(errors="replace")
        for secret in SECRETS:
            assert secret not in body, (route.key, who, secret)


@pytest.mark.django_db
def test_admins_see_walls_and_an_attorneys_export_withholds_the_reason(client, estate):
    client.force_login(estate.users["admin"])
    assert b"fictional conflict" in client.get(f"/cases/{CASE}/").content
    assert b"route_walled_admin" in client.get(f"/cases/{CASE}/activity/").content
    for who, reason_shown in (("admin", True), ("attorney", False)):
        client.force_login(estate.users[who])
        response = client.post(f"/cases/{CASE}/export/")
        assert response.status_code == 200, who
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        walls = json.loads(archive.read("case.json"))["walls"]
        assert [w["username"] for w in walls] == ["route_walled_admin"]  # the wall travels
        assert ("fictional conflict" in walls[0]["reason"]) is reason_shown, who
