"""Issue 11.8: SQLite's lock discipline (innocence/settings: WAL, BEGIN IMMEDIATE, a 30 s busy
timeout) on a real database file, not the in-memory test database: writers that read before
they write, in two threads at once, all succeed, none with "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

ALIAS = "sqlite_lock_check"


def _settings_for(path: Path) -> dict[str, Any]:
    from innocence import settings as project

    default = project.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the lock discipline is SQLite's; PostgreSQL has row locks")
    return {**connections["default"].settings_dict, "NAME": str(path), "OPTIONS": dict(default["OPTIONS"])}


def _open(settings_dict: dict[str, Any]) -> DatabaseWrapper:
    wrapper = DatabaseWrapper(settings_dict, alias=ALIAS)
    connections[ALIAS] = wrapper  # this thread's connection under the alias atomic() uses
    return wrapper


@pytest.fixture(autouse=True)
def _own_database(django_db_blocker: Any) -> Any:
    # a database of the test's own, outside pytest-django's test database
    with django_db_blocker.unblock():
        yield


def test_a_file_database_gets_wal_and_the_busy_timeout(tmp_path: Path) -> None:
    settings_dict = _settings_for(tmp_path / "lock.sqlite3")
    wrapper = _open(settings_dict)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 30_000
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
            cursor.execute("CREATE TABLE t (n INTEGER)")
        # WAL is a property of the file: a separate, plain connection sees it
        other = sqlite3.connect(tmp_path / "lock.sqlite3")
        try:
            assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            other.close()
        assert wrapper.transaction_mode == "IMMEDIATE"
    finally:
        wrapper.close()
        del connections[ALIAS]


def test_two_threads_reading_then_writing_at_once_both_succeed(tmp_path: Path) -> None:
    settings_dict = _settings_for(tmp_path / "lock.sqlite3")
    setup = _open(settings_dict)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()

    rounds = 25
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer() -> None:
        wrapper = _open(settings_dict)
        try:
            start.wait()
            for _ in range(rounds):
                # read, pause, write: under a deferred BEGIN two of these deadlock on the
                # lock upgrade and one fails at once with "database is locked"
                with transaction.atomic(using=ALIAS), wrapper.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    n = cursor.fetchone()[0]
                    time.sleep(0.002)
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            wrapper.close()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    check = sqlite3.connect(tmp_path / "lock.sqlite3")
    try:
        # no update lost: each read-then-write saw the one before it
        assert check.execute("SELECT n FROM counter").fetchone()[0] == 2 * rounds
    finally:
        check.close()
