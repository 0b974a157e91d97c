"""Peak memory (RSS) while ingesting one generated 10,000-page text-layer PDF through the
real pipeline (store, extract, write pages, then every page-text consumer the apps declare:
search index, people, lens proposers — the default, as for users), in a fresh process;
compared with the same process's RSS right after start-up (Django loaded, nothing ingested).

    .venv/bin/python bench/bench_memory.py [--pages 10000]

Targets: peak under 400 MB for 10,000 pages (issue 14; issue 3 asked < 500 MB at 2,000).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GENERATE = r"""
import random, sys
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
words = "the witness said that he was at the store when detective vorlandsen arrived q a lineup".split()
rng = random.Random(7)
pdf = canvas.Canvas(sys.argv[1], pagesize=letter)
pdf.setFont("Courier", 10)
for n in range(1, int(sys.argv[2]) + 1):
    y = 740
    pdf.drawString(72, y, f"FICTIONAL TRANSCRIPT page {n}")
    y -= 17
    pdf.drawString(72, y, f"Detective Avery Quillfeather spoke with Ms. Dellamae Orrin{n % 7} on March {n % 28 + 1}, 1989.")
    for _ in range(40):
        y -= 17
        pdf.drawString(72, y, " ".join(rng.choice(words) for _ in range(12)))
    pdf.showPage()
pdf.save()
"""

INGEST = r"""
import json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0)
from innocence.cases import services as case_services
from innocence.core.models import Membership, Organization
from innocence.documents import services
from innocence.documents.models import Document
from innocence.jobs.queue import run_until_empty

def rss_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

org = Organization.objects.create(slug="mem", name="Memory bench (fictional)", case_prefix="MB")
user = get_user_model().objects.create_user(username="mem", password="mem-password-1")
Membership.objects.create(user=user, organization=org, role="admin")
case = case_services.case_create(actor=user, organization=org, title="State v. Memory (fictional)")
baseline = rss_mb()
started = time.perf_counter()
with open(sys.argv[1], "rb") as stream:
    result = services.add_file(actor=user, organization=org, case=case, name="big.pdf", stream=stream)
run_until_empty()
seconds = time.perf_counter() - started
document = Document.objects.get(pk=result.document.pk)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from innocence.documents.pipeline.events import enabled_consumers
from innocence.people.models import Mention
print(json.dumps({"consumers": [c.name for c in enabled_consumers()], "mentions": Mention.objects.count(),
                  "baseline_mb": baseline, "peak_mb": peak, "status": document.status,
                  "pages": document.page_count, "seconds": seconds, "error": document.error}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="innocence-bench-mem-"))
    pdf = work / "big.pdf"
    subprocess.run([sys.executable, "-c", GENERATE, str(pdf), str(args.pages)], check=True)
    print(f"generated {args.pages}-page PDF: {pdf.stat().st_size / 1e6:.1f} MB")
    env = dict(os.environ, INNOCENCE_DATA_DIR=str(work / "data"), PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    env.pop("INNOCENCE_PAGE_TEXT_CONSUMERS", None)
    out = subprocess.run(
        [sys.executable, "-c", INGEST, str(pdf)], env=env, check=True, capture_output=True, cwd=ROOT
    )
    result = json.loads(out.stdout.decode().strip().splitlines()[-1])
    print(
        f"ingested: status {result['status']}, {result['pages']} pages in {result['seconds']:.1f} s "
        f"({result['pages'] / result['seconds']:.0f} pages/s wall)"
    )
    print(f"page-text consumers run       : {', '.join(result['consumers'])} ({result['mentions']} mentions)")
    print(f"RSS after start-up (baseline) : {result['baseline_mb']:7.1f} MB")
    print(f"peak RSS while ingesting      : {result['peak_mb']:7.1f} MB")
    print(
        f"ratio                         : {result['peak_mb'] / result['baseline_mb']:.2f}x the idle process"
    )
    target = 400 if args.pages >= 10000 else 500
    print(f"target                        : < {target} MB {'OK' if result['peak_mb'] < target else 'MISSED'}")


if __name__ == "__main__":
    main()
