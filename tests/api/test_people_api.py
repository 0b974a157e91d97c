"""People endpoints: visible as in the web UI; roles only in cases the caller can see."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db
def test_person_visibility(api: Any) -> None:
    pid = api.person.pk
    assert api.as_["on_team"].get(f"/people/{pid}").status_code == 200
    assert api.as_["viewer"].get(f"/people/{pid}").status_code == 200
    for who in ("off_team", "outsider"):
        response = api.as_[who].get(f"/people/{pid}")
        assert response.status_code == 404, who
        assert api.as_[who].get("/people").json()["count"] == 0 or pid not in [
            p["id"] for p in api.as_[who].get("/people").json()["items"]
        ]


@pytest.mark.django_db
def test_walled_admin_does_not_see_a_person_known_only_from_the_walled_case(api: Any) -> None:
    assert api.as_["walled_admin"].get(f"/people/{api.person.pk}").status_code == 404
    body = api.as_["on_team"].get(f"/people/{api.person.pk}").json()
    assert [r["case"] for r in body["roles"]] == [api.world.case.reference]


@pytest.mark.django_db
def test_person_view_is_audited(api: Any) -> None:
    from innocence.core.models import AuditEntry

    api.as_["on_team"].get(f"/people/{api.person.pk}")
    entry = AuditEntry.objects.filter(action="view", object_type="people.Person").first()
    assert entry is not None and entry.channel == "api"


@pytest.mark.django_db
def test_people_list_search(api: Any) -> None:
    client = api.as_["on_team"]
    assert client.get("/people?q=avery").json()["count"] == 1
    assert client.get("/people?q=A. F.").json()["count"] == 1
    assert client.get("/people?q=nobody").json()["count"] == 0
    assert client.get(f"/people?case={api.world.case.reference}").json()["count"] == 1


@pytest.mark.django_db
def test_create_and_update_person(api: Any) -> None:
    client = api.as_["on_team"]
    created = client.call(
        "POST", "/people", {"full_name": "Casey  Invented", "aliases": ["CI"], "date_of_birth": "1970-01-02"}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["full_name"] == "Casey Invented" and body["organization"] == "northside"
    updated = client.call("PATCH", f"/people/{body['id']}", {"aliases": ["C. I.", "Case"], "notes": None})
    assert updated.status_code == 200 and updated.json()["aliases"] == ["C. I.", "Case"]


@pytest.mark.django_db
def test_viewer_cannot_write_people(api: Any) -> None:
    assert api.as_["viewer"].call("POST", "/people", {"full_name": "Nope"}).status_code == 403
    assert api.as_["viewer"].call("PATCH", f"/people/{api.person.pk}", {"notes": "x"}).status_code == 403


@pytest.mark.django_db
def test_off_team_cannot_update_hidden_person(api: Any) -> None:
    response = api.as_["off_team"].call("PATCH", f"/people/{api.person.pk}", {"notes": "x"})
    assert response.status_code == 404
