"""The docket scale point: CASES generated cases of PAGES text-layer pages each (files of
FILE_PAGES pages), stored through the real upload service and processed through the job
queue by ``innocence worker --processes 2 --burst`` (every page-text consumer), on SQLite
or on PostgreSQL; then the database size, the search index size and search latency.

    .venv/bin/python bench/bench_docket.py --cases 20 --pages 500                  # SQLite
    .venv/bin/python bench/bench_docket.py --cases 20 --pages 500 --postgres \\
        postgres://postgres@127.0.0.1:5432/postgres                                  # a fresh database is made beside it
    .venv/bin/python bench/bench_docket.py --cases 1000 --pages 1000                # the issue's 1,000,000 pages
    .venv/bin/python bench/bench_docket.py --cases 20 --pages 500 --queue rq \\
        --redis redis://127.0.0.1:6379/15 [--postgres URL]                           # through Redis (RQ)

Not part of the test suite. The corpus is generated (reportlab; invented words and names),
and one generated file is reused for every case (the upload service stores one original per
content hash, so each case gets its own document rows and pages over a shared original, as
when the same transcript is filed in many cases). The baseline in the same run is the
single-process ``innocence ingest --wait`` rate on one case of the same files, and
``pdftotext`` on the same files (one process per file, counted once per case), both printed
as ratios beside the docket's own CPU per page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import PYTHON, SETUP, Usage, env_for, make_pdf, run  # noqa: E402

STORE = r"""
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0)
from innocence.cases import services as case_services
from innocence.core.models import Membership, Organization
from innocence.documents import services
cases, files = int(sys.argv[1]), sys.argv[2:]
org = Organization.objects.create(slug="docket", name="Docket bench (fictional)", case_prefix="DK")
user = get_user_model().objects.create_user(username="docket", password="docket-password-1")
Membership.objects.create(user=user, organization=org, role="admin")
started = time.perf_counter()
for c in range(cases):
    case = case_services.case_create(actor=user, organization=org, title=f"State v. Docket {c} (fictional)")
    for index, name in enumerate(files):
        with open(name, "rb") as stream:
            services.add_file(actor=user, organization=org, case=case, name=f"c{c}-f{index}.pdf", stream=stream)
print(json.dumps({"seconds": time.perf_counter() - started}))
"""

REPORT = r"""
import json, os, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from innocence.documents.models import Document, Page
from innocence.jobs.models import Job
from innocence.search.selectors import search_pages
user = get_user_model().objects.get(username="docket")
out = {
    "pages": Page.objects.count(),
    "not_done": Document.objects.exclude(status="done").count(),
    "errors": Document.objects.exclude(consumer_errors={}).count(),
    "jobs_failed": Job.objects.filter(status="failed").count(),
    "jobs_due": Job.objects.filter(status__in=["queued", "running"]).count(),
}
if os.environ.get("INNOCENCE_QUEUE") == "rq":
    from redis import Redis
    from rq import Queue
    from innocence.jobs import rq_backend
    redis = Redis.from_url(os.environ["REDIS_URL"])
    queues = [Queue(name, connection=redis) for name in rq_backend.queue_names()]
    out["jobs_failed"] = sum(q.failed_job_registry.count for q in queues)
    out["jobs_due"] = sum(q.count + q.scheduled_job_registry.count for q in queues)
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("select pg_database_size(current_database())")
        out["db_bytes"] = cursor.fetchone()[0]
        cursor.execute("select coalesce(sum(pg_relation_size(indexrelid)), 0) from pg_index i "
                       "join pg_class c on c.oid = i.indrelid where c.relname like 'search%%' or c.relname = 'documents_page'")
        out["index_bytes"] = int(cursor.fetchone()[0] or 0)
    else:
        cursor.execute("select page_count * page_size from pragma_page_count(), pragma_page_size()")
        out["db_bytes"] = cursor.fetchone()[0]
        try:
            cursor.execute("select sum(pgsize) from dbstat where name like 'search%'")
            out["index_bytes"] = cursor.fetchone()[0] or 0
        except Exception:
            out["index_bytes"] = None
