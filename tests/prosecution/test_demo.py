"""The fictional demo on LIC-DEMO-001 shows what the issue's "done when" asks, and a user
from another organization, or off the team, sees none of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import demo_for_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    # Loaded once for the module (per test it cost ~2.4 s each); each test's own writes
    # are rolled back at its end.
    yield from demo_for_module(django_db_blocker, INNOCENCE_PAGE_TEXT_CONSUMERS=None)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_demo_shows_the_supplemental_report_brady_napue_and_the_detective(demo: Any) -> None:
    from innocence.findings.models import Finding
    from innocence.prosecution.selectors import actor_dossier, disclosure_matrix

    case = demo.cases["LIC-DEMO-001"]
    matrix = disclosure_matrix(case)
    candidates = {r.document.title: r.undisclosed_pages for r in matrix.candidates}
    assert candidates.get("Incident report 94-0412, Lakeside Parish Sheriff's Office") == [2]
    report_row = next(r for r in matrix.rows if r.document.title.startswith("Incident report"))
    assert any(d.provenance == "defense_file" for d in report_row.copies)  # the OCR-noisy copy joined its row

    brady = Finding.objects.filter(case=case, rule_id="prosecution.brady_suppression", status="present")
    assert brady.exists()
    text = brady.first().text  # type: ignore[union-attr]
    assert "Favorable: supported" in text and "Suppressed: supported" in text and "Prejudice:" in text
    assert "strickler1999" in brady.first().authority_keys  # type: ignore[union-attr]

    napue = Finding.objects.get(case=case, rule_id="prosecution.napue_false_testimony", status="present")
    cites = list(napue.citations.all())
    assert any(c.page_number and "promised nothing" in c.quote for c in cites)
    assert any(c.source_model == "witnesses.InformantBenefit" for c in cites)

    giglio = Finding.objects.get(case=case, rule_id="prosecution.giglio_benefit")
    assert giglio.status == "present"

    kessler = demo.people["kessler"]
    dossier = actor_dossier(demo.users["admin"], kessler)
    assert {c.case.reference for c in dossier.cases} >= {"LIC-DEMO-001", "LIC-DEMO-002"}
    assert any(v.record.status == "sustained" and v.record.reviewed for v in dossier.misconduct)


def test_demo_tab_overview_and_dossier_in_the_browserless_client(demo: Any) -> None:
    attorney = _client(demo.users["attorney"])
    tab = attorney.get("/cases/LIC-DEMO-001/prosecution/").content.decode()
    assert "Candidate undisclosed material" in tab and "#page=2" in tab
    assert "Incident report 94-0412" in tab and "Strickler" in tab and "Raymond Kessler" in tab
    overview = attorney.get("/cases/LIC-DEMO-001/").content.decode()
    assert "Official misconduct" in overview
    response = attorney.get(f"/prosecution/actors/{demo.people['kessler'].pk}/")
    assert response.status_code == 200 and "Sustained" in response.content.decode()


def test_outsiders_and_people_off_the_team_see_none_of_it(demo: Any, make_user: Any) -> None:
    from innocence.core.models import Membership

    outsider = _client(demo.users["outsider"])
    assert outsider.get("/cases/LIC-DEMO-001/prosecution/").status_code == 404
    assert outsider.get(f"/prosecution/actors/{demo.people['kessler'].pk}/").status_code == 404
    registry = outsider.get("/prosecution/registry/").content.decode()
    assert "Kessler" not in registry
    off = make_user("demo_off_team")
    Membership.objects.create(user=off, organization=demo.organization, role="attorney")
    off_client = _client(off)
    assert off_client.get("/cases/LIC-DEMO-001/prosecution/").status_code == 404
    assert off_client.get("/prosecution/cases/LIC-DEMO-001/matrix.csv").status_code == 404
    # the reviewed, externally sourced entry shows; the one from the case they are off does not
    entries = off_client.get("/prosecution/registry/").content.decode()
    assert "IA-97-014" in entries
    assert "did not reach the defense" not in entries and "LIC-DEMO-001" not in entries


def test_cli_shows_the_lens_and_refuses_a_case_the_user_may_not_see(demo: Any) -> None:
    import io
    import json

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("prosecution", "--case", "LIC-DEMO-001", "--as", "attorney", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert any(c["pages"] == [2] for c in data["candidate_undisclosed"])
    assert any(
        f["rule_id"] == "prosecution.napue_false_testimony" and f["status"] == "present"
        for f in data["findings"]
    )
    with pytest.raises(CommandError, match="may see"):
        call_command("prosecution", "--case", "LIC-DEMO-001", "--as", "outsider", stdout=io.StringIO())


def _api(user: Any) -> Client:
    from innocence.core.models import ApiToken

    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user=user, name='fictional test')[1]}")


def test_api_summary_and_dossier_follow_the_access_rule(demo: Any) -> None:
    attorney = _api(demo.users["attorney"])
    summary = attorney.get("/api/cases/LIC-DEMO-001/prosecution").json()
    assert summary["candidate_undisclosed"] and summary["actors_elsewhere"]
    kessler = demo.people["kessler"].pk
    dossier = attorney.get(f"/api/actors/{kessler}/dossier").json()
    assert {"LIC-DEMO-001", "LIC-DEMO-002"} <= {c["reference"] for c in dossier["cases"]}
    outsider = _api(demo.users["outsider"])
    assert outsider.get("/api/cases/LIC-DEMO-001/prosecution").status_code == 404
    assert outsider.get(f"/api/actors/{kessler}/dossier").status_code == 404
    assert outsider.get("/api/misconduct").json() == []
