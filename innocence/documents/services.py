"""Writes to documents: adding files, editing records, corrections, excerpts. Each is
transactional and audited. Processing itself happens in the background (pipeline.py)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.core import access, audit
from innocence.core.access import can_edit_case
from innocence.core.models import AuditAction, Organization
from innocence.jobs import progress
from innocence.jobs.queue import enqueue

from . import quote_alignment, storage
from .ingestors.sniff import sniff
from .models import (
    DateSource,
    DocType,
    Document,
    DocumentStatus,
    Excerpt,
    Page,
    PageCorrection,
    PageTextVersion,
    Provenance,
    StoredFile,
    TextSource,
    UploadBatch,
)

log = logging.getLogger(__name__)


@dataclass
class AddResult:
    document: Document
    duplicate: bool = False
    message: str = ""


def max_upload_bytes() -> int:
    return int(getattr(settings, "MAX_UPLOAD_BYTES", 512 * 1024 * 1024))


def can_add_documents(user: Any, *, organization: Organization, case: Case | None) -> bool:
    if case is not None:
        return can_edit_case(user, case)
    return access.can_handle_caseless_documents(user, organization)


def can_edit_document(user: Any, document: Document) -> bool:
    if document.case is not None:
        return can_edit_case(user, document.case)
    return access.can_handle_caseless_documents(user, document.organization_id)


def batch_create(
    *, actor: Any, organization: Organization, case: Case | None, channel: str = ""
) -> UploadBatch:
    from innocence.core import request_context

    return UploadBatch.objects.create(
        organization=organization,
        case=case,
        channel=channel or request_context.current().channel,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _stored_file(*, organization: Organization, spooled: storage.Spooled, name: str) -> tuple[StoredFile, bool]:
    """The organization's stored original of these bytes, and whether it was stored just now."""
    existing = StoredFile.objects.filter(organization=organization, sha256=spooled.sha256).first()
    if existing is not None:
        return existing, False
    path = storage.save_original(spooled)
    mime = sniff(spooled.path, name).mime
    try:
        with transaction.atomic():
            return StoredFile.objects.create(
                organization=organization,
                sha256=spooled.sha256,
                size=spooled.size,
                mime_type=mime,
                original_name=name[:500],
                storage_path=path,
            ), True
    except IntegrityError:  # added at the same moment by someone else
        return StoredFile.objects.get(organization=organization, sha256=spooled.sha256), False


