"""CSV inventory import (dry run, every problem by row and column, all or nothing) and export."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db

GOOD = ("property_number,lab_number,description,category,status,collected_date\n"
        "89-1,L-1,Fictional shirt,clothing,exists,1989-05-28\n"
        "89-2,,Fictional kit,sa_kit,,05/29/1989\n")


def test_dry_run_then_import_then_export(lens: Any) -> None:
    from innocence.evidence.inventory_csv import inventory_csv, inventory_import
    from innocence.evidence.models import EvidenceItem

    report = inventory_import(actor=lens.actor, case=lens.case, data=GOOD.encode(), dry_run=True)
    assert report.ok and report.rows == 2 and not EvidenceItem.objects.exists()
    report = inventory_import(actor=lens.actor, case=lens.case, data=GOOD.encode(), dry_run=False)
    assert report.created == 2
    kit = EvidenceItem.objects.get(description="Fictional kit")
    assert kit.status == "unknown"  # a blank status is unknown, never "exists"
    text = inventory_csv(lens.case)
    assert "89-1" in text and "Fictional kit" in text and "L-1" in text


def test_every_problem_by_row_and_column_and_nothing_written(lens: Any) -> None:
    from innocence.evidence.inventory_csv import inventory_import
    from innocence.evidence.models import EvidenceItem

    lens.save("number", item=lens.save("item", description="Existing (fictional)"), kind="property", number="89-9")
    bad = ("property_number,description,category,status,collected_date,colour\n"
           "89-1,Fictional shirt,clothing,exists,1989-13-45,\n"
           ",,spaceship,maybe,,\n"
           "89-9,Fictional shoe,,,,\n"
           "89-1,Fictional hat,,,,\n")
    report = inventory_import(actor=lens.actor, case=lens.case, data=bad.encode(), dry_run=False)
    problems = {(p.row, p.column) for p in report.problems}
    assert {(1, "colour"), (2, "collected_date"), (3, "description"), (3, "category"), (3, "status"),
            (4, "property_number"), (5, "property_number")} <= problems
    assert "row 2, column 'collected_date'" in str(report.problems[1]) or any(
        "row 2, column 'collected_date'" in str(p) for p in report.problems)
    assert EvidenceItem.objects.count() == 1


def test_missing_columns_and_wrong_encoding(lens: Any) -> None:
    from innocence.evidence.inventory_csv import inventory_import

    report = inventory_import(actor=lens.actor, case=lens.case, data=b"number,category\n1,blood\n")
    assert any(p.column == "description" and "missing" in p.problem for p in report.problems)
    with pytest.raises(ValidationError) as exc:
        inventory_import(actor=lens.actor, case=lens.case, data="description\nChemise tachée\n".encode("cp1252"))
    assert "not UTF-8" in exc.value.messages[0]
