"""Every command run against a database that has not been migrated says, in one line, "run
`innocence migrate` first" — no ``OperationalError: no such table``, no traceback, nothing
created. The commands are walked from Django's registry (ours and every other app's) and the
`innocence` aliases, so a new command is covered without editing this file. The data
directory is a fresh one with no database file, then one with an empty database file; on
PostgreSQL (DATABASE_URL set) an empty database is made on the same server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import get_commands

from innocence.cli import ALIASES, WITHOUT_DATABASE

ROOT = Path(__file__).resolve().parents[2]

#: Runs in a child process (the settings there are the real ones, not the test suite's):
#: `innocence NAME` for each name, collecting exit status and standard error.
SCRIPT = r"""
import contextlib, io, json, sys
from innocence import cli
answers = {}
for name in sys.argv[1:]:
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.main(["innocence", name])
        except SystemExit as exc:
            code = exc.code
        except BaseException as exc:
            code = "raised " + type(exc).__name__ + ": " + str(exc)[:200]
    answers[name] = [code, err.getvalue()]
print(json.dumps(answers))
"""


def _commands() -> list[str]:
    names = set(get_commands()) | set(ALIASES)
    names = {n for n in names if n not in WITHOUT_DATABASE and ALIASES.get(n, n) not in WITHOUT_DATABASE}
    return sorted(names)


COMMANDS = _commands()


def _run_all(env: dict[str, str]) -> dict[str, list]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *COMMANDS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "INNOCENCE_USER", "DJANGO_SETTINGS_MODULE")}
    env.update(INNOCENCE_QUEUE="db", NO_COLOR="1", **extra)
    return env


def _assert_every_command_says_migrate_first(answers: dict[str, list]) -> None:
    wrong = {
        name: answer for name, answer in answers.items()
        if answer[0] != 2 or "run `innocence migrate` first" not in answer[1]
        or "Traceback" in answer[1] or "OperationalError" in answer[1] or len(answer[1].strip().splitlines()) != 1
    }
    assert not wrong, wrong


def test_the_walk_covers_our_commands() -> None:
    assert {"findings", "case", "evidence", "timeline", "ingest", "export-case", "demo", "worker"} <= set(COMMANDS)


def test_every_command_on_a_data_directory_without_a_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    answers = _run_all(_env(INNOCENCE_DATA_DIR=str(data)))
    _assert_every_command_says_migrate_first(answers)
    assert not (data / "innocence.sqlite3").exists()  # a refused command creates nothing


def test_every_command_on_an_empty_database_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "innocence.sqlite3").touch()
    _assert_every_command_says_migrate_first(_run_all(_env(INNOCENCE_DATA_DIR=str(data))))


@pytest.mark.database
@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL only")
def test_every_command_on_an_empty_postgresql_database(tmp_path: Path) -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = f"innocence_unmigrated_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        empty = url.rsplit("/", 1)[0] + "/" + name
        answers = _run_all(_env(DATABASE_URL=empty, INNOCENCE_DATA_DIR=str(tmp_path / "data")))
        _assert_every_command_says_migrate_first(answers)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
