"""`innocence extract --case REF --as USER`: read every page of a case again for people,
dates, places and numbers, and resolve who is who (human decisions are kept)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.selectors import case_get_for_user
from innocence.core import audit, request_context
from innocence.core.access import can_edit_case
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json
from innocence.core.models import AuditAction
from innocence.people import extraction_service
from innocence.people.models import Mention


class Command(BaseCommand):
    help = "Re-run people/date/place extraction and resolution on a case (acting as --as USER)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_acting_user_argument(parser)
        parser.add_argument("--case", required=True, metavar="REF")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            try:
                case = case_get_for_user(user, options["case"])
            except Http404:
                raise CommandError(f"No case '{options['case']}' that {user.username} can see.") from None
            if not can_edit_case(user, case):
                raise CommandError(f"{user.username} may not change {case.reference}.")
            try:
                pages = extraction_service.extract_case(case)
            except extraction_service.ExtractionError as exc:
                raise CommandError(str(exc)) from None
            audit.record(
                AuditAction.UPDATE, actor=user, obj=case, changes={"people": "extraction re-run (cli)"}
            )
        counts: dict[str, int] = {}
        for kind in Mention.objects.filter(case=case).values_list("kind", flat=True):
            counts[kind] = counts.get(kind, 0) + 1
        persons = Mention.objects.filter(case=case, person__isnull=False).values("person").distinct().count()
        if options["json"]:
            self.stdout.write(
                dump_json({"case": case.reference, "pages": pages, "mentions": counts, "persons": persons})
            )
            return
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing"
        self.stdout.write(f"{case.reference}: read {pages} pages; found {summary}; {persons} persons.")
