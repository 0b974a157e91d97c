"""The one task API of the project.

    from innocence.jobs.queue import enqueue, task

    @task("documents.process", max_attempts=3)
    def process(payload: dict) -> None: ...

    enqueue("documents.process", {"document_id": 7})

Tasks live in ``innocence/<app>/tasks.py`` modules (found automatically). Two backends:

- ``db`` (default): a table in the application's own database; ``innocence worker`` drains
  it and ``innocence serve`` starts such a worker. Nothing else to run.
- ``rq``: Redis through RQ, for workers on several machines (``INNOCENCE_QUEUE=rq`` and
  ``REDIS_URL``); start workers with ``innocence worker`` on each machine.

A task must be idempotent: after a crash it runs again from the start.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from . import limits
from .models import Job, JobStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TaskSpec:
    name: str
    func: Callable[[dict[str, Any]], None]
    max_attempts: int = 3
    #: Called with (payload, reason) when the task has failed for the last time.
    on_give_up: Callable[[dict[str, Any], str], None] | None = None
    #: Seconds before the job is stopped (0: INNOCENCE_JOB_TIME_LIMIT_SECONDS); see limits.
    time_limit: float = 0


_REGISTRY: dict[str, TaskSpec] = {}
_discovered = False


class PermanentFailure(Exception):
    """Raised by a task when retrying cannot help; the job fails at once with this reason."""


class RetryWith(Exception):
    """Raised by a task that did part of its work: the job is retried as any failed job
    (same attempts, back-off and give-up), but with ``payload``, what is left to do, so
    that the part that succeeded is not done again. The Redis backend retries with the
    original payload (RQ keeps a job's arguments): a task must stay idempotent."""

    def __init__(self, reason: str, payload: dict[str, Any]) -> None:
        super().__init__(reason)
        self.payload = payload


#: The job this thread is running (the database backend), for :func:`checkpoint`.
_running = threading.local()


def checkpoint(payload: dict[str, Any]) -> None:
    """Save how far the running job has got: run again after a crash or a lost lease, it
    starts from ``payload`` instead of from the beginning. One UPDATE; does nothing outside
    a job of the database backend (on Redis a job runs again from its original payload)."""
    job: Job | None = getattr(_running, "job", None)
    if job is None:
        return
    job.payload = payload
    Job.objects.filter(pk=job.pk, worker=job.worker, status=JobStatus.RUNNING).update(payload=payload)


def task(
    name: str,
    *,
    max_attempts: int = 3,
    on_give_up: Callable[[dict[str, Any], str], None] | None = None,
    time_limit: float = 0,
) -> Callable[[Callable[[dict[str, Any]], None]], Callable[[dict[str, Any]], None]]:
    def register(func: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
        _REGISTRY[name] = TaskSpec(name, func, max_attempts, on_give_up, time_limit)
        return func

    return register


def discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("tasks")
        _discovered = True


def get_task(name: str) -> TaskSpec:
    discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise PermanentFailure(f"No task named {name!r} is installed.") from None


def backend_name() -> str:
    return str(getattr(settings, "INNOCENCE_QUEUE", "db") or "db")


def lease_seconds() -> float:
    return float(getattr(settings, "INNOCENCE_JOB_LEASE_SECONDS", 60))


def group_of(payload: dict[str, Any]) -> str:
    """The unit of fairness of a job: the document it works for, else its case."""
    if payload.get("document_id"):
        return f"doc:{payload['document_id']}"
    if payload.get("case_id"):
        return f"case:{payload['case_id']}"
    return ""


def _turn(group: str) -> int:
    # The clock and the group's last turn in one query (two were a tenth of an enqueue).
    waiting = Job.objects.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
    if not group:
        return waiting.aggregate(value=Min("turn"))["value"] or 0
    values = waiting.aggregate(clock=Min("turn"), last=Max("turn", filter=Q(group=group)))
    clock, last = values["clock"] or 0, values["last"]
    return max(clock, last + 1) if last is not None else clock


def enqueue(name: str, payload: dict[str, Any], *, priority: int = 0, delay: float = 0) -> str:
    """Queue a task after the current transaction commits. Returns the job id.

    Jobs are served fairly: round-robin between documents (or cases), see
    :class:`~innocence.jobs.models.Job`; ``priority`` beats fairness."""
    spec = get_task(name)
    group = group_of(payload)
    if backend_name() == "rq":
        from . import rq_backend

        job_ids: list[str] = []
        transaction.on_commit(
            lambda: job_ids.append(
                rq_backend.enqueue(spec, payload, delay=delay, group=group, priority=priority)
            )
        )
        return job_ids[0] if job_ids else ""
    job = Job.objects.create(
        name=name,
        payload=payload,
        priority=priority,
        group=group,
        turn=_turn(group),
        max_attempts=spec.max_attempts,
        run_after=timezone.now() + dt.timedelta(seconds=delay),
    )
    return str(job.pk)


def enqueue_many(name: str, payloads: list[dict[str, Any]], *, priority: int = 0) -> list[str]:
    """Queue several jobs of one task at once, as ``enqueue`` would one after the other (the
    same turns), with one turn query per group and one INSERT: a document's page-text
    consumers were three queries each."""
    if backend_name() == "rq" or len(payloads) < 2:
        return [enqueue(name, payload, priority=priority) for payload in payloads]
    spec = get_task(name)
    due = timezone.now()
    turns: dict[str, int] = {}
    jobs: list[Job] = []
    for payload in payloads:
        group = group_of(payload)
        if group not in turns:
            turns[group] = _turn(group)
        elif group:  # a later job of the same group comes one turn after the one before
            turns[group] += 1
        jobs.append(Job(
            name=name, payload=payload, priority=priority, group=group, turn=turns[group],
            max_attempts=spec.max_attempts, run_after=due,
        ))
    return [str(job.pk) for job in Job.objects.bulk_create(jobs)]


def enqueue_coalesced(
    name: str,
    payload: dict[str, Any],
    *,
    key: tuple[str, ...],
    union: str = "",
    delay: float = 0,
) -> str:
    """Queue a task unless a job of this name with the same ``key`` fields in its payload is
    still waiting; then that job takes this one's ``union`` list into its own and no second
    job is queued (a burst of small files makes one resolution, not one each). The Redis
    backend does the same with a mark and a set in Redis (``rq_backend.enqueue_coalesced``)."""
    if backend_name() == "rq":
        from . import rq_backend

        spec = get_task(name)
        group = group_of(payload)
        job_ids: list[str] = []
        transaction.on_commit(
            lambda: job_ids.append(
                rq_backend.enqueue_coalesced(spec, payload, key=key, union=union, delay=delay, group=group)
            )
        )
        return job_ids[0] if job_ids else ""
    with transaction.atomic():
        waiting = Job.objects.filter(name=name, status=JobStatus.QUEUED)
        for field in key:
            waiting = waiting.filter(**{f"payload__{field}": payload.get(field)})
        if connection.features.has_select_for_update:
            waiting = waiting.select_for_update()
        job = waiting.order_by("id").first()
        if job is None:
            return enqueue(name, payload, delay=delay)
        changes: dict[str, Any] = {}
        if union:
            merged = sorted({*job.payload.get(union, []), *payload.get(union, [])})
            changes["payload"] = {**job.payload, union: merged}
        due = timezone.now() + dt.timedelta(seconds=delay)
        if due < job.run_after:  # asked for sooner than the waiting job would run
            changes["run_after"] = due
        if changes:
            Job.objects.filter(pk=job.pk).update(**changes)
        return str(job.pk)


# --- the database backend's worker side ------------------------------------------------


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(worker: str) -> Job | None:
    """Lease the next runnable job: a queued one that is due, or a running one whose worker
    stopped heartbeating. Returns None when there is nothing to do."""
    now = timezone.now()
    with transaction.atomic():
        candidates = Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now) | Job.objects.filter(
            status=JobStatus.RUNNING, lease_until__lt=now
        )
        # fair: the lowest turn first (round-robin between documents), then the oldest
        candidates = candidates.order_by("-priority", "turn", "id")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        job = candidates.first()
        if job is None:
            return None
        if job.status == JobStatus.RUNNING:
            job.last_error = (
                f"The worker {job.worker} stopped (crashed or was killed) during attempt {job.attempts}."
            )
        if job.attempts >= job.max_attempts:
            reason = job.last_error or "It failed too many times."
            _give_up(job, f"Gave up after {job.attempts} attempts. {reason}")
            return None
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.worker = worker
        job.started_at = now
        job.lease_until = now + dt.timedelta(seconds=lease_seconds())
        job.save(update_fields=["status", "attempts", "worker", "started_at", "lease_until", "last_error"])
        return job


def _give_up(job: Job, reason: str) -> None:
    job.status = JobStatus.FAILED
    job.last_error = reason
    job.finished_at = timezone.now()
    job.lease_until = None
    job.save(update_fields=["status", "last_error", "finished_at", "lease_until", "payload"])
    spec = _REGISTRY.get(job.name)
    if spec and spec.on_give_up:
        try:
            spec.on_give_up(job.payload, reason)
        except Exception:
            log.exception("on_give_up of %s failed", job.name)


class _Heartbeat(threading.Thread):
    def __init__(self, job_id: int, worker: str) -> None:
        super().__init__(daemon=True)
        self.job_id = job_id
        self.worker = worker
        self.stop = threading.Event()

    def run(self) -> None:
        interval = max(lease_seconds() / 3, 0.2)
        try:
            while not self.stop.wait(interval):
                Job.objects.filter(pk=self.job_id, worker=self.worker, status=JobStatus.RUNNING).update(
                    lease_until=timezone.now() + dt.timedelta(seconds=lease_seconds())
                )
        finally:
            connection.close()


def run_job(job: Job, worker: str) -> bool:
    """Run one leased job. Returns True when it succeeded."""
    heartbeat = _Heartbeat(job.pk, worker)
    heartbeat.start()
    _running.job = job
    try:
        spec = get_task(job.name)
        started = time.process_time()
        with limits.limited(spec):
            spec.func(job.payload)
        log.debug("job %s (%s): %.3f CPU-s", job.pk, job.name, time.process_time() - started)
    except PermanentFailure as exc:
        heartbeat.stop.set()
        heartbeat.join()
        _give_up(job, str(exc))
        return False
    except (Exception, MemoryError) as exc:
        heartbeat.stop.set()
        heartbeat.join()
        limit_hit = limits.describe(exc)
        if limit_hit is not None:  # the same job would hit it again: no retry
            log.warning("job %s stopped: %s", job, limit_hit)
            _give_up(job, limit_hit)
            return False
        log.warning("job %s attempt %s failed: %s", job, job.attempts, exc)
        reason = f"{type(exc).__name__}: {exc}"
        changes: dict[str, Any] = {}
        if isinstance(exc, RetryWith):
            job.payload = exc.payload
            changes["payload"] = exc.payload
        if job.attempts >= job.max_attempts:
            _give_up(job, f"Gave up after {job.attempts} attempts. Last error: {reason}")
        else:
            backoff = min(2**job.attempts, 60)
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.QUEUED,
                lease_until=None,
                last_error=reason + "\n" + traceback.format_exc(limit=5),
                run_after=timezone.now() + dt.timedelta(seconds=backoff),
                **changes,
            )
        return False
    finally:
        _running.job = None
        # Also when the worker is being stopped (KeyboardInterrupt, SystemExit): the lease
        # must run out so that another worker takes the job again.
        heartbeat.stop.set()
        heartbeat.join()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, finished_at=timezone.now(), lease_until=None)
    return True


def run_until_empty(*, worker: str | None = None, stop_when: Callable[[], bool] | None = None) -> int:
    """Drain the database queue in this process (the CLI's --wait, tests, demo loading).
    Returns the number of jobs run. Waits for jobs leased by others only if `stop_when`
    is given and not yet true."""
    me = worker or worker_id()
    count = 0
    while True:
        job = claim(me)
        if job is not None:
            run_job(job, me)
            count += 1
            continue
        if stop_when is None or stop_when():
            return count
        time.sleep(0.2)


def work_forever(*, poll_seconds: float = 0.5, stop: threading.Event | None = None) -> None:
    me = worker_id()
    stop = stop or threading.Event()
    while not stop.is_set():
        close_old_connections()
        try:
            job = claim(me)
        except Exception:
            log.exception("could not claim a job")
            job = None
        if job is None:
            stop.wait(poll_seconds)
            continue
        run_job(job, me)
