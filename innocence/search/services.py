"""Writes to the search index. The documents pipeline calls :func:`index_pages_by_id`
after it writes or corrects page text (see settings.INNOCENCE_PAGE_TEXT_CONSUMERS); page
deletions also leave the SQL indexes on their own (a trigger on SQLite, the PageVector row
on PostgreSQL), and the Tantivy index drops a deleted page the first time it would show.

Indexing also adds the pages' new words to the vocabulary (:mod:`.vocabulary`), from which
fuzzy terms and OCR variants are found, whatever the backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import transaction

from innocence.documents.models import Page

from . import vocabulary
from .backends import IndexedPage, SearchBackend, get_backend
from .query import words_of

CHUNK = 500


def _rows(page_ids: Iterable[int]) -> Iterator[IndexedPage]:
    pages = Page.objects.filter(pk__in=list(page_ids)).values_list(
        "pk", "document_id", "document__case_id", "document__organization_id", "text"
    )
    for pk, document_id, case_id, organization_id, text in pages.iterator(chunk_size=CHUNK):
        yield IndexedPage(
            page_id=pk,
            document_id=document_id,
            case_id=case_id,
            organization_id=organization_id,
            text=" ".join(words_of(text or "")),
        )


def _all_rows() -> Iterator[IndexedPage]:
    last = 0
    while True:
        ids = list(Page.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[: CHUNK * 10])
        if not ids:
            return
        for start in range(0, len(ids), CHUNK):
            yield from _rows(ids[start : start + CHUNK])
        last = ids[-1]


def _words(rows: Iterable[IndexedPage]) -> set[str]:
    words: set[str] = set()
    for row in rows:
        words.update(row.text.split())
    return words


def index_pages_by_id(page_ids: list[int], *, backend: SearchBackend | None = None) -> None:
    """(Re)index these pages: upsert each; a page id that no longer exists leaves the index."""
    backend = backend or get_backend()
    ids = sorted({int(pk) for pk in page_ids})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = list(_rows(chunk))
        with transaction.atomic():
            backend.index_pages(rows)
            vocabulary.add_words(_words(rows))
            missing = sorted(set(chunk) - {row.page_id for row in rows})
            if missing:
                backend.remove_pages(missing)


def remove_document(document_id: int, *, backend: SearchBackend | None = None) -> None:
    """Take every page of this document out of the index."""
    (backend or get_backend()).remove_document(int(document_id))


def reindex_all(*, backend: SearchBackend | None = None) -> int:
    """Rebuild the whole index from the database (the database is authoritative).
    Returns the number of pages indexed."""
    backend = backend or get_backend()
    backend.clear()
    vocabulary.clear()
    count = 0
    bulk = getattr(backend, "bulk_index", None)
    if bulk is not None:  # an index outside the database: one writer for the whole rebuild
        pending: set[str] = set()

        def counted() -> Iterator[IndexedPage]:
            nonlocal count
            for row in _all_rows():
                count += 1
                pending.update(row.text.split())
                if len(pending) > 50_000:
                    vocabulary.add_words(pending)
                    pending.clear()
                yield row

        bulk(counted())
        vocabulary.add_words(pending)
        return count
    batch: list[IndexedPage] = []
    for row in _all_rows():
        batch.append(row)
        if len(batch) >= CHUNK * 10:
            with transaction.atomic():
                backend.index_pages(batch)
                vocabulary.add_words(_words(batch))
            count += len(batch)
            batch = []
    with transaction.atomic():
        backend.index_pages(batch)
        vocabulary.add_words(_words(batch))
    return count + len(batch)
