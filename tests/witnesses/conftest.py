"""Fictional witness-lens fixtures built on the shared `world` (two organizations, a case)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The shared `world` makes six users; argon2 makes that the slowest part of these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def lens(world: Any) -> Any:
    from innocence.people.models import CaseRole, Person

    def person(name: str, role: str) -> Any:
        p = Person.objects.create(organization=world.north, full_name=name, is_fictional=True)
        CaseRole.objects.create(case=world.case, person=p, role=role)
        return p

    ns = SimpleNamespace(
        world=world,
        case=world.case,
        actor=world.on_team,
        witness=person("Ada Quimby", "witness"),
        suspect=person("Bram Tolliver", "applicant"),
        officer=person("Det. Cass Orrin", "officer"),
        informant=person("Dell Farrow", "informant"),
    )

    def save(record_kind: str, /, instance: Any = None, **values: Any) -> Any:
        from innocence.witnesses.services import witness_record_save

        return witness_record_save(
            actor=world.on_team, case=world.case, kind=record_kind, values=values, instance=instance
        )

    def finding(rule_id: str, subject_key: str | None = None) -> Any:
        from innocence.findings.models import Finding

        found = Finding.objects.filter(case=world.case, rule_id=rule_id)
        if subject_key:
            found = found.filter(subject_key=subject_key)
        results = list(found)
        assert len(results) == 1, [(f.rule_id, f.subject_key) for f in results]
        return results[0]

    ns.save = save
    ns.finding = finding
    return ns