for label, query in (("rare", "Quillfeather"), ("common", "witness"), ("phrase", '"photo array"')):
    times, cpu = [], []
    for _ in range(5):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = search_pages(user, query, record_audit=False)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    times.sort()
    cpu.sort()
    out[f"search_{label}_ms"] = times[len(times) // 2] * 1000
    out[f"search_{label}_cpu_ms"] = cpu[len(cpu) // 2] * 1000
    out[f"search_{label}_total"] = getattr(result, "total", None)
print(json.dumps(out, default=str))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--pages", type=int, default=500, help="pages per case")
    parser.add_argument("--file-pages", type=int, default=100, help="pages per file")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL; a fresh database is created on that server")
    parser.add_argument("--queue", choices=("db", "rq"), default="db", help="the job queue the workers drain")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15",
                        help="with --queue rq: a Redis database this run may empty (FLUSHDB before and after)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="innocence-bench-docket-"))
    files_per_case = max(1, args.pages // args.file_pages)
    files = []
    for index in range(files_per_case):
        path = work / f"f{index}.pdf"
        make_pdf(path, args.file_pages, seed=index)
        files.append(str(path))
    env = dict(os.environ, INNOCENCE_DATA_DIR=str(work / "data"), PYTHONPATH=str(ROOT))
    env.pop("INNOCENCE_PAGE_TEXT_CONSUMERS", None)
    env["INNOCENCE_QUEUE"] = args.queue
    if args.queue == "rq":
        env["REDIS_URL"] = args.redis
        subprocess.run([PYTHON, "-c", f"import redis; redis.Redis.from_url({args.redis!r}).flushdb()"], check=True)
    backend = "SQLite"
    database = ""
    if args.postgres:
        database = f"innocence_docket_{os.getpid()}"
        server = args.postgres.rsplit("/", 1)[0]
        subprocess.run(["psql", args.postgres, "-qc", f"create database {database}"], check=True)
        env["DATABASE_URL"] = f"{server}/{database}"
        backend = "PostgreSQL"
    else:
        env.pop("DATABASE_URL", None)
    total = args.cases * files_per_case * args.file_pages
    # Baselines first, on the same files: one case through `innocence ingest --wait` in one
    # process (SQLite, a data directory of its own), and pdftotext.
    single_dir = work / "single"
    single_dir.mkdir()
    (single_dir / "in").mkdir()
    for name in files:
        shutil.copy(name, single_dir / "in" / Path(name).name)
    single_env = env_for(single_dir / "data")
    run([PYTHON, "-c", SETUP], env=single_env, cwd=ROOT)
    reference = run.last_output.strip().splitlines()[-1]  # type: ignore[attr-defined]
    single = run([PYTHON, "-m", "innocence.cli", "ingest", str(single_dir / "in"), "--case", reference, "--as", "bench",
                  "--wait"], env=single_env, cwd=ROOT)
    pdftotext = Usage(0.0, 0.0, 0.0)
    for name in files:
        pdftotext.cpu += run(["pdftotext", "-q", name, "/dev/null"]).cpu
    print(f"baselines measured: one case by `innocence ingest --wait` {single.cpu:.1f} CPU-s, pdftotext "
          f"{pdftotext.cpu:.2f} CPU-s; data in {work}", flush=True)
    try:
        store = run([PYTHON, "-c", STORE, str(args.cases), *files], env=env, cwd=ROOT)
        # Printed as it goes: a run of this size takes over an hour and may be cut short.
        print(f"stored {args.cases:,} cases in {store.cpu:.1f} CPU-s; the workers start now", flush=True)
        started = time.perf_counter()
        workers = run([PYTHON, "-m", "innocence.cli", "worker", "--processes", str(args.workers), "--burst"],
                      env=env, cwd=ROOT)
        wall = time.perf_counter() - started
        run([PYTHON, "-c", REPORT], env=env, cwd=ROOT)
        report = json.loads(run.last_output.strip().splitlines()[-1])  # type: ignore[attr-defined]
    finally:
        if database:
            subprocess.run(["psql", args.postgres, "-qc", f"drop database if exists {database}"], check=False)
        if args.queue == "rq":
            subprocess.run([PYTHON, "-c", f"import redis; redis.Redis.from_url({args.redis!r}).flushdb()"], check=False)
        shutil.rmtree(work, ignore_errors=True)
    print(f"docket on {backend}: {args.cases:,} cases x {files_per_case} files x {args.file_pages} pages = {total:,} pages; "
          f"{args.workers} worker processes; every page-text consumer; queue: "
          + ("Redis (RQ)" if args.queue == "rq" else "the database's"))
    print(f"store (upload service, one process): {store.cpu:8.1f} CPU-s")
    print(f"process (queue, workers)           : {wall:8.1f} s wall, {workers.cpu:8.1f} CPU-s -> "
          f"{total / wall:7.1f} pages/s wall, {total / workers.cpu:7.1f} pages/CPU-s; peak RSS of a worker "
          f"{workers.peak_mb:.0f} MB")
    per_case = files_per_case * args.file_pages
    docket_cpu_page = workers.cpu / max(total, 1)
    single_cpu_page = single.cpu / per_case
    print(f"baseline, one case in one process  : `innocence ingest --wait` of the same {per_case:,} pages "
          f"{single.cpu:.1f} CPU-s -> {per_case / single.cpu:7.1f} pages/CPU-s; the docket's CPU per page is "
          f"{docket_cpu_page / single_cpu_page:.2f}x that")
    print(f"baseline, pdftotext                : {pdftotext.cpu:.2f} CPU-s for one case's files -> the docket used "
          f"{workers.cpu / (pdftotext.cpu * args.cases):.1f}x pdftotext's CPU for the same pages")
    print(f"result                             : {report['pages']:,} pages, {report['not_done']} documents not done, "
          f"{report['errors']} with consumer errors, {report['jobs_failed']} failed jobs, {report['jobs_due']} jobs left")
    index = report.get("index_bytes")
    print(f"database size                      : {report['db_bytes'] / 1e6:8.1f} MB "
          f"({report['db_bytes'] / max(total, 1) / 1e3:.1f} kB a page); search index "
          + (f"{index / 1e6:.1f} MB" if index is not None else "not measurable here"))
    print("search latency (in-process, median of 5, as the org admin over every case): "
          + ", ".join(f"{k} {report[f'search_{k}_ms']:.1f} ms wall / {report[f'search_{k}_cpu_ms']:.1f} ms CPU ({report[f'search_{k}_total']} pages)" for k in
                      ("rare", "common", "phrase")))
    if re.match(r"^\d", str(report["jobs_due"])) and report["jobs_due"]:
        print("note: jobs still due when the workers stopped (scheduled re-runs count here)")


if __name__ == "__main__":
    main()
