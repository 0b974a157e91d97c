"""Reading facts off evidence records for rules: statuses, citations of tests."""

from __future__ import annotations

import datetime as dt

from innocence.findings.models import FindingStatus
from innocence.findings.registry import CitationDraft, cite_field

from ..models import ForensicTest

PRESENT = FindingStatus.PRESENT.value
ABSENT = FindingStatus.ABSENT.value
NOT_RECORDED = FindingStatus.NOT_RECORDED.value


def when(date: dt.date | None) -> str:
    return date.isoformat() if date else "an unrecorded date"


def quoted(text: str) -> str:
    text = " ".join((text or "").split())
    return f"“{text}”" if text else ""


def testimony_citation(test: ForensicTest) -> CitationDraft | None:
    """The trial-testimony page where the analyst said it, when recorded."""
    if not test.testimony_document_id and not test.testimony_quote:
        return None
    document = test.testimony_document
    return CitationDraft(
        document_id=test.testimony_document_id,
        document_title=str(getattr(document, "title", "") or ""),
        page_number=test.testimony_page if document is not None else None,
        quote=test.testimony_quote,
        source_model=test._meta.label, source_pk=str(test.pk), source_field="testimony_quote",
        source_value=test.testimony_quote or "not recorded", label=f"{test} — trial testimony",
    )


def test_citations(test: ForensicTest, *fields: str) -> list[CitationDraft]:
    cites = [cite_field(test, name, label=str(test)) for name in (fields or ("method",))]
    testimony = testimony_citation(test)
    if testimony is not None:
        cites.append(testimony)
    return cites


def items_label(test: ForensicTest) -> str:
    items = list(test.items.all())
    return "; ".join(i.description[:80] for i in items) if items else "items not recorded"
