"""Background work of the actor network: one case's edges recomputed on the queue."""

from __future__ import annotations

from typing import Any

from innocence.jobs.queue import task

from . import services


@task(services.TASK, max_attempts=3)
def refresh_case(payload: dict[str, Any]) -> None:
    services.refresh_case(int(payload.get("case_id") or 0))
