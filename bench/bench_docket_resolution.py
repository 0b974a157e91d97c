"""Benchmark: a case's people resolution as an organization's docket grows, when the same
actors (detectives, officers) recur in every case.

    .venv/bin/python bench/bench_docket_resolution.py [--cases 150] [--pages 60]

Each of ``--cases`` fictional cases gets ``--pages`` transcript-like pages naming the same
pool of invented officers (bench_people.transcript_page); each case is extracted, then
resolved in full (``resolve_case_by_id``: clustering, the known-name pass, the lookup of the
same actor in the organization's other cases, the writes), and the resolution is timed. The
figure is the time of the last cases over the first ones (1.0 = each case costs the same
however many came before). The baseline, in the same run on a second organization of the
same cases: the cross-case lookup reading *every* mention of each candidate actor (the
sample bound, ``cross_case.SAMPLE_ROWS``, lifted), as it did before the bound. Page-text
consumers other than people extraction are off (this measures resolution only).
Fresh SQLite database in a temporary directory; everything is generated and fictional.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="cProfile the last case's resolution (ours)")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="bench-docket-resolution-")
    atexit.register(shutil.rmtree, data_dir, True)
    os.environ["INNOCENCE_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "innocence.settings"
    os.environ["INNOCENCE_PAGE_TEXT_CONSUMERS"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from bench_people import transcript_page
    from django.contrib.auth import get_user_model

    from innocence.cases import services as cases
    from innocence.core.models import Membership, Organization
    from innocence.documents.models import Document, Page, StoredFile
    from innocence.people import cross_case, extraction_service
    from innocence.people.models import Mention, Person

    user = get_user_model().objects.create_user(username="bench_admin", password="x-very-long-1")

    def docket(slug: str, sample_rows: int) -> list[float]:
        cross_case.SAMPLE_ROWS = sample_rows
        org = Organization.objects.create(slug=slug, name=f"Bench {slug} (fictional)", case_prefix=slug.upper()[:4])
        Membership.objects.create(user=user, organization=org, role="admin")
        rng = random.Random(7)  # the same cases for both organizations
        times: list[float] = []
        for number in range(args.cases):
            case = cases.case_create(actor=user, organization=org, title=f"State v. Bench {number} (fictional)")
            stored = StoredFile.objects.create(
                organization=org, sha256=os.urandom(32).hex(), size=1, original_name="t", storage_path="x"
            )
            doc = Document.objects.create(
                organization=org, case=case, stored_file=stored, title="transcript", status="done", page_count=args.pages
            )
            Page.objects.bulk_create(
                [
                    Page(document=doc, number=n, text=transcript_page(rng), text_source="layer")
                    for n in range(1, args.pages + 1)
                ],
                batch_size=500,
            )
            extraction_service._extract_pages(list(doc.pages.values_list("pk", flat=True)))
            profile = args.profile and number == (0 if os.environ.get("PROFILE_FIRST") else args.cases - 1) and slug == "bounded"
            if profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            began = time.perf_counter()
            extraction_service.resolve_case_by_id(case.pk)
            times.append(time.perf_counter() - began)
            if profile:
                import pstats

                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        persons = Person.objects.filter(organization=org).count()
        mentions = Mention.objects.filter(case__organization=org, kind="person").count()
        print(f"  {slug}: {args.cases} cases, {persons} persons, {mentions} person mentions")
        return times

    tenth = max(1, args.cases // 10)

    def growth(times: list[float]) -> tuple[float, float, float]:
        first, last = statistics.median(times[:tenth]), statistics.median(times[-tenth:])
        return first, last, last / first

    print(f"{args.cases} cases x {args.pages} pages, the same invented officers in every case")
    sample = cross_case.SAMPLE_ROWS
    ours = growth(docket("bounded", sample))
    base = growth(docket("unbounded", 10**9))
    print(f"resolution of one case, median of the first / last {tenth} cases:")
    print(f"  ours (sample of {sample:,} mentions per candidate): {ours[0]:.3f} s -> {ours[1]:.3f} s ({ours[2]:.2f}x)")
    print(f"  baseline (every mention of each candidate read):   {base[0]:.3f} s -> {base[1]:.3f} s ({base[2]:.2f}x)")
    print(f"last cases, baseline / ours: {base[1] / ours[1]:.2f}x")


if __name__ == "__main__":
    main()
