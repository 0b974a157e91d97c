"""`innocence case create|list|show`: what the web UI does for cases, acting as a named user."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases import services
from innocence.cases.models import ConvictionType
from innocence.cases.schemas import case_as_json
from innocence.cases.selectors import case_get_for_user, case_list_for_user
from innocence.cases.stages import Stage
from innocence.core import access, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json, explain


class Command(BaseCommand):
    help = "Cases: create, list, show — with exactly the access of the user you act as (--as)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list|show")

        create = actions.add_parser("create", help="open a case")
        add_acting_user_argument(create)
        create.add_argument("--org", default="", metavar="SLUG", help="needed if you belong to several")
        create.add_argument("--title", required=True, help="usually 'State v. Surname'")
        create.add_argument("--docket", action="append", default=[], help="a docket number (repeatable)")
        create.add_argument("--charge", action="append", default=[], help="a charge (repeatable)")
        create.add_argument("--state", default="", help="two-letter code, e.g. LA")
        create.add_argument("--county", default="")
        create.add_argument("--court", default="")
        create.add_argument("--summary", default="")
        create.add_argument("--conviction-type", default="", choices=["", *ConvictionType.values])
        create.add_argument("--conviction-date", default="", metavar="YYYY-MM-DD")
        create.add_argument("--sentence", default="")
        create.add_argument("--facility", default="")
        create.add_argument("--inmate-number", default="")
        create.add_argument("--release-date", default="", metavar="YYYY-MM-DD")
        create.add_argument("--stage", default=Stage.INTAKE.value, choices=Stage.values)
        create.add_argument("--json", action="store_true")

        listing = actions.add_parser("list", help="the cases you can see")
        add_acting_user_argument(listing)
        listing.add_argument("--stage", default="", choices=["", *Stage.values])
        listing.add_argument("--state", default="")
        listing.add_argument("--assignee", default="", metavar="USERNAME", help="on this user's team")
        listing.add_argument("-q", "--query", default="", help="reference, title, county, applicant, docket")
        listing.add_argument("--json", action="store_true")

        show = actions.add_parser("show", help="one case with its record")
        add_acting_user_argument(show)
        show.add_argument("reference")
        show.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            try:
                getattr(self, "_" + options["action"])(user, options)
            except ValidationError as exc:
                raise CommandError(explain(exc)) from exc
            except PermissionDenied as exc:
                raise CommandError(str(exc) or "Not allowed.") from exc
            except Http404 as exc:
                raise CommandError(
                    f"No case {options.get('reference')} that {user.get_username()} can see."
                ) from exc

    def _create(self, user: Any, options: dict[str, Any]) -> None:
        if options["org"]:
            organization = access.organization_for(user, options["org"])
            if organization is None:
                raise CommandError(
                    f"{user.get_username()} is not a member of an organization '{options['org']}'."
                )
        else:
            organization = access.only_organization_of(user)
            if organization is None:
                raise CommandError("Say which organization: --org SLUG.")
        case = services.case_create(
            actor=user,
            organization=organization,
            title=options["title"],
            docket_numbers=options["docket"],
            stage=options["stage"],
            charges=options["charge"],
            **{
                name: options[name]
                for name in (
                    "state",
                    "county",
                    "court",
                    "summary",
                    "conviction_type",
                    "conviction_date",
                    "sentence",
                    "facility",
                    "inmate_number",
                    "release_date",
                )
            },
        )
        if options["json"]:
            self.stdout.write(dump_json(case_as_json(case)))
        else:
            self.stdout.write(f"Opened {case.reference} {case.title}.")

    def _list(self, user: Any, options: dict[str, Any]) -> None:
        cases = case_list_for_user(
            user,
            stage=options["stage"],
            state=options["state"],
            assignee=options["assignee"],
            text=options["query"].strip(),
        ).prefetch_related("docket_numbers")
        if options["json"]:
            self.stdout.write(dump_json([case_as_json(c) for c in cases]))
            return
        rows = list(cases)
        if not rows:
            self.stdout.write("No cases.")
            return
        width = max(len(c.reference) for c in rows)
        for case in rows:
            applicant = f" — {case.applicant}" if case.applicant else ""
            self.stdout.write(
                f"{case.reference:<{width}}  {Stage(case.stage).label:<24} {case.state or '--'}  {case.title}{applicant}"
            )
        self.stdout.write(f"{len(rows)} case{'s' if len(rows) != 1 else ''}.")

    def _show(self, user: Any, options: dict[str, Any]) -> None:
        case = case_get_for_user(user, options["reference"])
        services.record_case_view(actor=user, case=case, what="cli")
        data = case_as_json(case, detail=True)
        if options["json"]:
            self.stdout.write(dump_json(data))
            return
        out = self.stdout.write
        out(f"{data['reference']}  {data['title']}{'  (FICTIONAL)' if data['is_fictional'] else ''}")
        out(f"Stage:       {data['stage_label']}")
        out(
            f"Court:       {', '.join(x for x in (data['court'], data['county'], data['state']) if x) or '—'}"
        )
        out(f"Dockets:     {', '.join(data['docket_numbers']) or '—'}")
        out(f"Charges:     {'; '.join(data['charges']) or '—'}")
        out(f"Offense:     {data['offense_date'] or 'not recorded'}")
        out(f"Arrest:      {data['arrest_date'] or 'not recorded'}")
        conviction = " ".join(x for x in (data["conviction_type"], data["conviction_date"] or "") if x)
        out(f"Conviction:  {conviction or '—'}")
        out(f"Sentence:    {data['sentence'] or '—'}")
        custody = ", ".join(x for x in (data["facility"], data["inmate_number"]) if x)
        out(f"Custody:     {custody or '—'}")
        if data["summary"]:
            out(f"\n{data['summary']}")
        out("\nTeam: " + (", ".join(m["username"] for m in data["team"]) or "—"))
        out("People:")
        for role in data["roles"] or []:
            detail = f" ({role['description']})" if role["description"] else ""
            out(f"  {role['role_label']:<20} {role['person']['full_name']}{detail}")
        out("Stage history:")
        for change in data["stage_history"]:
            out(
                f"  {change['at'][:10]}  {change['from_stage'] or '—'} → {change['to_stage']}  {change['by'] or ''}"
            )
        open_tasks = [t for t in data["tasks"] if not t["done"]]
        out(f"Notes: {len(data['notes'])}   Open tasks: {len(open_tasks)}")
        for task in open_tasks:
            out(f"  [ ] {task['title']}  {task['assignee'] or ''} {task['due_date'] or ''}".rstrip())
