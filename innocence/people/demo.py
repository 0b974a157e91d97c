"""Demo data for people: read the demo cases' (fictional) pages for people, dates and places,
and resolve them, so that the demo's detective — Raymond Kessler, in LIC-DEMO-001 and
LIC-DEMO-002 — shows in the actor index with both cases, by role and by name in the record.
Idempotent: a case whose pages were already read is left alone."""

from __future__ import annotations

from typing import Any

from innocence.documents.models import Page

from . import extraction_service
from .models import Mention


def load(context: Any) -> None:
    for reference, case in sorted(context.cases.items()):
        if not case.is_fictional:
            continue  # never touch anything but the fictional demo organization
        pages = Page.objects.filter(document__case=case)
        if not pages.exists():
            continue
        if Mention.objects.filter(case=case).exists():
            continue
        count = extraction_service.extract_case(case)
        context.created.append(f"people read from {count} page(s) of {reference}")
