"""What the hybrid OCR set-up costs against plain Tesseract and plain OCRmyPDF, on the same
pages in the same run (issue 12).

    .venv/bin/python bench/bench_ocr_engines.py [--pages 3] [--real ../shared/data/real]

Page sets (each one multi-page image-only PDF, and the same pages as PNG files at the same
resolution):
- ``clean``: generated, crisp 300-dpi typewritten-style pages (invented text);
- ``old``:   generated "old scans" of the same kind of text: 200 dpi, blurred, speckled,
             slightly rotated, grey background — Tesseract's mean word confidence falls below
             the hybrid threshold, so the hybrid set-up also runs RapidOCR on them;
- ``real``:  with ``--real`` and when it is there, the 5-page 1988 police report scan of the
             shared material (timings and confidences only; no text is printed).

Arms, one after the other on the same files:
- ``tesseract``: plain ``tesseract page.png out -l eng`` per page (text only), OMP_THREAD_LIMIT=1;
- ``ocrmypdf``:  plain ``ocrmypdf --jobs 1 --output-type pdf set.pdf out.pdf`` once per set
                 (a searchable PDF; its Python start-up is paid once per set, not per page);
- ``ours-tess``: the pipeline's OCR step with INNOCENCE_OCR_ENGINE=tesseract: page image at
                 native resolution (pdfium), Tesseract with text + TSV word boxes + page PDF;
- ``hybrid``:    the same with the shipped default (``hybrid``, threshold from the settings):
                 Tesseract, then RapidOCR on a page Tesseract reads below the threshold, its
                 page PDF drawn from RapidOCR's word boxes.
The two ``ours`` arms run in a worker process each (as a queue worker would): per-page CPU and
wall are measured inside it after start-up; its start-up (Django, loading RapidOCR's models)
and its peak resident memory are printed apart.

CPU seconds count the process and its children (Tesseract, Ghostscript), so ratios hold on a
busy machine; wall time is printed too but depends on what else runs. Ratios: each arm's CPU
per page over plain Tesseract's and over OCRmyPDF's, per set.

Left out: storing pages and word boxes, the database, search indexing and the page-text
consumers, assembling the document's searchable PDF (bench/bench_ocr.py measures the whole
pipeline against plain Tesseract); OCRmyPDF's PDF/A conversion (``--output-type pdf`` turns it
off, we produce no PDF/A either) and its ``--clean/--deskew`` options; quality — this script
says which engine read each page and its confidence, accuracy is eval/eval_ocr.py's and
eval/eval_ocr_search.py's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_REAL = ROOT.parent / "shared" / "data" / "real"
POLICE_REPORT = "case-files/scanned_pdf/Police Report.pdf"

WORDS = [
    "the",
    "officer",
    "arrived",
    "at",
    "the",
    "store",
    "at",
    "approx",
    "hours",
    "and",
    "found",
    "the",
    "clerk",
    "behind",
    "the",
    "counter",
    "witness",
    "stated",
    "that",
    "two",
    "subjects",
    "left",
    "by",
    "the",
    "south",
    "door",
    "one",
    "wearing",
    "a",
    "gray",
    "shirt",
    "and",
    "a",
    "baseball",
    "cap",
    "detective",
    "showed",
    "her",
    "six",
    "photographs",
    "in",
    "a",
    "line-up",
    "and",
    "she",
    "picked",
    "number",
    "four",
    "complaint",
    "report",
    "continued",
    "investigation",
    "evidence",
    "recovered",
    "spent",
    "projectile",
    "fictional",
]


def cpu_now() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _font(size: int) -> Any:
    from PIL import ImageFont

    for name in ("LiberationMono-Regular.ttf", "DejaVuSansMono.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def make_page(seed: int, *, old: bool) -> Any:
    """A fictional typewritten page; ``old`` makes it look like a 1980s photocopy or fax."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    dpi = 200 if old else 300
    width, height = int(8.5 * dpi), int(11 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = _font(int(dpi * 0.14))
    y = dpi
    draw.text((dpi, y), f"FICTIONAL REPORT OF INVESTIGATION  page {seed + 1}", fill=0, font=font)
    step = int(dpi * 0.25)
    while y < height - 1.5 * dpi:
        y += step
        draw.text((dpi, y), " ".join(rng.choice(WORDS) for _ in range(10)), fill=0, font=font)
    if old:
        image = image.rotate(rng.uniform(-1.2, 1.2), fillcolor=255, resample=Image.Resampling.BICUBIC)
        image = image.filter(ImageFilter.GaussianBlur(1.1))
        pixels = image.load()
        assert pixels is not None
        for _ in range(width * height // 60):  # speckle
            x, yy = rng.randrange(width), rng.randrange(height)
            pixels[x, yy] = 0 if rng.random() < 0.5 else 255
        image = image.point(lambda v: 60 + v * 0.7)  # grey paper, faded toner
    image.info["dpi"] = (dpi, dpi)
    return image


def write_set(images: list[Any], folder: Path) -> tuple[Path, list[Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    pngs = []
    for number, image in enumerate(images, 1):
        path = folder / f"page-{number}.png"
        dpi = image.info.get("dpi", (300, 300))
        image.save(path, dpi=dpi)
        pngs.append(path)
    pdf = folder / "set.pdf"
    rgb = [i.convert("RGB") for i in images]
    rgb[0].save(
        pdf, save_all=True, append_images=rgb[1:], resolution=float(images[0].info.get("dpi", (300,))[0])
    )
    return pdf, pngs


def real_set(real: Path, folder: Path) -> tuple[Path, list[Path]] | None:
    pdf = real / POLICE_REPORT
    if not pdf.exists():
        return None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    import django

    django.setup()
    import pypdfium2 as pdfium

    from innocence.documents.ingestors.ocr import page_image

    folder.mkdir(parents=True, exist_ok=True)
    count = len(pdfium.PdfDocument(str(pdf)))
    pngs = []
    for number in range(1, count + 1):
        image = page_image(pdf, "pdf", number)  # the page's own image at its native resolution
        path = folder / f"page-{number}.png"
        image.save(path, dpi=image.info.get("dpi", (300, 300)))
        pngs.append(path)
    return pdf, pngs


def run_tesseract(pngs: list[Path]) -> tuple[float, float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    wall, cpu = time.perf_counter(), cpu_now()
    for path in pngs:
        subprocess.run(
            ["tesseract", str(path), str(path.with_suffix("")), "-l", "eng"],
            check=True,
            capture_output=True,
            env=env,
        )
    return cpu_now() - cpu, time.perf_counter() - wall


def run_ocrmypdf(pdf: Path) -> tuple[float, float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = pdf.with_name("ocrmypdf-out.pdf")
    wall, cpu = time.perf_counter(), cpu_now()
    subprocess.run(
        ["ocrmypdf", "--jobs", "1", "--output-type", "pdf", "-l", "eng", str(pdf), str(out)],
        check=True,
        capture_output=True,
        env=env,
    )
    return cpu_now() - cpu, time.perf_counter() - wall


def run_ours(engine: str, pdf: Path, pages: int) -> dict[str, Any]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "INNOCENCE_OCR_ENGINE": engine}
    started, cpu = time.perf_counter(), cpu_now()
    completed = subprocess.run(
        [sys.executable, __file__, "--worker", str(pdf), "--worker-pages", str(pages)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    report: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    report["process_cpu"] = cpu_now() - cpu
    report["process_wall"] = time.perf_counter() - started
    return report


def worker(pdf: Path, pages: int) -> None:
    """One queue worker's OCR step over the pages of ``pdf``; prints one line of JSON."""
    cpu0, wall0 = cpu_now(), time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    import django

    django.setup()
    from innocence.documents.ingestors.ocr import ocr_image, ocr_settings, page_image, rapid_available

    engine, threshold = ocr_settings()
    if engine == "hybrid" and rapid_available():
        from innocence.documents.ingestors.ocr import rapid_engine

        rapid_engine()  # model loading is start-up, as in a long-running worker
    startup_cpu, startup_wall = cpu_now() - cpu0, time.perf_counter() - wall0
    rows = []
    for number in range(1, pages + 1):
        cpu, wall = cpu_now(), time.perf_counter()
        image = page_image(pdf, "pdf", number)
        result = ocr_image(image)
        assert result.pdf.startswith(b"%PDF")
        first = result.readings.get("tesseract", (None, []))[0]
        rows.append(
            {
                "cpu": cpu_now() - cpu,
                "wall": time.perf_counter() - wall,
                "engine": result.engine,
                "tesseract_confidence": first,
            }
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB (Linux: KiB)
    print(
        json.dumps(
            {
                "engine": engine,
                "threshold": threshold,
                "startup_cpu": startup_cpu,
                "startup_wall": startup_wall,
                "pages": rows,
                "peak_mib": peak,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=3, help="generated pages per set")
    parser.add_argument("--real", type=Path, help="also time the real police report scan from here")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker-pages", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.worker_pages)
        return
    work = Path(tempfile.mkdtemp(prefix="innocence-bench-ocr-engines-"))
    os.environ["INNOCENCE_DATA_DIR"] = str(work / "data")
    os.environ.pop("DATABASE_URL", None)
    sets: dict[str, tuple[Path, list[Path]]] = {
        "clean": write_set([make_page(s, old=False) for s in range(args.pages)], work / "clean"),
        "old": write_set([make_page(100 + s, old=True) for s in range(args.pages)], work / "old"),
    }
    if args.real:
        found = real_set(args.real, work / "real")
        if found:
            sets["real"] = found
        else:
            print(f"(no {POLICE_REPORT} under {args.real}: the real set is skipped)")
    print(
        f"CPU-s per page (wall s per page); {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start"
    )
    header = f"{'set':<6} {'pages':>5} | {'tesseract':>13} {'ocrmypdf':>13} {'ours-tess':>13} {'hybrid':>13} | hybrid/tess hybrid/ocrmypdf ours-tess/tess"
    lines, notes = [header, "-" * len(header)], []
    for name, (pdf, pngs) in sets.items():
        n = len(pngs)
        tess = run_tesseract(pngs)
        ocrmypdf = run_ocrmypdf(pdf)
        ours_tess = run_ours("tesseract", pdf, n)
        hybrid = run_ours("hybrid", pdf, n)
        per = {
            "tesseract": (tess[0] / n, tess[1] / n),
            "ocrmypdf": (ocrmypdf[0] / n, ocrmypdf[1] / n),
            "ours-tess": (
                sum(p["cpu"] for p in ours_tess["pages"]) / n,
                sum(p["wall"] for p in ours_tess["pages"]) / n,
            ),
            "hybrid": (
                sum(p["cpu"] for p in hybrid["pages"]) / n,
                sum(p["wall"] for p in hybrid["pages"]) / n,
            ),
        }
        cells = " ".join(f"{c:6.2f} ({w:5.2f})" for c, w in per.values())
        lines.append(
            f"{name:<6} {n:>5} | {cells} | {per['hybrid'][0] / per['tesseract'][0]:10.2f}x"
            f" {per['hybrid'][0] / per['ocrmypdf'][0]:14.2f}x {per['ours-tess'][0] / per['tesseract'][0]:13.2f}x"
        )
        routed = [p for p in hybrid["pages"] if p["engine"] == "rapidocr"]
        confidences = [
            p["tesseract_confidence"] for p in hybrid["pages"] if p["tesseract_confidence"] is not None
        ]
        notes.append(
            f"{name}: Tesseract mean word confidence {min(confidences, default=0):.0f}–{max(confidences, default=0):.0f}"
            f" (median {statistics.median(confidences) if confidences else 0:.0f}); hybrid (threshold"
            f" {hybrid['threshold']:g}) sent {len(routed)}/{n} pages to RapidOCR"
        )
        notes.append(
            f"{name}: worker start-up ours-tess {ours_tess['startup_cpu']:.1f} CPU-s, hybrid {hybrid['startup_cpu']:.1f} CPU-s"
            f" (models loaded); peak memory ours-tess {ours_tess['peak_mib']:.0f} MiB, hybrid {hybrid['peak_mib']:.0f} MiB"
        )
        print(f"  {name} done", file=sys.stderr)
    print("\n".join(lines))
    print()
    print("\n".join(notes))
    print(
        "\nLeft out: storage, database, indexing, consumers and the document's searchable-PDF assembly"
        " (bench/bench_ocr.py), OCRmyPDF's PDF/A output and cleaning options, and accuracy (eval/)."
    )


if __name__ == "__main__":
    main()
