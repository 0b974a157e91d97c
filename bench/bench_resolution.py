"""Benchmark: resolving a case's people after one small file arrives, incremental vs full.

    .venv/bin/python bench/bench_resolution.py [--pages 3000]

A fictional case of ``--pages`` transcript-like pages is extracted and resolved in full once
(in a fresh SQLite database in a temporary directory). Then a one-page file arrives; the
baseline is what every new file used to cost (a full re-resolution of the case), the
measured figure is the incremental resolution of the new page's mentions. Printed as a
ratio, with the longest time another connection waited to commit meanwhile.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=3000)
    args = parser.parse_args()
    os.environ["INNOCENCE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-resolution-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "innocence.settings"
    os.environ["INNOCENCE_PAGE_TEXT_CONSUMERS"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from bench_people import transcript_page
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from innocence.cases import services as cases
    from innocence.core.models import Membership, Organization
    from innocence.documents.models import Document, Page, StoredFile
    from innocence.jobs.models import Job
    from innocence.people import extraction_service, resolution_runs
    from innocence.people.models import Mention

    rng = random.Random(11)
    org = Organization.objects.create(slug="bench", name="Bench Clinic (fictional)", case_prefix="BE")
    user = get_user_model().objects.create_user(username="bench_admin", password="x-very-long-1")
    Membership.objects.create(user=user, organization=org, role="admin")
    case = cases.case_create(actor=user, organization=org, title="State v. Bench (fictional)")

    def document(title: str, texts: list[str]) -> Document:
        stored = StoredFile.objects.create(
            organization=org, sha256=os.urandom(32).hex(), size=1, original_name=title, storage_path="x"
        )
        doc = Document.objects.create(
            organization=org, case=case, stored_file=stored, title=title, status="done", page_count=len(texts)
        )
        Page.objects.bulk_create(
            [Page(document=doc, number=n, text=t, text_source="layer") for n, t in enumerate(texts, 1)],
            batch_size=500,
        )
        return doc

    big = document("long transcript", [transcript_page(rng) for _ in range(args.pages)])
    extraction_service._extract_pages(list(big.pages.values_list("pk", flat=True)))
    extraction_service.resolve_case_by_id(case.pk)
    mentions = Mention.objects.filter(case=case, kind="person").count()
    small = document("memo", ["Detective Raymond Kessler met Officer Nadia Quill at the station."])
    small_ids = list(small.pages.values_list("pk", flat=True))
    extraction_service._extract_pages(small_ids)

    beat = Job.objects.create(name="bench.heartbeat", payload={}, status="running", run_after=timezone.now())

    def timed(work: object) -> tuple[float, float]:
        stop, longest = threading.Event(), [0.0]

        def other() -> None:
            try:
                while not stop.is_set():
                    began = time.perf_counter()
                    Job.objects.filter(pk=beat.pk).update(lease_until=timezone.now())
                    longest[0] = max(longest[0], time.perf_counter() - began)
                    time.sleep(0.01)
            finally:
                connection.close()

        thread = threading.Thread(target=other)
        thread.start()
        began = time.perf_counter()
        work()  # type: ignore[operator]
        elapsed = time.perf_counter() - began
        stop.set()
        thread.join()
        return elapsed, longest[0]

    full, full_wait = timed(lambda: extraction_service.resolve_case_by_id(case.pk))
    extraction_service._extract_pages(small_ids)  # the new page's mentions are new again
    incremental, inc_wait = timed(lambda: resolution_runs.resolve_new_mentions(case.pk, small_ids))
    print(f"case: {args.pages} pages, {mentions} person mentions; one new 1-page file")
    print(
        f"baseline (full re-resolution, what every file cost): {full:.2f} s, other writer waited ≤ {full_wait:.2f} s"
    )
    print(
        f"incremental resolution of the new page:             {incremental:.3f} s, other writer waited ≤ {inc_wait:.3f} s"
    )
    print(f"ratio full / incremental: {full / max(incremental, 1e-6):.0f}×")


if __name__ == "__main__":
    main()
