"""The user's scope (a queryset of pages) as SQL correlated to an index row, so the SQL
backends check visibility and filters in the very query that reads the index."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models.expressions import RawSQL

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from innocence.documents.models import Page


def correlated_exists(scope: QuerySet[Page], outer_page_id_sql: str) -> tuple[str, tuple[Any, ...]]:
    """``EXISTS (...)`` that holds when the page whose id is ``outer_page_id_sql`` is in scope."""
    inner = scope.filter(pk=RawSQL(outer_page_id_sql, ())).order_by().values("pk")  # noqa: S611
    sql, params = inner.query.get_compiler(connection=connection).as_sql()
    return f"EXISTS ({sql})", tuple(params)
