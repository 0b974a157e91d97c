"""`innocence auto_links --as USER [--json]`: the machine's automatic cross-case links the user
may review (a case's person attached to the person of another case), with their reasons;
`--undo --case REF --person ID` undoes one (the case's names and mentions become their own
person again, and stay apart on every later run) — what the review page's Undo does."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.selectors import case_get_for_user
from innocence.core import request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json
from innocence.people import decisions
from innocence.people.actor_selectors import auto_links
from innocence.people.selectors import person_get_for_user


class Command(BaseCommand):
    help = "Automatic cross-case links to review, or --undo one (acting as --as USER)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_acting_user_argument(parser)
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument("--undo", action="store_true", help="undo the link of --person in --case")
        parser.add_argument("--case", metavar="REF", help="the case whose person was linked (with --undo)")
        parser.add_argument("--person", type=int, metavar="ID", help="the person's id (with --undo)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            if options["undo"]:
                self._undo(user, options)
                return
            items = auto_links(user)
        if options["json"]:
            self.stdout.write(
                dump_json(
                    [
                        {
                            "case": a.case.reference,
                            "person": a.person.pk,
                            "name": a.person.full_name,
                            "also_in": [c.reference for c in a.other_cases],
                            "mentions": a.mentions,
                            "confidence": a.confidence,
                            "reasons": a.reasons,
                        }
                        for a in items
                    ]
                )
            )
            return
        if not items:
            self.stdout.write("No automatic cross-case links to review.")
            return
        for a in items:
            also = ", ".join(c.reference for c in a.other_cases)
            self.stdout.write(
                f"{a.case.reference}  person {a.person.pk}  {a.person.full_name} (also in {also}; "
                f"{a.mentions} mentions, {a.confidence:.2f}): {'; '.join(a.reasons)}"
            )

    def _undo(self, user: Any, options: dict[str, Any]) -> None:
        if not options.get("case") or not options.get("person"):
            raise CommandError("--undo needs --case REF and --person ID.")
        try:
            case = case_get_for_user(user, options["case"])
            person = person_get_for_user(user, options["person"])
        except Http404:
            raise CommandError(f"No such case or person that {user.username} can see.") from None
        try:
            restored = decisions.auto_link_undo(actor=user, case=case, person=person)
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Not allowed.") from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"Undone: {restored.full_name} (person {restored.pk}) in {case.reference} is a person of their own again."
        )
