"""`innocence import-case FILE --org SLUG --as USER`: read a case archive, all or nothing."""

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
                result = import_case(
                    actor=user,
                    organization=organization,
                    source=options["file"],
                    reference=options["reference"],
                )
            except ArchiveError as exc:
                raise CommandError(f"Nothing was imported. {exc}") from exc
        self.stdout.write(
            f"Imported {result.case.reference} {result.case.title} ({', '.join(result.sections)})."
        )
        for warning in result.warnings:
            self.stdout.write(f"Note: {warning}")