def _title_from(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return (stem.replace("_", " ").strip() or base or "Untitled")[:500]


def add_file(
    *,
    actor: Any,
    organization: Organization,
    case: Case | None,
    name: str,
    stream: IO[bytes],
    batch: UploadBatch | None = None,
    provenance: str = "",
    doc_type: str = "",
    parent: Document | None = None,
    check_permission: bool = True,
) -> AddResult:
    """Keep an original and file it as a document to be processed in the background.

    The same bytes added to the same case again give back the existing document (and say
    so); added to another case, they link the same stored original."""
    if case is not None and case.organization_id != organization.pk:
        raise ValidationError("The case belongs to another organization.")
    if check_permission and not can_add_documents(actor, organization=organization, case=case):
        raise PermissionDenied("You may not add documents here.")
    if provenance and provenance not in Provenance.values:
        raise ValidationError(f"Unknown provenance {provenance!r}.")
    if doc_type and doc_type not in DocType.values:
        raise ValidationError(f"Unknown document type {doc_type!r}.")
    name = (name or "unnamed").replace("\\", "/").rsplit("/", 1)[-1][:500] or "unnamed"
    with storage.spool(stream) as spooled:
        stored, new = _stored_file(organization=organization, spooled=spooled, name=name)
    # Bytes stored just now belong to no document yet: no copy to find here or elsewhere
    # (the two lookups, one through every case the uploader sees, were a fifth of a small
    # file's ingest).
    same = Document.objects.filter(organization=organization, stored_file=stored)
    same = same.filter(case=case) if case is not None else same.filter(case__isnull=True)
    if parent is not None:
        same = same.filter(parent=parent)
    existing = None if new else same.order_by("id").first()
    if existing is not None:
        where = f"in {case.reference}" if case is not None else "among the unfiled documents"
        return AddResult(
            existing,
            duplicate=True,
            message=f"{name}: the same file is already {where} as “{existing.title}” "
            f"(added {existing.created_at:%Y-%m-%d}); it was not added again.",
        )
    # Storage is shared silently; the uploader hears only of copies in cases they may see.
    elsewhere = (
        Document.objects.filter(stored_file=stored, case__in=cases_visible_to(actor))
        .exclude(case=case)
        .select_related("case")
        .first()
        if getattr(actor, "is_authenticated", False) and not new
        else None
    )
    with transaction.atomic():
        document = Document.objects.create(
            organization=organization,
            case=case,
            stored_file=stored,
            parent=parent,
            batch=batch,
            title=_title_from(name),
            file_name=name,
            provenance=provenance,
            # Chosen by the uploader: the classifier's proposal goes to doc_type_suggested only.
            doc_type=doc_type or DocType.OTHER,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if spooled.size == 0:
            document.status = DocumentStatus.FAILED
            document.error = "The file is empty (0 bytes). It was kept, but there is nothing to read."
            document.save(update_fields=["status", "error"])
        elif spooled.size > max_upload_bytes():
            document.status = DocumentStatus.FAILED
            document.error = (
                f"The file is {spooled.size / 1e6:,.0f} MB, over the limit of "
                f"{max_upload_bytes() / 1e6:,.0f} MB (INNOCENCE_MAX_UPLOAD_MB). It was kept but not read."
            )
            document.save(update_fields=["status", "error"])
        else:
            enqueue("documents.process", {"document_id": document.pk})
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            obj=document,
            case=case,
            organization=organization,
            changes={
                "file": name,
                "sha256": stored.sha256,
                "size": stored.size,
                "parent": getattr(parent, "pk", None),
            },
        )
    message = ""
    if elsewhere is not None and elsewhere.case is not None and case is not None:
        message = (
            f"{name}: the same file is also in {elsewhere.case.reference}; the stored original is shared."
        )
    return AddResult(document, duplicate=False, message=message)


# --- per-file values of an upload ----------------------------------------------------------


@dataclass(frozen=True)
class FileValues:
    """What the uploader said of one file: empty means "the batch default"."""

    provenance: str = ""
    doc_type: str = ""


def choice_value(raw: Any, choices: type[DocType] | type[Provenance], what: str) -> str:
    """A provenance or type as written by a person (the code, ``police_file``, or the
    label, ``Police file``) → its code; empty stays empty; anything else is refused in words."""
    text = " ".join(str(raw or "").split())
    if not text:
        return ""
    for value, label in choices.choices:
        if text.lower() in (str(value).lower(), str(label).lower()):
            return str(value)
    known = ", ".join(str(v) for v in choices.values)
    raise ValidationError(f"Unknown {what} {text!r}; use one of: {known}.")


def parse_manifest(text: str, *, name: str = "manifest") -> dict[str, FileValues]:
    """A manifest of per-file values → {file name: FileValues}.

    JSON: ``{"file.pdf": {"provenance": "police_file", "type": "transcript"}}`` or a list of
    ``{"file": ..., "provenance": ..., "type": ...}``. CSV: a header row with ``file`` and
    any of ``provenance``, ``type`` (or ``doc_type``). Values are codes or labels. A bad row
    refuses the whole manifest, naming the row, before any file is stored."""
    import csv
    import io
    import json

    text = (text or "").lstrip("\ufeff")
    rows: list[tuple[str, dict[str, Any]]] = []
    stripped = text.strip()
    if not stripped:
        return {}
    if stripped[0] in "[{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{name}: not valid JSON ({exc.msg}, line {exc.lineno}).") from None
        if isinstance(data, dict):
            for key, value in data.items():
                if not isinstance(value, dict):
                    raise ValidationError(f"{name}: the entry for {key!r} must be an object with provenance and/or type.")
                rows.append((str(key), value))
        elif isinstance(data, list):
            for index, value in enumerate(data, start=1):
                if not isinstance(value, dict) or not str(value.get("file") or "").strip():
                    raise ValidationError(f"{name}: entry {index} needs a \"file\".")
                rows.append((str(value["file"]), value))
        else:
            raise ValidationError(f"{name}: expected an object or a list of objects.")
        where = "entry"
    else:
        try:
            reader = csv.DictReader(io.StringIO(text))
            headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
            if "file" not in headers:
                raise ValidationError(f"{name}: the CSV needs a header row with a 'file' column (and provenance, type).")
            reader.fieldnames = headers
            for row in reader:
                rows.append((str(row.get("file") or ""), row))
        except csv.Error as exc:
            raise ValidationError(f"{name}: not a CSV this reads (line {reader.line_num}: {exc}).") from None
        where = "row"
    found: dict[str, FileValues] = {}
    for index, (file_name, row) in enumerate(rows, start=1):
        file_name = file_name.strip().replace("\\", "/")
        if not file_name:
            raise ValidationError(f"{name}: {where} {index} has no file name.")
        unknown = {k for k in row if k} - {"file", "provenance", "type", "doc_type"}
        if unknown:
            raise ValidationError(f"{name}: {where} {index} ({file_name}) has unknown field(s) {', '.join(sorted(unknown))}.")
        try:
            values = FileValues(
                provenance=choice_value(row.get("provenance"), Provenance, "provenance"),
                doc_type=choice_value(row.get("type") or row.get("doc_type"), DocType, "document type"),
            )
        except ValidationError as exc:
            raise ValidationError(f"{name}: {where} {index} ({file_name}): {' '.join(exc.messages)}") from None
        if file_name in found:
            raise ValidationError(f"{name}: {file_name} is listed twice.")
        found[file_name] = values
    return found


