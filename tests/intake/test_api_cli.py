from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innocence.core.models import ApiToken

pytestmark = pytest.mark.django_db


def _auth(user):
    _, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_api_create_list_detail_transition(client, intake_world):
    headers = _auth(intake_world.coordinator)
    response = client.post("/api/intake/applications", json.dumps({
        "applicant_name": "Robert Quillfeather", "inmate_number": "Q-1", "facility": intake_world.facility.name,
        "conviction_state": "LA", "identity_at_issue": "yes", "claim": "Not me.",
    }), content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    assert response.json()["alibi"] == "unknown"
    listing = client.get("/api/intake/applications", **headers).json()
    assert [row["reference"] for row in listing] == [reference]
    moved = client.post(f"/api/intake/applications/{reference}/transition",
                        json.dumps({"to_stage": "declined", "reason_code": "capacity"}),
                        content_type="application/json", **headers)
    assert moved.status_code == 200 and moved.json()["stage"] == "declined"
    bad = client.post(f"/api/intake/applications/{reference}/transition", json.dumps({"to_stage": "accepted"}),
                      content_type="application/json", **headers)
    assert bad.status_code == 422 and "cannot move" in json.dumps(bad.json())


def test_api_bad_input_is_422_with_words(client, intake_world):
    headers = _auth(intake_world.coordinator)
    response = client.post("/api/intake/applications", json.dumps({
        "applicant_name": "X Y", "applicant_dob": "1990-01-01", "conviction_year": 1980,
    }), content_type="application/json", **headers)
    assert response.status_code == 422
    assert "before the date of birth" in json.dumps(response.json())


def test_api_hides_applications_from_others(client, intake_world, make_application):
    app = make_application()
    for user in (intake_world.attorney, intake_world.outsider):
        headers = _auth(user)
        assert client.get(f"/api/intake/applications/{app.reference}", **headers).status_code == 404
        assert client.get("/api/intake/applications", **headers).json() == []


def test_cli_list_and_show(intake_world, make_application):
    app = make_application()
    out = StringIO()
    call_command("intake", "list", "--as", "n_intake", stdout=out)
    assert app.reference in out.getvalue()
    out = StringIO()
    call_command("intake", "show", app.reference, "--as", "n_intake", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["applicant_name"] == "Robert Quillfeather" and data["recantation"] == "unknown"
    with pytest.raises(CommandError, match="can see"):
        call_command("intake", "show", app.reference, "--as", "s_intake", stdout=StringIO())
    with pytest.raises(CommandError, match="does not work intake"):
        call_command("intake", "list", "--as", "n_attorney", stdout=StringIO())
