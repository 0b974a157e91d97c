"""Search fixtures: documents and pages written straight into the tables (fictional text)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

BACKENDS = ["sqlite_fts5", "tantivy", "postgres"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is slow on purpose; these tests create many users and never test hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_document(db: Any) -> Callable[..., Any]:
    from innocence.documents.models import Document, Page, StoredFile

    counter = {"n": 0}

    def make(
        case: Any,
        pages: list[str],
        *,
        title: str = "",
        organization: Any = None,
        doc_type: str = "transcript",
        provenance: str = "court_file",
        doc_date: Any = None,
        tags: list[str] | None = None,
        index: bool = True,
    ) -> Any:
        from innocence.search import services

        counter["n"] += 1
        organization = organization or case.organization
        digest = hashlib.sha256(f"{organization.pk}-{counter['n']}-{title}".encode()).hexdigest()
        stored = StoredFile.objects.create(
            organization=organization,
            sha256=digest,
            size=100,
            mime_type="text/plain",
            original_name=f"{title or 'doc'}.txt",
            storage_path=f"originals/{digest}",
        )
        document = Document.objects.create(
            organization=organization,
            case=case,
            stored_file=stored,
            title=title or f"Document {counter['n']}",
            doc_type=doc_type,
            provenance=provenance,
            doc_date=doc_date,
            tags=tags or [],
            status="done",
            page_count=len(pages),
        )
        created = Page.objects.bulk_create(
            [
                Page(document=document, number=i, text=text, text_source="layer")
                for i, text in enumerate(pages, 1)
            ]
        )
        if index:
            services.index_pages_by_id([p.pk for p in created])
        return document

    return make


@pytest.fixture(params=BACKENDS)
def search_backend(request: Any, settings: Any, tmp_path: Any, db: Any) -> str:
    """Each backend that can run on this database, selected through the setting."""
    from django.db import connection

    from innocence.search.backends import _instances

    name = request.param
    if name == "sqlite_fts5" and connection.vendor != "sqlite":
        pytest.skip("SQLite FTS5 runs on SQLite only")
    if name == "postgres" and connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend runs on PostgreSQL only")
    settings.INNOCENCE_SEARCH_BACKEND = name
    settings.INNOCENCE_SEARCH_INDEX_DIR = str(tmp_path / "search-index")
    _instances.pop(name, None)
    return name
