"""Access: a user sees only nodes and edges from cases they may see — a person known only
from a hidden case does not appear, and no count, weight, export or edge page reveals one.
Walled admin, off-team attorney, another organization. Fictional data made here."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(world: Any) -> Any:
    """world.case (walled for walled_admin, off_team not on it) and a second case that
    off_team and walled_admin may see; one detective in both, an informant only in the first."""
    from innocence.cases import services as cases
    from innocence.jobs.queue import run_until_empty
    from innocence.people import services as people

    second = cases.case_create(actor=world.admin, organization=world.north, title="State v. Second (fictional)")
    cases.team_add(actor=world.admin, case=second, user=world.off_team)
    cases.team_add(actor=world.admin, case=second, user=world.on_team)
    detective = people.person_create(actor=world.admin, organization=world.north, full_name="Det. Anna Marlow")
    informant = people.person_create(actor=world.admin, organization=world.north, full_name="Hidden Informant Quist")
    witness = people.person_create(actor=world.admin, organization=world.north, full_name="Open Witness Brandt")
    people.case_role_add(actor=world.admin, case=world.case, person=detective, role="officer",
                         description="lead detective, Northside Police Department (fictional)")
    people.case_role_add(actor=world.admin, case=world.case, person=informant, role="informant")
    people.case_role_add(actor=world.admin, case=second, person=detective, role="officer")
    people.case_role_add(actor=world.admin, case=second, person=witness, role="witness")
    run_until_empty()  # the case_people_changed hook queued network.refresh_case
    return SimpleNamespace(w=world, second=second, detective=detective, informant=informant, witness=witness)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: Any) -> Client:
    from innocence.core.models import ApiToken

    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user=user, name='fictional test')[1]}")


@pytest.mark.parametrize("who", ["walled_admin", "off_team"])
def test_hidden_case_contributes_no_node_edge_or_count(net: Any, who: str) -> None:
    from innocence.network.selectors import Filters, graph_for_user

    user = getattr(net.w, who)
    graph = graph_for_user(user, Filters(min_cases=1, min_shared=1))
    assert set(graph.cases) == {net.second.pk}
    assert net.informant.pk not in graph.persons
    assert len(graph.persons[net.detective.pk].cases) == 1  # not 2: the walled case is not counted
    assert all(e.case_id == net.second.pk for e in graph.roles)
    # the organization view (actors in 2+ cases) shows nobody to them: one visible case each
    assert graph_for_user(user, Filters()).persons == {}

    client = _client(user)
    page = client.get("/network/?min_cases=1&min_shared=1").content.decode()
    assert "Hidden Informant Quist" not in page and net.w.case.reference not in page
    for fmt in ("gexf", "graphml", "nodes.csv", "edges.csv", "json"):
        body = client.get(f"/network/export/?min_cases=1&min_shared=1&format={fmt}").content.decode()
        assert "Quist" not in body and net.w.case.reference not in body, fmt
    api = _api(user)
    data = json.loads(api.get("/api/network?min_cases=1&min_shared=1").content)
    assert {n["label"] for n in data["nodes"] if n["kind"] == "case"} == {net.second.reference}
    assert [n["case_count"] for n in data["nodes"] if n.get("person_id") == net.detective.pk] == [1]
    # the hidden edges answer 404, as if they did not exist
    assert client.get(f"/network/edge/{net.informant.pk}/case/{net.w.case.reference}/").status_code == 404
    a, b = sorted([net.detective.pk, net.informant.pk])
    assert client.get(f"/network/edge/{a}/{b}/").status_code == 404
    assert api.get(f"/api/network/edges/{a}/{b}").status_code == 404
    assert api.get(f"/api/cases/{net.w.case.reference}/network").status_code == 404
    assert "Quist" not in api.get("/api/network/export?format=gexf&min_cases=1").content.decode()
    assert client.get(f"/network/case/{net.w.case.reference}/").status_code == 404
    assert client.get(f"/network/?focus={net.informant.pk}").content.decode().count("Quist") == 0


def test_on_team_sees_both_cases_and_the_shared_detective(net: Any) -> None:
    from innocence.network.selectors import Filters, graph_for_user

    graph = graph_for_user(net.w.on_team, Filters())
    assert set(graph.persons) == {net.detective.pk}  # the only person in 2+ cases
    full = graph_for_user(net.w.on_team, Filters(min_cases=1, min_shared=1))
    assert {net.detective.pk, net.informant.pk, net.witness.pk} <= set(full.persons)
    assert {e.a for e in full.pairs} | {e.b for e in full.pairs} >= {net.detective.pk, net.informant.pk}
    assert full.persons[net.detective.pk].agencies == {"Northside Police Department"}
    page = _client(net.w.on_team).get(f"/network/edge/{net.detective.pk}/case/{net.w.case.reference}/")
    assert page.status_code == 200 and "lead detective" in page.content.decode()


def test_other_organization_sees_nothing(net: Any) -> None:
    client = _client(net.w.outsider)
    assert "Marlow" not in client.get("/network/?min_cases=1&min_shared=1").content.decode()
    assert json.loads(_api(net.w.outsider).get("/api/network?min_cases=1").content)["nodes"] == []
    assert client.get(f"/network/edge/{net.detective.pk}/case/{net.second.reference}/").status_code == 404


def test_role_and_agency_filters(net: Any) -> None:
    from innocence.network.selectors import Filters, graph_for_user

    user = net.w.on_team
    officers = graph_for_user(user, Filters(roles=("officer",), min_cases=1))
    assert set(officers.persons) == {net.detective.pk}
    informants = graph_for_user(user, Filters(roles=("informant",), min_cases=1))
    assert set(informants.persons) == {net.informant.pk}
    by_agency = graph_for_user(user, Filters(agency="northside police", min_cases=1))
    assert set(by_agency.persons) == {net.detective.pk}
    path = graph_for_user(user, Filters(min_cases=1, min_shared=1, path_from=net.informant.pk,
                                        path_to=net.witness.pk))
    assert path.path[0] == f"p{net.informant.pk}" and path.path[-1] == f"p{net.witness.pk}"
    # the shortest way between them runs through the detective, who shares a case with each
    assert path.path == [f"p{net.informant.pk}", f"p{net.detective.pk}", f"p{net.witness.pk}"]
