from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from innocence.core import request_context, services
from innocence.core.command_line import dump_json, explain
from innocence.core.models import ApiToken


class Command(BaseCommand):
    help = "REST API tokens: create (the key is printed once), list, revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = actions.add_parser("create", help="issue a token for a user")
        create.add_argument("--user", required=True, metavar="USERNAME")
        create.add_argument("--name", required=True, help="what the token is for, e.g. 'nightly export'")
        listing = actions.add_parser("list", help="tokens (never their keys)")
        listing.add_argument("--user", metavar="USERNAME", default="")
        listing.add_argument("--json", action="store_true")
        revoke = actions.add_parser("revoke", help="stop a token from working")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        with request_context.acting(channel="cli"):
            getattr(self, "_" + options["action"])(options)

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named '{username}'.")
        return user

    def _create(self, options: dict[str, Any]) -> None:
        try:
            token, key = services.token_create(user=self._user(options["user"]), name=options["name"])
        except ValidationError as exc:
            raise CommandError(explain(exc)) from exc
        self.stdout.write(f"Token {token.pk} '{token.name}' for {token.user.get_username()}.")
        self.stdout.write("Key (shown once; only its hash is stored):")
        self.stdout.write(key)
        self.stdout.write("Use it as: Authorization: Bearer <key>")

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("id")
        if options["user"]:
            tokens = tokens.filter(user=self._user(options["user"]))
        rows: list[dict[str, Any]] = [
            {
                "id": t.pk,
                "user": t.user.get_username(),
                "name": t.name,
                "prefix": t.prefix,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in tokens
        ]
        if options["json"]:
            self.stdout.write(dump_json(rows))
            return
        if not rows:
            self.stdout.write("No tokens.")
        for row in rows:
            state = f"revoked {row['revoked_at'][:16]}" if row["revoked_at"] else "active"
            used = f"last used {row['last_used_at'][:16]}" if row["last_used_at"] else "never used"
            self.stdout.write(
                f"{row['id']:>5}  {row['user']:<16} {row['prefix']}…  {row['name']:<24} {state}, {used}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.select_related("user").filter(pk=options["id"]).first()
        if token is None:
            raise CommandError(f"No token with id {options['id']}. See: innocence token list")
        was_revoked = token.revoked_at is not None
        services.token_revoke(token=token)
        self.stdout.write(
            f"Token {token.pk} was already revoked." if was_revoked else f"Token {token.pk} revoked."
        )
