"""`innocence check`: report the configuration — database, storage, OCR, worker."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from innocence.core.command_line import dump_json
from innocence.core.diagnostics import ERROR, OK, WARNING, run_checks

_MARK = {OK: "ok  ", WARNING: "warn", ERROR: "FAIL"}


class Command(BaseCommand):
    help = (
        "Report the configuration: database, data directory, storage, secrets, OCR, browser, worker, "
        "and the apps' extensions."
    )
    # The report includes the system checks itself (as "extensions"), so that a broken
    # installation still gets the whole report instead of stopping at the first error.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        checks = run_checks()
        failed = [c.name for c in checks if c.status == ERROR]
        if options["json"]:
            self.stdout.write(dump_json({"ok": not failed, "checks": [c.as_dict() for c in checks]}))
        else:
            width = max(len(c.name) for c in checks)
            for check in checks:
                self.stdout.write(f"[{_MARK[check.status]}] {check.name:<{width}}  {check.detail}")
        if failed:
            raise CommandError(f"Something essential is broken: {', '.join(failed)}.")
