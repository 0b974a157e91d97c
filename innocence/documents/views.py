"""Web views for documents. Thin: every fetch goes through the selectors (the access rule),
every change through a service (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from innocence.cases.selectors import case_get_for_user
from innocence.core.access import can_edit_case

from . import selectors, services, storage
from .citations import quote_query, viewer_url
from .forms import CorrectionForm, DocumentForm, ExcerptForm, UploadForm
from .models import DocType, Document, DocumentStatus, Excerpt, Page, Provenance
from .page_images import page_image_bytes
from .page_words import Box, boxes_for_offsets, load_words, text_word_boxes
from .pipeline import render_mode

ACTIVE = (DocumentStatus.QUEUED, DocumentStatus.PROCESSING)


# --- case tab: upload and list -------------------------------------------------------


def _per_file_values(request: HttpRequest, name: str, default_provenance: str) -> services.FileValues:
    """The row the upload form showed for one file (``provenance:<name>``, ``doc_type:<name>``);
    an empty choice is the batch default."""
    return services.FileValues(
        provenance=services.choice_value(
            request.POST.get(f"provenance:{name}", ""), Provenance, "provenance"
        ) or default_provenance,
        doc_type=services.choice_value(request.POST.get(f"doc_type:{name}", ""), DocType, "document type"),
    )


@login_required
@require_POST
def upload(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    if not can_edit_case(request.user, case):
        raise PermissionDenied("You may not add documents to this case.")
    form = UploadForm(request.POST)
    valid = form.is_valid()
    provenance = form.cleaned_data.get("provenance", "") if valid else ""
    default_type = form.cleaned_data.get("doc_type", "") if valid else ""
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, "Choose one or more files (or a folder, or a zip) to add.")
        return redirect("cases:case_tab", reference=case.reference, tab="documents")
    batch = services.batch_create(actor=request.user, organization=case.organization, case=case)
    added = duplicates = 0
    for uploaded in files:
        name = getattr(uploaded, "name", "") or "unnamed"
        relative = request.POST.get(f"path:{name}", "")
        try:
            values = _per_file_values(request, name, provenance)
            result = services.add_file(
                actor=request.user,
                organization=case.organization,
                case=case,
                name=relative or name,
                stream=uploaded,
                batch=batch,
                provenance=values.provenance,
                doc_type=values.doc_type or default_type,
            )
        except ValidationError as exc:
            messages.error(request, f"{name}: {' '.join(exc.messages)}")
            continue
        if result.duplicate:
            duplicates += 1
            messages.warning(request, result.message)
        else:
            added += 1
            if result.message:
                messages.info(request, result.message)
    messages.success(
        request,
        f"{added} file(s) added and queued for processing"
        + (f"; {duplicates} already in the case" if duplicates else "")
        + ". You can leave this page: processing continues in the background.",
    )
    url = reverse("cases:case_tab", kwargs={"reference": case.reference, "tab": "documents"})
    return redirect(f"{url}?batch={batch.pk}")


@login_required
@require_POST
def bulk(request: HttpRequest, reference: str) -> HttpResponse:
    """One action on the documents ticked in the case's list: set provenance, set type,
    process again, or delete (with a reason, confirmed); or process again every document of
    the case that failed. Each document changes through the services (audited,
    the access rule); assigning to a production is the prosecution app's form."""
    case = case_get_for_user(request.user, reference)
    url = reverse("cases:case_tab", kwargs={"reference": case.reference, "tab": "documents"})
    action = request.POST.get("action", "")
    if action not in ("provenance", "doc_type", "delete", "reprocess", "reprocess_failed"):
        messages.error(request, "Choose an action for the selected documents.")
        return redirect(url)
    if not can_edit_case(request.user, case):
        raise PermissionDenied("You may not change documents of this case.")
    if action == "reprocess_failed":  # no ticking: every document that failed or has an error
        failed = list(selectors.documents_needing_another_run(case).order_by("id"))
        queued = services.documents_reprocess(actor=request.user, case=case, documents=failed)
        messages.success(request, f"{queued} document(s) queued to be processed again." if queued
                         else "No document of this case failed; nothing was queued.")
        return redirect(url)
    ids = request.POST.getlist("documents")
    if not ids:
        messages.error(request, "Select at least one document; nothing was changed.")
        return redirect(url)
    documents = selectors.documents_selected(request.user, case, ids)
    try:
        if action == "delete":
            if request.POST.get("confirm") != "yes":
                messages.error(request, "Tick the box to confirm the deletion; nothing was deleted.")
                return redirect(url)
            result = services.documents_bulk_delete(
                actor=request.user, case=case, documents=documents, reason=request.POST.get("reason", "")
            )
            messages.success(
                request,
                f"{len(result.document_ids)} document(s) deleted ({result.pages} page(s)). The original files "
                "are kept in storage; each deletion is in the audit log.",
            )
            return redirect(url)
        if action == "reprocess":
            queued = services.documents_reprocess(actor=request.user, case=case, documents=documents)
            messages.success(request, f"{queued} of {len(documents)} document(s) queued to be processed again "
                             "(hand corrections are kept).")
            return redirect(url)
        if action == "provenance":
            value = services.choice_value(request.POST.get("provenance", ""), Provenance, "provenance")
            changed = services.documents_bulk_update(
                actor=request.user, case=case, documents=documents, provenance=value
            )
            label = Provenance(value).label if value else "not recorded"
            messages.success(request, f"Provenance set to “{label}” on {changed} of {len(documents)} document(s).")
        else:
            raw = request.POST.get("doc_type", "")
            if not raw:
                raise ValidationError("Choose a type to set.")
            value = services.choice_value(raw, DocType, "document type")
            changed = services.documents_bulk_update(
                actor=request.user, case=case, documents=documents, doc_type=value
            )
            messages.success(request, f"Type set to “{DocType(value).label}” on {changed} of {len(documents)} document(s).")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " Nothing was changed.")
    return redirect(url)


