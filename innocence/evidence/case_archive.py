"""The Evidence lens's records inside a case archive (see :mod:`innocence.cases.archive`).

``evidence/evidence.json`` holds the items (with their parent), numbers, page mentions,
custody events, forensic tests (with the items they tested), proceedings and proposals
(rejections travel too, so they survive the move). People are named by the archive's person
keys (``person-<id>``); a person of the evidence records who has no case role travels here
with their name and aliases. Documents are matched through the documents section's id map."""

from __future__ import annotations

import datetime as dt
from typing import Any

from innocence.cases.archive import ArchiveError, ArchiveReader, ArchiveWriter, ImportContext
from innocence.cases.models import Case
from innocence.people.models import Person

from .models import (
    CustodyEvent,
    EvidenceItem,
    EvidenceProposal,
    ForensicTest,
    ItemMention,
    ItemNumber,
    Proceeding,
)

SECTION = "evidence"
#: Finding subject-key prefixes of the Evidence lens's rules (the findings section translates them).
FINDING_SUBJECTS = {"item": "evidence.EvidenceItem", "test": "evidence.ForensicTest", "analyst": "people.Person"}
MEMBER = "evidence.json"
SCHEMA_VERSION = 1

CITED = ("document", "page_number", "quote", "notes")
TABLES: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "items": (EvidenceItem, ("parent", "description", "category", "collected_date", "collected_precision",
                             "collected_place", "collected_by", "collected_by_text", "current_location", "custodian",
                             "status", "status_date", "status_by", "destruction_order", *CITED)),
    "numbers": (ItemNumber, ("item", "kind", "number", "agency")),
    "mentions": (ItemMention, ("item", *CITED)),
    "custody": (CustodyEvent, ("item", "kind", "date", "date_precision", "sequence", "from_person", "from_text",
                               "to_person", "to_text", *CITED)),
    "tests": (ForensicTest, ("method", "lab", "analyst", "date", "result", "conclusion", "testimony_document",
                             "testimony_page", "testimony_quote", "bench_notes_to_defense", "lab_confirmed", *CITED)),
    "proceedings": (Proceeding, ("kind", "filed", "decided", "description", *CITED)),
    "proposals": (EvidenceProposal, ("kind", "pattern", "value", "method", "number", "document", "page_number", "quote",
                                     "fingerprint", "status", "proposed_by", "record_model", "record_pk")),
}
PERSON_FIELDS = {"collected_by", "from_person", "to_person", "analyst"}
DOCUMENT_FIELDS = {"document", "testimony_document"}
DATE_FIELDS = {"collected_date", "status_date", "date", "filed", "decided"}


def _person_key(person_id: int) -> str:
    return f"person-{person_id}"


def export(case: Case, writer: ArchiveWriter) -> None:
    people: dict[int, Person] = {}
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    for table, (model, fields) in TABLES.items():
        rows = []
        for record in model._default_manager.filter(case=case).order_by("id"):
            row: dict[str, Any] = {"id": record.pk}
            for name in fields:
                if name in PERSON_FIELDS:
                    person = getattr(record, name)
                    row[name] = _person_key(person.pk) if person else None
                    if person is not None:
                        people[person.pk] = person
                elif name in DOCUMENT_FIELDS or name in ("item", "parent"):
                    row[name] = getattr(record, f"{name}_id")
                else:
                    value = getattr(record, name)
                    row[name] = value.isoformat() if isinstance(value, dt.date) else value
            if table == "tests":
                row["items"] = sorted(i.pk for i in record.items.all())
            rows.append(row)
        data[table] = rows
    data["people"] = [{"key": _person_key(p.pk), "full_name": p.full_name, "aliases": list(p.aliases),
                       "is_fictional": p.is_fictional} for p in sorted(people.values(), key=lambda p: p.pk)]
    if any(data[t] for t in TABLES):
        writer.add_json(MEMBER, data)


def validate(reader: ArchiveReader) -> None:
    if not reader.exists(MEMBER):
        return
    data = reader.json(MEMBER)
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        raise ArchiveError(f"{SECTION}/{MEMBER}: unknown schema version (this installation reads {SCHEMA_VERSION}).")
    item_ids = set()
    for table, (_model, fields) in TABLES.items():
        rows = data.get(table, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) and "id" in r for r in rows):
            raise ArchiveError(f"{SECTION}/{MEMBER}: '{table}' must be a list of records with ids.")
        if table == "items":
            item_ids = {r["id"] for r in rows}
        for r in rows:
            for name in ("item", "parent"):
                if name in fields and r.get(name) is not None and r[name] not in item_ids:
                    raise ArchiveError(f"{SECTION}/{MEMBER}: {table} record {r['id']} names item {r[name]}, which is not in the archive.")
            for i in r.get("items", []) if table == "tests" else []:
                if i not in item_ids:
                    raise ArchiveError(f"{SECTION}/{MEMBER}: test {r['id']} names item {i}, which is not in the archive.")


def import_(case: Case, reader: ArchiveReader, ctx: ImportContext) -> None:
    if not reader.exists(MEMBER):
        return
    data = reader.json(MEMBER)
    documents = ctx.ids.get("documents.Document", {})
    for person in data.get("people", []):
        if person["key"] not in ctx.people:
            ctx.people[person["key"]] = Person.objects.create(
                organization=ctx.organization, full_name=person["full_name"], aliases=list(person.get("aliases") or []),
                is_fictional=bool(person.get("is_fictional")), created_by=ctx.actor,
            )
    items: dict[int, EvidenceItem] = ctx.ids.setdefault("evidence.EvidenceItem", {})
    parents: list[tuple[EvidenceItem, int]] = []
    for table, (model, fields) in TABLES.items():
        for row in data.get(table, []):
            values: dict[str, Any] = {}
            for name in fields:
                raw = row.get(name)
                if name in PERSON_FIELDS:
                    values[name] = ctx.people.get(raw) if raw else None
                elif name in DOCUMENT_FIELDS:
                    values[name] = documents.get(raw) if raw is not None else None
                elif name == "item":
                    values[name] = items[raw]
                elif name == "parent":
                    continue
                elif name in DATE_FIELDS:
                    values[name] = dt.date.fromisoformat(raw) if raw else None
                else:
                    values[name] = raw if raw is not None else model._meta.get_field(name).get_default()
            if model is EvidenceProposal and values.get("document") is None:
                ctx.warnings.append(f"evidence proposal {row['id']}: its document did not travel; dropped.")
                continue
            if model is EvidenceProposal and values.get("record_pk"):
                target = ctx.ids.get(values["record_model"], {}).get(values["record_pk"])
                values["record_pk"] = target.pk if target is not None else None
            record = model._default_manager.create(case=case, **values)
            ctx.ids.setdefault(model._meta.label, {})[row["id"]] = record
            if model is EvidenceItem:
                items[row["id"]] = record
                if row.get("parent") is not None:
                    parents.append((record, row["parent"]))
            if model is ForensicTest:
                record.items.set([items[i] for i in row.get("items", [])])
    for record, parent in parents:
        record.parent = items[parent]
        record.save(update_fields=["parent"])
