"""A named lock held across transactions, for work that must not run twice at once (the people
resolution of one case) but must not hold a row lock either (it reads for seconds and writes
in short transactions, so that a web request never waits behind it).

On PostgreSQL it is a session advisory lock, so it holds between the worker processes of
every machine. On SQLite, which lives on one machine, it is an exclusive ``flock`` on a file
in the data directory: it holds between processes and between threads (each acquisition
opens the file anew). Either way a process that dies lets go of it.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)


def _key(name: str) -> int:
    # advisory locks take a signed 64-bit key
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


_held = threading.local()


@contextmanager
def held(name: str) -> Iterator[None]:
    """Wait for the lock called ``name``, hold it for the block. Re-entrant within a thread (a
    full resolution may run inside a job that already holds its case's lock)."""
    depth: dict[str, int] = _held.__dict__.setdefault("depth", {})
    if depth.get(name):
        depth[name] += 1
        try:
            yield
        finally:
            depth[name] -= 1
        return
    depth[name] = 1
    try:
        with _acquired(name):
            yield
    finally:
        depth.pop(name, None)


@contextmanager
def _acquired(name: str) -> Iterator[None]:
    if connection.vendor == "postgresql":
        key = _key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except Exception:  # a lost connection has let go of its locks with it
                log.warning("could not release the lock %s", name, exc_info=True)
        return
    folder = settings.DATA_DIR / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    with (folder / f"{safe}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
