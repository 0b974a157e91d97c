"""The Redis backend (RQ), for workers on several machines.

Set ``INNOCENCE_QUEUE=rq`` and ``REDIS_URL=redis://host:6379/0`` on the web server and on
every worker machine (all sharing the same database and file storage), then run
``innocence worker --processes N`` on each worker machine.

It behaves as the database queue does where it matters to a user: a job runs under the
same time and memory limits (a limit or a permanent failure ends it at once, without a
retry); any other error is retried (``INNOCENCE_RQ_RETRY_SECONDS`` apart) and after the last
attempt, or when the process running it was killed or its worker lost, the task's
``on_give_up`` runs, so a document says why it failed instead of waiting for ever. "Process
again" goes to the front of its lane; waiting jobs of the same key are merged
(:func:`enqueue_coalesced`). Unlike the database queue, a retry starts from the original
payload (no checkpoints).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import Any

from django.conf import settings
from rq.worker import RoundRobinWorker

QUEUE_NAME = "innocence"
#: Fairness on Redis: jobs go to one of LANES queues by their group (document or case), and
#: workers take one job from each lane in turn (RQ's RoundRobinWorker), so a document with
#: 25,000 jobs holds one lane, not the whole queue. Two groups share a lane 1 time in LANES.
LANES = 8


def lane_of(group: str) -> str:
    if not group:
        return QUEUE_NAME
    import zlib

    return f"{QUEUE_NAME}-{zlib.crc32(group.encode()) % LANES}"


def queue_names() -> list[str]:
    return [QUEUE_NAME, *(f"{QUEUE_NAME}-{n}" for n in range(LANES))]


def _connection() -> Any:
    from redis import Redis

    return Redis.from_url(getattr(settings, "REDIS_URL", "") or "redis://127.0.0.1:6379/0")


def retry_intervals() -> list[int]:
    """Seconds before each retry of a failed job (the last one repeats)."""
    raw = getattr(settings, "INNOCENCE_RQ_RETRY_SECONDS", None) or ["5", "30", "120"]
    try:
        values = [int(v) for v in raw]
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"INNOCENCE_RQ_RETRY_SECONDS must be whole seconds separated by commas, not {raw!r}"
        ) from None
    if any(v < 0 for v in values):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"INNOCENCE_RQ_RETRY_SECONDS must not be negative: {raw!r}")
    return values


def enqueue(
    spec: Any, payload: dict[str, Any], *, delay: float = 0, group: str = "", priority: int = 0
) -> str:
    from rq import Callback, Queue, Retry

    from .limits import time_limit_of

    queue = Queue(lane_of(group), connection=_connection())
    limit = int(time_limit_of(spec))
    kwargs: dict[str, Any] = {
        # The job's limit is enforced inside the job (limits.limited, as on the database
        # queue), so that it ends as a failure with its reason and is not retried; RQ's own,
        # a little longer, is only the backstop (its worker kills a horse that outlives it).
        "job_timeout": limit + 30 if limit else 6 * 3600,
        "failure_ttl": 30 * 24 * 3600,
        # Called on every failed attempt, in the work horse and when a lost worker's job is
        # found abandoned; after the last one the task's on_give_up marks its document.
        "on_failure": Callback(on_failure),
        "meta": {"max_attempts": spec.max_attempts},
    }
    if spec.max_attempts > 1:  # RQ refuses Retry(max=0)
        kwargs["retry"] = Retry(max=spec.max_attempts - 1, interval=retry_intervals())
    if delay:
        job = queue.enqueue_in(dt.timedelta(seconds=delay), run, spec.name, payload, **kwargs)
    else:
        # "Process again" asks for priority: the front of its lane, as the database queue
        # serves a higher priority before fairness.
        job = queue.enqueue(run, spec.name, payload, at_front=priority > 0, **kwargs)
    return str(job.id)


#: How long a "job waiting" mark may outlive its job (a job deleted by hand, say); past it,
#: a request queues a job of its own: work done twice, never lost.
COALESCE_MARK_SECONDS = 6 * 3600


def _coalesce_keys(name: str, ident: str) -> tuple[str, str]:
    return f"innocence:waiting:{name}:{ident}", f"innocence:pending:{name}:{ident}"


def enqueue_coalesced(
    spec: Any, payload: dict[str, Any], *, key: tuple[str, ...], union: str = "", delay: float = 0, group: str = ""
) -> str:
    """``queue.enqueue_coalesced`` on Redis: queue the task unless a job of it with the same
    ``key`` is still waiting (not started); that job then takes this one's ``union`` list.

    A mark in Redis says a job is waiting, with when it is due; the union lists wait in a
    set beside it. The job deletes the mark before it reads anything (:func:`run`), so a
    request that finds the mark is taken by a job that has yet to read the database; one
    that comes later queues a job of its own. A request due sooner than the waiting job
    queues its own too (a reviewer's merge is not kept waiting for a delayed re-run). The
    set is emptied only after the job succeeded: a retry, or a job after a killed one, finds
    the lists still there."""
    connection = _connection()
    ident = ":".join(f"{field}={payload.get(field)}" for field in key)
    mark, pending = _coalesce_keys(spec.name, ident)
    values = [str(v) for v in payload.get(union) or []] if union else []
    if values:
        connection.sadd(pending, *values)
    due = time.time() + delay
    if not connection.set(mark, f"{due:.3f}", nx=True, ex=int(delay) + COALESCE_MARK_SECONDS):
        waiting_due = connection.get(mark)
        try:
            sooner = waiting_due is not None and due < float(waiting_due) - 1
        except ValueError:
            sooner = True
        if not sooner and waiting_due is not None:
            return ""  # the waiting job takes it
        connection.set(mark, f"{due:.3f}", ex=int(delay) + COALESCE_MARK_SECONDS)
    carried = {**payload, "coalesced": {"key": ident, "union": union}}
    if union:
        carried[union] = []  # read from the set when the job starts
    return enqueue(spec, carried, delay=delay, group=group)


def _take_coalesced(name: str, payload: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The payload a coalesced job runs with, and the union values it took (to be removed
    from the set once it succeeded)."""
    info = payload.get("coalesced")
    if not isinstance(info, dict):
        return payload, []
    connection = _connection()
    mark, pending = _coalesce_keys(name, str(info.get("key", "")))
    connection.delete(mark)  # first: a request from now on queues a job of its own
    union = str(info.get("union") or "")
    payload = {k: v for k, v in payload.items() if k != "coalesced"}
    if not union:
        return payload, []
    taken = sorted(v.decode() if isinstance(v, bytes) else str(v) for v in connection.smembers(pending))
    merged = {str(v) for v in payload.get(union) or []} | set(taken)
    # Redis keeps strings: page ids come back as the numbers they were
    numeric = all(v.lstrip("-").isdigit() for v in merged)
    payload[union] = sorted(int(v) for v in merged) if numeric else sorted(merged)
    return payload, taken


def _done_coalesced(name: str, payload: dict[str, Any], taken: list[str]) -> None:
    info = payload.get("coalesced")
    if taken and isinstance(info, dict):
        _connection().srem(_coalesce_keys(name, str(info.get("key", "")))[1], *taken)


def _give_up(name: str, payload: dict[str, Any], reason: str) -> None:
    """What the database queue does after a job's last failure: the task's on_give_up
    (a document is marked failed with the reason, so nothing waits on it for ever)."""
    import logging

    from .queue import get_task

    spec = get_task(name)
    if spec.on_give_up is None:
        return
    try:
        spec.on_give_up(payload, reason)
    except Exception:
        logging.getLogger(__name__).exception("on_give_up of %s failed", name)


def _task_of(job: Any) -> tuple[str, dict[str, Any]] | None:
    args = tuple(getattr(job, "args", None) or ())
    if len(args) != 2 or not isinstance(args[0], str) or not isinstance(args[1], dict):
        return None  # not one of ours
    return args[0], args[1]


def on_failure(job: Any, connection: Any, exc_type: Any, exc_value: Any, traceback: Any) -> None:
    """RQ's failure callback. RQ retries the job while it has retries left; after the last
    attempt this gives up as the database queue does."""
    if job.retries_left:
        return
    task = _task_of(job)
    if task is None:
        return
    from rq.registry import AbandonedJobError

    attempts = int((job.meta or {}).get("max_attempts") or 1)
    if exc_type is AbandonedJobError or isinstance(exc_value, AbandonedJobError):
        last = "the worker running it stopped (its machine or process was lost)"
    else:
        last = f"{getattr(exc_type, '__name__', 'Error')}: {exc_value}"
    _give_up(*task, f"Gave up after {attempts} attempts. Last error: {last}")


def on_work_horse_killed(job: Any, retpid: int, ret_val: int, rusage: Any) -> None:
    """The process running the job died (killed, or out of memory): RQ fails the job and
    retries it if it may; after the last attempt, give up as above."""
    if job.should_retry:
        return
    task = _task_of(job)
    if task is None:
        return
    how = f" (signal {os.WTERMSIG(ret_val)})" if ret_val and os.WIFSIGNALED(ret_val) else ""
    attempts = int((job.meta or {}).get("max_attempts") or 1)
    _give_up(
        *task,
        f"Gave up after {attempts} attempts. Last error: the process running it was killed{how}; "
        "it may have run out of memory.",
    )


def run(name: str, payload: dict[str, Any]) -> None:
    """Executed inside an RQ worker process, under the job's time and memory limits (as on
    the database queue). A permanent failure or a limit gives up at once, without a retry;
    any other error is raised for RQ to retry (see :func:`on_failure`)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    django.setup()
    from rq.timeouts import JobTimeoutException

    from . import limits
    from .queue import PermanentFailure, get_task

    spec = get_task(name)
    original = payload
    payload, taken = _take_coalesced(name, payload)
    try:
        with limits.limited(spec):
            spec.func(payload)
        _done_coalesced(name, original, taken)
    except PermanentFailure as exc:
        _give_up(name, payload, str(exc))
    except JobTimeoutException:
        _give_up(name, payload, f"Stopped: it ran longer than its time limit of {limits.time_limit_of(spec):,.0f} s.")
    except Exception as exc:  # MemoryError included
        reason = limits.describe(exc)
        if reason is None:
            raise
        _give_up(name, payload, reason)


class _Worker(RoundRobinWorker):
    """RQ's round-robin worker, which forks a work horse per job."""

    def fork_work_horse(self, job: Any, queue: Any) -> None:
        import gc

        from django.db import connections

        # A database connection must not be shared by this process and its fork (both would
        # talk over one socket; SQLite's file locks go wrong too): the horse opens its own.
        # This process only opens one to give a job up (on_work_horse_killed, on_failure).
        connections.close_all()
        # What this process holds is shared with the fork page by page until either writes
        # to it; frozen, the fork's garbage collector leaves it alone (the gc module's
        # advice for fork without exec; with the warm-up, a 100,000-page text docket on RQ
        # took 586 worker CPU-s instead of 798 here).
        gc.freeze()
        super().fork_work_horse(job, queue)


def warm_up() -> None:
    """Load, once in the worker, what every job of the page-text consumers reads (their
    ``warm_up``), so that the forked work horses inherit it instead of each loading it."""
    import logging

    from innocence.core.extensions import registry, resolve

    for consumer in registry().page_text_consumers():
        if consumer.warm_up:
            try:
                resolve(consumer.warm_up)()
            except Exception:  # a slower first job, not a reason to stop the worker
                logging.getLogger(__name__).exception("warm-up of %s failed", consumer.name)


def work(*, burst: bool = False) -> None:
    from rq import Queue

    connection = _connection()
    queues = [Queue(name, connection=connection) for name in queue_names()]
    worker = _Worker(queues, connection=connection, work_horse_killed_handler=on_work_horse_killed)
    warm_up()
    # RQ logs every job at INFO; the project's level (INNOCENCE_LOG_LEVEL, WARNING by default)
    # decides, as it does for the database queue's worker.
    import logging

    worker.work(burst=burst, with_scheduler=True, logging_level=logging.getLevelName(logging.getLogger().level))
