"""Bad input gets a clear message naming the field and the problem; nothing half-written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db


def test_custody_out_of_order(lens: Any) -> None:
    item = lens.save("item", description="Fictional shirt", category="clothing", collected_date=dt.date(1990, 5, 1))
    with pytest.raises(ValidationError) as exc:
        lens.save("custody", item=item, kind="transferred", date=dt.date(1990, 4, 1))
    assert "before the item was collected" in exc.value.message_dict["date"][0]
    lens.save("custody", item=item, kind="stored", date=dt.date(1990, 6, 1))
    with pytest.raises(ValidationError) as exc:
        lens.save("custody", item=item, kind="collected", date=dt.date(1990, 7, 1))
    assert "already stored" in exc.value.message_dict["date"][0]


def test_an_item_number_used_twice(lens: Any) -> None:
    a = lens.save("item", description="Fictional shirt")
    b = lens.save("item", description="Fictional shoe")
    lens.save("number", item=a, kind="property", number="89-1")
    with pytest.raises(ValidationError) as exc:
        lens.save("number", item=b, kind="property", number=" 89-1 ")
    assert "already used in this case" in exc.value.message_dict["number"][0]


def test_a_test_on_an_item_of_another_case(lens: Any) -> None:
    from innocence.cases import services as cases
    from innocence.evidence.models import ForensicTest

    other = cases.case_create(actor=lens.world.admin, organization=lens.world.north, title="State v. Other (fictional)")
    cases.team_add(actor=lens.world.admin, case=other, user=lens.world.on_team)
    theirs = lens.save("item", case=other, description="Fictional item of another case")
    with pytest.raises(ValidationError) as exc:
        lens.save("test", method="dna_str", items=[theirs])
    assert "belongs to another case" in exc.value.message_dict["items"][0]
    assert not ForensicTest.objects.filter(case=lens.case).exists()


def test_unknown_method(lens: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        lens.save("test", method="phrenology")
    assert "Unknown method 'phrenology'" in exc.value.message_dict["method"][0]


def test_a_quote_must_be_on_its_page(lens: Any, document: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        lens.save("item", description="Fictional shirt", document=document, page_number=1, quote="a red jacket")
    assert "not on page 1" in exc.value.message_dict["quote"][0]
    item = lens.save("item", description="Fictional shirt", document=document, page_number=1,
                     quote="Item 1: blue cotton shirt from the scene")
    assert item.page_ref.page_number == 1


def test_a_viewer_cannot_write_and_every_write_is_audited(lens: Any) -> None:
    from innocence.core.models import AuditEntry
    from innocence.evidence.services import evidence_record_save

    with pytest.raises(PermissionDenied):
        evidence_record_save(actor=lens.world.viewer, case=lens.case, kind="item", values={"description": "x"})
    before = AuditEntry.objects.count()
    lens.save("item", description="Fictional shirt")
    assert AuditEntry.objects.count() > before


def test_a_merge_moves_the_analyst(lens: Any) -> None:
    from innocence.evidence.services import person_references_move
    from innocence.people.models import Person

    test = lens.save("test", method="other", analyst=lens.analyst)
    twin = Person.objects.create(organization=lens.world.north, full_name="W. Halloway", is_fictional=True)
    assert person_references_move(from_person=lens.analyst, to_person=twin) == 1
    test.refresh_from_db()
    assert test.analyst == twin
