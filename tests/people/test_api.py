"""REST API for mentions, extracted people and the actor index: same access as the UI."""

from __future__ import annotations

from typing import Any

import pytest

from innocence.jobs.queue import run_until_empty
from innocence.people import extraction_service
from tests.people.conftest import REPORT_PAGE

pytestmark = pytest.mark.django_db


def _get(client: Any, user: Any, path: str) -> Any:
    from innocence.core.models import ApiToken

    _, key = ApiToken.issue(user=user, name="test")
    return client.get("/api" + path, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_mentions_people_and_actors(world: Any, client: Any, make_document: Any) -> None:
    doc = make_document(world.case, [REPORT_PAGE])
    extraction_service.extract_pages_by_id(list(doc.pages.values_list("pk", flat=True)))
    run_until_empty()  # resolution runs on the queue
    ref = world.case.reference
    rows = _get(client, world.on_team, f"/mentions?case={ref}&kind=person").json()
    assert any(r["normalized"] == "Harold Pinwell" and r["page"] == 1 for r in rows)
    assert all(REPORT_PAGE[r["start"] : r["end"]] == r["text"] for r in rows)
    people = _get(client, world.on_team, f"/cases/{ref}/people-extracted").json()
    assert any(p["name"] == "Raymond Kessler" or p["name"].endswith("Kessler") for p in people)
    assert _get(client, world.on_team, "/actors?min_cases=1").status_code == 200
    for user in (world.off_team, world.outsider, world.walled_admin):
        assert _get(client, user, f"/mentions?case={ref}").status_code == 404
        assert _get(client, user, f"/cases/{ref}/people-extracted").status_code == 404
        assert _get(client, user, "/actors?min_cases=1").json() == []
