"""Character and word error rates of our OCR path on real scans (read from
../shared/data/real when present; nothing is copied into the repository).

    .venv/bin/python eval/eval_ocr.py [--real ../shared/data/real] [--with-testimony]

1. ocr-benchmark: each image is added as a document and OCR'd by the real pipeline; its page
   text is compared with the hand-corrected ground truth (hOCR, words joined line by line).
2. case-files/scanned_pdf/Police Report.pdf (image-only): OCR'd page by page by the pipeline
   and compared with the commercial OCR text in ocr_json/Police Report.json. That reference
   is itself OCR and lists text blocks in another order, so the figures measure agreement;
   the order-independent word overlap (bag-of-words F1) is the fairer number there.

CER = character edit distance / reference characters (whitespace collapsed);
WER = word edit distance / reference words; both lower-case. CER-ln matches each reference
line with its closest OCR line first (reading order differs on tables, columns and
line-numbered transcripts); BoW-F1 is the overlap of the two bags of words.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_REAL = ROOT.parent / "shared" / "data" / "real"


def normalize(text: str) -> str:
    return " ".join(text.lower().split())


def rates(hypothesis: str, reference: str) -> tuple[float, float, float]:
    from rapidfuzz.distance import Levenshtein

    hyp, ref = normalize(hypothesis), normalize(reference)
    cer = Levenshtein.distance(hyp, ref) / max(len(ref), 1)
    hyp_words, ref_words = hyp.split(), ref.split()
    wer = Levenshtein.distance(hyp_words, ref_words) / max(len(ref_words), 1)
    a, b = Counter(hyp_words), Counter(ref_words)
    common = sum((a & b).values())
    precision = common / max(sum(a.values()), 1)
    recall = common / max(sum(b.values()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return cer, wer, f1


def line_matched_cer(hypothesis: str, reference: str) -> float:
    """Order-independent CER: each reference line is compared with the closest OCR line
    (reading order differs on columns, tables and line-numbered transcripts)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    hyp_lines = [normalize(line) for line in hypothesis.splitlines() if line.strip()]
    ref_lines = [normalize(line) for line in reference.splitlines() if line.strip()]
    if not ref_lines:
        return 0.0
    errors = 0
    for line in ref_lines:
        best = process.extractOne(line, hyp_lines, scorer=Levenshtein.distance) if hyp_lines else None
        errors += int(best[1]) if best else len(line)
    return errors / max(sum(len(line) for line in ref_lines), 1)


def hocr_text(path: Path) -> str:
    markup = path.read_text(encoding="utf-8", errors="replace")
    lines = []
    for line in re.split(r"<span class=.ocr_line.", markup)[1:]:
        words = re.findall(r"<span class=.ocrx_word.[^>]*>(.*?)</span>", line, flags=re.S)
        words = [html.unescape(re.sub(r"<[^>]+>", "", w)).strip() for w in words]
        lines.append(" ".join(w for w in words if w))
    return "\n".join(line for line in lines if line)


def setup() -> tuple[object, object, object]:
    os.environ["INNOCENCE_DATA_DIR"] = tempfile.mkdtemp(prefix="innocence-eval-ocr-")
    os.environ["INNOCENCE_PAGE_TEXT_CONSUMERS"] = ""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from innocence.cases import services as case_services
    from innocence.core.models import Membership, Organization

    org = Organization.objects.create(slug="eval", name="OCR evaluation", case_prefix="EV")
    user = get_user_model().objects.create_user(username="eval", password="eval-password-1")
    Membership.objects.create(user=user, organization=org, role="admin")
    case = case_services.case_create(actor=user, organization=org, title="OCR evaluation")
    return org, user, case


