"""Reads of the search index, always limited to what the user may see.

Every search starts from ``documents_visible_to(user)`` — itself built on
``innocence.cases.selectors.cases_visible_to`` — so hits *and counts* cover only the cases
(and case-less intake documents) the user may see. Every search is audited as SEARCH with
its query text and filters (not its results).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.models import AuditAction
from innocence.core.selectors import primary_membership
from innocence.documents.citations import PageRef
from innocence.documents.models import Document, Page
from innocence.documents.selectors import documents_visible_to

from .backends import Scope, SearchBackend, get_backend
from .expansion import expand
from .query import And, Filters, Fuzzy, FuzzyPhrase, Node, Or, ParsedQuery, QueryError, Term, parse
from .snippets import highlight
from .variants import MAX_VARIANTS, default_distance
from .vocabulary import neighbours

MAX_LIMIT = 500
#: OCR variants are looked up for at most this many words of a query, and shown (with their
#: page counts in the user's scope) for at most MAX_VARIANTS of each.
MAX_VARIANT_WORDS = 3


def low_confidence_threshold() -> float:
    """Pages OCR'd below this mean word confidence are marked (setting
    INNOCENCE_OCR_LOW_CONFIDENCE): words may be missed or misread there."""
    return float(getattr(settings, "INNOCENCE_OCR_LOW_CONFIDENCE", 70.0))


@dataclass(frozen=True)
class SearchHit:
    page_id: int
    document_id: int
    document_title: str
    case_reference: str  # "" for an intake document not yet on a case
    page_number: int
    rank: float
    snippet: str  # HTML: matched words in <mark>, everything else escaped
    doc_type: str = ""
    doc_date: dt.date | None = None
    privileged: bool = False
    url: str = ""  # the viewer at the page, finding the query there (PageRef.url)
    ocr_confidence: float | None = None  # mean OCR word confidence of the page, 0–100
    low_confidence: bool = False  # OCR'd below low_confidence_threshold(): words may be missed

    @property
    def doc_type_label(self) -> str:
        """The type as a reader says it ("Police report"); the API keeps the stored value."""
        return str(dict(Document._meta.get_field("doc_type").flatchoices).get(self.doc_type, self.doc_type))

    def as_dict(self) -> dict[str, Any]:
        return {
            "page_id": self.page_id,
            "document_id": self.document_id,
            "document_title": self.document_title,
            "case_reference": self.case_reference,
            "page_number": self.page_number,
            "rank": self.rank,
            "snippet": self.snippet,
            "doc_type": self.doc_type,
            "doc_date": self.doc_date.isoformat() if self.doc_date else None,
            "privileged": self.privileged,
            "url": self.url,
            "ocr_confidence": self.ocr_confidence,
            "low_confidence": self.low_confidence,
        }


@dataclass(frozen=True)
class VariantHit:
    """A word of the user's own pages that may be an OCR misreading of a query word."""

    word: str
    distance: int  # OCR-folded edits from the query word
    pages: int  # pages in the searched scope with this word
    query: str = ""  # the user's query with the word replaced by (word OR this variant)


@dataclass
class VariantGroup:
    word: str  # the query word, folded
    fuzzy: bool  # typed as word~N: these variants are already included in the results
    variants: list[VariantHit] = field(default_factory=list)
    include_query: str = ""  # the user's query with every variant shown included

    def as_dict(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "included": self.fuzzy,
            "include_query": self.include_query,
            "variants": [
                {"word": v.word, "distance": v.distance, "pages": v.pages, "query": v.query}
                for v in self.variants
            ],
        }


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    error: str = ""  # a plain-words message when the query could not be understood
    #: Too many pages match to rank them: ``total`` is "more than", hits are newest first.
    unranked: bool = False
    limit: int = 50
    offset: int = 0
    #: OCR variants of the query's words found in the searched pages, with page counts there.
    variants: list[VariantGroup] = field(default_factory=list)
    #: Pages of the searched scope OCR'd below the low-confidence threshold.
    low_confidence_pages: int = 0
    low_confidence_threshold: float = 70.0


