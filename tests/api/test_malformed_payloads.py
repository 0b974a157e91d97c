"""Malformed payloads, hand-written in the spirit of schemathesis: every one gets a 422
that names the offending field, and nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest


def _field_named(body: Any, field: str) -> bool:
    """Both error shapes name the field: ours ({"errors": {field: [...]}}) and
    django-ninja's schema errors ({"detail": [{"loc": [..., field], ...}]})."""
    if isinstance(body.get("errors"), dict):
        return field in body["errors"]
    return any(field in [str(p) for p in item.get("loc", [])] for item in body.get("detail", []))


CASES = [
    ("POST", "/cases", {}, "title"),
    ("POST", "/cases", {"title": ""}, "title"),
    ("POST", "/cases", {"title": 12}, "title"),
    ("POST", "/cases", {"title": "x" * 201}, "title"),
    ("POST", "/cases", {"title": "T", "conviction_date": "17/04/1980"}, "conviction_date"),
    ("POST", "/cases", {"title": "T", "conviction_date": "2999-01-01"}, "conviction_date"),
    ("POST", "/cases", {"title": "T", "state": "Louisiana"}, "state"),
    ("POST", "/cases", {"title": "T", "state": "L1"}, "state"),
    ("POST", "/cases", {"title": "T", "docket_numbers": "CR-1"}, "docket_numbers"),
    ("POST", "/cases", {"title": "T", "docket_numbers": ["CR-1"]}, "docket_numbers"),
    ("POST", "/cases", {"title": "T", "docket_numbers": ["A-1", "a 1"]}, "docket_numbers"),
    ("POST", "/cases", {"title": "T", "docket_numbers": ["---"]}, "docket_numbers"),
    ("POST", "/cases", {"title": "T", "conviction_type": "jury"}, "conviction_type"),
    ("POST", "/cases", {"title": "T", "stage": "done"}, "stage"),
    ("POST", "/cases", {"title": "T", "charges": [{"a": 1}]}, "charges"),
    ("PATCH", "/cases/{ref}", {"title": None}, "title"),
    ("PATCH", "/cases/{ref}", {"release_date": "soon"}, "release_date"),
    ("PATCH", "/cases/{ref}", {"inmate_number": "9" * 51}, "inmate_number"),
    ("POST", "/cases/{ref}/stage", {}, "to_stage"),
    ("POST", "/cases/{ref}/stage", {"to_stage": "heaven"}, "to_stage"),
    ("POST", "/cases/{ref}/notes", {}, "body"),
    ("POST", "/cases/{ref}/notes", {"body": "   "}, "body"),
    ("POST", "/cases/{ref}/notes", {"body": ["a"]}, "body"),
    ("POST", "/cases/{ref}/tasks", {"title": "T", "due_date": "tomorrow"}, "due_date"),
    ("POST", "/cases/{ref}/tasks", {"title": ""}, "title"),
    ("POST", "/cases/{ref}/tasks", {"title": "T", "assignee": "ghost"}, "assignee"),
    ("PATCH", "/cases/{ref}/tasks/{task}", {"done": "perhaps"}, "done"),
    ("PATCH", "/cases/{ref}/tasks/{task}", {"done": None}, "done"),
    ("POST", "/cases/{ref}/roles", {"person_id": "abc", "role": "witness"}, "person_id"),
    ("POST", "/cases/{ref}/roles", {"person_id": 1, "role": "hero"}, "role"),
    ("POST", "/cases/{ref}/roles", {"role": "witness"}, "person_id"),
    ("POST", "/people", {"full_name": ""}, "full_name"),
    ("POST", "/people", {"full_name": "X", "date_of_birth": "1999-02-30"}, "date_of_birth"),
    ("POST", "/people", {"full_name": "X", "date_of_birth": "1700-01-01"}, "date_of_birth"),
    ("POST", "/people", {"full_name": "X", "aliases": "one"}, "aliases"),
    ("PATCH", "/people/{person}", {"full_name": None}, "full_name"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "payload", "field"), CASES, ids=[f"{c[0]} {c[1]} {c[3]}" for c in CASES]
)
def test_malformed_payload_is_422_naming_the_field(
    api: Any, method: str, path: str, payload: Any, field: str
) -> None:
    from innocence.cases.models import Case, Note, Task
    from innocence.core.models import AuditEntry
    from innocence.people.models import Person

    # Only a docket that is already taken in the organization clashes.
    path = path.format(ref=api.world.case.reference, task=api.task.pk, person=api.person.pk)
    counts = lambda: (  # noqa: E731
        Case.objects.count(),
        Note.objects.count(),
        Task.objects.count(),
        Person.objects.count(),
        AuditEntry.objects.count(),
    )
    before = counts()
    response = api.as_["on_team"].call(method, path, payload)
    assert response.status_code == 422, (response.status_code, response.content)
    body = response.json()
    assert _field_named(body, field), body
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("raw", [b"{not json", b"[]", b"null", b'"text"'])
def test_body_that_is_not_an_object_is_422(api: Any, client: Any, raw: bytes) -> None:
    response = client.post(
        "/api/cases",
        data=raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.as_['on_team'].key}",
    )
    assert response.status_code in (400, 422)
    assert "detail" in json.loads(response.content)


@pytest.mark.django_db
def test_unknown_field_is_named(api: Any) -> None:
    response = api.as_["on_team"].call("POST", "/cases", {"title": "T", "refrence": "X-1"})
    assert response.status_code == 422
    assert _field_named(response.json(), "refrence")
