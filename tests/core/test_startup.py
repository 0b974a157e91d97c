"""What a command pays for at start-up: django-ninja (and pydantic) only with the URL conf,
its Swagger UI still served from our static files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import get_template

ROOT = Path(__file__).resolve().parents[2]


def _after_setup(tmp_path, code: str) -> list[str]:
    """The words ``code`` prints in a fresh process, run after ``django.setup()`` with the real
    settings (not the test suite's)."""
    script = (
        "import os, sys\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'innocence.settings'\n"
        "import django\n"
        "django.setup()\n" + code
    )
    env = dict(os.environ, INNOCENCE_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_setting_up_django_does_not_import_the_api_framework(tmp_path):
    assert _after_setup(tmp_path, "print('ninja' in sys.modules, 'pydantic' in sys.modules)\n") == ["False", "False"]


def test_the_api_docs_assets_are_ours_to_serve():
    for asset in ("ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js"):
        assert finders.find(asset), asset
    assert get_template("ninja/swagger.html")


def test_loading_the_tasks_and_reading_regular_dates_does_not_import_dateparser(tmp_path):
    """Every ingest process imports every app's tasks; dateparser is needed only for a date
    the regular forms do not cover, so a process that meets none does not pay its import."""
    words = _after_setup(
        tmp_path,
        "from django.utils.module_loading import autodiscover_modules\n"
        "autodiscover_modules('tasks')\n"
        "from innocence.people.extraction import extract_page\n"
        "dates = [m.normalized for m in extract_page('Seen on March 3, 1994 and 4/5/1995.') if m.kind == 'date']\n"
        "print('dateparser' in sys.modules, *dates)\n",
    )
    assert words == ["False", "1994-03-03", "1995-04-05"]


def test_ingest_wait_into_a_pipe_does_not_import_rich(tmp_path, monkeypatch):
    """rich draws a live bar only on a terminal; into a pipe the command prints its own line and
    does not pay rich's import."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    words = _after_setup(
        tmp_path,
        "from innocence.documents.management.commands import ingest\n"
        "bar = ingest._bar(quiet=False)\n"
        "print('rich' in sys.modules, type(bar).__name__)\n",
    )
    assert words == ["False", "_FinalLine"]
