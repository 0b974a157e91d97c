"""Benchmark people extraction and resolution, each against a baseline in the same run.

    .venv/bin/python bench/bench_people.py [--pages 400] [--mentions 100000]

Extraction: pages/s on fictional transcript-like pages (speaker labels, Q./A., titled names,
dates, times), one core; baselines: a plain regular-expression scan for titled names (the
floor) and ``dateparser.search.search_dates`` alone (what "just use dateparser" costs).
Resolution: 100,000 synthetic mentions in one case (target < 60 s); baseline: the naive
all-pairs fuzzy comparison on a smaller n, extrapolated (it grows with n²).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FIRST = [
    "Raymond",
    "Paula",
    "Lyle",
    "Nora",
    "Curtis",
    "Helen",
    "Arthur",
    "Gloria",
    "Walter",
    "Denise",
    "Marcus",
]
LAST = [
    "Kessler",
    "Dunmore",
    "Brandt",
    "Vail",
    "Bell",
    "Prater",
    "Tully",
    "Vance",
    "Fenwick",
    "Carter",
    "Hale",
]
TITLES = ["Detective", "Det.", "Sgt.", "Officer", "Lt.", "Dr.", "Mr.", "Ms."]


def transcript_page(rng: random.Random) -> str:
    lines = [
        f"{rng.randint(1, 300)}",
        "CRIMINAL DISTRICT COURT — FICTIONAL",
        f"BY MR. {rng.choice(LAST).upper()}:",
    ]
    for _ in range(rng.randint(18, 28)):
        title, first, last = rng.choice(TITLES), rng.choice(FIRST), rng.choice(LAST)
        month = rng.choice(["January", "March", "June", "October", "December"])
        choice = rng.random()
        if choice < 0.3:
            lines.append(
                f"Q. And did {title} {first} {last} speak with you on {month} {rng.randint(1, 28)}, 19{rng.randint(70, 99)}?"
            )
        elif choice < 0.5:
            lines.append(
                f"A. Yes, sir, at about {rng.randint(1, 12)}:{rng.randint(10, 59)} P.M. with {title} {last}."
            )
        elif choice < 0.6:
            lines.append("THE COURT: Sustained. Move on, counsel.")
        elif choice < 0.7:
            lines.append(
                f"Q. What happened at {rng.randint(100, 9999)} {rng.choice(LAST)} Street in {month} 19{rng.randint(70, 99)}?"
            )
        else:
            lines.append("A. I don't recall exactly what was said at that time, it was a long time ago.")
    return "\n".join(lines)


def bench_extraction(n_pages: int) -> None:
    import dateparser.search

    from innocence.people.extraction import extract_page

    rng = random.Random(11)
    pages = [transcript_page(rng) for _ in range(n_pages)]
    extract_page(pages[0])  # load vocabularies, compile patterns
    started = time.perf_counter()
    found = sum(len(extract_page(p)) for p in pages)
    ours = n_pages / (time.perf_counter() - started)

    titled = re.compile(
        r"\b(?:Detective|Det\.|Sgt\.|Officer|Lt\.|Dr\.|Mr\.|Ms\.)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
    )
    started = time.perf_counter()
    floor_hits = sum(len(titled.findall(p)) for p in pages)
    floor = n_pages / (time.perf_counter() - started)

    sample = pages[: max(5, n_pages // 20)]
    started = time.perf_counter()
    for p in sample:
        dateparser.search.search_dates(p, languages=["en"])
    search_dates = len(sample) / (time.perf_counter() - started)

    print(
        f"extraction: {ours:,.0f} pages/s on one core ({found:,} mentions on {n_pages} pages; target >= 50 pages/s)"
    )
    print(
        f"  baseline, plain regex for titled names only: {floor:,.0f} pages/s ({floor_hits:,} hits) — {floor / ours:.0f}x faster, finds only names"
    )
    print(
        f"  baseline, dateparser.search_dates alone: {search_dates:,.1f} pages/s — ours is {ours / search_dates:.1f}x faster and finds dates AND everything else"
    )


def bench_resolution(n_mentions: int) -> None:
    from rapidfuzz import fuzz

    from innocence.people.resolution import NameMention, resolve_case

    rng = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyz"
    surnames = ["".join(rng.choice(letters) for _ in range(rng.randint(5, 9))).title() for _ in range(4000)]
    givens = [*FIRST, "", "", "R.", "P."]

    def ocr(name: str) -> str:
        if rng.random() < 0.1 and len(name) > 4:
            i = rng.randrange(1, len(name))
            return name[:i] + rng.choice(letters) + name[i + 1 :]
        return name

    mentions = [
        NameMention(
            id=i,
            case_id=1,
            given=rng.choice(givens),
            surname=ocr(rng.choice(surnames)),
            role=rng.choice(["", "officer", "witness", "detective"]),
        )
        for i in range(n_mentions)
    ]
    started = time.perf_counter()
    persons = resolve_case(mentions)
    ours = time.perf_counter() - started
    print(f"resolution: {n_mentions:,} mentions -> {len(persons):,} persons in {ours:.1f} s (target < 60 s)")

    n_naive = 2000
    sample = mentions[:n_naive]
    started = time.perf_counter()
    for i, a in enumerate(sample):
        for b in sample[i + 1 :]:
            fuzz.ratio(f"{a.given} {a.surname}", f"{b.given} {b.surname}")
    naive = time.perf_counter() - started
    extrapolated = naive * (n_mentions / n_naive) ** 2
    started = time.perf_counter()
    resolve_case(sample)
    ours_small = time.perf_counter() - started
    print(
        f"  baseline, naive all-pairs fuzzy: {n_naive:,} mentions in {naive:.2f} s (ours {ours_small:.2f} s); "
        f"at {n_mentions:,} ~{extrapolated / 60:,.0f} min (n²) — ours {extrapolated / ours:,.0f}x faster"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--mentions", type=int, default=100_000)
    args = parser.parse_args()
    bench_extraction(args.pages)
    bench_resolution(args.mentions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