@login_required
def case_documents_status(request: HttpRequest, reference: str) -> HttpResponse:
    """The document list of a case, as a fragment the tab polls while files are processing."""
    case = case_get_for_user(request.user, reference)
    from .case_tab import list_context

    return render(request, "documents/_document_rows.html", {"case": case, **list_context(request, case)})


# --- a document's record ---------------------------------------------------------------


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    can_edit = services.can_edit_document(request.user, document)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("You may not change this document.")
        form = DocumentForm(request.POST, instance=selectors.document_get_for_user(request.user, document.pk))
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in DocumentForm.Meta.fields}
            data["tags"] = services.clean_tags(form.cleaned_data.get("tags_text", ""))
            try:
                services.document_update(actor=request.user, document=document, **data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, "Document record saved.")
                return redirect("documents:detail", pk=document.pk)
    else:
        services.record_view(actor=request.user, document=document)
        form = DocumentForm(instance=document)
    context = {
        "document": document,
        "form": form,
        "can_edit": can_edit,
        "can_delete": services.can_delete_document(request.user, document),
        "children": selectors.documents_visible_to(request.user).filter(parent=document).order_by("id"),
        **_page_list(request, document),
        "active": document.status in ACTIVE,
        "has_images": bool(render_mode(document)),
        "date_url": viewer_url(document.pk, document.doc_date_page, quote_query(document.doc_date_quote))
        if document.doc_date_page
        else "",
    }
    return render(request, "documents/document_detail.html", context)


#: Page rows listed per part of a document's page list (?pages=N): a 10,000-page
#: document's detail page renders 200 rows, not 10,000.
PAGE_LIST_SIZE = 200


