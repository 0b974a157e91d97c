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


class VocabularyTerm(models.Model):
    """A word that occurs (or occurred) in indexed page text, for finding the words the OCR
    may have misread a query word as. Words are never shown from this table: a candidate is
    offered only with its page count in the user's scope, from the search backend, so a word
    seen only in cases the user is not on (or on a page since deleted) counts 0 and is hidden.

    ``key`` is the word with OCR-confusable shapes folded together (variants.ocr_key)."""

    word = models.CharField(max_length=48, unique=True)
    key = models.CharField(max_length=48)
    length = models.PositiveSmallIntegerField(help_text="Length of key.")

    def __str__(self) -> str:
        return self.word


class VocabularyGram(models.Model):
    """One trigram of a term's key (padded with ^ and $): the index that finds a word's
    near neighbours without reading the whole vocabulary (see search.vocabulary)."""

    gram = models.CharField(max_length=3)
    term = models.ForeignKey(VocabularyTerm, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gram", "term"], name="vocabulary_gram_unique")]

    def __str__(self) -> str:
        return f"{self.gram} of term {self.term_id}"
