"""import-case tells its steps (the check, the case, each section) as it goes; in a terminal
the CLI draws them as a rich bar on stderr, and a pipe gets only the summary lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.django_db
def test_import_reports_each_step_and_the_cli_bar_draws_them(
    run: Any, world: Any, tmp_path: Path, capsys: Any
) -> None:
    from innocence.cases.archive import import_case
    from innocence.cases.management.commands.import_case import _step_bar

    archive = tmp_path / "case.zip"
    run("export-case", world.case.reference, str(archive), "--as", "n_attorney")
    told: list[tuple[int, int, str]] = []
    with _step_bar(False) as on_step:
        assert on_step is None  # a pipe or a script: no bar
    with _step_bar(True) as bar_step:
        assert bar_step is not None

        def on_step(done: int, total: int, now: str) -> None:
            told.append((done, total, now))
            bar_step(done, total, now)

        result = import_case(actor=_s_admin(), organization=world.south, source=archive, reference="SS-BAR-1",
                             on_step=on_step)
    total = 1 + len(result.sections)  # the check, then the case and each section
    assert told[0] == (0, 0, "checking the archive")
    assert [now for _, _, now in told[1:-1]] == result.sections
    assert told[-1] == (total, total, "")
    assert [done for done, _, _ in told] == list(range(total + 1))
    err = capsys.readouterr().err
    assert "import" in err and f"{total}/{total}" in err


def _s_admin() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="s_admin")
