"""Exports of the chronology: CSV (every column a reviewer needs to check a date against its
source) and iCalendar (RFC 5545, through the ``icalendar`` library) of events and deadlines.

A calendar feed shows only the case reference and the kind of item unless its owner asked for
details: a phone's calendar is not a confidential place."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as ICalEvent

from innocence.cases.models import Case

from .dates import Precision
from .selectors import Due
from .sources import Entry

CSV_COLUMNS = ("date", "date_label", "precision", "circa", "date_start", "date_end", "time", "kind", "title",
               "status", "origin", "person", "document", "page", "quote", "source_field", "conflict")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Cells a spreadsheet would run as a formula are quoted (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def chronology_csv(entries: Iterable[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow([_cell(v) for v in (
            e.date.iso(), e.date_label, e.date.precision, "yes" if e.date.circa else "", e.date.start.isoformat(),
            e.date.end.isoformat(), e.time.strftime("%H:%M") if e.time else "", e.kind_label, e.title,
            e.status_label, e.origin, e.person_name, e.document_title, e.page_number or "", e.quote,
            e.source_field, "; ".join(e.conflict_with or []) if e.conflict else "",
        )])
    return out.getvalue()


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Innocence Files//Timeline//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _host() -> str:
    return str(getattr(settings, "INNOCENCE_CALENDAR_UID_DOMAIN", "innocence-files.local"))


def chronology_ics(case: Case, entries: Iterable[Entry]) -> bytes:
    """The case's events as all-day (or, with a time, timed) calendar entries. Dates less
    precise than a day are exported as all-day spans over the whole month/season/year, with
    the precision in the title, so a calendar never shows a day the record did not give."""
    cal = _calendar(f"{case.reference} chronology")
    stamp = dt.datetime.now(dt.UTC)
    for e in entries:
        item = ICalEvent()
        item.add("uid", f"{case.reference}-{e.key.replace(':', '-')}@{_host()}")
        item.add("dtstamp", stamp)
        precise = e.date.precision == Precision.DAY
        item.add("summary", e.title if precise else f"{e.title} [{e.date_label}]")
        if precise and e.time:
            item.add("dtstart", dt.datetime.combine(e.date.start, e.time))
        else:
            item.add("dtstart", e.date.start)
            item.add("dtend", e.date.end + dt.timedelta(days=1))
        source = (f"{e.document_title} p. {e.page_number}: \"{e.quote}\"" if e.document_title
                  else e.source_field)
        item.add("description", f"{e.kind_label}; {e.status_label}. Source: {source}")
        cal.add_component(item)
    return cal.to_ical()


def deadlines_ics(name: str, due: Iterable[Due], *, include_details: bool) -> bytes:
    cal = _calendar(name)
    stamp = dt.datetime.now(dt.UTC)
    for d in due:
        item = ICalEvent()
        item.add("uid", f"{d.case.reference}-{d.uid}@{_host()}")
        item.add("dtstamp", stamp)
        if include_details:
            item.add("summary", f"{d.case.reference}: {d.title}")
            parts = [d.kind]
            if d.rule:
                parts.append(f"Rule: {d.rule}{' (unverified)' if d.unverified else ''}")
            if d.detail:
                parts.append(d.detail)
            if d.caveat:
                parts.append(d.caveat)
            item.add("description", "\n".join(parts))
        else:
            item.add("summary", f"{d.case.reference}: {d.kind}")
            if d.caveat:
                item.add("description", d.caveat)
        if d.time:
            item.add("dtstart", dt.datetime.combine(d.date, d.time))
        else:
            item.add("dtstart", d.date)
            item.add("dtend", d.date + dt.timedelta(days=1))
        cal.add_component(item)
    return cal.to_ical()
