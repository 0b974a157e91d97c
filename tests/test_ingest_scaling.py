"""Ingest stays linear in the documents of a case and in the pages of a document: the work
(database queries) of adding one more document through the real pipeline, with every
page-text consumer the apps declare, does not grow with the documents already in the case,
and a document of many pages costs queries in bounded batches, not one per page.

No timing here (bench/bench_ingest.py measures time); query counts are structural: a
consumer that re-reads the whole case per document, or writes page by page, fails these.
All text is generated and fictional.
"""

from __future__ import annotations

import io
import random
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db(transaction=False)

WORDS = ["the", "witness", "said", "that", "he", "was", "at", "the", "store", "when", "the", "officer", "arrived", "and", "showed", "her", "a", "photo", "array", "of", "six", "men", "objection", "sustained", "lineup", "clerk", "counter", "robbery", "jacket", "report", "narrative"]
NAMES = ["Avery Quillfeather", "Brennan Toskvik", "Corliss Imbrey", "Dellamae Orrin"]


def _pdf(pages: int, seed: int) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for number in range(pages):
        y = 740
        pdf.drawString(72, y, f"FICTIONAL TRANSCRIPT {seed} page {number + 1}")
        for line in range(30):
            y -= 18
            words = [rng.choice(WORDS) for _ in range(11)]
            if line % 10 == 2:
                words[3:5] = ["Detective", rng.choice(NAMES)]
            pdf.drawString(72, y, " ".join(words))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def ingest(settings: Any, tmp_path: Any, make_org: Any, make_user: Any) -> Any:
    from django.core.files.storage import default_storage

    from innocence.cases import services as case_services
    from innocence.documents import services
    from innocence.jobs.queue import run_until_empty

    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = None  # every consumer, as for users
    default_storage._wrapped = None  # type: ignore[attr-defined]
    default_storage._setup()  # type: ignore[attr-defined]
    org = make_org("scaling", prefix="SC")
    user = make_user("scaler", org, "admin")
    case = case_services.case_create(actor=user, organization=org, title="State v. Scaling (fictional)")

    def add(pages: int, seed: int) -> Counter[str]:
        """Add one document and run every job it causes; the queries, by kind of statement
        and table, that this took."""
        with CaptureQueriesContext(connection) as queries:
            services.add_file(
                actor=user, organization=org, case=case, name=f"f{seed}.pdf", stream=io.BytesIO(_pdf(pages, seed))
            )
            run_until_empty()
        return Counter(_kind(q["sql"]) for q in queries.captured_queries)

    return add


def _kind(sql: str) -> str:
    words = sql.split()
    verb = words[0].upper() if words else ""
    table = ""
    for keyword in ("FROM", "INTO", "UPDATE"):
        if keyword in words:
            index = words.index(keyword)
            if index + 1 < len(words):
                table = words[index + 1].strip('"`')
                break
    return f"{verb} {table}"


def _diff(small: Counter[str], large: Counter[str]) -> str:
    grown = {k: (small.get(k, 0), v) for k, v in large.items() if v > small.get(k, 0)}
    return ", ".join(f"{k}: {a} -> {b}" for k, (a, b) in sorted(grown.items(), key=lambda kv: kv[1][0] - kv[1][1]))


def test_one_more_document_costs_the_same_queries_however_many_the_case_holds(ingest: Any) -> None:
    ingest(3, seed=0)
    early = ingest(3, seed=1)  # the second document of the case
    for seed in range(2, 10):
        ingest(3, seed=seed)
    late = ingest(3, seed=10)  # the eleventh
    # The fair queue's bookkeeping and the coalesced resolution job add a few queries that do
    # not depend on the case's size; anything that grows with the case shows up as more.
    assert sum(late.values()) <= sum(early.values()) + 5, _diff(early, late)


def test_queries_do_not_grow_with_the_pages_of_a_document(ingest: Any) -> None:
    """Reads and writes are batched: 36 more pages cost a few more queries (a new person,
    a batch boundary), never one or more per page."""
    small = ingest(4, seed=20)
    large = ingest(40, seed=21)
    assert sum(large.values()) <= sum(small.values()) + 15, _diff(small, large)
