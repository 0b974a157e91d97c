"""The job queue's one progress component on real OCR: a fictional scan read page by page
shows, in the document's status fragment and the case's Documents tab, pages done of total,
the file being read and the time left; `innocence ingest --wait` draws the same as a bar."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from innocence.jobs import progress
from innocence.jobs.models import Job, JobStatus
from innocence.jobs.queue import claim, run_job, worker_id

from .test_reocr import scanned_pdf


def test_snapshot_sums_parts_and_estimates_from_the_rate_so_far(db: Any) -> None:
    progress.start("document:1", total=64, label="trial-vol-2.pdf (fictional)", current="OCR")
    progress.start("document:2", total=36, label="letters.pdf (fictional)")
    progress.advance("document:1", 20, current="OCR, page 20")
    snapshot = progress.read(["document:1", "document:2"])
    assert snapshot is not None
    assert (snapshot.done, snapshot.total, snapshot.percent) == (20, 100, 20)
    assert snapshot.label == "trial-vol-2.pdf (fictional)" and snapshot.current == "OCR, page 20"
    # 20 pages in 2 minutes: the 80 left take 8 minutes at that rate.
    started = timezone.now() - dt.timedelta(minutes=2)
    progress.Progress.objects.update(started_at=started)
    later = progress.read(["document:1", "document:2"])
    assert later is not None and later.seconds_left is not None
    assert 475 < later.seconds_left < 490 and later.time_left == "about 8 min left"
    progress.finish("document:1")
    progress.finish("document:2")
    done = progress.read(["document:1", "document:2"])
    assert done is not None and done.finished and done.done == 100 and done.time_left == ""
    assert progress.read(["document:3"]) is None


def test_nothing_is_estimated_before_the_first_page(db: Any) -> None:
    progress.start("document:9", total=10)
    snapshot = progress.read(["document:9"])
    assert snapshot is not None and snapshot.seconds_left is None and snapshot.time_left == ""
    assert progress.describe_seconds(30) == "less than a minute left"
    assert progress.describe_seconds(2 * 3600) == "about 2.0 h left"


def _run_one(name: str) -> None:
    job = claim(worker_id())
    assert job is not None and job.name == name, job
    run_job(job, worker_id())


@pytest.mark.ocr
def test_an_ocr_job_shows_live_progress_in_the_page(world: Any, add: Any, settings: Any) -> None:
    settings.INNOCENCE_OCR_ENGINE = "tesseract"
    settings.INNOCENCE_OCR_PAGES_PER_JOB = 1
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = []
    texts = [f"FICTIONAL page {n} of an invented statement" for n in range(1, 5)]
    document = add("fictional-scan.pdf", scanned_pdf(texts)).document
    client = Client()
    client.force_login(world.on_team)

    _run_one("documents.process")  # pages written, four OCR jobs queued
    progress.Progress.objects.update(started_at=timezone.now() - dt.timedelta(seconds=30))
    _run_one("documents.ocr_pages")
    fragment = client.get(f"/documents/{document.pk}/status/").content.decode()
    assert "1 of 4 pages" in fragment and "fictional-scan (OCR, page 1)" in fragment
    assert "min left" in fragment or "less than a minute left" in fragment
    assert 'hx-trigger="every 2s"' in fragment  # the fragment keeps polling while work remains
    tab = client.get(f"/documents/case/{world.case.reference}/status/").content.decode()
    assert "1 of 4 pages" in tab and 'hx-trigger="every 2s"' in tab

    while Job.objects.filter(status=JobStatus.QUEUED).exists():
        run_job(claim(worker_id()), worker_id())  # type: ignore[arg-type]
    fragment = client.get(f"/documents/{document.pk}/status/").content.decode()
    assert "every 2s" not in fragment and "Done" in fragment


def _ingest_and_wait(world: Any, folder: Any, capsys: Any) -> str:
    """What `innocence ingest FOLDER --wait` draws (on stderr, through rich or the command's own)."""
    stderr = io.StringIO()
    call_command(
        "ingest",
        str(folder),
        "--case",
        world.case.reference,
        "--as",
        world.on_team.username,
        "--wait",
        stderr=stderr,
    )
    return str(capsys.readouterr().err + stderr.getvalue())


@pytest.mark.ocr
def test_ingest_wait_draws_a_progress_bar(world: Any, tmp_path: Any, settings: Any, capsys: Any) -> None:
    settings.INNOCENCE_OCR_ENGINE = "tesseract"
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = []
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf(["FICTIONAL one", "FICTIONAL two"]))
    (tmp_path / "note.txt").write_text("FICTIONAL note of an invented clerk.")
    drawn = _ingest_and_wait(world, tmp_path, capsys)
    assert "pages" in drawn and "files 2/2" in drawn
    assert "3/3" in drawn  # pages done of total, when all are read


def test_ingest_wait_into_a_pipe_redraws_from_no_thread(
    world: Any, tmp_path: Any, settings: Any, capsys: Any, monkeypatch: Any
) -> None:
    """Into a pipe or a file rich draws nothing before the end: a redrawing thread there only
    costs CPU beside the OCR engine (ten redraws a second). The final bar is still drawn."""
    from rich import live

    started: list[Any] = []
    real_start = live._RefreshThread.start

    def start(self: Any) -> None:
        started.append(self)
        real_start(self)

    monkeypatch.setattr(live._RefreshThread, "start", start)
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = []
    (tmp_path / "note.txt").write_text("FICTIONAL note of an invented clerk.")
    drawn = _ingest_and_wait(world, tmp_path, capsys)
    assert "files 1/1" in drawn
    assert started == []


def test_ingest_wait_into_a_pipe_prints_one_plain_line(world: Any, tmp_path: Any, settings: Any, capsys: Any,
                                                       monkeypatch: Any) -> None:
    """Into a pipe (no terminal) the bar is one line at the end, drawn without rich."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = []
    (tmp_path / "a.txt").write_text("FICTIONAL note of an invented clerk.")
    (tmp_path / "b.txt").write_text("FICTIONAL second note of the invented clerk.")
    drawn = _ingest_and_wait(world, tmp_path, capsys)
    line = next(x for x in drawn.splitlines() if x.startswith("pages "))
    assert line.startswith("pages 2/2 · files 2/2 ") and line.rstrip().endswith(("0:00:00", "0:00:01", "0:00:02"))
    assert "━" not in drawn  # no bar characters: not rich's


def test_ingest_wait_on_a_forced_terminal_draws_rich_s_bar(world: Any, tmp_path: Any, settings: Any, capsys: Any,
                                                           monkeypatch: Any) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = []
    (tmp_path / "note.txt").write_text("FICTIONAL note of an invented clerk.")
    drawn = _ingest_and_wait(world, tmp_path, capsys)
    assert "files 1/1" in drawn and "━" in drawn
