"""The one "page text changed" event.

Every writer of page text — ingest, OCR, a hand correction, an intake letter moving into
a case, an imported archive, a page removed — calls :func:`page_text_changed`. Every
consumer declared in an app's ``extensions.py`` (search index, people extraction, lens
proposers) then receives the page ids through the job queue: one job per consumer and
chunk, queued in the writer's transaction, so that a crash after the commit loses no
notification, one failing consumer never holds back the others, and each retries on its
own. A consumer must be idempotent and must treat an id whose page no longer exists as
"forget this page".

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

    if not page_ids:
        return 0
    payloads = [
        {"consumer": consumer.name, "document_id": document_id, "page_ids": list(page_ids[start : start + CHUNK])}
        for consumer in enabled_consumers()
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
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None:
            return
        errors = dict(document.consumer_errors or {})
        if error is None:
            if key not in errors:
                return
            errors.pop(key)
        else:
            errors[key] = error[:500]
        Document.objects.filter(pk=document_id).update(consumer_errors=errors)


def run_consumer(payload: dict[str, Any]) -> None:
    """The job: call one consumer with one chunk of page ids. A consumer that fails fails
    the job — the queue retries it, and the document says what was not done and why."""
    name = str(payload["consumer"])
    by_name = {c.name: c for c in registry().page_text_consumers()}
    if name not in by_name:
        from innocence.jobs.queue import PermanentFailure

        raise PermanentFailure(f"No page-text consumer named {name!r} is installed.")
    function = resolve(by_name[name].function)
    document_id = int(payload.get("document_id") or 0)
    page_ids = [int(i) for i in payload["page_ids"]]
    try:
        function(page_ids)
    except Exception as exc:
        log.exception("page-text consumer %s failed for document %s", name, document_id)
        _set_error(document_id, _error_key(name, page_ids), f"{_describe(exc)} (it will be tried again)")
        raise
    # Clearing needs a locked read-modify-write only when the document has errors at all:
    # one plain read per job otherwise (two locked transactions per consumer and chunk
    # were a tenth of the work for a ten-page document).
    if Document.objects.filter(pk=document_id).exclude(consumer_errors={}).exists():
        _set_error(document_id, _error_key(name, page_ids), None)
        _set_error(document_id, name, None)  # an entry written before errors were kept per chunk


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return text if type(exc).__name__ == "ExtractionError" else f"{type(exc).__name__}: {text}"


def consumer_gave_up(payload: dict[str, Any], reason: str) -> None:
    page_ids = [int(i) for i in payload.get("page_ids", [])]
    _set_error(
        int(payload.get("document_id") or 0),
        _error_key(str(payload.get("consumer", "?")), page_ids),
        f"{reason} — reprocess the document to try again.",
    )


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
