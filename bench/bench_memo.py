"""Benchmark the case memo: a fictional case with 500 findings citing 2,000 pages, written
as DOCX and as PDF, against writing the same content as plain HTML (the baseline) in the
same run. Prints time and peak Python memory (tracemalloc) of each, and the ratios.

    .venv/bin/python bench/bench_memo.py [--findings 500] [--pages 2000]

Everything is fictional and made here, in a fresh data directory.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
os.environ["INNOCENCE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-memo-")


def measure(label: str, func):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<28}{elapsed:>9.2f} s{peak / 2**20:>10.1f} MiB{len(result) if hasattr(result, '__len__') else 0:>14,} bytes")
    return elapsed, peak, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=500)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from innocence.cases import services as case_services
    from innocence.core.models import Membership, Organization
    from innocence.findings.models import Finding, RecordCitation
    from innocence.reports import memo_render
    from innocence.reports.memo_content import build_memo

    org = Organization.objects.create(name="Bench Clinic (fictional)", slug="bench", case_prefix="BEN")
    user = get_user_model().objects.create_user("bench", password="x")
    Membership.objects.create(user=user, organization=org, role="admin")
    case = case_services.case_create(actor=user, organization=org, title="State v. Bench (fictional)")
    factors = ["MWID", "FC", "P/FA", "F/MFE", "OM", "ILD"]
    lenses = ["witness", "evidence", "prosecution"]
    per = max(1, args.pages // args.findings)
    for i in range(args.findings):
        finding = Finding.objects.create(
            case=case, lens=lenses[i % 3], rule_id=f"bench.rule_{i % 40}", subject_key=f"bench:{i}",
            status="not_recorded" if i % 10 == 0 else "present", title=f"Fictional finding number {i}",
            text="The fictional record says something about the procedure that a reader should check. " * 2,
            research="Fictional research statement about the procedure.", nre_factors=[factors[i % 6]],
            authority_keys=["wells2020"])
        RecordCitation.objects.bulk_create([RecordCitation(
            finding=finding, position=j, document_title=f"Fictional volume {(i * per + j) // 400 + 1}",
            page_number=(i * per + j) % 400 + 1,
            quote=f"Fictional verbatim passage {i}-{j} from the page, as the witness said it.")
            for j in range(per)])
    print(f"{args.findings} findings, {args.findings * per} cited pages\n")
    print(f"{'step':<28}{'time':>11}{'peak memory':>14}{'output':>20}")
    _, _, memo = measure("build memo content", lambda: build_memo(case, user))
    html_t, html_m, _ = measure("plain HTML (baseline)", lambda: memo_render.render_html(memo).encode())
    docx_t, docx_m, _ = measure("DOCX (python-docx)", lambda: memo_render.render_docx(memo))
    pdf_t, pdf_m, pdf = measure("PDF (WeasyPrint)", lambda: memo_render.render_pdf(memo))
    import pypdfium2

    print(f"\nPDF pages: {len(pypdfium2.PdfDocument(pdf))}; notes: {len(memo.notes)}")
    print(f"DOCX / HTML: time x{docx_t / html_t:.1f}, memory x{docx_m / max(html_m, 1):.1f}")
    print(f"PDF  / HTML: time x{pdf_t / html_t:.1f}, memory x{pdf_m / max(html_m, 1):.1f}")


if __name__ == "__main__":
    main()
