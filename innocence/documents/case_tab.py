"""The Documents tab of a case page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case
from innocence.core import access
from innocence.core.access import can_edit_case

from . import selectors
from .forms import UploadForm
from .models import DocType, DocumentStatus, Provenance

ACTIVE = (DocumentStatus.QUEUED, DocumentStatus.PROCESSING)


def list_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    documents = list(selectors.documents_for_case(case)[:500])
    batch = None
    batch_id = request.GET.get("batch", "")
    if batch_id.isdecimal():
        batch = selectors.batches_visible_to(request.user).filter(pk=int(batch_id), case=case).first()
    progress = selectors.batch_progress(batch) if batch else None
    return {
        "documents": documents,
        "active": any(d.status in ACTIVE for d in documents),
        "batch": batch,
        "progress": progress,
        "total_documents": case.documents.count(),
        # Ticking documents for a bulk action is for those who may change them (not a viewer).
        "can_bulk": can_edit_case(request.user, case),
        "needing_another_run": selectors.documents_needing_another_run(case).count(),
    }


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    return {
        **list_context(request, case),
        "can_add": can_edit_case(request.user, case),
        "upload_form": UploadForm(),
        "provenance_choices": Provenance.choices,
        "type_choices": DocType.choices,
        "can_delete": access.can_delete_in_case(request.user, case),
        "excerpts": case.excerpts.select_related("document", "page", "created_by")[:50],
    }
