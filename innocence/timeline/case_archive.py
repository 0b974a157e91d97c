"""The case's chronology, litigation history and calendar inside a case archive (see
:mod:`innocence.cases.archive`).

Members of the ``timeline/`` section:

    timeline/timeline.json   events (confirmed, proposed and rejected — a rejection must
                             survive the trip, or the proposer would bring it back),
                             proceedings and their steps, calendar items; the persons
                             events name that case.json does not carry
    timeline/README.txt      what travels and what does not

Not carried: computed deadlines (recomputed from the rules and the steps on import), the
facts the chronology reads from other records (they travel with their own sections), and
calendar feeds (a user's secret, not the case's).
"""

from __future__ import annotations

from typing import Any

from innocence.cases.archive import ArchiveReader, ArchiveWriter, ImportContext
from innocence.cases.archive_records import (
    RecordSpec,
    ensure_people,
    export_people,
    export_rows,
    import_rows,
    parse_section,
)
from innocence.cases.models import Case

from .models import CalendarItem, Event, Proceeding, ProceedingStep

SECTION = "timeline"
INDEX = "timeline.json"
README = "README.txt"
SCHEMA_VERSION = 1

SPECS = [
    RecordSpec("events", Event),
    RecordSpec("proceedings", Proceeding),
    RecordSpec("steps", ProceedingStep),
    RecordSpec("calendar_items", CalendarItem),
]

README_TEXT = """\
The chronology, litigation history and calendar of this case, as exported by Innocence Files.

timeline.json  events: each dated event with its precision (day, month, season, year, range;
               circa), its citation (document id, page, verbatim quote, or structured field)
               and its review status (confirmed, proposed, rejected); proceedings and their
               steps (filings, rulings, hearings, finality) with dates and citations;
               calendar_items: deadlines, hearings and reminders entered by people.

Not included: deadlines computed from the rules (recomputed on import), facts read from
other records (they travel in their own sections) and calendar feed secrets.
"""


def export(case: Case, writer: ArchiveWriter) -> None:
    persons: set[int] = set()
    data: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "events": export_rows(SPECS[0], Event.objects.filter(case=case).order_by("id"), persons),
        "proceedings": export_rows(SPECS[1], Proceeding.objects.filter(case=case).order_by("id"), persons),
        "steps": export_rows(SPECS[2], ProceedingStep.objects.filter(proceeding__case=case).order_by("id"),
                             persons),
        "calendar_items": export_rows(SPECS[3], CalendarItem.objects.filter(case=case).order_by("id"), persons),
    }
    if not any(data[s.key] for s in SPECS):
        return
    data["people"] = export_people(case, persons)
    writer.add_json(INDEX, data)
    writer.add_bytes(README, README_TEXT.encode())


def _parse(reader: ArchiveReader) -> Any:
    return parse_section(f"{SECTION}/{INDEX}", reader.json(INDEX), SPECS, version=SCHEMA_VERSION)


def validate(reader: ArchiveReader) -> None:
    if reader.exists(INDEX):
        _parse(reader)


def import_(case: Case, reader: ArchiveReader, ctx: ImportContext) -> None:
    if not reader.exists(INDEX):
        return
    parsed = _parse(reader)
    ensure_people(parsed, ctx)
    where = f"{SECTION}/{INDEX}"
    for spec in SPECS:
        import_rows(spec, parsed.rows[spec.key], ctx, case=case, where=where, optional_refs=("document",))