def manifest_lookup(manifest: dict[str, FileValues], name: str) -> FileValues | None:
    """The manifest's entry for a file: by its relative path, else by its base name."""
    name = (name or "").replace("\\", "/")
    if name in manifest:
        return manifest[name]
    return manifest.get(name.rsplit("/", 1)[-1])


def manifest_unmatched(manifest: dict[str, FileValues], names: list[str]) -> list[str]:
    """Manifest entries that name none of the files (a typo would otherwise silently leave
    the batch default on the file meant)."""
    seen = set()
    for raw in names:
        raw = raw.replace("\\", "/")
        seen.add(raw)
        seen.add(raw.rsplit("/", 1)[-1])
    return sorted(k for k in manifest if k not in seen)


EDITABLE = ("title", "doc_type", "doc_date", "provenance", "bates_start", "bates_end", "privileged", "tags")


def clean_tags(tags: Any) -> list[str]:
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: list[str] = []
    for tag in tags or []:
        tag = str(tag).strip()[:60]
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def document_update(*, actor: Any, document: Document, **fields: Any) -> Document:
    if not can_edit_document(actor, document):
        raise PermissionDenied("You may not change this document.")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    if "doc_type" in fields and fields["doc_type"] not in DocType.values:
        raise ValidationError({"doc_type": "Unknown document type."})
    if fields.get("provenance") and fields["provenance"] not in Provenance.values:
        raise ValidationError({"provenance": "Unknown provenance."})
    if "tags" in fields:
        fields["tags"] = clean_tags(fields["tags"])
    if "title" in fields and not str(fields["title"]).strip():
        raise ValidationError({"title": "A title is required."})
    if isinstance(fields.get("doc_date"), str):
        fields["doc_date"] = dt.date.fromisoformat(fields["doc_date"]) if fields["doc_date"] else None
    if "doc_date" in fields and fields["doc_date"] != document.doc_date:
        # A person set the date: it is theirs now, and no header read replaces it.
        fields.update(doc_date_source=DateSource.HAND, doc_date_page=None, doc_date_quote="")
    with transaction.atomic():
        before = audit.snapshot(document, list(fields))
        for key, value in fields.items():
            setattr(document, key, value)
        document.full_clean(exclude=["stored_file", "organization", "case", "parent", "batch", "created_by"])
        document.save(update_fields=[*fields, "updated_at"])
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            obj=document,
            case=document.case,
            changes=audit.diff(before, audit.snapshot(document, list(fields))),
        )
    return document


