from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from innocence.core import request_context, services
from innocence.core.command_line import explain


class Command(BaseCommand):
    help = "Create an organization (a tenant): innocence createorg 'Lakeside Clinic' --slug lakeside --prefix LIC"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the organization's name")
        parser.add_argument(
            "--slug", default="", help="short name used on the command line (default: from NAME)"
        )
        parser.add_argument(
            "--prefix", required=True, help="prefix of case references, e.g. LIC for LIC-2026-0001"
        )
        parser.add_argument(
            "--require-2fa", action="store_true", help="every member must sign in with a one-time code"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            try:
                org = services.organization_create(
                    name=options["name"],
                    slug=options["slug"],
                    case_prefix=options["prefix"],
                    require_two_factor=options["require_2fa"],
                )
            except ValidationError as exc:
                raise CommandError(explain(exc)) from exc
        self.stdout.write(
            f"Created organization {org.name} (slug {org.slug}, case references {org.case_prefix}-…)."
        )
        self.stdout.write(f"Next: innocence adduser USERNAME --org {org.slug} --role admin")
