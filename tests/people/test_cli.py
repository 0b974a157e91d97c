"""CLI: innocence people / actors / extract, acting as a user."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.people.conftest import REPORT_PAGE, TRANSCRIPT_PAGE

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_extract_people_and_actors_commands(world: Any, make_document: Any) -> None:
    make_document(world.case, [TRANSCRIPT_PAGE, REPORT_PAGE])
    ref = world.case.reference
    summary = json.loads(_run("extract", "--case", ref, "--as", world.on_team.username, "--json"))
    assert summary["pages"] == 2 and summary["mentions"]["person"] > 0
    text = _run("people", "--case", ref, "--as", world.on_team.username)
    assert "Raymond Kessler" in text and "Detective" in text
    data = json.loads(_run("people", "--case", ref, "--as", world.on_team.username, "--json"))
    assert any(p["name"] == "Raymond Kessler" for entries in data.values() for p in entries)
    actors = json.loads(_run("actors", "--min-cases", "1", "--as", world.on_team.username, "--json"))
    assert any(a["name"] == "Raymond Kessler" for a in actors)
    assert json.loads(_run("actors", "--min-cases", "1", "--as", world.off_team.username, "--json")) == []


def test_commands_refuse_what_the_user_cannot_see(world: Any) -> None:
    with pytest.raises(CommandError, match="No case"):
        _run("people", "--case", world.case.reference, "--as", world.off_team.username)
    with pytest.raises(CommandError):
        _run("extract", "--case", world.case.reference, "--as", world.viewer.username)
