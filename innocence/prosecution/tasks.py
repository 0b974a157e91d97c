"""Background work of the Prosecution lens: bringing a whole case's page signatures up to
date in chunks, with progress on a SignatureRun the tab polls."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from innocence.documents.models import Page
from innocence.jobs.queue import PermanentFailure, task

from .consumers import signatures_for_pages
from .models import RunStatus, SignatureRun

CHUNK = 500


def _give_up(payload: dict[str, Any], reason: str) -> None:
    SignatureRun.objects.filter(pk=int(payload.get("run_id") or 0)).update(
        status=RunStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


@task("prosecution.signatures_run", max_attempts=2, on_give_up=_give_up)
def signatures_run(payload: dict[str, Any]) -> None:
    run = SignatureRun.objects.filter(pk=int(payload.get("run_id") or 0)).first()
    if run is None:
        raise PermanentFailure("The signature run was deleted (its case may have been deleted).")
    ids = list(Page.objects.filter(document__case_id=run.case_id).order_by("pk").values_list("pk", flat=True))
    SignatureRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, total=len(ids), done=0)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        signatures_for_pages(chunk)
        SignatureRun.objects.filter(pk=run.pk).update(done=start + len(chunk))
    SignatureRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, done=len(ids), finished_at=timezone.now())
