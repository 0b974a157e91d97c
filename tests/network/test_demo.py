"""The issue's 'done when' on the fictional demo: the detective in two demo cases is one
node linked to both, with the pages; officers and informants filtered, the pair sharing two
cases opens its cited pages, the graph exports to GEXF; an attorney on one case only sees
no node from the others."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import demo_for_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    # Loaded (twice: it is idempotent) once for the module, not per test (~2.6 s each);
    # each test's own writes are rolled back at its end.
    for ctx in demo_for_module(django_db_blocker, INNOCENCE_PAGE_TEXT_CONSUMERS=None):
        from innocence.cases.demo import load_demo

        load_demo()  # idempotent
        yield ctx


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_kessler_is_one_node_linked_to_both_cases_with_pages(demo: Any) -> None:
    from innocence.network.selectors import Filters, graph_for_user

    kessler = demo.people["kessler"]
    graph = graph_for_user(demo.users["admin"], Filters())
    node = graph.persons[kessler.pk]
    refs = {graph.cases[c].reference for c in node.cases}
    assert {"LIC-DEMO-001", "LIC-DEMO-002"} <= refs
    assert sum(1 for p in graph.persons.values() if p.name == "Raymond Kessler") == 1
    edges = {graph.cases[e.case_id].reference: e for e in graph.roles if e.person_id == kessler.pk}
    assert "officer" in edges["LIC-DEMO-001"].roles and edges["LIC-DEMO-001"].pages >= 2
    page = (
        _client(demo.users["attorney"]).get(f"/network/edge/{kessler.pk}/case/LIC-DEMO-002/").content.decode()
    )
    assert "Statement taken by Det. Kessler, 1989" in page and "/documents/" in page


def test_new_user_filters_finds_pair_opens_pages_exports_gexf(demo: Any) -> None:
    kessler, bell = demo.people["kessler"], demo.people["bell"]
    client = _client(demo.users["attorney"])
    page = client.get("/network/?role=officer&role=informant").content.decode()
    assert "Raymond Kessler and Curtis Bell" in page or "Curtis Bell and Raymond Kessler" in page
    a, b = sorted([kessler.pk, bell.pk])
    assert f"/network/edge/{a}/{b}/" in page
    assert "Arthur Tully" not in page.split("Persons drawn")[-1]  # a prosecutor, filtered out
    edge = client.get(f"/network/edge/{a}/{b}/").content.decode()
    assert "LIC-DEMO-001" in edge and "LIC-DEMO-002" in edge
    # in LIC-DEMO-002 both are named on the letter's page: the edge opens it in the viewer
    assert "Letter from inmate Curtis Bell to the District Attorney, 1989 · p. 1" in edge
    assert "/documents/" in edge and "Mr. Curtis Bell" in edge
    gexf = client.get("/network/export/?role=officer&role=informant&format=gexf")
    assert gexf.status_code == 200 and gexf["Content-Type"].startswith("application/gexf+xml")
    body = gexf.content.decode()
    assert "Raymond Kessler" in body and "Curtis Bell" in body and 'weight="2"' in body


def test_attorney_on_one_case_sees_no_node_from_the_others(demo: Any) -> None:
    from innocence.network.selectors import Filters, graph_for_user

    student = demo.users["student"]  # on LIC-DEMO-001 only
    graph = graph_for_user(student, Filters(min_cases=1, min_shared=1))
    assert {c.reference for c in graph.cases.values()} == {"LIC-DEMO-001"}
    assert demo.people["odum"].pk not in graph.persons  # known only from LIC-DEMO-002
    kessler = graph.persons[demo.people["kessler"].pk]
    assert len(kessler.cases) == 1
    page = _client(student).get("/network/?min_cases=1&min_shared=1").content.decode()
    assert "LIC-DEMO-002" not in page and "Terrence Odum" not in page
    export = _client(student).get("/network/export/?min_cases=1&format=json").content.decode()
    assert "LIC-DEMO-002" not in export and "Odum" not in export
