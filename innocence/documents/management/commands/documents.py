"""`innocence documents --case REF --as USER [--json]`: a case's documents with status,
pages and errors."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.selectors import case_get_for_user
from innocence.core import audit, request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json
from innocence.core.models import AuditAction
from innocence.documents import selectors


class Command(BaseCommand):
    help = "List a case's documents with their status, pages and errors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--case", required=True, metavar="REF")
        add_acting_user_argument(parser)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            try:
                case = case_get_for_user(user, options["case"])
            except Http404 as exc:
                raise CommandError(f"No case {options['case']} that {user.get_username()} can see.") from exc
            documents = list(selectors.documents_for_case(case).order_by("id"))
            audit.record(AuditAction.VIEW, actor=user, obj=case, changes={"documents": "list"})
            rows = [
                {
                    "id": d.pk,
                    "title": d.title,
                    "file": d.uploaded_name,
                    "type": d.doc_type,
                    "date": d.doc_date,
                    "provenance": d.provenance,
                    "status": d.status,
                    "pages": d.page_count,
                    "error": d.error,
                    "notice": d.notice,
                    "parent": d.parent_id,
                    "sha256": d.stored_file.sha256,
                }
                for d in documents
            ]
        if options["json"]:
            self.stdout.write(dump_json({"case": case.reference, "documents": rows}))
            return
        if not rows:
            self.stdout.write(f"No documents in {case.reference}.")
            return
        for row in rows:
            line = f"{row['id']:>6}  {row['status']:<11} {row['pages']:>5} p.  {row['title']}"
            if row["error"]:
                line += f"  — {row['error']}"
            self.stdout.write(line)
