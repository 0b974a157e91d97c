"""Per-job time and memory limits: a runaway job becomes a failed job with a reason.

- Time: ``TaskSpec.time_limit`` seconds, else ``INNOCENCE_JOB_TIME_LIMIT_SECONDS`` (default
  one hour). An interval timer interrupts the job (in a worker's main thread, or an RQ work
  horse); on Redis, RQ's ``job_timeout`` (a little longer) is only the backstop.
- Memory (both queues): ``INNOCENCE_JOB_MEMORY_LIMIT_MB`` (default 4096) more address space than the
  worker had when the job started (``RLIMIT_AS``, restored afterwards); a job that needs
  more gets a ``MemoryError`` instead of pushing the machine into swap or the OOM killer.

Both are permanent failures: running the same job again would end the same way.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import threading
from collections.abc import Iterator
from typing import Any

from django.conf import settings


class JobTimeLimit(Exception):
    """The job ran past its time limit."""


def time_limit_of(spec: Any) -> float:
    own = float(getattr(spec, "time_limit", 0) or 0)
    return own or float(getattr(settings, "INNOCENCE_JOB_TIME_LIMIT_SECONDS", 3600) or 0)


def memory_limit_bytes() -> int:
    return int(getattr(settings, "INNOCENCE_JOB_MEMORY_LIMIT_MB", 4096) or 0) * 1024 * 1024


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


@contextlib.contextmanager
def limited(spec: Any) -> Iterator[None]:
    """Run the body under the job's limits (only in the main thread: signals and process
    limits belong to it; elsewhere the body runs unlimited)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    seconds = time_limit_of(spec)
    previous_handler: Any = None
    if seconds > 0:

        def expired(signum: int, frame: Any) -> None:
            raise JobTimeLimit(f"it ran longer than its time limit of {seconds:,.0f} s")

        previous_handler = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    previous_limit: tuple[int, int] | None = None
    extra = memory_limit_bytes()
    current = _address_space()
    if extra and current:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = current + extra
        if hard == resource.RLIM_INFINITY or wanted < hard:
            previous_limit = (soft, hard)
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        if seconds > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler or signal.SIG_DFL)
        if previous_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, previous_limit)


def describe(exc: BaseException) -> str | None:
    """The reason to fail with, when ``exc`` is a limit being hit; else None."""
    if isinstance(exc, JobTimeLimit):
        return f"Stopped: {exc}."
    if isinstance(exc, MemoryError):
        mb = memory_limit_bytes() // (1024 * 1024)
        return f"Stopped: it needed more than its memory limit ({mb:,} MB above the worker's own)."
    return None
