"""The one "page text changed" event.

Every writer of page text — ingest, OCR, a hand correction, an intake letter moving into
a case, an imported archive, a page removed — calls :func:`page_text_changed`. It queues,
in the writer's transaction (a crash after the commit loses no notification), one job per
chunk of pages that runs every enabled consumer declared in an app's ``extensions.py``
(search index, people extraction, lens proposers) in their declared order. Each consumer
keeps what it had when it was a job of its own:

- one that raises records its error on the document and does not stop the others; the
  job is retried for the consumers that failed, and only those (``RetryWith``: the queue's
  attempts and back-off), and the document says which gave up and why;
- one that hits the job's time or memory limit is stopped for good (the same work would
  hit it again); the consumers after it go on in a job of their own;
- a crashed worker loses nothing: before each consumer the job saves how far it has got
  (``checkpoint``), so, leased again, it resumes at the consumer it was running; if that
  one kills the worker every time, it alone gives up and the rest are queued anew.

One job rather than one per consumer: claiming, leasing and recording seven jobs was most
of the fixed cost of a small document. A consumer must be idempotent (a job on Redis, or
one stopped mid-consumer, runs it again) and must treat an id whose page no longer exists
as "forget this page".

``settings.INNOCENCE_PAGE_TEXT_CONSUMERS`` selects consumers by name (``None``: all of
them); naming one that no app declares is an error, never a silent skip.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from innocence.core.extensions import PageTextConsumer, registry, resolve

from ..models import Document

log = logging.getLogger(__name__)

TASK = "documents.page_text_changed"
CHUNK = 2000


def enabled_consumers() -> list[PageTextConsumer]:
    declared = registry().page_text_consumers()
    wanted = getattr(settings, "INNOCENCE_PAGE_TEXT_CONSUMERS", None)
    if wanted is None:
        return declared
    by_name = {c.name: c for c in declared}
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise ImproperlyConfigured(
            f"INNOCENCE_PAGE_TEXT_CONSUMERS names {', '.join(unknown)}, which no app declares "
            f"(declared: {', '.join(by_name) or 'none'})."
        )
    return [by_name[name] for name in wanted]


def page_text_changed(document_id: int, page_ids: list[int], *, case_id: int | None = None) -> int:
    """Queue every enabled consumer for these pages (the pages of ``document_id``, or of its
    children). Returns the number of chunks handed over, each to a job of its own or to a
    waiting job of the same case."""
    from innocence.jobs.queue import backend_name, enqueue

    names = [consumer.name for consumer in enabled_consumers()]
    if not page_ids or not names:
        return 0
    if backend_name() != "db":  # Redis jobs cannot be joined once queued
        case_id = 0
    elif case_id is None:
        case_id = Document.objects.filter(pk=document_id).values_list("case_id", flat=True).first()
    chunks = [list(page_ids[start : start + CHUNK]) for start in range(0, len(page_ids), CHUNK)]
    with transaction.atomic():
        for chunk in chunks:
            if case_id and _join_waiting(case_id, document_id, chunk, names):
                continue
            work = _Work({document_id: chunk}, case_id, names, [], {}, [])
            enqueue(TASK, work.payload())
    return len(chunks)


def _join_waiting(case_id: int, document_id: int, page_ids: list[int], names: list[str]) -> bool:
    """Add these pages to the case's page-text job that has not started yet, when there is
    room in it (at most CHUNK pages): a folder of small files is read by the consumers in a
    few jobs of many pages, not in one job per file (each consumer's fixed cost per call was
    most of the CPU of a ten-page file). A job that failed before is never joined."""
    from innocence.jobs.models import Job, JobStatus

    waiting = Job.objects.filter(name=TASK, group=f"case:{case_id}", status=JobStatus.QUEUED, attempts=0)
    if connection.features.has_select_for_update:
        waiting = waiting.select_for_update()
    job = waiting.order_by("-id").first()
    if job is None:
        return False
    work = _Work.of(job.payload)
    if work.todo != names or work.failed or work.done or len(work.page_ids()) + len(page_ids) > CHUNK:
        return False
    work.documents[document_id] = sorted({*work.documents.get(document_id, []), *page_ids})
    # Only while it still waits: a worker that has claimed it meanwhile keeps what it read.
    return bool(Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(payload=work.payload()))


def _error_key(consumer: str, page_ids: list[int]) -> str:
    # One entry per consumer *and chunk*: a later chunk that succeeds must not erase the
    # failure of an earlier one.
    return f"{consumer}:{min(page_ids)}" if page_ids else consumer


def _set_errors(document_id: int, changes: dict[str, str | None]) -> None:
    """Write (a text) or clear (None) these entries of the document's consumer errors, in
    one locked read-modify-write."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None:
            return
        errors = dict(document.consumer_errors or {})
        before = dict(errors)
        for key, error in changes.items():
            if error is None:
                errors.pop(key, None)
            else:
                errors[key] = error[:500]
        if errors != before:
            Document.objects.filter(pk=document_id).update(consumer_errors=errors)


