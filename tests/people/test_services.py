"""Extraction and resolution in the database: idempotent re-runs, splits that survive, roles."""

from __future__ import annotations

from typing import Any

import pytest

from innocence.people import decisions, extraction_service
from innocence.people.actor_selectors import case_people, case_people_grouped
from innocence.people.models import Mention, Person, ResolutionDecision
from tests.people.conftest import REPORT_PAGE, TRANSCRIPT_PAGE

pytestmark = pytest.mark.django_db


def _extract(document: Any) -> None:
    from innocence.jobs.queue import run_until_empty

    extraction_service.extract_pages_by_id(list(document.pages.values_list("pk", flat=True)))
    run_until_empty()  # resolution runs on the queue


def test_extraction_is_idempotent_and_grounded(world: Any, make_document: Any) -> None:
    doc = make_document(world.case, [TRANSCRIPT_PAGE, REPORT_PAGE])
    _extract(doc)
    first = sorted(
        Mention.objects.filter(case=world.case).values_list("page_id", "kind", "start", "end", "text")
    )
    people_before = Person.objects.count()
    _extract(doc)
    second = sorted(
        Mention.objects.filter(case=world.case).values_list("page_id", "kind", "start", "end", "text")
    )
    assert first == second
    assert Person.objects.count() == people_before
    for m in Mention.objects.filter(case=world.case).select_related("page"):
        assert m.page.text[m.start : m.end] == m.text


def test_detective_is_one_person_with_every_page(world: Any, make_document: Any) -> None:
    doc = make_document(
        world.case, [TRANSCRIPT_PAGE, REPORT_PAGE, "Q. Who led it?\nA. Kessler did, with Dunmore."]
    )
    _extract(doc)
    people = case_people(world.case)
    kessler = [p for p in people if "Kessler" in p.person.full_name]
    assert len(kessler) == 1
    assert kessler[0].person.full_name == "Raymond Kessler"
    assert kessler[0].pages == 3
    assert kessler[0].law_enforcement
    grouped = case_people_grouped(world.case)
    assert "Detective" in grouped


def test_user_split_survives_a_rerun(world: Any, make_document: Any) -> None:
    doc = make_document(world.case, [REPORT_PAGE, "Sgt. Paula Dunmore and Sgt. P. Dunmore were present."])
    _extract(doc)
    dunmore = Person.objects.get(full_name="Paula Dunmore")
    keys = set(Mention.objects.filter(person=dunmore).values_list("name_key", flat=True))
    assert "dunmore|p" in keys
    new = decisions.person_split(actor=world.admin, case=world.case, person=dunmore, move_keys=["dunmore|p"])
    assert Mention.objects.filter(person=new, name_key="dunmore|p").exists()
    _extract(doc)  # a re-run must not undo the human decision
    _extract(doc)
    assert Mention.objects.filter(person=new, name_key="dunmore|p").exists()
    assert not Mention.objects.filter(person=dunmore, name_key="dunmore|p").exists()
    assert ResolutionDecision.objects.filter(action="split").count() == 1


def test_merge_is_remembered(world: Any, make_document: Any) -> None:
    doc = make_document(
        world.case, ["Detective Lyle Brandt and Detective Lyle Grant (the same man, misspelt) met."]
    )
    _extract(doc)
    brandt = Person.objects.get(full_name="Lyle Brandt")
    brant = Person.objects.get(full_name="Lyle Grant")
    decisions.persons_merge(actor=world.admin, keep=brandt, other=brant, case=world.case)
    _extract(doc)
    assert set(
        Mention.objects.filter(case=world.case, kind="person").values_list("person_id", flat=True)
    ) == {brandt.pk}


def test_add_to_case_roles_in_one_click(world: Any, make_document: Any) -> None:
    _extract(make_document(world.case, [REPORT_PAGE]))
    victim = Person.objects.get(full_name="Harold Pinwell")
    role = decisions.add_to_case_roles(actor=world.on_team, case=world.case, person=victim, role="victim")
    assert role.person == victim
    with pytest.raises(Exception, match="already"):
        decisions.add_to_case_roles(actor=world.on_team, case=world.case, person=victim, role="victim")


def test_viewer_cannot_split(world: Any, make_document: Any) -> None:
    from django.core.exceptions import PermissionDenied

    _extract(make_document(world.case, [REPORT_PAGE]))
    person = Person.objects.get(full_name="Harold Pinwell")
    with pytest.raises(PermissionDenied):
        decisions.person_split(actor=world.viewer, case=world.case, person=person, move_keys=["pinwell|harold"])


def test_same_detective_in_two_cases_is_one_person_with_reasons(world: Any, make_document: Any) -> None:
    from innocence.cases import services as case_services

    second = case_services.case_create(actor=world.admin, organization=world.north, title="State v. Second")
    _extract(make_document(world.case, [TRANSCRIPT_PAGE]))
    _extract(make_document(second, ["Det. Raymond Kessler wrote the report."]))
    kessler = Person.objects.get(full_name="Raymond Kessler")
    in_second = Mention.objects.filter(case=second, person=kessler)
    assert in_second.exists()
    assert any("same actor as in another case" in r for r in in_second.first().link_reasons)  # type: ignore[union-attr]


def test_merge_moves_witness_records_and_the_applicant(world: Any) -> None:
    from innocence.people import services as people_services
    from innocence.witnesses.models import Statement

    keep = people_services.person_create(actor=world.admin, organization=world.north, full_name="Nell Quarry")
    other = people_services.person_create(actor=world.admin, organization=world.north, full_name="Nel Quary")
    world.case.applicant = other
    world.case.save()
    Statement.objects.create(case=world.case, witness=other, kind="police_interview")
    decisions.persons_merge(actor=world.admin, keep=keep, other=other, case=world.case)
    assert Statement.objects.get().witness == keep
    world.case.refresh_from_db()
    assert world.case.applicant == keep
    assert not Person.objects.filter(pk=other.pk).exists()
    assert "Nel Quary" in Person.objects.get(pk=keep.pk).aliases