def document_date_from_page(
    *, document: Document, date: dt.date | None, page_number: int, quote: str
) -> bool:
    """The date a document states on its page (read by the page-text consumer
    ``timeline.document_date``), kept with the page and the verbatim passage. It fills an empty
    date or replaces one from the file's metadata or an earlier reading of the page; a date
    entered by hand (or set before dates were read) stays. ``date=None``: the page states none
    (any longer), and a date read from it earlier is cleared — "not recorded", not a guess.
    Audited as the system. Returns whether the record changed."""
    with transaction.atomic():
        current = Document.objects.select_for_update().filter(pk=document.pk).first()
        if current is None:
            return False
        source = current.doc_date_source
        if date is None:
            if source != DateSource.PAGE:
                return False
            values: dict[str, Any] = {
                "doc_date": None, "doc_date_source": DateSource.NOT_RECORDED, "doc_date_page": None, "doc_date_quote": "",
            }
        else:
            if source == DateSource.HAND or (current.doc_date is not None and source == DateSource.NOT_RECORDED):
                return False
            values = {
                "doc_date": date, "doc_date_source": DateSource.PAGE, "doc_date_page": page_number,
                "doc_date_quote": quote[:300],
            }
        if all(getattr(current, k) == v for k, v in values.items()):
            return False
        before = audit.snapshot(current, list(values))
        Document.objects.filter(pk=current.pk).update(**values)
        for key, value in values.items():
            setattr(current, key, value)
        audit.record(
            AuditAction.UPDATE,
            actor=None,
            obj=current,
            case=current.case,
            organization=current.organization,
            changes=audit.diff(before, audit.snapshot(current, list(values))),
        )
    return True


def documents_reprocess(*, actor: Any, case: Case, documents: list[Document]) -> int:
    """Process these documents of a case again, each as its Process again button does
    (audited one by one). Duplicates and unsupported files are left as they are. Returns how
    many were queued."""
    if not can_edit_case(actor, case):
        raise PermissionDenied("You may not change documents of this case.")
    queued = 0
    for document in documents:
        if document.case_id != case.pk or document.status in (DocumentStatus.DUPLICATE, DocumentStatus.UNSUPPORTED):
            continue
        request_reprocess(actor=actor, document=document)
        queued += 1
    return queued


def request_reprocess(*, actor: Any, document: Document, force_ocr: bool = False) -> Document:
    """Process the document again (idempotent); with `force_ocr`, OCR every page even where
    it has a text layer. Hand corrections are kept."""
    if not can_edit_document(actor, document):
        raise PermissionDenied("You may not change this document.")
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(
            force_ocr=force_ocr or document.force_ocr, status=DocumentStatus.QUEUED, error="", pages_done=0
        )
        enqueue("documents.process", {"document_id": document.pk}, priority=1)
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            obj=document,
            case=document.case,
            changes={"reprocess": True, "force_ocr": force_ocr},
        )
    document.refresh_from_db()
    return document


#: Pages re-OCR reads again: machine text from OCR, or none. A text layer is the file's own
#: text and a hand correction always wins, so neither is replaced.
REOCR_SOURCES = (TextSource.OCR, TextSource.NONE)


