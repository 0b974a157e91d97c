"""One shape for a place in the record: :class:`PageRef` — a page of a document, the verbatim
passage there, and the link that opens the documents viewer at it.

Findings' record citations, excerpts, search hits, the Witness lens's records and claim
proposals, the actor index (and later memos) all cite through it, so a citation looks and
links the same everywhere. It lives in ``documents`` because the viewer does; ``search``,
``people``, ``findings`` and the lenses may import it (they all sit above documents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

#: How many of a quote's first words the viewer is asked to find: enough to land on the
#: passage, few enough that a line break or hyphenation further on does not lose it.
QUOTE_FIND_WORDS = 6

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)  # a word as the search index splits text


def viewer_url(document_id: int | None, page_number: int | None = None, query: str = "") -> str:
    """The documents viewer at a page of a document, asked to find ``query`` there (the
    search query language: words, "phrases", OR, NOT, NEAR). "" when there is no document."""
    if not document_id:
        return ""
    params: dict[str, Any] = {}
    if page_number:
        params["page"] = page_number
    if query:
        params["q"] = query
    url = reverse("documents:viewer", kwargs={"pk": document_id})
    return f"{url}?{urlencode(params)}" if params else url


def quote_query(quote: str) -> str:
    """The query that finds a verbatim passage in the viewer: its first words as a phrase."""
    words = _WORD_RE.findall(quote or "")[:QUOTE_FIND_WORDS]
    if not words:
        return ""
    return words[0] if len(words) == 1 else '"' + " ".join(words) + '"'


@dataclass(frozen=True)
class PageRef:
    """A page of a document and, optionally, the verbatim passage on it.

    ``query`` is what the viewer is asked to find when the link is opened: by default the
    quote's first words; a search hit passes the user's query instead."""

    document_id: int | None
    page_number: int | None
    quote: str = ""
    document_title: str = ""
    query: str = ""

    @classmethod
    def of(cls, record: Any, *, quote: str | None = None, query: str = "") -> PageRef:
        """The PageRef of anything with ``document`` (or ``document_id``), ``page_number``
        (or a ``page``) and ``quote`` — a record citation, an excerpt, a Witness-lens record."""
        page = getattr(record, "page", None)
        page_number = getattr(record, "page_number", None)
        if page_number is None and page is not None and not isinstance(page, int):
            page_number = getattr(page, "number", None)
        document_id = getattr(record, "document_id", None)
        title = str(getattr(record, "document_title", "") or "")
        if not title and document_id:
            document = getattr(record, "document", None)
            title = str(getattr(document, "title", "") or "")
        return cls(
            document_id=document_id,
            page_number=page_number,
            quote=str(getattr(record, "quote", "") or "") if quote is None else quote,
            document_title=title,
            query=query,
        )

    @property
    def has_page(self) -> bool:
        return bool(self.document_id or self.document_title) and bool(self.page_number)

    @property
    def url(self) -> str:
        """The viewer at the page, finding the passage ("" when the document is gone)."""
        return viewer_url(self.document_id, self.page_number, self.query or quote_query(self.quote))

    @property
    def label(self) -> str:
        """'trial-vol-2.pdf, p. 14' — how a citation is written."""
        title = self.document_title or "(document removed)"
        return f"{title}, p. {self.page_number}" if self.page_number else title

    def as_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "document": self.document_title,
            "page": self.page_number,
            "quote": self.quote,
            "url": self.url,
        }
