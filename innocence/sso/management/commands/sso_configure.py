"""innocence sso_configure ORG --issuer URL --client-id ID [--client-secret S]
[--group-role GROUP=ROLE ...] [--create-users]: an organization's OpenID Connect provider."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from innocence.core.models import Organization, Role
from innocence.sso.models import OIDCProvider


class Command(BaseCommand):
    help = "Configure an organization's OpenID Connect provider."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("organization")
        parser.add_argument("--issuer", required=True)
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", default="")
        parser.add_argument("--username-claim", default="preferred_username")
        parser.add_argument("--group-role", action="append", default=[], help="GROUP=ROLE")
        parser.add_argument("--create-users", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organization '{options['organization']}'.")
        mapping = {}
        for pair in options["group_role"]:
            group, _, role = pair.partition("=")
            if role not in Role.values:
                raise CommandError(f"'{role}' is not a role ({', '.join(Role.values)}).")
            mapping[group] = role
        OIDCProvider.objects.update_or_create(
            organization=organization,
            defaults={
                "issuer": options["issuer"],
                "client_id": options["client_id"],
                "client_secret": options["client_secret"],
                "username_claim": options["username_claim"],
                "group_roles": mapping,
                "create_users": options["create_users"],
                "enabled": True,
            },
        )
        self.stdout.write(
            f"{organization.name} signs in through {options['issuer']} at /sso/{organization.slug}/start/"
        )
