"""The JSON shape of timeline entries, proceedings and the calendar: one shape for the REST
API and the CLI's --json."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import Proceeding
from .selectors import Due
from .sources import Entry


def entry(e: Entry) -> dict[str, Any]:
    return {
        "key": e.key, "event_id": e.event.pk if e.event is not None else None, "kind": e.kind, "title": e.title,
        "date": e.date.iso(), "date_label": e.date_label, "precision": e.date.precision, "circa": e.date.circa,
        "date_start": e.date.start.isoformat(), "date_end": e.date.end.isoformat(),
        "time": e.time.strftime("%H:%M") if e.time else None, "status": e.status, "origin": e.origin,
        "person_id": e.person_id, "person": e.person_name or None,
        "citation": {"document_id": e.document_id, "document": e.document_title or None,
                     "page": e.page_number, "quote": e.quote or None, "source_field": e.source_field or None},
        "conflict_with": e.conflict_with or [],
    }


def proceeding(p: Proceeding) -> dict[str, Any]:
    return {
        "id": p.pk, "kind": p.kind, "title": p.title, "court": p.court, "docket_number": p.docket_number,
        "outcome": p.outcome or None, "notes": p.notes,
        "steps": [{
            "id": s.pk, "kind": s.kind, "label": s.label, "date": s.record_date.iso(), "date_label": s.date_label,
            "precision": s.precision, "outcome": s.outcome or None,
            "citation": {"document_id": s.document_id, "page": s.page_number, "quote": s.quote or None,
                         "source_field": s.source_field or None},
        } for s in p.steps.all()],
    }


def due(d: Due, today: dt.date) -> dict[str, Any]:
    return {"case": d.case.reference, "date": d.date.isoformat(), "days_left": d.days_left(today), "kind": d.kind,
            "title": d.title, "rule": d.rule or None, "unverified": d.unverified, "caveat": d.caveat or None}
