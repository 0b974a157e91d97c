"""The dated facts the app already holds, read as timeline entries (never copied: they stay
in their own records and change there).

Each source is a line of :data:`STRUCTURED`: a model label, its date field, the kind of
event, a person field for the lane, and how to title it. Models of apps that are not
installed (the Evidence lens before it lands) are skipped. Models are looked up by label
through Django's app registry, so the Timeline app imports no other lens: the lenses stay
independent, and a lens that adds a dated record adds a line here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from innocence.cases.models import Case

from . import dates as record_dates
from .dates import Precision, RecordDate
from .models import EventKind


@dataclass(frozen=True)
class StructuredSource:
    label: str  # "witnesses.Statement"
    date_field: str
    kind: str
    title: Callable[[Any], str]
    person_field: str = ""
    case_path: str = "case"
    precision_field: str = ""


def _display(record: Any, name: str) -> str:
    getter = getattr(record, f"get_{name}_display", None)
    return str(getter()) if callable(getter) else str(getattr(record, name, "") or "")


STRUCTURED: tuple[StructuredSource, ...] = (
    StructuredSource("witnesses.Statement", "date", EventKind.STATEMENT,
                     lambda r: f"{_display(r, 'kind')} of {r.witness}", "witness"),
    StructuredSource("witnesses.IdentificationProcedure", "date", EventKind.IDENTIFICATION,
                     lambda r: f"{_display(r, 'kind')}: {r.witness} ({_display(r, 'result')})", "witness"),
    StructuredSource("witnesses.Interrogation", "date", EventKind.INTERROGATION,
                     lambda r: f"Interrogation of {r.suspect}", "suspect"),
    StructuredSource("witnesses.Interrogation", "recantation_date", EventKind.STATEMENT,
                     lambda r: f"{r.suspect} recants", "suspect"),
    StructuredSource("witnesses.Informant", "heard_date", EventKind.STATEMENT,
                     lambda r: f"Informant {r.person} says he heard a confession", "person"),
    StructuredSource("witnesses.InformantBenefit", "date", EventKind.OTHER,
                     lambda r: f"Benefit to informant {r.informant.person}: {_display(r, 'kind')}", "",
                     case_path="informant__case"),
    StructuredSource("evidence.EvidenceItem", "collected_date", EventKind.EVIDENCE,
                     lambda r: f"Evidence collected: {r}"),
    StructuredSource("evidence.CustodyEvent", "date", EventKind.EVIDENCE,
                     lambda r: f"Custody: {_display(r, 'kind')} — {getattr(r, 'item', '')}", "to_person",
                     precision_field="date_precision"),
    StructuredSource("evidence.ForensicTest", "date", EventKind.TEST,
                     lambda r: f"Forensic test: {getattr(r, 'method', '')} {getattr(r, 'lab', '')}".strip(), "analyst"),
)


@dataclass
class Entry:
    """One line of the chronology: a stored Event or a structured fact, read the same way."""

    key: str  # "event:12", "case.conviction_date", "witnesses.Statement:4.date"
    kind: str
    title: str
    date: RecordDate
    time: dt.time | None
    status: str  # confirmed | proposed | rejected; structured facts are "recorded"
    origin: str  # "structured", "page", "manual"
    person_id: int | None = None
    person_name: str = ""
    document_id: int | None = None
    document_title: str = ""
    page_number: int | None = None
    quote: str = ""
    source_field: str = ""
    description: str = ""
    event: Any = None
    conflict: bool = False
    conflict_with: list[str] | None = None

    @property
    def kind_label(self) -> str:
        return str(dict(EventKind.choices).get(self.kind, self.kind))

    @property
    def date_label(self) -> str:
        label = self.date.label()
        return f"{label}, {self.time:%H:%M}" if self.time else label

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str]:
        return (self.date.start, self.time or dt.time(0, 0), self.key)

    @property
    def status_label(self) -> str:
        return {"recorded": "recorded field", "confirmed": "confirmed", "proposed": "proposed",
                "rejected": "rejected"}.get(self.status, self.status)


def _precision_of(record: Any, source: StructuredSource, value: dt.date) -> RecordDate:
    precision = getattr(record, source.precision_field, "") if source.precision_field else ""
    if precision == "month":
        return record_dates.month(value.year, value.month)
    if precision == "year":
        return record_dates.year(value.year)
    if precision == "circa":
        return record_dates.day(value, circa=True)
    return record_dates.day(value)


def case_field_entries(case: Case) -> Iterator[Entry]:
    # Typed by a user on the case, not read from a page: said so, so it is never taken for a cited date.
    grounded = "Entered on the case record (Overview), not read from a page."
    if case.offense_date:
        yield Entry("case.offense_date", EventKind.CRIME, "Offense (date on the case record)",
                    record_dates.day(case.offense_date), None, "recorded", "structured",
                    source_field="case.offense_date", description=grounded)
    if case.arrest_date:
        yield Entry("case.arrest_date", EventKind.ARREST, "Arrest (date on the case record)",
                    record_dates.day(case.arrest_date), None, "recorded", "structured",
                    source_field="case.arrest_date", description=grounded)
    if case.conviction_date:
        how = f" ({case.get_conviction_type_display().lower()})" if case.conviction_type else ""
        yield Entry("case.conviction_date", EventKind.CONVICTION, f"Convicted{how}",
                    record_dates.day(case.conviction_date), None, "recorded", "structured",
                    source_field="case.conviction_date")
    if case.release_date:
        yield Entry("case.release_date", EventKind.RELEASE, "Released from custody",
                    record_dates.day(case.release_date), None, "recorded", "structured",
                    source_field="case.release_date")
    for change in case.stage_changes.all():
        yield Entry(f"cases.StageChange:{change.pk}", EventKind.STAGE,
                    f"Clinic stage: {change.get_to_stage_display()}", record_dates.day(change.at.date()), None,
                    "recorded", "structured", source_field=f"case stage change #{change.pk}")


def structured_entries(case: Case) -> Iterator[Entry]:
    yield from case_field_entries(case)
    for source in STRUCTURED:
        app_label, _, model_name = source.label.partition(".")
        try:
            model = apps.get_model(app_label, model_name)
            model._meta.get_field(source.date_field)
        except (LookupError, FieldDoesNotExist):
            continue
        rows = model._default_manager.filter(**{source.case_path: case, f"{source.date_field}__isnull": False})
        for record in rows.order_by("pk"):
            value = getattr(record, source.date_field)
            person = getattr(record, source.person_field, None) if source.person_field else None
            document = getattr(record, "document", None)
            try:
                title = source.title(record)
            except Exception:  # a lens that changed shape must not break the timeline
                title = str(record)
            yield Entry(
                f"{source.label}:{record.pk}.{source.date_field}", source.kind, title,
                _precision_of(record, source, value), None, "recorded", "structured",
                person_id=getattr(person, "pk", None), person_name=str(person or ""),
                document_id=getattr(document, "pk", None), document_title=str(getattr(document, "title", "") or ""),
                page_number=getattr(record, "page_number", None), quote=str(getattr(record, "quote", "") or ""),
                source_field=f"{model._meta.verbose_name} #{record.pk}, {source.date_field.replace('_', ' ')}",
            )


def event_entry(event: Any) -> Entry:
    return Entry(
        f"event:{event.pk}", event.kind, event.title, event.record_date, event.time, event.status, event.origin,
        person_id=event.person_id, person_name=str(event.person or ""), document_id=event.document_id,
        document_title=event.document.title if event.document_id and event.document else "",
        page_number=event.page_number, quote=event.quote, source_field=event.source_field,
        description=event.description, event=event,
    )


PRECISIONS = dict(Precision.CHOICES)
