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

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from innocence.cases.archive import ArchiveError, ArchiveReader, ArchiveWriter, ImportContext
from innocence.cases.models import Case

from .dates import DateError, RecordDate
from .models import CalendarItem, Event, Proceeding, ProceedingStep

SECTION = "timeline"
INDEX = "timeline.json"
README = "README.txt"
SCHEMA_VERSION = 1

#: list name → (model, field names it carries besides id and references handled below)
MODELS: dict[str, type[models.Model]] = {
    "events": Event, "proceedings": Proceeding, "steps": ProceedingStep, "calendar_items": CalendarItem,
}
_SKIP = {"id", "case", "proceeding", "document", "person", "created_by", "reviewed_by", "created_at", "updated_at"}
_USERS = ("created_by", "reviewed_by")

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


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in _SKIP]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _row(instance: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": instance.pk}
    for f in _fields(type(instance)):
        row[f.name] = _plain(f.value_from_object(instance))
    if hasattr(instance, "document_id"):
        row["document"] = instance.document_id
    for name in _USERS:
        if hasattr(instance, f"{name}_id"):
            user = getattr(instance, name)
            row[name] = user.get_username() if user is not None else None
    if isinstance(instance, Event):
        row["person"] = (
            {"key": f"person-{instance.person_id}", "full_name": instance.person.full_name,
             "is_fictional": instance.person.is_fictional}
            if instance.person_id and instance.person else None
        )
    if isinstance(instance, ProceedingStep):
        row["proceeding"] = instance.proceeding_id
    return row


def export(case: Case, writer: ArchiveWriter) -> None:
    data: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "events": [_row(e) for e in Event.objects.filter(case=case).select_related("person").order_by("id")],
        "proceedings": [_row(p) for p in Proceeding.objects.filter(case=case).order_by("id")],
        "steps": [_row(s) for s in ProceedingStep.objects.filter(proceeding__case=case).order_by("id")],
        "calendar_items": [_row(i) for i in CalendarItem.objects.filter(case=case).order_by("id")],
    }
    if not any(data[key] for key in MODELS):
        return
    writer.add_json(INDEX, data)
    writer.add_bytes(README, README_TEXT.encode())


def _value(f: models.Field[Any, Any], raw: Any, where: str) -> Any:
    if raw is None:
        if f.null:
            return None
        raise ArchiveError(f"{where}.{f.name} may not be empty.")
    try:
        if isinstance(f, models.DateTimeField):
            return dt.datetime.fromisoformat(str(raw))
        if isinstance(f, models.DateField):
            return dt.date.fromisoformat(str(raw))
        if isinstance(f, models.TimeField):
            return dt.time.fromisoformat(str(raw))
        if isinstance(f, models.BooleanField):
            if not isinstance(raw, bool):
                raise ValueError("not true/false")
            return raw
        if isinstance(f, models.IntegerField):
            if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
                raise ValueError("not a whole number")
            return raw
        if isinstance(f, models.CharField | models.TextField):
            if not isinstance(raw, str) or "\x00" in raw:
                raise ValueError("not text")
            if f.max_length and len(raw) > f.max_length:
                raise ValueError(f"longer than {f.max_length} characters")
            if f.choices and raw not in {str(c[0]) for c in f.flatchoices}:
                raise ValueError(f"'{raw}' is not one of its choices")
            return raw
    except ValueError as exc:
        raise ArchiveError(f"{where}.{f.name}: {exc}.") from None
    return raw


def _parse(reader: ArchiveReader) -> dict[str, list[dict[str, Any]]]:
    where = f"{SECTION}/{INDEX}"
    data = reader.json(INDEX)
    if not isinstance(data, dict):
        raise ArchiveError(f"{where} must be a JSON object.")
    version = data.get("version", 1)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ArchiveError(f"{where}: version {version!r} is not one this installation reads.")
    unknown = sorted(set(data) - {"version", *MODELS})
    if unknown:
        raise ArchiveError(f"{where}: unknown entry '{unknown[0]}'.")
    parsed: dict[str, list[dict[str, Any]]] = {}
    for key, model in MODELS.items():
        rows = data.get(key, [])
        if not isinstance(rows, list):
            raise ArchiveError(f"{where}: '{key}' must be a list.")
        out = []
        for i, row in enumerate(rows):
            here = f"{where}: {key}[{i}]"
            if not isinstance(row, dict) or not isinstance(row.get("id"), int):
                raise ArchiveError(f"{here} must be an object with an id.")
            values = {f.name: _value(f, row.get(f.name, f.get_default() if f.has_default() else None), here)
                      for f in _fields(model)}
            if "date_start" in values:
                try:
                    RecordDate(values["date_start"], values["date_end"], values["precision"], values["circa"])
                except DateError as exc:
                    raise ArchiveError(f"{here}: {exc}") from None
            out.append({"row": row, "values": values})
        parsed[key] = out
    proceedings = {r["row"]["id"] for r in parsed["proceedings"]}
    for i, step in enumerate(parsed["steps"]):
        if step["row"].get("proceeding") not in proceedings:
            raise ArchiveError(f"{where}: steps[{i}].proceeding: no proceeding with that id in the archive.")
    keys = [r["values"]["proposal_key"] for r in parsed["events"] if r["values"]["proposal_key"]]
    if len(keys) != len(set(keys)):
        raise ArchiveError(f"{where}: a proposal key appears twice in 'events'.")
    return parsed


def validate(reader: ArchiveReader) -> None:
    if reader.exists(INDEX):
        _parse(reader)


def _person(ctx: ImportContext, raw: Any) -> Any:
    from innocence.people.models import Person

    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        return None
    found = ctx.people.get(raw["key"])
    if found is None:
        found = Person.objects.create(
            organization=ctx.organization, full_name=str(raw.get("full_name") or "Unnamed")[:200],
            is_fictional=bool(raw.get("is_fictional")), created_by=ctx.actor,
        )
        ctx.people[raw["key"]] = found
    return found


def import_(case: Case, reader: ArchiveReader, ctx: ImportContext) -> None:
    if not reader.exists(INDEX):
        return
    parsed = _parse(reader)
    documents = ctx.ids.get("documents.Document", {})
    users = {u.get_username(): u for u in get_user_model().objects.filter(pk__in=[u.pk for u in ctx.users.values()])}

    def common(row: dict[str, Any], model: type[models.Model]) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if "document" in {f.name for f in model._meta.concrete_fields}:
            extra["document"] = documents.get(row.get("document")) if row.get("document") else None
        for name in _USERS:
            if name in {f.name for f in model._meta.concrete_fields}:
                extra[name] = users.get(row.get(name) or "") if row.get(name) else None
                if row.get(name) and extra[name] is None:
                    ctx.unmatched_users.add(str(row[name]))
        return extra

    made_proceedings: dict[int, Proceeding] = ctx.ids.setdefault("timeline.Proceeding", {})
    for item in parsed["proceedings"]:
        made_proceedings[item["row"]["id"]] = Proceeding.objects.create(
            case=case, **item["values"], **common(item["row"], Proceeding))
    for item in parsed["steps"]:
        ProceedingStep.objects.create(proceeding=made_proceedings[item["row"]["proceeding"]], **item["values"],
                                      **common(item["row"], ProceedingStep))
    for item in parsed["events"]:
        Event.objects.create(case=case, person=_person(ctx, item["row"].get("person")), **item["values"],
                             **common(item["row"], Event))
    for item in parsed["calendar_items"]:
        CalendarItem.objects.create(case=case, **item["values"], **common(item["row"], CalendarItem))
