"""The Witness tab, forms, review buttons, print summary, API and CLI — and who may see them."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(lens: Any) -> Any:
    lens.procedure = lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="show_up",
                               date=dt.date(2001, 3, 4), administration="non_blind", video_recorded=False,
                               confidence_statement="looks like him")
    lens.statement = lens.save("statement", witness=lens.witness, kind="police_interview", date=dt.date(2001, 3, 4))
    lens.save("claim", statement=lens.statement, topic="height", value="5'9\"", quote="about 5'9\"")
    return lens


def _tab(case: Any) -> str:
    return f"/cases/{case.reference}/witnesses/"


def test_tab_shows_records_findings_and_indicators(client: Any, recorded: Any) -> None:
    client.force_login(recorded.world.on_team)
    html = client.get(_tab(recorded.case)).content.decode()
    assert "Ada Quimby" in html and "Show-up" in html and "looks like him" in html
    assert "Show-up identification" in html and "Wells et al. (2020)" in html and "10.1037/lhb0000359" in html
    assert 'data-factor="MWID"' in html and "indicator present" in html
    assert "not a score" in html
    assert "Dismiss" in html
    page = client.get(f"/findings/cases/{recorded.case.reference}/").content.decode()
    assert "Witness lens" in page and "Show-up identification" in page and "Evidence lens" in page


def test_viewer_sees_but_cannot_review(client: Any, recorded: Any) -> None:
    client.force_login(recorded.world.viewer)
    html = client.get(_tab(recorded.case)).content.decode()
    assert "Show-up identification" in html and "Dismiss" not in html
    finding = recorded.finding("eyewitness.show_up")
    response = client.post(f"/findings/cases/{recorded.case.reference}/{finding.pk}/review/",
                           {"action": "dismiss", "reason": "x"})
    assert response.status_code == 403
    finding.refresh_from_db()
    assert finding.review_state == "unreviewed"


def test_dismiss_via_web_then_rerun_keeps_it(client: Any, recorded: Any) -> None:
    client.force_login(recorded.world.on_team)
    finding = recorded.finding("eyewitness.show_up")
    response = client.post(f"/findings/cases/{recorded.case.reference}/{finding.pk}/review/",
                           {"action": "dismiss", "reason": "exigent circumstances documented"})
    assert response.status_code == 302
    client.post(f"/findings/cases/{recorded.case.reference}/recompute/", {"lens": "witness"})
    finding.refresh_from_db()
    assert finding.status == "dismissed" and finding.review_reason == "exigent circumstances documented"
    html = client.get(_tab(recorded.case)).content.decode()
    assert "exigent circumstances documented" in html


@pytest.mark.parametrize("who", ["off_team", "walled_admin", "outsider"])
def test_no_access_is_404_everywhere(client: Any, recorded: Any, who: str) -> None:
    client.force_login(getattr(recorded.world, who))
    ref = recorded.case.reference
    finding = recorded.finding("eyewitness.show_up")
    gets = [
        _tab(recorded.case),
        f"/witnesses/cases/{ref}/procedure/new/",
        f"/witnesses/cases/{ref}/procedure/{recorded.procedure.pk}/edit/",
        f"/witnesses/cases/{ref}/witness/{recorded.witness.pk}/print/",
        f"/findings/cases/{ref}/",
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        f"/findings/cases/{ref}/{finding.pk}/review/",
        f"/findings/cases/{ref}/recompute/",
        f"/witnesses/cases/{ref}/procedure/{recorded.procedure.pk}/delete/",
        f"/witnesses/cases/{ref}/statements/{recorded.statement.pk}/propose/",
    ]
    for url in posts:
        assert client.post(url, {"action": "dismiss", "reason": "x"}).status_code == 404, url


def test_record_of_another_case_is_404_through_a_visible_case(client: Any, recorded: Any) -> None:
    from innocence.cases import services as case_services

    other = case_services.case_create(actor=recorded.world.admin, organization=recorded.world.north,
                                      title="State v. Second")
    client.force_login(recorded.world.admin)
    url = f"/witnesses/cases/{other.reference}/procedure/{recorded.procedure.pk}/edit/"
    assert client.get(url).status_code == 404


def test_add_form_saves_and_recomputes(client: Any, recorded: Any) -> None:
    client.force_login(recorded.world.on_team)
    url = f"/witnesses/cases/{recorded.case.reference}/interrogation/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"suspect": recorded.suspect.pk, "date": "2001-03-05", "suspect_age": "16",
                                 "recorded_in_full": "false"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert recorded.finding("confession.youth").status == "present"
    assert recorded.finding("confession.not_recorded").status == "present"
    assert recorded.finding("confession.false_evidence_ploy").status == "not_recorded"


def test_form_rejects_person_of_another_org(client: Any, recorded: Any) -> None:
    from innocence.people.models import Person

    stranger = Person.objects.create(organization=recorded.world.south, full_name="Elsewhere Person")
    client.force_login(recorded.world.on_team)
    response = client.post(f"/witnesses/cases/{recorded.case.reference}/interrogation/new/",
                           {"suspect": stranger.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_print_summary(client: Any, recorded: Any) -> None:
    client.force_login(recorded.world.on_team)
    html = client.get(f"/witnesses/cases/{recorded.case.reference}/witness/{recorded.witness.pk}/print/").content
    text = html.decode()
    assert "Ada Quimby — witness summary" in text and "Show-up identification" in text and "witnesses.css" in text


def test_api_findings_and_records(client: Any, recorded: Any) -> None:
    from innocence.core.models import ApiToken

    _, key = ApiToken.issue(user=recorded.world.on_team, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    ref = recorded.case.reference
    data = client.get(f"/api/cases/{ref}/findings?lens=witness", **headers).json()
    show_up = next(f for f in data["findings"] if f["rule_id"] == "eyewitness.show_up")
    assert show_up["status"] == "present" and show_up["authorities"] and show_up["citations"]
    assert any(i["code"] == "MWID" and i["indicated"] for i in data["nre_indicators"])
    response = client.post(f"/api/cases/{ref}/findings/{show_up['id']}/review",
                           data=json.dumps({"action": "dismiss", "reason": "checked"}),
                           content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    records = client.get(f"/api/cases/{ref}/witness-records", **headers).json()
    assert records["procedure"][0]["record_kind"] == "procedure" and records["procedure"][0]["witness_id"]
    created = client.post(f"/api/cases/{ref}/witness-records/informant",
                          data=json.dumps({"person_id": recorded.informant.pk, "custody_status": "in_custody",
                                           "corroborated": False}),
                          content_type="application/json", **headers)
    assert created.status_code == 201, created.content
    assert recorded.finding("informant.uncorroborated_in_custody").status == "present"
    bad = client.post(f"/api/cases/{ref}/witness-records/informant", data=json.dumps({"person_id": 999999}),
                      content_type="application/json", **headers)
    assert bad.status_code == 422


def test_api_is_404_for_outsider(client: Any, recorded: Any) -> None:
    from innocence.core.models import ApiToken

    _, key = ApiToken.issue(user=recorded.world.outsider, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    ref = recorded.case.reference
    assert client.get(f"/api/cases/{ref}/findings", **headers).status_code == 404
    assert client.get(f"/api/cases/{ref}/witness-records", **headers).status_code == 404
    assert client.get(f"/api/cases/{ref}/witness-records/procedure/{recorded.procedure.pk}",
                      **headers).status_code == 404


def test_cli_lists_findings_as_user(recorded: Any) -> None:
    out = StringIO()
    call_command("findings", "--case", recorded.case.reference, "--as", recorded.world.on_team.username,
                 "--lens", "witness", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert any(f["rule_id"] == "eyewitness.show_up" and f["status"] == "present" for f in data["findings"])
    out = StringIO()
    call_command("findings", "--case", recorded.case.reference, "--as", recorded.world.on_team.username,
                 "--status", "present", stdout=out)
    assert "[Present] Show-up identification" in out.getvalue() and "authority: Wells et al. (2020)" in out.getvalue()
    with pytest.raises(CommandError, match="may see"):
        call_command("findings", "--case", recorded.case.reference, "--as", recorded.world.outsider.username)


def test_add_a_finding_of_ones_own(client: Any, recorded: Any) -> None:
    from innocence.findings.models import Finding

    client.force_login(recorded.world.on_team)
    ref = recorded.case.reference
    html = client.get(_tab(recorded.case)).content.decode()
    assert "Add a finding of your own" in html and 'value="P/FA"' in html
    response = client.post(f"/findings/cases/{ref}/add/", {
        "lens": "witness", "title": "Tip about another man", "text": "A caller named someone else.",
        "nre_factors": ["OM"], "authority_keys": "brady1963",
    })
    assert response.status_code == 302
    finding = Finding.objects.get(case=recorded.case, origin="person")
    assert finding.nre_factors == ["OM"] and finding.created_by == recorded.world.on_team
    client.post(f"/findings/cases/{ref}/recompute/", {"lens": "witness"})
    assert Finding.objects.filter(pk=finding.pk, status="present").exists()
    client.force_login(recorded.world.viewer)
    assert client.post(f"/findings/cases/{ref}/add/", {"title": "x", "text": "y"}).status_code == 403


@pytest.mark.parametrize("kind", ["statement", "claim", "procedure", "viewing", "interrogation", "informant",
                                  "benefit"])
def test_every_add_form_renders(client: Any, recorded: Any, kind: str) -> None:
    client.force_login(recorded.world.on_team)
    response = client.get(f"/witnesses/cases/{recorded.case.reference}/{kind}/new/")
    assert response.status_code == 200
    if kind != "claim":  # every other record has yes/no facts that default to "Not recorded"
        assert "Not recorded" in response.content.decode()
    client.force_login(recorded.world.viewer)
    assert client.get(f"/witnesses/cases/{recorded.case.reference}/{kind}/new/").status_code == 403
