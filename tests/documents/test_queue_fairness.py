"""One file must not stall the queue (issue 11, item 3): page counts checked against the real
page tree, bounded notices, fair scheduling between documents, per-job limits. Fictional."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from innocence.jobs.models import Job, JobStatus
from innocence.jobs.queue import claim, enqueue, run_job, run_until_empty, task

from .conftest import make_pdf

pytestmark = pytest.mark.django_db


@task("tests.sleep", max_attempts=3, time_limit=0.5)
def _sleep(payload: dict[str, Any]) -> None:
    time.sleep(float(payload.get("seconds", 5)))


@task("tests.hog", max_attempts=3)
def _hog(payload: dict[str, Any]) -> None:
    bytearray(int(payload["bytes"]))


def test_a_huge_document_does_not_starve_a_small_one() -> None:
    for n in range(50):
        enqueue("tests.sleep", {"document_id": 1, "n": n, "seconds": 0})
    enqueue("tests.sleep", {"document_id": 2, "seconds": 0})
    enqueue("tests.sleep", {"case_id": 9, "seconds": 0})
    order = []
    for _ in range(6):
        job = claim("w")
        assert job is not None
        order.append(job.group)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    # round-robin: the small document and the other case are served within the first turns
    assert order[:3].count("doc:1") == 1 and {"doc:2", "case:9"} <= set(order[:3]), order
    # a document queued later joins at the queue's clock, not behind everything
    enqueue("tests.sleep", {"document_id": 3, "seconds": 0})
    nxt = [claim("w") for _ in range(2)]
    assert "doc:3" in [j.group for j in nxt if j is not None]


def test_a_pdf_declaring_100000_pages_gets_the_pages_it_has(add: Any, drain: Any, settings: Any) -> None:
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = []
    data = make_pdf([f"Fictional page {n}. Detective Raymond Kessler testified." for n in range(1, 5)])
    assert b"/Count 4" in data
    liar = data.replace(b"/Count 4", b"/Count 100000")
    result = add("liar.pdf", liar)
    drain()
    document = result.document
    document.refresh_from_db()
    assert document.status == "done"
    assert document.page_count == 4 and document.pages.count() == 4
    assert "declares 100,000 pages" in document.notice and "holds 4" in document.notice
    assert Job.objects.filter(name="documents.ocr_pages").count() <= 1
    from innocence.documents import storage

    with storage.open_file(document.stored_file.storage_path) as fh:
        assert fh.read() == liar  # the original is kept byte for byte


def test_ocr_failure_notices_stay_bounded() -> None:
    from innocence.documents.pipeline.ocr import add_ocr_failures

    notice = "The file name ends in .pdf but its content is a PNG image."
    for n in range(1, 2001):
        notice = add_ocr_failures(notice, [f"page {n}: the page image cannot be read"])
    assert len(notice) < 600, len(notice)
    assert notice.startswith("The file name ends in .pdf")
    assert "OCR failed on 2000 page(s)" in notice and "page 1:" in notice and "…" in notice


def test_a_job_past_its_time_limit_fails_with_a_reason_and_is_not_retried() -> None:
    enqueue("tests.sleep", {"seconds": 30})
    started = time.monotonic()
    run_until_empty()
    assert time.monotonic() - started < 10
    job = Job.objects.get(name="tests.sleep")
    assert job.status == JobStatus.FAILED and job.attempts == 1
    assert re.search(r"time limit of 0(\.5)? s|time limit", job.last_error), job.last_error


def test_a_job_past_its_memory_limit_fails_with_a_reason(settings: Any) -> None:
    settings.INNOCENCE_JOB_MEMORY_LIMIT_MB = 256
    enqueue("tests.hog", {"bytes": 8 * 1024**3})
    job = claim("w")
    assert job is not None
    assert run_job(job, "w") is False
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1
    assert "memory limit" in job.last_error and "256" in job.last_error
    bytearray(64 * 1024**2)  # the limit is gone once the job ended


def test_rq_spreads_groups_over_lanes_served_round_robin() -> None:
    from innocence.jobs import rq_backend

    lanes = {rq_backend.lane_of(f"doc:{n}") for n in range(40)}
    assert len(lanes) == rq_backend.LANES
    assert rq_backend.lane_of("doc:1") == rq_backend.lane_of("doc:1")
    assert set(rq_backend.queue_names()) >= lanes
