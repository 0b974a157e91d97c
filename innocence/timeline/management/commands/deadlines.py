"""`innocence deadlines --as USER [--due-within DAYS] [--json]`: computed deadlines, calendar
items and tasks across the user's cases (overdue first); `--remind` sends the e-mail
reminders whose day has come (an operator's job, e.g. daily from cron)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from innocence.core import audit, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument
from innocence.core.models import AuditAction
from innocence.timeline import serialize
from innocence.timeline.selectors import calendar_for_user
from innocence.timeline.services import reminders_send


class Command(BaseCommand):
    help = "Deadlines across your cases (computed from rules, calendar items, tasks), or send reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        add_acting_user_argument(parser)
        parser.add_argument("--due-within", type=int, default=None, help="Only what is due within DAYS (and overdue).")
        parser.add_argument("--json", action="store_true", help="Machine-readable output.")
        parser.add_argument("--remind", action="store_true",
                            help="Send the e-mail reminders that are due (no --as: operator maintenance).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["due_within"] is not None and options["due_within"] < 0:
            raise CommandError("--due-within takes a number of days, 0 or more.")
        with request_context.acting(channel="cli"):
            if options["remind"]:
                self.stdout.write(f"{reminders_send()} reminder(s) sent.")
                return
            user = acting_user(options)
            today = dt.date.today()
            calendar = calendar_for_user(user, today=today)
            audit.record(AuditAction.VIEW, actor=user, changes={"viewed": "deadlines (cli)"})
            due = calendar.due
            if options["due_within"] is not None:
                due = [d for d in due if d.date <= today + dt.timedelta(days=options["due_within"])]
                due = [d for d in due if d.date >= today or d.kind != "computed deadline"]
            if options["json"]:
                self.stdout.write(json.dumps({
                    "today": today.isoformat(), "due": [serialize.due(d, today) for d in due],
                    "cannot_compute": [{"case": c.reference, "reason": r} for c, r in calendar.cannot_compute],
                }, indent=2, ensure_ascii=False))
                return
            for d in due:
                left = d.days_left(today)
                when = f"overdue {-left} day(s)" if left < 0 else f"in {left} day(s)"
                mark = " (rests on unverified rules)" if d.unverified else ""
                self.stdout.write(f"{d.date.isoformat()}  {when:<18} {d.case.reference:<14} {d.kind:<18} {d.title}{mark}")
            for case, reason in calendar.cannot_compute:
                self.stdout.write(f"{'':<10}  {'':<18} {case.reference:<14} {'deadline':<18} {reason}")
            if any(d.kind == "computed deadline" for d in due):
                self.stdout.write("Computed deadlines: a lawyer must verify each against its rule and the record.")
