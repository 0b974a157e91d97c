"""The OCR path against plain Tesseract on the same page images, in the same run; then
throughput with 1 and 2 worker processes.

    .venv/bin/python bench/bench_ocr.py [--pages 6]

- baseline: `tesseract page.png out` per page, one after the other (OMP_THREAD_LIMIT=1);
- ours: the same PNG files added as documents and processed by the pipeline (sniff, decode,
  Tesseract with text + confidences + a searchable page PDF, storage, pages written, search
  index, searchable PDF assembled), by one worker, then by two worker processes.

CPU time counts this process and its children (Tesseract), so the overhead figure holds on a
busy machine; wall time is shown too. Target (issue 3): overhead at most 25%.
Pages are generated (Pillow, invented text).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import random
import resource
import subprocess
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
    "objection",
    "sustained",
    "overruled",
    "lineup",
    "clerk",
    "counter",
    "robbery",
]


def make_page(seed: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    image = Image.new("L", (2550, 3300), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 42)
    except OSError:
        font = ImageFont.load_default(size=42)
    y = 200
    draw.text((200, y), f"FICTIONAL TRANSCRIPT page {seed + 1}", fill=0, font=font)
    for _ in range(30):
        y += 90
        draw.text((200, y), " ".join(rng.choice(WORDS) for _ in range(9)), fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(300, 300))
    return buffer.getvalue()


def cpu_now() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _drain_in_child() -> None:
    from django import db

    from innocence.jobs.queue import run_until_empty

    db.connections.close_all()
    run_until_empty()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=6)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="innocence-bench-ocr-"))
    os.environ["INNOCENCE_DATA_DIR"] = str(work / "data")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ["INNOCENCE_PAGE_TEXT_CONSUMERS"] = "search.index"
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django import db

    from innocence.cases import services as case_services
    from innocence.core.models import Membership, Organization
    from innocence.documents import services
    from innocence.documents.models import Document, Page
    from innocence.jobs.queue import run_until_empty

    images = [make_page(seed) for seed in range(args.pages)]
    paths = []
    for index, data in enumerate(images):
        path = work / f"page-{index}.png"
        path.write_bytes(data)
        paths.append(path)
    print(f"{args.pages} generated page images (2550x3300, 300 dpi)")

    # Baseline: plain Tesseract, one page after the other.
    wall, cpu = time.perf_counter(), cpu_now()
    for path in paths:
        subprocess.run(
            ["tesseract", str(path), str(path.with_suffix("")), "-l", "eng"], check=True, capture_output=True
        )
    base_wall, base_cpu = time.perf_counter() - wall, cpu_now() - cpu

    org = Organization.objects.create(slug="ocr", name="OCR bench (fictional)", case_prefix="OB")
    user = get_user_model().objects.create_user(username="ocr", password="ocr-password-1")
    Membership.objects.create(user=user, organization=org, role="admin")

    def add_all(title: str, salt: bytes) -> None:
        case = case_services.case_create(actor=user, organization=org, title=title)
        for index, data in enumerate(images):
            # A trailing chunk after IEND changes the hash, not the image: no dedupe between runs.
            services.add_file(
                actor=user, organization=org, case=case, name=f"p{index}.png", stream=io.BytesIO(data + salt)
            )

    add_all("State v. One (fictional)", b"")
    wall, cpu = time.perf_counter(), cpu_now()
    run_until_empty()
    one_wall, one_cpu = time.perf_counter() - wall, cpu_now() - cpu
    assert not Document.objects.exclude(status="done").exists()
    sample = Page.objects.filter(text_source="ocr").first()
    assert sample is not None and "FICTIONAL" in sample.text.upper()

    add_all("State v. Two (fictional)", b"\0")
    db.connections.close_all()
    context = multiprocessing.get_context("fork")
    wall = time.perf_counter()
    workers = [context.Process(target=_drain_in_child) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    two_wall = time.perf_counter() - wall
    assert not Document.objects.exclude(status="done").exists()

    n = args.pages
    print(
        f"plain tesseract, sequential : {base_wall:6.1f} s wall ({n / base_wall:.2f} pages/s), {base_cpu:6.1f} s CPU"
    )
    print(
        f"innocence, 1 worker         : {one_wall:6.1f} s wall ({n / one_wall:.2f} pages/s), {one_cpu:6.1f} s CPU"
    )
    print(f"innocence, 2 workers        : {two_wall:6.1f} s wall ({n / two_wall:.2f} pages/s)")
    overhead_cpu = one_cpu / base_cpu - 1
    overhead_wall = one_wall / base_wall - 1
    print(
        f"overhead vs plain tesseract : {overhead_cpu:+.0%} CPU, {overhead_wall:+.0%} wall (target <= +25%)"
    )
    print(
        f"2 workers vs 1              : {one_wall / two_wall:.2f}x throughput (wall; {os.cpu_count()} CPUs here)"
    )


if __name__ == "__main__":
    main()
