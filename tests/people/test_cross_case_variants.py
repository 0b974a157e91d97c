"""The recurring detective across cases, spelt one letter differently in the two cases'
reports (issue 13, part 2): uploaded files go through the real consumers — upload →
text → people extraction → resolution on the queue → the database lookup of the same actor
in another case — and end up as one actor when the first name and the kind of role agree;
otherwise as a proposal for a reviewer, or apart. Every name and page here is FICTIONAL."""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innocence.people.models import Mention, Person, PersonLink
from innocence.people.resolution import nearby_blocks, surname_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_consumers(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["people.extract"]


def _upload(world: Any, case: Any, name: str, text: str) -> Any:
    from innocence.documents import services
    from innocence.jobs.queue import run_until_empty

    result = services.add_file(
        actor=world.admin, organization=world.north, case=case, name=name, stream=io.BytesIO(text.encode())
    )
    run_until_empty()  # process → page text → people.extract → people.resolve_case
    result.document.refresh_from_db()
    assert result.document.status == "done", result.document.error
    return result.document


def _second_case(world: Any, title: str = "State v. Second (fictional)") -> Any:
    from innocence.cases import services as case_services

    return case_services.case_create(actor=world.admin, organization=world.north, title=title)


FIRST_REPORT = (
    "LAKESIDE PARISH SHERIFF (FICTIONAL) - SUPPLEMENTAL REPORT\n"
    "On March 3, 1981 Det. Raymond Kessler and Det. Paula Dunmore went to 12 Elm Street.\n"
    "Det. Raymond Kessler spoke with the witness Wanda Pike.\n"
)
SECOND_REPORT = (
    "LAKESIDE PARISH SHERIFF (FICTIONAL) - SUPPLEMENTAL REPORT\n"
    "On June 9, 1982 Det. Raymond Kesler interviewed the complainant.\n"
    "Det. Raymond Kesler took the statement at the station.\n"
)


def test_one_letter_surname_variant_with_same_first_name_and_role_is_one_actor(world: Any) -> None:
    second = _second_case(world)
    _upload(world, world.case, "supplement-1981-fictional.txt", FIRST_REPORT)
    _upload(world, second, "supplement-1982-fictional.txt", SECOND_REPORT)
    kessler = Person.objects.get(full_name="Raymond Kessler")
    in_second = Mention.objects.filter(case=second, kind="person", name_key="kesler|raymond")
    assert in_second.exists()
    assert {m.person_id for m in in_second} == {kessler.pk}
    reasons = " ".join(in_second.first().link_reasons)  # type: ignore[union-attr]
    assert "same actor as in another case" in reasons
    assert "surnames differ by one letter ('Kesler' / 'Kessler')" in reasons
    assert not Person.objects.filter(full_name="Raymond Kesler").exists()


def test_the_same_holds_whichever_case_comes_first(world: Any) -> None:
    second = _second_case(world)
    _upload(world, second, "supplement-1982-fictional.txt", SECOND_REPORT)
    _upload(world, world.case, "supplement-1981-fictional.txt", FIRST_REPORT)
    persons = set(
        Mention.objects.filter(kind="person", name_key__startswith="kes").values_list("person_id", flat=True)
    )
    assert len(persons) == 1


def test_an_initial_only_is_proposed_for_review_not_linked(world: Any) -> None:
    second = _second_case(world)
    _upload(world, world.case, "supplement-1981-fictional.txt", FIRST_REPORT)
    _upload(
        world,
        second,
        "arrest-fictional.txt",
        "LAKESIDE PARISH SHERIFF (FICTIONAL) - ARREST REPORT\nDet. R. Kesler and Det. R. Kesler's partner wrote it.\n"
        "Det. R. Kesler signed the report.\n",
    )
    kessler = Person.objects.get(full_name="Raymond Kessler")
    other = Mention.objects.filter(case=second, name_key="kesler|r").first()
    assert other is not None and other.person_id != kessler.pk
    link = PersonLink.objects.get()
    assert {link.person_a_id, link.person_b_id} == {kessler.pk, other.person_id}
    assert link.status == "proposed" and 0.6 <= link.confidence < 0.9
    assert any("surnames differ by one letter" in r for r in link.reasons)


def test_different_first_names_or_kinds_of_role_stay_apart(world: Any) -> None:
    second = _second_case(world)
    _upload(world, world.case, "supplement-1981-fictional.txt", FIRST_REPORT)
    _upload(
        world,
        second,
        "other-fictional.txt",
        "LAKESIDE PARISH SHERIFF (FICTIONAL) - OFFENSE REPORT\n"
        "Det. Marcus Kesler wrote this report.\n"
        "VICTIM: Paula Dunmoor\n"
        "The victim Paula Dunmoor was taken to the hospital.\n",
    )
    kessler = Person.objects.get(full_name="Raymond Kessler")
    dunmore = Person.objects.get(full_name="Paula Dunmore")
    marcus = Mention.objects.filter(case=second, name_key="kesler|marcus").first()
    victim = Mention.objects.filter(case=second, name_key="dunmoor|paula").first()
    assert marcus is not None and victim is not None
    assert marcus.person_id != kessler.pk  # a different first name: someone else
    assert victim.person_id != dunmore.pk  # a victim is not the detective of the other case
    assert not PersonLink.objects.exists()


def test_the_lookup_reads_only_the_surname_blocks(world: Any) -> None:
    from innocence.people.cross_case import candidates_elsewhere
    from innocence.people.models import ResolvedName

    second = _second_case(world)
    _upload(world, world.case, "supplement-1981-fictional.txt", FIRST_REPORT)
    filler = Person.objects.create(organization=world.north, full_name="Fictional Filler")
    ResolvedName.objects.bulk_create(
        [ResolvedName(case=world.case, name_key=f"zz{n:05d}x|anon", person=filler) for n in range(300)]
    )
    assert ResolvedName.objects.filter(name_key="kessler|raymond").get().surname_head == "k7"
    with CaptureQueriesContext(connection) as queries:
        found = candidates_elsewhere(second, "kesler")
    assert [c.person.full_name for c in found] == ["Raymond Kessler"]
    by_head, by_tail = [q["sql"] for q in queries if 'FROM "people_resolvedname"' in q["sql"]]
    assert '"surname_head" IN' in by_head and '"surname_tail" IN' in by_tail
    assert "USING INDEX resolved_name_head (organization_id=? AND surname_head=?)" in _plan(by_head)
    assert "USING INDEX resolved_name_tail (organization_id=? AND surname_tail=?)" in _plan(by_tail)


def _plan(sql: str) -> str:
    if connection.vendor != "sqlite":
        pytest.skip("query plan checked on SQLite")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " ".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize("word", ["kessler", "dunmore", "prater", "ursinus", "lindqvist"])
def test_every_spelling_one_letter_away_is_in_the_blocks_looked_up(word: str) -> None:
    heads, tails = nearby_blocks(word)
    letters = "abcdefghijklmnopqrstuvwxyz"
    variants = set()
    for i in range(len(word) + 1):
        variants.update(word[:i] + c + word[i:] for c in letters)  # insertions
    for i, c in itertools.product(range(len(word)), letters):
        variants.add(word[:i] + c + word[i + 1 :])  # substitutions
        variants.add(word[:i] + word[i + 1 :])  # deletions
    for variant in variants:
        head, tail = surname_blocks(variant)
        assert head in heads or tail in tails, variant


def test_a_much_named_actor_is_read_from_a_bounded_sample(world: Any, monkeypatch: Any) -> None:
    """A detective named in hundreds of the organization's cases has hundreds of thousands of
    mentions: the lookup for a new case reads a sample of them (its roles, agency, year), not
    all — reading all made each new case of a docket slower than the one before."""
    from innocence.people import cross_case

    monkeypatch.setattr(cross_case, "SAMPLE_ROWS", 2)
    second = _second_case(world)
    _upload(world, world.case, "supplement-1981-fictional.txt", FIRST_REPORT + FIRST_REPORT)
    kessler = Person.objects.get(full_name="Raymond Kessler")
    assert Mention.objects.filter(person=kessler).count() > 2
    with CaptureQueriesContext(connection) as queries:
        (found,) = [c for c in cross_case.candidates_elsewhere(second, "kesler") if c.person == kessler]
    assert sum(found.summary.roles.values()) == 2 and found.summary.roles["detective"] == 2
    mention_reads = [q["sql"] for q in queries if 'FROM "people_mention"' in q["sql"]]
    assert mention_reads and all(" LIMIT " in sql for sql in mention_reads)
    # ... and the sample still links the new case's detective to him
    _upload(world, second, "supplement-1982-fictional.txt", SECOND_REPORT)
    assert set(
        Mention.objects.filter(case=second, name_key="kesler|raymond").values_list("person_id", flat=True)
    ) == {kessler.pk}


def test_a_run_removes_only_the_persons_it_emptied(world: Any) -> None:
    """A case's run deletes the persons extraction made that it left without a mention (and
    those of deleted cases), looking at no other case's persons: the sweep of the whole
    organization it replaced grew with every case added."""
    from innocence.people.extraction_service import resolve_case_by_id
    from innocence.people.models import PersonOrigin

    second = _second_case(world)
    _upload(world, world.case, "supplement-1981-fictional.txt", FIRST_REPORT)
    _upload(world, second, "other-fictional.txt", "Det. Marcus Kesler wrote this report.\n")
    marcus = Person.objects.get(full_name="Marcus Kesler")
    dunmore = Person.objects.get(full_name="Paula Dunmore")
    # Paula Dunmore's mentions vanish (her page was re-read without her): the run over her
    # case removes her; a person of a deleted case nobody refers to goes with it
    Mention.objects.filter(person=dunmore).delete()
    stray = Person.objects.create(organization=world.north, full_name="Fictional Stray")
    PersonOrigin.objects.create(person=stray, case=None)
    with CaptureQueriesContext(connection) as queries:
        resolve_case_by_id(world.case.pk)
    assert not Person.objects.filter(pk__in=[dunmore.pk, stray.pk]).exists()
    assert Person.objects.filter(pk=marcus.pk).exists()
    import re

    looked_at = [
        {int(n) for n in re.findall(r"\d+", sql.split('"people_person"."id" IN (', 1)[1].split(")", 1)[0])}
        for sql in (q["sql"] for q in queries)
        if 'FROM "people_person"' in sql and '"people_person"."id" IN (' in sql and "IS NULL" in sql
    ]
    assert looked_at and any(dunmore.pk in ids and stray.pk in ids for ids in looked_at)
    assert not any(marcus.pk in ids for ids in looked_at)


def test_a_candidate_crowded_out_of_the_shared_sample_is_read_on_its_own(world: Any, monkeypatch: Any) -> None:
    """One query reads the samples of all candidates, in person order, with a budget of
    SAMPLE_ROWS each: a much-named first candidate can use it all; the next ones are then
    read alone, so none is scored without what the record says of it."""
    from innocence.people import cross_case

    monkeypatch.setattr(cross_case, "SAMPLE_ROWS", 2)
    _upload(world, world.case, "supplement-1981-fictional.txt", FIRST_REPORT + FIRST_REPORT + FIRST_REPORT)
    kessler = Person.objects.get(full_name="Raymond Kessler")
    dunmore = Person.objects.get(full_name="Paula Dunmore")
    assert kessler.pk < dunmore.pk and Mention.objects.filter(person=kessler).count() >= 4
    lookups = cross_case.Lookups()
    cross_case._read_samples([kessler.pk, dunmore.pk], lookups)
    assert sum(lookups.samples[kessler.pk][0].values()) == 2
    assert lookups.samples[dunmore.pk][0]["detective"] >= 1
