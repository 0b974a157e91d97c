"""Benchmark: splitting a long single-line text into pages (ingestors/base.split_text_pages).

    .venv/bin/python bench/bench_text_split.py [--mb 8 16 32]

Baseline, in the same run: the previous algorithm (it sliced the head off a giant paragraph
again and again, copying the rest each time: quadratic). Prints seconds per size and the
ratio baseline / now; "now" should grow in proportion to the size.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def quadratic_split(text: str, *, target: int = 3500) -> list[str]:
    """The old cut of one giant paragraph, for the baseline."""
    chunks = []
    paragraph = text
    while len(paragraph) > target * 2:
        chunks.append(paragraph[:target])
        paragraph = paragraph[target:]
    chunks.append(paragraph)
    return chunks


def main() -> None:
    from innocence.documents.ingestors.base import split_text_pages

    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, nargs="+", default=[8, 16, 32])
    args = parser.parse_args()
    print(f"{'size':>6} {'old (s)':>9} {'now (s)':>9} {'ratio':>7}")
    for mb in args.mb:
        text = "fictional " * (mb * 1024 * 1024 // 10)
        began = time.perf_counter()
        quadratic_split(text)
        old = time.perf_counter() - began
        began = time.perf_counter()
        split_text_pages(text)
        now = time.perf_counter() - began
        print(f"{mb:>4}MB {old:>9.2f} {now:>9.3f} {old / max(now, 1e-9):>6.0f}×")


if __name__ == "__main__":
    main()
