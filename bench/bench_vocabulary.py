"""Vocabulary benchmark: finding the OCR variants of a word (search.vocabulary.neighbours)
with the trigram index, against the baseline of reading the whole vocabulary and comparing
every word (rapidfuzz), in the same run, on a generated vocabulary.

    .venv/bin/python bench/bench_vocabulary.py --words 2000000     # ~ the distinct words of 1M OCR'd pages
    .venv/bin/python bench/bench_vocabulary.py --words 200000      # a quick look

Words are synthetic: invented words of 2–14 letters, and OCR-style misreadings of some of
them (rn/m, cl/d, 1/l, 0/o, a dropped or changed letter). Nothing real is read. It writes into
its own data directory (default /tmp/innocence-bench-vocabulary-<words>) and prints, per
distance, the median milliseconds of each way and the ratio baseline/indexed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--words", type=int, default=200_000)
parser.add_argument("--queries", type=int, default=30)
parser.add_argument("--data-dir", default="")
args = parser.parse_args()

DATA_DIR = Path(args.data_dir or f"/tmp/innocence-bench-vocabulary-{args.words}")
DATA_DIR.mkdir(parents=True, exist_ok=True)
os.environ["INNOCENCE_DATA_DIR"] = str(DATA_DIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from innocence.search import vocabulary  # noqa: E402
from innocence.search.models import VocabularyTerm  # noqa: E402
from innocence.search.variants import close_words  # noqa: E402

LETTERS = "etaoinshrdlucmfwypvbgkjqxz"
WEIGHTS = [12, 9, 8, 7.5, 7, 6.7, 6.3, 6, 5.9, 4.3, 4, 2.8, 2.8, 2.4, 2.2, 2.4, 2, 2, 1.9, 1, 1.5, 2, 0.8, 0.2, 0.1, 0.1]


def invented(rng: random.Random) -> str:
    return "".join(rng.choices(LETTERS, WEIGHTS, k=rng.randint(2, 14)))


def misread(rng: random.Random, word: str) -> str:
    options = [
        lambda w: w.replace("m", "rn", 1),
        lambda w: w.replace("d", "cl", 1),
        lambda w: w.replace("l", "1", 1),
        lambda w: w.replace("o", "0", 1),
        lambda w: w[:-1],
        lambda w: w[: len(w) // 2] + rng.choice(LETTERS) + w[len(w) // 2 + 1 :],
    ]
    return rng.choice(options)(word)


def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(20260412)
    have = VocabularyTerm.objects.count()
    if have < args.words:
        started = time.perf_counter()
        pending: set[str] = set()
        while have + len(pending) < args.words:
            word = invented(rng)
            pending.add(word)
            if rng.random() < 0.3:
                pending.add(misread(rng, word))
            if len(pending) >= 50_000:
                have += vocabulary.add_words(pending)
                pending.clear()
        have += vocabulary.add_words(pending)
        print(f"vocabulary built: {have:,} words in {time.perf_counter() - started:.0f} s")
    words = list(VocabularyTerm.objects.values_list("word", flat=True))
    print(f"vocabulary: {len(words):,} words")
    queries = [w for w in rng.sample(words, min(len(words), args.queries * 4)) if len(w) >= 4][: args.queries]
    for distance in (1, 2):
        indexed: list[float] = []
        baseline: list[float] = []
        for query in queries:
            if distance == 2 and len(query) < 8:
                continue  # ~2 is the default from 8 letters
            started = time.perf_counter()
            found = vocabulary.neighbours(query, distance, limit=1000)
            indexed.append(time.perf_counter() - started)
            started = time.perf_counter()
            everything = list(VocabularyTerm.objects.values_list("word", flat=True))  # the full scan
            expected = close_words(query, everything, distance, limit=1000)
            baseline.append(time.perf_counter() - started)
            if found != expected:
                print(f"  MISMATCH for {query!r} ~{distance}: {len(found)} vs {len(expected)}")
        if not indexed:
            continue
        fast, slow = statistics.median(indexed) * 1000, statistics.median(baseline) * 1000
        print(
            f"~{distance}: {len(indexed)} queries · trigram index median {fast:.1f} ms "
            f"(max {max(indexed) * 1000:.0f}) · full scan median {slow:.1f} ms · ratio {slow / fast:.1f}x"
        )


if __name__ == "__main__":
    main()
