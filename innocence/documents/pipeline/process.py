"""``documents.process``: an original becomes pages, as a chain of explicit steps.

    fetch original → sniff → extract (the ingestor) → classify → write pages (one
    transaction, OCR chunks queued with it) → forget removed pages → add children
    (attachments, zip members) → finalize when no page waits for OCR

See :mod:`.steps` for the contract. Every step is idempotent: the job can be killed at
any point and run again, and the document ends the same (no lost, duplicated or
half-written pages; hand corrections always survive).
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from innocence.core.bulk import insert_rows

from .. import classify, storage
from ..ingestors.base import ExtractedPage, IngestError
from ..ingestors.registry import choose
from ..ingestors.sniff import extension_lies, sniff
from ..models import Document, DocumentStatus, Page, TextSource
from .events import page_text_changed
from .ocr import finalize
from .steps import BaseStep, ProcessContext, Step, StopProcessing, run_chain


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


def fail(document_id: int, reason: str, status: str = DocumentStatus.FAILED) -> None:
    from innocence.jobs import progress

    Document.objects.filter(pk=document_id).update(
        status=status, error=reason, processed_at=timezone.now(), updated_at=timezone.now()
    )
    progress.finish(progress.document_key(document_id))


@transaction.atomic
def write_pages(document: Document, pages: list[ExtractedPage], ocr_numbers: set[int]) -> list[int]:
    """Replace the document's pages with these, in one transaction. Corrected pages keep
    their corrected text. Returns the ids of pages that no longer exist (the file now has
    fewer pages), so that the consumers can forget them."""
    existing = {page.number: page for page in document.pages.all()}
    gone = [page.pk for number, page in existing.items() if number > len(pages)]
    if gone:  # (a delete collects what it cascades to first: queries for nothing on a new file)
        document.pages.filter(number__gt=len(pages)).delete()
    to_create: list[tuple[Any, ...]] = []
    to_update: list[Page] = []
    now = timezone.now()
    for extracted in pages:
        pending = extracted.number in ocr_numbers
        page = existing.get(extracted.number)
        if page is None:
            to_create.append(
                (document.pk, extracted.number, extracted.text, extracted.source, None, 1, "", pending,
                 extracted.width, extracted.height, now)
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
    # One executemany (bulk_create prepared each of the eleven values of every page through
    # its field and built a statement per batch): Page's defaults, written out.
    insert_rows(Page, _PAGE_COLUMNS, to_create, batch_size=500)
    if to_update:
        Page.objects.bulk_update(
            to_update,
            ["text", "text_source", "ocr_confidence", "ocr_pending", "width", "height"],
            batch_size=500,
        )
    return gone


#: the columns of a new page, in the order write_pages gives them
_PAGE_COLUMNS = ("document", "number", "text", "text_source", "ocr_confidence", "text_version", "image_path",
                 "ocr_pending", "width", "height", "updated_at")


class FetchOriginal(BaseStep):
    """A local path to the original (a temporary copy when it lives in object storage)."""

    name = "fetch original"

    def run(self, ctx: ProcessContext) -> None:
        stack = contextlib.ExitStack()
        ctx.state["files"] = stack
        ctx.path = stack.enter_context(storage.local_copy(ctx.document.stored_file.storage_path))

    def cleanup(self, ctx: ProcessContext) -> None:
        stack = ctx.state.pop("files", None)
        if stack is not None:
            stack.close()


class Sniff(BaseStep):
    name = "sniff"

    def run(self, ctx: ProcessContext) -> None:
        assert ctx.path is not None
        ctx.sniffed = sniff(ctx.path, ctx.document.stored_file.original_name)
        lie = extension_lies(ctx.sniffed)
        if lie:
            ctx.notes.append(lie)


class Extract(BaseStep):
    """The ingestor chosen by content reads the file into pages (and child files)."""

    name = "extract"

    def run(self, ctx: ProcessContext) -> None:
        assert ctx.path is not None and ctx.sniffed is not None
        try:
            ctx.ingestor = choose(ctx.sniffed)
            ctx.extraction = ctx.ingestor.extract(ctx.path, ctx.sniffed, depth=depth_of(ctx.document))
        except IngestError as exc:
            raise StopProcessing(exc.reason, status=exc.status) from exc
        ctx.notes.extend(ctx.extraction.notes)
        render = ctx.ingestor.render
        force = ctx.document.force_ocr and bool(render)
        ctx.ocr_numbers = {p.number for p in ctx.extraction.pages if p.needs_ocr or force}
        slow = _slow_for_tests()
        if slow:
            for _ in ctx.extraction.pages:
                time.sleep(slow)

    def cleanup(self, ctx: ProcessContext) -> None:
        # Children not yet added (the chain stopped or crashed) must not leave temp files.
        if ctx.extraction is not None:
            for child in ctx.extraction.children:
                child.path.unlink(missing_ok=True)


class Classify(BaseStep):
    """Suggest a document type and read a date from the first pages."""

    name = "classify"

    def run(self, ctx: ProcessContext) -> None:
        assert ctx.extraction is not None
        first_text = "\n".join(p.text for p in ctx.extraction.pages[:3])
        suggestion = classify.suggest_type(first_text, title=ctx.extraction.title or ctx.document.title)
        updates: dict[str, Any] = {"doc_type_suggested": suggestion}
        if suggestion and ctx.document.doc_type == "other":
            updates["doc_type"] = suggestion
        if not ctx.document.doc_date:
            date = classify.parse_date(ctx.extraction.date_text)
            if date:
                # The file's own date (an e-mail's Date header, a Word file's properties):
                # marked as such, and replaced by a date the first page states.
                updates["doc_date"] = date
                updates["doc_date_source"] = "metadata"
        ctx.state["document_updates"] = updates


class WritePages(BaseStep):
    """Pages, the document's new state and its OCR jobs, in one transaction."""

    name = "write pages"

    def run(self, ctx: ProcessContext) -> None:
        from innocence.jobs import progress
        from innocence.jobs.queue import enqueue

        assert ctx.extraction is not None and ctx.ingestor is not None
        document_id = ctx.document.pk
        with transaction.atomic():
            ctx.gone_page_ids = write_pages(ctx.document, ctx.extraction.pages, ctx.ocr_numbers)
            progress.start(
                progress.document_key(document_id),
                total=len(ctx.extraction.pages),
                done=len(ctx.extraction.pages) - len(ctx.ocr_numbers),
                label=ctx.document.title,
                current="OCR" if ctx.ocr_numbers else "reading the text layer",
            )
            Document.objects.filter(pk=document_id).update(
                ingestor=ctx.ingestor.name,
                page_count=len(ctx.extraction.pages),
                pages_done=len(ctx.extraction.pages) - len(ctx.ocr_numbers),
                notice=" ".join(ctx.notes),
                **ctx.state.get("document_updates", {}),
            )
            numbers = sorted(ctx.ocr_numbers)
            size = max(1, int(getattr(settings, "INNOCENCE_OCR_PAGES_PER_JOB", 4)))
            for start in range(0, len(numbers), size):
                enqueue("documents.ocr_pages", {"document_id": document_id, "pages": numbers[start : start + size]})


