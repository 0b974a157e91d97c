"""The per-job limits come from the environment (settings) and reach innocence.jobs.limits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from innocence.jobs import limits


def test_defaults_are_one_hour_and_4096_mb() -> None:
    from django.conf import settings

    # Defined (not only getattr fallbacks), so `diffsettings` and operators can see them.
    assert settings.INNOCENCE_JOB_TIME_LIMIT_SECONDS == 3600
    assert settings.INNOCENCE_JOB_MEMORY_LIMIT_MB == 4096


def test_overridden_settings_reach_the_limits(settings: Any) -> None:
    settings.INNOCENCE_JOB_TIME_LIMIT_SECONDS = 7
    settings.INNOCENCE_JOB_MEMORY_LIMIT_MB = 3
    assert limits.time_limit_of(SimpleNamespace(time_limit=0)) == 7
    # A task's own limit still wins over the setting.
    assert limits.time_limit_of(SimpleNamespace(time_limit=2)) == 2
    assert limits.memory_limit_bytes() == 3 * 1024 * 1024
    assert "3 MB" in (limits.describe(MemoryError()) or "")


def test_the_environment_sets_them(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        INNOCENCE_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="innocence.settings",
        INNOCENCE_JOB_TIME_LIMIT_SECONDS="123",
        INNOCENCE_JOB_MEMORY_LIMIT_MB="45",
    )
    code = (
        "import django; django.setup()\n"
        "from types import SimpleNamespace\n"
        "from innocence.jobs import limits\n"
        "print(limits.time_limit_of(SimpleNamespace(time_limit=0)), limits.memory_limit_bytes())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["123.0", str(45 * 1024 * 1024)]


def test_a_limit_that_is_not_a_number_is_refused_at_start_up(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        INNOCENCE_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="innocence.settings",
        INNOCENCE_JOB_MEMORY_LIMIT_MB="lots",
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0
    assert "INNOCENCE_JOB_MEMORY_LIMIT_MB must be a whole number" in out.stderr
