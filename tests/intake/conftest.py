"""Intake fixtures. Everything is fictional and made here."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest


@pytest.fixture
def intake_world(make_org: Any, make_user: Any, settings: Any, tmp_path: Any) -> Any:
    from innocence.intake import services

    settings.MEDIA_ROOT = tmp_path / "media"
    north = make_org("northside", prefix="NS")
    south = make_org("southside", prefix="SS")
    admin = make_user("n_admin", north, "admin")
    coordinator = make_user("n_intake", north, "intake")
    attorney = make_user("n_attorney", north, "attorney")
    viewer = make_user("n_viewer", north, "viewer")
    outsider = make_user("s_intake", south, "intake")
    facility = services.facility_create(
        actor=admin, organization=north, name="Granite Ridge Correctional (fictional)", state="LA",
        address="PO Box 100\nGranite Ridge, LA 70000",
    )
    return SimpleNamespace(
        north=north, south=south, admin=admin, coordinator=coordinator, attorney=attorney, viewer=viewer,
        outsider=outsider, facility=facility,
    )


@pytest.fixture
def make_application(intake_world: Any) -> Any:
    from innocence.intake import services

    def make(**overrides: Any) -> Any:
        fields: dict[str, Any] = {
            "received_on": dt.date.today() - dt.timedelta(days=3),
            "channel": "letter",
            "applicant_name": "Robert Quillfeather",
            "applicant_dob": dt.date(1970, 4, 2),
            "inmate_number": "Q-55123",
            "facility": intake_world.facility.name,
            "conviction_state": "LA",
            "conviction_county": "Marlow Parish (fictional)",
            "offense": "Armed robbery",
            "conviction_year": 1996,
            "conviction_basis": "trial",
            "sentence": "50 years",
            "claim": "I was at my sister's house across town when the store was robbed.",
            "identity_at_issue": "yes",
        }
        fields.update(overrides)
        actor = fields.pop("actor", intake_world.coordinator)
        organization = fields.pop("organization", intake_world.north)
        return services.application_create(actor=actor, organization=organization, **fields)

    return make
