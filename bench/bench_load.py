"""Load benchmark: signed-in users reading and writing while the worker ingests a big file,
beside the same load with the worker idle, as a ratio (issue 11, item 8).

    .venv/bin/python bench/bench_load.py                       # the table in the issue-11 note
    .venv/bin/python bench/bench_load.py --users 50 --seconds 60 --pages 2100
    .venv/bin/python bench/bench_load.py --locking legacy      # SQLite without the lock discipline

A fresh data directory and SQLite database per locking mode. The web app runs as
``innocence serve`` runs it (gunicorn, 2 processes); the worker is a separate ``innocence
worker`` process. Each simulated user has a real signed-in session and, in a loop with a
random think time, views the case page (an audited read), opens a document's page (an
audited read) and, one time in five, adds a note (a write with its audit row). Two phases:

1. idle   — no job in the queue;
2. ingest — a fictional text-layer PDF of ``--pages`` pages was just added, and the worker
            reads it and feeds every page-text consumer (search index, people, lenses).
            Only requests made while the worker still had jobs count.

Printed: p50/p95/p99 per request kind and phase, and the ingest/idle ratio. ``--locking``
picks the SQLite set-up: ``current`` (the settings: WAL, BEGIN IMMEDIATE, 30 s busy
timeout) or ``legacy`` (rollback journal, deferred transactions, Django's 5 s timeout),
to measure what the lock discipline buys; ``both`` runs the two in turn.

Target (issue 11): page views p95 < 300 ms with the worker idle and < 3x that while it
ingests. Everything is generated: fictional words and names, no real data.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
)

LEGACY_SETTINGS = '''"""Bench-only settings: SQLite as Django sets it up by default (no WAL, deferred
transactions, 5 s timeout), to measure the lock discipline of innocence.settings."""
from innocence.settings import *  # noqa: F403

DATABASES["default"]["OPTIONS"] = {  # noqa: F405
    "timeout": 5,
    "init_command": "PRAGMA journal_mode=DELETE; PRAGMA foreign_keys=ON;",
}
'''


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(data_dir: Path, locking: str) -> dict[str, str]:
    env = dict(os.environ)
    env["INNOCENCE_DATA_DIR"] = str(data_dir)
    env["INNOCENCE_LOGIN_THROTTLING"] = "false"
    env["INNOCENCE_LOG_LEVEL"] = "ERROR"
    env.pop("DATABASE_URL", None)
    if locking == "legacy":
        (data_dir / "bench_legacy_settings.py").write_text(LEGACY_SETTINGS)
        env["PYTHONPATH"] = os.pathsep.join([str(data_dir), str(ROOT)])
        env["DJANGO_SETTINGS_MODULE"] = "bench_legacy_settings"
    else:
        env["PYTHONPATH"] = str(ROOT)
        env["DJANGO_SETTINGS_MODULE"] = "innocence.settings"
    return env


SETUP = r"""
import io, json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, skip_checks=True)
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from innocence.core.models import Membership
from innocence.core import services as core_services
from innocence.cases import services as case_services
from innocence.documents import services as doc_services
from innocence.jobs.queue import run_until_empty

users, pdf = int(sys.argv[1]), sys.argv[2]
org = core_services.organization_create(name="Bench Project (fictional)", slug="bench", case_prefix="BEN")
User = get_user_model()
admin = User.objects.create_user(username="bench-admin", password="not-used-bench-9")
Membership.objects.create(user=admin, organization=org, role="admin")
case = case_services.case_create(actor=admin, organization=org, title="State v. Benchmark (fictional)")
readers = []
for i in range(users):
    user = User.objects.create_user(username=f"bench-user-{i}", password="not-used-bench-9")
    Membership.objects.create(user=user, organization=org, role="attorney")
    case_services.team_add(actor=admin, case=case, user=user)
    readers.append(user)
with open(pdf, "rb") as fh:
    small = doc_services.add_file(actor=admin, organization=org, case=case, name="small.pdf", stream=fh)
run_until_empty()
sessions = []
for user in readers:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print(json.dumps({"reference": case.reference, "document": small.document.pk, "sessions": sessions}))
"""

ADD_BIG = r"""
import sys
import django
django.setup()
from django.contrib.auth import get_user_model
from innocence.cases.models import Case
from innocence.documents import services as doc_services
case = Case.objects.get(reference=sys.argv[1])
admin = get_user_model().objects.get(username="bench-admin")
with open(sys.argv[2], "rb") as fh:
    doc_services.add_file(actor=admin, organization=case.organization, case=case, name="big.pdf", stream=fh)
