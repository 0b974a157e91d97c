"""OCR plumbing and output size: a generated scanned PDF (1-bit, 200 dpi, like a faxed
transcript) through ``innocence ingest --wait`` (every page-text consumer), against the OCR
engine alone on the same pages and against plain ``ocrmypdf --jobs 1``, in the same run.

    .venv/bin/python bench/bench_ocr_output.py [--pages 8]

- engine alone: each page rendered once (outside the timing) and given to ``tesseract``
  exactly as the pipeline does (same image, dpi, outputs: txt, tsv, text-only pdf), one
  process per page; CPU from wait4 on each process;
- ours: one ``innocence ingest --wait`` process (render, OCR, storage, page rows, searchable
  PDF, search index, people and lens consumers); CPU includes its Tesseract children; its
  start-up CPU (the same command doing nothing) is printed and subtracted;
- ocrmypdf: ``ocrmypdf --jobs 1 --output-type pdf`` on the file (no optimisation step).

Targets (issue 14): plumbing adds at most 10% to the engine's own CPU; the stored
searchable PDF at most 1.5x the original. The pages are clean, so the hybrid engine keeps
Tesseract's reading (the output says which engine read each page). Fictional text only.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import CHECK, PYTHON, SETUP, Usage, env_for, run  # noqa: E402

WORDS = ["the", "witness", "said", "that", "he", "was", "at", "the", "store", "when", "detective", "vorlandsen", "arrived", "and", "showed", "her", "a", "photo", "array", "of", "six", "men", "objection", "sustained", "overruled", "lineup", "clerk", "counter", "robbery", "jacket", "report"]


def make_scan(path: Path, pages: int) -> None:
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(3)
    frames = []
    font = ImageFont.truetype("DejaVuSans.ttf", 30)
    for number in range(pages):
        image = Image.new("L", (1700, 2200), 255)
        draw = ImageDraw.Draw(image)
        draw.text((150, 120), f"FICTIONAL TRANSCRIPT page {number + 1}", fill=0, font=font)
        for line in range(40):
            draw.text((150, 190 + line * 48), " ".join(rng.choice(WORDS) for _ in range(9)), fill=0, font=font)
        frames.append(image.convert("1"))
    frames[0].save(path, "PDF", resolution=200, save_all=True, append_images=frames[1:])


ENGINE_IMAGES = r"""
import os, sys
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
import django
django.setup()
from innocence.documents.ingestors import ocr
src, out, pages = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
for n in range(1, pages + 1):
    image = ocr.page_image(src, "pdf", n)
    dpi = ocr.image_dpi(image)
    ocr._save_png(image, out / f"p{n:04d}.png", dpi)
    print(round(dpi))
"""

ENGINES_USED = r"""
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
import django
django.setup()
from innocence.documents import storage
from innocence.documents.models import Document
from innocence.documents.page_words import words_name
d = Document.objects.get()
engines = []
for number in range(1, d.page_count + 1):
    path = storage.derived_path(d.stored_file.sha256, words_name(number))
    with storage.open_file(path) as fh:
        engines.append(json.loads(fh.read()).get("engine", "?"))
with storage.open_file(d.searchable_pdf_path) as fh:
    searchable = len(fh.read())
print(json.dumps({"engines": engines, "searchable": searchable, "original": d.stored_file.size}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=8)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="innocence-bench-ocrout-"))
    scan = work / "scan.pdf"
    make_scan(scan, args.pages)
    data_dir = work / "data"
    env = env_for(data_dir)
    env["OMP_THREAD_LIMIT"] = "1"

    # The engine alone, on the very images the pipeline makes.
    images = work / "images"
    images.mkdir()
    run([PYTHON, "-c", ENGINE_IMAGES, str(scan), str(images), str(args.pages)], env=env, cwd=ROOT)
    dpis = [int(x) for x in run.last_output.split()]  # type: ignore[attr-defined]
    engine = Usage(0.0, 0.0, 0.0)
    for png, dpi in zip(sorted(images.glob("*.png")), dpis, strict=True):
        usage = run(
            ["tesseract", str(png), str(png.with_suffix("")), "-l", "eng", "--dpi", str(dpi),
             "-c", "textonly_pdf=1", "txt", "tsv", "pdf"],
            env=env,
        )
        engine.cpu += usage.cpu
        engine.wall += usage.wall

    # Ours, end to end.
    run([PYTHON, "-c", SETUP], env=env, cwd=ROOT)
    reference = run.last_output.strip().splitlines()[-1]  # type: ignore[attr-defined]
    cli = [PYTHON, "-m", "innocence.cli"]
    idle = run([*cli, "documents", "--case", reference, "--as", "bench"], env=env, cwd=ROOT)
    ours = run([*cli, "ingest", str(scan), "--case", reference, "--as", "bench", "--wait"], env=env, cwd=ROOT)
    run([PYTHON, "-c", CHECK], env=env, cwd=ROOT)
    check = json.loads(run.last_output.strip().splitlines()[-1])  # type: ignore[attr-defined]
    run([PYTHON, "-c", ENGINES_USED], env=env, cwd=ROOT)
    used = json.loads(run.last_output.strip().splitlines()[-1])  # type: ignore[attr-defined]
    stored_mb = sum(p.stat().st_size for p in (data_dir).rglob("*") if p.is_file() and "derived" in p.parts) / 1e6

    # Plain OCRmyPDF.
    ocrmypdf_out = work / "ocrmypdf.pdf"
    plain = run(["ocrmypdf", "--jobs", "1", "--output-type", "pdf", "--optimize", "0", "-q", str(scan),
                 str(ocrmypdf_out)], env=env)

    net = ours.cpu - idle.cpu
    original = scan.stat().st_size
    print(f"{args.pages} generated 1-bit 200-dpi pages, {original / 1e3:.0f} kB; engines that read them: "
          f"{', '.join(sorted(set(used['engines'])))}; consumers: {', '.join(check['consumers'])}")
    print(f"tesseract alone (same images)  : {engine.cpu:7.2f} CPU-s  ({engine.cpu / args.pages:.2f} per page)")
    print(f"innocence ingest --wait        : {ours.cpu:7.2f} CPU-s, {net:.2f} net of start-up ({idle.cpu:.2f}); "
          f"peak {ours.peak_mb:.0f} MB")
    print(f"ocrmypdf --jobs 1              : {plain.cpu:7.2f} CPU-s")
    overhead = net / engine.cpu - 1
    print(f"plumbing over the engine       : {overhead * 100:+.1f}% (target <= +10%: {'OK' if overhead <= 0.10 else 'MISSED'}); "
          f"ours / ocrmypdf CPU {net / plain.cpu:.2f}x net, {ours.cpu / plain.cpu:.2f}x gross "
          "(ocrmypdf's own start-up is in its figure)")
    ratio = used["searchable"] / original
    print(f"searchable PDF                 : {used['searchable'] / 1e3:.0f} kB = {ratio:.2f}x the original "
          f"(target <= 1.5x: {'OK' if ratio <= 1.5 else 'MISSED'}); ocrmypdf's {ocrmypdf_out.stat().st_size / 1e3:.0f} kB "
          f"= {ocrmypdf_out.stat().st_size / original:.2f}x; all derived files stored {stored_mb:.2f} MB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