def document_reocr(*, actor: Any, document: Document) -> int:
    """OCR the document's scanned pages again with the current set-up (settings
    INNOCENCE_OCR_ENGINE, INNOCENCE_OCR_HYBRID_THRESHOLD), on the queue. Hand-corrected pages
    and text-layer pages are left alone; the text each re-read page had is kept as a
    PageTextVersion before anything is replaced. When the last page is read, the document's
    searchable PDF is rebuilt and the page-text-changed event re-indexes and re-extracts it.
    Progress shows as pages_done of page_count. Returns the number of pages queued."""
    from .pipeline import render_mode

    if not can_edit_document(actor, document):
        raise PermissionDenied("You may not change this document.")
    if not render_mode(document):
        raise ValidationError("This document has no page images to OCR (it is a text format).")
    engine = str(getattr(settings, "INNOCENCE_OCR_ENGINE", "hybrid"))
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.status in (DocumentStatus.QUEUED, DocumentStatus.PROCESSING):
            raise ValidationError("This document is being processed; re-OCR it when it is done.")
        pages = list(current.pages.filter(text_source__in=REOCR_SOURCES).order_by("number"))
        if not pages:
            raise ValidationError("No page of this document needs OCR (every page has a text layer or a correction).")
        PageTextVersion.objects.bulk_create(
            [
                PageTextVersion(
                    page=page,
                    text=page.text,
                    text_source=page.text_source,
                    ocr_confidence=page.ocr_confidence,
                    reason=f"re-OCR ({engine})",
                )
                for page in pages
                if page.text.strip()
            ]
        )
        # The text will change: offsets of excerpts refer to the version they were made on.
        Page.objects.filter(pk__in=[p.pk for p in pages]).update(
            ocr_pending=True, text_version=F("text_version") + 1
        )
        Document.objects.filter(pk=current.pk).update(
            status=DocumentStatus.PROCESSING, error="", pages_done=current.page_count - len(pages)
        )
        progress.start(
            progress.document_key(current.pk),
            total=current.page_count,
            done=current.page_count - len(pages),
            label=current.title,
            current="OCR again",
        )
        numbers = [p.number for p in pages]
        size = max(1, int(getattr(settings, "INNOCENCE_OCR_PAGES_PER_JOB", 4)))
        for start in range(0, len(numbers), size):
            enqueue("documents.ocr_pages", {"document_id": current.pk, "pages": numbers[start : start + size]})
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            obj=current,
            case=current.case,
            changes={"reocr": True, "pages": len(numbers), "engine": engine},
        )
    return len(pages)


def page_correct(*, actor: Any, page: Page, text: str) -> Page:
    """A hand correction of a page's text: versioned, marked 'corrected', and it wins over
    any later OCR of the page."""
    document = page.document
    if not can_edit_document(actor, document):
        raise PermissionDenied("You may not correct this document.")
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        if text == page.text:
            return page
        version = (page.corrections.aggregate(v=Max("version"))["v"] or 0) + 1
        PageCorrection.objects.create(
            page=page,
            version=version,
            text=text,
            previous_text=page.text,
            previous_source=page.text_source,
            by=actor,
        )
        before = {"text_source": page.text_source, "text_version": page.text_version}
        page.text = text
        page.text_source = TextSource.CORRECTED
        page.text_version += 1
        page.ocr_pending = False
        page.save(update_fields=["text", "text_source", "text_version", "ocr_pending", "updated_at"])
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            obj=page,
            case=document.case,
            organization=document.organization,
            changes={
                "page": page.number,
                "text_source": [before["text_source"], page.text_source],
                "text_version": [before["text_version"], page.text_version],
            },
            object_repr=f"{document.title}, page {page.number}",
        )
    from .pipeline import page_text_changed

    page_text_changed(document.pk, [page.pk])
    return page


def _aligned_quote(quote: str, page: Page) -> quote_alignment.Alignment:
    """The OCR span a quote read off the image lines up with, or a ValidationError in words."""
    if not quote_alignment.long_enough(quote):
        raise ValidationError(
            {
                "quote": "That passage is not in this page's text as written. If you read it off the "
                f"image, quote at least {quote_alignment.MIN_WORDS} words ({quote_alignment.MIN_CHARS} "
                "letters) so that it can be matched to the OCR text."
            }
        )
    alignment = quote_alignment.align_quote(quote, page.text)
    if alignment is None or alignment.similarity < quote_alignment.MIN_SIMILARITY:
        best = f" (the closest passage matches {alignment.similarity:.0%})" if alignment else ""
        raise ValidationError(
            {
                "quote": "That passage is not on this page, not even approximately"
                f"{best}: was the text corrected, or is it on another page?"
            }
        )
    return alignment


