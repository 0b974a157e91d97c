"""A memo reports its steps to the job queue's one progress component, and the CLI shows
them as a rich bar in a terminal — without changing a byte of the memo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template

from innocence.jobs import progress
from innocence.reports.management.commands.memo import _step_bar
from innocence.reports.services import MEMO_STEPS, memo_make

AT = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_memo_steps_reach_the_progress_component_and_the_bytes_do_not_change(world: Any, memo_case: Any) -> None:
    told: list[tuple[int, int, str]] = []
    plain = memo_make(actor=world.on_team, case=memo_case, fmt="pdf", at=AT)
    key = f"memo:{memo_case.pk}:{world.on_team.pk}"
    reported = memo_make(actor=world.on_team, case=memo_case, fmt="pdf", at=AT, progress_key=key,
                         on_step=lambda done, total, now: told.append((done, total, now)))
    assert reported.content == plain.content
    assert told == [(0, 3, MEMO_STEPS[0]), (1, 3, MEMO_STEPS[1]), (2, 3, MEMO_STEPS[2]), (3, 3, "")]
    snapshot = progress.read([key])
    assert snapshot is not None and snapshot.finished and (snapshot.done, snapshot.total) == (3, 3)
    html = Template("{% load job_progress %}{% job_progress p 'Memo' %}").render(Context({"p": snapshot}))
    assert "3 of 3 steps" in html and 'role="status"' in html


@pytest.mark.django_db
def test_a_memo_that_stops_midway_leaves_the_step_it_was_on(world: Any, memo_case: Any) -> None:
    key = f"memo:{memo_case.pk}:bad"
    with pytest.raises(ValueError):
        memo_make(actor=world.on_team, case=memo_case, fmt="odt", progress_key=key)
    assert progress.read([key]) is None  # refused before any work: no progress row at all
    with pytest.raises(Exception):  # noqa: B017 - whatever the section error is, it is raised
        memo_make(actor=world.on_team, case=memo_case, fmt="pdf", sections=["no-such"], progress_key=key)
    snapshot = progress.read([key])
    assert snapshot is not None and not snapshot.finished and snapshot.current == MEMO_STEPS[0]


@pytest.mark.django_db
def test_cli_bar_in_a_terminal_only(world: Any, memo_case: Any, capsys: Any) -> None:
    with _step_bar(False) as on_step:
        assert on_step is None  # a pipe or a script: no bar
    with _step_bar(True) as on_step:
        assert on_step is not None
        made = memo_make(actor=world.on_team, case=memo_case, fmt="docx", at=AT, on_step=on_step)
    assert made.content
    err = capsys.readouterr().err
    assert "memo" in err and "3/3" in err
