"""Template helpers for showing record citations."""

from __future__ import annotations

from django import template

from innocence.documents.citations import PageRef

register = template.Library()


@register.filter
def field_label(name: str) -> str:
    """``duration_seconds`` → ``duration seconds``."""
    return str(name or "").replace("_", " ")


@register.simple_tag
def page_link(document_id: int | None, page_number: int | None, quote: str = "") -> str:
    """URL of the documents viewer at a page (empty when there is no viewer or no document)."""
    return PageRef(document_id, page_number, quote).url
