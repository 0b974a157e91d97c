"""Bad query and form parameters get a 4xx with words, not a 500 (issue 11, item 7)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _api(client: Any, user: Any, path: str) -> Any:
    from innocence.core.models import ApiToken

    _, key = ApiToken.issue(user=user, name="test")
    return client.get("/api" + path, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_negative_offset_and_silly_limits_are_400_with_words(world: Any, client: Any) -> None:
    ref = world.case.reference
    response = _api(client, world.on_team, f"/mentions?case={ref}&offset=-1")
    assert response.status_code == 400 and "offset" in response.content.decode()
    response = _api(client, world.on_team, f"/mentions?case={ref}&limit=0")
    assert response.status_code == 400 and "limit" in response.content.decode()
    assert _api(client, world.on_team, f"/mentions?case={ref}").status_code == 200


def test_recompute_with_an_unknown_lens_is_400_with_words(world: Any, client: Any) -> None:
    client.force_login(world.on_team)
    response = client.post(f"/findings/cases/{world.case.reference}/recompute/", {"lens": "astrology"})
    assert response.status_code == 400
    assert "no lens named 'astrology'" in response.content.decode()
