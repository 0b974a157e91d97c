"""`innocence actors [--min-cases N] --as USER [--json]`: people who appear in several of
the cases that user can see (the actor index)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from innocence.core import request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json
from innocence.people.actor_selectors import actors_for_user


class Command(BaseCommand):
    help = "The actor index: people in at least N of the cases you can see (acting as --as USER)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_acting_user_argument(parser)
        parser.add_argument("--min-cases", type=int, default=2, metavar="N")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            rows = actors_for_user(user, min_cases=max(1, options["min_cases"]))
        if options["json"]:
            self.stdout.write(dump_json([row.as_dict() for row in rows]))
            return
        if not rows:
            self.stdout.write(f"No one appears in {options['min_cases']} or more of the cases you can see.")
        for row in rows:
            roles = ", ".join(f"{k} ×{v}" if v > 1 else k for k, v in row.role_list) or "role not recorded"
            cases = ", ".join(c.reference for c in row.cases)
            self.stdout.write(
                f"{row.person.full_name}: {row.case_count} cases ({cases}); {roles}; {row.mentions} mentions"
            )
