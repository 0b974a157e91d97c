"""The case people view, the review queue and the actor index, through the web client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from innocence.cases import services as case_services
from innocence.people import extraction_service
from innocence.people.models import Person
from tests.people.conftest import REPORT_PAGE, TRANSCRIPT_PAGE

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _extract(document: Any) -> None:
    from innocence.jobs.queue import run_until_empty

    extraction_service.extract_pages_by_id(list(document.pages.values_list("pk", flat=True)))
    run_until_empty()  # resolution runs on the queue


@pytest.fixture
def two_cases(world: Any, make_document: Any) -> Any:
    second = case_services.case_create(actor=world.admin, organization=world.north, title="State v. Second")
    case_services.team_add(actor=world.admin, case=second, user=world.on_team)
    _extract(make_document(world.case, [TRANSCRIPT_PAGE, REPORT_PAGE]))
    _extract(make_document(second, ["Detective Raymond Kessler took the statement of the witness."]))
    return second


def test_case_people_view_groups_by_role_and_cites_pages(world: Any, make_document: Any) -> None:
    _extract(make_document(world.case, [TRANSCRIPT_PAGE, REPORT_PAGE], title="Trial transcript"))
    response = _client(world.on_team).get(
        f"/people/case/{world.case.reference}/extracted/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Raymond Kessler" in html and "Detective" in html
    assert "Trial transcript" in html and "Add to case roles" in html
    assert "<html" not in html  # a fragment for htmx
    csv = _client(world.on_team).get(f"/people/case/{world.case.reference}/extracted.csv").content.decode()
    assert "Raymond Kessler" in csv


def test_case_people_view_is_404_without_access(world: Any, make_document: Any) -> None:
    _extract(make_document(world.case, [REPORT_PAGE]))
    for user in (world.off_team, world.walled_admin, world.outsider):
        response = _client(user).get(f"/people/case/{world.case.reference}/extracted/")
        assert response.status_code == 404


def test_add_to_case_roles_in_one_click(world: Any, make_document: Any) -> None:
    _extract(make_document(world.case, [REPORT_PAGE]))
    person = Person.objects.get(full_name="Harold Pinwell")
    response = _client(world.on_team).post(
        f"/people/case/{world.case.reference}/add-role/", {"person": person.pk, "role": "victim"}
    )
    assert response.status_code == 302
    assert world.case.roles.filter(person=person, role="victim").exists()


def test_actor_index_shows_person_in_two_cases(world: Any, two_cases: Any) -> None:
    html = _client(world.on_team).get("/people/actors/").content.decode()
    assert "Raymond Kessler" in html
    assert world.case.reference in html and two_cases.reference in html
    kessler = Person.objects.get(full_name="Raymond Kessler")
    detail = _client(world.on_team).get(f"/people/actors/{kessler.pk}/").content.decode()
    assert "took the statement" in detail
    assert "text/csv" in _client(world.on_team).get("/people/actors/?format=csv")["Content-Type"]


def test_actor_index_hides_cases_the_user_cannot_see(world: Any, two_cases: Any) -> None:
    # off_team sees neither case: no actor, no count, no name
    html = _client(world.off_team).get("/people/actors/").content.decode()
    assert "Raymond Kessler" not in html
    # the walled-off admin sees only the second case: Kessler is in one visible case, not two
    html = _client(world.walled_admin).get("/people/actors/").content.decode()
    assert "Raymond Kessler" not in html
    html = _client(world.walled_admin).get("/people/actors/?min_cases=1").content.decode()
    assert "Raymond Kessler" in html and world.case.reference not in html
    kessler = Person.objects.get(full_name="Raymond Kessler")
    detail = _client(world.walled_admin).get(f"/people/actors/{kessler.pk}/").content.decode()
    assert world.case.reference not in detail and "Sgt. Paula Dunmore" not in detail
    assert _client(world.outsider).get(f"/people/actors/{kessler.pk}/").status_code == 404


def test_review_queue_and_split(world: Any, make_document: Any) -> None:
    _extract(make_document(world.case, ["Sgt. Paula Dunmore and Sgt. P. Dunmore and Sgt. Dunmorr met."]))
    client = _client(world.admin)
    html = client.get("/people/review/").content.decode()
    assert "Uncertain names" in html
    dunmore = Person.objects.get(full_name="Paula Dunmore")
    response = client.post(
        f"/people/case/{world.case.reference}/split/{dunmore.pk}/", {"move_keys": ["dunmore|p"]}
    )
    assert response.status_code == 302
    assert Person.objects.filter(full_name="P Dunmore").exists()


def test_people_tab_includes_the_extracted_section(world: Any) -> None:
    html = _client(world.on_team).get(f"/cases/{world.case.reference}/people/").content.decode()
    assert f"/people/case/{world.case.reference}/extracted/" in html


def test_person_named_only_in_an_invisible_case_stays_hidden(world: Any, make_document: Any) -> None:
    from innocence.people.selectors import people_visible_to

    _extract(make_document(world.case, [REPORT_PAGE]))
    pinwell = Person.objects.get(full_name="Harold Pinwell")
    assert people_visible_to(world.on_team).filter(pk=pinwell.pk).exists()
    assert not people_visible_to(world.off_team).filter(pk=pinwell.pk).exists()
    assert _client(world.off_team).get(f"/people/{pinwell.pk}/").status_code == 404


def test_read_the_pages_again_runs_on_the_queue(world: Any, make_document: Any) -> None:
    from innocence.jobs.queue import run_until_empty

    make_document(world.case, [REPORT_PAGE])
    response = _client(world.on_team).post(f"/people/case/{world.case.reference}/extract/")
    assert response.status_code == 302
    run_until_empty()
    assert Person.objects.filter(full_name="Harold Pinwell").exists()
    assert _client(world.viewer).post(f"/people/case/{world.case.reference}/extract/").status_code == 403


def test_merge_from_the_actor_page(world: Any, make_document: Any) -> None:
    _extract(make_document(world.case, ["Detective Lyle Brandt spoke."]))
    keep = Person.objects.get(full_name="Lyle Brandt")
    other = Person.objects.create(organization=world.north, full_name="L. Brandt", is_fictional=True)
    page = _client(world.admin).get(f"/people/actors/{keep.pk}/").content.decode()
    assert "Same human being as" in page and "L. Brandt" in page
    response = _client(world.admin).post("/people/merge/", {"keep": keep.pk, "other": other.pk})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=other.pk).exists()
    assert "L. Brandt" in Person.objects.get(pk=keep.pk).aliases
