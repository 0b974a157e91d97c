"""``{% find_in_document document page query as find %}`` for the documents viewer: the
search package's query language applied to one document (see ``search/in_document.py``).

A template tag, not an import, so that ``documents`` does not depend on ``search`` (search
is built on documents, not the reverse)."""

from __future__ import annotations

from typing import Any

from django import template

from ..in_document import InDocumentFind
from ..in_document import find_in_document as _find

register = template.Library()


@register.simple_tag
def find_in_document(document: Any, page: Any, query: str) -> InDocumentFind:
    return _find(document, query or "", page_text=getattr(page, "text", "") or "", page=page)


@register.filter
def next_hit(find: InDocumentFind, number: int) -> int | None:
    return find.next_after(number)


@register.filter
def previous_hit(find: InDocumentFind, number: int) -> int | None:
    return find.previous_before(number)