"""

NOTES_STORED = r"""
import django
django.setup()
from innocence.cases.models import Note
print(Note.objects.count())
"""

QUEUE_LEFT = r"""
import django
django.setup()
from innocence.jobs.models import Job, JobStatus
print(Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).count())
"""


def make_pdf(path: Path, pages: int, seed: int) -> None:
    sys.path.insert(0, str(BENCH))
    from bench_ingest import make_pdf as transcript_pdf

    transcript_pdf(path, pages, seed)


@dataclass
class Samples:
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            if ok:
                self.by_kind.setdefault(kind, []).append(seconds)
            else:
                self.errors[kind] = self.errors.get(kind, 0) + 1


class User:
    """One signed-in browser: its session cookie, and the CSRF cookie once the server set it."""

    def __init__(self, base: str, session: str) -> None:
        self.base = base
        self.session = session
        self.csrf = ""

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        cookie = f"sessionid={self.session}" + (f"; csrftoken={self.csrf}" if self.csrf else "")
        request.add_header("Cookie", cookie)
        request.add_header("Referer", self.base + "/")
        if self.csrf:
            request.add_header("X-CSRFToken", self.csrf)
        try:
            with NO_REDIRECTS.open(request, timeout=120) as response:
                text = response.read().decode("utf-8", "replace")
                status, headers = response.status, response.headers
        except urllib.error.HTTPError as exc:
            status, headers, text = exc.code, exc.headers, ""
        for header in headers.get_all("Set-Cookie") or []:
            match = re.match(r"csrftoken=([^;]+)", header)
            if match:
                self.csrf = match.group(1)
        return status, text


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a note's POST answers 302: that is its success, not a page to fetch


NO_REDIRECTS = urllib.request.build_opener(_NoRedirect)


def run_load(
    base: str,
    sessions: list[str],
    reference: str,
    document: int,
    seconds: float,
    think: float,
    keep_going: threading.Event,
    seed: int,
) -> Samples:
    samples = Samples()
    deadline = time.monotonic() + seconds
    notes = [0]

    def one_user(index: int, session: str) -> None:
        rng = random.Random(seed * 1000 + index)
        user = User(base, session)
        status, _ = user.request(f"/cases/{reference}/")
        if status >= 400 or not user.csrf:
            raise SystemExit(f"user {index} is not signed in (HTTP {status}) or got no CSRF cookie")
        time.sleep(rng.uniform(0, think))
        while time.monotonic() < deadline and keep_going.is_set():
            roll = rng.random()
            if roll < 0.2:
                kind, path = "note (write)", f"/cases/{reference}/notes/add/"
                data: dict[str, str] | None = {
                    "body": f"Fictional bench note {index}-{rng.randrange(10**6)}.",
                    "csrfmiddlewaretoken": user.csrf,
                }
            elif roll < 0.6:
                kind, path, data = "case page (view)", f"/cases/{reference}/", None
            else:
                kind, path, data = "document page (view)", f"/documents/{document}/view/?page=1", None
            start = time.perf_counter()
            status, _ = user.request(path, data)
            elapsed = time.perf_counter() - start
            if keep_going.is_set():
                samples.add(kind, elapsed, status < 400)
                if kind.startswith("note") and status < 400:
                    notes[0] += 1
            time.sleep(rng.expovariate(1 / think) if think else 0)

    threads = [threading.Thread(target=one_user, args=(i, s), daemon=True) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def wait_for(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=5).read()
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit("the web server did not start")


def queue_left(env: dict[str, str]) -> int:
    out = subprocess.run([PYTHON, "-c", QUEUE_LEFT], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def one_mode(locking: str, args: argparse.Namespace, pdfs: dict[str, Path]) -> dict[str, Samples]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-load-{locking}-"))
    env = environment(data_dir, locking)
    setup = subprocess.run(
        [PYTHON, "-c", SETUP, str(args.users), str(pdfs["small"])], env=env, capture_output=True, text=True
    )
    if setup.returncode:
        raise SystemExit(setup.stderr[-3000:])
    state = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "innocence.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--no-control-socket",
            "--log-level",
            "error",
        ],
        env=env,
        cwd=str(ROOT),
        start_new_session=True,
        stderr=(data_dir / "web.log").open("w"),
    )
    results: dict[str, Samples] = {}
    worker = None
    try:
        wait_for(base)
        always = threading.Event()
        always.set()
        results["idle"] = run_load(
            base,
            state["sessions"],
            state["reference"],
            state["document"],
            args.seconds,
            args.think,
            always,
            1,
        )
        subprocess.run([PYTHON, "-c", ADD_BIG, state["reference"], str(pdfs["big"])], env=env, check=True)
        worker = subprocess.Popen(
            [PYTHON, "-m", "innocence.cli", "worker"], env=env, cwd=str(ROOT), start_new_session=True
        )
        time.sleep(2)  # the worker is reading the big file
        busy = threading.Event()
        busy.set()

        def watch() -> None:
            while busy.is_set():
                if queue_left(env) == 0:
                    busy.clear()
                    return
                time.sleep(1)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        start = time.monotonic()
        results["ingest"] = run_load(
            base, state["sessions"], state["reference"], state["document"], args.seconds, args.think, busy, 2
        )
        window = time.monotonic() - start
        still_busy = busy.is_set()
        busy.clear()
        print(
            f"  [{locking}] ingest phase: {window:.0f} s of load while the worker had jobs"
            + (" (the worker was still busy at the end)" if still_busy else " (the worker finished first)"),
            flush=True,
        )
        print(f"  [{locking}] jobs still queued when the ingest phase ended: {queue_left(env)}", flush=True)
        acknowledged = sum(
            len(v) for s in results.values() for k, v in s.by_kind.items() if k.startswith("note")
        )
        out = subprocess.run(
            [PYTHON, "-c", NOTES_STORED], env=env, capture_output=True, text=True, check=True
        )
        print(
            f"  [{locking}] notes acknowledged {acknowledged}, notes stored {out.stdout.strip()}", flush=True
        )
        log = (data_dir / "web.log").read_text(errors="replace")
        print(
            f"  [{locking}] server errors: {log.count('Internal Server Error')} "
            f"({log.count('database is locked')} lines say 'database is locked')",
            flush=True,
        )
    finally:
        for process in (worker, web):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
    return results


def report(locking: str, results: dict[str, Samples]) -> None:
    print(f"\nSQLite locking: {locking}")
    print(f"{'request':24} {'phase':7} {'n':>5} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    kinds = sorted({k for s in results.values() for k in s.by_kind})
    for kind in kinds:
        for phase in ("idle", "ingest"):
            values = results[phase].by_kind.get(kind, [])
            errors = results[phase].errors.get(kind, 0)
            print(
                f"{kind:24} {phase:7} {len(values):5d} {errors:4d} {quantile(values, 0.5) * 1e3:8.0f} "
                f"{quantile(values, 0.95) * 1e3:8.0f} {quantile(values, 0.99) * 1e3:8.0f}"
            )
        idle, busy = results["idle"].by_kind.get(kind, []), results["ingest"].by_kind.get(kind, [])
        if idle and busy:
            print(
                f"{'':24} {'ratio':7} {'':5} {'':4} {quantile(busy, 0.5) / quantile(idle, 0.5):7.1f}x "
                f"{quantile(busy, 0.95) / quantile(idle, 0.95):7.1f}x {quantile(busy, 0.99) / quantile(idle, 0.99):7.1f}x"
            )
    views_idle = [v for k, s in results["idle"].by_kind.items() if "view" in k for v in s]
    views_busy = [v for k, s in results["ingest"].by_kind.items() if "view" in k for v in s]
    if views_idle and views_busy:
        print(
            f"all page views: p95 idle {quantile(views_idle, 0.95) * 1e3:.0f} ms, ingesting "
            f"{quantile(views_busy, 0.95) * 1e3:.0f} ms, ratio {quantile(views_busy, 0.95) / quantile(views_idle, 0.95):.1f}x "
            "(target: < 300 ms idle, < 3x while ingesting)"
        )
    print(
        f"median of all requests idle: {statistics.median([v for s in results['idle'].by_kind.values() for v in s]) * 1e3:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=40, help="length of each phase")
    parser.add_argument(
        "--think", type=float, default=0.5, help="mean think time between a user's requests (s)"
    )
    parser.add_argument("--pages", type=int, default=2100, help="pages of the big file the worker ingests")
    parser.add_argument("--locking", choices=["current", "legacy", "both"], default="both")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-load-files-"))
    pdfs = {"small": folder / "small.pdf", "big": folder / "big.pdf"}
    make_pdf(pdfs["small"], 3, 1)
    make_pdf(pdfs["big"], args.pages, 2)
    print(
        f"{args.users} signed-in users, think time {args.think} s, {args.seconds:.0f} s per phase; "
        f"worker ingests a {args.pages:,}-page fictional PDF in the second phase"
    )
    modes = ["legacy", "current"] if args.locking == "both" else [args.locking]
    for locking in modes:
        results = one_mode(locking, args, pdfs)
        report(locking, results)


if __name__ == "__main__":
    main()
