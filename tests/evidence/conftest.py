"""FICTIONAL Evidence-lens fixtures on the shared `world` (two organizations, a case): an
analyst, an officer, and a text document processed for real through the job queue."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

FICTIONAL_PAGE = (
    "STATE CRIME LABORATORY (FICTIONAL) - LABORATORY REPORT No. L77-0001\n"
    "Analyst: Dr. Wren Halloway, serologist\n"
    "Item 1: blue cotton shirt from the scene\n"
    "Item 2: known blood sample of the defendant\n"
    "The stain on Item 1 was examined by ABO typing and is consistent with type A secretor.\n"
    "Microscopic hair comparison: the hair is consistent with the known hair and could have originated from him.\n"
)


@pytest.fixture(autouse=True)
def _evidence_settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["evidence.proposals"]


@pytest.fixture
def drain() -> Callable[[], int]:
    from innocence.jobs.queue import run_until_empty

    return run_until_empty


@pytest.fixture
def lens(world: Any) -> Any:
    from innocence.people.models import CaseRole, Person

    def person(name: str, role: str) -> Any:
        p = Person.objects.create(organization=world.north, full_name=name, is_fictional=True)
        CaseRole.objects.create(case=world.case, person=p, role=role)
        return p

    ns = SimpleNamespace(world=world, case=world.case, actor=world.on_team,
                         analyst=person("Dr. Wren Halloway", "forensic_analyst"),
                         officer=person("Det. Cass Orrin", "officer"))

    def save(record_kind: str, /, instance: Any = None, case: Any = None, **values: Any) -> Any:
        from innocence.evidence.services import evidence_record_save

        return evidence_record_save(actor=world.on_team, case=case or world.case, kind=record_kind, values=values,
                                    instance=instance)

    def finding(rule_id: str, subject_key: str | None = None) -> Any:
        from innocence.findings.models import Finding

        found = Finding.objects.filter(case=world.case, rule_id=rule_id)
        if subject_key:
            found = found.filter(subject_key=subject_key)
        results = list(found)
        assert len(results) == 1, [(f.rule_id, f.subject_key, f.status) for f in results]
        return results[0]

    ns.save = save
    ns.finding = finding
    return ns


@pytest.fixture
def document(world: Any, drain: Callable[[], int]) -> Any:
    from innocence.documents import services

    result = services.add_file(actor=world.admin, organization=world.north, case=world.case,
                               name="lab-report-fictional.txt", stream=io.BytesIO(FICTIONAL_PAGE.encode()))
    drain()
    result.document.refresh_from_db()
    return result.document
