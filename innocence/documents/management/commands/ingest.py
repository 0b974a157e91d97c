"""`innocence ingest PATH... --case REF --as USER`: add files and folders to a case.

Files are stored and queued; `--wait` also processes them here, with a progress bar (pages
done of total, files, the file being read, the time left: the job queue's progress, as in
the web app). Without `--wait` a running worker (`innocence serve` or `innocence worker`)
does the processing."""

from __future__ import annotations

import os
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
from innocence.documents.models import DocType, Document, DocumentStatus, Provenance

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


def _relative(path: Path, roots: list[str]) -> str:
    """A file's path below the folder it was found in (its name when given by itself)."""
    for raw in roots:
        root = Path(raw).expanduser()
        if root.is_dir():
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                continue
    return path.name


def _consumers_busy(batch: Any) -> bool:
    """Jobs that are due for these documents or their case (search index, people, lens
    proposers, resolution) still wait: --wait means the files are searchable and read
    when it returns. A case-wide re-run scheduled for later is background work and is not
    waited for. The Redis backend cannot be asked; there --wait ends with the documents."""
    from django.utils import timezone

    from innocence.jobs import queue
    from innocence.jobs.models import Job, JobStatus

    if queue.backend_name() != "db":
        return False
    groups = [f"doc:{pk}" for pk in batch.documents.values_list("pk", flat=True)]
    groups.append(f"case:{batch.case_id}")
    return Job.objects.filter(
        status__in=(JobStatus.QUEUED, JobStatus.RUNNING), run_after__lte=timezone.now(), group__in=groups
    ).exists()


