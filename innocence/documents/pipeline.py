"""The background steps that turn an original into pages. Every step is idempotent: it can
be killed at any point and run again, and the document ends the same (no lost, duplicated
or half-written pages; hand corrections always survive).

    documents.process      sniff → ingestor → pages written in one transaction → children
                           queued → OCR chunks queued (or finalize)
    documents.ocr_pages    OCR a few pages; each page's text written in its own transaction
                           → finalize when no page is pending any more
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import classify, storage
from .ingestors.base import ExtractedPage, IngestError
from .ingestors.ocr import assemble_searchable_pdf, ocr_image, page_image
from .ingestors.registry import choose
from .ingestors.sniff import extension_lies, sniff
from .models import Document, DocumentStatus, Page, TextSource

log = logging.getLogger(__name__)

RENDER_BY_INGESTOR = {"pdf": "pdf", "image": "image"}


def render_mode(document: Document) -> str:
    return RENDER_BY_INGESTOR.get(document.ingestor, "")


def _slow_for_tests() -> float:
    # Lets the crash-safety test kill a worker in the middle of a document.
    return float(os.environ.get("INNOCENCE_TEST_SECONDS_PER_PAGE", "0") or 0)


def depth_of(document: Document) -> int:
    depth = 0
    parent_id = document.parent_id
    while parent_id is not None and depth < 50:
        depth += 1
        parent_id = Document.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return depth


def _fail(document_id: int, reason: str, status: str = DocumentStatus.FAILED) -> None:
    Document.objects.filter(pk=document_id).update(
        status=status, error=reason, processed_at=timezone.now(), updated_at=timezone.now()
    )


def give_up(payload: dict[str, Any], reason: str) -> None:
    """Called by the queue when a step failed for the last time."""
    _fail(int(payload["document_id"]), f"Processing stopped: {reason}")


@transaction.atomic
def write_pages(document: Document, pages: list[ExtractedPage], ocr_numbers: set[int]) -> list[int]:
    """Replace the document's pages with these, in one transaction. Corrected pages keep
    their corrected text. Returns the ids of pages that no longer exist (the file now has
    fewer pages), so that the consumers can forget them."""
    existing = {page.number: page for page in document.pages.all()}
    gone = [page.pk for number, page in existing.items() if number > len(pages)]
    document.pages.filter(number__gt=len(pages)).delete()
    to_create: list[Page] = []
    to_update: list[Page] = []
    for extracted in pages:
        pending = extracted.number in ocr_numbers
        page = existing.get(extracted.number)
        if page is None:
            to_create.append(
                Page(
                    document=document,
                    number=extracted.number,
                    text=extracted.text,
                    text_source=extracted.source,
                    ocr_pending=pending,
                    width=extracted.width,
                    height=extracted.height,
                )
            )
            continue
        if page.text_source == TextSource.CORRECTED:
            page.ocr_pending = False
        else:
            page.text = extracted.text
            page.text_source = extracted.source
            page.ocr_confidence = None
            page.ocr_pending = pending
        page.width, page.height = extracted.width, extracted.height
        to_update.append(page)
    Page.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Page.objects.bulk_update(
            to_update,
            ["text", "text_source", "ocr_confidence", "ocr_pending", "width", "height"],
            batch_size=500,
        )
    return gone


def process(payload: dict[str, Any]) -> None:
    document_id = int(payload["document_id"])
    document = Document.objects.select_related("stored_file", "organization").filter(pk=document_id).first()
    if document is None:
        return
    Document.objects.filter(pk=document_id).update(status=DocumentStatus.PROCESSING, error="", pages_done=0)
    stored = document.stored_file
    notes: list[str] = []
    with storage.local_copy(stored.storage_path) as path:
        sniffed = sniff(path, stored.original_name)
        lie = extension_lies(sniffed)
        if lie:
            notes.append(lie)
        try:
            ingestor = choose(sniffed)
            extraction = ingestor.extract(path, sniffed, depth=depth_of(document))
        except IngestError as exc:
            Document.objects.filter(pk=document_id).update(notice=" ".join(notes))
            _fail(document_id, exc.reason, exc.status)
            return
        notes.extend(extraction.notes)
        render = RENDER_BY_INGESTOR.get(ingestor.name, "")
        force = document.force_ocr and bool(render)
        ocr_numbers = {p.number for p in extraction.pages if p.needs_ocr or (force and render)}
        slow = _slow_for_tests()
        if slow:
            for _ in extraction.pages:
                time.sleep(slow)
        first_text = "\n".join(p.text for p in extraction.pages[:3])
        with transaction.atomic():
            gone = write_pages(document, extraction.pages, ocr_numbers)
            suggestion = classify.suggest_type(first_text, title=extraction.title or document.title)
            updates: dict[str, Any] = {
                "ingestor": ingestor.name,
                "page_count": len(extraction.pages),
                "pages_done": len(extraction.pages) - len(ocr_numbers),
                "notice": " ".join(notes),
                "doc_type_suggested": suggestion,
            }
            if suggestion and document.doc_type == "other":
                updates["doc_type"] = suggestion
            if not document.doc_date:
                date = classify.parse_date(extraction.date_text)
                if date:
                    updates["doc_date"] = date
            Document.objects.filter(pk=document_id).update(**updates)
            numbers = sorted(ocr_numbers)
            size = max(1, int(getattr(settings, "INNOCENCE_OCR_PAGES_PER_JOB", 4)))
            from innocence.jobs.queue import enqueue

            for start in range(0, len(numbers), size):
                enqueue(
                    "documents.ocr_pages",
                    {"document_id": document_id, "pages": numbers[start : start + size]},
                )
        if gone:
            notify_consumers(document_id, gone)  # they see the ids are gone and drop them
        for child in extraction.children:
            try:
                _add_child(document, child.name, child.path)
            finally:
                child.path.unlink(missing_ok=True)
    if not ocr_numbers:
        finalize(document_id)


def _add_child(parent: Document, name: str, path: Any) -> None:
    from .services import add_file

    with path.open("rb") as stream:
        add_file(
            actor=parent.created_by,
            organization=parent.organization,
            case=parent.case,
            name=name,
            stream=stream,
            batch=parent.batch,
            provenance=parent.provenance,
            parent=parent,
            check_permission=False,
        )


def ocr_pages(payload: dict[str, Any]) -> None:
    document_id = int(payload["document_id"])
    document = Document.objects.select_related("stored_file").filter(pk=document_id).first()
    if document is None:
        return
    render = render_mode(document)
    wanted = [int(n) for n in payload.get("pages", [])]
    pending = list(document.pages.filter(number__in=wanted, ocr_pending=True).order_by("number"))
    sha = document.stored_file.sha256
    failures: list[str] = []
    if pending:
        with storage.local_copy(document.stored_file.storage_path) as path:
            for page in pending:
                try:
                    image = page_image(path, render, page.number)
                    result = ocr_image(image)
                except IngestError as exc:
                    if not exc.permanent:
                        raise
                    failures.append(f"page {page.number}: {exc.reason}")
                    with transaction.atomic():
                        Page.objects.filter(pk=page.pk).update(ocr_pending=False)
                        Document.objects.filter(pk=document_id).update(pages_done=F("pages_done") + 1)
                    continue
                storage.save_derived(sha, f"ocr/page-{page.number:05d}.pdf", result.pdf)
                with transaction.atomic():
                    changed = (
                        Page.objects.filter(pk=page.pk, ocr_pending=True)
                        .exclude(text_source=TextSource.CORRECTED)
                        .update(
                            text=result.text,
                            text_source=TextSource.OCR if result.text.strip() else TextSource.NONE,
                            ocr_confidence=result.confidence,
                            ocr_pending=False,
                            updated_at=timezone.now(),
                        )
                    )
                    if not changed:
                        Page.objects.filter(pk=page.pk).update(ocr_pending=False)
                    Document.objects.filter(pk=document_id).update(pages_done=F("pages_done") + 1)
    if failures:
        with transaction.atomic():
            current = Document.objects.select_for_update().get(pk=document_id)
            current.notice = (current.notice + " OCR failed on " + "; ".join(failures)).strip()
            current.save(update_fields=["notice"])
    finalize(document_id)


def finalize(document_id: int) -> None:
    """Mark the document done once no page waits for OCR; build its searchable PDF; tell
    the page-text consumers. Safe to call many times."""
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("stored_file").get(pk=document_id)
        if document.pages.filter(ocr_pending=True).exists():
            return
        if document.status in (DocumentStatus.DONE, DocumentStatus.FAILED, DocumentStatus.UNSUPPORTED):
            return
    ocr_numbers = list(document.pages.filter(text_source=TextSource.OCR).values_list("number", flat=True))
    searchable = ""
    if ocr_numbers and render_mode(document):
        searchable = _build_searchable_pdf(document, ocr_numbers)
    with transaction.atomic():
        updated = Document.objects.filter(pk=document_id, status=DocumentStatus.PROCESSING).update(
            status=DocumentStatus.DONE,
            processed_at=timezone.now(),
            pages_done=document.page_count,
            searchable_pdf_path=searchable,
        )
    if updated:
        page_ids = list(document.pages.order_by("number").values_list("pk", flat=True))
        notify_consumers(document_id, page_ids)


def _build_searchable_pdf(document: Document, ocr_numbers: list[int]) -> str:
    sha = document.stored_file.sha256
    page_pdfs: dict[int, bytes] = {}
    for number in ocr_numbers:
        path = storage.derived_path(sha, f"ocr/page-{number:05d}.pdf")
        if storage.exists(path):
            with storage.open_file(path) as fh:
                page_pdfs[number] = fh.read()
    if not page_pdfs:
        return ""
    try:
        with storage.local_copy(document.stored_file.storage_path) as original:
            data = assemble_searchable_pdf(
                original if document.ingestor == "pdf" else None, page_pdfs, document.page_count
            )
    except Exception as exc:  # the derivative is a convenience; the pages are what matter
        log.warning("searchable PDF of document %s not built: %s", document.pk, exc)
        return ""
    return storage.save_derived(sha, "searchable.pdf", data)


# --- page-text consumers (search index, people extraction, …) --------------------------


def _load_consumer(dotted: str) -> Callable[[list[int]], Any] | None:
    module_name, _, func = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None  # not installed yet
        raise
    return getattr(module, func, None)


def notify_consumers(document_id: int, page_ids: list[int]) -> dict[str, str]:
    """Call every consumer in settings.INNOCENCE_PAGE_TEXT_CONSUMERS with the page ids. A
    failing consumer is recorded on the document; the pages stay."""
    errors: dict[str, str] = {}
    for dotted in getattr(settings, "INNOCENCE_PAGE_TEXT_CONSUMERS", []):
        try:
            consumer = _load_consumer(dotted)
            if consumer is None:
                continue
            for start in range(0, len(page_ids), 2000):
                consumer(page_ids[start : start + 2000])
        except Exception as exc:
            log.exception("page-text consumer %s failed for document %s", dotted, document_id)
            errors[dotted] = f"{type(exc).__name__}: {exc}"[:500]
    Document.objects.filter(pk=document_id).update(consumer_errors=errors)
    return errors
