"""The Prosecution section of the case archive: every record of the lens survives a round
trip (export → import into a fresh organization → export), with its pages."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

MODELS = ("Production", "ProductionItem", "BradyItem", "TestimonyConflict", "MisconductRecord")


def _counts(case: Any) -> dict[str, int]:
    from innocence.prosecution import models

    return {
        "Production": models.Production.objects.filter(case=case).count(),
        "ProductionItem": models.ProductionItem.objects.filter(production__case=case).count(),
        "BradyItem": models.BradyItem.objects.filter(case=case).count(),
        "TestimonyConflict": models.TestimonyConflict.objects.filter(case=case).count(),
        "MisconductRecord": models.MisconductRecord.objects.filter(case=case).count(),
    }


def _section(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as zf:
        titles = {d["id"]: d["title"] for d in json.loads(zf.read("documents/documents.json"))["documents"]} \
            if "documents/documents.json" in zf.namelist() else {}
        data = json.loads(zf.read("prosecution/prosecution.json"))

    def norm(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: norm(v, k) for k, v in value.items() if k not in ("id", "key", "disclosure_production",
                                                                      "reviewed")}
        if key == "informant_benefit":
            return value is not None
        if isinstance(value, list):
            return [norm(v) for v in value]
        if key in ("document", "testimony_document") and value is not None:
            return titles.get(value, value)
        if key in ("witness", "person"):
            return "person"
        return value

    return norm(data)  # type: ignore[no-any-return]


def test_prosecution_records_survive_a_round_trip(settings: Any, make_org: Any, tmp_path: Path) -> None:
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = None
    from innocence.cases.archive import export_case, import_case
    from innocence.cases.demo import load_demo
    from innocence.core.models import Membership
    from innocence.findings.models import Finding
    from innocence.findings.services import findings_recompute
    from innocence.jobs.queue import run_until_empty

    demo = load_demo()
    case = demo.cases["LIC-DEMO-001"]
    attorney = demo.users["attorney"]
    before = _counts(case)
    assert all(before[m] for m in MODELS), before
    first = tmp_path / "first.zip"
    assert "prosecution" in export_case(actor=attorney, case=case, destination=first).sections
    fresh = make_org("fresh-clinic", prefix="FRC")
    Membership.objects.create(user=attorney, organization=fresh, role="attorney")
    imported = import_case(actor=attorney, organization=fresh, source=first, reference="FRC-2026-0099")
    assert not any("Witness-lens benefit" in w for w in imported.warnings)
    copy = imported.case
    run_until_empty()
    assert _counts(copy) == before
    second = tmp_path / "second.zip"
    export_case(actor=attorney, case=copy, destination=second)
    assert _section(first) == _section(second)
    findings_recompute(case=copy, lens="prosecution")
    statuses = {(f.rule_id, f.subject_key.split(":")[0], f.status)
                for f in Finding.objects.filter(case=case, lens="prosecution")}
    copied = {(f.rule_id, f.subject_key.split(":")[0], f.status)
              for f in Finding.objects.filter(case=copy, lens="prosecution")}
    assert statuses == copied


def test_an_archive_naming_an_unknown_person_is_refused() -> None:
    from innocence.cases.archive import ArchiveError
    from innocence.prosecution.case_archive import validate

    class Reader:
        def exists(self, name: str) -> bool:
            return True

        def json(self, name: str) -> Any:
            return {"schema_version": 1, "people": [], "conflicts": [{"witness": "person-9", "summary": "x"}]}

    with pytest.raises(ArchiveError, match="person-9"):
        validate(Reader())  # type: ignore[arg-type]
