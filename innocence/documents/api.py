"""REST endpoints for documents: upload, list, detail, record edits, pages' text.
Same selectors (access rule) and services (audit) as the web UI."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from innocence.cases.selectors import case_get_for_user
from innocence.core.access import can_edit_case

from . import selectors, services
from .models import DocType, Document, Page, Provenance

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    case: str | None
    title: str
    file_name: str
    sha256: str
    size: int
    doc_type: str
    doc_type_suggested: str
    doc_date: dt.date | None
    #: "page" (read from doc_date_page, verbatim doc_date_quote), "metadata", "hand", or "" (not recorded)
    doc_date_source: str
    doc_date_page: int | None
    doc_date_quote: str
    provenance: str
    bates_start: str
    bates_end: str
    privileged: bool
    tags: list[str]
    status: str
    error: str
    notice: str
    page_count: int
    pages_done: int
    parent: int | None
    batch: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_case(obj: Document) -> str | None:
        return obj.case.reference if obj.case_id and obj.case else None

    @staticmethod
    def resolve_file_name(obj: Document) -> str:
        return obj.uploaded_name

    @staticmethod
    def resolve_sha256(obj: Document) -> str:
        return obj.stored_file.sha256

    @staticmethod
    def resolve_size(obj: Document) -> int:
        return obj.stored_file.size

    @staticmethod
    def resolve_parent(obj: Document) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_batch(obj: Document) -> int | None:
        return obj.batch_id


class DocumentUpdateIn(Schema):
    title: str | None = None
    doc_type: str | None = None
    doc_date: dt.date | None = None
    provenance: str | None = None
    bates_start: str | None = None
    bates_end: str | None = None
    privileged: bool | None = None
    tags: list[str] | None = None


class PageOut(Schema):
    number: int
    text: str
    text_source: str
    ocr_confidence: float | None
    text_version: int


class UploadResultOut(Schema):
    file: str
    document: int
    duplicate: bool
    message: str
    status: str
    provenance: str = ""
    doc_type: str = ""


class UploadOut(Schema):
    batch: int
    files: list[UploadResultOut]


class BatchOut(Schema):
    id: int
    total: int
    counts: dict[str, int]
    pages: int
    pages_done: int


class ReprocessIn(Schema):
    force_ocr: bool = False


def _documents(request: HttpRequest) -> QuerySet[Document]:
    return selectors.documents_visible_to(request.user).select_related("case", "stored_file")


@router.post(
    "/cases/{reference}/documents",
    response={201: UploadOut},
    summary="Add files (multipart 'files') to a case",
    description="`provenance` and `doc_type` are the defaults for every file; `manifest` (JSON text, "
    '`{"name.pdf": {"provenance": "police_file", "type": "transcript"}}`, or CSV with the columns '
    "file, provenance, type) sets them per file by file name. A bad manifest, or one naming a file "
    "not sent, refuses the upload before any file is stored.",
)
def document_upload(
    request: HttpRequest,
    reference: str,
    files: File[list[UploadedFile]],
    provenance: Form[str] = "",
    doc_type: Form[str] = "",
    manifest: Form[str] = "",
) -> Status[dict[str, Any]]:
    case = case_get_for_user(request.user, reference)
    if not can_edit_case(request.user, case):
        raise PermissionDenied("You may not add documents to this case.")
    default_provenance = services.choice_value(provenance, Provenance, "provenance")
    default_type = services.choice_value(doc_type, DocType, "document type")
    per_file = services.parse_manifest(manifest)
    unmatched = services.manifest_unmatched(per_file, [f.name or "unnamed" for f in files])
    if unmatched:
        raise ValidationError(
            f"The manifest names file(s) not in this upload: {', '.join(unmatched[:5])}. Nothing was added."
        )
    batch = services.batch_create(
        actor=request.user, organization=case.organization, case=case, channel="api"
    )
    results = []
    for uploaded in files:
        values = services.manifest_lookup(per_file, uploaded.name or "unnamed") or services.FileValues()
        result = services.add_file(
            actor=request.user,
            organization=case.organization,
            case=case,
            name=uploaded.name or "unnamed",
            stream=uploaded,
            batch=batch,
            provenance=values.provenance or default_provenance,
            doc_type=values.doc_type or default_type,
        )
        results.append(
            {
                "file": uploaded.name or "unnamed",
                "document": result.document.pk,
                "duplicate": result.duplicate,
                "message": result.message,
                "status": result.document.status,
                "provenance": result.document.provenance,
                "doc_type": result.document.doc_type,
            }
        )
    return Status(201, {"batch": batch.pk, "files": results})


@router.get("/cases/{reference}/documents", response=list[DocumentOut], summary="A case's documents")
@paginate(PageNumberPagination, page_size=50)
def document_list(request: HttpRequest, reference: str, status: str = "") -> QuerySet[Document]:
    case = case_get_for_user(request.user, reference)
    documents = _documents(request).filter(case=case).order_by("id")
    return documents.filter(status=status) if status else documents


@router.get("/documents/{document_id}", response=DocumentOut, summary="One document's record and status")
def document_detail(request: HttpRequest, document_id: int) -> Document:
    document = selectors.document_get_for_user(request.user, document_id)
    services.record_view(actor=request.user, document=document)
    return document


@router.patch("/documents/{document_id}", response=DocumentOut, summary="Edit a document's record")
def document_update(request: HttpRequest, document_id: int, payload: DocumentUpdateIn) -> Document:
    document = selectors.document_get_for_user(request.user, document_id)
    data = payload.model_dump(exclude_unset=True)
    for key in ("provenance", "bates_start", "bates_end"):
        if key in data and data[key] is None:
            data[key] = ""
    return services.document_update(actor=request.user, document=document, **data)


@router.delete(
    "/documents/{document_id}",
    response={204: None},
    summary="Delete a document (and what came out of it); ?reason= is required and audited",
)
def document_delete(request: HttpRequest, document_id: int, reason: str = "") -> Status[None]:
    document = selectors.document_get_for_user(request.user, document_id)
    services.document_delete(actor=request.user, document=document, reason=reason)
    return Status(204, None)


@router.post("/documents/{document_id}/reprocess", response=DocumentOut, summary="Process again / force OCR")
def document_reprocess(request: HttpRequest, document_id: int, payload: ReprocessIn) -> Document:
    document = selectors.document_get_for_user(request.user, document_id)
    return services.request_reprocess(actor=request.user, document=document, force_ocr=payload.force_ocr)


@router.get("/documents/{document_id}/pages", response=list[PageOut], summary="The text of every page")
@paginate(PageNumberPagination, page_size=100)
def document_pages(request: HttpRequest, document_id: int) -> QuerySet[Page]:
    document = selectors.document_get_for_user(request.user, document_id)
    services.record_view(actor=request.user, document=document)
    return document.pages.order_by("number")


@router.get("/documents/{document_id}/pages/{number}", response=PageOut, summary="One page's text")
def document_page(request: HttpRequest, document_id: int, number: int) -> Page:
    page = selectors.page_get_for_user(request.user, document_id, number)
    services.record_view(actor=request.user, document=page.document, page=number)
    return page


@router.get("/document-batches/{batch_id}", response=BatchOut, summary="Progress of an upload batch")
def batch_progress(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    batch = selectors.batches_visible_to(request.user).filter(pk=batch_id).first()
    if batch is None:
        raise Http404("No such batch.")
    counts = selectors.batch_progress(batch)
    return {
        "id": batch.pk,
        "total": counts.pop("total"),
        "pages": counts.pop("pages"),
        "pages_done": counts.pop("pages_done"),
        "counts": counts,
    }
