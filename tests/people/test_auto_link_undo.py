"""An automatic cross-case link is reviewable and undoable; the undo restores both persons with
their mentions, and no later run links them again (issue 13). Fictional pages and names."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from innocence.cases import services as case_services
from innocence.jobs.queue import run_until_empty
from innocence.people import extraction_service
from innocence.people.actor_selectors import auto_links
from innocence.people.models import LinkStatus, Mention, Person, PersonLink

pytestmark = pytest.mark.django_db

FIRST = [
    "PELLSTON POLICE DEPARTMENT - SUPPLEMENTAL REPORT, June 3, 1986.\n"
    "Detective Orwin Quenby and Sgt. Wilbur Torvald responded. Detective Orwin Quenby interviewed the witness.",
    "Page 2, June 4, 1986. Detective Orwin Quenby of the Pellston Police Department filed the report.",
]
SECOND = [
    "PELLSTON POLICE DEPARTMENT - ARREST REPORT, May 9, 1988.\n"
    "Detective Orwin Quenby arrested the subject. Det. Orwin Quenby booked him.",
]


def _extract(document: Any) -> None:
    extraction_service.extract_pages_by_id(list(document.pages.values_list("pk", flat=True)))
    run_until_empty()


def _persons_named_quenby() -> list[Person]:
    return list(Person.objects.filter(full_name__icontains="Quenby").order_by("pk"))


def test_an_automatic_link_is_listed_and_undone_and_stays_undone(
    world: Any, make_document: Any, client: Any
) -> None:
    other = case_services.case_create(
        actor=world.admin, organization=world.north, title="State v. Fictional Two", state="LA"
    )
    _extract(make_document(world.case, FIRST, title="Fictional report"))
    _extract(make_document(other, SECOND, title="Fictional arrest"))
    (detective,) = _persons_named_quenby()
    assert set(Mention.objects.filter(person=detective).values_list("case_id", flat=True)) == {
        world.case.pk,
        other.pk,
    }
    (listed,) = [a for a in auto_links(world.admin) if a.person == detective]
    assert listed.case == other and listed.other_cases == [world.case]
    assert any("same agency (PPD)" in reason for reason in listed.reasons)
    # a user who cannot see the first case is not shown the link (nor its names)
    assert not auto_links(world.outsider)

    client.force_login(world.admin)
    response = client.post(reverse("people:auto_link_undo", args=[other.reference, detective.pk]))
    assert response.status_code == 302
    first, restored = _persons_named_quenby()
    assert first == detective
    assert set(Mention.objects.filter(person=first).values_list("case_id", flat=True)) == {world.case.pk}
    assert set(Mention.objects.filter(person=restored).values_list("case_id", flat=True)) == {other.pk}
    assert Mention.objects.filter(person=restored).count() == 2
    assert PersonLink.objects.get(person_a=first, person_b=restored).status == LinkStatus.REJECTED
    assert not [a for a in auto_links(world.admin) if "Quenby" in a.person.full_name]

    # the machine never undoes the reviewer: re-reading both cases keeps them apart
    run_until_empty()
    extraction_service.extract_case(other)
    run_until_empty()
    extraction_service.extract_case(world.case)
    run_until_empty()
    assert _persons_named_quenby() == [first, restored]
    assert set(Mention.objects.filter(person=restored).values_list("case_id", flat=True)) == {other.pk}

    # undoing again is refused with words: there is no automatic link left
    response = client.post(reverse("people:auto_link_undo", args=[other.reference, restored.pk]), follow=True)
    assert b"not linked to another case" in response.content


def test_the_command_line_lists_and_undoes_an_automatic_link(world: Any, make_document: Any) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    def run(*args: str) -> str:
        out = StringIO()
        call_command("auto_links", *args, stdout=out)
        return out.getvalue()

    other = case_services.case_create(
        actor=world.admin, organization=world.north, title="State v. Fictional Three", state="LA"
    )
    _extract(make_document(world.case, FIRST, title="Fictional report"))
    _extract(make_document(other, SECOND, title="Fictional arrest"))
    (detective,) = _persons_named_quenby()
    (item,) = [
        i for i in json.loads(run("--as", world.admin.username, "--json")) if i["person"] == detective.pk
    ]
    assert item["case"] == other.reference and item["also_in"] == [world.case.reference]
    assert "No automatic" in run("--as", world.outsider.username)
    with pytest.raises(CommandError, match="needs --case"):
        run("--as", world.admin.username, "--undo")
    assert "Undone" in run(
        "--as", world.admin.username, "--undo", "--case", other.reference, "--person", str(detective.pk)
    )
    assert len(_persons_named_quenby()) == 2