def _tag_filter(tag: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(tags__contains=[tag])
    # SQLite has no JSON containment lookup: match the quoted element in the stored JSON list.
    return Q(tags__icontains=json.dumps(tag))


def scoped_documents(
    user: Any,
    *,
    case: Case | str | None = None,
    filters: Filters | None = None,
) -> QuerySet[Document]:
    """The documents a search covers: visible to the user, narrowed by the filters."""
    documents = documents_visible_to(user)
    if isinstance(case, Case):
        documents = documents.filter(case_id=case.pk)
    elif case:
        documents = documents.filter(case__reference=case)
    if filters is None:
        return documents
    if filters.cases:
        documents = documents.filter(case__reference__in=filters.cases)
    if filters.doc_types:
        documents = documents.filter(doc_type__in=filters.doc_types)
    if filters.provenances:
        documents = documents.filter(provenance__in=filters.provenances)
    if filters.date_from:
        documents = documents.filter(doc_date__gte=filters.date_from)
    if filters.date_to:
        documents = documents.filter(doc_date__lte=filters.date_to)
    for tag in filters.tags:
        documents = documents.filter(_tag_filter(tag))
    return documents


#: A scope of at most this many documents is read once and passed to the index queries as a
#: list of ids; a bigger one stays a subquery.
SCOPE_ID_LIMIT = 20_000


def _id_list(ids: list[int]) -> list[int] | RawSQL:
    """The ids for an ``__in`` lookup. SQLite gets them as one JSON parameter (its limit on
    bound variables); PostgreSQL as a list, which it checks as a hashed ``= ANY(array)``
    (an ``IN (SELECT unnest(...))`` became a per-row nested loop over the array)."""
    if connection.vendor == "postgresql":
        return ids
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


def resolved_scope(documents: QuerySet[Document]) -> Scope:
    """The scope of a search, its visibility rule evaluated once.

    Correlated to every matching index row, the rule (cases visible through memberships,
    teams and walls) was evaluated per page: most of a search's time for a word on
    thousands of pages. The visible documents are the same set read once, so the index
    query checks each page against a fixed list instead."""
    ids = list(documents.order_by().values_list("pk", flat=True)[: SCOPE_ID_LIMIT + 1])
    if not ids or len(ids) > SCOPE_ID_LIMIT:  # (an empty list cannot be compiled into SQL)
        pages = Page.objects.filter(Exists(documents.filter(pk=OuterRef("document_id"))))
        return Scope(pages=pages, documents=documents)
    listed = _id_list(ids)
    return Scope(
        pages=Page.objects.filter(document_id__in=listed), documents=Document.objects.filter(pk__in=listed)
    )


def _audit(
    user: Any, query: str, case: Case | str | None, filters: Filters, error: str, channel: str
) -> None:
    membership = primary_membership(user) if getattr(user, "is_authenticated", False) else None
    case_obj = case if isinstance(case, Case) else None
    changes: dict[str, Any] = {"query": query}
    described = {
        "case": (case.reference if isinstance(case, Case) else case) or None,
        "cases": filters.cases,
        "doc_types": filters.doc_types,
        "provenances": filters.provenances,
        "tags": filters.tags,
        "date_from": filters.date_from,
        "date_to": filters.date_to,
    }
    changes["filters"] = {k: v for k, v in described.items() if v}
    if error:
        changes["error"] = error
    if channel:
        changes["kind"] = channel
    audit.record(
        AuditAction.SEARCH,
        actor=user,
        case=case_obj,
        organization=case_obj.organization if case_obj else (membership.organization if membership else None),
        changes=changes,
        object_repr=f"search: {query}"[:300],
    )


def search_pages(
    user: Any,
    query: str,
    *,
    case: Case | str | None = None,
    doc_types: Sequence[str] = (),
    provenances: Sequence[str] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    tags: Sequence[str] = (),
    limit: int = 50,
    offset: int = 0,
    backend: str | None = None,
    audit_kind: str = "",
    record_audit: bool = True,
    variants: bool = True,
) -> SearchResult:
    """Ranked pages matching ``query`` within what ``user`` may see. A query that cannot be
    understood gives a result with ``error`` set (and no hits), never an exception.

    Fuzzy words (``Phemas~1``) and hyphen/spacing forms are widened from the vocabulary before
    the backend runs (:mod:`.expansion`). With ``variants``, the first page of results also
    lists the OCR variants of the query's words found in the scope, each with its page count
    there (never a word only other cases hold), and the result says how many pages of the
    scope were OCR'd with low confidence."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    result = SearchResult(query=query, limit=limit, offset=offset)
    try:
        parsed = parse(query)
    except QueryError as exc:
        parsed = None
        result.error = str(exc)
    filters = parsed.filters if parsed else Filters()
    filters.doc_types += [t for t in doc_types if t]
    filters.provenances += [p for p in provenances if p]
    filters.tags += [t for t in tags if t]
    filters.date_from = date_from or filters.date_from
    filters.date_to = date_to or filters.date_to
    if parsed is not None and parsed.root is None:
        result.error = "Type a word or a phrase to search for."
    if record_audit:
        _audit(user, query, case, filters, result.error, audit_kind)
    if result.error or parsed is None or parsed.root is None:
        return result

    documents = scoped_documents(user, case=case, filters=filters)
    scope = resolved_scope(documents)
    pages = scope.pages
    engine = get_backend(backend)
    root, fuzzy_words = expand(parsed.root)
    found = engine.search(root, scope, limit=limit, offset=offset)
    threshold = low_confidence_threshold()
    result.low_confidence_threshold = threshold
    if variants and offset == 0:
        result.variants = _variant_groups(engine, scope, parsed, fuzzy_words)
        result.low_confidence_pages = pages.filter(text_source="ocr", ocr_confidence__lt=threshold).count()
    result.total = found.total
    result.unranked = found.unranked
    rows = {
        page.pk: page
        for page in pages.filter(pk__in=[pk for pk, _ in found.ranked]).select_related("document__case")
    }
    terms = ParsedQuery(text=query, root=root, filters=filters).positive_words()
    for pk, score in found.ranked:
        page = rows.get(pk)
        if page is None:  # vanished between the two reads
            continue
        document = page.document
        result.hits.append(
            SearchHit(
                page_id=page.pk,
                document_id=document.pk,
                document_title=document.title,
                case_reference=document.case.reference if document.case else "",
                page_number=page.number,
                rank=score,
                snippet=highlight(page.text, terms),
                doc_type=document.doc_type,
                doc_date=document.doc_date,
                privileged=document.privileged,
                url=PageRef(document.pk, page.number, document_title=document.title, query=query).url,
                ocr_confidence=page.ocr_confidence,
                low_confidence=page.text_source == "ocr"
                and page.ocr_confidence is not None
                and page.ocr_confidence < threshold,
            )
        )
    return result


# --- OCR variants beside the results ---------------------------------------------------


def _variant_words(node: Node | None) -> list[tuple[str, int, bool]]:
    """(word, distance, typed fuzzy) for the words of the query worth looking up: plain and
    fuzzy words not under NOT, long enough to have misreadings worth showing."""
    found: list[tuple[str, int, bool]] = []

    def walk(n: Node) -> None:
        if isinstance(n, Term) and not n.prefix and default_distance(n.word) > 0:
            found.append((n.word, default_distance(n.word), False))
        elif isinstance(n, Fuzzy):
            found.append((n.word, n.distance, True))
        elif isinstance(n, FuzzyPhrase):
            found.extend((w, d, True) for w, d in zip(n.words, n.distances, strict=True) if d > 0)
        elif isinstance(n, And | Or):
            for child in n.children:
                walk(child)

    if node is not None:
        walk(node)
    unique: dict[str, tuple[str, int, bool]] = {}
    for item in found:
        unique.setdefault(item[0], item)
    return list(unique.values())[:MAX_VARIANT_WORDS]


def count_pages_with(engine: SearchBackend, scope: Scope, word: str) -> int:
    """Pages of the scope holding ``word`` — the only count of a variant a user is shown."""
    count = getattr(engine, "count", None)
    if count is not None:  # the SQL backends count without ranking (one query, not two)
        return int(count(Term(word), scope))
    return engine.search(Term(word), scope, limit=1, offset=0).total


def _replace_word(query: str, word: str, replacement: str) -> str:
    """The query with the bare word ``word`` (not in a phrase, not already fuzzy) replaced."""
    pattern = re.compile(rf'(?<![\w~*"-]){re.escape(word)}(?![\w~*-])', re.IGNORECASE)
    parts = query.split('"')
    changed = False
    for i in range(0, len(parts), 2):  # outside quotation marks only
        parts[i], n = pattern.subn(replacement, parts[i])
        changed = changed or n > 0
    return '"'.join(parts) if changed else ""


def _variant_groups(
    engine: SearchBackend, scope: Scope, parsed: ParsedQuery, fuzzy_words: dict[str, list[str]]
) -> list[VariantGroup]:
    groups: list[VariantGroup] = []
    for word, distance, typed in _variant_words(parsed.root):
        if typed:
            close = [(w, distance) for w in fuzzy_words.get(word, [])]
        else:
            close = neighbours(word, distance, limit=MAX_VARIANTS * 2)
        group = VariantGroup(word=word, fuzzy=typed)
        for candidate, edits in close:
            if len(group.variants) >= MAX_VARIANTS:
                break
            count = count_pages_with(engine, scope, candidate)
            if count:
                replaced = "" if typed else _replace_word(parsed.text, word, f"({word} OR {candidate})")
                group.variants.append(VariantHit(candidate, int(edits), count, replaced))
        if group.variants:
            group.variants.sort(key=lambda v: (v.distance, -v.pages, v.word))
            if not typed:
                either = " OR ".join([word, *(v.word for v in group.variants)])
                group.include_query = _replace_word(parsed.text, word, f"({either})")
            groups.append(group)
    return groups
