from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.signals import user_login_failed

from innocence.core.models import AuditEntry


@pytest.mark.django_db
def test_audit_entries_cannot_be_changed_or_deleted(world):
    entry = AuditEntry.objects.first()
    entry.action = "view"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="view")


@pytest.mark.django_db
def test_case_view_is_logged_with_user_ip_and_tab(client, world):
    client.force_login(world.on_team)
    client.get(f"/cases/{world.case.reference}/people/", REMOTE_ADDR="10.9.8.7")
    entry = AuditEntry.objects.filter(action="view").latest("id")
    assert entry.username == "n_attorney"
    assert entry.ip_address == "10.9.8.7"
    assert entry.case_reference == world.case.reference
    assert entry.changes == {"viewed": "people"}
    assert entry.channel == "web"


@pytest.mark.django_db
def test_logins_and_failed_logins_are_logged(client, world):
    client.post("/login/", {"username": "n_attorney", "password": "correct-horse-9"})
    client.post("/login/", {"username": "n_attorney", "password": "wrong"})
    actions = list(
        AuditEntry.objects.filter(action__in=["login", "login_failed"]).values_list("action", "username")
    )
    assert ("login", "n_attorney") in actions
    assert ("login_failed", "n_attorney") in actions
    user_login_failed.send(sender=None, credentials={"username": "ghost"})
    assert AuditEntry.objects.filter(action="login_failed", username="ghost").exists()


@pytest.mark.django_db
def test_audit_log_only_for_org_admins_and_only_their_org(client, world):
    client.force_login(world.on_team)
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export.csv").status_code == 404
    client.force_login(world.outsider)
    response = client.get("/audit/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["time", "organization", "user", "action"]
    assert all(row[1] != world.north.name for row in rows[1:])
    client.force_login(world.admin)
    response = client.get("/audit/?case=" + world.case.reference)
    assert response.status_code == 200
    assert b"State v. Example" in response.content
    rows = list(csv.reader(io.StringIO(b"".join(client.get("/audit/export.csv").streaming_content).decode())))
    assert any(row[3] == "create" and row[8] == world.case.reference for row in rows[1:])
    assert AuditEntry.objects.filter(action="export", username="n_admin").exists()


@pytest.mark.django_db
def test_audit_export_neutralises_spreadsheet_formulas(client, world):
    from innocence.cases import services

    services.note_create(actor=world.admin, case=world.case, body='=HYPERLINK("http://x")')
    client.force_login(world.admin)
    body = b"".join(client.get("/audit/export.csv").streaming_content).decode()
    assert ",'=HYPERLINK" in body or "\"'=HYPERLINK" in body
