"""`innocence nre import FILE [--dry-run]` and `innocence nre stats [--json]`: the NRE data
set of your organization (an admin imports; any member reads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from innocence.core import access, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json
from innocence.reports.nre_import import nre_import
from innocence.reports.nre_json import figures_dict
from innocence.reports.nre_stats import CAUTIONS, Filters, national, version_for


class Command(BaseCommand):
    help = "Import a copy of the National Registry of Exonerations data, or print the national figures."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="validate and import a CSV (public spreadsheet or research extract)")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="validate and compare only; write nothing")
        imp.add_argument("--layout", choices=["public", "detailed"], help="say the layout instead of detecting it")
        imp.add_argument("--json", action="store_true")
        add_acting_user_argument(imp)
        stats = sub.add_parser("stats", help="national figures of the latest imported version")
        stats.add_argument("--json", action="store_true")
        stats.add_argument("--version", type=int, dest="number")
        for name in ("state", "crime", "factor", "tag"):
            stats.add_argument(f"--{name}", default="")
        add_acting_user_argument(stats)

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            user = acting_user(options)
            if options["action"] == "import":
                self._import(user, options)
            else:
                self._stats(user, options)

    def _import(self, user: Any, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        organization = access.only_organization_of(user) or next(iter(access.admin_organizations_of(user)), None)
        if organization is None:
            raise CommandError(f"{user.username} belongs to no organization.")
        try:
            report = nre_import(actor=user, organization=organization, raw=path.read_bytes(), file_name=path.name,
                                layout=options["layout"], dry_run=options["dry_run"])
        except PermissionError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(dump_json(report.as_dict()))
        else:
            self.stdout.write(f"{path.name}: {report.layout or 'unknown layout'}, {report.encoding or '?'}, "
                              f"{report.rows} rows")
            for notice in report.notices:
                self.stdout.write(f"  note: {notice}")
            if report.unknown_columns:
                self.stdout.write("  unknown columns (kept with each record): " + ", ".join(report.unknown_columns))
            for problem in report.problems[:50]:
                self.stdout.write(f"  {problem}")
            if len(report.problems) > 50:
                self.stdout.write(f"  … and {len(report.problems) - 50} more problems")
            if report.ok:
                self.stdout.write(f"  compared with the previous version: {report.added} added, {report.changed} "
                                  f"changed, {report.removed} removed")
        if not report.ok:
            raise CommandError("Nothing imported: fix the problems above.")
        if report.version:
            self.stdout.write(f"Imported as version {report.version.number}.")
        elif options["dry_run"]:
            self.stdout.write("Dry run: nothing imported.")

    def _stats(self, user: Any, options: dict[str, Any]) -> None:
        version = version_for(user, options["number"])
        if version is None:
            raise CommandError("No NRE data imported in your organization: `innocence nre import FILE` first.")
        f = national(version, Filters(state=options["state"], crime=options["crime"], factor=options["factor"],
                                      tag=options["tag"]))
        if options["json"]:
            self.stdout.write(dump_json(figures_dict(version, f)))
            return
        self.stdout.write(f"NRE data version {version.number} ({version.file_name}): {f.n} exonerations, "
                          f"{f.first} to {f.last}")
        for code, count, share in f.factors:
            self.stdout.write(f"  {code:<6} {count:>6}  {share:5.1f}%")
        self.stdout.write(f"  DNA    {f.dna[0]:>6}  {f.dna[1]:5.1f}%")
        self.stdout.write(f"  years lost (conviction to release): {f.custody_years_total:,.0f} total, "
                          f"mean {f.custody_years_mean}, median {f.custody_years_median}")
        for caution in CAUTIONS:
            self.stdout.write(f"  caution: {caution}")