def ingest(org: object, user: object, case: object, path: Path) -> object:
    from innocence.documents import services
    from innocence.documents.models import Document
    from innocence.jobs.queue import run_until_empty

    result = services.add_file(
        actor=user, organization=org, case=case, name=path.name, stream=io.BytesIO(path.read_bytes())
    )
    run_until_empty()
    return Document.objects.get(pk=result.document.pk)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL)
    parser.add_argument("--with-testimony", action="store_true", help="also OCR the long scanned testimony")
    args = parser.parse_args()
    if not args.real.exists():
        print(f"{args.real} is not here; nothing to evaluate.")
        return
    org, user, case = setup()

    bench = args.real / "ocr-benchmark"
    cers, wers, line_cers = [], [], []
    print("ocr-benchmark (hand-corrected ground truth)")
    print(f"  {'image':<18} {'CER':>6} {'WER':>6} {'CER-ln':>6} {'BoW-F1':>7} {'conf':>5} {'s':>6}")
    for image in sorted((bench / "img").glob("*.png")):
        truths = list((bench / "ground_truth").glob(image.stem + "*.hocr"))
        if not truths:
            continue
        started = time.perf_counter()
        document = ingest(org, user, case, image)
        seconds = time.perf_counter() - started
        page = document.pages.order_by("number").first()  # type: ignore[attr-defined]
        text = page.text if page else ""
        truth = hocr_text(truths[0])
        cer, wer, f1 = rates(text, truth)
        cer_lines = line_matched_cer(text, truth)
        cers.append(cer)
        wers.append(wer)
        line_cers.append(cer_lines)
        conf = f"{page.ocr_confidence:.0f}" if page and page.ocr_confidence is not None else "-"
        print(f"  {image.stem:<18} {cer:6.1%} {wer:6.1%} {cer_lines:6.1%} {f1:7.1%} {conf:>5} {seconds:6.1f}")
    if cers:
        mean, median = statistics.mean, statistics.median
        print(f"  {'mean':<18} {mean(cers):6.1%} {mean(wers):6.1%} {mean(line_cers):6.1%}")
        print(f"  {'median':<18} {median(cers):6.1%} {median(wers):6.1%} {median(line_cers):6.1%}")

    scanned = args.real / "case-files" / "scanned_pdf" / "Police Report.pdf"
    reference = args.real / "case-files" / "ocr_json" / "Police Report.json"
    if scanned.exists() and reference.exists():
        print("\nPolice Report.pdf (image-only scan) vs the commercial OCR reference")
        started = time.perf_counter()
        document = ingest(org, user, case, scanned)
        seconds = time.perf_counter() - started
        pages = {p.number: p for p in document.pages.all()}  # type: ignore[attr-defined]
        ref_pages = {
            m["page_number"]: m["page_content"] for m in json.loads(reference.read_text())["messages"]
        }
        print(f"  status {document.status}, {len(pages)} pages in {seconds:.1f} s")  # type: ignore[attr-defined]
        print(f"  {'page':<6} {'source':<7} {'CER':>6} {'WER':>6} {'CER-ln':>6} {'BoW-F1':>7} {'conf':>5}")
        all_h, all_r = [], []
        for number in sorted(ref_pages):
            page = pages.get(number)
            if page is None:
                continue
            cer, wer, f1 = rates(page.text, ref_pages[number])
            cer_lines = line_matched_cer(page.text, ref_pages[number])
            all_h.append(page.text)
            all_r.append(ref_pages[number])
            conf = f"{page.ocr_confidence:.0f}" if page.ocr_confidence is not None else "-"
            print(
                f"  {number:<6} {page.text_source:<7} {cer:6.1%} {wer:6.1%} {cer_lines:6.1%} {f1:7.1%} {conf:>5}"
            )
        cer, wer, f1 = rates("\n".join(all_h), "\n".join(all_r))
        cer_lines = line_matched_cer("\n".join(all_h), "\n".join(all_r))
        print(f"  {'all':<6} {'':<7} {cer:6.1%} {wer:6.1%} {cer_lines:6.1%} {f1:7.1%}")

    testimony = args.real / "case-files" / "scanned_pdf" / "Det. Sam Gebbia Trial Testimony - Trial One.pdf"
    if args.with_testimony and testimony.exists():
        started = time.perf_counter()
        document = ingest(org, user, case, testimony)
        seconds = time.perf_counter() - started
        confs = [p.ocr_confidence for p in document.pages.all() if p.ocr_confidence is not None]  # type: ignore[attr-defined]
        print(
            f"\nscanned testimony: status {document.status}, {document.page_count} pages in {seconds:.0f} s, "  # type: ignore[attr-defined]
            f"mean OCR confidence {statistics.mean(confs) if confs else 0:.0f} (no ground truth)"
        )


if __name__ == "__main__":
    main()
