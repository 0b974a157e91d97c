"""The job queue's part of ``innocence check`` (declared in jobs/extensions.py)."""

from __future__ import annotations

from django.db.models import Count

from innocence.core.diagnostics import OK, Check

from . import queue
from .models import Job


def check_worker() -> Check:
    counts = {row["status"]: row["n"] for row in Job.objects.values("status").annotate(n=Count("id"))}
    backend = queue.backend_name()
    data = {"installed": True, "backend": backend, "jobs": counts}
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no jobs yet"
    return Check("worker", OK, f"job queue ({backend}): {summary}; `innocence serve` starts a worker", data)


check_worker.needs_database = True  # type: ignore[attr-defined]
check_worker.check_name = "worker"  # type: ignore[attr-defined]
