"""`innocence reindex`: rebuild the search index from the database (the authority)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from innocence.search import services
from innocence.search.backends import BACKENDS, default_backend_name, get_backend


class Command(BaseCommand):
    help = "Rebuild the search index from the page text in the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backend", default="", choices=["", *BACKENDS], help="default: the configured backend"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["backend"] or default_backend_name()
        started = time.perf_counter()
        count = services.reindex_all(backend=get_backend(name))
        seconds = time.perf_counter() - started
        self.stdout.write(f"Indexed {count} page(s) with {name} in {seconds:.1f} s.")
