"""Writes to the search index. The documents pipeline calls :func:`index_pages_by_id`
after it writes or corrects page text (see settings.INNOCENCE_PAGE_TEXT_CONSUMERS).

(Stub: the index is being built; these calls are accepted and do nothing yet.)
"""

from __future__ import annotations


def index_pages_by_id(page_ids: list[int]) -> None:
    """(Re)index these pages: upsert each; a page id that no longer exists leaves the index."""


def remove_document(document_id: int) -> None:
    """Take every page of this document out of the index."""


def reindex_all() -> int:
    """Rebuild the whole index from the database (the database is authoritative).
    Returns the number of pages indexed."""
    return 0
