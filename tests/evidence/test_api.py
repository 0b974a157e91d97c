"""The Evidence API under the access rule: the team reads and writes; off the team, walled
off and another organization get 404 and write nothing; a viewer reads but cannot write."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _call(client: Any, token: str, method: str, path: str, payload: Any = None) -> Any:
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if payload is not None:
        kwargs.update(data=json.dumps(payload), content_type="application/json")
    return getattr(client, method.lower())("/api" + path, **kwargs)


@pytest.fixture
def tokens(world: Any) -> dict[str, str]:
    from innocence.core.models import ApiToken

    return {name: ApiToken.issue(user=getattr(world, name), name="evidence test")[1]
            for name in ("on_team", "off_team", "viewer", "walled_admin", "outsider")}


def test_team_writes_reads_and_outsiders_get_404(client: Any, world: Any, lens: Any, tokens: dict[str, str]) -> None:
    from innocence.evidence.models import EvidenceItem

    base = f"/cases/{world.case.reference}"
    r = _call(client, tokens["on_team"], "POST", f"{base}/evidence-records/item",
              {"description": "Fictional shirt", "category": "clothing", "collected_by_id": lens.officer.pk})
    assert r.status_code == 201, r.content
    item_id = r.json()["id"]
    r = _call(client, tokens["on_team"], "POST", f"{base}/evidence-records/test", {"method": "dna_str", "items": [item_id]})
    assert r.status_code == 201 and r.json()["items"] == [item_id]
    assert _call(client, tokens["on_team"], "GET", f"{base}/evidence-records").json()["item"][0]["id"] == item_id
    assert _call(client, tokens["viewer"], "GET", f"{base}/evidence-records/item/{item_id}").status_code == 200
    assert _call(client, tokens["viewer"], "PATCH", f"{base}/evidence-records/item/{item_id}",
                 {"status": "lost"}).status_code == 403
    for who in ("off_team", "walled_admin", "outsider"):
        for method, path, payload in (("GET", f"{base}/evidence-records", None),
                                      ("GET", f"{base}/evidence-records/item/{item_id}", None),
                                      ("PATCH", f"{base}/evidence-records/item/{item_id}", {"status": "lost"}),
                                      ("GET", f"{base}/dna-worksheet", None),
                                      ("POST", f"{base}/evidence-proposals/run", None)):
            response = _call(client, tokens[who], method, path, payload)
            assert response.status_code == 404, (who, method, path, response.status_code)
            assert b"Fictional shirt" not in response.content
    assert EvidenceItem.objects.get().status == "unknown"


def test_bad_payloads_name_the_field(client: Any, world: Any, lens: Any, tokens: dict[str, str]) -> None:
    base = f"/cases/{world.case.reference}"
    r = _call(client, tokens["on_team"], "POST", f"{base}/evidence-records/test", {"method": "phrenology"})
    assert r.status_code == 422 and "phrenology" in r.content.decode()
    r = _call(client, tokens["on_team"], "POST", f"{base}/evidence-records/test", {"method": "dna_str", "items": [999999]})
    assert r.status_code == 422 and "items" in r.content.decode()
    r = _call(client, tokens["on_team"], "POST", f"{base}/evidence-records/item", {"description": "x", "colour": "red"})
    assert r.status_code == 422 and "colour" in r.content.decode()
    assert _call(client, tokens["on_team"], "GET", f"{base}/evidence-records/spaceship").status_code == 404


def test_worksheet_api(client: Any, world: Any, lens: Any, tokens: dict[str, str]) -> None:
    lens.save("item", description="Fictional swab", category="sa_kit", status="unknown")
    data = _call(client, tokens["on_team"], "GET", f"/cases/{world.case.reference}/dna-worksheet").json()
    (louisiana,) = data["statutes"]
    assert louisiana["key"] == "LA" and louisiana["verification"] == "U" and louisiana["last_checked"] is None
    statuses = {e["id"]: e["status"] for e in louisiana["elements"]}
    assert statuses["available"] == "not_recorded" and statuses["not_tested"] == "supported"
    assert "federal convictions only" in data["note"]
