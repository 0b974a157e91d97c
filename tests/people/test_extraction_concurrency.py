"""People extraction loses no page while other connections commit (issue 11, item 1).

A few thousand fictional pages are extracted in a subprocess against a real file database
(SQLite in WAL mode, as in production) — or against the test PostgreSQL database when the
suite runs on one (DATABASE_URL) — while a second connection commits every few
milliseconds, the way a job's heartbeat or a user's note does. Every page must have its
mentions, and the job must not have reported a failure.

The old code wrote while a chunked ``.iterator()`` read was still open: on SQLite every
write after another connection's commit failed with "database is locked" and the page was
dropped.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PAGES = 3000

SCRIPT = r"""
import json, threading, time, django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from innocence.cases import services as cases
from innocence.core.models import Membership, Organization
from innocence.documents.models import Document, Page, StoredFile
from innocence.jobs.models import Job
from innocence.people import extraction_service
from innocence.people.models import Mention

PAGES = int(__import__("sys").argv[1])
org = Organization.objects.create(slug="lockstep", name="Lockstep Clinic (fictional)", case_prefix="LS")
user = get_user_model().objects.create_user(username="lockstep_admin", password="x-very-long-1")
Membership.objects.create(user=user, organization=org, role="admin")
case = cases.case_create(actor=user, organization=org, title="State v. Lockstep (fictional)")
stored = StoredFile.objects.create(organization=org, sha256="ab" * 32, size=1, original_name="t.txt",
                                   storage_path="test/lockstep")
doc = Document.objects.create(organization=org, case=case, stored_file=stored, title="Fictional transcript",
                              status="done", page_count=PAGES)
Page.objects.bulk_create(
    [Page(document=doc, number=n, text_source="layer",
          text=f"Fictional transcript, page {n}.\nQ. Did Detective Raymond Kessler speak to you?\n"
               "A. Yes. Officer Lyle Brandt was there too.\n")
     for n in range(1, PAGES + 1)], batch_size=500)
ids = list(Page.objects.filter(document=doc).values_list("pk", flat=True))
beat = Job.objects.create(name="people.heartbeat-standin", payload={}, status="running",
                          run_after=timezone.now())
stop = threading.Event()
commits = [0]
failures = []
longest = [0.0]

def other_connection():
    # a heartbeat, a note: any commit from another connection
    try:
        while not stop.is_set():
            began = time.perf_counter()
            try:
                Job.objects.filter(pk=beat.pk).update(lease_until=timezone.now())
                commits[0] += 1
            except Exception as exc:
                failures.append(repr(exc))
            longest[0] = max(longest[0], time.perf_counter() - began)
            time.sleep(0.001)
    finally:
        connection.close()

thread = threading.Thread(target=other_connection)
thread.start()
error = ""
try:
    extraction_service.extract_pages_by_id(ids)
except Exception as exc:
    error = f"{type(exc).__name__}: {exc}"
finally:
    stop.set()
    thread.join()
# pages with mentions the extractor wrote (not the known-name pass of resolution)
covered = (
    Mention.objects.filter(page__document=doc, source="extracted").values("page_id").distinct().count()
)
print(json.dumps({"pages": len(ids), "covered": covered, "commits": commits[0], "error": error[:400],
                  "other_failures": failures[:3], "longest_wait": round(longest[0], 3)}))
"""


def _environment(tmp_path: Path) -> dict[str, str]:
    from django.db import connection

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        INNOCENCE_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="innocence.settings",
        INNOCENCE_PAGE_TEXT_CONSUMERS="",
    )
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
        )
        return env
    connection.ensure_connection()
    copy = sqlite3.connect(tmp_path / "innocence.sqlite3")
    connection.connection.backup(copy)  # the migrated, empty test schema, as a file
    copy.close()
    return env


@pytest.mark.django_db(transaction=True)
def test_every_page_is_extracted_while_another_connection_commits(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(PAGES)],
        env=env,
        capture_output=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.returncode == 0, out.stderr.decode()[-3000:]
    result: dict[str, Any] = json.loads(out.stdout.decode().strip().splitlines()[-1])
    assert result["commits"] > 50, result  # the other connection really did commit meanwhile
    assert result["error"] == "", result
    assert result["other_failures"] == [], result
    assert result["covered"] == result["pages"] == PAGES, result


@pytest.mark.django_db
def test_a_failing_consumer_fails_its_job_and_the_document_says_which_pages(
    world: Any, make_document: Any, settings: Any, monkeypatch: Any
) -> None:
    """The page-text event runs each consumer as its own job: when people extraction fails
    on some pages, that job fails (and is retried), the other pages are extracted, and the
    document names the pages and the reason; a later chunk that succeeds does not erase it.
    The reason is the input here (a page the extractor chokes on), not a fake of the queue."""
    from innocence.documents.pipeline import events, page_text_changed
    from innocence.jobs.models import Job, JobStatus
    from innocence.jobs.queue import run_until_empty
    from innocence.people import extraction_service
    from innocence.people.models import Mention

    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["people.extract"]
    monkeypatch.setattr(events, "CHUNK", 3)
    real = extraction_service.extract_page

    def choking(text: str) -> Any:
        if "UNREADABLE" in text:
            raise ValueError("the extractor choked on this page")
        return real(text)

    monkeypatch.setattr(extraction_service, "extract_page", choking)
    good = "Detective Raymond Kessler took the statement."
    doc = make_document(world.case, [good, "UNREADABLE " + good, "UNREADABLE", good, good, good])
    page_text_changed(doc.pk, list(doc.pages.order_by("number").values_list("pk", flat=True)))
    run_until_empty()

    first, second = Job.objects.filter(name="documents.page_text_changed").order_by("id")
    assert first.status == JobStatus.QUEUED and first.attempts == 1  # failed, waiting to retry
    assert "people not extracted from page(s) 2–3" in first.last_error
    assert second.status == JobStatus.DONE
    doc.refresh_from_db()
    [message] = doc.consumer_errors.values()
    assert "page(s) 2–3 of 'Fictional record'" in message and "choked" in message
    assert "tried again" in message
    extracted = set(
        Mention.objects.filter(page__document=doc, source="extracted").values_list("page__number", flat=True)
    )
    assert extracted == {1, 4, 5, 6}

    # the last attempt fails too: the job fails with its reason, the document keeps saying so
    Job.objects.filter(pk=first.pk).update(attempts=first.max_attempts - 1, run_after=first.created_at)
    run_until_empty()
    first.refresh_from_db()
    assert first.status == JobStatus.FAILED
    doc.refresh_from_db()
    [message] = doc.consumer_errors.values()
    assert "Gave up after" in message and "page(s) 2–3" in message and "reprocess" in message
