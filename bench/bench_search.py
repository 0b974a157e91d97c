"""Search benchmark: a generated corpus of transcript-like pages, the two embedded
candidates (SQLite FTS5 and Tantivy) built and queried in the same run, through the real
code path (``search_pages`` as an organization admin: permission scope, ranking, snippets).

    .venv/bin/python bench/bench_search.py --pages 1000000
    .venv/bin/python bench/bench_search.py --pages 20000 --queries 20     # a quick look

It writes into its own data directory (default /tmp/innocence-bench-search-<pages>) and never
runs as part of the test suite. Text is synthetic: a Zipfian vocabulary of invented words
(with common English function words at the top) plus planted rare names, e.g. "Detective
Vorlandsen". Nothing real is read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "was",
    "he",
    "you",
    "i",
    "it",
    "q",
    "is",
    "his",
    "on",
    "for",
    "with",
    "at",
    "by",
    "this",
    "had",
    "not",
    "be",
    "but",
    "from",
    "they",
    "were",
    "she",
    "or",
    "what",
    "did",
    "her",
    "we",
    "did",
    "your",
    "there",
    "yes",
    "no",
    "sir",
    "officer",
    "court",
    "witness",
    "said",
    "time",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ba",
    "de",
    "fi",
    "go",
    "hu",
    "ja",
    "ke",
    "li",
    "mo",
    "nu",
    "pa",
    "re",
    "si",
    "to",
    "vu",
    "wa",
    "ye",
    "zo",
    "ar",
    "el",
    "in",
    "or",
    "us",
]
TITLES = ["Detective", "Officer", "Sergeant", "Dr.", "Mr.", "Ms."]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    words = list(dict.fromkeys(FUNCTION_WORDS))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def make_names(rng: random.Random, count: int, vocabulary: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(3)) + rng.choice(
            ["sen", "ski", "ton", "ez", "berg"]
        )
        if name not in vocabulary and name not in names:
            names.append(name.capitalize())
    return names


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--pages-per-document", type=int, default=100)
    parser.add_argument("--documents-per-case", type=int, default=10)
    parser.add_argument("--words-per-page", type=int, default=250)
    parser.add_argument("--vocabulary", type=int, default=50_000)
    parser.add_argument("--names", type=int, default=400)
    parser.add_argument("--queries", type=int, default=40, help="queries per category")
    parser.add_argument("--dir", default="", help="data directory (default /tmp/innocence-bench-search-N)")
    parser.add_argument("--reuse", action="store_true", help="reuse a corpus already generated in --dir")
    parser.add_argument(
        "--skip-build", action="store_true", help="with --reuse: query the indexes already built"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", default="", help="also write the figures to this JSON file")
    return parser.parse_args()


ARGS = parse_args()
DATA_DIR = Path(ARGS.dir or f"/tmp/innocence-bench-search-{ARGS.pages}")
DATA_DIR.mkdir(parents=True, exist_ok=True)
os.environ["INNOCENCE_DATA_DIR"] = str(DATA_DIR)
os.environ.pop("DATABASE_URL", None)  # the embedded candidates: SQLite
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def generate(rng: random.Random) -> dict[str, list[str]]:
    """Write organization, admin, cases, documents and pages; return the planted query material."""
    from django.contrib.auth import get_user_model

    from innocence.cases.models import Case
    from innocence.core.models import Membership, Organization, Role
    from innocence.documents.models import Document, Page, StoredFile

    vocabulary = make_vocabulary(rng, ARGS.vocabulary)
    names = make_names(rng, ARGS.names, set(vocabulary))
    weights = [1.0 / (rank + 1) ** 1.07 for rank in range(len(vocabulary))]
    cumulative: list[float] = []
    running = 0.0
    for weight in weights:
        running += weight
        cumulative.append(running)

    org = Organization.objects.create(slug="bench", name="Bench Project (synthetic)", case_prefix="BN")
    user = get_user_model().objects.create_user(username="bench_admin", password="bench-password-1")
    Membership.objects.create(user=user, organization=org, role=Role.ADMIN)

    n_documents = max(1, ARGS.pages // ARGS.pages_per_document)
    n_cases = max(1, n_documents // ARGS.documents_per_case)
    cases = Case.objects.bulk_create(
        [
            Case(organization=org, reference=f"BN-{i:05d}", title=f"State v. Synthetic {i}")
            for i in range(n_cases)
        ]
    )
    stored = StoredFile.objects.bulk_create(
        [
            StoredFile(
                organization=org,
                sha256=f"{i:064x}",
                size=1,
                original_name=f"synthetic-{i}.pdf",
                storage_path=f"bench/{i}",
            )
            for i in range(n_documents)
        ]
    )
    doc_types = ["transcript", "police_report", "lab_report", "motion_brief"]
    documents = Document.objects.bulk_create(
        [
            Document(
                organization=org,
                case=cases[i % n_cases],
                stored_file=stored[i],
                title=f"Synthetic volume {i}",
                doc_type=doc_types[i % len(doc_types)],
                provenance="court_file",
                status="done",
                page_count=ARGS.pages_per_document,
            )
            for i in range(n_documents)
        ]
    )
    # Plant each rare name on a few pages (3–30), half the time after a title.
    plants: dict[int, list[str]] = {}
    for name in names:
        for _ in range(rng.randint(3, 30)):
            phrase = f"{rng.choice(TITLES)} {name}" if rng.random() < 0.5 else name
            plants.setdefault(rng.randrange(ARGS.pages), []).append(phrase)

    page_no = 0
    batch: list[Page] = []
    started = time.perf_counter()
    for document in documents:
        for number in range(1, ARGS.pages_per_document + 1):
            length = rng.randint(ARGS.words_per_page * 4 // 5, ARGS.words_per_page * 6 // 5)
            words = rng.choices(vocabulary, cum_weights=cumulative, k=length)
            for phrase in plants.get(page_no, ()):
                words.insert(rng.randrange(len(words)), phrase)
            text = " ".join(words)
            batch.append(Page(document=document, number=number, text=text, text_source="layer"))
            page_no += 1
            if len(batch) >= 5000:
                with transaction.atomic():
                    Page.objects.bulk_create(batch)
                batch = []
                if page_no % 100_000 == 0:
                    log(f"  {page_no:,} pages written ({page_no / (time.perf_counter() - started):,.0f}/s)")
    with transaction.atomic():
        Page.objects.bulk_create(batch)
    # Query material by document frequency in the generated text.
    mid = vocabulary[800:3000]
    common = vocabulary[:40]
    return {"names": names, "mid": mid, "common": common, "vocabulary_size": [str(len(vocabulary))]}


def sqlite_bytes() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = Path(settings.DATABASES["default"]["NAME"])
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    from django.contrib.auth import get_user_model

    from innocence.documents.models import Page
    from innocence.search import services
    from innocence.search.backends import get_backend
    from innocence.search.selectors import search_pages

    rng = random.Random(ARGS.seed)
    material_file = DATA_DIR / "bench-material.json"
    if ARGS.reuse and material_file.exists():
        material = json.loads(material_file.read_text())
        log(f"reusing the corpus in {DATA_DIR}")
    else:
        db = Path(settings.DATABASES["default"]["NAME"])
        for stale in db.parent.glob(db.name + "*"):
            stale.unlink()
        call_command("migrate", verbosity=0)
        log(f"generating {ARGS.pages:,} pages in {DATA_DIR}")
        started = time.perf_counter()
        material = generate(rng)
        material_file.write_text(json.dumps(material))
        log(f"generated in {time.perf_counter() - started:,.0f} s")
    pages = Page.objects.count()
    figures: dict[str, dict[str, float]] = {}

    # --- build both candidates --------------------------------------------------------
    from django.urls import reverse

    reverse("search:search")  # load the URLconf (and every app's API) before the long part
    builds_file = DATA_DIR / "bench-builds.json"
    builds: dict[str, dict[str, float]] = {}
    settings.INNOCENCE_SEARCH_INDEX_DIR = str(DATA_DIR / "search-index")
    if ARGS.skip_build and builds_file.exists():
        builds = json.loads(builds_file.read_text())
        log("using the indexes already built")
    else:
        before = sqlite_bytes()
        for name in ("sqlite_fts5", "tantivy"):
            backend = get_backend(name)
            log(f"building {name} over {pages:,} pages")
            started = time.perf_counter()
            services.reindex_all(backend=backend)
            seconds = time.perf_counter() - started
            if name == "sqlite_fts5":
                with connection.cursor() as cursor:
                    cursor.execute("INSERT INTO search_page_fts(search_page_fts) VALUES ('optimize')")
                size = sqlite_bytes() - before
            else:
                size = dir_bytes(DATA_DIR / "search-index")
            builds[name] = {
                "build_s": seconds,
                "pages_per_s": pages / seconds,
                "bytes_per_page": size / pages,
            }
            log(
                f"  {name}: {seconds:,.0f} s ({pages / seconds:,.0f} pages/s), {size / pages:,.0f} bytes/page"
            )
        builds_file.write_text(json.dumps(builds))

    # --- queries ----------------------------------------------------------------------
    qrng = random.Random(ARGS.seed + 1)
    names = material["names"]
    mid = material["mid"]
    common = material["common"]
    n = ARGS.queries
    categories = {
        "rare term": [qrng.choice(names) for _ in range(n)],
        "two-term AND": [f"{qrng.choice(mid)} {qrng.choice(mid)}" for _ in range(n)],
        "rare AND common": [f"{qrng.choice(names)} {qrng.choice(common)}" for _ in range(n)],
        "phrase": [
            f'"{qrng.choice(["detective", "officer", "sergeant"])} {qrng.choice(names)}"' for _ in range(n)
        ],
        "phrase (two mid words)": [f'"{qrng.choice(mid)} {qrng.choice(mid)}"' for _ in range(n)],
        "prefix": [qrng.choice(names)[:6].lower() + "*" for _ in range(n)],
        "NEAR": [f"NEAR({qrng.choice(['detective', 'officer'])} {qrng.choice(names)}, 5)" for _ in range(n)],
        "very common term": [qrng.choice(common[:10]) for _ in range(max(5, n // 4))],
        "two common terms": [f"{qrng.choice(common)} {qrng.choice(common)}" for _ in range(max(5, n // 4))],
    }
    admin = get_user_model().objects.get(username="bench_admin")
    for name in ("sqlite_fts5", "tantivy"):
        for category, queries in categories.items():
            search_pages(admin, queries[0], backend=name, record_audit=False)  # warm up
            timings: list[float] = []
            totals: list[int] = []
            for query in queries:
                started = time.perf_counter()
                result = search_pages(admin, query, backend=name, record_audit=False, limit=20)
                timings.append((time.perf_counter() - started) * 1000)
                assert not result.error, (query, result.error)
                totals.append(result.total)
            figures[f"{name} · {category}"] = {
                "median_ms": statistics.median(timings),
                "p95_ms": percentile(timings, 0.95),
                "median_hits": statistics.median(totals),
            }
            log(
                f"  {name:12} {category:24} median {statistics.median(timings):8.1f} ms   "
                f"p95 {percentile(timings, 0.95):8.1f} ms   (median total hits {statistics.median(totals):,.0f})"
            )

    print()
    print(
        f"Corpus: {pages:,} pages, ~{ARGS.words_per_page} words/page, vocabulary {ARGS.vocabulary:,} (Zipf 1.07)"
    )
    print(f"{'backend':12} {'build s':>9} {'pages/s':>9} {'bytes/page':>11}")
    for name, b in builds.items():
        print(f"{name:12} {b['build_s']:9.0f} {b['pages_per_s']:9.0f} {b['bytes_per_page']:11.0f}")
    print()
    print(f"{'query (search_pages, admin scope, 20 hits)':52} {'median ms':>10} {'p95 ms':>10} {'hits':>10}")
    for key, f in figures.items():
        print(f"{key:52} {f['median_ms']:10.1f} {f['p95_ms']:10.1f} {f['median_hits']:10,.0f}")
    if ARGS.json:
        Path(ARGS.json).write_text(
            json.dumps({"pages": pages, "builds": builds, "queries": figures}, indent=2)
        )


if __name__ == "__main__":
    main()
