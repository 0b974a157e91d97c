"""`innocence reprocess --as USER (--document ID ... | --case REF) [--failed | --unfinished]
[--force-ocr] [--wait]`: process documents again, as their "Process again" button does.

For a docket: after a run, `--case REF --failed` takes every document of the case that failed
or has a page-text consumer's error; after a lost queue (a Redis restart without persistence),
`--unfinished` takes those still queued or processing. Processing again is idempotent: hand
corrections are kept, and a document whose jobs are still queued is only read twice."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q, QuerySet

from innocence.core import request_context
from innocence.core.command_line import acting_user, add_acting_user_argument
from innocence.documents import services
from innocence.documents.command_line import named_documents
from innocence.documents.models import Document, DocumentStatus

#: A document with a consumer's error has "{consumer:first page: reason}" in consumer_errors.
_HAS_ERRORS = ~Q(consumer_errors={})


class Command(BaseCommand):
    help = "Process documents again, as the Process again button does (hand corrections kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--document", type=int, action="append", default=[], metavar="ID")
        parser.add_argument("--case", metavar="REF", help="the documents of this case")
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--failed", action="store_true", help="only documents that failed or have a consumer's error"
        )
        which.add_argument(
            "--unfinished", action="store_true", help="only documents still queued or processing"
        )
        parser.add_argument("--force-ocr", action="store_true", help="OCR every page, text layer or not")
        add_acting_user_argument(parser)
        parser.add_argument("--wait", action="store_true", help="run the jobs now, in this process")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            documents = named_documents(user, options, of_case=lambda found: self._which(found, options))
            # the documents named by id are narrowed as the case's are, on what was read
            # through the access rule (no second query)
            documents = [d for d in documents if self._wanted(d, options)]
            queued: list[Document] = []
            for document in documents:
                if document.status in (DocumentStatus.DUPLICATE, DocumentStatus.UNSUPPORTED):
                    self.stdout.write(f"#{document.pk} {document.title}: skipped — {document.get_status_display()}")
                    continue
                try:
                    services.request_reprocess(actor=user, document=document, force_ocr=options["force_ocr"])
                except (ValidationError, PermissionDenied) as exc:
                    message = " ".join(getattr(exc, "messages", [str(exc)]))
                    self.stdout.write(f"#{document.pk} {document.title}: skipped — {message}")
                    continue
                queued.append(document)
                self.stdout.write(f"#{document.pk} {document.title}: queued to be processed again")
            self.stdout.write(f"{len(queued)} document(s) queued." if queued else "Nothing to process again.")
        if options["wait"] and queued:
            from innocence.jobs.queue import backend_name, run_until_empty

            if backend_name() == "rq":
                self.stdout.write("The Redis queue's workers process them (--wait runs jobs only on the database queue).")
                return

            run_until_empty()
            for document in queued:
                document.refresh_from_db()
                self.stdout.write(f"#{document.pk} {document.title}: {document.get_status_display()}")

    @staticmethod
    def _wanted(document: Document, options: dict[str, Any]) -> bool:
        if options["failed"]:
            return document.status == DocumentStatus.FAILED or bool(document.consumer_errors)
        if options["unfinished"]:
            return document.status in (DocumentStatus.QUEUED, DocumentStatus.PROCESSING)
        return True

    @staticmethod
    def _which(documents: QuerySet[Document], options: dict[str, Any]) -> QuerySet[Document]:
        if options["failed"]:
            return documents.filter(Q(status=DocumentStatus.FAILED) | _HAS_ERRORS)
        if options["unfinished"]:
            return documents.filter(status__in=(DocumentStatus.QUEUED, DocumentStatus.PROCESSING))
        return documents
