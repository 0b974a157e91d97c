"""`innocence timeline --case REF --as USER [--json|--csv]`: a case's chronology with each
event's date at its precision, its status and its citation; conflicts flagged. Reads go through
the same access rule as the web app and are audited."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.selectors import case_get_for_user
from innocence.core import access, audit, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument
from innocence.core.models import AuditAction
from innocence.timeline import exports, serialize
from innocence.timeline.selectors import Filters, chronology


class Command(BaseCommand):
    help = "A case's chronology: dates at their precision, status, citations, conflicts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", dest="reference", required=True, help="Case reference, e.g. LIC-2026-0001.")
        add_acting_user_argument(parser)
        parser.add_argument("--kind", default="")
        parser.add_argument("--status", default="", help="recorded, confirmed, proposed, rejected or reviewed")
        out = parser.add_mutually_exclusive_group()
        out.add_argument("--json", action="store_true", help="Machine-readable output.")
        out.add_argument("--csv", action="store_true", help="CSV, the same columns as the web export.")

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            user = acting_user(options)
            try:
                case = case_get_for_user(user, options["reference"])
            except Http404:
                raise CommandError(f"No case '{options['reference']}' that {user.username} may see.") from None
            entries = chronology(case, Filters(kind=options["kind"], status=options["status"]))
            audit.record(AuditAction.VIEW, actor=user, obj=case, changes={"viewed": "timeline (cli)"})
            if options["json"]:
                self.stdout.write(json.dumps({"case": case.reference, "events": [serialize.entry(e) for e in entries]},
                                             indent=2, ensure_ascii=False))
                return
            if options["csv"]:
                if not access.can_export_case(user, case):  # a file to take home: the export right
                    raise CommandError(access.EXPORT_REFUSED)
                self.stdout.write(exports.chronology_csv(entries), ending="")
                return
            self.stdout.write(f"{case.reference} · {case.title} — {len(entries)} event(s)")
            for e in entries:
                flag = "  ⚠ dates disagree" if e.conflict else ""
                source = (f"{e.document_title} p. {e.page_number}" if e.document_title else e.source_field) or "—"
                self.stdout.write(f"{e.date_label:<28} {e.kind_label:<24} [{e.status_label}] {e.title}{flag}")
                self.stdout.write(f"{'':<28} source: {source}")
