"""End-to-end ingest through the real entry point, ``innocence ingest DIR --case REF --as
USER --wait``, with the default page-text consumers (every consumer the installed apps
declare: search, people, lens proposers), on a generated text-layer corpus; beside it, in
the same run and on the same files, ``pdftotext`` (poppler) and PyMuPDF text extraction.

    .venv/bin/pip install -r bench/requirements.txt      # PyMuPDF, pyinstrument (bench only)
    .venv/bin/python bench/bench_ingest.py                # the issue-14 table
    .venv/bin/python bench/bench_ingest.py --quick        # 100 / 1,000 pages only
    .venv/bin/python bench/bench_ingest.py --shapes 1x1000,10x100 --profile out.html

Each shape (FILES x PAGES per file) is one fresh data directory and one fresh ``innocence
ingest`` process; its CPU (user + system) and peak RSS come from ``wait4`` on that process,
so they hold on a busy machine. The process's start-up (Python, Django, the apps) is part
of what a user pays and is counted; the table also prints the CPU of the same command
doing nothing (``innocence documents --case REF``) so the per-page figure can be read net
of it. The baselines run one process per file, as a user would run them.

Targets (issue 14): pages per CPU-second constant within 1.5x across shapes, >= 150 pages
per CPU-second, within 5x of pdftotext's CPU. Everything is generated (reportlab, invented
words): fictional text, no real names.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable

WORDS = ["the", "witness", "said", "that", "he", "was", "at", "the", "store", "when", "detective", "vorlandsen", "arrived", "and", "showed", "her", "a", "photo", "array", "of", "six", "men", "q", "a", "objection", "sustained", "overruled", "lineup", "clerk", "counter", "robbery", "jacket", "pistol", "revolver", "report", "supplemental", "narrative", "laboratory", "sample", "item", "officer", "mr", "ms", "dr", "honor", "court"]
NAMES = ["Avery Quillfeather", "Brennan Toskvik", "Corliss Imbrey", "Dellamae Orrin", "Evander Pruitlow"]


def make_pdf(path: Path, pages: int, seed: int) -> None:
    """A transcript-like text-layer PDF: 42 lines of 12 invented words a page, a few
    fictional names so that people extraction has something to find."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setTitle(f"Fictional transcript {seed}")
    for number in range(1, pages + 1):
        pdf.setFont("Courier", 10)
        y = 740
        pdf.drawString(72, y, f"FICTIONAL TRANSCRIPT - page {number}")
        for line in range(42):
            y -= 16
            words = [rng.choice(WORDS) for _ in range(12)]
            if line % 14 == 3:
                words[2:4] = ["Detective", rng.choice(NAMES)]
            pdf.drawString(72, y, " ".join(words))
        pdf.showPage()
    pdf.save()


@dataclass
class Usage:
    cpu: float
    wall: float
    peak_mb: float


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Usage:
    import time

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read both pipes to their end before waiting, at the same time: a child that fills one
    # while this reads the other would block for ever (RQ's workers log to stderr).
    import threading

    assert proc.stdout is not None and proc.stderr is not None
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    out = proc.stdout.read()
    reader.join()
    err = errors[0] if errors else b""
    _, status, rusage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(err.decode(errors="replace")[-3000:])
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode})")
    run.last_output = out.decode(errors="replace")  # type: ignore[attr-defined]
    return Usage(rusage.ru_utime + rusage.ru_stime, time.perf_counter() - started, rusage.ru_maxrss / 1024)


SETUP = r"""
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0)
from innocence.cases import services as case_services
from innocence.core.models import Membership, Organization
org = Organization.objects.create(slug="bench", name="Bench (fictional)", case_prefix="BN")
user = get_user_model().objects.create_user(username="bench", password="bench-password-1")
Membership.objects.create(user=user, organization=org, role="admin")
case = case_services.case_create(actor=user, organization=org, title="State v. Bench (fictional)")
print(case.reference)
"""

CHECK = r"""
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
import django
django.setup()
from django.utils import timezone
from innocence.documents.models import Document, Page
from innocence.documents.pipeline.events import enabled_consumers
from innocence.jobs.models import Job
from innocence.people.models import Mention
print(json.dumps({
    "pages": Page.objects.count(),
    "not_done": Document.objects.exclude(status="done").count(),
    "consumer_errors": [e for e in Document.objects.exclude(consumer_errors={}).values_list("consumer_errors", flat=True)][:3],
    "consumers": [c.name for c in enabled_consumers()],
    "jobs_left": Job.objects.filter(status__in=["queued", "running"], run_after__lte=timezone.now()).count(),
    "scheduled_later": sorted(Job.objects.filter(status="queued", run_after__gt=timezone.now()).values_list("name", flat=True)),
    "mentions": Mention.objects.count(),
}))
"""

PYMUPDF = r"""
import sys
import pymupdf
for name in sys.argv[1:]:
    with pymupdf.open(name) as doc:
        for page in doc:
            page.get_text()
"""


