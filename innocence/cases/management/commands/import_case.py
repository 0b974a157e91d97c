"""`innocence import-case FILE --org SLUG --as USER`: read a case archive, all or nothing."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from innocence.cases.archive import ArchiveError, import_case
from innocence.core import access, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument


class Command(BaseCommand):
    help = "Import a case archive into an organization. Checks everything first; writes all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--org", required=True, metavar="SLUG", help="the organization to import into")
        parser.add_argument("--reference", default=None, help="a new reference, if the archived one is taken")
        add_acting_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        organization = access.organization_for(user, options["org"])
        if organization is None:
            raise CommandError(
                f"{user.get_username()} is not a member of an organization '{options['org']}'."
            )
        with request_context.acting(channel="cli"):
            try:
                with _step_bar(sys.stderr.isatty()) as on_step:
                    result = import_case(
                        actor=user,
                        organization=organization,
                        source=options["file"],
                        reference=options["reference"],
                        on_step=on_step,
                    )
            except ArchiveError as exc:
                raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(
            f"Imported {result.case.reference} {result.case.title} ({', '.join(result.sections)})."
        )
        for warning in result.warnings:
            self.stdout.write(f"Note: {warning}")


@contextmanager
def _step_bar(show: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    """A rich bar on stderr (the check, the case, each section), in a terminal only: a pipe
    or a script gets the summary lines on stdout, as before."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("import"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[now]}", style="dim"), console=Console(stderr=True))
    with bar:
        task = bar.add_task("import", total=None, now="")

        def on_step(done: int, total: int, now: str) -> None:
            bar.update(task, completed=done, total=total or None, now=now)

        yield on_step
