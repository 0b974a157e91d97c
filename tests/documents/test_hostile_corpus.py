"""The hostile-file corpus (tests/documents/hostile_corpus.py, fictional, generated): every
file gets the status its class calls for, with a reason in words; every original is kept
byte for byte; no hostile file is retried (the same bytes would fail the same way); and a
batch of all of them with the good files drains to an empty queue with every good file read.

No wall-clock assertion: the batch is bounded by the queue's own limits. Every job runs
under the per-job time limit set here, and no job may take a second attempt, so the batch
can never take longer than (number of jobs) x (time limit)."""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import pytest

from innocence.documents import storage
from innocence.documents.models import Document, DocumentStatus, Page
from innocence.jobs.models import Job, JobStatus

from .hostile_corpus import HostileFile, corpus

pytestmark = pytest.mark.django_db

#: The per-job time limit for the batch: a file that made a job run away would fail with
#: "ran longer than its time limit" instead of holding the queue.
JOB_TIME_LIMIT_SECONDS = 60


@functools.lru_cache(maxsize=1)
def _corpus() -> tuple[HostileFile, ...]:
    return tuple(corpus())


def _tree(document: Document) -> list[Document]:
    found = [document]
    for child in Document.objects.filter(parent=document):
        found.extend(_tree(child))
    return found


def _text_of(documents: list[Document]) -> str:
    return "\n".join(Page.objects.filter(document__in=documents).values_list("text", flat=True))


def _ingest_all(add: Any, drain: Any, settings: Any, world: Any) -> tuple[dict[str, Document], int]:
    from innocence.documents import services

    settings.INNOCENCE_JOB_TIME_LIMIT_SECONDS = JOB_TIME_LIMIT_SECONDS
    batch = services.batch_create(actor=world.on_team, organization=world.north, case=world.case)
    added = {entry.name: add(entry.name, entry.data, batch=batch).document for entry in _corpus()}
    runs = drain()
    return {name: Document.objects.get(pk=doc.pk) for name, doc in added.items()}, runs


def test_every_hostile_file_gets_its_status_in_words_and_every_good_file_is_read(
    add: Any, drain: Any, settings: Any, world: Any
) -> None:
    documents, runs = _ingest_all(add, drain, settings, world)
    problems: list[str] = []
    for entry in _corpus():
        document = documents[entry.name]
        said = (document.error + " " + document.notice).lower()
        tree = _tree(document)
        text = _text_of(tree)
        label = f"{entry.name} ({entry.what or 'good file'})"
        if document.status != entry.status:
            problems.append(
                f"{label}: status {document.status!r}, expected {entry.status!r}: {document.error}"
            )
        if entry.words and entry.words.lower() not in said:
            problems.append(f"{label}: {entry.words!r} not in {said!r}")
        if "traceback" in said or "xmlsyntaxerror" in said or "gave up after" in said:
            problems.append(f"{label}: the reason is not in words: {said!r}")
        if entry.good and entry.good not in text:
            problems.append(f"{label}: good content lost")
        if entry.absent and entry.absent in text:
            problems.append(f"{label}: {entry.absent!r} was read into a page")
        if entry.children is not None and len(tree) - 1 != entry.children:
            problems.append(f"{label}: {len(tree) - 1} child documents, expected {entry.children}")
        with storage.open_file(document.stored_file.storage_path) as fh:
            if hashlib.sha256(fh.read()).hexdigest() != hashlib.sha256(entry.data).hexdigest():
                problems.append(f"{label}: original not kept byte for byte")
    assert not problems, "\n".join(problems)
    assert runs > 0


def test_a_hostile_batch_with_good_files_drains_within_the_queues_bounds(
    add: Any, drain: Any, settings: Any, world: Any
) -> None:
    documents, runs = _ingest_all(add, drain, settings, world)
    jobs = list(Job.objects.all())
    # The queue is empty: nothing waits for a retry, nothing is stuck running.
    left = [
        (j.name, j.payload, j.status, j.last_error[:200]) for j in jobs if j.status not in (JobStatus.DONE,)
    ]
    assert not left, left
    # One attempt per job: a hostile file is a permanent failure, never retried, so the
    # batch took at most len(jobs) x JOB_TIME_LIMIT_SECONDS however hostile its files.
    retried = [(j.name, j.payload, j.attempts) for j in jobs if j.attempts != 1]
    assert not retried, retried
    assert runs == len(jobs)
    good = [e for e in _corpus() if e.status == DocumentStatus.DONE and e.good]
    assert len(good) >= 10
    for entry in good:
        assert entry.good in _text_of(_tree(documents[entry.name])), entry.name
