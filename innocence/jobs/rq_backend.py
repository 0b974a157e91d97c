"""The Redis backend (RQ), for workers on several machines.

Set ``INNOCENCE_QUEUE=rq`` and ``REDIS_URL=redis://host:6379/0`` on the web server and on
every worker machine (all sharing the same database and file storage), then run
``innocence worker --processes N`` on each worker machine.
"""

from __future__ import annotations

import datetime as dt
import os
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


def enqueue(spec: Any, payload: dict[str, Any], *, delay: float = 0, group: str = "") -> str:
    from rq import Queue, Retry

    from .limits import time_limit_of

    queue = Queue(lane_of(group), connection=_connection())
    kwargs: dict[str, Any] = {
        "job_timeout": int(time_limit_of(spec)) or 6 * 3600,
        "failure_ttl": 30 * 24 * 3600,
    }
    if spec.max_attempts > 1:  # RQ refuses Retry(max=0)
        kwargs["retry"] = Retry(max=spec.max_attempts - 1, interval=[5, 30, 120])
    if delay:
        job = queue.enqueue_in(dt.timedelta(seconds=delay), run, spec.name, payload, **kwargs)
    else:
        job = queue.enqueue(run, spec.name, payload, **kwargs)
    return str(job.id)


def run(name: str, payload: dict[str, Any]) -> None:
    """Executed inside an RQ worker process."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    django.setup()
    from .limits import describe
    from .queue import PermanentFailure, get_task

    spec = get_task(name)
    try:
        spec.func(payload)
    except PermanentFailure as exc:
        if spec.on_give_up:
            spec.on_give_up(payload, str(exc))
    except MemoryError as exc:
        if spec.on_give_up:
            spec.on_give_up(payload, describe(exc) or "out of memory")


def work(*, processes: int = 1) -> None:
    from rq import Queue

    connection = _connection()
    queues = [Queue(name, connection=connection) for name in queue_names()]
    worker = RoundRobinWorker(queues, connection=connection)
    worker.work(with_scheduler=True)
