"""The documents of a case inside a case archive (see :mod:`innocence.cases.archive`).

Members of the ``documents/`` section:

    documents/documents.json          every document's record, its pages' text (with the
                                      source of that text, OCR confidence and version),
                                      the hand corrections history and the excerpts
    documents/originals/<sha[:2]>/<sha>  the ORIGINAL bytes of each stored file, once
    documents/README.txt              what travels and what does not

Derived files (page images, OCR page PDFs, the searchable PDF) do not travel: they are
rebuilt from the original (page images on first view; the searchable PDF with "Process
again"). Upload batches do not travel either.

On import, originals are checked against their declared sha256 before anything is written
(:func:`validate`), then stored in the target organization — deduplicated by sha256 — and
documents, pages, corrections and excerpts are recreated inside the archive import's single
transaction, which also raises the "page text changed" event for the imported pages (search
index, extraction) through the job queue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as SchemaError

from innocence.cases.archive import ArchiveError, ArchiveReader, ArchiveWriter, ImportContext
from innocence.cases.models import Case

from . import storage
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
)

SECTION = "documents"
INDEX = "documents.json"
README = "README.txt"
SCHEMA_VERSION = 1

README_TEXT = """\
Documents of this case, as exported by Innocence Files.

documents.json      each document's record (type, date, provenance, Bates range,
                    privilege, tags, parent/child links), its pages' text with the
                    source of that text (text layer, OCR, hand correction), OCR
                    confidence and text version, every hand correction, and excerpts.
originals/          the original files exactly as received, one per sha256
                    (originals/<first two hex digits>/<sha256>); each is listed in
                    manifest.json with its checksum.

