"""When and over what people resolution runs (issue 11, item 2): on the queue, never in a
web request; incremental for a big case (new mentions against the case's persons), with
a full re-run on a schedule and on demand. Fictional pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innocence.jobs.models import Job, JobStatus
from innocence.jobs.queue import run_until_empty
from innocence.people import decisions, extraction_service
from innocence.people.models import Mention, Person

pytestmark = pytest.mark.django_db

BIG = [
    f"Page {n}. Detective Raymond Kessler and Sgt. Paula Dunmore interviewed the witness Wanda Pike."
    for n in range(1, 31)
]


def _extract(document: Any) -> None:
    extraction_service.extract_pages_by_id(list(document.pages.values_list("pk", flat=True)))


def _resolve_jobs() -> Any:
    return Job.objects.filter(name="people.resolve_case").order_by("id")


def test_a_small_file_in_a_big_case_is_resolved_incrementally(
    world: Any, make_document: Any, settings: Any
) -> None:
    settings.INNOCENCE_PEOPLE_INCREMENTAL_MENTIONS = 20  # "big" for this test
    big = make_document(world.case, BIG, title="Fictional long transcript")
    _extract(big)
    assert [j.payload["mode"] for j in _resolve_jobs()] == ["incremental"]  # queued, not run inline
    assert not Person.objects.exists()
    run_until_empty()  # the first resolution of a case is a full one
    kessler = Person.objects.get(full_name="Raymond Kessler")
    before = dict(Mention.objects.filter(page__document=big, kind="person").values_list("pk", "link_reasons"))

    small = make_document(
        world.case, ["Detective Raymond Kessler met Officer Nadia Quill at the station."], title="Memo"
    )
    _extract(small)
    with CaptureQueriesContext(connection) as queries:
        run_until_empty()
    # the big document's mentions were neither rewritten nor its pages read again
    written = {
        int(pk)
        for q in queries
        if q["sql"].startswith('UPDATE "people_mention"')
        for ids in re.findall(r'"id" IN \(([0-9, ]+)\)', q["sql"])
        for pk in ids.split(",")
    }
    assert written and not written & set(before)
    assert (
        dict(Mention.objects.filter(page__document=big, kind="person").values_list("pk", "link_reasons"))
        == before
    )
    page_reads = [q["sql"] for q in queries if 'FROM "documents_page"' in q["sql"]]
    big_pages = set(big.pages.values_list("pk", flat=True))
    assert not any(
        int(pk) in big_pages
        for sql in page_reads
        for ids in re.findall(r'"id" IN \(([0-9, ]+)\)', sql)
        for pk in ids.split(",")
    )
    # no case-wide read of pages
    assert not any('"case_id" =' in sql and '"documents_page"."id" IN' not in sql for sql in page_reads)
    # the new mentions joined the case's persons; a new name became a new person
    new = Mention.objects.filter(page__document=small, kind="person")
    assert new.get(name_key__startswith="kessler|").person == kessler
    assert new.get(name_key__startswith="quill|").person.full_name == "Nadia Quill"
    # and a full re-run is scheduled for later (one, however many files arrive)
    later = _resolve_jobs().filter(status=JobStatus.QUEUED)
    assert [j.payload["mode"] for j in later] == ["full"]
    _extract(make_document(world.case, ["Officer Nadia Quill wrote this."], title="Note"))
    run_until_empty()
    assert _resolve_jobs().filter(status=JobStatus.QUEUED).count() == 1


def test_small_case_resolves_in_full_after_every_change(world: Any, make_document: Any) -> None:
    doc = make_document(world.case, BIG[:3])
    _extract(doc)
    run_until_empty()
    assert Person.objects.filter(full_name="Raymond Kessler").exists()
    assert not _resolve_jobs().filter(status=JobStatus.QUEUED).exists()  # nothing left for later


def test_a_reviewers_merge_queues_the_resolution_instead_of_running_it(
    world: Any, make_document: Any
) -> None:
    doc = make_document(
        world.case, ["Detective Lyle Brandt and Detective Lyle Grant (the same man, misspelt) met."]
    )
    _extract(doc)
    run_until_empty()
    brandt = Person.objects.get(full_name="Lyle Brandt")
    grant = Person.objects.get(full_name="Lyle Grant")
    with CaptureQueriesContext(connection) as queries:
        decisions.persons_merge(actor=world.admin, keep=brandt, other=grant, case=world.case)
    # the request itself never clusters the case: no read of all the case's mentions
    assert not [q for q in queries if 'FROM "people_mention"' in q["sql"] and "kind" in q["sql"]]
    [job] = _resolve_jobs().filter(status=JobStatus.QUEUED)
    assert job.payload == {"case_id": world.case.pk, "mode": "full"}
    run_until_empty()
    assert set(
        Mention.objects.filter(case=world.case, kind="person").values_list("person_id", flat=True)
    ) == {brandt.pk}


def test_the_api_reads_a_case_again_on_the_queue(world: Any, client: Any, make_document: Any) -> None:
    from innocence.core.models import ApiToken

    _extract(make_document(world.case, BIG[:2]))
    run_until_empty()
    _, key = ApiToken.issue(user=world.on_team, name="test")
    response = client.post(f"/api/cases/{world.case.reference}/extract", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200, response.content
    assert response.json()["queued"] is True
    assert Job.objects.filter(name="people.extract_case", status=JobStatus.QUEUED).count() == 1