@dataclass
class _Work:
    """A page-text job's payload: the pages by document, the consumers still to run (the
    first being the one running, or next), those that failed this round with their errors,
    and those done."""

    documents: dict[int, list[int]]
    case_id: int | None
    todo: list[str]
    failed: list[str]
    errors: dict[str, str]
    done: list[str]

    @classmethod
    def of(cls, payload: dict[str, Any]) -> _Work:
        documents = {int(k): [int(i) for i in v] for k, v in (payload.get("documents") or {}).items()}
        if not documents:  # a job queued before jobs held several documents
            documents = {int(payload.get("document_id") or 0): [int(i) for i in payload.get("page_ids", [])]}
        if "consumers" in payload:
            todo = [str(name) for name in payload["consumers"]]
        else:  # ... or before consumers shared a job
            todo = [str(payload["consumer"])] if payload.get("consumer") else []
        return cls(
            documents,
            int(payload["case_id"]) if payload.get("case_id") else None,
            todo,
            [str(n) for n in payload.get("failed", [])],
            {str(k): str(v) for k, v in (payload.get("errors") or {}).items()},
            [str(n) for n in payload.get("done", [])],
        )

    def page_ids(self) -> list[int]:
        return sorted({i for ids in self.documents.values() for i in ids})

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "page_ids": self.page_ids(),
            "documents": {str(k): v for k, v in self.documents.items()},
            "consumers": self.todo,
            "failed": self.failed,
            "errors": self.errors,
            "done": self.done,
        }
        # The queue's unit of fairness: the case when there is one (the job may hold several
        # of its documents; `innocence ingest --wait` waits for the case's jobs), else the
        # document.
        if self.case_id:
            payload["case_id"] = self.case_id
        else:
            payload["document_id"] = next(iter(self.documents), 0)
        return payload

    def but(self, **changes: Any) -> _Work:
        return replace(self, **changes)

    def record(self, consumer: str, error: str) -> None:
        for document_id, ids in self.documents.items():
            _set_errors(document_id, {_error_key(consumer, ids): error})


