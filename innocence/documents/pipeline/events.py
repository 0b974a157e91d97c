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
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

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


def page_text_changed(document_id: int, page_ids: list[int]) -> int:
    """Queue every enabled consumer for these pages. Returns the number of jobs queued."""
    from innocence.jobs.queue import enqueue_many

    names = [consumer.name for consumer in enabled_consumers()]
    if not page_ids or not names:
        return 0
    payloads = [
        {"document_id": document_id, "page_ids": list(page_ids[start : start + CHUNK]), "consumers": names}
        for start in range(0, len(page_ids), CHUNK)
    ]
    with transaction.atomic():
        enqueue_many(TASK, payloads)
    return len(payloads)


def _error_key(consumer: str, page_ids: list[int]) -> str:
    # One entry per consumer *and chunk*: a later chunk that succeeds must not erase the
    # failure of an earlier one.
    return f"{consumer}:{min(page_ids)}" if page_ids else consumer


def _set_error(document_id: int, key: str, error: str | None) -> None:
    _set_errors(document_id, {key: error})


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


def _names(payload: dict[str, Any]) -> list[str]:
    """The consumers still to run, the first being the one running (or next). A job queued
    before consumers shared a job names one (``consumer``)."""
    if "consumers" in payload:
        return [str(name) for name in payload["consumers"]]
    return [str(payload["consumer"])] if payload.get("consumer") else []


def _payload(
    document_id: int,
    page_ids: list[int],
    todo: list[str],
    failed: list[str],
    errors: dict[str, str],
    done: list[str],
) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "page_ids": page_ids,
        "consumers": todo,
        "failed": failed,
        "errors": errors,
        "done": done,
    }


def run_consumers(payload: dict[str, Any]) -> None:
    """The job: run the payload's consumers, in order, on its chunk of page ids. Raises
    ``RetryWith`` naming the consumers that failed (after running all the others)."""
    from innocence.jobs import limits, queue

    document_id = int(payload.get("document_id") or 0)
    page_ids = [int(i) for i in payload.get("page_ids", [])]
    todo = _names(payload)
    failed = [str(n) for n in payload.get("failed", [])]
    errors = {str(k): str(v) for k, v in (payload.get("errors") or {}).items()}
    done = [str(n) for n in payload.get("done", [])]
    if not todo and failed:  # a retry: the consumers that failed the last time
        todo, failed, errors = failed, [], {}
    installed = {c.name: c for c in registry().page_text_consumers()}
    while todo:
        name = todo[0]
        try:
            if name not in installed:
                raise queue.PermanentFailure(f"No page-text consumer named {name!r} is installed.")
            resolve(installed[name].function)(page_ids)
        except Exception as exc:
            limit = limits.describe(exc)
            if limit is not None or isinstance(exc, queue.PermanentFailure):
                # The same work would end the same way: no retry for this consumer.
                log.warning("page-text consumer %s stopped for document %s: %s", name, document_id, exc)
                _set_error(
                    document_id,
                    _error_key(name, page_ids),
                    f"{limit or exc} — reprocess the document to try again.",
                )
                if limit is not None:
                    # The limit is the job's: what is left goes on in a job with its own.
                    _continue_elsewhere(_payload(document_id, page_ids, todo[1:], failed, errors, []))
                    _clear_errors(document_id, page_ids, done)
                    return
            else:
                log.exception("page-text consumer %s failed for document %s", name, document_id)
                errors[name] = _describe(exc)
                failed.append(name)
                _set_error(
                    document_id, _error_key(name, page_ids), f"{errors[name]} (it will be tried again)"
                )
        else:
            done.append(name)
        todo = todo[1:]
        if todo:
            queue.checkpoint(_payload(document_id, page_ids, todo, failed, errors, done))
    _clear_errors(document_id, page_ids, done)
    if failed:
        raise queue.RetryWith(
            "; ".join(f"{name}: {errors[name]}" for name in failed),
            _payload(document_id, page_ids, [], failed, errors, []),
        )


def _continue_elsewhere(payload: dict[str, Any]) -> None:
    """Queue what is left of this job as a job of its own, and leave this one with nothing
    to do should it run again (one transaction: neither both nor neither)."""
    from innocence.jobs.queue import checkpoint, enqueue

    with transaction.atomic():
        if payload["consumers"] or payload["failed"]:
            enqueue(TASK, payload)
        checkpoint({**payload, "consumers": [], "failed": [], "errors": {}, "done": []})


def _clear_errors(document_id: int, page_ids: list[int], done: list[str]) -> None:
    # A locked read-modify-write only when the document has errors at all: one plain read
    # per job otherwise.
    if not done or not Document.objects.filter(pk=document_id).exclude(consumer_errors={}).exists():
        return
    changes: dict[str, str | None] = {}
    for name in done:
        changes[_error_key(name, page_ids)] = None
        changes[name] = None  # an entry written before errors were kept per chunk
    _set_errors(document_id, changes)


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return text if type(exc).__name__ == "ExtractionError" else f"{type(exc).__name__}: {text}"


def consumer_gave_up(payload: dict[str, Any], reason: str) -> None:
    """The queue gave the job up. The consumer it was running when it stopped (a worker
    that died every time) takes the blame and the ones after it are queued anew; after the
    last retry, each consumer that failed says its own last error."""
    document_id = int(payload.get("document_id") or 0)
    page_ids = [int(i) for i in payload.get("page_ids", [])]
    todo = _names(payload)
    failed = [str(n) for n in payload.get("failed", [])]
    errors = {str(k): str(v) for k, v in (payload.get("errors") or {}).items()}
    head, said, _ = reason.partition(" Last error:")
    if todo:
        blamed, own = todo[:1], {}
        rest = _payload(document_id, page_ids, todo[1:], failed, errors, [])
    else:
        blamed, own = failed, errors
        rest = None
    changes: dict[str, str | None] = {}
    for name in blamed:
        message = f"{head}{said} {own[name]}" if said and name in own else reason
        changes[_error_key(name, page_ids)] = f"{message} — reprocess the document to try again."
    _set_errors(document_id, changes)
    if rest is not None and (rest["consumers"] or rest["failed"]):
        from innocence.jobs.queue import enqueue

        enqueue(TASK, rest)


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
