"""The document page stays small for a big document: its page list comes in parts of 200
rows (by page number, no count), with the same queries for 10 pages as for 2,500."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from innocence.documents.models import Document, Page

from .conftest import make_pdf


def _grow(document: Document, pages: int) -> None:
    have = document.pages.count()
    Page.objects.bulk_create(
        [Page(document=document, number=n, text=f"fictional page {n}", text_source="layer")
         for n in range(have + 1, pages + 1)],
        batch_size=500,
    )
    Document.objects.filter(pk=document.pk).update(page_count=pages)


def _get(client: Any, document: Document, query: str = "") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/documents/{document.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_the_page_list_comes_in_parts(client: Any, world: Any, add: Any, drain: Any) -> None:
    document = add("long.pdf", make_pdf(["Fictional first page"])).document
    drain()
    _grow(document, 10)
    client.force_login(world.on_team)
    small, small_queries = _get(client, document)
    assert small.count("?page=") >= 10 and 'rel="next"' not in small
    _grow(document, 2500)
    html, queries = _get(client, document)
    assert queries <= small_queries
    rows = html.count('<li><a href="/documents/')
    assert rows == 200, rows
    assert "pages 1–200 of 2500" in html and 'rel="next"' in html
    last, _ = _get(client, document, "?pages=13")
    assert "?page=2500" in last and "?page=2400\"" not in last and 'rel="next"' not in last
    assert "pages 2401–2500 of 2500" in last
    beyond, _ = _get(client, document, "?pages=99999")
    assert "pages 2401–2500 of 2500" in beyond
    junk, _ = _get(client, document, "?pages=x")
    assert "pages 1–200 of 2500" in junk
