"""Benchmark the disclosure matrix's near-duplicate pass (MinHash signatures + LSH, as the
Prosecution lens runs it) on a fictional case, against an all-pairs comparison of the same
signatures on a subset as the baseline.

    .venv/bin/python bench/bench_disclosure_matrix.py [--pages 20000] [--subset 2000]

Pages: fictional report-like pages generated here (never real material): distinct reports,
and "copies" of some of them with OCR-like character noise, as a defense file scanned again
would hold. Prints the time per page of each method and the ratio (all-pairs per page on the
subset ÷ LSH per page on the whole case; all-pairs grows with the square of the pages, so
the ratio grows with the case), and the pairs each found on the subset.

Accuracy of the signatures (``--accuracy N``, default 600 pairs): for pairs of pages of known
kinds (an OCR-noisy copy, a page sharing half or a quarter of its lines, unrelated pages) the
exact Jaccard similarity of the shingle sets beside the estimate from our signatures and from
datasketch's MinHash (SHA-1 per shingle, 128 permutations: what the signatures were before),
with the mean absolute error and how often each lands on the other side of the threshold.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")

WORDS = [
    "detective",
    "officer",
    "witness",
    "vehicle",
    "suspect",
    "report",
    "statement",
    "scene",
    "weapon",
    "victim",
    "clerk",
    "store",
    "street",
    "evening",
    "morning",
    "lineup",
    "photograph",
    "description",
    "interview",
    "sheriff",
    "deputy",
    "county",
    "supplemental",
    "narrative",
    "approximately",
    "stated",
    "observed",
    "identified",
    "male",
    "female",
    "jacket",
]
NOISE = {"o": "0", "l": "1", "m": "rn", "i": "1", "s": "5"}


SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mel",
    "an",
    "dor",
    "vis",
    "que",
    "la",
    "pen",
    "sor",
    "tu",
    "gal",
    "bre",
    "im",
    "ost",
    "fen",
    "wa",
    "lio",
    "cra",
    "dun",
    "ep",
]


def word(rng: random.Random) -> str:
    """Mostly the report vocabulary; one word in three a fictional proper name, so that
    distinct reports differ as real ones do (names, places, times)."""
    if rng.random() < 0.66:
        return rng.choice(WORDS)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def page(rng: random.Random, n: int) -> str:
    lines = [f"FICTIONAL REPORT {n:06d} (generated for the benchmark)"]
    for _ in range(12):
        lines.append(" ".join(word(rng) for _ in range(11)))
    return "\n".join(lines)


def ocr_noise(rng: random.Random, text: str, rate: float = 0.04) -> str:
    return "".join(NOISE[c] if c in NOISE and rng.random() < rate else c for c in text)


def shingle_set(nd, text: str, size: int) -> set[str]:  # type: ignore[no-untyped-def]
    norm = nd.normalize(text)
    return {norm[i : i + size] for i in range(len(norm) - size + 1)}


def accuracy(nd, pairs: int) -> None:  # type: ignore[no-untyped-def]
    import numpy as np
    from datasketch import MinHash

    p = nd.params()
    rng = random.Random(7)

    def datasketch_values(text: str) -> bytes:
        m = MinHash(num_perm=p.num_perm, scheme=nd.SCHEME)
        m.update_batch([s.encode() for s in shingle_set(nd, text, p.shingle_chars)])
        return np.asarray(m.hashvalues, dtype=nd.DTYPE).tobytes()

    def mixed(a: str, b: str, share: float) -> str:
        la, lb = a.split("\n"), b.split("\n")
        return "\n".join(la[i] if rng.random() < share else lb[i % len(lb)] for i in range(len(la)))

    kinds = {"OCR-noisy copy": [], "half the lines": [], "a quarter": [], "unrelated": [], "short page copy": []}
    t_ours = t_theirs = 0.0
    for index in range(pairs):
        a, b = page(rng, index), page(rng, index + 10**6)
        kind = list(kinds)[index % len(kinds)]
        if kind == "OCR-noisy copy":
            b = ocr_noise(rng, a, rate=rng.choice([0.02, 0.05, 0.1]))
        elif kind == "half the lines":
            b = mixed(a, b, 0.5)
        elif kind == "a quarter":
            b = mixed(a, b, 0.25)
        elif kind == "short page copy":
            a = " ".join(a.split()[:20])
            b = ocr_noise(rng, a, rate=0.05)
        sa, sb = shingle_set(nd, a, p.shingle_chars), shingle_set(nd, b, p.shingle_chars)
        exact = len(sa & sb) / max(len(sa | sb), 1)
        start = time.perf_counter()
        ours = nd.similarity(nd.signature(a, p), nd.signature(b, p))
        t_ours += time.perf_counter() - start
        start = time.perf_counter()
        theirs = nd.similarity(datasketch_values(a), datasketch_values(b))
        t_theirs += time.perf_counter() - start
        kinds[kind].append((exact, ours, theirs))
    print(f"signature accuracy ({pairs} pairs, threshold {p.threshold}): exact Jaccard, mean |error| of ours / datasketch's,")
    print("  and pairs put on the wrong side of the threshold by each")
    for kind, rows in kinds.items():
        exact_mean = sum(r[0] for r in rows) / len(rows)
        err = [sum(abs(r[i] - r[0]) for r in rows) / len(rows) for i in (1, 2)]
        wrong = [sum((r[i] >= p.threshold) != (r[0] >= p.threshold) for r in rows) for i in (1, 2)]
        print(f"  {kind:>16}: exact {exact_mean:.2f}, error {err[0]:.3f} / {err[1]:.3f}, "
              f"wrong side {wrong[0]} / {wrong[1]} of {len(rows)}")
    print(f"  time for two signatures: ours {t_ours / pairs * 1e3:.2f} ms, datasketch {t_theirs / pairs * 1e3:.2f} ms "
          f"({t_theirs / max(t_ours, 1e-9):.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--subset", type=int, default=2000)
    parser.add_argument("--accuracy", type=int, default=600, help="pairs for the accuracy table (0: none)")
    args = parser.parse_args()
    import django

    django.setup()
    from innocence.prosecution import near_duplicates as nd

    if args.accuracy:
        accuracy(nd, args.accuracy)

    rng = random.Random(16)
    originals = [page(rng, i) for i in range(int(args.pages * 0.8))]
    copies = [ocr_noise(rng, rng.choice(originals)) for _ in range(args.pages - len(originals))]
    texts = originals + copies
    rng.shuffle(texts)
    p = nd.params()
    start = time.perf_counter()
    signatures = [(i, nd.signature(t, p)) for i, t in enumerate(texts)]
    signing = time.perf_counter() - start
    start = time.perf_counter()
    lsh_pairs = nd.near_pairs(signatures, p)
    lsh = time.perf_counter() - start
    subset = signatures[: args.subset]
    start = time.perf_counter()
    baseline_pairs = nd.all_pairs(subset, p)
    baseline = time.perf_counter() - start
    in_subset = {(a, b) for a, b, _ in lsh_pairs if a < args.subset and b < args.subset}
    truth = {(a, b) for a, b, _ in baseline_pairs}
    per_page_lsh = lsh / len(signatures)
    per_page_base = baseline / len(subset)
    print(
        f"signatures: {len(signatures)} pages in {signing:.1f} s ({signing / len(signatures) * 1e3:.2f} ms/page)"
    )
    print(
        f"LSH pairs, whole case ({len(signatures)} pages): {lsh:.2f} s, {per_page_lsh * 1e3:.3f} ms/page, "
        f"{len(lsh_pairs)} pairs"
    )
    print(
        f"baseline all-pairs, subset ({len(subset)} pages): {baseline:.2f} s, {per_page_base * 1e3:.3f} ms/page"
    )
    print(f"ratio (baseline per page / LSH per page): {per_page_base / per_page_lsh:.1f}x")
    print(
        f"on the subset: all-pairs found {len(truth)} pairs, LSH found {len(in_subset & truth)} of them "
        f"and {len(in_subset - truth)} others"
    )


if __name__ == "__main__":
    main()