Derived files (page images, OCR page PDFs, the searchable PDF) are NOT included:
they are rebuilt from the originals after import (page images on first view, the
searchable PDF with "Process again").
"""


def original_member(sha256: str) -> str:
    return f"originals/{sha256[:2]}/{sha256}"


# --- schema --------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoredFileIn(_Strict):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    mime_type: str = Field("", max_length=120)
    original_name: str = Field(min_length=1, max_length=500)


class CorrectionIn(_Strict):
    version: int = Field(ge=1)
    text: str
    previous_text: str = ""
    previous_source: str = ""
    by: str | None = None
    at: dt.datetime | None = None


#: OCR confidence is a mean word confidence, 0–100 (Tesseract's scale); NaN is no confidence.
def _confidence() -> Any:
    return Field(None, ge=0, le=100, allow_inf_nan=False)


class EarlierTextIn(_Strict):
    text: str = ""
    text_source: str = TextSource.OCR
    ocr_confidence: float | None = _confidence()
    replaced_at: dt.datetime | None = None
    reason: str = ""


class PageIn(_Strict):
    id: int
    number: int = Field(ge=1)
    text: str = ""
    text_source: str = TextSource.NONE
    ocr_confidence: float | None = _confidence()
    text_version: int = Field(1, ge=1)
    ocr_pending: bool = False
    width: int | None = None
    height: int | None = None
    corrections: list[CorrectionIn] = []
    earlier_texts: list[EarlierTextIn] = []  # machine text replaced by a re-OCR, oldest first

    @model_validator(mode="after")
    def _check(self) -> PageIn:
        if self.text_source not in TextSource.values:
            raise ValueError(f"unknown text source '{self.text_source}'")
        versions = [c.version for c in self.corrections]
        if len(versions) != len(set(versions)):
            raise ValueError(f"page {self.number}: a correction version appears twice")
        for c in self.corrections:
            if c.previous_source and c.previous_source not in TextSource.values:
                raise ValueError(f"page {self.number}: unknown text source '{c.previous_source}'")
        for e in self.earlier_texts:
            if e.text_source not in TextSource.values:
                raise ValueError(f"page {self.number}: unknown text source '{e.text_source}'")
        return self


class DocumentIn(_Strict):
    id: int
    sha256: str
    parent: int | None = None
    title: str = Field(min_length=1, max_length=500)
    # The name this document was uploaded under; older archives have none (the stored
    # file's name stands in).
    file_name: str = Field("", max_length=500)
    doc_type: str = DocType.OTHER
    doc_type_suggested: str = ""
    doc_date: dt.date | None = None
    doc_date_source: str = ""
    doc_date_page: int | None = Field(None, ge=1)
    doc_date_quote: str = Field("", max_length=300)
    provenance: str = ""
    bates_start: str = Field("", max_length=60)
    bates_end: str = Field("", max_length=60)
    privileged: bool = False
    tags: list[str] = []
    status: str = DocumentStatus.DONE
    error: str = ""
    notice: str = ""
    ingestor: str = Field("", max_length=40)
    page_count: int = Field(0, ge=0)
    force_ocr: bool = False
    created_by: str | None = None
    created_at: dt.datetime | None = None
    processed_at: dt.datetime | None = None
    pages: list[PageIn] = []

    @model_validator(mode="after")
    def _check(self) -> DocumentIn:
        for name, value, allowed in (
            ("doc_type", self.doc_type, DocType.values),
            ("status", self.status, DocumentStatus.values),
        ):
            if value not in allowed:
                raise ValueError(f"unknown {name} '{value}'")
        if self.doc_type_suggested and self.doc_type_suggested not in DocType.values:
            raise ValueError(f"unknown doc_type_suggested '{self.doc_type_suggested}'")
        if self.doc_date_source not in DateSource.values:
            raise ValueError(f"unknown doc_date_source '{self.doc_date_source}'")
        if self.provenance and self.provenance not in Provenance.values:
            raise ValueError(f"unknown provenance '{self.provenance}'")
        numbers = [p.number for p in self.pages]
        if len(numbers) != len(set(numbers)):
            raise ValueError(f"document {self.id}: a page number appears twice")
        # Values that cannot be true of a document this installation wrote.
        if self.page_count > len(self.pages):
            raise ValueError(
                f"document {self.id} ('{self.title}') declares {self.page_count:,} pages but the archive holds "
                f"{len(self.pages):,} of them"
            )
        pending = [p.number for p in self.pages if p.ocr_pending]
        if self.status == DocumentStatus.DONE and pending:
            raise ValueError(
                f"document {self.id} ('{self.title}') is marked done but its page {pending[0]} still waits for OCR"
            )
        return self


class ExcerptIn(_Strict):
    id: int | None = None
    document: int
    page: int = Field(ge=1, description="the page's number in its document")
    quote: str = Field(min_length=1)
    start_offset: int | None = None
    end_offset: int | None = None
    text_version: int = Field(1, ge=1)
    ocr_text: str = ""  # the OCR span a quote read off the image was matched to
    similarity: float | None = Field(None, ge=0, le=1)
    note: str = ""
    tags: list[str] = []
    created_by: str | None = None
    created_at: dt.datetime | None = None


class DocumentsArchive(_Strict):
    version: int = SCHEMA_VERSION
    stored_files: list[StoredFileIn] = []
    documents: list[DocumentIn] = []
    excerpts: list[ExcerptIn] = []

    @model_validator(mode="after")
    def _references_resolve(self) -> DocumentsArchive:
        if self.version > SCHEMA_VERSION:
            raise ValueError(
                f"version {self.version} is newer than this installation reads ({SCHEMA_VERSION})"
            )
        shas = [f.sha256 for f in self.stored_files]
        if len(shas) != len(set(shas)):
            raise ValueError("stored_files: a sha256 appears twice")
        seen: dict[int, DocumentIn] = {}
        page_ids: set[int] = set()
        for i, document in enumerate(self.documents):
            if document.id in seen:
                raise ValueError(f"documents[{i}]: id {document.id} appears twice")
            if document.sha256 not in shas:
                raise ValueError(f"documents[{i}].sha256: no stored file {document.sha256}")
            if document.parent is not None and document.parent not in seen:
                raise ValueError(
                    f"documents[{i}].parent: document {document.parent} is not listed before its child"
                )
            for page in document.pages:
                if page.id in page_ids:
                    raise ValueError(f"documents[{i}]: page id {page.id} appears twice")
                page_ids.add(page.id)
            seen[document.id] = document
        for i, excerpt in enumerate(self.excerpts):
            cited = seen.get(excerpt.document)
            if cited is None:
                raise ValueError(f"excerpts[{i}].document: no document {excerpt.document}")
            if excerpt.page not in {p.number for p in cited.pages}:
                raise ValueError(
                    f"excerpts[{i}].page: document {excerpt.document} has no page {excerpt.page}"
                )
        return self


def parse(data: Any) -> DocumentsArchive:
    try:
        return DocumentsArchive.model_validate(data)
    except SchemaError as exc:
        problems = []
        for error in exc.errors()[:8]:
            where = ".".join(str(p) for p in error["loc"]) or "(top level)"
            problems.append(f"{where}: {error['msg']}")
        more = f" (and {exc.error_count() - 8} more)" if exc.error_count() > 8 else ""
        raise ArchiveError(
            f"{SECTION}/{INDEX} does not match the archive format: " + "; ".join(problems) + more
        ) from exc


# --- export --------------------------------------------------------------------------


def _name(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _ordered(documents: list[Document]) -> list[Document]:
    """Parents before their children (the import creates them in this order)."""
    by_id = {d.pk: d for d in documents}
    done: set[int] = set()
    out: list[Document] = []

    def visit(document: Document, depth: int = 0) -> None:
        if document.pk in done:
            return
        parent = by_id.get(document.parent_id) if document.parent_id else None
        if parent is not None and depth < 50:
            visit(parent, depth + 1)
        done.add(document.pk)
        out.append(document)

    for document in documents:
        visit(document)
    return out


def export(case: Case, writer: ArchiveWriter) -> None:
    documents = _ordered(
        list(Document.objects.filter(case=case).select_related("stored_file", "created_by").order_by("id"))
    )
    if not documents:
        return  # nothing to say: the section is left out of the archive
    ids = {d.pk for d in documents}
    stored: dict[str, StoredFile] = {}
    #: The name each original goes under in this archive: that of the first document of
    #: *this* case linking it, never the first uploader's (who may be in a case the
    #: exporter cannot see).
    stored_names: dict[str, str] = {}
    for document in documents:
        stored.setdefault(document.stored_file.sha256, document.stored_file)
        stored_names.setdefault(document.stored_file.sha256, document.uploaded_name)
    for sha, stored_file in sorted(stored.items()):
        if not storage.exists(stored_file.storage_path):
            raise ArchiveError(
                f"The original of '{stored_file.original_name}' (sha256 {sha}) is missing from file "
                "storage; the archive was not written."
            )
        with storage.local_copy(stored_file.storage_path) as local:
            writer.add_file(original_member(sha), local)
    pages_by_document: dict[int, list[Page]] = {}
    pages = (
        Page.objects.filter(document__in=documents)
        .prefetch_related("corrections__by", "earlier_texts")
        .order_by("number")
    )
    for page in pages:
        pages_by_document.setdefault(page.document_id, []).append(page)
    data = {
        "version": SCHEMA_VERSION,
        "stored_files": [
            {
                "sha256": sha,
                "size": f.size,
                "mime_type": f.mime_type,
                "original_name": stored_names[sha],
            }
            for sha, f in sorted(stored.items())
        ],
        "documents": [
            {
                "id": d.pk,
                "sha256": d.stored_file.sha256,
                "parent": d.parent_id if d.parent_id in ids else None,
                "title": d.title,
                "file_name": d.uploaded_name,
                "doc_type": d.doc_type,
                "doc_type_suggested": d.doc_type_suggested,
                "doc_date": _iso(d.doc_date),
                "doc_date_source": d.doc_date_source,
                "doc_date_page": d.doc_date_page,
                "doc_date_quote": d.doc_date_quote,
                "provenance": d.provenance,
                "bates_start": d.bates_start,
                "bates_end": d.bates_end,
                "privileged": d.privileged,
                "tags": list(d.tags or []),
                "status": d.status,
                "error": d.error,
                "notice": d.notice,
                "ingestor": d.ingestor,
                "page_count": d.page_count,
                "force_ocr": d.force_ocr,
                "created_by": _name(d.created_by),
                "created_at": _iso(d.created_at),
                "processed_at": _iso(d.processed_at),
                "pages": [
                    {
                        "id": p.pk,
                        "number": p.number,
                        "text": p.text,
                        "text_source": p.text_source,
                        "ocr_confidence": p.ocr_confidence,
                        "text_version": p.text_version,
                        "ocr_pending": p.ocr_pending,
                        "width": p.width,
                        "height": p.height,
                        "corrections": [
                            {
                                "version": c.version,
                                "text": c.text,
                                "previous_text": c.previous_text,
                                "previous_source": c.previous_source,
                                "by": _name(c.by),
                                "at": _iso(c.at),
                            }
                            for c in sorted(p.corrections.all(), key=lambda c: c.version)
                        ],
                        "earlier_texts": [
                            {
                                "text": e.text,
                                "text_source": e.text_source,
                                "ocr_confidence": e.ocr_confidence,
                                "replaced_at": _iso(e.replaced_at),
                                "reason": e.reason,
                            }
                            for e in p.earlier_texts.all()
                        ],
                    }
                    for p in pages_by_document.get(d.pk, [])
                ],
            }
            for d in documents
        ],
        "excerpts": [
            {
                "id": e.pk,
                "document": e.document_id,
                "page": e.page.number,
                "quote": e.quote,
                "start_offset": e.start_offset,
                "end_offset": e.end_offset,
                "text_version": e.text_version,
                "ocr_text": e.ocr_text,
                "similarity": e.similarity,
                "note": e.note,
                "tags": list(e.tags or []),
                "created_by": _name(e.created_by),
                "created_at": _iso(e.created_at),
            }
            for e in Excerpt.objects.filter(case=case, document__in=documents)
            .select_related("page", "created_by")
            .order_by("created_at", "id")
        ],
    }
    writer.add_json(INDEX, data)
    writer.add_bytes(README, README_TEXT.encode())


# --- validate ------------------------------------------------------------------------


def _check_original(reader: ArchiveReader, stored: StoredFileIn) -> None:
    member = original_member(stored.sha256)
    if not reader.exists(member):
        raise ArchiveError(
            f"The original of '{stored.original_name}' is missing from the archive ({SECTION}/{member})."
        )
    digest = hashlib.sha256()
    size = 0
    with reader.open(member) as handle:
        while chunk := handle.read(storage.CHUNK):
            digest.update(chunk)
            size += len(chunk)
    if digest.hexdigest() != stored.sha256 or size != stored.size:
        raise ArchiveError(
            f"The original of '{stored.original_name}' does not match its declared sha256 "
            f"{stored.sha256} (it was altered or damaged): nothing was imported."
        )


def validate(reader: ArchiveReader) -> None:
    """Schema, references and the checksum of every original, before any write."""
    data = parse(reader.json(INDEX))
    for stored in data.stored_files:
        _check_original(reader, stored)
    expected = {original_member(f.sha256) for f in data.stored_files}
    extra = sorted(n for n in reader.names() if n.startswith("originals/") and n not in expected)
    if extra:
        raise ArchiveError(f"{SECTION}/{extra[0]} is not the original of any document in {INDEX}.")


# --- import --------------------------------------------------------------------------


def _store_original(reader: ArchiveReader, stored: StoredFileIn, ctx: ImportContext) -> StoredFile:
    existing = StoredFile.objects.filter(organization=ctx.organization, sha256=stored.sha256).first()
    if existing is not None and storage.exists(existing.storage_path):
        return existing
    was_there = storage.exists(storage.original_path(stored.sha256))
    with reader.open(original_member(stored.sha256)) as handle, storage.spool(handle) as spooled:
        if spooled.sha256 != stored.sha256:  # checked in validate(); checked again as it is stored
            raise ArchiveError(f"The original of '{stored.original_name}' does not match its sha256.")
        path = storage.save_original(spooled)
    if not was_there:
        ctx.undo.append(lambda: _forget_unowned_original(path))
    if existing is not None:  # the row was there but its bytes were not: they are back now
        return existing
    return StoredFile.objects.create(
        organization=ctx.organization,
        sha256=stored.sha256,
        size=stored.size,
        mime_type=stored.mime_type,
        original_name=stored.original_name,
        storage_path=path,
    )


def _forget_unowned_original(path: str) -> None:
    """After a rolled-back import: delete an original it wrote, unless a row now owns it
    (the same bytes added meanwhile by another upload or organization keep their file)."""
    if not StoredFile.objects.filter(storage_path=path).exists():
        storage.storage().delete(path)


def import_(case: Case, reader: ArchiveReader, ctx: ImportContext) -> None:
    from .pipeline import page_text_changed

    data = parse(reader.json(INDEX))
    stored = {f.sha256: _store_original(reader, f, ctx) for f in data.stored_files}
    stored_name = {f.sha256: f.original_name for f in data.stored_files}
    documents: dict[int, Document] = ctx.ids.setdefault("documents.Document", {})
    pages: dict[int, Page] = ctx.ids.setdefault("documents.Page", {})
    pages_by_number: dict[tuple[int, int], Page] = {}
    requeue: list[int] = []
    for item in data.documents:
        interrupted = item.status in (DocumentStatus.QUEUED, DocumentStatus.PROCESSING)
        document = Document.objects.create(
            organization=ctx.organization,
            case=case,
            stored_file=stored[item.sha256],
            parent=documents[item.parent] if item.parent is not None else None,
            title=item.title,
            file_name=item.file_name or stored_name[item.sha256],
            doc_type=item.doc_type,
            doc_type_suggested=item.doc_type_suggested,
            doc_date=item.doc_date,
            doc_date_source=item.doc_date_source,
            doc_date_page=item.doc_date_page,
            doc_date_quote=item.doc_date_quote,
            provenance=item.provenance,
            bates_start=item.bates_start,
            bates_end=item.bates_end,
            privileged=item.privileged,
            tags=list(item.tags),
            status=DocumentStatus.QUEUED if interrupted else item.status,
            error=item.error,
            notice=item.notice,
            ingestor=item.ingestor,
            page_count=item.page_count,
            pages_done=item.page_count,
            force_ocr=item.force_ocr,
            created_by=ctx.user(item.created_by),
            processed_at=item.processed_at,
        )
        if item.created_at:
            Document.objects.filter(pk=document.pk).update(created_at=item.created_at)
        documents[item.id] = document
        if interrupted:
            requeue.append(document.pk)
        for page_in in item.pages:
            page = Page.objects.create(
                document=document,
                number=page_in.number,
                text=page_in.text,
                text_source=page_in.text_source,
                ocr_confidence=page_in.ocr_confidence,
                text_version=page_in.text_version,
                ocr_pending=page_in.ocr_pending,
                width=page_in.width,
                height=page_in.height,
            )
            pages[page_in.id] = page
            pages_by_number[(item.id, page_in.number)] = page
            for correction in page_in.corrections:
                made = PageCorrection.objects.create(
                    page=page,
                    version=correction.version,
                    text=correction.text,
                    previous_text=correction.previous_text,
                    previous_source=correction.previous_source,
                    by=ctx.user(correction.by),
                )
                if correction.at:
                    PageCorrection.objects.filter(pk=made.pk).update(at=correction.at)
            for earlier in page_in.earlier_texts:
                kept = PageTextVersion.objects.create(
                    page=page,
                    text=earlier.text,
                    text_source=earlier.text_source,
                    ocr_confidence=earlier.ocr_confidence,
                    reason=earlier.reason,
                )
                if earlier.replaced_at:
                    PageTextVersion.objects.filter(pk=kept.pk).update(replaced_at=earlier.replaced_at)
    excerpts: dict[int, Excerpt] = ctx.ids.setdefault("documents.Excerpt", {})
    for i, item_e in enumerate(data.excerpts):
        page = pages_by_number[(item_e.document, item_e.page)]
        excerpt = Excerpt.objects.create(
            case=case,
            document=documents[item_e.document],
            page=page,
            quote=item_e.quote,
            start_offset=item_e.start_offset,
            end_offset=item_e.end_offset,
            text_version=item_e.text_version,
            ocr_text=item_e.ocr_text,
            similarity=item_e.similarity,
            note=item_e.note,
            tags=list(item_e.tags),
            created_by=ctx.user(item_e.created_by),
        )
        if item_e.created_at:
            Excerpt.objects.filter(pk=excerpt.pk).update(created_at=item_e.created_at)
        excerpts[item_e.id if item_e.id is not None else -1 - i] = excerpt
    if requeue:
        from innocence.jobs.queue import enqueue

        for document_pk in requeue:
            enqueue("documents.process", {"document_id": document_pk})
        ctx.warnings.append(
            f"{len(requeue)} document(s) were still being processed when exported; they are queued again."
        )
    by_document: dict[int, list[int]] = {}
    for page in pages.values():
        by_document.setdefault(page.document_id, []).append(page.pk)

    # Queued in the import's transaction: an import that rolls back queues nothing.
    for document_pk, page_ids in by_document.items():
        page_text_changed(document_pk, sorted(page_ids))
