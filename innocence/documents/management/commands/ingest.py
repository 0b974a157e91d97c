"""`innocence ingest PATH... --case REF --as USER`: add files and folders to a case.

Files are stored and queued; `--wait` also processes them here, with a progress line
(files, pages, pages per second, errors). Without `--wait` a running worker (`innocence
serve` or `innocence worker`) does the processing."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from innocence.cases.selectors import case_get_for_user
from innocence.core import request_context
from innocence.core.command_line import acting_user, add_acting_user_argument, dump_json, explain
from innocence.documents import selectors, services
from innocence.documents.models import Document, DocumentStatus, Provenance

TERMINAL = (DocumentStatus.DONE, DocumentStatus.FAILED, DocumentStatus.UNSUPPORTED)


def _walk(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder.")
    return found


class Command(BaseCommand):
    help = "Add files or folders (and zips) to a case; --wait to process them now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--case", required=True, metavar="REF")
        add_acting_user_argument(parser)
        parser.add_argument("--provenance", default="", choices=["", *Provenance.values])
        parser.add_argument("--wait", action="store_true", help="process the files here and wait for them")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options)
        with request_context.acting(channel="cli"):
            try:
                case = case_get_for_user(user, options["case"])
            except Http404 as exc:
                raise CommandError(f"No case {options['case']} that {user.get_username()} can see.") from exc
            files = _walk(options["paths"])
            if not files:
                raise CommandError("No files found.")
            batch = services.batch_create(
                actor=user, organization=case.organization, case=case, channel="cli"
            )
            quiet = options["json"]
            results: list[dict[str, Any]] = []
            for index, path in enumerate(files, start=1):
                try:
                    with path.open("rb") as stream:
                        result = services.add_file(
                            actor=user,
                            organization=case.organization,
                            case=case,
                            name=path.name,
                            stream=stream,
                            batch=batch,
                            provenance=options["provenance"],
                        )
                except PermissionDenied as exc:
                    raise CommandError(str(exc)) from exc
                except ValidationError as exc:
                    raise CommandError(f"{path}: {explain(exc)}") from exc
                except OSError as exc:
                    results.append({"file": str(path), "status": "failed", "error": f"Cannot read: {exc}"})
                    continue
                if result.message and not quiet:
                    self.stderr.write(result.message)
                results.append(
                    {"file": str(path), "document": result.document.pk, "duplicate": result.duplicate}
                )
                if not quiet:
                    self.stderr.write(f"\rstored {index}/{len(files)} files", ending="")
            if not quiet:
                self.stderr.write("")
            if options["wait"]:
                self._wait(batch, quiet=quiet)
            documents = {d.pk: d for d in selectors.documents_visible_to(user).filter(batch=batch)}
            for row in results:
                document = documents.get(row.get("document", -1)) or (
                    Document.objects.filter(pk=row["document"]).first() if "document" in row else None
                )
                if document is not None:
                    row.update(
                        title=document.title,
                        status=document.status,
                        pages=document.page_count,
                        error=document.error,
                        notice=document.notice,
                    )
            if quiet:
                self.stdout.write(dump_json({"case": case.reference, "batch": batch.pk, "files": results}))
                return
            failed = [r for r in results if r.get("status") in ("failed", "unsupported")]
            for row in failed:
                self.stdout.write(f"  ✗ {row['file']}: {row.get('error')}")
            self.stdout.write(
                f"{len(results)} file(s) into {case.reference}; "
                + (f"{len(failed)} with errors." if options["wait"] else "queued for the background worker.")
            )

    def _wait(self, batch: Any, *, quiet: bool) -> None:
        from innocence.jobs import queue

        me = queue.worker_id()
        started = time.monotonic()
        last_print = 0.0

        def progress() -> tuple[dict[str, int], bool]:
            counts = selectors.batch_progress(batch)
            busy = batch.documents.exclude(status__in=TERMINAL).exists()
            return counts, not busy

        while True:
            counts, finished = progress()
            now = time.monotonic()
            if not quiet and (now - last_print > 0.25 or finished):
                elapsed = max(now - started, 1e-6)
                terminal = sum(counts.get(s, 0) for s in TERMINAL)
                errors = counts.get("failed", 0) + counts.get("unsupported", 0)
                sys.stderr.write(
                    f"\rfiles {terminal}/{counts['total']} · pages {counts['pages_done']}/{counts['pages']} · "
                    f"{counts['pages_done'] / elapsed:,.1f} pages/s · errors {errors}   "
                )
                sys.stderr.flush()
                last_print = now
            if finished:
                if not quiet:
                    sys.stderr.write("\n")
                return
            if queue.backend_name() == "db":
                job = queue.claim(me)
                if job is not None:
                    queue.run_job(job, me)
                    continue
            time.sleep(0.2)
