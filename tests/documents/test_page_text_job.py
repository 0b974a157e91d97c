"""The page-text event as one job per chunk of pages that runs every consumer in order,
with each consumer's own error, retry and give-up kept: one that raises does not stop the
others and is the only one retried; one that hits a limit stops alone; a worker killed in
the middle resumes at the consumer it was running; a consumer that kills the worker every
time gives up alone and the ones after it still run. The consumers here are fakes of this
module (the real ones are exercised by test_end_to_end and test_formats); the pages are a
generated fictional PDF."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from innocence.core.extensions import PageTextConsumer
from innocence.documents.models import Document
from innocence.documents.pipeline import events
from innocence.jobs import limits, queue
from innocence.jobs.models import Job, JobStatus

from .conftest import make_pdf

pytestmark = pytest.mark.django_db

#: (consumer, page ids) in the order the consumers were called.
called: list[tuple[str, list[int]]] = []
#: What a consumer does when called: "fail" (raise), "fail-once", "kill" (as a worker
#: killed in its middle: nothing after it runs in this process), "time-limit".
behaviour: dict[str, str] = {}


class WorkerKilled(BaseException):
    """Stands for SIGKILL: escapes every ``except Exception`` like a process that ends."""


def _consume(name: str, page_ids: list[int]) -> None:
    called.append((name, list(page_ids)))
    what = behaviour.get(name, "")
    if what == "fail-once":
        behaviour.pop(name)
        raise RuntimeError(f"{name} is offline for a moment")
    if what == "fail":
        raise RuntimeError(f"{name} is offline")
    if what == "kill":
        raise WorkerKilled()
    if what == "time-limit":
        raise limits.JobTimeLimit("it ran longer than its time limit of 1 s")


def first(page_ids: list[int]) -> None:
    _consume("t.first", page_ids)


def second(page_ids: list[int]) -> None:
    _consume("t.second", page_ids)


def third(page_ids: list[int]) -> None:
    _consume("t.third", page_ids)


NAMES = ["t.first", "t.second", "t.third"]


@pytest.fixture
def pages(add: Any, drain: Any, settings: Any, monkeypatch: Any) -> tuple[Document, list[int]]:
    """A processed three-page document (no consumers while processing), then the three fake
    consumers as the only ones installed."""
    # Text long enough to be a usable text layer: a page as short as "Fictional page 1."
    # went to Tesseract (~0.4 s a page), which these tests of the consumers do not need.
    document = add(
        "fake.pdf", make_pdf([f"Fictional page {n} of the transcript." for n in (1, 2, 3)])
    ).document
    drain()
    fakes = [
        PageTextConsumer(name, f"{__name__}:{name.split('.')[1]}", order=n) for n, name in enumerate(NAMES)
    ]
    monkeypatch.setattr(events, "registry", lambda: SimpleNamespace(page_text_consumers=lambda: fakes))
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = None
    called.clear()
    behaviour.clear()
    document.refresh_from_db()
    return document, list(document.pages.order_by("number").values_list("pk", flat=True))


def _jobs() -> list[Job]:
    return list(Job.objects.filter(name=events.TASK).order_by("id"))


def _due_now() -> None:
    Job.objects.filter(name=events.TASK, status=JobStatus.QUEUED).update(run_after="2000-01-01T00:00Z")


def test_one_job_per_chunk_runs_every_consumer_in_order(pages: Any, drain: Any, monkeypatch: Any) -> None:
    document, ids = pages
    monkeypatch.setattr(events, "CHUNK", 2)
    assert events.page_text_changed(document.pk, ids) == 2
    assert [(job.payload["consumers"], job.payload["page_ids"]) for job in _jobs()] == [
        (NAMES, ids[:2]),
        (NAMES, ids[2:]),
    ]
    drain()
    assert called == [(name, ids[:2]) for name in NAMES] + [(name, ids[2:]) for name in NAMES]
    assert all(job.status == JobStatus.DONE for job in _jobs())
    document.refresh_from_db()
    assert document.consumer_errors == {}


def test_a_failing_consumer_does_not_stop_the_others_and_only_it_is_retried(pages: Any, drain: Any) -> None:
    document, ids = pages
    behaviour["t.second"] = "fail-once"
    events.page_text_changed(document.pk, ids)
    drain()
    assert [name for name, _ in called] == NAMES  # the third ran after the second failed
    [job] = _jobs()
    assert job.status == JobStatus.QUEUED and job.attempts == 1  # waiting to retry
    assert job.payload["failed"] == ["t.second"] and job.payload["consumers"] == []
    assert "t.second is offline for a moment" in job.last_error
    document.refresh_from_db()
    [(key, message)] = document.consumer_errors.items()
    assert key == f"t.second:{min(ids)}" and "offline for a moment" in message and "tried again" in message

    called.clear()
    _due_now()
    drain()
    assert called == [("t.second", ids)]  # the others are not run again
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    document.refresh_from_db()
    assert document.consumer_errors == {}  # its error is cleared once it works


def test_a_consumer_that_always_fails_gives_up_alone_with_its_own_error(pages: Any, drain: Any) -> None:
    document, ids = pages
    behaviour["t.first"] = "fail"
    events.page_text_changed(document.pk, ids)
    for _ in range(10):
        drain()
        _due_now()
    [job] = _jobs()
    assert job.status == JobStatus.FAILED and job.attempts == job.max_attempts
    assert [name for name, _ in called].count("t.first") == job.max_attempts
    assert (
        [name for name, _ in called].count("t.second") == 1 == [name for name, _ in called].count("t.third")
    )
    document.refresh_from_db()
    [(key, message)] = document.consumer_errors.items()
    assert key == f"t.first:{min(ids)}"
    assert message.startswith(
        f"Gave up after {job.max_attempts} attempts. Last error: RuntimeError: t.first is offline"
    )
    assert "reprocess" in message


def test_a_killed_job_resumes_at_the_consumer_it_was_running(pages: Any, drain: Any) -> None:
    document, ids = pages
    events.page_text_changed(document.pk, ids)
    behaviour["t.second"] = "kill"
    job = queue.claim("worker-a")
    assert job is not None
    with pytest.raises(WorkerKilled):
        queue.run_job(job, "worker-a")
    # What the killed worker left: the job running under its lease, its progress saved.
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.worker == "worker-a"
    assert job.payload["consumers"] == ["t.second", "t.third"] and job.payload["done"] == ["t.first"]

    Job.objects.filter(pk=job.pk).update(lease_until="2000-01-01T00:00Z")  # the lease runs out
    called.clear()
    behaviour.clear()
    drain()
    assert called == [("t.second", ids), ("t.third", ids)]  # the first is not run again
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    document.refresh_from_db()
    assert document.consumer_errors == {}


def test_a_consumer_that_kills_the_worker_every_time_gives_up_alone(pages: Any, drain: Any) -> None:
    document, ids = pages
    events.page_text_changed(document.pk, ids)
    behaviour["t.second"] = "kill"
    for _ in range(10):
        job = queue.claim("worker")
        if job is None:
            break
        with pytest.raises(WorkerKilled):
            queue.run_job(job, "worker")
        Job.objects.filter(pk=job.pk).update(lease_until="2000-01-01T00:00Z")
    [given_up, rest] = _jobs()
    assert given_up.status == JobStatus.FAILED and "stopped (crashed or was killed)" in given_up.last_error
    # the consumers after the one that kills the worker go on in a job of their own
    assert rest.payload["consumers"] == ["t.third"]
    called.clear()
    behaviour.clear()
    drain()
    assert called == [("t.third", ids)]
    document.refresh_from_db()
    [(key, message)] = document.consumer_errors.items()
    assert key == f"t.second:{min(ids)}" and "stopped (crashed or was killed)" in message
    assert "reprocess" in message


def test_a_consumer_past_the_time_limit_stops_alone_and_the_rest_run(pages: Any, drain: Any) -> None:
    document, ids = pages
    behaviour["t.second"] = "time-limit"
    events.page_text_changed(document.pk, ids)
    drain()
    assert [name for name, _ in called] == NAMES  # the third ran, in a job of its own
    first_job, rest = _jobs()
    assert first_job.status == JobStatus.DONE and rest.status == JobStatus.DONE
    assert rest.payload["consumers"] == ["t.third"]
    document.refresh_from_db()
    [(key, message)] = document.consumer_errors.items()
    assert key == f"t.second:{min(ids)}" and "time limit" in message and "reprocess" in message
    _due_now()
    called.clear()
    drain()
    assert called == []  # stopped for good: the same work would hit the limit again


def test_a_job_queued_before_consumers_shared_a_job_still_runs(pages: Any, drain: Any) -> None:
    document, ids = pages
    queue.enqueue(events.TASK, {"consumer": "t.third", "document_id": document.pk, "page_ids": ids})
    drain()
    assert called == [("t.third", ids)]


def test_an_uninstalled_consumer_is_an_error_on_the_document_and_the_others_run(
    pages: Any, drain: Any
) -> None:
    document, ids = pages
    queue.enqueue(
        events.TASK,
        {"consumers": ["t.first", "gone.app", "t.third"], "document_id": document.pk, "page_ids": ids},
    )
    drain()
    assert [name for name, _ in called] == ["t.first", "t.third"]
    [job] = _jobs()
    assert job.status == JobStatus.DONE
    document.refresh_from_db()
    [(key, message)] = document.consumer_errors.items()
    assert key == f"gone.app:{min(ids)}" and "No page-text consumer named 'gone.app'" in message


def _second_document(
    add: Any, drain: Any, settings: Any, case: Any = None, actor: Any = None
) -> tuple[Document, list[int]]:
    """Another two-page document, processed with no consumer on (its event comes later)."""
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = []
    document = add("fake-2.pdf", make_pdf(["Another fictional page."] * 2), case=case, actor=actor).document
    drain()
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = None
    return document, list(document.pages.order_by("number").values_list("pk", flat=True))


def test_documents_of_one_case_share_a_waiting_job(
    pages: Any, add: Any, drain: Any, world: Any, settings: Any
) -> None:
    document, ids = pages
    from innocence.cases import services as case_services

    other, other_ids = _second_document(add, drain, settings)
    second_case = case_services.case_create(
        actor=world.admin, organization=world.north, title="State v. Other"
    )
    elsewhere, elsewhere_ids = _second_document(add, drain, settings, case=second_case, actor=world.admin)
    called.clear()
    events.page_text_changed(document.pk, ids)
    events.page_text_changed(other.pk, other_ids)
    events.page_text_changed(elsewhere.pk, elsewhere_ids)
    shared, alone = _jobs()
    assert shared.payload["documents"] == {str(document.pk): ids, str(other.pk): other_ids}
    assert alone.payload["documents"] == {str(elsewhere.pk): elsewhere_ids}  # another case: a job of its own
    drain()
    assert [(name, sorted(ids + other_ids)) for name in NAMES] + [
        (name, elsewhere_ids) for name in NAMES
    ] == called


def test_a_started_or_full_job_is_not_joined(
    pages: Any, add: Any, drain: Any, monkeypatch: Any, settings: Any
) -> None:
    document, ids = pages
    other, other_ids = _second_document(add, drain, settings)
    events.page_text_changed(document.pk, ids)
    job = queue.claim("worker")  # a worker has taken it: it keeps what it read
    assert job is not None
    events.page_text_changed(other.pk, other_ids)
    monkeypatch.setattr(events, "CHUNK", 4)
    events.page_text_changed(document.pk, ids)  # 2 + 3 pages > 4: no room in the waiting job
    assert [list(j.payload["documents"]) for j in _jobs()] == [
        [str(document.pk)],
        [str(other.pk)],
        [str(document.pk)],
    ]


def test_a_consumer_failing_on_a_shared_job_retries_each_document_on_its_own(
    pages: Any, add: Any, drain: Any, settings: Any
) -> None:
    document, ids = pages
    other, other_ids = _second_document(add, drain, settings)
    called.clear()
    events.page_text_changed(document.pk, ids)
    events.page_text_changed(other.pk, other_ids)
    behaviour["t.second"] = "fail-once"
    drain()
    assert [name for name, _ in called] == NAMES  # the others ran
    for doc, doc_ids in ((document, ids), (other, other_ids)):
        doc.refresh_from_db()
        assert list(doc.consumer_errors) == [f"t.second:{min(doc_ids)}"]
    shared, *retries = _jobs()
    assert shared.status == JobStatus.DONE
    assert sorted((list(j.payload["documents"].items()), j.payload["failed"]) for j in retries) == [
        ([(str(document.pk), ids)], ["t.second"]),
        ([(str(other.pk), other_ids)], ["t.second"]),
    ]
    called.clear()
    _due_now()
    drain()
    assert sorted(called) == sorted([("t.second", ids), ("t.second", other_ids)])  # only it, per document
    for doc in (document, other):
        doc.refresh_from_db()
        assert doc.consumer_errors == {}
