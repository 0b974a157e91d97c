"""SQLite FTS5: an index inside the database file, in the same transaction as the pages.

The virtual table ``search_page_fts`` (rowid = page id) is created by this app's migration
on SQLite only; a trigger removes a page's row when the page is deleted, so a deleted page
cannot be found even before anyone calls the search service.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from innocence.search.query import And, Near, Node, Not, Or, Phrase, Term

from . import BackendResult, IndexedPage, Scope, rank_limit
from .scope import correlated_exists

TABLE = "search_page_fts"

CREATE_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(text, tokenize='unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_page_deleted AFTER DELETE ON documents_page
        BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; END""",  # noqa: S608
]
DROP_SQL = [f"DROP TRIGGER IF EXISTS {TABLE}_page_deleted", f"DROP TABLE IF EXISTS {TABLE}"]


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def to_match(node: Node) -> str:
    """Translate a parsed query into an FTS5 MATCH expression."""
    if isinstance(node, Term):
        return _quote(node.word) + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return _quote(" ".join(node.words))
    if isinstance(node, Near):
        return f"NEAR({_quote(node.words[0])} {_quote(node.words[1])}, {node.distance})"
    if isinstance(node, Or):
        return "(" + " OR ".join(to_match(child) for child in node.children) + ")"
    if isinstance(node, And):
        positive = [to_match(c) for c in node.children if not isinstance(c, Not)]
        negative = [to_match(c.child) for c in node.children if isinstance(c, Not)]
        expression = "(" + " AND ".join(positive) + ")"
        for excluded in negative:
            expression = f"({expression} NOT {excluded})"
        return expression
    raise ValueError("NOT must be combined with a word to subtract from.")


class SqliteFts5Backend:
    name = "sqlite_fts5"

    def index_pages(self, pages: Sequence[IndexedPage]) -> None:
        if not pages:
            return
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(p.page_id,) for p in pages])  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {TABLE}(rowid, text) VALUES (%s, %s)",  # noqa: S608
                [(p.page_id, p.text) for p in pages],
            )

    def remove_pages(self, page_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in page_ids])  # noqa: S608

    def remove_document(self, document_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid IN (SELECT id FROM documents_page WHERE document_id = %s)",  # noqa: S608
                (document_id,),
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608

    def _where(self, root: Node, scope: Scope) -> tuple[str, tuple[Any, ...]]:
        exists_sql, exists_params = correlated_exists(scope.pages, f"{TABLE}.rowid")
        return f"{TABLE} MATCH %s AND {exists_sql}", (to_match(root), *exists_params)

    def count(self, root: Node, scope: Scope) -> int:
        """Pages of the scope matching ``root``, counted up to one past the ranking limit
        (the ``total`` that ``search`` gives), without ranking any."""
        where, params = self._where(root, scope)
        with connection.cursor() as cursor:
            # Stop past the ranking limit: the cost stays bounded for any query.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s)",  # noqa: S608
                (*params, rank_limit() + 1),
            )
            return int(cursor.fetchone()[0])

    def search(self, root: Node, scope: Scope, *, limit: int, offset: int) -> BackendResult:
        where, params = self._where(root, scope)
        cap = rank_limit()
        total = self.count(root, scope)
        with connection.cursor() as cursor:
            if total > cap:
                cursor.execute(
                    f"SELECT rowid FROM {TABLE} WHERE {where} ORDER BY rowid DESC LIMIT %s OFFSET %s",  # noqa: S608
                    (*params, limit, offset),
                )
                return BackendResult([(int(pk), 0.0) for (pk,) in cursor.fetchall()], total, unranked=True)
            cursor.execute(
                f"SELECT rowid, bm25({TABLE}) AS score FROM {TABLE} WHERE {where} "  # noqa: S608
                "ORDER BY score, rowid LIMIT %s OFFSET %s",
                (*params, limit, offset),
            )
            ranked = [(int(pk), -float(score)) for pk, score in cursor.fetchall()]
        return BackendResult(ranked=ranked, total=total)
