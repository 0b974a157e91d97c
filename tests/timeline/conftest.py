"""Fixtures of the Timeline tests: the shared ``world`` (two organizations, a case with a team,
a viewer, a walled-off admin) plus a FICTIONAL text document on the case, processed for real
(text extraction, people extraction of dates, the timeline's proposer) through the job queue."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FICTIONAL_PAGE = (
    "LAKESIDE PARISH SHERIFF'S OFFICE (FICTIONAL) - ARREST REGISTER\n"
    "Date of offense: 06/11/1994\n"
    "The suspect was arrested on June 12, 1994 near the store.\n"
    "A photo array was shown to the witness in July 1994.\n"
    "Trial began in the spring of 1995 before Judge Fenwick.\n"
)


@pytest.fixture(autouse=True)
def _timeline_settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["people.extract", "timeline.propose"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def drain() -> Callable[[], int]:
    from innocence.jobs.queue import run_until_empty

    return run_until_empty


@pytest.fixture
def document(world: Any, drain: Callable[[], int]) -> Any:
    from innocence.documents import services

    result = services.add_file(
        actor=world.admin, organization=world.north, case=world.case, name="arrest-register-fictional.txt",
        stream=io.BytesIO(FICTIONAL_PAGE.encode()),
    )
    drain()
    result.document.refresh_from_db()
    return result.document
