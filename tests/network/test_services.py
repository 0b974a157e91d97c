"""The stored edges: refreshed one case at a time through the people app's hooks (a case
role, a resolution run after a new document, a merge), idempotent; exports well-formed;
the CLI. Fictional data made here."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _doc(world: Any, case: Any, name: str, text: str) -> Any:
    from innocence.documents import services

    return services.add_file(actor=world.admin, organization=world.north, case=case, name=name,
                             stream=io.BytesIO(text.encode()), provenance="police_file").document


def test_new_document_refreshes_only_its_case(world: Any, settings: Any) -> None:
    from innocence.cases import services as cases
    from innocence.jobs.queue import run_until_empty
    from innocence.network.models import Appearance, CoAppearance

    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = None
    other = cases.case_create(actor=world.admin, organization=world.north, title="State v. Other (fictional)")
    _doc(world, other, "other.txt", "Reporting officer: Det. Walter Brisco\nMr. Owen Tallis was present.")
    run_until_empty()
    before = list(Appearance.objects.filter(case=other).values_list("pk", flat=True))
    assert before
    _doc(world, world.case, "report.txt",
         "Reporting officer: Det. Walter Brisco\nDet. Brisco spoke with Mr. Owen Tallis and Ms. Rita Fenn.")
    run_until_empty()
    rows = {a.person.full_name: a for a in Appearance.objects.filter(case=world.case).select_related("person")}
    brisco = next(a for name, a in rows.items() if "Brisco" in name)
    assert brisco.record_roles == ["officer"] and brisco.pages == 1 and brisco.mentions >= 2
    assert CoAppearance.objects.filter(case=world.case, shared_pages=1).count() >= 2
    # the other case's rows were not rewritten by the new document
    assert list(Appearance.objects.filter(case=other).values_list("pk", flat=True)) == before


def test_role_change_and_merge_refresh_through_the_hooks(world: Any) -> None:
    from innocence.jobs.queue import run_until_empty
    from innocence.network import services
    from innocence.network.models import Appearance
    from innocence.people import decisions
    from innocence.people import services as people

    a = people.person_create(actor=world.admin, organization=world.north, full_name="Det. Ida Crane")
    b = people.person_create(actor=world.admin, organization=world.north, full_name="Det. I. Crane")
    role = people.case_role_add(actor=world.admin, case=world.case, person=a, role="officer")
    people.case_role_add(actor=world.admin, case=world.case, person=b, role="prosecutor")
    assert not Appearance.objects.filter(case=world.case).exists()  # queued, not inline
    run_until_empty()
    assert Appearance.objects.filter(case=world.case, person=a, case_roles=["officer"]).exists()
    decisions.persons_merge(actor=world.admin, keep=a, other=b)
    run_until_empty()
    merged = Appearance.objects.get(case=world.case, person=a)
    assert merged.case_roles == ["officer", "prosecutor"]
    people.case_role_remove(actor=world.admin, case_role=role)
    run_until_empty()
    assert Appearance.objects.get(case=world.case, person=a).case_roles == ["prosecutor"]
    first = list(Appearance.objects.values_list("case_id", "person_id", "case_roles"))
    services.refresh_case(world.case.pk)
    assert list(Appearance.objects.values_list("case_id", "person_id", "case_roles")) == first


def test_exports_are_well_formed_and_the_cli_works(world: Any, tmp_path: Any) -> None:
    from innocence.cases import services as cases
    from innocence.jobs.queue import run_until_empty
    from innocence.network import exports
    from innocence.network.selectors import Filters, graph_for_user
    from innocence.people import services as people

    second = cases.case_create(actor=world.admin, organization=world.north, title="State v. Two (fictional)")
    det = people.person_create(actor=world.admin, organization=world.north, full_name="Det. Sam <Oakes> & Co")
    snitch = people.person_create(actor=world.admin, organization=world.north, full_name="Lyle Ferrand")
    for case in (world.case, second):
        people.case_role_add(actor=world.admin, case=case, person=det, role="officer")
        people.case_role_add(actor=world.admin, case=case, person=snitch, role="informant")
    run_until_empty()
    graph = graph_for_user(world.admin, Filters())
    assert len(graph.pairs) == 1 and graph.pairs[0].weight == 2
    gexf = ET.fromstring(exports.export(graph, "gexf"))  # noqa: S314 (our own output)
    ns = {"g": "http://gexf.net/1.3"}
    assert len(gexf.findall(".//g:node", ns)) == 4 and gexf.find(".//g:edge[@weight='2']", ns) is not None
    graphml = ET.fromstring(exports.export(graph, "graphml"))  # noqa: S314 (our own output)
    assert len(graphml.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == 5
    assert "Det. Sam <Oakes> & Co" in exports.export(graph, "nodes.csv")
    out = io.StringIO()
    call_command("network", "--as", world.admin.username, stdout=out)
    assert "Det. Sam <Oakes> & Co and Lyle Ferrand: 2 cases" in out.getvalue()
    target = tmp_path / "net.gexf"
    call_command("network", "--as", world.off_team.username, "--format", "gexf", "--output", str(target),
                 stdout=io.StringIO())
    assert "Oakes" not in target.read_text()  # off the team: no case, no node
    out = io.StringIO()
    call_command("network", "--rebuild", stdout=out)
    assert "Recomputed" in out.getvalue()
