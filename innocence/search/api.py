"""REST: GET /api/search — the same search, with the same permissions, as the web page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from innocence.cases.selectors import case_get_for_user

from .selectors import MAX_LIMIT, search_pages

router = Router(tags=["search"])


class HitOut(Schema):
    page_id: int
    document_id: int
    document_title: str
    case_reference: str
    page_number: int
    rank: float
    snippet: str
    doc_type: str
    doc_date: dt.date | None
    privileged: bool
    url: str
    ocr_confidence: float | None = None
    low_confidence: bool = False  # OCR'd below INNOCENCE_OCR_LOW_CONFIDENCE: words may be missed


class VariantOut(Schema):
    word: str
    distance: int
    pages: int  # pages with this word in the searched scope
    query: str  # the query with the word replaced by (word OR variant)


class VariantGroupOut(Schema):
    word: str
    included: bool  # the query word was fuzzy (word~N): these are already in the results
    include_query: str
    variants: list[VariantOut]


class SearchOut(Schema):
    query: str
    total: int
    unranked: bool  # too many matches to rank: total is a lower bound, hits newest first
    limit: int
    offset: int
    hits: list[HitOut]
    variants: list[VariantGroupOut] = []
    low_confidence_pages: int = 0  # pages of the searched scope OCR'd below the threshold


class SearchError(Schema):
    detail: str


class SearchParams(Schema):
    q: str
    case: str | None = None
    type: list[str] = []
    provenance: list[str] = []
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tag: list[str] = []
    limit: int = 50
    offset: int = 0


@router.get(
    "/search",
    response={200: SearchOut, 400: SearchError},
    summary="Search page text in the cases you can see",
    description='Query language: words (AND implied), "phrases", OR, NOT / -word, prefix*, '
    'NEAR(a b, 5) or "a b"~5, fuzzy word~1 / word~2 (OCR misreadings), and filters case: type: '
    "provenance: tag: from: to:. The first page of results lists OCR variants of the query's "
    "words with their page counts in the cases you can see. "
    f"At most {MAX_LIMIT} hits per call; page with offset. A query that cannot be understood "
    "gets 400 with a message. A case you may not see is 404.",
)
def search(request: HttpRequest, params: Query[SearchParams]) -> Any:
    case = case_get_for_user(request.user, params.case) if params.case else None
    result = search_pages(
        request.user,
        params.q,
        case=case,
        doc_types=params.type,
        provenances=params.provenance,
        date_from=params.date_from,
        date_to=params.date_to,
        tags=params.tag,
        limit=params.limit,
        offset=params.offset,
    )
    if result.error:
        return Status(400, {"detail": result.error})
    return {
        "query": result.query,
        "total": result.total,
        "unranked": result.unranked,
        "limit": result.limit,
        "offset": result.offset,
        "hits": [hit.as_dict() for hit in result.hits],
        "variants": [group.as_dict() for group in result.variants],
        "low_confidence_pages": result.low_confidence_pages,
    }