def excerpt_create(
    *,
    actor: Any,
    page: Page,
    quote: str,
    start: int | None = None,
    end: int | None = None,
    note: str = "",
    tags: Any = None,
) -> Excerpt:
    """Save a passage. The quote must be on the page; its offsets are checked (or found when
    not given). A quote read off the page image that the OCR text renders differently is
    accepted when it lines up with the text closely enough (:mod:`.quote_alignment`): the
    matched OCR span and its similarity are kept beside the quote."""
    document = page.document
    if document.case is None:
        raise ValidationError("File the document on a case before saving excerpts from it.")
    if not can_edit_case(actor, document.case):
        raise PermissionDenied("You may not add excerpts to this case.")
    quote = (quote or "").strip()
    if not quote:
        raise ValidationError({"quote": "Select some text to save as an excerpt."})
    ocr_text, similarity = "", None
    if start is not None and end is not None and page.text[start:end] == quote:
        pass
    else:
        position = page.text.find(quote)
        if position < 0:
            collapsed = " ".join(quote.split())
            position = " ".join(page.text.split()).find(collapsed)
            if position < 0:
                alignment = _aligned_quote(quote, page)
                start, end = alignment.start, alignment.end
                ocr_text, similarity = alignment.text, alignment.similarity
            else:
                start, end = None, None
        else:
            start, end = position, position + len(quote)
    with transaction.atomic():
        excerpt = Excerpt.objects.create(
            case=document.case,
            document=document,
            page=page,
            quote=quote,
            start_offset=start,
            end_offset=end,
            text_version=page.text_version,
            ocr_text=ocr_text,
            similarity=similarity,
            note=note.strip(),
            tags=clean_tags(tags),
            created_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            obj=excerpt,
            case=document.case,
            changes={
                "document": document.pk,
                "page": page.number,
                "quote": quote[:200],
                **({"ocr_text": ocr_text[:200], "similarity": similarity} if ocr_text else {}),
            },
        )
    return excerpt


def excerpt_delete(*, actor: Any, excerpt: Excerpt) -> None:
    if not can_edit_case(actor, excerpt.case):
        raise PermissionDenied("You may not remove excerpts from this case.")
    with transaction.atomic():
        audit.record(
            AuditAction.DELETE,
            actor=actor,
            obj=excerpt,
            case=excerpt.case,
            changes={"quote": excerpt.quote[:200]},
        )
        excerpt.delete()


def record_view(*, actor: Any, document: Document, page: int | None = None) -> None:
    audit.record(
        AuditAction.VIEW,
        actor=actor,
        obj=document,
        case=document.case,
        organization=document.organization,
        changes={"page": page} if page else {},
    )


# --- deletion ----------------------------------------------------------------------------

def can_delete_document(user: Any, document: Document) -> bool:
    """Admins, and attorneys on the case; for a document on no case yet, admins only."""
    if document.case is not None:
        return access.can_delete_in_case(user, document.case)
    return access.can_administer(user, document.organization_id)


@dataclass
class DeleteResult:
    document_ids: list[int]
    pages: int
    titles: list[str] = field(default_factory=list)


