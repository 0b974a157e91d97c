"""The README runs as written: every command in a code block fenced as ```sh demo is run,
in order, against a freshly migrated data directory with the demo loaded, and must exit 0
without a traceback.

A block marked ``sh demo`` promises that its commands work, copied as they are, in a fresh
checkout after ``make demo`` (from the checkout's folder). Blocks that need something the
demo has not got (a PostgreSQL server, Redis, a running web server) stay plain ``sh``."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^[ \t]*```sh demo[ \t]*\n(.*?)^[ \t]*```", re.DOTALL | re.MULTILINE)
#: Commands that would run until stopped; a runnable block must not hold them.
FOREVER = re.compile(r"\binnocence (serve|worker)\b|\bmake demo\b")


def runnable_commands(text: str) -> list[str]:
    """The commands of the ```sh demo blocks: one a line, a trailing backslash joins the next,
    blank lines and whole-line comments skipped."""
    commands: list[str] = []
    for block in FENCE.findall(text):
        pending = ""
        for line in block.splitlines():
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            command = (pending + line).strip()
            pending = ""
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def test_extraction_reads_blocks_continuations_and_comments() -> None:
    text = (
        "```sh\nnot this\n```\n"
        "```sh demo\n# a comment\n.venv/bin/innocence a \\\n  --b   # why\n\n.venv/bin/innocence c\n```\n"
    )
    assert runnable_commands(text) == [".venv/bin/innocence a    --b   # why", ".venv/bin/innocence c"]


def test_readme_names_only_what_the_demo_has() -> None:
    text = README.read_text(encoding="utf-8")
    commands = runnable_commands(text)
    assert len(commands) >= 10, "the README's runnable examples went missing"
    assert not [c for c in commands if FOREVER.search(c)], "a runnable block holds a command that never ends"
    for stale in ("LIC-2026-0001", "jdoe", "NIP-2026-0001"):
        assert stale not in text, f"{stale} is not in the demo"


# Its commands run on their own SQLite data directory (DATABASE_URL is dropped from their
# environment), so the PostgreSQL pass would only run the same thing again.
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="ran in the SQLite pass")
@pytest.mark.slow
def test_every_runnable_readme_command_runs_on_a_fresh_demo(tmp_path: Path) -> None:
    work = tmp_path / "checkout"
    work.mkdir()
    (work / ".venv").symlink_to(ROOT / ".venv")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "INNOCENCE_USER", "DJANGO_SETTINGS_MODULE")
    }
    env.update(INNOCENCE_DATA_DIR=str(tmp_path / "data"), INNOCENCE_QUEUE="db", NO_COLOR="1")
    setup = [".venv/bin/innocence migrate --no-input", ".venv/bin/innocence demo"]
    failures: list[str] = []
    for command in setup + runnable_commands(README.read_text(encoding="utf-8")):
        done = subprocess.run(
            ["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=300
        )
        output = done.stdout + done.stderr
        if done.returncode != 0 or "Traceback (most recent call last)" in output:
            failures.append(f"$ {command}\n(exit {done.returncode})\n{output[-2000:]}")
            if command in setup:
                break
    assert not failures, "README commands that fail on the demo:\n\n" + "\n\n".join(failures)


def test_every_picture_the_readme_shows_exists() -> None:
    pictures = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", README.read_text(encoding="utf-8"))
    assert pictures, "the README shows no screenshots (make screenshots)"
    assert [p for p in pictures if not (ROOT / p).is_file()] == []
