"""Text-layer PDFs, end to end through the real pipeline (sniff, extract with pypdfium2,
store pages, index them for search through the page-text consumers), against pdfminer.six
extraction alone on the same files, in the same run.

    .venv/bin/python bench/bench_pdf_text.py                 # 20 files x 50 pages
    .venv/bin/python bench/bench_pdf_text.py --files 40 --pages 50

Targets (issue 3): at least 200 pages/s on one core, and at least 10x pdfminer.six.
Everything is generated (reportlab, invented words); it writes to its own data directory.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "the",
    "witness",
    "said",
    "that",
    "he",
    "was",
    "at",
    "the",
    "store",
    "when",
    "detective",
    "vorlandsen",
    "arrived",
    "and",
    "showed",
    "her",
    "a",
    "photo",
    "array",
    "of",
    "six",
    "men",
    "q",
    "a",
    "objection",
    "sustained",
    "overruled",
    "lineup",
    "clerk",
    "counter",
    "robbery",
    "jacket",
    "pistol",
    "revolver",
    "report",
    "supplemental",
    "narrative",
    "laboratory",
    "sample",
    "item",
]


def make_pdf(pages: int, seed: int) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setFont("Courier", 10)
    for number in range(1, pages + 1):
        y = 740
        pdf.drawString(72, y, f"FICTIONAL TRANSCRIPT - page {number}")
        for _ in range(42):
            y -= 16
            pdf.drawString(72, y, " ".join(rng.choice(WORDS) for _ in range(12)))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--pages", type=int, default=50, help="pages per file")
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="leave people extraction out (by default every consumer runs, as for users)",
    )
    args = parser.parse_args()
    if args.search_only:
        os.environ["INNOCENCE_PAGE_TEXT_CONSUMERS"] = "search.index"

    data_dir = Path(tempfile.mkdtemp(prefix="innocence-bench-pdf-"))
    os.environ["INNOCENCE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from innocence.cases import services as case_services
    from innocence.core.models import Membership, Organization
    from innocence.documents import services
    from innocence.documents.models import Document, Page
    from innocence.jobs.queue import run_until_empty

    files = [make_pdf(args.pages, seed) for seed in range(args.files)]
    total_pages = args.files * args.pages
    print(f"{args.files} generated PDFs x {args.pages} pages = {total_pages} pages; data dir {data_dir}")

    # Baseline: pdfminer.six text extraction alone (no storage, no index).
    from pdfminer.high_level import extract_text

    started = time.perf_counter()
    cpu_started = time.process_time()
    for data in files:
        extract_text(io.BytesIO(data))
    pdfminer_seconds = time.perf_counter() - started
    pdfminer_cpu = time.process_time() - cpu_started
    pdfminer_rate = total_pages / pdfminer_seconds

    org = Organization.objects.create(slug="bench", name="Bench (fictional)", case_prefix="BN")
    user = get_user_model().objects.create_user(username="bench", password="bench-password-1")
    Membership.objects.create(user=user, organization=org, role="admin")
    case = case_services.case_create(actor=user, organization=org, title="State v. Bench (fictional)")

    started = time.perf_counter()
    cpu_started = time.process_time()
    for index, data in enumerate(files):
        services.add_file(
            actor=user, organization=org, case=case, name=f"t{index}.pdf", stream=io.BytesIO(data)
        )
    run_until_empty()
    ours_seconds = time.perf_counter() - started
    ours_cpu = time.process_time() - cpu_started
    pages = Page.objects.filter(document__case=case).count()
    assert pages == total_pages, (pages, total_pages)
    assert not Document.objects.exclude(status="done").exists()
    consumers = Document.objects.exclude(consumer_errors={}).values_list("consumer_errors", flat=True).first()
    ours_rate = total_pages / ours_seconds

    print(
        f"pdfminer.six extraction only : {pdfminer_seconds:7.2f} s wall {pdfminer_rate:8.1f} pages/s; "
        f"{pdfminer_cpu:6.2f} s CPU {total_pages / pdfminer_cpu:8.1f} pages/CPU-s"
    )
    print(
        f"innocence end to end         : {ours_seconds:7.2f} s wall {ours_rate:8.1f} pages/s; "
        f"{ours_cpu:6.2f} s CPU {total_pages / ours_cpu:8.1f} pages/CPU-s "
        "(one process: store + sniff + extract + write pages + index)"
    )
    from django.conf import settings

    print(
        f"page-text consumers          : {settings.INNOCENCE_PAGE_TEXT_CONSUMERS or 'all (the default)'} "
        f"errors={consumers or 'none'}"
        + (" -- LEAVES OUT people extraction" if args.search_only else "")
    )
    print(
        f"ratio                        : {ours_rate / pdfminer_rate:.1f}x pdfminer.six (wall), "
        f"{(total_pages / ours_cpu) / (total_pages / pdfminer_cpu):.1f}x (CPU)"
    )
    print(
        f"targets                      : >=200 pages/s {'OK' if ours_rate >= 200 else 'MISSED'}; "
        f">=10x {'OK' if ours_rate >= 10 * pdfminer_rate else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