def _with_descendants(document_id: int) -> list[int]:
    ids = [document_id]
    frontier = [document_id]
    while frontier and len(ids) < 100_000:
        frontier = list(Document.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.extend(frontier)
    return ids


def document_delete(*, actor: Any, document: Document, reason: str) -> DeleteResult:
    """Delete a document with its pages, corrections, excerpts and the documents that came
    out of it (an e-mail's attachments, a zip's files). Audited with the reason.

    The original is never destroyed: the StoredFile and its bytes stay in storage (another
    document may link them, and originals are evidence). Findings citing the document keep
    their verbatim quote and the document's title."""
    if not can_delete_document(actor, document):
        raise PermissionDenied("Only admins and attorneys on the case may delete documents.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the document is deleted; the reason is kept in the audit log."}
        )
    with transaction.atomic():
        locked = Document.objects.select_for_update().filter(pk=document.pk).first()
        if locked is None:  # deleted a moment ago (with its parent, or by someone else)
            from .selectors import DocumentNotFound

            raise DocumentNotFound("No such document.")
        document = locked
        ids = _with_descendants(document.pk)
        documents = list(Document.objects.filter(pk__in=ids).select_related("stored_file").order_by("id"))
        pages = Page.objects.filter(document_id__in=ids).count()
        for doc in documents:
            still_linked = (
                Document.objects.filter(stored_file_id=doc.stored_file_id).exclude(pk__in=ids).count()
            )
            changes: dict[str, Any] = {
                "reason": reason[:2000],
                "title": doc.title,
                "file": doc.uploaded_name,
                "sha256": doc.stored_file.sha256,
                "pages": doc.pages.count(),
                "original_kept": True,
                "original_still_linked_by": still_linked,
            }
            if doc.pk == document.pk:
                changes["with_children"] = [d.pk for d in documents if d.pk != document.pk]
            else:
                changes["deleted_with"] = document.pk
            audit.record(
                AuditAction.DELETE,
                actor=actor,
                obj=doc,
                case=document.case,
                organization=document.organization,
                changes=changes,
            )
        page_ids = list(Page.objects.filter(document_id__in=ids).values_list("pk", flat=True))
        Document.objects.filter(pk__in=ids).delete()
        # The pages are gone: every page-text consumer (the search index among them) hears it
        # through the one event and forgets them; documents never calls search itself.
        from .pipeline import page_text_changed

        page_text_changed(document.pk, page_ids)
    return DeleteResult(document_ids=ids, pages=pages, titles=[d.title for d in documents])


# --- bulk actions on a case's documents ----------------------------------------------------

#: The fields a bulk action may set on several documents at once.
BULK_FIELDS = ("provenance", "doc_type")


def documents_bulk_update(*, actor: Any, case: Case, documents: list[Document], **fields: Any) -> int:
    """Set provenance and/or type on several documents of one case: all or nothing, one
    audit row per document (each through :func:`document_update`). Returns how many changed."""
    unknown = set(fields) - set(BULK_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be set in bulk: {', '.join(sorted(unknown))}.")
    if not fields:
        raise ValidationError("Choose what to set.")
    if not documents:
        raise ValidationError("Select at least one document.")
    if not can_edit_case(actor, case):
        raise PermissionDenied("You may not change documents of this case.")
    if any(d.case_id != case.pk for d in documents):
        raise ValidationError("Every selected document must be filed on this case.")
    changed = 0
    with transaction.atomic():
        for document in documents:
            if all(getattr(document, k) == v for k, v in fields.items()):
                continue
            document_update(actor=actor, document=document, **fields)
            changed += 1
    return changed


def documents_bulk_delete(*, actor: Any, case: Case, documents: list[Document], reason: str) -> DeleteResult:
    """Delete several documents of one case, each through :func:`document_delete` (audited
    with the reason; originals kept). All or nothing; a document already gone with its
    parent (an attachment of a selected e-mail) is not an error."""
    from .selectors import DocumentNotFound

    if not documents:
        raise ValidationError("Select at least one document.")
    if any(d.case_id != case.pk for d in documents):
        raise ValidationError("Every selected document must be filed on this case.")
    if not all(can_delete_document(actor, d) for d in documents):
        raise PermissionDenied("Only admins and attorneys on the case may delete documents.")
    total = DeleteResult(document_ids=[], pages=0)
    with transaction.atomic():
        for document in sorted(documents, key=lambda d: (d.parent_id is not None, d.pk)):
            if document.pk in total.document_ids:
                continue
            try:
                result = document_delete(actor=actor, document=document, reason=reason)
            except DocumentNotFound:
                continue
            total.document_ids.extend(result.document_ids)
            total.pages += result.pages
            total.titles.extend(result.titles)
    return total
