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

QUEUE_NAME = "innocence"


def _connection() -> Any:
    from redis import Redis

    return Redis.from_url(getattr(settings, "REDIS_URL", "") or "redis://127.0.0.1:6379/0")


def enqueue(spec: Any, payload: dict[str, Any], *, delay: float = 0) -> str:
    from rq import Queue, Retry

    queue = Queue(QUEUE_NAME, connection=_connection())
    kwargs: dict[str, Any] = {
        "retry": Retry(max=max(spec.max_attempts - 1, 0), interval=[5, 30, 120]),
        "job_timeout": 6 * 3600,
        "failure_ttl": 30 * 24 * 3600,
    }
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
    from .queue import PermanentFailure, get_task

    spec = get_task(name)
    try:
        spec.func(payload)
    except PermanentFailure as exc:
        if spec.on_give_up:
            spec.on_give_up(payload, str(exc))


def work(*, processes: int = 1) -> None:
    from rq import Queue, Worker

    connection = _connection()
    worker = Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection)
    worker.work(with_scheduler=True)
