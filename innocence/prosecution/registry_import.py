"""CSV import of published misconduct lists (a Brady/Giglio list, a disciplinary data set):
officer, agency, allegation, disposition, date. A dry run reads every row, reports per-row
errors and proposes matches to existing persons — proposed, never forced: the user picks a
person, "new person" or "skip" for each row. Then one transaction writes it all, or nothing.
Every entry gets the list itself as its source; imported entries wait for review before
they show on other cases."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from rapidfuzz import fuzz

from innocence.core import audit
from innocence.core.access import can_write_in
from innocence.core.models import AuditAction, Organization
from innocence.findings.knowledge import knowledge_base
from innocence.people.models import Person
from innocence.people.selectors import people_nameable

from .models import MisconductKind, MisconductRecord
from .services import misconduct_save, parse_date

#: Accepted column names (lower case) → field.
COLUMNS = {
    "officer": "name", "name": "name", "officer name": "name", "person": "name",
    "agency": "agency", "department": "agency",
    "allegation": "allegation", "allegations": "allegation", "description": "allegation",
    "disposition": "disposition", "finding": "disposition", "status": "disposition",
    "date": "date", "incident date": "date", "disposition date": "date",
    "kind": "kind", "role": "role", "url": "url", "quote": "quote",
}
REQUIRED = ("name", "allegation", "disposition")
MAX_ROWS = 20000
MATCH_AT = 85.0


@dataclass
class ImportRow:
    line: int
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    matches: list[tuple[Person, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.raw.get("name", "")


@dataclass
class ImportPlan:
    rows: list[ImportRow]
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)


def _norm(name: str) -> str:
    name = re.sub(r"\b(det|detective|sgt|sergeant|lt|officer|ofc|ada|da|dr|capt|cpl)\b\.?", " ", name.lower())
    return " ".join(re.sub(r"[^a-z ]+", " ", name).split())


def _kind(allegation: str, given: str) -> str:
    if given:
        return given if given in MisconductKind.values else ""
    text = allegation.lower()
    best, length = MisconductKind.OTHER.value, 0
    for key, entry in (knowledge_base().data("prosecution").get("misconduct_categories") or {}).items():
        for word in entry.get("keywords") or []:
            if word in text and len(word) > length:
                best, length = key, len(word)
    return best


def _matches(name: str, people: list[tuple[Person, list[str]]]) -> list[tuple[Person, float]]:
    target = _norm(name)
    scored = []
    for person, names in people:
        score = max(fuzz.token_sort_ratio(target, n) for n in names)
        if score >= MATCH_AT:
            scored.append((person, float(score)))
    return sorted(scored, key=lambda s: -s[1])[:3]


def import_plan(organization: Organization, data: bytes | str, actor: Any = None) -> ImportPlan:
    """The dry run: nothing is written."""
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    unknown = [h for h in headers if h not in COLUMNS]
    errors = []
    if not headers:
        errors.append("The file is empty or has no header row.")
    if unknown:
        errors.append(f"Unknown column(s): {', '.join(unknown)}. Known columns: {', '.join(sorted(set(COLUMNS)))}.")
    mapped = {COLUMNS[h] for h in headers if h in COLUMNS}
    missing = [c for c in REQUIRED if c not in mapped]
    if missing:
        errors.append(f"Missing column(s): {', '.join(missing)}.")
    if errors:
        return ImportPlan([], errors)
    dispositions = knowledge_base().data("prosecution").get("dispositions") or {}
    people = [(p, [_norm(p.full_name), *(_norm(a) for a in p.aliases or [])])
              for p in people_nameable(actor, organization)]  # no match names a person the actor may not see
    rows: list[ImportRow] = []
    for index, raw_row in enumerate(reader, start=2):
        if index - 1 > MAX_ROWS:
            return ImportPlan([], [f"The file has more than {MAX_ROWS} rows; split it."])
        raw = {COLUMNS[k.strip().lower()]: (v or "").strip() for k, v in raw_row.items() if k and k.strip().lower() in COLUMNS}
        if not any(raw.values()):
            continue
        row = ImportRow(line=index, raw=raw)
        for column in REQUIRED:
            if not raw.get(column):
                row.errors.append(f"'{column}' is empty.")
        status = dispositions.get(raw.get("disposition", "").lower())
        if raw.get("disposition") and status is None:
            row.errors.append(f"Unknown disposition '{raw['disposition']}' (known: {', '.join(dispositions)}).")
        try:
            date = parse_date(raw.get("date", ""))
        except ValueError as exc:
            row.errors.append(str(exc))
            date = None
        kind = _kind(raw.get("allegation", ""), raw.get("kind", ""))
        if not kind:
            row.errors.append(f"Unknown kind '{raw.get('kind')}'.")
        row.values = {"kind": kind, "status": status, "date": date, "agency": raw.get("agency", "")[:200],
                      "description": raw.get("allegation", ""), "source_quote": raw.get("quote", ""),
                      "actor_role": raw.get("role", "") if raw.get("role") in ("officer", "prosecutor", "analyst",
                                                                              "informant_handler", "other") else ""}
        if raw.get("name"):
            row.matches = _matches(raw["name"], people)
        rows.append(row)
    return ImportPlan(rows, [])


@transaction.atomic
def import_commit(*, actor: Any, organization: Organization, data: bytes | str, choices: dict[int, str],
                  source_title: str, source_url: str = "", source_date: Any = None,
                  source_kind: str = "published_list") -> list[MisconductRecord]:
    """Write the rows the user decided on. ``choices[line]`` is a person id, ``"new"`` or
    ``"skip"``; a row without a choice is skipped. Any error refuses the whole file."""
    if not can_write_in(actor, organization):
        raise PermissionDenied("Your role does not allow changes to the misconduct registry.")
    plan = import_plan(organization, data, actor)
    if plan.errors:
        raise ValidationError(plan.errors)
    if not source_title.strip():
        raise ValidationError({"source_title": "Name the list the rows come from: every entry needs a source."})
    bad = [f"line {r.line}: {'; '.join(r.errors)}" for r in plan.rows if r.errors and choices.get(r.line, "skip") != "skip"]
    if bad:
        raise ValidationError(bad)
    created = []
    for row in plan.rows:
        choice = choices.get(row.line, "skip")
        if choice == "skip":
            continue
        if choice == "new":
            person = Person.objects.create(organization=organization, full_name=row.name[:200],
                                           created_by=actor if getattr(actor, "is_authenticated", False) else None)
        else:
            person = people_nameable(actor, organization).filter(pk=int(choice)).first()  # type: ignore[assignment]
            if person is None:
                raise ValidationError([f"line {row.line}: person {choice} is not in your organization."])
        values = {**row.values, "person": person, "source_kind": source_kind, "source_title": source_title,
                  "source_url": source_url, "source_date": source_date}
        if not values["source_url"] and not values["source_quote"]:
            values["source_quote"] = f"{row.name}; {row.raw.get('agency', '')}; {row.raw.get('allegation', '')}; " \
                                     f"{row.raw.get('disposition', '')}; {row.raw.get('date', '')}"
        try:
            record = misconduct_save(actor=actor, organization=organization, values=values)
        except ValidationError as exc:
            raise ValidationError([f"line {row.line}: {m}" for m in exc.messages]) from exc
        MisconductRecord.objects.filter(pk=record.pk).update(import_label=source_title[:200])
        created.append(record)
    audit.record(AuditAction.IMPORT, actor=actor, obj=None, organization=organization,
                 changes={"misconduct_rows": len(created), "source": source_title},
                 object_repr=f"Misconduct list imported: {source_title}"[:300])
    return created
