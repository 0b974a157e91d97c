"""Search backends behind one small interface.

A backend keeps an index of page text and answers a parsed query within a *scope*: the
queryset of pages the user may see (already narrowed by the filters), built by
:mod:`innocence.search.selectors` from ``cases_visible_to``. The database is the authority:
SQL backends join the scope inside the same query; an index that lives outside the
database re-checks its hits against the scope before returning them.

Backends: ``sqlite_fts5`` (embedded default on SQLite), ``postgres`` (tsvector + GIN; the
default on PostgreSQL) and ``tantivy`` (an index in DATA_DIR/search-index). Choose with the
setting INNOCENCE_SEARCH_BACKEND.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.db import connection

from innocence.search.query import Node

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from innocence.documents.models import Document, Page


@dataclass(frozen=True)
class IndexedPage:
    page_id: int
    document_id: int
    case_id: int | None
    organization_id: int
    text: str  # folded words separated by single spaces (see query.words_of)


@dataclass(frozen=True)
class Scope:
    """What the user may see, narrowed by the filters: the same set as pages and as documents
    (SQL backends correlate ``pages``; an outside index restricts by ``documents``)."""

    pages: QuerySet[Page]
    documents: QuerySet[Document]


@dataclass
class BackendResult:
    ranked: list[tuple[int, float]]  # (page id, score: higher is better)
    total: int
    #: More pages match than a SQL backend ranks (setting INNOCENCE_SEARCH_RANK_LIMIT):
    #: ``total`` is then a lower bound and hits come newest first, unranked.
    unranked: bool = False


def rank_limit() -> int:
    """Above this many matching pages the SQL backends stop ranking: BM25 over a huge match
    set takes seconds (measured: ~10 s for a word on every page of 1M), a newest-first
    page of hits and "more than N" take milliseconds."""
    return int(getattr(settings, "INNOCENCE_SEARCH_RANK_LIMIT", 20_000))


class SearchBackend(Protocol):
    name: str

    def index_pages(self, pages: Sequence[IndexedPage]) -> None:
        """Insert or replace these pages."""

    def remove_pages(self, page_ids: Sequence[int]) -> None:
        """Take these pages out of the index (missing ids are ignored)."""

    def remove_document(self, document_id: int) -> None:
        """Take every page of this document out of the index."""

    def clear(self) -> None:
        """Empty the index."""

    def search(self, root: Node, scope: Scope, *, limit: int, offset: int) -> BackendResult:
        """Pages in ``scope`` matching ``root``, best first, and how many match in all."""


BACKENDS = {
    "sqlite_fts5": "innocence.search.backends.sqlite_fts5.SqliteFts5Backend",
    "postgres": "innocence.search.backends.postgres.PostgresBackend",
    "tantivy": "innocence.search.backends.tantivy_index.TantivyBackend",
}

_instances: dict[str, Any] = {}


def default_backend_name() -> str:
    configured = getattr(settings, "INNOCENCE_SEARCH_BACKEND", "") or ""
    if configured:
        return configured
    return "postgres" if connection.vendor == "postgresql" else "sqlite_fts5"


def get_backend(name: str | None = None) -> SearchBackend:
    name = name or default_backend_name()
    if name not in BACKENDS:
        raise ValueError(f"Unknown search backend {name!r}; choose one of {', '.join(BACKENDS)}.")
    if name not in _instances:
        module_name, class_name = BACKENDS[name].rsplit(".", 1)
        _instances[name] = getattr(importlib.import_module(module_name), class_name)()
    return _instances[name]  # type: ignore[no-any-return]
