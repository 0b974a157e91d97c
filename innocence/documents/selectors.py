"""Reads of documents, pages and excerpts. Every query starts from
:func:`innocence.cases.selectors.cases_visible_to` (the one access rule).

Documents not yet filed on a case (intake letters) are visible to the admins and intake
coordinators of their organization only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.core import access, audit

from .models import Document, DocumentStatus, Excerpt, Page, UploadBatch


class DocumentNotFound(Http404):
    """A document that does not exist or that the user may not see: indistinguishable."""


def _caseless_orgs(user: Any) -> QuerySet[Any, Any]:
    return access.intake_organizations_of(user).values("pk")


def documents_visible_to(user: Any) -> QuerySet[Document]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Document.objects.none()
    return Document.objects.filter(
        Q(case__in=cases_visible_to(user)) | Q(case__isnull=True, organization__in=_caseless_orgs(user))
    )


def document_get_for_user(user: Any, pk: int | str) -> Document:
    try:
        pk_int = int(pk)
    except (TypeError, ValueError):
        raise DocumentNotFound("No such document.") from None
    document = (
        documents_visible_to(user)
        .select_related("case", "organization", "stored_file", "parent", "batch")
        .filter(pk=pk_int)
        .first()
    )
    if document is None:
        raise DocumentNotFound("No such document.")
    audit.note_read(document, case=document.case, organization=document.organization)
    return document


def page_get_for_user(user: Any, document_pk: int | str, number: int | str) -> Page:
    document = document_get_for_user(user, document_pk)
    try:
        page = document.pages.get(number=int(number))
    except (Page.DoesNotExist, TypeError, ValueError):
        raise DocumentNotFound("No such page.") from None
    return page


def documents_for_case(case: Case) -> QuerySet[Document]:
    """Documents of a case the caller has already fetched with case_get_for_user."""
    return case.documents.select_related("stored_file", "parent", "batch").order_by("-created_at", "-id")


def page_count_for_case(case: Case) -> int:
    """Pages of a case the caller has already fetched with case_get_for_user."""
    return Page.objects.filter(document__case=case).count()


def excerpts_visible_to(user: Any) -> QuerySet[Excerpt]:
    return Excerpt.objects.filter(case__in=cases_visible_to(user)).select_related("document", "page")


def batches_visible_to(user: Any) -> QuerySet[UploadBatch]:
    if user is None or not getattr(user, "is_authenticated", False):
        return UploadBatch.objects.none()
    return UploadBatch.objects.filter(
        Q(case__in=cases_visible_to(user)) | Q(case__isnull=True, organization__in=_caseless_orgs(user))
    )


def batch_progress(batch: UploadBatch) -> dict[str, int]:
    """Counts of a batch's documents by status, and pages done / expected."""
    counts: dict[str, int] = {"total": 0, "pages": 0, "pages_done": 0}
    for status, page_count, pages_done in batch.documents.values_list("status", "page_count", "pages_done"):
        counts["total"] += 1
        counts[status] = counts.get(status, 0) + 1
        counts["pages"] += page_count
        counts["pages_done"] += pages_done
    return counts


def documents_selected(user: Any, case: Case, ids: list[Any]) -> list[Document]:
    """The documents of ``case`` a user ticked in a list, through the access rule. An id that
    is not a visible document of the case raises DocumentNotFound, one answer for every
    such id (another case's, another organization's, or none at all)."""
    wanted: set[int] = set()
    for raw in ids:
        text = str(raw).strip()
        if not text.isdecimal() or len(text) > 18:
            raise DocumentNotFound("No such document in this case.")
        wanted.add(int(text))
    found = list(
        documents_visible_to(user).filter(case=case, pk__in=wanted).select_related("case", "stored_file").order_by("id")
    )
    if len(found) != len(wanted):
        raise DocumentNotFound("No such document in this case.")
    return found


def documents_needing_another_run(case: Case) -> QuerySet[Document]:
    """The documents of a case that failed or have a page-text consumer's error: what
    "Process the failed documents again" and ``innocence reprocess --failed`` take."""
    return documents_for_case(case).filter(Q(status=DocumentStatus.FAILED) | ~Q(consumer_errors={}))
