"""Batch search: a list of names or terms swept through every case the user may see
(one detective's or informant's name through every file), with a CSV export.

Each line is searched as an exact phrase ("John Halvorsen" finds that name, not pages with
"John" somewhere and "Halvorsen" elsewhere); a line that is a single word ending in * is a
prefix. With ``fuzzy``, each word of four letters or more may also be an OCR misreading
(``"John~ Halvorsen~"``, see the query language). As on the search page, each term lists
the OCR variants of its words found in the user's cases, with page counts there, and hits on
low-confidence OCR pages are marked. A list is read from pasted text or an uploaded
.txt/.csv (first column).
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import strip_tags

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.models import AuditAction
from innocence.core.selectors import primary_membership

from .query import WORD_RE, words_of
from .selectors import SearchHit, VariantGroup, search_pages
from .variants import default_distance

MAX_TERMS = 500
MAX_FILE_BYTES = 1024 * 1024
HITS_PER_TERM = 50
#: OCR variants (each a few lookups) are listed for lists up to this long.
MAX_TERMS_WITH_VARIANTS = 100


class TermListError(ValueError):
    """A term list that cannot be read; the message names the file and says why."""


@dataclass
class TermResult:
    term: str
    query: str
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    error: str = ""
    variants: list[VariantGroup] = field(default_factory=list)
    low_confidence_hits: int = 0  # of the hits listed, those on low-confidence OCR pages


def terms_from_text(text: str) -> list[str]:
    """One term per line; blank lines and duplicates dropped, order kept. A CSV line
    contributes its first column."""
    terms: list[str] = []
    for row in csv.reader(io.StringIO(text)):
        if not row:
            continue
        term = row[0].strip()
        if term and not term.startswith("#") and term not in terms:
            terms.append(term)
    return terms


def terms_from_upload(name: str, data: bytes) -> list[str]:
    if len(data) > MAX_FILE_BYTES:
        raise TermListError(f"'{name}' is larger than {MAX_FILE_BYTES // 1024} KB; split the list.")
    if not name.lower().endswith((".txt", ".csv")):
        raise TermListError(f"'{name}' is not a .txt or .csv file; upload a plain list of terms.")
    if b"\x00" in data[:4096]:
        raise TermListError(f"'{name}' is not a text file (it contains binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise TermListError(f"'{name}' is not readable text (neither UTF-8 nor Windows-1252).") from None
    return terms_from_text(text)


def term_query(term: str, *, fuzzy: bool = False) -> str:
    """The query a listed term stands for: an exact phrase, or a prefix for 'word*'; with
    ``fuzzy``, a phrase whose longer words may be misread (``"John~1 Halvorsen~2"``)."""
    stripped = term.strip()
    if stripped.endswith("*") and len(words_of(stripped)) == 1 and " " not in stripped:
        return stripped
    if fuzzy:
        words = WORD_RE.findall(stripped)
        marked = [
            f"{w}~{default_distance(w.lower())}" if default_distance(w.lower()) else w for w in words
        ]
        if marked:
            return '"' + " ".join(marked) + '"'
    return '"' + stripped.replace('"', " ") + '"'


def batch_search(
    user: Any,
    terms: Iterable[str],
    *,
    case: Case | str | None = None,
    hits_per_term: int = HITS_PER_TERM,
    fuzzy: bool = False,
) -> list[TermResult]:
    """Hits per term across the user's cases (or one case). Audited once, with the terms."""
    terms = list(terms)
    if len(terms) > MAX_TERMS:
        raise TermListError(f"The list has {len(terms)} terms; at most {MAX_TERMS} at a time.")
    results: list[TermResult] = []
    with_variants = len(terms) <= MAX_TERMS_WITH_VARIANTS
    for term in terms:
        query = term_query(term, fuzzy=fuzzy)
        found = search_pages(
            user, query, case=case, limit=hits_per_term, record_audit=False, variants=with_variants
        )
        results.append(
            TermResult(
                term=term,
                query=query,
                total=found.total,
                hits=found.hits,
                error=found.error,
                variants=found.variants,
                low_confidence_hits=sum(1 for hit in found.hits if hit.low_confidence),
            )
        )
    membership = primary_membership(user)
    audit.record(
        AuditAction.SEARCH,
        actor=user,
        case=case if isinstance(case, Case) else None,
        organization=case.organization
        if isinstance(case, Case)
        else (membership.organization if membership else None),
        changes={
            "kind": "batch",
            "terms": terms,
            "case": getattr(case, "reference", case) or None,
            **({"fuzzy": True} if fuzzy else {}),
        },
        object_repr=f"batch search: {len(terms)} terms",
    )
    return results


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


CSV_HEADER = [
    "term", "total pages", "case", "document", "document id", "page", "passage", "link", "ocr confidence",
]


def batch_csv(results: list[TermResult], *, base_url: str = "") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for result in results:
        if not result.hits:
            writer.writerow(
                [_cell(v) for v in (result.term, result.total, "", "", "", "", result.error, "", "")]
            )
        for hit in result.hits:
            passage = html.unescape(strip_tags(hit.snippet))
            row = (
                result.term,
                result.total,
                hit.case_reference,
                hit.document_title,
                hit.document_id,
                hit.page_number,
                passage,
                base_url + hit.url if hit.url else "",
                "" if hit.ocr_confidence is None else f"{hit.ocr_confidence:.0f}"
                + (" (low: words may be missed)" if hit.low_confidence else ""),
            )
            writer.writerow([_cell(v) for v in row])
    return out.getvalue()
