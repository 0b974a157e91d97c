"""Importing a user's copy of the National Registry of Exonerations data.

Two layouts (``nre_layouts.yaml``): the public spreadsheet (23 columns, Windows-1252, years
like "1,991", ``;#`` lists, a factor cell holding its code or blank) and the detailed research
extract (UTF-8 with a BOM, factor flags Yes/No, official-misconduct sub-flags). Columns are
mapped by name; unknown columns are reported (and kept with each record), missing required
ones refuse the file. Every row is validated — each problem says its row, column, value and
what is wrong — and **nothing is imported** when the file is not what it says (wrong
encoding, truncated, another table, a problem in any row). Each import is a new
:class:`NreVersion`, compared with the one before it: added, changed, removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import transaction

from innocence.core import access, audit
from innocence.core.models import AuditAction, Organization
from innocence.knowledge import loader

from .models import NreLayout, NreRecord, NreVersion

MAX_PROBLEMS_SHOWN = 200
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class Problem:
    row: int  # line of the file (header = 1); 0 for the file as a whole
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        if not self.row:
            return self.problem
        return f"row {self.row}, column '{self.column}', value '{self.value}': {self.problem}"


@dataclass
class ImportReport:
    file_name: str
    layout: str = ""
    encoding: str = ""
    rows: int = 0
    columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0
    version: NreVersion | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file_name, "layout": self.layout, "encoding": self.encoding, "rows": self.rows,
            "ok": self.ok, "imported": bool(self.version), "dry_run": self.dry_run,
            "version": self.version.number if self.version else None,
            "unknown_columns": self.unknown_columns, "missing_columns": self.missing_columns,
            "added": self.added, "changed": self.changed, "removed": self.removed, "notices": self.notices,
            "problems": [p.__dict__ for p in self.problems[:MAX_PROBLEMS_SHOWN]],
            "problem_count": len(self.problems),
        }


@cache
def layouts() -> dict[str, Any]:
    return loader.load("nre_layouts.yaml", package="innocence.reports")


def state_codes() -> dict[str, str]:
    return dict(layouts()["states"])


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9/]+", " ", name.lower()).strip()


def _decode(raw: bytes, report: ImportReport) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        report.encoding = "utf-8-sig"
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            report.problems.append(Problem(0, "", "", f"The file starts as UTF-8 but byte {exc.start} is not "
                                                       "UTF-8: it is damaged or in a mixed encoding."))
            return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        report.problems.append(Problem(0, "", "", "The file is UTF-16 (or binary), not a CSV in Windows-1252 "
                                                   "or UTF-8: save it again as CSV."))
        return None
    try:
        text = raw.decode("utf-8")
        report.encoding = "utf-8"
        return text
    except UnicodeDecodeError:
        pass
    try:
        report.encoding = "cp1252"
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        report.problems.append(Problem(0, "", "", f"Byte {exc.start} is neither UTF-8 nor Windows-1252: "
                                                   "this is not a text CSV of the NRE."))
        return None


def _detect(header: list[str]) -> str | None:
    names = {_norm(h) for h in header}
    scores = {}
    for slug, spec in layouts()["layouts"].items():
        wanted = [c["names"] for c in spec["columns"].values() if c.get("required")]
        wanted += list(spec["factors"].values())
        scores[slug] = sum(1 for options in wanted if any(_norm(o) in names for o in options)) / len(wanted)
    best = max(scores, key=lambda s: scores[s])
    return best if scores[best] >= 0.6 else None


def _map_columns(header: list[str], spec: dict[str, Any]) -> tuple[dict[str, int], dict[str, int],
                                                                     dict[str, int], list[str], list[str]]:
    index = {_norm(h): i for i, h in enumerate(header)}

    def find(options: list[str]) -> int | None:
        return next((index[_norm(o)] for o in options if _norm(o) in index), None)

    fields: dict[str, int] = {}
    missing: list[str] = []
    for name, column in spec["columns"].items():
        found = find(column["names"])
        if found is not None:
            fields[name] = found
        elif column.get("required"):
            missing.append(column["names"][0])
    factors = {code: i for code, options in spec["factors"].items() if (i := find(options)) is not None}
    missing += [spec["factors"][code][0] for code in spec["factors"] if code not in factors]
    om_flags = {code: i for code, options in (spec.get("om_flags") or {}).items()
                if (i := find(options)) is not None}
    used = set(fields.values()) | set(factors.values()) | set(om_flags.values())
    unknown = [h for i, h in enumerate(header) if i not in used]
    return fields, factors, om_flags, missing, unknown


def _date(value: str) -> dt.date:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if match:
        month, day, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(value)  # the research extract may write ISO dates


def _parse_row(line: int, cells: list[str], header: list[str], spec: dict[str, Any], fields: dict[str, int],
               factors: dict[str, int], om_flags: dict[str, int], problems: list[Problem]) -> dict[str, Any]:
    record: dict[str, Any] = {"row_number": line}
    separator = spec.get("list_separator", ";#")
    for name, i in fields.items():
        column = spec["columns"][name]
        value = cells[i].strip()
        kind = column.get("type", "text")
        if not value:
            if column.get("required"):
                problems.append(Problem(line, header[i], value, "required, but empty"))
            record[name] = [] if kind == "list" else None if kind in ("int", "year", "date") else ""
            continue
        try:
            if kind == "int":
                record[name] = int(value)
                if not 0 <= record[name] <= 120:
                    raise ValueError
            elif kind == "year":
                record[name] = int(value.replace(",", ""))
                if not 1800 <= record[name] <= 2100:
                    raise ValueError
            elif kind == "date":
                record[name] = _date(value)
            elif kind == "list":
                record[name] = sorted({t.strip() for t in value.split(separator) if t.strip()})
            else:
                record[name] = value
        except ValueError:
            expected = {"int": "an age (a whole number, 0-120)", "year": "a year such as 1991 or \"1,991\"",
                        "date": "a date written M/D/YYYY"}[kind]
            problems.append(Problem(line, header[i], value, f"expected {expected}"))
            record[name] = None
    codes: list[str] = []
    dna = False
    for code, i in factors.items():
        value = cells[i].strip()
        if spec["flag_style"] == "code":
            flagged = value.upper() == code.upper()
            if value and not flagged:
                problems.append(Problem(line, header[i], value, f"expected '{code}' or blank"))
        else:
            flagged = value.lower() in YES
            if value.lower() not in YES | NO:
                problems.append(Problem(line, header[i], value, "expected Yes, No or blank"))
        if flagged and code == "DNA":
            dna = True
        elif flagged:
            codes.append(code)
    record["factors"] = codes
    record["dna"] = dna
    om = set(record.get("om_tags") or [])
    for code, i in om_flags.items():
        value = cells[i].strip()
        if value.lower() not in YES | NO:
            problems.append(Problem(line, header[i], value, "expected Yes, No or blank"))
        elif value.lower() in YES:
            om.add(code)
    record["om_tags"] = sorted(om)
    state = record.get("state") or ""
    record["federal"] = state.lower().startswith("fed-")
    if record["federal"]:
        suffix = state[4:].upper()
        record["state_code"] = suffix if len(suffix) == 2 else ""
    else:
        record["state_code"] = state_codes().get(state, "")
        if state and not record["state_code"]:
            problems.append(Problem(line, "State", state, "not a state, territory or Fed-XX the NRE uses"))
    used = set(fields.values()) | set(factors.values()) | set(om_flags.values())
    record["extra"] = {header[i]: cells[i] for i in range(len(header)) if i not in used and cells[i].strip()}
    return record


def _key(record: dict[str, Any]) -> str:
    """Who and which exoneration: the NRE's id when the file has one, else name with state,
    county, conviction date and crime — never the name alone (one person can be exonerated
    twice)."""
    if record.get("nre_id"):
        return f"id:{record['nre_id']}"
    parts = [record.get(k) or "" for k in ("last_name", "first_name", "state", "county", "convicted_on",
                                           "worst_crime")]
    return "|".join(str(p).lower() for p in parts)


def _digest(record: dict[str, Any]) -> str:
    data = {k: v for k, v in record.items() if k not in ("row_number",)}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def read(raw: bytes, file_name: str, *, layout: str | None = None) -> tuple[ImportReport, list[dict[str, Any]]]:
    """Read and validate a file without writing anything: the report, and the records."""
    report = ImportReport(file_name=file_name)
    text = _decode(raw, report)
    if text is None:
        return report, []
    if not text.strip():
        report.problems.append(Problem(0, "", "", "The file is empty."))
        return report, []
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        report.problems.append(Problem(0, "", "", f"The file is not a well-formed CSV ({exc}): it may be "
                                                   "truncated inside a quoted value."))
        return report, []
    header = [h.strip() for h in rows[0]]
    report.columns = header
    slug = layout or _detect(header)
    if slug is None or slug not in layouts()["layouts"]:
        report.problems.append(Problem(0, "", "", "This is not an NRE file: its columns ("
                                       + ", ".join(header[:8]) + ("…" if len(header) > 8 else "")
                                       + ") are not those of the public spreadsheet or the research extract."))
        return report, []
    spec = layouts()["layouts"][slug]
    report.layout = slug
    if report.encoding == "utf-8" and spec["encoding"] == "cp1252" and not text.isascii():
        report.notices.append("The file is UTF-8; the NRE's public spreadsheet is Windows-1252. Read as UTF-8.")
    if report.encoding == "cp1252" and spec["encoding"] != "cp1252":
        report.notices.append("The file is Windows-1252; the research extract is UTF-8. Read as Windows-1252.")
    fields, factors, om_flags, missing, unknown = _map_columns(header, spec)
    report.missing_columns, report.unknown_columns = missing, unknown
    if missing:
        report.problems.append(Problem(0, "", "", f"Columns missing for the {spec['label'].lower()}: "
                                                   + ", ".join(missing) + "."))
        return report, []
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    keys: dict[str, int] = {}
    body = rows[1:]
    while body and not any(c.strip() for c in body[-1]):
        body.pop()
    for offset, cells in enumerate(body):
        line = offset + 2
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            last = offset == len(body) - 1
            report.problems.append(Problem(line, "", f"{len(cells)} values", (
                f"the row has {len(cells)} values for {len(header)} columns"
                + (": the file looks truncated" if last and len(cells) < len(header) else ""))))
            continue
        content = "\x1f".join(c.strip() for c in cells)
        if content in seen:
            report.problems.append(Problem(line, "", "", f"repeats row {seen[content]} exactly (a duplicate row)"))
            continue
        seen[content] = line
        record = _parse_row(line, cells, header, spec, fields, factors, om_flags, report.problems)
        key = _key(record)
        if key in keys:
            keys[key] += 1
            key = f"{key}#{keys[key]}"
        else:
            keys[key] = 1
        record["key"] = key[:300]
        record["digest"] = _digest(record)
        records.append(record)
    report.rows = len(records)
    if not records and report.ok:
        report.problems.append(Problem(0, "", "", "The file has a header but no rows."))
    return report, records


_RECORD_FIELDS = ("row_number", "key", "digest", "last_name", "first_name", "age", "race", "sex", "state",
                  "state_code", "federal", "county", "worst_crime", "sentence", "tags", "om_tags", "factors", "dna",
                  "crime_year", "convicted_on", "exonerated_on", "released_on", "posted_on", "extra")


_NULLABLE = frozenset({"age", "crime_year", "convicted_on", "exonerated_on", "released_on", "posted_on"})


def _model_fields(record: dict[str, Any]) -> dict[str, Any]:
    values = {name: record.get(name) for name in _RECORD_FIELDS}
    return {k: ("" if v is None and k not in _NULLABLE else v) for k, v in values.items()}


def nre_import(*, actor: Any, organization: Organization, raw: bytes, file_name: str,
               layout: str | None = None, dry_run: bool = False) -> ImportReport:
    """Validate the file and, when it is all good and not a dry run, keep it as the next
    version of the organization's NRE data (an admin's act, audited)."""
    if not access.can_administer(actor, organization):
        raise PermissionError("Only an admin of the organization imports the NRE data set.")
    report, records = read(raw, file_name, layout=layout)
    report.dry_run = dry_run
    previous = NreVersion.objects.filter(organization=organization).order_by("-number").first()
    if report.ok:
        old = dict(previous.records.values_list("key", "digest")) if previous else {}
        new = {r["key"]: r["digest"] for r in records}
        added = sorted(set(new) - set(old))
        removed = sorted(set(old) - set(new))
        changed = sorted(k for k in set(new) & set(old) if new[k] != old[k])
        report.added, report.removed, report.changed = len(added), len(removed), len(changed)
        changes = {"added": added[:50], "changed": changed[:50], "removed": removed[:50]}
    if not report.ok or dry_run:
        return report
    with transaction.atomic():
        version = NreVersion.objects.create(
            organization=organization, number=(previous.number + 1) if previous else 1,
            layout=NreLayout(report.layout), file_name=file_name[:300], sha256=hashlib.sha256(raw).hexdigest(),
            encoding=report.encoding, row_count=len(records), columns=report.columns,
            unknown_columns=report.unknown_columns, missing_columns=report.missing_columns,
            added=report.added, changed=report.changed, removed=report.removed, changes=changes,
            imported_by=access.user_of(actor),
        )
        NreRecord.objects.bulk_create([NreRecord(version=version, **_model_fields(r)) for r in records],
                                      batch_size=500)
        audit.record(AuditAction.IMPORT, actor=actor, obj=version, organization=organization, changes={
            "file": file_name, "layout": report.layout, "rows": len(records), "added": report.added,
            "changed": report.changed, "removed": report.removed, "sha256": version.sha256})
    report.version = version
    return report
