"""Background work for people: re-reading a whole case (from the web button) and resolving
a case's people (after extraction or a reviewer's decision) run on the queue."""

from __future__ import annotations

from typing import Any

from innocence.cases.models import Case
from innocence.jobs.queue import PermanentFailure, task

from . import extraction_service, resolution_runs


@task("people.extract_case", max_attempts=2)
def extract_case(payload: dict[str, Any]) -> None:
    case = Case.objects.filter(pk=int(payload.get("case_id") or 0)).first()
    if case is None:
        raise PermanentFailure("The case no longer exists.")
    extraction_service.extract_case(case)


@task("people.resolve_case", max_attempts=3)
def resolve_case(payload: dict[str, Any]) -> None:
    """Resolve a case's people: incrementally over new pages, or in full (resolution_runs)."""
    resolution_runs.run(payload)
