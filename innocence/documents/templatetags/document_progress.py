"""The job queue's progress bar for documents being read: ``{% document_progress document %}``
for one, ``{% documents_progress documents batch %}`` for an upload (or the case's active
documents). Both render jobs/_progress.html."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from innocence.jobs import progress

from ..models import DocumentStatus

register = template.Library()

ACTIVE = (DocumentStatus.QUEUED, DocumentStatus.PROCESSING)


@register.inclusion_tag("jobs/_progress.html")
def document_progress(document: Any) -> dict[str, Any]:
    snapshot = progress.read([progress.document_key(document.pk)]) if document.status in ACTIVE else None
    return {"p": snapshot, "label": f"Reading {document.title}"}


@register.inclusion_tag("jobs/_progress.html")
def documents_progress(documents: Iterable[Any], batch: Any = None) -> dict[str, Any]:
    if batch is not None:
        ids = list(batch.documents.values_list("pk", flat=True))
        label = "This upload"
    else:
        ids = [d.pk for d in documents if d.status in ACTIVE]
        label = "Documents being read"
    snapshot = progress.read([progress.document_key(i) for i in ids]) if ids else None
    return {"p": snapshot, "label": label}
