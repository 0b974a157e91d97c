"""A document's own date, read from its first page where the record states one.

"DATE: 03/14/1987", "Date of Report  March 14, 1987", a letter's dated line: the labels are
data (``knowledge/documents/date_labels.yaml``), the date is read by this app's parser
(:func:`innocence.timeline.dates.parse_record_date`, the one a person's typed dates go
through), and what is found is kept on the document with the page and the verbatim passage
it came from (:func:`innocence.documents.services.document_date_from_page`). No label, no
date: "not recorded", never a guess. Declared as the page-text consumer
``timeline.document_date`` (documents sits below timeline and cannot use its parser itself).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from innocence.knowledge import loader as knowledge

from .dates import DateError, Precision, parse_record_date

#: The most words a written date takes ("on or about the 14th day of March, 1987").
MAX_DATE_WORDS = 7


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    quote: str  # verbatim from the page: the label and the date as written


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], int, int]:
    data = knowledge.load("documents/date_labels.yaml")
    labels = sorted((str(x) for x in data.get("labels", [])), key=len, reverse=True)
    refused = sorted((str(x) for x in data.get("not_labels", [])), key=len, reverse=True)

    def words(label: str) -> str:
        return r"\s+".join(re.escape(w) for w in label.split())

    label = re.compile(
        r"(?:^|\s{2,}|\t|\|)\s*(?P<label>" + "|".join(words(x) for x in labels) + r")\b\s*[:.\-]?\s*",
        re.IGNORECASE,
    )
    refuse = re.compile(r"^(?:" + "|".join(words(x) for x in refused) + r")\b", re.IGNORECASE)
    lead = "|".join(words(str(x)) for x in data.get("lead_words", []))
    if lead:
        label = re.compile(label.pattern + r"(?:(?:" + lead + r")\s+)?", re.IGNORECASE)
    return label, refuse, int(data.get("header_lines", 25)), int(data.get("bare_date_lines", 6))


def _day(text: str) -> dt.date | None:
    try:
        found = parse_record_date(text)
    except DateError:
        return None
    return found.start if found.precision == Precision.DAY and not found.circa else None


def _date_at_start(line: str, start: int) -> tuple[dt.date, int] | None:
    """The longest run of words from ``start`` that is a whole day; its end in ``line``."""
    tokens = list(re.finditer(r"\S+", line[start:]))[:MAX_DATE_WORDS]
    for count in range(len(tokens), 0, -1):
        end = start + tokens[count - 1].end()
        text = line[start:end].rstrip(".,;:")
        day = _day(text)
        if day is not None:
            return day, start + len(text)
    return None


def read_header_date(text: str) -> FoundDate | None:
    """The document's date stated in the header of this (first) page, or None."""
    label, refuse, header_lines, bare_lines = _patterns()
    lines = (text or "").splitlines()[:header_lines]
    for number, line in enumerate(lines):
        for match in label.finditer(line):
            begin = match.start("label")
            if refuse.match(line[begin:]):
                continue
            found = _date_at_start(line, match.end())
            if found is not None:
                return FoundDate(found[0], line[begin : found[1]].strip())
        if number < bare_lines and line.strip():
            stripped = line.strip()
            day = _day(stripped.rstrip(".,;:"))
            if day is not None:
                return FoundDate(day, stripped)
    return None


def pages_changed(page_ids: list[int]) -> None:
    """Page-text consumer: for each first page among these, read its header date and keep
    it on the document (or clear a date that an earlier text of the page gave)."""
    from innocence.documents.models import DateSource, Page
    from innocence.documents.services import document_date_from_page

    pages: Any = Page.objects.filter(pk__in=page_ids, number=1).select_related("document")
    for page in pages:
        found = read_header_date(page.text)
        if found is None and page.document.doc_date_source != DateSource.PAGE:
            continue  # no date to keep and none read from the page to clear (most new files)
        document_date_from_page(
            document=page.document,
            date=found.date if found else None,
            page_number=page.number,
            quote=found.quote if found else "",
        )
