"""Every read, or it is not an audit: each case-scoped read of every route writes exactly
one audit row, and each refusal writes exactly one (user, route, the ids asked for)."""

from __future__ import annotations

import pytest

from tests.route_table import API, WEB, api_path, web_path

WEB_READS = [r for r in WEB if r.read]
API_READS = [r for r in API if r.read]


def _rows(action):
    from innocence.core.models import AuditEntry

    return AuditEntry.objects.filter(action=action)


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
@pytest.mark.parametrize("route", WEB_READS, ids=[r.key for r in WEB_READS])
def test_each_web_read_writes_one_row_and_each_refusal_one(client, estate, route):
    url = web_path(route, estate)
    client.force_login(estate.users["attorney"])
    before = _rows("view").count()
    response = client.get(url)
    _body(response)
    assert response.status_code in route.ok, (route.key, response.status_code)
    if response.status_code == 200:
        assert _rows("view").count() == before + 1, route.key
        row = _rows("view").first()
        assert row.username == "attorney"
        assert row.organization_id == estate.organization.pk, route.key
    client.force_login(estate.users["outsider"])
    denied = _rows("access_denied").count()
    viewed = _rows("view").count()
    assert client.get(url).status_code == 404
    assert _rows("access_denied").count() == denied + 1, route.key
    assert _rows("view").count() == viewed
    row = _rows("access_denied").first()
    assert row.username == "outsider" and row.changes["route"] == route.key
    assert row.organization_id == estate.ctx.other_organization.pk  # their own admins see it


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_READS, ids=[r.key for r in API_READS])
def test_each_api_read_writes_one_row_and_each_refusal_one(client, estate, route):
    path = api_path(route, estate)
    before = _rows("view").count()
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {estate.tokens['attorney']}")
    assert response.status_code == 200, (route.key, response.content[:200])
    assert _rows("view").count() == before + 1, route.key
    assert _rows("view").first().channel == "api"
    denied = _rows("access_denied").count()
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {estate.tokens['off_team']}")
    assert response.status_code == 404
    assert _rows("access_denied").count() == denied + 1, route.key
    assert _rows("access_denied").first().username == "route_off_team"


@pytest.mark.django_db
def test_api_lists_are_audited_too(client, estate):
    for path in ("/api/cases", "/api/actors", f"/api/people?case={estate.case.reference}"):
        before = _rows("view").count()
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {estate.tokens['attorney']}")
        assert response.status_code == 200, path
        assert _rows("view").count() == before + 1, path


@pytest.mark.django_db
def test_failed_sign_in_is_attributed_to_the_organization_of_the_username(client, world):
    client.post("/login/", {"username": "n_attorney", "password": "wrong"})
    client.post("/login/", {"username": "nobody-by-that-name", "password": "wrong"})
    known, unknown = _rows("login_failed").order_by("id")
    assert known.organization == world.north and known.username == "n_attorney"
    assert unknown.organization is None


@pytest.mark.django_db
def test_staff_admin_shows_no_note_bodies(client, world, django_user_model):
    from innocence.cases import services
    from innocence.core.models import AuditEntry

    services.note_create(actor=world.on_team, case=world.case, body="Fictional secret: the alibi witness")
    staff = django_user_model.objects.create_superuser("staff", password="correct-horse-9")
    client.force_login(staff)
    listing = client.get("/staff-admin/core/auditentry/")
    assert listing.status_code == 200
    assert b"alibi witness" not in listing.content
    entry = AuditEntry.objects.filter(object_type="cases.Note").first()
    page = client.get(f"/staff-admin/core/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert b"alibi witness" not in page.content


@pytest.mark.django_db
def test_a_403_logs_one_line_not_a_traceback(client, estate, caplog):
    import logging

    client.force_login(estate.users["viewer"])
    with caplog.at_level(logging.WARNING):
        response = client.post(f"/cases/{estate.case.reference}/notes/add/", {"body": "x"})
    assert response.status_code == 403
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and lines[0].exc_info is None, [r.getMessage() for r in lines]
    assert "403" in lines[0].getMessage() and "viewer" in lines[0].getMessage()
