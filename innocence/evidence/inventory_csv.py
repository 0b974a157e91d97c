"""CSV import and export of an evidence inventory (clinics keep them in spreadsheets).

Import checks every row first and reports each problem by row and column; nothing is written
unless every row is valid (and nothing at all on a dry run)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from innocence.cases.models import Case
from innocence.findings.services import findings_recompute

from .models import Category, EvidenceItem, ItemNumber, ItemStatus, NumberKind
from .services import LENS, evidence_record_save, require_edit

COLUMNS = ("property_number", "lab_number", "exhibit_number", "description", "category", "status",
           "collected_date", "collected_place", "collected_by", "current_location", "custodian", "notes")
REQUIRED = ("description",)
NUMBER_COLUMNS = {"property_number": NumberKind.PROPERTY, "lab_number": NumberKind.LAB, "exhibit_number": NumberKind.EXHIBIT}


@dataclass
class RowProblem:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, column '{self.column}': {self.problem}"


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    created: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or MM/DD/YYYY)")


def _choice(text: str, choices: Any) -> str:
    low = text.strip().lower()
    for value, label in choices:
        if low in (value.lower(), label.lower()) or (" — " in label and low == label.split(" — ", 1)[1].lower()):
            return str(value)
    raise ValueError(f"'{text}' is not one of: {', '.join(v for v, _ in choices)}")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"The file is not UTF-8 text (byte {exc.start} cannot be read). Save the spreadsheet as "
            f"'CSV UTF-8' and try again."
        ) from exc


def inventory_import(*, actor: Any, case: Case, data: bytes, dry_run: bool = True) -> ImportReport:
    require_edit(actor, case)
    report = ImportReport(dry_run=dry_run)
    text = _decode(data)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    for column in missing:
        report.problems.append(RowProblem(1, column, "required column is missing from the header"))
    for column in unknown:
        report.problems.append(RowProblem(1, column, f"unknown column (known: {', '.join(COLUMNS)})"))
    if missing:
        return report
    rows: list[tuple[int, dict[str, Any], list[tuple[str, str]]]] = []
    used = {(n.kind, n.number.lower()) for n in ItemNumber.objects.filter(case=case)}
    seen: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        report.rows += 1
        values: dict[str, Any] = {"description": row.get("description", "")}
        if not values["description"]:
            report.problems.append(RowProblem(index, "description", "is empty"))
        for column, choices, default in (("category", Category.choices, Category.OTHER),
                                         ("status", ItemStatus.choices, ItemStatus.UNKNOWN)):
            try:
                values[column] = _choice(row[column], choices) if row.get(column) else default
            except ValueError as exc:
                report.problems.append(RowProblem(index, column, str(exc)))
        if row.get("collected_date"):
            try:
                values["collected_date"] = _date(row["collected_date"])
            except ValueError as exc:
                report.problems.append(RowProblem(index, "collected_date", str(exc)))
        for column, target in (("collected_place", "collected_place"), ("collected_by", "collected_by_text"),
                               ("current_location", "current_location"), ("custodian", "custodian"), ("notes", "notes")):
            if row.get(column):
                values[target] = row[column]
        numbers = []
        for column, kind in NUMBER_COLUMNS.items():
            number = row.get(column, "")
            if not number:
                continue
            key = (kind, number.lower())
            if key in used:
                report.problems.append(RowProblem(index, column, f"{number} is already used by an item of this case"))
            elif key in seen:
                report.problems.append(RowProblem(index, column, f"{number} is also on row {seen[key]}"))
            seen[key] = index
            numbers.append((str(kind), number))
        rows.append((index, values, numbers))
    if report.problems or dry_run:
        return report
    with transaction.atomic():
        for _index, values, numbers in rows:
            item = evidence_record_save(actor=actor, case=case, kind="item", values=values, recompute=False)
            for number_kind, number in numbers:
                evidence_record_save(actor=actor, case=case, kind="number",
                                     values={"item": item, "kind": number_kind, "number": number},
                                     recompute=False)
            report.created += 1
        findings_recompute(case=case, lens=LENS, actor=actor)
    return report


def inventory_csv(case: Case) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*COLUMNS, "parent_description", "tests"])
    for item in (EvidenceItem.objects.filter(case=case).select_related("parent", "collected_by")
                 .prefetch_related("numbers", "tests").order_by("id")):
        numbers: dict[str, str] = {str(kind): "; ".join(n.number for n in item.numbers.all() if n.kind == kind) for kind in NUMBER_COLUMNS.values()}
        writer.writerow([
            numbers["property"], numbers["lab"], numbers["exhibit"], item.description,
            item.category, item.status, item.collected_date.isoformat() if item.collected_date else "",
            item.collected_place, str(item.collected_by) if item.collected_by else item.collected_by_text,
            item.current_location, item.custodian, item.notes, item.parent.description if item.parent else "",
            "; ".join(str(t) for t in item.tests.all()),
        ])
    return buffer.getvalue()
