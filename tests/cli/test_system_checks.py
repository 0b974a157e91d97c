"""`innocence COMMAND` skips Django's system checks (every URL conf and API router imported:
most of a short command's start-up) except for the long-running commands and the checks."""

from __future__ import annotations

from innocence.cli import CHECKED, without_system_checks


def test_short_commands_skip_the_system_checks() -> None:
    assert without_system_checks(["innocence", "documents", "--case", "X"]) == [
        "innocence", "documents", "--skip-checks", "--case", "X",
    ]
    assert without_system_checks(["innocence", "case", "list"])[2] == "--skip-checks"


def test_long_running_commands_and_the_checks_keep_them() -> None:
    assert {"serve", "worker", "check", "doctor"} <= CHECKED
    for name in ("worker", "check"):
        assert "--skip-checks" not in without_system_checks(["innocence", name])


def test_commands_without_checks_or_unknown_are_left_alone() -> None:
    # `ingest` runs no checks (no --skip-checks option to give it); an unknown name is Django's to report.
    assert without_system_checks(["innocence", "ingest", "a.pdf"]) == ["innocence", "ingest", "a.pdf"]
    assert without_system_checks(["innocence", "no-such-command"]) == ["innocence", "no-such-command"]
