"""``documents.ocr_pages`` and finalize: OCR a few pages at a time, each page's text in its
own transaction (its searchable one-page PDF and its word boxes saved beside the original);
when no page is pending any more, build the searchable PDF, mark the document done and raise
the "page text changed" event for all its pages."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from innocence.jobs import progress

from .. import storage
from ..ingestors.base import IngestError
from ..ingestors.ocr import assemble_searchable_pdf, ocr_image, page_image
from ..ingestors.registry import BY_NAME
from ..models import Document, DocumentStatus, Page, TextSource
from ..page_words import words_name
from .events import page_text_changed

log = logging.getLogger(__name__)


#: A notice names this many failed pages; beyond them it only counts.
NOTICE_EXAMPLES = 5
_OCR_FAILED = re.compile(r" ?OCR failed on (\d+) page\(s\)(?:, e\.g\.)?: (.*?)(?: …)?$", re.S)


def add_ocr_failures(notice: str, failures: list[str]) -> str:
    """The document's notice with these OCR failures added, bounded: a count and the first
    few, never a list that grows with every job (a 100,000-page file once grew it to 2.76 MB)."""
    count, examples, head = 0, [], notice
    match = _OCR_FAILED.search(notice)
    if match:
        head = notice[: match.start()]
        count = int(match.group(1))
        examples = [e for e in match.group(2).split("; ") if e]
    count += len(failures)
    examples = (examples + failures)[:NOTICE_EXAMPLES]
    more = " …" if count > len(examples) else ""
    return f"{head.strip()} OCR failed on {count} page(s), e.g.: {'; '.join(examples)}{more}".strip()


def render_mode(document: Document) -> str:
    """How this document's pages become images: the ingestor that read it says so."""
    ingestor = BY_NAME.get(document.ingestor)
    return ingestor.render if ingestor is not None else ""


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
                    # A PDF page keeps its own image in the searchable PDF: only the text
                    # layer is made here (assemble_searchable_pdf lays it over the page).
                    result = ocr_image(image, text_only=render == "pdf" and not image.info.get("rotation"))
                except IngestError as exc:
                    if not exc.permanent:
                        raise
                    failures.append(f"page {page.number}: {exc.reason}")
                    with transaction.atomic():
                        Page.objects.filter(pk=page.pk).update(ocr_pending=False)
                        Document.objects.filter(pk=document_id).update(pages_done=F("pages_done") + 1)
                        progress.advance(progress.document_key(document_id), current=f"OCR, page {page.number}")
                    continue
                storage.save_derived(sha, f"ocr/page-{page.number:05d}.pdf", result.pdf)
                # The word boxes of every engine that read the page, for the viewer's
                # highlights on the image (see documents.page_words).
                storage.save_derived(sha, words_name(page.number), result.words_json())
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
                    progress.advance(progress.document_key(document_id), current=f"OCR, page {page.number}")
    if failures:
        with transaction.atomic():
            current = Document.objects.select_for_update().get(pk=document_id)
            current.notice = add_ocr_failures(current.notice, failures)
            current.save(update_fields=["notice"])
    finalize(document_id)


def finalize(document_id: int, *, ocr_pages: bool = True) -> None:
    """Mark the document done once no page waits for OCR; build its searchable PDF; raise
    the page-text event. Safe to call many times. ``ocr_pages=False``: the caller knows that
    no page waits for OCR or was read by it (a text layer read just now), so neither is
    looked up."""
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("stored_file").get(pk=document_id)
        if ocr_pages and document.pages.filter(ocr_pending=True).exists():
            return
        if document.status in (DocumentStatus.DONE, DocumentStatus.FAILED, DocumentStatus.UNSUPPORTED):
            return
    ocr_numbers = (
        list(document.pages.filter(text_source=TextSource.OCR).values_list("number", flat=True))
        if ocr_pages
        else []
    )
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
            progress.finish(progress.document_key(document_id))
            page_ids = list(document.pages.order_by("number").values_list("pk", flat=True))
            page_text_changed(document_id, page_ids, case_id=document.case_id)


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
                original if render_mode(document) == "pdf" else None, page_pdfs, document.page_count
            )
    except Exception as exc:  # the derivative is a convenience; the pages are what matter
        log.warning("searchable PDF of document %s not built: %s", document.pk, exc)
        return ""
    return storage.save_derived(sha, "searchable.pdf", data)
