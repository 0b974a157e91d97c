"""Tantivy: an index in DATA_DIR/search-index (setting INNOCENCE_SEARCH_INDEX_DIR), outside
the database and its transactions.

Because it can drift from the database, the database stays the authority:
- every search is restricted to the documents the user may see *now* (read from the
  database), and every hit is re-checked against the user's pages before it is returned;
  a hit whose page no longer exists is dropped and removed from the index;
- ``innocence reindex`` rebuilds the index from the database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from innocence.search.query import And, Near, Node, Not, Or, Phrase, Term

from . import BackendResult, IndexedPage, Scope

TOKENIZER = "words"  # text arrives as folded words separated by spaces
WRITER_HEAP = 64_000_000
LOCK_WAIT_SECONDS = 30.0


def index_dir() -> Path:
    configured = getattr(settings, "INNOCENCE_SEARCH_INDEX_DIR", "") or ""
    return Path(configured) if configured else Path(settings.DATA_DIR) / "search-index"


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("page_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("document_id", indexed=True, fast=True)
    builder.add_text_field("text", tokenizer_name=TOKENIZER, index_option="position")
    return builder.build()


def to_query(node: Node, schema: tantivy.Schema) -> tantivy.Query:
    """Translate a parsed query into a Tantivy query."""
    if isinstance(node, Term):
        if node.prefix:
            return tantivy.Query.regex_query(schema, "text", _regex_escape(node.word) + ".*")
        return tantivy.Query.term_query(schema, "text", node.word)
    if isinstance(node, Phrase):
        return tantivy.Query.phrase_query(schema, "text", list(node.words))
    if isinstance(node, Near):
        # Tantivy's slop is ordered; "near" is either order.
        a, b = node.words
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.phrase_query(schema, "text", [a, b], node.distance)),
                (tantivy.Occur.Should, tantivy.Query.phrase_query(schema, "text", [b, a], node.distance)),
            ]
        )
    if isinstance(node, Or):
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, to_query(c, schema)) for c in node.children]
        )
    if isinstance(node, And):
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.MustNot, to_query(c.child, schema))
                if isinstance(c, Not)
                else (tantivy.Occur.Must, to_query(c, schema))
                for c in node.children
            ]
        )
    raise ValueError("NOT must be combined with a word to subtract from.")


def _regex_escape(word: str) -> str:
    return "".join("\\" + ch if ch in r".^$*+?()[]{}|\\" else ch for ch in word)


class TantivyBackend:
    name = "tantivy"

    def __init__(self, path: Path | None = None) -> None:
        self._fixed_path = path
        self._lock = threading.Lock()
        self._indexes: dict[Path, tantivy.Index] = {}

    # --- the index on disk ---------------------------------------------------------
    def _index(self) -> tantivy.Index:
        path = self._fixed_path or index_dir()
        with self._lock:
            index = self._indexes.get(path)
            if index is None:
                path.mkdir(parents=True, exist_ok=True)
                index = tantivy.Index(_schema(), path=str(path), reuse=True)
                index.register_tokenizer(
                    TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
                )
                self._indexes[path] = index
            return index

    def _writer(self, index: tantivy.Index, num_threads: int = 1) -> Any:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return index.writer(heap_size=WRITER_HEAP * max(1, num_threads), num_threads=num_threads)
            except ValueError:  # another process is writing (LockBusy): wait for it
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _write(self, pages: Sequence[IndexedPage], remove: Sequence[int], *, num_threads: int = 1) -> None:
        index = self._index()
        writer = self._writer(index, num_threads)
        try:
            for page_id in [*remove, *(p.page_id for p in pages)]:
                writer.delete_documents_by_term("page_id", page_id)
            for page in pages:
                writer.add_document(
                    tantivy.Document(page_id=page.page_id, document_id=page.document_id, text=page.text)
                )
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise

    def index_pages(self, pages: Sequence[IndexedPage]) -> None:
        if pages:
            self._write(pages, ())

    def bulk_index(self, pages: Iterable[IndexedPage], *, num_threads: int = 2) -> None:
        """Add pages known to be new (a rebuild): no deletes, several threads."""
        index = self._index()
        writer = self._writer(index, num_threads)
        for page in pages:
            writer.add_document(
                tantivy.Document(page_id=page.page_id, document_id=page.document_id, text=page.text)
            )
        writer.commit()
        writer.wait_merging_threads()

    def remove_pages(self, page_ids: Sequence[int]) -> None:
        if page_ids:
            self._write((), page_ids)

    def remove_document(self, document_id: int) -> None:
        index = self._index()
        writer = self._writer(index)
        writer.delete_documents_by_term("document_id", document_id)
        writer.commit()
        writer.wait_merging_threads()

    def clear(self) -> None:
        index = self._index()
        writer = self._writer(index)
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()

    # --- searching -------------------------------------------------------------------
    def search(self, root: Node, scope: Scope, *, limit: int, offset: int) -> BackendResult:
        document_ids = list(scope.documents.values_list("pk", flat=True))
        if not document_ids:
            return BackendResult(ranked=[], total=0)
        index = self._index()
        index.reload()
        schema = index.schema
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, to_query(root, schema)),
                (tantivy.Occur.Must, tantivy.Query.term_set_query(schema, "document_id", document_ids)),
            ]
        )
        searcher = index.searcher()
        result = searcher.search(query, limit=limit, offset=offset, count=True)
        scored = [(int(searcher.doc(address)["page_id"][0]), float(score)) for score, address in result.hits]
        # The database decides: keep only pages that exist and are in the user's scope now.
        allowed = set(scope.pages.filter(pk__in=[pk for pk, _ in scored]).values_list("pk", flat=True))
        ranked = [(pk, score) for pk, score in scored if pk in allowed]
        dropped = [pk for pk, _ in scored if pk not in allowed]
        if dropped:
            from innocence.documents.models import Page

            gone = set(dropped) - set(Page.objects.filter(pk__in=dropped).values_list("pk", flat=True))
            if gone:
                self.remove_pages(sorted(gone))
        total = max(0, int(getattr(result, "count", 0) or 0) - len(dropped))
        return BackendResult(ranked=ranked, total=total)
