"""A chunk of pages meets only its own proposals: the page-text job proposes events for the
pages it was given, reading the proposals those pages can meet (their keys, their pages),
and leaves the rest of the case alone — the same events as one run over the whole case."""

from __future__ import annotations

import io
from typing import Any

import pytest

from innocence.timeline import services
from innocence.timeline.models import Event, EventStatus

pytestmark = pytest.mark.django_db

PAGES = [
    "FICTIONAL REPORT page one.\nThe suspect was arrested on June 12, 1994 near the store.\n",
    "FICTIONAL REPORT page two.\nA photo array was shown to the witness in July 1994.\n",
    "FICTIONAL REPORT page three.\nThe lineup was held on August 3, 1994 at the station.\n",
    "FICTIONAL REPORT page four.\nTrial began on March 6, 1995 before Judge Fenwick.\n",
]


@pytest.fixture
def report(world: Any, drain: Any) -> Any:
    from innocence.documents import services as documents

    result = documents.add_file(
        actor=world.admin,
        organization=world.north,
        case=world.case,
        name="four-pages-fictional.txt",
        stream=io.BytesIO("\f".join(PAGES).encode()),
    )
    drain()
    result.document.refresh_from_db()
    assert result.document.page_count == 4
    return result.document


def _events(case: Any) -> list[tuple[int | None, str, str]]:
    return sorted(Event.objects.filter(case=case).values_list("page_number", "date_text", "status"))


def test_chunk_runs_give_the_events_of_one_whole_case_run(world: Any, report: Any) -> None:
    whole = _events(world.case)
    assert [row[:2] for row in whole] == [
        (1, "June 12, 1994"),
        (2, "July 1994"),
        (3, "August 3, 1994"),
        (4, "March 6, 1995"),
    ]
    Event.objects.filter(case=world.case).delete()
    ids = list(report.pages.order_by("number").values_list("pk", flat=True))
    first = services.events_propose(case=world.case, page_ids=ids[:2])
    second = services.events_propose(case=world.case, page_ids=ids[2:])
    assert first["proposed"] == second["proposed"] == 2
    assert _events(world.case) == whole
    # a second pass over each chunk finds its own proposals and writes nothing
    assert services.events_propose(case=world.case, page_ids=ids[:2])["kept"] == 2
    assert services.events_propose(case=world.case, page_ids=ids[2:])["kept"] == 2
    assert _events(world.case) == whole


def test_a_chunk_leaves_other_pages_proposals_alone(world: Any, report: Any) -> None:
    ids = list(report.pages.order_by("number").values_list("pk", flat=True))
    # An unreviewed proposal on page 4 whose date is no longer there: only a run that covers
    # page 4 may take it away.
    stray = Event.objects.get(case=world.case, page_number=4)
    Event.objects.filter(pk=stray.pk).update(proposal_key="a-key-no-page-gives-now", date_text="1990")
    counts = services.events_propose(case=world.case, page_ids=ids[:2])
    assert counts["removed"] == 0 and Event.objects.filter(pk=stray.pk).exists()
    counts = services.events_propose(case=world.case, page_ids=ids[3:])
    assert counts["removed"] == 1 and not Event.objects.filter(pk=stray.pk).exists()
    assert counts["proposed"] == 1  # page 4's date, proposed again under its own key


def test_a_chunk_keeps_reviewed_proposals_of_its_pages(world: Any, report: Any) -> None:
    ids = list(report.pages.order_by("number").values_list("pk", flat=True))
    rejected = Event.objects.get(case=world.case, page_number=2)
    confirmed = Event.objects.get(case=world.case, page_number=3)
    services.event_review(actor=world.on_team, event=rejected, accept=False)
    services.event_review(actor=world.on_team, event=confirmed, accept=True)
    counts = services.events_propose(case=world.case, page_ids=ids[1:3])
    assert counts == {"proposed": 0, "kept": 2, "removed": 0, "skipped": 0}
    assert Event.objects.get(pk=rejected.pk).status == EventStatus.REJECTED
    assert Event.objects.get(pk=confirmed.pk).status == EventStatus.CONFIRMED


def test_a_chunk_reads_only_the_proposals_its_pages_can_meet(world: Any, report: Any) -> None:
    """The case's other proposals are not read for a chunk (that read grew with the case)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = list(report.pages.order_by("number").values_list("pk", flat=True))
    table = Event._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        services.events_propose(case=world.case, page_ids=ids[:1])
    reads = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and table in q["sql"]
    ]
    assert reads, "the chunk reads the proposals it can meet"
    assert all("proposal_key" in sql and "page_number" in sql.split("WHERE", 1)[1] for sql in reads)
    rows = Event.objects.filter(case=world.case).count()
    met = Event.objects.filter(case=world.case, document=report, page_number=1).count()
    assert rows == 4 and met == 1