def _page_list(request: HttpRequest, document: Any) -> dict[str, Any]:
    """One part of the page list, by page number (an index range, no COUNT): the part
    asked for in ``?pages=``, its neighbours and how many parts there are."""
    parts = max(1, -(-int(document.page_count or 0) // PAGE_LIST_SIZE))
    try:
        part = min(max(int(request.GET.get("pages", "1")), 1), parts)
    except ValueError:
        part = 1
    first = (part - 1) * PAGE_LIST_SIZE
    pages = document.pages.only("document_id", "number", "text_source", "ocr_confidence").filter(
        number__gt=first, number__lte=first + PAGE_LIST_SIZE
    ).order_by("number")
    return {
        "pages": pages,
        "pages_part": part,
        "pages_parts": parts,
        "pages_first": first + 1,
        "pages_last": min(first + PAGE_LIST_SIZE, int(document.page_count or 0)),
    }


@login_required
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    return render(
        request, "documents/_status.html", {"document": document, "active": document.status in ACTIVE}
    )


@login_required
@require_POST
def document_reprocess(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    force = request.POST.get("force_ocr") == "1"
    services.request_reprocess(actor=request.user, document=document, force_ocr=force)
    messages.success(
        request, "OCR of every page was requested." if force else "The document will be processed again."
    )
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
def document_reocr(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    try:
        count = services.document_reocr(actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"{count} page(s) will be read again with the current OCR set-up; hand corrections are "
            "kept, and so is the text each page had before.",
        )
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete after the confirm step on the document page (a reason and a ticked box)."""
    document = selectors.document_get_for_user(request.user, pk)
    if not services.can_delete_document(request.user, document):
        raise PermissionDenied("Only admins and attorneys on the case may delete documents.")
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm the deletion; nothing was deleted.")
        return redirect("documents:detail", pk=document.pk)
    try:
        result = services.document_delete(
            actor=request.user, document=document, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " Nothing was deleted.")
        return redirect("documents:detail", pk=document.pk)
    extra = len(result.document_ids) - 1
    messages.success(
        request,
        f"“{document.title}” was deleted"
        + (f" with the {extra} document(s) that came out of it" if extra else "")
        + f" ({result.pages} page(s)). The original file is kept in storage; the deletion is in the audit log.",
    )
    if document.case is not None:
        return redirect("cases:case_tab", reference=document.case.reference, tab="documents")
    return redirect("cases:dashboard")


def _file_response(path: str, filename: str, content_type: str, *, inline: bool) -> FileResponse:
    if not storage.exists(path):
        raise Http404("The file is not in storage.")
    response = FileResponse(
        storage.open_file(path), content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_original(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.document_get_for_user(request.user, pk)
    services.record_view(actor=request.user, document=document)
    stored = document.stored_file
    return _file_response(stored.storage_path, document.uploaded_name, "application/octet-stream", inline=False)


@login_required
def document_searchable_pdf(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.document_get_for_user(request.user, pk)
    services.record_view(actor=request.user, document=document)
    name = document.uploaded_name.rsplit(".", 1)[0] + " (searchable).pdf"
    return _file_response(document.searchable_pdf_path, name, "application/pdf", inline=False)


# --- viewer ------------------------------------------------------------------------------


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def viewer(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(request.user, pk)
    count = document.pages.count()
    if count == 0:
        messages.info(request, "This document has no pages to show (yet).")
        return redirect("documents:detail", pk=document.pk)
    number = min(max(_int(request.GET.get("page"), 1), 1), count)
    query = request.GET.get("q", "").strip()[:200]
    page = document.pages.get(number=number)
    services.record_view(actor=request.user, document=document, page=number)
    # The find itself (the search query language: OR, NOT, phrases, NEAR) is the search
    # app's: the template asks it with {% find_in_document %}, so documents imports no search.
    can_edit = services.can_edit_document(request.user, document)
    excerpts = list(page.excerpts.select_related("created_by").order_by("start_offset"))
    context = {
        "document": document,
        "page": page,
        "count": count,
        "query": query,
        "has_image": bool(render_mode(document)),
        "can_edit": can_edit,
        "can_excerpt": can_edit and document.case_id is not None,
        "correction_form": CorrectionForm(initial={"text": page.text}),
        "excerpt_form": ExcerptForm(),
        "excerpts": excerpts,
        "excerpt_boxes": _excerpt_boxes(document, page, excerpts),
        "corrections": page.corrections.select_related("by").order_by("-version")[:10],
    }
    return render(request, "documents/viewer.html", context)


def _excerpt_boxes(document: Document, page: Page, excerpts: list[Excerpt]) -> list[Box]:
    """Where the excerpts of the page are on its image, from the OCR word boxes."""
    spans = [
        (e.start_offset, e.end_offset)
        for e in excerpts
        if e.start_offset is not None and e.end_offset is not None and e.text_version == page.text_version
    ]
    if not spans or not render_mode(document):
        return []
    data = load_words(document.stored_file.sha256, page.number)
    if data is None:
        return []
    boxes = text_word_boxes(page.text, data)
    found: list[Box] = []
    for start, end in spans:
        found.extend(boxes_for_offsets(page.text, boxes, start, end))
    return list(dict.fromkeys(found))


@login_required
def page_image(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    page = selectors.page_get_for_user(request.user, pk, number)
    data = page_image_bytes(page.document, page)
    if data is None:
        raise Http404("This page has no image.")
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _viewer_url(document: Document, number: int, query: str = "") -> str:
    return viewer_url(document.pk, number, query)


@login_required
@require_POST
def page_correct(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    page = selectors.page_get_for_user(request.user, pk, number)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        services.page_correct(actor=request.user, page=page, text=form.cleaned_data["text"])
        messages.success(request, f"Page {number} corrected; the correction is kept as a new version.")
    return redirect(_viewer_url(page.document, number))


@login_required
@require_POST
def excerpt_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    page = selectors.page_get_for_user(request.user, pk, number)
    form = ExcerptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select the passage to save as an excerpt.")
        return redirect(_viewer_url(page.document, number))
    try:
        services.excerpt_create(
            actor=request.user,
            page=page,
            quote=form.cleaned_data["quote"],
            start=form.cleaned_data.get("start"),
            end=form.cleaned_data.get("end"),
            note=form.cleaned_data.get("note", ""),
            tags=form.cleaned_data.get("tags", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Excerpt saved with its document, page and quote.")
    return redirect(_viewer_url(page.document, number, request.POST.get("q", "")))


@login_required
@require_POST
def excerpt_delete(request: HttpRequest, pk: int) -> HttpResponse:
    excerpt = selectors.excerpts_visible_to(request.user).filter(pk=pk).first()
    if excerpt is None:
        raise Http404("No such excerpt.")
    services.excerpt_delete(actor=request.user, excerpt=excerpt)
    messages.success(request, "Excerpt removed.")
    return redirect(_viewer_url(excerpt.document, excerpt.page.number))