def run_consumers(payload: dict[str, Any]) -> None:
    """The job: run the payload's consumers, in order, on its pages. Raises ``RetryWith``
    naming the consumers that failed (after running all the others)."""
    from innocence.jobs import limits, queue

    work = _Work.of(payload)
    if not work.todo and work.failed:  # a retry: the consumers that failed the last time
        work = work.but(todo=work.failed, failed=[], errors={})
    page_ids = work.page_ids()
    installed = {c.name: c for c in registry().page_text_consumers()}
    while work.todo:
        name = work.todo[0]
        try:
            if name not in installed:
                raise queue.PermanentFailure(f"No page-text consumer named {name!r} is installed.")
            started = time.process_time()
            resolve(installed[name].function)(page_ids)
            # Where a job's CPU goes, per consumer (INNOCENCE_LOG_LEVEL=DEBUG), without a profiler.
            log.debug("consumer %s: %.3f CPU-s for %d pages", name, time.process_time() - started, len(page_ids))
        except Exception as exc:
            limit = limits.describe(exc)
            if limit is not None or isinstance(exc, queue.PermanentFailure):
                # The same work would end the same way: no retry for this consumer.
                log.warning(
                    "page-text consumer %s stopped for documents %s: %s", name, list(work.documents), exc
                )
                work.record(name, f"{limit or exc} — reprocess the document to try again.")
                if limit is not None:
                    # The limit is the job's: what is left goes on in a job with its own.
                    _clear_errors(work)
                    _continue_elsewhere(work, work.but(todo=work.todo[1:], done=[]))
                    return
            else:
                log.exception("page-text consumer %s failed for documents %s", name, list(work.documents))
                work.errors[name] = _describe(exc)
                work.failed.append(name)
                work.record(name, f"{work.errors[name]} (it will be tried again)")
        else:
            work.done.append(name)
        work.todo = work.todo[1:]
        if work.todo:
            queue.checkpoint(work.payload())
    _clear_errors(work)
    if not work.failed:
        return
    retry = work.but(todo=[], done=[])
    if len(work.documents) > 1:
        # Pages of several documents failed together: each document retries on its own, so
        # that its errors are its own again and one bad file holds back no other.
        _continue_elsewhere(
            work,
            *(retry.but(documents={document_id: ids}) for document_id, ids in work.documents.items()),
            delay=2,
        )
        return
    raise queue.RetryWith("; ".join(f"{name}: {work.errors[name]}" for name in work.failed), retry.payload())


def _continue_elsewhere(current: _Work, *rest: _Work, delay: float = 0) -> None:
    """Queue what is left of this job as jobs of their own, and leave this one with nothing
    to do should it run again (one transaction: neither both nor neither)."""
    from innocence.jobs.queue import checkpoint, enqueue

    with transaction.atomic():
        for work in rest:
            if work.todo or work.failed:
                enqueue(TASK, work.payload(), delay=delay)
        checkpoint(current.but(todo=[], failed=[], errors={}, done=[]).payload())


def _clear_errors(work: _Work) -> None:
    # A locked read-modify-write only for documents that have errors at all: one plain read
    # per job otherwise.
    if not work.done:
        return
    for document_id in (
        Document.objects.filter(pk__in=list(work.documents))
        .exclude(consumer_errors={})
        .values_list("pk", flat=True)
    ):
        changes: dict[str, str | None] = {}
        for name in work.done:
            changes[_error_key(name, work.documents[document_id])] = None
            changes[name] = None  # an entry written before errors were kept per chunk
        _set_errors(document_id, changes)


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return text if type(exc).__name__ == "ExtractionError" else f"{type(exc).__name__}: {text}"


def consumer_gave_up(payload: dict[str, Any], reason: str) -> None:
    """The queue gave the job up. The consumer it was running when it stopped (a worker
    that died every time) takes the blame and the ones after it are queued anew; after the
    last retry, each consumer that failed says its own last error."""
    work = _Work.of(payload)
    head, said, _ = reason.partition(" Last error:")
    if work.todo:
        blamed, own = work.todo[:1], {}
        rest: _Work | None = work.but(todo=work.todo[1:], done=[])
    else:
        blamed, own, rest = work.failed, work.errors, None
    for name in blamed:
        message = f"{head}{said} {own[name]}" if said and name in own else reason
        work.record(name, f"{message} — reprocess the document to try again.")
    if rest is not None and (rest.todo or rest.failed):
        from innocence.jobs.queue import enqueue

        enqueue(TASK, rest.payload())


def run_now(document_id: int, page_ids: list[int]) -> dict[str, str]:
    """Run every enabled consumer in this process, now (benchmarks and maintenance
    commands). Returns the errors by consumer; the pages stay whatever happens."""
    errors: dict[str, str] = {}
    for consumer in enabled_consumers():
        try:
            function = resolve(consumer.function)
            for start in range(0, len(page_ids), CHUNK):
                function(page_ids[start : start + CHUNK])
        except Exception as exc:
            log.exception("page-text consumer %s failed for document %s", consumer.name, document_id)
            errors[consumer.name] = f"{type(exc).__name__}: {exc}"[:500]
    Document.objects.filter(pk=document_id).update(consumer_errors=errors)
    return errors
