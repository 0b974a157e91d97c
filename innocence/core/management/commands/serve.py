"""`innocence serve`: migrate, then run the web app (gunicorn) and its background worker."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from innocence.core import serving
from innocence.core.demo import DEMO_PASSWORD
from innocence.core.migration_state import pending_migrations
from innocence.core.models import Organization


def sign_in_hint() -> str:
    User = get_user_model()
    demo = Organization.objects.filter(slug="lakeside", is_fictional=True).exists()
    if demo and User.objects.filter(username="admin", is_active=True).exists():
        return f"sign in as admin / {DEMO_PASSWORD} (the fictional demo organization)"
    if not User.objects.exists():
        return (
            "no accounts yet: create one with `innocence createorg NAME --prefix P` and "
            "`innocence adduser USERNAME --org SLUG --role admin` (or load the demo: `innocence demo`)"
        )
    return "sign in with your account"


class Command(BaseCommand):
    help = "Run the web app and its background worker in the foreground (Ctrl-C stops both)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="web server processes (default 2)")
        parser.add_argument("--no-worker", action="store_true", help="do not start the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        if serving.port_in_use(host, port):
            raise CommandError(f"Port {port} on {host} is in use. Stop what uses it, or choose --port.")
        pending = pending_migrations(connection)
        if pending:
            self.stdout.write(f"Preparing the database ({len(pending)} migrations)…")
            call_command("migrate", interactive=False, verbosity=0)
        connection.close()  # the children open their own connections
        worker = None
        if not options["no_worker"]:
            if "worker" in get_commands():
                worker = serving.worker_argv()
            else:
                self.stdout.write("No background worker is installed; running the web app alone.")
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Innocence Files is running at http://{shown_host}:{port}/ — {sign_in_hint()}.")
        everywhere = host in ("0.0.0.0", "::")  # noqa: S104 - only to word the hint below
        if host not in settings.ALLOWED_HOSTS and not everywhere:
            self.stdout.write(f"Note: add {host} to INNOCENCE_ALLOWED_HOSTS to reach it under that name.")
        if everywhere:
            self.stdout.write(
                "Note: listening on all interfaces; set INNOCENCE_ALLOWED_HOSTS to this server's name."
            )
        if worker:
            self.stdout.write("The background worker runs alongside (restarted if it stops).")
        self.stdout.write("Press Ctrl-C to stop.")
        self.stdout.flush()
        supervisor = serving.Supervisor(
            serving.gunicorn_argv(host, port, max(1, options["workers"])),
            worker,
            log=self._log,
        )
        code = supervisor.run()
        if code not in (0, None) and not supervisor.stopping.is_set():
            raise CommandError(f"The web server exited with code {code}.")
        self.stdout.write("Stopped.")

    def _log(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
