"""Reads of the search index, always limited to what the user may see.

(Stub: returns no hits until the backends land.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SearchHit:
    page_id: int
    document_id: int
    document_title: str
    case_reference: str
    page_number: int
    rank: float
    snippet: str  # HTML: matched terms in <mark>, everything else escaped


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    error: str = ""


def search_pages(
    user: Any,
    query: str,
    *,
    case: Any = None,
    doc_types: Sequence[str] = (),
    provenances: Sequence[str] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    tags: Sequence[str] = (),
    limit: int = 50,
    offset: int = 0,
) -> SearchResult:
    return SearchResult(query=query)
