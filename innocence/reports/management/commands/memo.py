"""`innocence memo --case REF --format docx|pdf -o FILE --as USER`: the case memo, made
with that user's access and recorded in the audit log like a download from the web."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.selectors import case_get_for_user
from innocence.core import request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, explain
from innocence.reports import services
from innocence.reports.memo_content import available_sections


class Command(BaseCommand):
    help = "Write a case memo (cover, summary, chronology, findings with citations, open questions) as DOCX or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", dest="reference", required=True, help="Case reference.")
        parser.add_argument("--format", dest="fmt", choices=["docx", "pdf", "html"], default="pdf")
        parser.add_argument("-o", "--output", required=True, help="File to write.")
        parser.add_argument("--section", action="append", dest="sections",
                            help="Only these sections (repeat); --list-sections shows them.")
        parser.add_argument("--include-dismissed", action="store_true", help="Keep findings a reviewer dismissed.")
        add_acting_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            user = acting_user(options)
            try:
                case = case_get_for_user(user, options["reference"])
            except Http404:
                raise CommandError(f"No case '{options['reference']}' that {user.username} may see.") from None
            try:
                with _step_bar(sys.stderr.isatty()) as on_step:
                    made = services.memo_make(actor=user, case=case, fmt=options["fmt"],
                                              sections=options["sections"],
                                              include_dismissed=options["include_dismissed"], on_step=on_step)
            except ValidationError as exc:
                known = ", ".join(slug for slug, _ in available_sections())
                raise CommandError(f"{explain(exc)} (sections: {known})") from None
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
            Path(options["output"]).write_bytes(made.content)
            self.stdout.write(
                f"{options['output']}: memo of {case.reference}, {made.memo.finding_count} findings, "
                f"{len(made.memo.notes)} citations, {len(made.content):,} bytes ({options['fmt']}).")


@contextmanager
def _step_bar(show: bool) -> Iterator[services.StepReport | None]:
    """A rich bar on stderr of the memo's steps, in a terminal only: a pipe or a script gets
    the one summary line on stdout, as before."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("memo"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[now]}", style="dim"), console=Console(stderr=True))
    with bar:
        task = bar.add_task("memo", total=len(services.MEMO_STEPS), now="")

        def on_step(done: int, total: int, current: str) -> None:
            bar.update(task, completed=done, total=total, now=current)

        yield on_step
