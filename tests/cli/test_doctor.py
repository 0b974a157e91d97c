"""`innocence check`: the configuration report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError

NAMES = [
    "database", "data directory", "file storage", "secret key", "debug", "ocr", "chromium", "worker", "case references", "extensions"
]


@pytest.mark.django_db
def test_json_shape(run: Any) -> None:
    report = json.loads(run("check", "--json"))
    assert report["ok"] is True
    assert [c["name"] for c in report["checks"]] == NAMES
    for check in report["checks"]:
        assert set(check) == {"name", "status", "detail", "data"}
        assert check["status"] in ("ok", "warning", "error")
    database = report["checks"][0]["data"]
    assert database["reachable"] is True and database["pending_migrations"] == 0
    assert database["engine"] in ("sqlite", "postgresql")


@pytest.mark.django_db
def test_text_output(run: Any) -> None:
    text = run("check")
    for name in NAMES:
        assert name in text


@pytest.mark.django_db
def test_missing_ocr_is_a_warning_not_a_failure(run: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    report = json.loads(run("check", "--json"))
    ocr = next(c for c in report["checks"] if c["name"] == "ocr")
    assert ocr["status"] == "warning"
    assert "missing: tesseract" in ocr["detail"] and "OCR of scanned pages unavailable" in ocr["detail"]
    assert report["ok"] is True




@pytest.mark.django_db
def test_debug_is_a_warning(run: Any, settings: Any) -> None:
    settings.DEBUG = True
    debug = next(c for c in json.loads(run("check", "--json"))["checks"] if c["name"] == "debug")
    assert debug["status"] == "warning"


@pytest.mark.django_db
def test_unwritable_storage_is_an_error(run: Any, settings: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "files"  # a directory cannot be made inside a file
    with pytest.raises(CommandError, match="file storage"):
        run("check")


# It runs on its own SQLite data directory, so the PostgreSQL pass of the suite adds nothing.
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="ran in the SQLite pass")
def test_fresh_data_directory_reports_pending_migrations(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "INNOCENCE_SECRET_KEY")}
    env["INNOCENCE_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "innocence.cli", "check", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["ok"] is False
    database = report["checks"][0]
    assert database["status"] == "error" and "innocence migrate" in database["detail"]
    assert "Something essential is broken: database" in done.stderr
