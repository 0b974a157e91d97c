import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from innocence.core import request_context, services
from innocence.core.command_line import explain
from innocence.core.models import Organization, Role


class Command(BaseCommand):
    help = "Create a user (or add an existing one) in an organization with a role."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--org", required=True, metavar="SLUG", help="the organization's slug")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input (otherwise one is generated and printed once)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(
                f"No organization with slug '{options['org']}'. See: innocence createorg --help"
            )
        generated = not options["password_stdin"]
        if generated:
            password = services.generate_password()
        else:
            stdin = options.get("stdin") or sys.stdin
            password = stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.")
        with request_context.acting(channel="cli"):
            try:
                user = services.user_add_to_organization(
                    username=options["username"],
                    organization=org,
                    role=options["role"],
                    password=password,
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                )
            except ValidationError as exc:
                raise CommandError(explain(exc)) from exc
        self.stdout.write(f"{user.get_username()} is now {Role(options['role']).label} in {org.name}.")
        if generated and user.has_usable_password() and user.check_password(password):
            self.stdout.write(f"Password (shown once, write it down): {password}")
