"""Reads of the search index, always limited to what the user may see.

Every search starts from ``documents_visible_to(user)`` — itself built on
``innocence.cases.selectors.cases_visible_to`` — so hits *and counts* cover only the cases
(and case-less intake documents) the user may see. Every search is audited as SEARCH with
its query text and filters (not its results).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.models import AuditAction
from innocence.core.selectors import primary_membership
from innocence.documents.citations import PageRef
from innocence.documents.models import Document, Page
from innocence.documents.selectors import documents_visible_to

from .backends import Scope, get_backend
from .query import Filters, QueryError, parse
from .snippets import highlight

MAX_LIMIT = 500


@dataclass(frozen=True)
class SearchHit:
    page_id: int
    document_id: int
    document_title: str
    case_reference: str  # "" for an intake document not yet on a case
    page_number: int
    rank: float
    snippet: str  # HTML: matched words in <mark>, everything else escaped
    doc_type: str = ""
    doc_date: dt.date | None = None
    privileged: bool = False
    url: str = ""  # the viewer at the page, finding the query there (PageRef.url)

    def as_dict(self) -> dict[str, Any]:
        return {
            "page_id": self.page_id,
            "document_id": self.document_id,
            "document_title": self.document_title,
            "case_reference": self.case_reference,
            "page_number": self.page_number,
            "rank": self.rank,
            "snippet": self.snippet,
            "doc_type": self.doc_type,
            "doc_date": self.doc_date.isoformat() if self.doc_date else None,
            "privileged": self.privileged,
            "url": self.url,
        }


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    error: str = ""  # a plain-words message when the query could not be understood
    #: Too many pages match to rank them: ``total`` is "more than", hits are newest first.
    unranked: bool = False
    limit: int = 50
    offset: int = 0


def _tag_filter(tag: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(tags__contains=[tag])
    # SQLite has no JSON containment lookup: match the quoted element in the stored JSON list.
    return Q(tags__icontains=json.dumps(tag))


def scoped_documents(
    user: Any,
    *,
    case: Case | str | None = None,
    filters: Filters | None = None,
) -> QuerySet[Document]:
    """The documents a search covers: visible to the user, narrowed by the filters."""
    documents = documents_visible_to(user)
    if isinstance(case, Case):
        documents = documents.filter(case_id=case.pk)
    elif case:
        documents = documents.filter(case__reference=case)
    if filters is None:
        return documents
    if filters.cases:
        documents = documents.filter(case__reference__in=filters.cases)
    if filters.doc_types:
        documents = documents.filter(doc_type__in=filters.doc_types)
    if filters.provenances:
        documents = documents.filter(provenance__in=filters.provenances)
    if filters.date_from:
        documents = documents.filter(doc_date__gte=filters.date_from)
    if filters.date_to:
        documents = documents.filter(doc_date__lte=filters.date_to)
    for tag in filters.tags:
        documents = documents.filter(_tag_filter(tag))
    return documents


def _audit(
    user: Any, query: str, case: Case | str | None, filters: Filters, error: str, channel: str
) -> None:
    membership = primary_membership(user) if getattr(user, "is_authenticated", False) else None
    case_obj = case if isinstance(case, Case) else None
    changes: dict[str, Any] = {"query": query}
    described = {
        "case": (case.reference if isinstance(case, Case) else case) or None,
        "cases": filters.cases,
        "doc_types": filters.doc_types,
        "provenances": filters.provenances,
        "tags": filters.tags,
        "date_from": filters.date_from,
        "date_to": filters.date_to,
    }
    changes["filters"] = {k: v for k, v in described.items() if v}
    if error:
        changes["error"] = error
    if channel:
        changes["kind"] = channel
    audit.record(
        AuditAction.SEARCH,
        actor=user,
        case=case_obj,
        organization=case_obj.organization if case_obj else (membership.organization if membership else None),
        changes=changes,
        object_repr=f"search: {query}"[:300],
    )


def search_pages(
    user: Any,
    query: str,
    *,
    case: Case | str | None = None,
    doc_types: Sequence[str] = (),
    provenances: Sequence[str] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    tags: Sequence[str] = (),
    limit: int = 50,
    offset: int = 0,
    backend: str | None = None,
    audit_kind: str = "",
    record_audit: bool = True,
) -> SearchResult:
    """Ranked pages matching ``query`` within what ``user`` may see. A query that cannot be
    understood gives a result with ``error`` set (and no hits), never an exception."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    result = SearchResult(query=query, limit=limit, offset=offset)
    try:
        parsed = parse(query)
    except QueryError as exc:
        parsed = None
        result.error = str(exc)
    filters = parsed.filters if parsed else Filters()
    filters.doc_types += [t for t in doc_types if t]
    filters.provenances += [p for p in provenances if p]
    filters.tags += [t for t in tags if t]
    filters.date_from = date_from or filters.date_from
    filters.date_to = date_to or filters.date_to
    if parsed is not None and parsed.root is None:
        result.error = "Type a word or a phrase to search for."
    if record_audit:
        _audit(user, query, case, filters, result.error, audit_kind)
    if result.error or parsed is None or parsed.root is None:
        return result

    documents = scoped_documents(user, case=case, filters=filters)
    pages = Page.objects.filter(Exists(documents.filter(pk=OuterRef("document_id"))))
    found = get_backend(backend).search(
        parsed.root, Scope(pages=pages, documents=documents), limit=limit, offset=offset
    )
    result.total = found.total
    result.unranked = found.unranked
    rows = {
        page.pk: page
        for page in pages.filter(pk__in=[pk for pk, _ in found.ranked]).select_related("document__case")
    }
    terms = parsed.positive_words()
    for pk, score in found.ranked:
        page = rows.get(pk)
        if page is None:  # vanished between the two reads
            continue
        document = page.document
        result.hits.append(
            SearchHit(
                page_id=page.pk,
                document_id=document.pk,
                document_title=document.title,
                case_reference=document.case.reference if document.case else "",
                page_number=page.number,
                rank=score,
                snippet=highlight(page.text, terms),
                doc_type=document.doc_type,
                doc_date=document.doc_date,
                privileged=document.privileged,
                url=PageRef(document.pk, page.number, document_title=document.title, query=query).url,
            )
        )
    return result
