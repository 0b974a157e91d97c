"""`innocence intake list|show`: the intake work queue and one application, acting as a
named user (--as), with exactly their access."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.core import audit, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json
from innocence.core.models import AuditAction
from innocence.intake import services
from innocence.intake.schemas import application_as_json
from innocence.intake.selectors import (
    application_get_for_user,
    can_work_intake,
    intake_organizations_of,
    queue_for_user,
)
from innocence.intake.stages import Stage


class Command(BaseCommand):
    help = "Intake applications: list (the work queue) and show — as the user you act as (--as)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="list|show")
        listing = actions.add_parser("list", help="the work queue")
        add_acting_user_argument(listing)
        listing.add_argument("--stage", default="", choices=["", *Stage.values])
        listing.add_argument("--assignee", default="", metavar="USERNAME", help="'none' for unassigned")
        listing.add_argument("--state", default="")
        listing.add_argument("--overdue", action="store_true", help="only those past a target time")
        listing.add_argument("-q", "--query", default="", help="name, reference, DOC number")
        listing.add_argument("--json", action="store_true")
        show = actions.add_parser("show", help="one application, with its duplicate check")
        add_acting_user_argument(show)
        show.add_argument("reference")
        show.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            if not can_work_intake(user):
                raise CommandError(f"{user.get_username()} does not work intake in any organization.")
            if options["action"] == "list":
                self._list(user, options)
            else:
                self._show(user, options)

    def _list(self, user: Any, options: dict[str, Any]) -> None:
        rows = queue_for_user(user, stage=options["stage"], assignee=options["assignee"], state=options["state"],
                              text=options["query"], overdue_only=options["overdue"])
        audit.record(AuditAction.VIEW, actor=user, object_repr="intake applications (CLI)",
                     organization=intake_organizations_of(user).first(), changes={"rows": len(rows)})
        if options["json"]:
            self.stdout.write(dump_json([{**application_as_json(r["application"]), "overdue": r["overdue"]}
                                         for r in rows]))
            return
        if not rows:
            self.stdout.write("No applications.")
            return
        for row in rows:
            a = row["application"]
            line = (f"{a.reference:<16} {a.received_on} {row['age']:>5}d  {a.get_stage_display():<28} "
                    f"{a.applicant_name}")
            if row["overdue"]:
                line += f"  [OVERDUE: {row['overdue']}]"
            self.stdout.write(line)

    def _show(self, user: Any, options: dict[str, Any]) -> None:
        try:
            application = application_get_for_user(user, options["reference"])
        except Http404 as exc:
            raise CommandError(f"No application {options['reference']} that {user.get_username()} can see.") from exc
        services.record_view(actor=user, application=application, what="cli")
        data = application_as_json(application, detail=True, user=user)
        if options["json"]:
            self.stdout.write(dump_json(data))
            return
        for key in ("reference", "applicant_name", "applicant_aliases", "applicant_dob", "inmate_number",
                    "current_facility", "received_on", "channel", "stage", "conviction_state", "conviction_county",
                    "offense", "conviction_year", "conviction_basis", "sentence", "biological_evidence",
                    "identity_at_issue", "alibi", "recantation", "decline_reason", "case"):
            self.stdout.write(f"{key.replace('_', ' '):<22} {data[key] if data[key] not in (None, '', []) else '—'}")
        self.stdout.write(f"\nClaim:\n{data['claim'] or '(not recorded)'}")
        for warning in data["warnings"]:
            self.stdout.write(f"! {warning}")
        for c in data["candidates"]:
            detail = "" if c["hidden"] else f" [{c['strength']}] " + "; ".join(c["reasons"])
            self.stdout.write(f"? {c['kind']}: {c['label']}{detail}")
        if data.get("conflicts_to_decide"):
            self.stdout.write(f"! {data['conflicts_to_decide']} adverse-party conflict(s) need an organization "
                              "admin's recorded decision before the application can be accepted.")
