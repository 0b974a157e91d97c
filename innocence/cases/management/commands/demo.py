from typing import Any

from django.core.management.base import BaseCommand

from innocence.cases.demo import DEMO_PASSWORD, USERS, load_demo


class Command(BaseCommand):
    help = "Load the fictional demo organization (idempotent: safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        context = load_demo()
        if context.created:
            self.stdout.write("Created: " + ", ".join(context.created))
        else:
            self.stdout.write("The demo organization is already loaded; nothing changed.")
        self.stdout.write("\nDemo accounts (all fictional), password: " + DEMO_PASSWORD)
        for username, first, last, role, org in USERS:
            self.stdout.write(f"  {username:<13} {first} {last}, {role.label}, {org}")
