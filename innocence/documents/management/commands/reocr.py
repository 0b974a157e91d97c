"""`innocence reocr --as USER (--document ID ... | --case REF) [--wait]`: read the scanned
pages of existing documents again with the current OCR set-up (INNOCENCE_OCR_ENGINE,
INNOCENCE_OCR_HYBRID_THRESHOLD), as the Re-OCR button does. Hand corrections are kept and
so is each page's earlier text; search and extraction catch up through the page-text event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser

from innocence.core import request_context
from innocence.core.command_line import acting_user, add_acting_user_argument
from innocence.documents import services
from innocence.documents.command_line import named_documents


class Command(BaseCommand):
    help = "OCR the scanned pages of documents again with the current OCR set-up (corrections kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--document", type=int, action="append", default=[], metavar="ID")
        parser.add_argument("--case", metavar="REF", help="every document of this case with page images")
        add_acting_user_argument(parser)
        parser.add_argument("--wait", action="store_true", help="run the OCR jobs now, in this process")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            documents = named_documents(user, options)
            queued = 0
            for document in documents:
                try:
                    count = services.document_reocr(actor=user, document=document)
                except (ValidationError, PermissionDenied) as exc:
                    message = " ".join(getattr(exc, "messages", [str(exc)]))
                    self.stdout.write(f"#{document.pk} {document.title}: skipped — {message}")
                    continue
                queued += count
                self.stdout.write(f"#{document.pk} {document.title}: {count} page(s) queued for OCR")
        if options["wait"]:  # also finishes a re-OCR requested earlier
            from innocence.jobs.queue import run_until_empty

            run_until_empty()
            for document in documents:
                document.refresh_from_db()
                self.stdout.write(f"#{document.pk} {document.title}: {document.get_status_display()}")
