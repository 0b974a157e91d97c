"""A worker killed with SIGKILL in the middle of a document: the job is leased again once
its lease expires, and the document ends with exactly its pages, none lost or doubled.

Runs real worker processes against a real (file) database in a temporary data directory."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

SETUP = r"""
import io, json, django
django.setup()
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
from innocence.core.models import Organization, Membership
from django.contrib.auth import get_user_model
from innocence.cases import services as cases
from innocence.documents import services

org = Organization.objects.create(slug="crash", name="Crash Test Clinic (fictional)", case_prefix="CT")
user = get_user_model().objects.create_user(username="crash_admin", password="x-very-long-1")
Membership.objects.create(user=user, organization=org, role="admin")
case = cases.case_create(actor=user, organization=org, title="State v. Crash (fictional)")
buffer = io.BytesIO()
pdf = canvas.Canvas(buffer, pagesize=letter)
for n in range(1, 41):
    pdf.drawString(72, 700, f"Fictional transcript, page {n}. Q. Where were you that night? A. At home.")
    pdf.showPage()
pdf.save()
buffer.seek(0)
result = services.add_file(actor=user, organization=org, case=case, name="long.pdf", stream=buffer)
print(json.dumps({"document": result.document.pk}))
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        INNOCENCE_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="innocence.settings",
        INNOCENCE_JOB_LEASE_SECONDS="2",
        INNOCENCE_TEST_SECONDS_PER_PAGE="0.075",
        INNOCENCE_PAGE_TEXT_CONSUMERS="",
    )
    return env


def _wait(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _query(db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql, args).fetchall()


def _copy_test_schema(target: Path, blocker: Any) -> bool:
    """On SQLite, copy the already-migrated test database to a file (much faster than
    migrating again); elsewhere the subprocess migrates."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return False
    with blocker.unblock():
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        connection.connection.backup(copy)
        migrated = copy.execute(
            "select count(*) from sqlite_master where name = 'core_organization'"
        ).fetchone()[0]
        copy.close()
    if not migrated:
        # Run alone, the test database may not be set up on this connection yet.
        target.unlink()
    return bool(migrated)


def _one_queued_document(tmp_path: Path, blocker: Any) -> tuple[dict[str, str], int]:
    """A data directory with a migrated SQLite file and the 40-page document of SETUP
    queued; the workers' environment and the document's id."""
    env = _env(tmp_path)
    if not _copy_test_schema(tmp_path / "innocence.sqlite3", blocker):
        subprocess.run([sys.executable, "-m", "innocence.cli", "migrate", "-v0"], env=env, check=True, timeout=180)
    out = subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, timeout=120, capture_output=True)
    return env, int(json.loads(out.stdout.decode().strip().splitlines()[-1])["document"])


# The workers run on their own SQLite file (DATABASE_URL is dropped from their environment),
# so the PostgreSQL pass would only run the same thing again, after migrating that file.
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="ran in the SQLite pass")
def test_sigkill_mid_document_then_another_worker_finishes_it(
    tmp_path: Path, django_db_setup: Any, django_db_blocker: Any
) -> None:
    env, document_id = _one_queued_document(tmp_path, django_db_blocker)
    cli = [sys.executable, "-m", "innocence.cli"]
    db = tmp_path / "innocence.sqlite3"

    first = subprocess.Popen([*cli, "worker"], env=env)
    try:
        _wait(
            lambda: (
                _query(db, "select status from documents_document where id=?", document_id)[0][0]
                == "processing"
            ),
            60,
            "the first worker to start the document",
        )
        time.sleep(0.5)  # well inside the 40 × 0.075 s of reading
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    assert _query(db, "select status from documents_document where id=?", document_id)[0][0] == "processing"
    assert _query(db, "select count(*) from documents_page where document_id=?", document_id)[0][0] == 0

    second = subprocess.Popen([*cli, "worker"], env=env)
    try:
        _wait(
            lambda: (
                _query(db, "select status from documents_document where id=?", document_id)[0][0] == "done"
            ),
            90,
            "the second worker to finish the document",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(60)

    numbers = [
        row[0]
        for row in _query(
            db, "select number from documents_page where document_id=? order by number", document_id
        )
    ]
    assert numbers == list(range(1, 41))
    texts = _query(db, "select number, text from documents_page where document_id=?", document_id)
    assert all(f"page {n}." in text for n, text in texts)
    attempts, status, last_error = _query(
        db, "select attempts, status, last_error from jobs_job where name='documents.process'"
    )[0]
    assert (attempts, status) == (2, "done")
    assert "stopped" in last_error


def _children(pid: int) -> set[int]:
    try:
        return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="ran in the SQLite pass")
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_worker_processes_supervisor_starts_a_killed_worker_again(
    tmp_path: Path, django_db_setup: Any, django_db_blocker: Any
) -> None:
    """`innocence worker --processes 2`: the worker process reading a document is killed (as
    the OOM killer would); the supervisor starts another in its place, the document is
    finished with exactly its pages, and SIGTERM stops the supervisor and every worker."""
    env, document_id = _one_queued_document(tmp_path, django_db_blocker)
    cli = [sys.executable, "-m", "innocence.cli"]
    db = tmp_path / "innocence.sqlite3"

    log = (tmp_path / "worker.log").open("wb")  # a file, not a pipe: nothing can block on it
    supervisor = subprocess.Popen([*cli, "worker", "--processes", "2"], env=env, stderr=log)
    try:
        _wait(lambda: len(_children(supervisor.pid)) == 2, 60, "two worker processes")
        first = set(_children(supervisor.pid))

        def reader() -> int:
            rows = _query(db, "select worker from jobs_job where name='documents.process' and status='running'")
            return int(rows[0][0].rsplit(":", 1)[1]) if rows and rows[0][0] else 0

        _wait(lambda: reader() in first, 60, "a worker to start the document")
        killed = reader()
        os.kill(killed, signal.SIGKILL)
        _wait(
            lambda: len(_children(supervisor.pid)) == 2 and killed not in _children(supervisor.pid),
            30,
            "the supervisor to start a worker in place of the killed one",
        )
        _wait(
            lambda: _query(db, "select status from documents_document where id=?", document_id)[0][0] == "done",
            90,
            "another worker to finish the document",
        )
        workers = _children(supervisor.pid)
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=60)
        log.close()
    stderr = (tmp_path / "worker.log").read_bytes()
    assert not any(Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()
                   for pid in workers)
    assert f"worker process {killed} ended" in stderr.decode()
    numbers = [row[0] for row in _query(db, "select number from documents_page where document_id=? order by number", document_id)]
    assert numbers == list(range(1, 41))
