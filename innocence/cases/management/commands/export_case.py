"""`innocence export-case REF FILE --as USER`: a portable archive of one case."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.archive import ArchiveError, export_case
from innocence.cases.selectors import case_get_for_user
from innocence.core import request_context
from innocence.core.command_line import acting_user, add_acting_user_argument


class Command(BaseCommand):
    help = "Write a portable archive (zip) of one case you can see."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("file", help="where to write the archive, e.g. LIC-2026-0001.zip")
        parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
        add_acting_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        destination = Path(options["file"]).expanduser()
        if destination.exists() and not options["force"]:
            raise CommandError(f"{destination} exists; choose another name or add --force.")
        with request_context.acting(channel="cli"):
            try:
                case = case_get_for_user(user, options["reference"])
            except Http404 as exc:
                raise CommandError(
                    f"No case {options['reference']} that {user.get_username()} can see."
                ) from exc
            try:
                result = export_case(actor=user, case=case, destination=destination)
            except ArchiveError as exc:
                raise CommandError(f"Could not export {case.reference}: {exc}") from exc
        self.stdout.write(
            f"Wrote {result.path} ({result.members} members, {result.bytes:,} bytes; "
            f"sections: {', '.join(result.sections)})."
        )
