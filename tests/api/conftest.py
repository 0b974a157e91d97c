"""Fixtures for the REST API tests: the shared `world`, plus a note, a task, a person
with a role, and an API token for everyone."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest


class ApiClient:
    """Django's test client speaking JSON with a bearer token."""

    def __init__(self, client: Any, key: str | None) -> None:
        self.client = client
        self.key = key

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"} if self.key else {}

    def call(self, method: str, path: str, payload: Any = None) -> Any:
        kwargs: dict[str, Any] = self._headers()
        if payload is not None:
            kwargs.update(data=json.dumps(payload), content_type="application/json")
        return getattr(self.client, method.lower())("/api" + path, **kwargs)

    def get(self, path: str) -> Any:
        return self.call("GET", path)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # The shared `world` makes six users; argon2 would spend most of this suite's time hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api(world: Any, client: Any) -> SimpleNamespace:
    from innocence.cases import services
    from innocence.core.models import ApiToken
    from innocence.people import services as people_services

    note = services.note_create(
        actor=world.on_team, case=world.case, body="Fictional note: check the show-up."
    )
    task = services.task_create(actor=world.on_team, case=world.case, title="Request the photo array")
    person = people_services.person_create(
        actor=world.admin, organization=world.north, full_name="Avery Fictional", aliases=["A. F."]
    )
    role = people_services.case_role_add(actor=world.admin, case=world.case, person=person, role="witness")
    clients = {}
    for name in ("admin", "on_team", "off_team", "viewer", "walled_admin", "outsider"):
        _, key = ApiToken.issue(user=getattr(world, name), name="test")
        clients[name] = ApiClient(client, key)
    clients["anonymous"] = ApiClient(client, None)
    revoked, revoked_key = ApiToken.issue(user=world.on_team, name="old")
    from django.utils import timezone

    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    clients["revoked"] = ApiClient(client, revoked_key)
    return SimpleNamespace(world=world, note=note, task=task, person=person, role=role, as_=clients)
