"""Audit rows read as words: the model's verbose name, and "field: old → new" lines — never
``witnesses.StatementClaim`` or a Python dict."""

from __future__ import annotations

import csv
import io
import re

import pytest

from innocence.core.audit_display import change_lines, changes_text, object_label

RAW = re.compile(r"\b[a-z]+\.[A-Z][A-Za-z]+\b|\{'|\['")


def test_object_label_is_the_verbose_name() -> None:
    assert object_label("witnesses.StatementClaim") == "statement claim"
    assert object_label("cases.Case") == "case"
    assert object_label("gone.RetiredModel") == "retired model"
    assert object_label("") == ""


def test_changes_are_lines_with_field_labels_and_choice_labels() -> None:
    lines = [str(line) for line in change_lines(
        {"status": ["proposed", "confirmed"], "updated_at": ["2026-01-01T00:00", "2026-01-02T00:00"],
         "reviewed_by_id": [None, 2], "value": ["", "x" * 300]},
        "witnesses.StatementClaim", "update")]
    assert lines[0].startswith("Status: Proposed") and lines[0].endswith("→ Confirmed")
    assert not any("updated" in line.lower() or "2026" in line or "Reviewed by" in line for line in lines)
    assert lines[1].startswith("Value: not set → xxx") and lines[1].endswith("…") and len(lines[1]) < 120


def test_a_created_record_lists_its_values_without_ids() -> None:
    text = changes_text({"id": 7, "case_id": 2, "kind": "photo_array", "witness": "Ada Quimby (fictional)",
                         "suspect_stood_out": False, "date": None, "nested": {"a_b": 1}},
                        "witnesses.IdentificationProcedure", "create")
    assert "Id" not in text and "Case" not in text
    assert "Photo array" in text and "Suspect stood out" in text and ": no" in text and "not set" in text
    assert not RAW.search(text), text


@pytest.mark.django_db
def test_activity_and_audit_log_show_words(client, world) -> None:
    from innocence.cases import services

    services.case_update(actor=world.admin, case=world.case, title="State v. Example (renamed)")
    services.note_create(actor=world.admin, case=world.case, body="A note (fictional).")
    client.force_login(world.admin)
    activity = client.get(f"/cases/{world.case.reference}/activity/").content.decode()
    assert "Created note" in activity or "Created case note" in activity, activity
    audit = client.get("/audit/?case=" + world.case.reference).content.decode()
    body = audit.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    for page in (activity.split("<tbody>", 1)[1].split("</tbody>", 1)[0], body):
        assert not RAW.search(page), RAW.search(page)
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get("/audit/export.csv").streaming_content).decode())))
    assert all(not row["changes"].startswith("{") for row in rows), [r["changes"] for r in rows if r["changes"][:1] == "{"]
    # the record in words for a reader, the machine label kept in a column named for tooling
    assert {"record", "model_label"} <= set(rows[0]) and "object_type" not in rows[0]
    case_rows = [row for row in rows if row["model_label"] == "cases.Case"]
    assert case_rows and all(row["record"] == "case" for row in case_rows)
    assert not any(RAW.search(row["record"]) for row in rows), [row["record"] for row in rows]
