"""What the case endpoints return and write, and what they leave in the audit log."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db
def test_case_detail_shape_and_view_is_audited(api: Any) -> None:
    from innocence.core.models import AuditEntry

    ref = api.world.case.reference
    body = api.as_["on_team"].get(f"/cases/{ref}").json()
    assert body["reference"] == ref
    assert body["organization"] == "northside"
    assert body["docket_numbers"] == ["CR-1"]
    assert body["stage"] == "intake" and "screening" in body["allowed_next_stages"]
    assert {m["username"] for m in body["team"]} == {"n_admin", "n_attorney", "n_viewer"}
    assert [r["person"]["full_name"] for r in body["roles"]] == ["Avery Fictional"]
    assert body["notes"][0]["body"].startswith("Fictional note")
    assert body["tasks"][0]["title"] == "Request the photo array"
    assert body["stage_history"][0]["to_stage"] == "intake"
    entry = AuditEntry.objects.filter(action="view", case_reference=ref).first()
    assert entry is not None
    assert entry.channel == "api" and entry.username == "n_attorney"


@pytest.mark.django_db
def test_case_list_filters_and_pagination(api: Any) -> None:
    from innocence.cases import services

    admin = api.world.admin
    for i in range(30):
        services.case_create(
            actor=admin,
            organization=api.world.north,
            title=f"State v. Filler {i}",
            state="TX" if i % 2 else "MS",
        )
    client = api.as_["admin"]
    first = client.get("/cases").json()
    assert first["count"] == 31 and len(first["items"]) == 25
    second = client.get("/cases?page=2").json()
    assert len(second["items"]) == 6
    assert not {c["reference"] for c in first["items"]} & {c["reference"] for c in second["items"]}
    assert client.get("/cases?state=tx").json()["count"] == 15
    assert client.get("/cases?q=Example").json()["count"] == 1
    assert client.get("/cases?q=CR-1").json()["count"] == 1
    assert client.get("/cases?assignee=n_attorney").json()["count"] == 1
    assert client.get("/cases?stage=intake").json()["count"] == 31
    assert client.get("/cases?stage=litigation").json()["count"] == 0
    bad = client.get("/cases?stage=nonsense")
    assert bad.status_code == 422 and "stage" in bad.json()["errors"]
    assert client.get("/cases?page=0").status_code == 422


@pytest.mark.django_db
def test_create_case_and_it_is_audited(api: Any) -> None:
    from innocence.cases.models import Case
    from innocence.core.models import AuditEntry

    response = api.as_["on_team"].call(
        "POST",
        "/cases",
        {
            "title": "State v. New",
            "docket_numbers": ["CR-77"],
            "state": "la",
            "charges": ["Robbery"],
            "conviction_type": "plea",
            "conviction_date": "1999-05-01",
            "offense_date": "1998-02-11",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["offense_date"] == "1998-02-11" and body["arrest_date"] is None  # not recorded
    assert body["state"] == "LA" and body["docket_numbers"] == ["CR-77"] and body["conviction_type"] == "plea"
    case = Case.objects.get(reference=body["reference"])
    assert case.team.filter(user=api.world.on_team).exists()
    entry = AuditEntry.objects.get(action="create", object_type="cases.Case", case_reference=case.reference)
    assert entry.channel == "api"


@pytest.mark.django_db
def test_viewer_cannot_create_case(api: Any) -> None:
    response = api.as_["viewer"].call("POST", "/cases", {"title": "State v. Nope"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_create_case_in_other_org_is_refused(api: Any) -> None:
    response = api.as_["on_team"].call("POST", "/cases", {"title": "State v. X", "organization": "southside"})
    assert response.status_code == 422
    assert "organization" in response.json()["errors"]


@pytest.mark.django_db
def test_update_case_fields_and_dockets(api: Any) -> None:
    ref = api.world.case.reference
    response = api.as_["on_team"].call(
        "PATCH", f"/cases/{ref}", {"sentence": "Life", "docket_numbers": ["CR-1", "CR-2"], "summary": None}
    )
    assert response.status_code == 200, response.content
    assert response.json()["sentence"] == "Life"
    assert response.json()["docket_numbers"] == ["CR-1", "CR-2"]


@pytest.mark.django_db
def test_stage_change_rules(api: Any) -> None:
    client = api.as_["on_team"]
    ref = api.world.case.reference
    wrong = client.call("POST", f"/cases/{ref}/stage", {"to_stage": "litigation"})
    assert wrong.status_code == 422
    assert "cannot move from Intake to Litigation" in wrong.json()["errors"]["to_stage"][0]
    ok = client.call("POST", f"/cases/{ref}/stage", {"to_stage": "screening", "note": "letter answered"})
    assert ok.status_code == 201
    assert ok.json()["from_stage"] == "intake" and ok.json()["by"] == "n_attorney"
    assert client.get(f"/cases/{ref}").json()["stage"] == "screening"


@pytest.mark.django_db
def test_notes_crud(api: Any) -> None:
    client = api.as_["on_team"]
    ref = api.world.case.reference
    created = client.call("POST", f"/cases/{ref}/notes", {"body": "  second note  "}).json()
    assert created["body"] == "second note" and created["author"] == "n_attorney"
    listing = client.get(f"/cases/{ref}/notes").json()
    assert listing["count"] == 2 and listing["items"][0]["id"] == created["id"]
    edited = client.call("PATCH", f"/cases/{ref}/notes/{created['id']}", {"body": "changed"}).json()
    assert edited["body"] == "changed"
    assert client.call("DELETE", f"/cases/{ref}/notes/{created['id']}").status_code == 204
    assert client.get(f"/cases/{ref}/notes/{created['id']}").status_code == 404


@pytest.mark.django_db
def test_note_of_another_case_is_404(api: Any) -> None:
    from innocence.cases import services

    other = services.case_create(actor=api.world.admin, organization=api.world.north, title="State v. Other")
    note = services.note_create(actor=api.world.admin, case=other, body="not yours")
    # The attorney sees the first case, and asks for the other case's note through it.
    response = api.as_["on_team"].get(f"/cases/{api.world.case.reference}/notes/{note.pk}")
    assert response.status_code == 404


@pytest.mark.django_db
def test_tasks_crud(api: Any) -> None:
    client = api.as_["on_team"]
    ref = api.world.case.reference
    created = client.call(
        "POST",
        f"/cases/{ref}/tasks",
        {"title": "Call the clerk", "assignee": "n_viewer", "due_date": "2031-02-03"},
    ).json()
    assert created["assignee"] == "n_viewer" and created["due_date"] == "2031-02-03"
    done = client.call(
        "PATCH", f"/cases/{ref}/tasks/{created['id']}", {"done": True, "assignee": None}
    ).json()
    assert done["done"] is True and done["done_at"] and done["assignee"] is None
    assert client.get(f"/cases/{ref}/tasks?done=true").json()["count"] == 1
    assert client.get(f"/cases/{ref}/tasks?done=false").json()["count"] == 1
    assert client.call("DELETE", f"/cases/{ref}/tasks/{created['id']}").status_code == 204
    assert client.get(f"/cases/{ref}/tasks").json()["count"] == 1


@pytest.mark.django_db
def test_task_assignee_must_be_in_org(api: Any) -> None:
    response = api.as_["on_team"].call(
        "POST", f"/cases/{api.world.case.reference}/tasks", {"title": "x", "assignee": "s_admin"}
    )
    assert response.status_code == 422
    assert "assignee" in response.json()["errors"]


@pytest.mark.django_db
def test_roles(api: Any) -> None:
    from innocence.people import services as people_services

    client = api.as_["on_team"]
    ref = api.world.case.reference
    person = people_services.person_create(
        actor=api.world.admin, organization=api.world.north, full_name="Bo Fict"
    )
    created = client.call("POST", f"/cases/{ref}/roles", {"person_id": person.pk, "role": "applicant"})
    assert created.status_code == 201
    assert created.json()["role_label"] == "Applicant"
    assert client.get(f"/cases/{ref}").json()["applicant"]["full_name"] == "Bo Fict"
    twice = client.call("POST", f"/cases/{ref}/roles", {"person_id": person.pk, "role": "applicant"})
    assert twice.status_code == 422 and "role" in twice.json()["errors"]
    assert client.get(f"/cases/{ref}/roles").json()["count"] == 2
    assert client.call("DELETE", f"/cases/{ref}/roles/{created.json()['id']}").status_code == 204
    assert client.get(f"/cases/{ref}").json()["applicant"] is None


@pytest.mark.django_db
def test_role_for_person_of_other_org_is_422(api: Any) -> None:
    from innocence.people import services as people_services

    stranger = people_services.person_create(
        actor=api.world.outsider, organization=api.world.south, full_name="Far Away"
    )
    response = api.as_["on_team"].call(
        "POST", f"/cases/{api.world.case.reference}/roles", {"person_id": stranger.pk, "role": "witness"}
    )
    assert response.status_code == 422 and "person_id" in response.json()["errors"]


@pytest.mark.django_db
def test_openapi_schema_renders(client: Any) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    for path in (
        "/api/cases",
        "/api/cases/{reference}",
        "/api/cases/{reference}/stage",
        "/api/cases/{reference}/notes/{note_id}",
        "/api/cases/{reference}/tasks/{task_id}",
        "/api/cases/{reference}/roles/{role_id}",
        "/api/cases/{reference}/team",
        "/api/people",
        "/api/people/{person_id}",
    ):
        assert path in schema["paths"], path
    assert schema["components"]["securitySchemes"]
    assert client.get("/api/docs").status_code == 200
