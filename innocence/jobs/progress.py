"""The one progress component of the job queue.

A job doing long work says how far it has got; every page and the terminal read it the same
way::

    from innocence.jobs import progress

    progress.start("document:7", total=64, label="trial-vol-2.pdf", current="OCR")
    progress.advance("document:7")           # one more page done
    progress.finish("document:7")

    view = progress.read(["document:7"])      # -> Snapshot: done, total, current, time left
    {% load job_progress %}{% job_progress view %}   # in a template (jobs/_progress.html)

Writes are single UPDATE statements (``F() + n``), safe from many workers at once and
cheap beside a page of OCR. The estimate of time left is the rate so far (units done since
the start over the time elapsed) applied to what remains; it says nothing until a first
unit is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from .models import Progress


def start(
    key: str, *, total: int, label: str = "", unit: str = "pages", done: int = 0, current: str = ""
) -> None:
    """Begin (or begin again) the progress of ``key``."""
    now = timezone.now()
    fields = {
        "label": label[:300],
        "unit": unit,
        "done": max(0, min(done, total)),
        "total": max(0, total),
        "current": current[:300],
        "started_at": now,
        "updated_at": now,
        "finished_at": None,
    }
    # One INSERT ... ON CONFLICT DO UPDATE (update_or_create was six statements with its
    # savepoint, for every document).
    Progress.objects.bulk_create(
        [Progress(key=key, **fields)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=list(fields),
    )


def advance(key: str, n: int = 1, *, current: str | None = None) -> None:
    """``n`` more units done (no-op for an unknown key)."""
    changes: dict[str, object] = {"done": F("done") + n, "updated_at": timezone.now()}
    if current is not None:
        changes["current"] = current[:300]
    Progress.objects.filter(key=key).update(**changes)


def finish(key: str) -> None:
    now = timezone.now()
    Progress.objects.filter(key=key).update(done=F("total"), finished_at=now, updated_at=now, current="")


def forget(keys: Iterable[str]) -> None:
    Progress.objects.filter(key__in=list(keys)).delete()


@dataclass(frozen=True)
class Snapshot:
    done: int
    total: int
    unit: str
    label: str
    current: str
    started_at: dt.datetime | None
    finished: bool
    now: dt.datetime

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def seconds_left(self) -> float | None:
        """Remaining units at the rate so far; None before the first unit or when finished."""
        if self.finished or not self.done or self.started_at is None or self.done >= self.total:
            return None
        elapsed = (self.now - self.started_at).total_seconds()
        if elapsed <= 0:
            return None
        return (self.total - self.done) * elapsed / self.done

    @property
    def time_left(self) -> str:
        """In words: "about 3 min left", "less than a minute left", or "" when unknown."""
        return describe_seconds(self.seconds_left)


def describe_seconds(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return "less than a minute left"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"about {minutes} min left"
    return f"about {seconds / 3600:.1f} h left"


def read(keys: Iterable[str]) -> Snapshot | None:
    """One snapshot for the work named by ``keys`` together (a batch of files is the sum of
    its files), or None when none of them has reported progress."""
    rows = list(Progress.objects.filter(key__in=list(keys)))
    if not rows:
        return None
    running = [r for r in rows if r.finished_at is None]
    latest = max(running or rows, key=lambda r: r.updated_at)
    return Snapshot(
        done=sum(min(r.done, r.total) for r in rows),
        total=sum(r.total for r in rows),
        unit=rows[0].unit,
        label=latest.label if running else "",
        current=latest.current if running else "",
        started_at=min(r.started_at for r in rows),
        finished=not running,
        now=timezone.now(),
    )


def document_key(document_id: int) -> str:
    return f"document:{document_id}"
