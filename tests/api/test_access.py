"""Every case endpoint, for every kind of caller: the access rule of the web UI holds.

on the team → data; off the team, walled off, other organization → 404 (never 403,
never data); viewer → reads yes, writes 403; no token or a revoked token → 401.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Endpoint = tuple[str, Callable[[Any], str], Callable[[Any], Any]]

READS: list[Endpoint] = [
    ("GET", lambda a: f"/cases/{a.world.case.reference}", lambda a: None),
    ("GET", lambda a: f"/cases/{a.world.case.reference}/notes", lambda a: None),
    ("GET", lambda a: f"/cases/{a.world.case.reference}/notes/{a.note.pk}", lambda a: None),
    ("GET", lambda a: f"/cases/{a.world.case.reference}/tasks", lambda a: None),
    ("GET", lambda a: f"/cases/{a.world.case.reference}/tasks/{a.task.pk}", lambda a: None),
    ("GET", lambda a: f"/cases/{a.world.case.reference}/roles", lambda a: None),
    ("GET", lambda a: f"/cases/{a.world.case.reference}/roles/{a.role.pk}", lambda a: None),
    ("GET", lambda a: f"/cases/{a.world.case.reference}/team", lambda a: None),
]

WRITES: list[Endpoint] = [
    ("PATCH", lambda a: f"/cases/{a.world.case.reference}", lambda a: {"county": "Lakeside (fictional)"}),
    ("POST", lambda a: f"/cases/{a.world.case.reference}/stage", lambda a: {"to_stage": "screening"}),
    (
        "POST",
        lambda a: f"/cases/{a.world.case.reference}/notes",
        lambda a: {"body": "Another fictional note"},
    ),
    ("PATCH", lambda a: f"/cases/{a.world.case.reference}/notes/{a.note.pk}", lambda a: {"body": "Edited"}),
    ("DELETE", lambda a: f"/cases/{a.world.case.reference}/notes/{a.note.pk}", lambda a: None),
    (
        "POST",
        lambda a: f"/cases/{a.world.case.reference}/tasks",
        lambda a: {"title": "Find the clerk", "assignee": "n_attorney", "due_date": "2030-01-15"},
    ),
    ("PATCH", lambda a: f"/cases/{a.world.case.reference}/tasks/{a.task.pk}", lambda a: {"done": True}),
    ("DELETE", lambda a: f"/cases/{a.world.case.reference}/tasks/{a.task.pk}", lambda a: None),
    (
        "POST",
        lambda a: f"/cases/{a.world.case.reference}/roles",
        lambda a: {"person_id": a.person.pk, "role": "victim"},
    ),
    ("DELETE", lambda a: f"/cases/{a.world.case.reference}/roles/{a.role.pk}", lambda a: None),
]


def _ids(endpoints: list[Endpoint]) -> list[str]:
    from types import SimpleNamespace

    fake = SimpleNamespace(
        world=SimpleNamespace(case=SimpleNamespace(reference="{ref}")),
        note=SimpleNamespace(pk="{note}"),
        task=SimpleNamespace(pk="{task}"),
        role=SimpleNamespace(pk="{role}"),
        person=SimpleNamespace(pk=0),
    )
    return [f"{method} {path(fake)}" for method, path, _ in endpoints]


def _call(api: Any, who: str, endpoint: Endpoint) -> Any:
    method, path, payload = endpoint
    return api.as_[who].call(method, path(api), payload(api))


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", READS + WRITES, ids=_ids(READS + WRITES))
def test_team_attorney_succeeds(api: Any, endpoint: Endpoint) -> None:
    response = _call(api, "on_team", endpoint)
    assert response.status_code in (200, 201, 204), response.content
    if endpoint[0] == "GET":
        assert "application/json" in response["Content-Type"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["off_team", "walled_admin", "outsider"])
@pytest.mark.parametrize("endpoint", READS + WRITES, ids=_ids(READS + WRITES))
def test_no_access_is_404_without_data(api: Any, endpoint: Endpoint, who: str) -> None:
    from innocence.cases.models import Note, Task
    from innocence.people.models import CaseRole

    before = (Note.objects.count(), Task.objects.count(), CaseRole.objects.count())
    response = _call(api, who, endpoint)
    assert response.status_code == 404, response.content
    assert response.json() == {"detail": "Not found."}
    assert (Note.objects.count(), Task.objects.count(), CaseRole.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", READS, ids=_ids(READS))
def test_viewer_reads(api: Any, endpoint: Endpoint) -> None:
    assert _call(api, "viewer", endpoint).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", WRITES, ids=_ids(WRITES))
def test_viewer_cannot_write(api: Any, endpoint: Endpoint) -> None:
    from innocence.cases.models import Case, Note, Task

    before = (Note.objects.count(), Task.objects.count(), Case.objects.get(pk=api.world.case.pk).stage)
    response = _call(api, "viewer", endpoint)
    assert response.status_code == 403, response.content
    assert (
        Note.objects.count(),
        Task.objects.count(),
        Case.objects.get(pk=api.world.case.pk).stage,
    ) == before


OTHERS: list[Endpoint] = [
    ("GET", lambda a: "/cases", lambda a: None),
    ("POST", lambda a: "/cases", lambda a: {"title": "State v. Token"}),
    ("GET", lambda a: "/people", lambda a: None),
    ("POST", lambda a: "/people", lambda a: {"full_name": "No Token"}),
    ("GET", lambda a: f"/people/{a.person.pk}", lambda a: None),
    ("PATCH", lambda a: f"/people/{a.person.pk}", lambda a: {"notes": "x"}),
]
OTHER_IDS = [
    "GET /cases",
    "POST /cases",
    "GET /people",
    "POST /people",
    "GET /people/{id}",
    "PATCH /people/{id}",
]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "revoked"])
@pytest.mark.parametrize("endpoint", [*READS, *WRITES, *OTHERS], ids=[*_ids(READS + WRITES), *OTHER_IDS])
def test_without_valid_token_is_401(api: Any, endpoint: Endpoint, who: str) -> None:
    response = _call(api, who, endpoint)
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


@pytest.mark.django_db
def test_inactive_user_token_is_401(api: Any) -> None:
    api.world.on_team.is_active = False
    api.world.on_team.save()
    assert api.as_["on_team"].get("/cases").status_code == 401


@pytest.mark.django_db
def test_org_admin_sees_case_without_team_seat(api: Any) -> None:
    assert api.as_["admin"].get(f"/cases/{api.world.case.reference}").status_code == 200


@pytest.mark.django_db
def test_case_list_counts_only_visible_cases(api: Any) -> None:
    expected = {
        "on_team": ({api.world.case.reference}, 1),
        "viewer": ({api.world.case.reference}, 1),
        "admin": ({api.world.case.reference}, 1),
        "off_team": (set(), 0),
        "walled_admin": (set(), 0),
        "outsider": ({api.world.other_case.reference}, 1),
    }
    for who, (references, count) in expected.items():
        body = api.as_[who].get("/cases").json()
        assert body["count"] == count, who
        assert {c["reference"] for c in body["items"]} == references, who
        # A filter never widens what is visible.
        body = api.as_[who].get("/cases?q=State").json()
        assert body["count"] == count, who


@pytest.mark.django_db
def test_team_endpoint_is_read_only(api: Any) -> None:
    response = api.as_["admin"].call(
        "POST", f"/cases/{api.world.case.reference}/team", {"username": "n_other"}
    )
    assert response.status_code == 405


# --- every operation, walked ----------------------------------------------------------------
# The table lives in tests/route_table.py; an operation of the schema missing there fails here.

from tests.route_table import API, api_operations, api_path  # noqa: E402

API_CASE = [r for r in API if r.scope == "case"]


def test_every_api_operation_has_an_access_test() -> None:
    covered = {r.key for r in API}
    assert not api_operations() - covered, "operations without an access test: add them to tests/route_table.py"
    assert not covered - api_operations(), "tests/route_table.py names operations that no longer exist"


def _api_send(client: Any, route: Any, estate: Any, who: str | None) -> Any:
    import json

    method, _ = route.key.split(" ", 1)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {estate.tokens[who]}"} if who else {}
    payload = route.data(estate)
    if isinstance(payload, dict) and "__files__" in payload:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile(payload["__files__"], b"A fictional page of text.\n", "text/plain")
        return client.post(api_path(route, estate), {"files": [upload]}, **headers)
    if payload is not None:
        headers.update(data=json.dumps(payload), content_type="application/json")
    return getattr(client, method.lower())(api_path(route, estate), **headers)


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_CASE, ids=[r.key for r in API_CASE])
def test_case_operation_is_404_for_everyone_off_the_case(client: Any, estate: Any, route: Any) -> None:
    from innocence.core.models import AuditAction, AuditEntry

    writing = [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.IMPORT]
    before = AuditEntry.objects.filter(action__in=writing).count()
    for who in ("off_team", "walled_admin", "outsider"):
        response = _api_send(client, route, estate, who)
        assert response.status_code == 404, (route.key, who, response.content[:200])
        assert response.json() == {"detail": "Not found."}
    assert AuditEntry.objects.filter(action__in=writing).count() == before
    response = _api_send(client, route, estate, "attorney")
    assert response.status_code in (*route.ok, 200), (route.key, response.status_code, response.content[:300])


@pytest.mark.django_db
@pytest.mark.parametrize("route", API, ids=[r.key for r in API])
def test_every_operation_needs_a_token(client: Any, estate: Any, route: Any) -> None:
    response = _api_send(client, route, estate, None)
    assert response.status_code == 401, (route.key, response.status_code)
    assert response.json() == {"detail": "A valid API token is required."}


API_INTAKE = [r for r in API if r.scope == "intake"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_INTAKE, ids=[r.key for r in API_INTAKE])
def test_intake_operations_are_for_the_intake_desk(client: Any, estate: Any, route: Any) -> None:
    has_id = "{reference}" in route.key
    for who in ("attorney", "viewer", *(("outsider",) if has_id else ())):
        response = _api_send(client, route, estate, who)
        if route.key == "GET /api/intake/applications":
            assert response.status_code == 200 and response.json() == [], who  # a list of none
            continue
        if route.key == "POST /api/intake/applications":
            # the organization is chosen among the caller's intake desks: none, so none to name
            assert response.status_code in (403, 422), who
            continue
        assert response.status_code in (403, 404), (route.key, who, response.status_code)
    assert _api_send(client, route, estate, "intake").status_code in (*route.ok, 200), route.key