class Command(BaseCommand):
    help = "Add files or folders (and zips) to a case; --wait to process them now."
    # The system checks load every URL conf and API router (about 1 CPU-s, a seventh of a
    # 1,000-page ingest); `innocence check`, `serve` and `migrate` run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--case", required=True, metavar="REF")
        add_acting_user_argument(parser)
        parser.add_argument(
            "--provenance", default="", choices=["", *Provenance.values],
            help="where the files came from (the default for every file the manifest does not name)",
        )
        parser.add_argument(
            "--type", dest="doc_type", default="", choices=["", *DocType.values],
            help="the type of every file the manifest does not name (default: proposed from the content)",
        )
        parser.add_argument(
            "--manifest", metavar="FILE", default="",
            help="CSV (columns file, provenance, type) or JSON ({\"name.pdf\": {\"provenance\": ..., "
            "\"type\": ...}}): values per file, by file name or path below the folder given",
        )
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
            manifest = self._manifest(options["manifest"], options["paths"], files)
            # One decision for the whole command, as for one upload request (it was taken again
            # for every file: a fifth of a small file's cost to add).
            if not services.can_add_documents(user, organization=case.organization, case=case):
                raise CommandError("You may not add documents here.")
            batch = services.batch_create(
                actor=user, organization=case.organization, case=case, channel="cli"
            )
            quiet = options["json"]
            results: list[dict[str, Any]] = []
            for index, path in enumerate(files, start=1):
                values = services.manifest_lookup(manifest, _relative(path, options["paths"])) or services.FileValues()
                try:
                    with path.open("rb") as stream:
                        result = services.add_file(
                            actor=user,
                            organization=case.organization,
                            case=case,
                            name=path.name,
                            stream=stream,
                            batch=batch,
                            provenance=values.provenance or options["provenance"],
                            doc_type=values.doc_type or options["doc_type"],
                            check_permission=False,
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

    def _manifest(self, raw: str, roots: list[str], files: list[Path]) -> dict[str, services.FileValues]:
        """The manifest, checked before any file is stored: a bad value, or an entry that
        names none of the files (a typo), refuses the whole run."""
        if not raw:
            return {}
        path = Path(raw).expanduser()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{raw}: cannot read the manifest ({exc}).") from exc
        try:
            manifest = services.parse_manifest(text, name=path.name)
        except ValidationError as exc:
            raise CommandError(explain(exc)) from exc
        unmatched = services.manifest_unmatched(manifest, [_relative(f, roots) for f in files])
        if unmatched:
            raise CommandError(
                f"{path.name} names {len(unmatched)} file(s) that are not among the files given: "
                + ", ".join(unmatched[:5]) + ". Nothing was added."
            )
        return manifest

    def _wait(self, batch: Any, *, quiet: bool) -> None:
        """Process the batch's jobs here, with the job queue's progress as a bar on stderr:
        pages done of total, the file being read, the time left (innocence.jobs.progress)."""
        from innocence.jobs import progress as job_progress
        from innocence.jobs import queue

        me = queue.worker_id()
        ids = list(batch.documents.values_list("pk", flat=True))
        keys = [job_progress.document_key(i) for i in ids]

        def state() -> tuple[dict[str, int], Any, bool]:
            counts = selectors.batch_progress(batch)
            busy = batch.documents.exclude(status__in=TERMINAL).exists() or _consumers_busy(batch)
            return counts, job_progress.read(keys), not busy

        bar = _bar(quiet=quiet)
        with bar:
            task = bar.add_task("ingest", total=None, files="", left="", now="")
            last = 0.0
            ran = False
            while True:
                now = time.monotonic()
                if ran and now - last <= 0.25:
                    # Right after a job, with the bar fresh: the next job, not the five
                    # progress queries (per job they were a quarter of the CPU of 100 small
                    # files); whether the batch is finished is asked at least every 0.25 s.
                    ran = False
                    if self._run_one(me):
                        ran = True
                        continue
                counts, snapshot, finished = state()
                if finished or now - last > 0.25:
                    terminal = sum(counts.get(s, 0) for s in TERMINAL)
                    errors = counts.get("failed", 0) + counts.get("unsupported", 0)
                    current = ""
                    if snapshot is not None and snapshot.label:
                        current = snapshot.label + (f" ({snapshot.current})" if snapshot.current else "")
                    bar.update(
                        task,
                        total=max(counts["pages"], 1) if counts["pages"] or finished else None,
                        completed=counts["pages_done"],
                        files=f"· files {terminal}/{counts['total']}"
                        + (f" · {errors} with errors" if errors else ""),
                        left=f"· {snapshot.time_left}" if snapshot is not None and snapshot.time_left else "",
                        now=current[:60],
                    )
                    last = now
                if finished:
                    return
                if self._run_one(me):
                    ran = True
                    continue
                time.sleep(0.2)

    @staticmethod
    def _run_one(me: str) -> bool:
        """Claim and run one job here (database queue only); False when there is none."""
        from innocence.jobs import queue

        if queue.backend_name() != "db":
            return False
        job = queue.claim(me)
        if job is None:
            return False
        queue.run_job(job, me)
        return True


def _on_a_terminal() -> bool:
    """Whether rich would draw a live bar on stderr: a terminal, or one forced by the
    variables rich reads for it."""
    return sys.stderr.isatty() or any(
        os.environ.get(name) for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
    )


def _bar(*, quiet: bool) -> Any:
    """The progress bar: rich's, redrawn twice a second, on a terminal; into a pipe or a file,
    where rich draws nothing before the end anyway, one plain line at the end, without
    importing rich (a twentieth of a CPU-second per command)."""
    if quiet or not _on_a_terminal():
        return _FinalLine(quiet=quiet)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("pages"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[files]}"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[left]}"),
        TextColumn("{task.fields[now]}", style="dim"),
        console=Console(stderr=True),
        transient=False,
        # rich redraws from a thread of its own, ten times a second by default: a hundredth
        # of a CPU-second per second of OCR, a tenth of everything around the engine.
        refresh_per_second=2,
    )


class _FinalLine:
    """rich's Progress as `_wait` uses it, printing the last state once, as a line: "pages
    1000/1000 · files 1/1 0:00:05"."""

    def __init__(self, *, quiet: bool) -> None:
        self.quiet = quiet
        self.fields: dict[str, Any] = {"total": None, "completed": 0, "files": "", "left": ""}
        self.started = time.monotonic()

    def __enter__(self) -> _FinalLine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.quiet:
            return
        elapsed = int(time.monotonic() - self.started)
        total = self.fields["total"]
        done = f"{self.fields['completed']}/{total}" if total is not None else f"{self.fields['completed']}/?"
        clock = f"{elapsed // 3600}:{elapsed // 60 % 60:02d}:{elapsed % 60:02d}"
        parts = ["pages", done, self.fields["files"], clock, self.fields["left"]]
        sys.stderr.write(" ".join(str(p) for p in parts if p) + "\n")
        sys.stderr.flush()

    def add_task(self, _description: str, **fields: Any) -> int:
        self.fields.update(fields)
        return 0

    def update(self, _task: int, **fields: Any) -> None:
        self.fields.update(fields)
