"""`innocence people --case REF --as USER [--json]`: the people named in a case's record,
grouped by role, with the pages they are on — exactly what that user may see."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.selectors import case_get_for_user
from innocence.core import audit, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json
from innocence.core.models import AuditAction
from innocence.people.actor_selectors import case_people_grouped


class Command(BaseCommand):
    help = "People named in a case's record, by role, with their pages (acting as --as USER)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_acting_user_argument(parser)
        parser.add_argument("--case", required=True, metavar="REF", help="case reference, e.g. LIC-DEMO-001")
        parser.add_argument("--json", action="store_true", help="machine-readable output, with every mention")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            try:
                case = case_get_for_user(user, options["case"])
            except Http404:
                raise CommandError(f"No case '{options['case']}' that {user.username} can see.") from None
            audit.record(AuditAction.VIEW, actor=user, obj=case, changes={"cli": "people"})
            grouped = case_people_grouped(case)
        if options["json"]:
            self.stdout.write(
                dump_json({label: [e.as_dict() for e in entries] for label, entries in grouped.items()})
            )
            return
        if not grouped:
            self.stdout.write(f"No people found in the pages of {case.reference} yet.")
            return
        for label, entries in grouped.items():
            self.stdout.write(label)
            for e in entries:
                pages = ", ".join(f"{title} p.{number}" for title, number, _ in e.page_links[:12])
                more = f" (+{len(e.page_links) - 12} more pages)" if len(e.page_links) > 12 else ""
                self.stdout.write(f"  {e.person.full_name} — {len(e.citations)} mentions: {pages}{more}")
