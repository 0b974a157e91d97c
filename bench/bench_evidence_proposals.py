"""Benchmark the Evidence-lens proposer against a plain regex scan of the same pages.

    .venv/bin/python bench/bench_evidence_proposals.py [--pages 600] [--repeat 3]

Pages: fictional lab-report and transcript-like pages generated here (never real material).
Measured on one core, in one process: ``propose_page`` (item numbers, method and
examination cues, conclusion language, verbatim quotes, from
innocence/knowledge/evidence_proposals.yaml) vs the baseline — one ``re.finditer`` pass of a
single alternation of the same cue words over each page, which finds cue words but builds
no proposal. Prints pages/s of each and the ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")

LINES = [
    "Item {n}: {thing} recovered from the {place}",
    "State's Exhibit {n} - {thing}",
    "Q. Did you examine the {thing}?",
    "A. Yes. The questioned hair was microscopically consistent with the known sample.",
    "The stain on Item {n} was typed by ABO serology and found to be type O secretor.",
    "The officer drove to the {place} and spoke with the witness about the evening.",
    "A. I compared the bullet to the test fires; it matched to the exclusion of all other firearms.",
    "THE COURT: We will take a short recess until ten o'clock.",
    "The criminalist submitted the swabs to the laboratory for DNA analysis.",
    "Q. And what time did you arrive at the {place}? A. About nine.",
]
THINGS = ["blue shirt", "bedding", "vaginal swab", "spent bullet", "fingernail scrapings", "hair", "shoe"]
PLACES = ["kitchen", "store counter", "parking lot", "bedroom", "patrol car"]


def fictional_pages(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pages = []
    for _ in range(n):
        lines = [rng.choice(LINES).format(n=rng.randint(1, 40), thing=rng.choice(THINGS), place=rng.choice(PLACES))
                 for _ in range(28)]
        pages.append("\n".join(lines))
    return pages


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    from innocence.evidence.knowledge import proposal_patterns
    from innocence.evidence.proposals import propose_page

    patterns = proposal_patterns()
    pages = fictional_pages(args.pages)
    baseline = re.compile("|".join(f"(?:{r.pattern})" for _, _, r in patterns.method_cues)
                          + "|" + patterns.examination.pattern + "|" + patterns.conclusion.pattern, re.IGNORECASE)

    def run_baseline() -> int:
        return sum(1 for page in pages for _ in baseline.finditer(page))

    def run_proposer() -> int:
        return sum(len(propose_page(page, patterns)) for page in pages)

    results = {}
    for name, fn in (("baseline regex scan", run_baseline), ("propose_page", run_proposer)):
        best = float("inf")
        found = 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            found = fn()
            best = min(best, time.perf_counter() - start)
        results[name] = (len(pages) / best, found)
        print(f"{name:20s} {len(pages) / best:10.0f} pages/s  ({found} hits/proposals)")
    ratio = results["propose_page"][0] / results["baseline regex scan"][0]
    print(f"ratio propose_page / baseline: {ratio:.2f}x (one core, best of {args.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
