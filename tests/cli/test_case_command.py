"""`innocence case create|list|show`: the same access rule as the web UI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management.base import CommandError


@pytest.mark.django_db
def test_refuses_without_acting_user(run: Any, world: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("INNOCENCE_USER", raising=False)
    with pytest.raises(CommandError, match="--as USERNAME"):
        run("case", "list")
    with pytest.raises(CommandError, match="No active user named 'ghost'"):
        run("case", "list", "--as", "ghost")


@pytest.mark.django_db
def test_acting_user_from_environment(run: Any, world: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("INNOCENCE_USER", "n_attorney")
    assert world.case.reference in run("case", "list")


@pytest.mark.django_db
def test_list_obeys_the_access_rule(run: Any, world: Any) -> None:
    def refs(who: str) -> set[str]:
        return {c["reference"] for c in json.loads(run("case", "list", "--as", who, "--json"))}

    assert refs("n_attorney") == {world.case.reference}
    assert refs("n_viewer") == {world.case.reference}
    assert refs("n_admin") == {world.case.reference}
    assert refs("n_other") == set()
    assert refs("n_walled_admin") == set()
    assert refs("s_admin") == {world.other_case.reference}
    assert "No cases." in run("case", "list", "--as", "n_other")


@pytest.mark.django_db
def test_list_json_shape_matches_the_api(run: Any, world: Any, client: Any) -> None:
    from innocence.core.models import ApiToken

    cli = json.loads(run("case", "list", "--as", "n_attorney", "--json", "--stage", "intake"))
    _, key = ApiToken.issue(user=world.on_team, name="t")
    api = client.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {key}").json()["items"]
    assert cli == api
    assert set(cli[0]) >= {"reference", "title", "stage", "docket_numbers", "organization", "applicant"}
    assert json.loads(run("case", "list", "--as", "n_attorney", "--json", "--stage", "litigation")) == []
    assert len(json.loads(run("case", "list", "--as", "n_attorney", "--json", "-q", "CR-1"))) == 1


@pytest.mark.django_db
def test_show(run: Any, world: Any) -> None:
    from innocence.core.models import AuditEntry

    text = run("case", "show", world.case.reference, "--as", "n_attorney")
    assert "State v. Example" in text and "CR-1" in text
    data = json.loads(run("case", "show", world.case.reference, "--as", "n_viewer", "--json"))
    assert data["reference"] == world.case.reference
    assert {"team", "roles", "stage_history", "notes", "tasks"} <= set(data)
    assert {m["username"] for m in data["team"]} == {"n_admin", "n_attorney", "n_viewer"}
    views = AuditEntry.objects.filter(action="view", case_reference=world.case.reference)
    assert views.count() == 2 and set(views.values_list("channel", flat=True)) == {"cli"}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["n_other", "n_walled_admin", "s_admin"])
def test_show_without_access_says_no_such_case(run: Any, world: Any, who: str) -> None:
    with pytest.raises(CommandError, match=f"No case {world.case.reference} that {who} can see"):
        run("case", "show", world.case.reference, "--as", who)


@pytest.mark.django_db
def test_create(run: Any, world: Any) -> None:
    from innocence.cases.models import Case
    from innocence.core.models import AuditEntry

    data = json.loads(
        run(
            "case",
            "create",
            "--as",
            "n_attorney",
            "--title",
            "State v. Typed",
            "--docket",
            "CR-9",
            "--docket",
            "CR-10",
            "--charge",
            "Burglary",
            "--state",
            "ms",
            "--conviction-date",
            "2001-02-03",
            "--json",
        )
    )
    assert data["docket_numbers"] == ["CR-9", "CR-10"] and data["state"] == "MS"
    assert data["reference"].startswith("NS-")
    case = Case.objects.get(reference=data["reference"])
    assert case.team.filter(user=world.on_team).exists()
    assert (
        AuditEntry.objects.get(
            action="create", case_reference=case.reference, object_type="cases.Case"
        ).channel
        == "cli"
    )
    assert "Opened" in run("case", "create", "--as", "n_attorney", "--title", "State v. Plain")


@pytest.mark.django_db
def test_create_refusals_name_the_problem(run: Any, world: Any) -> None:
    from innocence.cases.models import Case

    before = Case.objects.count()
    with pytest.raises(CommandError, match="state: Use the two-letter state code"):
        run("case", "create", "--as", "n_attorney", "--title", "T", "--state", "Louisiana")
    with pytest.raises(CommandError, match="docket numbers: Docket number cr 1 is already"):
        run("case", "create", "--as", "n_attorney", "--title", "T", "--docket", "cr 1")
    with pytest.raises(CommandError, match="conviction date"):
        run("case", "create", "--as", "n_attorney", "--title", "T", "--conviction-date", "03/02/2001")
    with pytest.raises(CommandError, match="does not allow opening cases"):
        run("case", "create", "--as", "n_viewer", "--title", "T")
    with pytest.raises(CommandError, match="not a member of an organization 'southside'"):
        run("case", "create", "--as", "n_attorney", "--title", "T", "--org", "southside")
    assert Case.objects.count() == before
