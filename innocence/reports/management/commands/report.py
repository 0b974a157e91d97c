"""`innocence report --from DATE --to DATE --format pdf|csv -o FILE --as USER`: the
organization report (funder/board) with exactly that user's access."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from innocence.core import access, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument
from innocence.reports import funder_report
from innocence.reports.dashboard import organization_report


class Command(BaseCommand):
    help = "Write the organization report (cases, intake, NRE factors, outcomes, workload) as PDF or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", dest="fmt", choices=["pdf", "csv"], default="pdf")
        parser.add_argument("-o", "--output", required=True)
        add_acting_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            user = acting_user(options)
            membership = access.primary_membership(user)
            if membership is None:
                raise CommandError(f"{user.username} belongs to no organization.")
            try:
                report = organization_report(user, membership.organization, dt.date.fromisoformat(options["start"]),
                                             dt.date.fromisoformat(options["end"]))
            except ValueError as exc:
                raise CommandError(f"{exc} (dates are YYYY-MM-DD)") from None
            content, _ = funder_report.make(actor=user, report=report, fmt=options["fmt"])
            Path(options["output"]).write_bytes(content)
            self.stdout.write(f"{options['output']}: {report.case_count} cases counted ({report.scope}).")
