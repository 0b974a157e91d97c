"""The search app's own table. The SQLite FTS5 table is a virtual table created by the
migration (Django has no model for it); the Tantivy index lives in DATA_DIR/search-index."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from innocence.documents.models import Page


class PageVector(models.Model):
    """A page's tsvector for the PostgreSQL backend (the table exists on SQLite too, unused).
    The GIN index is created by the migration on PostgreSQL only."""

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="+")
    vector = SearchVectorField()

    def __str__(self) -> str:
        return f"search vector of page {self.page_id}"