class ForgetRemovedPages(BaseStep):
    """The file now has fewer pages: the consumers see the ids are gone and drop them."""

    name = "forget removed pages"

    def applies(self, ctx: ProcessContext) -> bool:
        return bool(ctx.gone_page_ids)

    def run(self, ctx: ProcessContext) -> None:
        page_text_changed(ctx.document.pk, ctx.gone_page_ids)


class AddChildren(BaseStep):
    """Attachments and archive members become documents of their own, queued in turn."""

    name = "add children"

    def applies(self, ctx: ProcessContext) -> bool:
        return ctx.extraction is not None and bool(ctx.extraction.children)

    def run(self, ctx: ProcessContext) -> None:
        from ..services import add_file

        assert ctx.extraction is not None
        parent = ctx.document
        for child in ctx.extraction.children:
            try:
                with child.path.open("rb") as stream:
                    add_file(
                        actor=parent.created_by,
                        organization=parent.organization,
                        case=parent.case,
                        name=child.name,
                        stream=stream,
                        batch=parent.batch,
                        provenance=parent.provenance,
                        parent=parent,
                        check_permission=False,
                    )
            finally:
                child.path.unlink(missing_ok=True)


class FinalizeWithoutOcr(BaseStep):
    name = "finalize"

    def applies(self, ctx: ProcessContext) -> bool:
        return not ctx.ocr_numbers

    def run(self, ctx: ProcessContext) -> None:
        # No page of this reading waits for OCR or was read by it (write_pages gave every page
        # the source of this extraction, or kept a correction).
        finalize(ctx.document.pk, ocr_pages=False)


#: The chain, in order. A new kind of processing is a new step here.
STEPS: tuple[Step, ...] = (
    FetchOriginal(),
    Sniff(),
    Extract(),
    Classify(),
    WritePages(),
    ForgetRemovedPages(),
    AddChildren(),
    FinalizeWithoutOcr(),
)


def process(payload: dict[str, Any]) -> None:
    document_id = int(payload["document_id"])
    document = Document.objects.select_related("stored_file", "organization").filter(pk=document_id).first()
    if document is None:
        return
    Document.objects.filter(pk=document_id).update(status=DocumentStatus.PROCESSING, error="", pages_done=0)
    ctx = ProcessContext(document=document)
    stopped = run_chain(STEPS, ctx)
    if stopped is not None:
        Document.objects.filter(pk=document_id).update(notice=" ".join(ctx.notes))
        fail(document_id, stopped.reason, stopped.status)
