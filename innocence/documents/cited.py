"""The abstract record the lenses keep: a fact of a case with the place in the record it
comes from (document, page, verbatim passage). The Evidence and Witness lenses' records
extend it, so that every lens cites the same way (:class:`~.citations.PageRef`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from innocence.cases.models import Case

from .citations import PageRef


class CitedRecord(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The document this record comes from.",
    )
    page_number = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True, help_text="Verbatim passage from that page.")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def page_ref(self) -> PageRef:
        """The page this record comes from, with the link that opens the viewer at it."""
        return PageRef.of(self)
