"""The Timeline tab of a case: the chronology (structured facts, confirmed events and
proposals from the pages, conflicts flagged with both citations), the visual timeline, the
litigation history, the deadlines computed from the rules with their inputs and arithmetic,
and the case's calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case
from innocence.core.access import can_edit_case
from innocence.documents.citations import quote_query, viewer_url

from . import deadlines as deadline_rules
from .models import EventKind, EventStatus
from .selectors import (
    Filters,
    all_entries,
    calendar_items_for_case,
    filter_choices,
    proceedings_for_case,
)
from .sources import Entry


def _visual_item(entry: Entry) -> dict[str, Any]:
    start = dt.datetime.combine(entry.date.start, entry.time) if entry.time else entry.date.start
    item: dict[str, Any] = {
        "id": entry.key, "content": entry.title[:80], "start": start.isoformat(),
        "kind": entry.kind, "kind_label": entry.kind_label, "person": entry.person_name or "(no person)",
        "title": f"{entry.date_label} · {entry.kind_label} · {entry.status_label}",
        "status": entry.status, "conflict": entry.conflict,
        "url": viewer_url(entry.document_id, entry.page_number, quote_query(entry.quote)),
    }
    if entry.date.end > entry.date.start:
        item["end"] = (entry.date.end + dt.timedelta(days=1)).isoformat()
    return item


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    filters = Filters.from_query(request.GET)
    entries = all_entries(case)
    shown = [e for e in entries if filters.accepts(e)]
    by_key = {e.key: e for e in entries}
    for entry in shown:
        entry.conflict_entries = [by_key[k] for k in (entry.conflict_with or []) if k in by_key]  # type: ignore[attr-defined]
    today = dt.date.today()
    return {
        "entries": shown,
        "proposed": [e for e in entries if e.status == EventStatus.PROPOSED],
        "conflicts": [e for e in shown if e.conflict],
        "filters": filters,
        "choices": filter_choices(entries),
        "kinds": EventKind.choices,
        "visual_items": [_visual_item(e) for e in shown],
        "proceedings": proceedings_for_case(case),
        "computations": deadline_rules.computations_for_case(case, today=today),
        "reference_rules": deadline_rules.reference_rules(),
        "calendar_items": calendar_items_for_case(case),
        "can_edit": can_edit_case(request.user, case),
        "today": today,
        "query": request.GET.urlencode(),
    }