try:
    import importlib.util

    HAVE_PYMUPDF = importlib.util.find_spec("pymupdf") is not None
except ImportError:
    HAVE_PYMUPDF = False


#: Compiled modules for the measured processes, kept outside the checkout: an installed copy
#: has its bytecode, so a run must not pay for compiling ours (PYTHONDONTWRITEBYTECODE, set in
#: some shells and CI, made every `innocence` command compile ~400 modules: 0.3 CPU-s).
PYCACHE = Path(tempfile.gettempdir()) / "innocence-bench-pycache"


def env_for(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, INNOCENCE_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(PYCACHE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("DATABASE_URL", None)
    env.pop("INNOCENCE_PAGE_TEXT_CONSUMERS", None)
    env.setdefault("INNOCENCE_QUEUE", "db")
    return env


def one_shape(files: int, pages: int, corpus: Path, profile: str | None) -> dict[str, float | str]:
    import json

    folder = corpus / f"{files}x{pages}"
    if not folder.exists():
        folder.mkdir(parents=True)
        for index in range(files):
            make_pdf(folder / f"t{index:04d}.pdf", pages, seed=index)
    pdfs = sorted(str(p) for p in folder.glob("*.pdf"))
    total = files * pages
    data_dir = Path(tempfile.mkdtemp(prefix="innocence-bench-ingest-"))
    env = env_for(data_dir)
    run([PYTHON, "-c", SETUP], env=env, cwd=ROOT)
    reference = run.last_output.strip().splitlines()[-1]  # type: ignore[attr-defined]
    cli = [PYTHON, "-m", "innocence.cli"]  # what the `innocence` entry point runs, from this checkout
    idle = run([*cli, "documents", "--case", reference, "--as", "bench"], env=env, cwd=ROOT)
    command = [*cli, "ingest", str(folder), "--case", reference, "--as", "bench", "--wait"]
    if profile:
        renderer = "text" if profile.endswith(".txt") else "html"  # text reads in a terminal
        command = [PYTHON, "-m", "pyinstrument", "-r", renderer, "-o", f"{profile}.{files}x{pages}.{renderer}",
                   "-m", "innocence.cli", *command[len(cli):]]
    ours = run(command, env=env, cwd=ROOT)
    run([PYTHON, "-c", CHECK], env=env, cwd=ROOT)
    check = json.loads(run.last_output.strip().splitlines()[-1])  # type: ignore[attr-defined]
    if check["pages"] != total or check["not_done"] or check["jobs_left"]:
        raise SystemExit(f"{files}x{pages}: not everything was processed: {check}")
    pdftotext = Usage(0.0, 0.0, 0.0)
    for pdf in pdfs:
        usage = run(["pdftotext", "-q", pdf, "/dev/null"])
        pdftotext.cpu += usage.cpu
        pdftotext.wall += usage.wall
        pdftotext.peak_mb = max(pdftotext.peak_mb, usage.peak_mb)
    if HAVE_PYMUPDF:
        mupdf = run([PYTHON, "-c", PYMUPDF, *pdfs])
        mupdf_idle = run([PYTHON, "-c", "import pymupdf"])
    else:
        mupdf = mupdf_idle = Usage(float("nan"), 0.0, 0.0)
    db_mb = (data_dir / "innocence.sqlite3").stat().st_size / 1e6 if (data_dir / "innocence.sqlite3").exists() else 0.0
    shutil.rmtree(data_dir, ignore_errors=True)
    return {
        "shape": f"{files} x {pages:,}",
        "pages": total,
        "cpu": ours.cpu,
        "wall": ours.wall,
        "idle_cpu": idle.cpu,
        "peak_mb": ours.peak_mb,
        "pdftotext_cpu": pdftotext.cpu,
        "mupdf_cpu": mupdf.cpu,
        "mupdf_idle_cpu": mupdf_idle.cpu,
        "db_mb": db_mb,
        "mentions": check["mentions"],
        "later": ",".join(check["scheduled_later"]) or "none",
        "consumers": ",".join(check["consumers"]),
        "errors": json.dumps(check["consumer_errors"]) if check["consumer_errors"] else "none",
    }


def _median_row(runs: list[dict[str, float | str]]) -> dict[str, float | str]:
    """One row of several runs of a shape: the median of each figure (the ratios are then of
    medians); text columns from the first run."""
    import statistics

    row = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, float | int) and key != "pages":
            middle = statistics.median(float(r[key]) for r in runs)
            row[key] = round(middle) if isinstance(value, int) else middle
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shapes", default="1x100,1x1000,1x10000,10x100,100x10",
                        help="comma-separated FILESxPAGES (default: the issue's table)")
    parser.add_argument("--quick", action="store_true", help="1x100,1x1000,10x100 only")
    parser.add_argument("--corpus", default="", help="keep generated PDFs here between runs")
    parser.add_argument("--profile", default="", help="pyinstrument HTML per shape, with this prefix")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every shape this many times, in rounds (each round all shapes), and print the "
                             "median of each figure with the range of the ratios to pdftotext: on a noisy "
                             "machine one run's ratio can be 30%% off")
    args = parser.parse_args()
    shapes = "1x100,1x1000,10x100" if args.quick else args.shapes
    corpus = Path(args.corpus) if args.corpus else Path(tempfile.mkdtemp(prefix="innocence-bench-corpus-"))
    corpus.mkdir(parents=True, exist_ok=True)
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "innocence")], env=env_for(corpus), check=False)
    runs: dict[str, list[dict[str, float | str]]] = {}
    for _round in range(max(1, args.repeat)):
        for shape in shapes.split(","):
            files, pages = (int(x) for x in shape.lower().split("x"))
            row = one_shape(files, pages, corpus, args.profile or None)
            runs.setdefault(shape, []).append(row)
            print(f"  done {row['shape']} pages: {row['cpu']:.1f} CPU-s "
                  f"({float(row['cpu']) / float(row['pdftotext_cpu']):.1f}x pdftotext), peak {row['peak_mb']:.0f} MB",
                  file=sys.stderr, flush=True)
    rows = [_median_row(shape_runs) for shape_runs in runs.values()]
    if args.repeat > 1:
        print(f"median of {args.repeat} runs of each shape (rounds: every shape once per round); "
              "ratio to pdftotext per run: "
              + "; ".join(f"{r[0]['shape']} " + "/".join(f"{float(x['cpu']) / float(x['pdftotext_cpu']):.1f}" for x in r)
                          for r in runs.values()))
    print("innocence ingest DIR --wait, default page-text consumers: " + str(rows[0]["consumers"]))
    print("(CPU = user+system of the one ingest process, start-up included; 'net' subtracts the CPU of the same")
    print(" command doing nothing; baselines: pdftotext one process per file, PyMuPDF get_text() in one process)")
    header = (f"{'shape':>12} {'pages':>7} {'CPU-s':>7} {'wall-s':>7} {'pages/CPU-s':>11} {'net p/CPU-s':>11} "
              f"{'peak MB':>8} {'pdftotext':>9} {'x pdftotext':>11} {'PyMuPDF':>8} {'x PyMuPDF':>9} {'DB MB':>6}")
    print(header)
    rates = []
    for row in rows:
        pages = float(row["pages"])
        cpu, idle = float(row["cpu"]), float(row["idle_cpu"])
        rate = pages / cpu
        net = pages / max(cpu - idle, 1e-6)
        rates.append(net)
        print(
            f"{row['shape']:>12} {int(pages):>7,} {cpu:>7.2f} {float(row['wall']):>7.1f} {rate:>11.1f} {net:>11.1f} "
            f"{float(row['peak_mb']):>8.0f} {float(row['pdftotext_cpu']):>9.2f} {cpu / float(row['pdftotext_cpu']):>11.1f} "
            f"{float(row['mupdf_cpu']):>8.2f} {cpu / float(row['mupdf_cpu']):>9.1f} {float(row['db_mb']):>6.1f}"
        )
    if not HAVE_PYMUPDF:
        print("PyMuPDF is not installed (pip install -r bench/requirements.txt): its columns are left out (nan)")
    print(f"idle command CPU: {float(rows[0]['idle_cpu']):.2f} s; PyMuPDF import alone: {float(rows[0]['mupdf_idle_cpu']):.2f} s")
    print(f"consumer errors: {', '.join(str(r['errors']) for r in rows)}; mentions found: "
          + ", ".join(f"{r['shape']}={r['mentions']}" for r in rows))
    print("left for the background (scheduled later, not run, not counted): "
          + ", ".join(f"{r['shape']}={r['later']}" for r in rows))
    # Shapes of under 1,000 pages are start-up dominated (their net figure is noise).
    rates = [rate for rate, row in zip(rates, rows, strict=True) if int(row["pages"]) >= 1000] or rates
    spread = max(rates) / min(rates)
    best_gross = max(float(r["pages"]) / float(r["cpu"]) for r in rows if int(r["pages"]) >= 1000) if any(
        int(r["pages"]) >= 1000 for r in rows) else 0.0
    worst_ratio = max(float(r["cpu"]) / float(r["pdftotext_cpu"]) for r in rows if int(r["pages"]) >= 1000) if any(
        int(r["pages"]) >= 1000 for r in rows) else 0.0
    print(f"net pages/CPU-s spread across shapes of >= 1,000 pages: {spread:.2f}x (target <= 1.5x: {'OK' if spread <= 1.5 else 'MISSED'})")
    if best_gross:
        low = min(float(r["pages"]) / float(r["cpu"]) for r in rows if int(r["pages"]) >= 1000)
        print(f">= 1,000-page shapes: {low:.0f} pages/CPU-s at worst (target >= 150: {'OK' if low >= 150 else 'MISSED'}); "
              f"{worst_ratio:.1f}x pdftotext's CPU at worst (target <= 5x: {'OK' if worst_ratio <= 5 else 'MISSED'})")


if __name__ == "__main__":
    main()
