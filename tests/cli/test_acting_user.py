"""Every command that acts as a user finds that user in one place: ``--as`` or, without it,
$INNOCENCE_USER (the README's promise). The commands are walked from Django's command
registry and their parsers (sub-commands too), so a new command is covered without editing
this file: one that reads cases must take ``--as``, and one that takes ``--as`` must honour
the environment (``innocence findings`` once ignored it)."""

from __future__ import annotations

import argparse
from typing import Any

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError

#: Operator commands: they act as the system on purpose (creating organizations and users,
#: serving, running jobs, rebuilding the index) and take no --as.
OPERATOR = {"adduser", "createorg", "demo", "doctor", "reindex", "serve", "sso_configure", "token", "worker"}


def _parsers() -> list[tuple[list[str], argparse.ArgumentParser]]:
    found: list[tuple[list[str], argparse.ArgumentParser]] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        found.append((path, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])

    for name, app in sorted(get_commands().items()):
        if app.startswith("innocence"):
            walk(load_command_class(app, name).create_parser("innocence", name), [name])
    return found


PARSERS = _parsers()
TAKES_AS = [(path, p) for path, p in PARSERS if any("--as" in a.option_strings for a in p._actions)]


def _argv(path: list[str], parser: argparse.ArgumentParser, world: Any, tmp_path: Any) -> list[str]:
    """The sub-command path and every required argument, with harmless values."""
    values = {
        "reference": world.case.reference, "case": world.case.reference, "title": "Walked (fictional)",
        "org": world.north.name, "start": "2026-01-01", "end": "2026-12-31", "query": "alibi",
    }
    argv = list(path[1:])
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
            continue
        wanted = action.required or not action.option_strings or action.dest in ("reference", "case")
        if not wanted or action.dest == "as_user":
            continue
        value = values.get(action.dest, str(tmp_path / f"walked-{action.dest}"))
        argv += [action.option_strings[0], value] if action.option_strings else [value]
    return argv


def _run(path: list[str], argv: list[str]) -> str:
    """The CommandError's words, or '' when the command ran."""
    import io

    from django.core.management import call_command

    try:
        call_command(path[0], *argv, stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as exc:
        return str(exc)
    except SystemExit as exc:  # argparse refused the placeholder values: not about the user
        return f"exit {exc.code}"
    return ""


def test_the_walk_finds_the_commands_that_act_as_a_user() -> None:
    names = {path[0] for path, _ in TAKES_AS}
    assert {"case", "findings", "evidence", "prosecution", "timeline", "network", "search"} <= names
    top = {path[0] for path, _ in PARSERS}
    assert top - names - OPERATOR == set(), "a command that reads cases must take --as (or be an operator's)"


def test_every_as_is_the_shared_argument() -> None:
    for path, parser in TAKES_AS:
        action = next(a for a in parser._actions if "--as" in a.option_strings)
        assert action.dest == "as_user" and not action.required, (
            f"`innocence {' '.join(path)}`: use command_line.add_acting_user_argument (so that "
            "$INNOCENCE_USER is the default)"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "parser"), TAKES_AS, ids=[" ".join(p) for p, _ in TAKES_AS])
def test_every_command_honours_innocence_user(path, parser, world, tmp_path, monkeypatch) -> None:
    argv = _argv(path, parser, world, tmp_path)
    monkeypatch.delenv("INNOCENCE_USER", raising=False)
    assert "Say who you are acting as" in _run(path, argv), path
    monkeypatch.setenv("INNOCENCE_USER", "walked-ghost")
    assert "No active user named 'walked-ghost'" in _run(path, argv), path
    monkeypatch.setenv("INNOCENCE_USER", world.on_team.username)
    answer = _run(path, argv)
    assert "acting as" not in answer and "No active user" not in answer, (path, answer)
    # --as still wins over the environment
    assert "No active user named 'explicit-ghost'" in _run(path, [*argv, "--as", "explicit-ghost"]), path
