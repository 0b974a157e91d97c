"""How well the disclosure matrix's near-duplicate detector finds the same page twice in the
real case files (issue 16).

Reads every page of the OCR'd case files in ../shared/data/real/case-files/ocr_json/ and
ocr_json/more/ (prints a note and exits 0 when they are absent), makes each page's signature
with the app's own code (innocence.prosecution.near_duplicates.signature) and the candidate
pairs with the app's LSH (near_duplicates.near_pairs), at the shipped parameters of
innocence/knowledge/prosecution.yaml (``near_duplicate``). The baseline is exact Jaccard
similarity of word 5-shingles over all pairs, at the same threshold.

The gold (eval/near_duplicates_gold.json) is a hand check of every pair either method
proposes, plus the pairs neither proposes whose exact Jaccard of the app's character
shingles is high (to estimate misses): all of them at or above ALL_ABOVE, a seeded random
sample of SAMPLE_SIZE between SAMPLE_FLOOR and ALL_ABOVE, each sampled duplicate standing
for its stratum in the recall estimate: each judged "same" (the same page:
a carbon copy, a second scan), "near" (the same report re-typed or a page of it with a few
lines changed) or "different". "same" and "near" count as duplicates. Recall is measured
against the (weighted) duplicates of the judged pool, so a duplicate below SAMPLE_FLOOR that
both methods miss is not counted: recall is an upper bound.

The split (eval/near_duplicates_split.json) is by case: "tuning" is the Mississippi case and
the other agencies' documents (ocr_json/Police Report.json and more/), "report" the
Louisiana case file (the trial testimonies, the supplemental report and the exhibit volumes
— the file issue 16 names). No threshold was chosen on either: the shipped ones were used as
they are. Files are named in the repository by keyed hash only (eval/keyed_names.py); pages by
number; the gold holds no text.

    .venv/bin/python eval/eval_near_duplicates.py [--dump]   (--dump prints unjudged pairs
    with snippets, for the annotator's terminal only)

Figures (2026-12-01, shipped parameters c5 p128 threshold 0.5; see /work/notes/gaps-neardup.md):
669 pages, 648 with enough text; 79 pairs judged (39 app, 22 baseline, 20 non-candidates
at exact char Jaccard >= 0.35 and a seeded 20 of the 360 between 0.2 and 0.35).
  split    method                               proposed  true  precision  recall
  tuning   app (MinHash LSH)                        6       5     0.83      1.00
  tuning   baseline (exact word 5-shingles)         2       2     1.00      0.40
  report   app (MinHash LSH)                       33      31     0.94      0.97
  report   baseline (exact word 5-shingles)        20      20     1.00      0.63
  all      app (MinHash LSH)                       39      36     0.92      0.97
  all      baseline (exact word 5-shingles)        22      22     1.00      0.59
The one miss (report split): two overlapping consecutive scans of the police report whose
estimated similarity is 0.62 — over the threshold, but LSH put them in no common bucket.
Against all pairs of the same signatures LSH drops 2 of the 41 pairs estimated >= 0.5:
datasketch picks 25 bands of 5 rows for threshold 0.5, which proposes a pair of similarity
0.5 with probability 0.55, 0.6 with 0.87, 0.62 with 0.91, 0.7 with 0.99. If the two
borderline pairs of the gold (about 60% of words aligned) were counted as near, the app's
precision and recall on all pairs would be 38/39 = 0.97 and 38/39 = 0.97, the baseline's
recall 22/39 = 0.56. The app's false positives are related
pages of a long motion (about half the wording shared) and two witness statements on one
form. Word shingles lose the duplicates whose OCR differs (most of them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
DEFAULT_REAL = ROOT.parent / "shared" / "data" / "real"
SPLIT = ROOT / "eval" / "near_duplicates_split.json"
GOLD = ROOT / "eval" / "near_duplicates_gold.json"
#: Non-candidate pairs at or above this exact character-shingle Jaccard are judged too.
SAMPLE_FLOOR = 0.2
#: ... all of them from this similarity up; below it, a seeded sample of SAMPLE_SIZE.
ALL_ABOVE = 0.35
SAMPLE_SIZE = 20
SEED = 16
DUPLICATE = {"same", "near"}
WORD = re.compile(r"[a-z0-9]+")


def files(ocr_json: Path) -> list[Path]:
    return sorted(ocr_json.glob("*.json")) + sorted((ocr_json / "more").glob("*.json"))


def load_pages(ocr_json: Path, key: bytes) -> dict[str, tuple[str, str]]:
    """page key ("<file hash>:<page number>") -> (file hash, page text)."""
    from keyed_names import digest

    pages: dict[str, tuple[str, str]] = {}
    for path in files(ocr_json):
        fh = digest(key, path.name)
        for m in json.loads(path.read_text(encoding="utf-8"))["messages"]:
            pages[f"{fh}:{int(m['page_number'])}"] = (fh, str(m.get("page_content") or ""))
    return pages


def word_shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set, b: set) -> float:  # type: ignore[type-arg]
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: str, b: str) -> str:
    """How much of each page's word 3-shingles the other page holds (an aid to the annotator
    for pages that overlap only in part)."""
    sa, sb = word_shingles(a, 3), word_shingles(b, 3)
    if not sa or not sb:
        return "-"
    shared = len(sa & sb)
    return f"{shared / max(len(sa), len(sb)):.2f}/{shared / min(len(sa), len(sb)):.2f}"


def exact_pairs(sets: dict[str, set], threshold: float) -> dict[tuple[str, str], float]:  # type: ignore[type-arg]
    keys = sorted(k for k, s in sets.items() if s)
    out: dict[tuple[str, str], float] = {}
    for i, a in enumerate(keys):
        sa = sets[a]
        for b in keys[i + 1 :]:
            sb = sets[b]
            # |A∩B|/|A∪B| ≤ min/max: skip pairs whose sizes alone rule them out.
            if min(len(sa), len(sb)) < threshold * max(len(sa), len(sb)):
                continue
            j = jaccard(sa, sb)
            if j >= threshold:
                out[(a, b)] = j
    return out


def split_of(pair: tuple[str, str], split: dict[str, list[str]]) -> str:
    parts = {name for name, hashes in split.items() for fh in (p.split(":")[0] for p in pair) if fh in hashes}
    return parts.pop() if len(parts) == 1 else "cross"


def score(found: Iterable[tuple[str, str]], labels: dict[tuple[str, str], str], positives: float) -> dict[str, object]:
    found = set(found)
    judged = [p for p in found if p in labels]
    tp = sum(1 for p in judged if labels[p] in DUPLICATE)
    return {
        "proposed": len(found),
        "unjudged": len(found) - len(judged),
        "true": tp,
        "precision": round(tp / len(judged), 3) if judged else None,
        "recall": round(tp / positives, 3) if positives else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--real", type=Path, default=DEFAULT_REAL)
    ap.add_argument("--dump", action="store_true", help="print the unjudged pairs with snippets (terminal only)")
    ap.add_argument("--recheck", action="store_true", help="with --dump: the judged pairs too, with their label")
    args = ap.parse_args(argv)
    ocr_json = args.real / "case-files" / "ocr_json"
    if not (ocr_json / "Police Report.json").exists():
        print(f"No real case files at {ocr_json}: nothing to evaluate (skipped).")
        return 0

    import django

    django.setup()
    from keyed_names import key_for

    from innocence.prosecution import near_duplicates as nd

    p = nd.params()
    pages = load_pages(ocr_json, key_for(ocr_json))
    keys = sorted(pages)
    index = {k: i for i, k in enumerate(keys)}
    sigs = [(index[k], nd.signature(pages[k][1], p)) for k in keys]
    app = {(keys[a], keys[b]) if keys[a] < keys[b] else (keys[b], keys[a]): s for a, b, s in nd.near_pairs(sigs, p)}
    # The baseline, and the exact similarity of the app's own shingles (for the miss sample),
    # both on pages the app would compare (enough text): the others cannot be found by either.
    comparable = {keys[i] for i, s in sigs if s}
    words = {k: word_shingles(pages[k][1]) for k in comparable}
    base = exact_pairs(words, p.threshold)
    chars = {k: nd.shingles(pages[k][1], p.shingle_chars) for k in comparable}
    high = exact_pairs(chars, SAMPLE_FLOOR)
    rest = sorted(q for q in high if q not in app and q not in base)
    upper = {q for q in rest if high[q] >= ALL_ABOVE}
    lower = sorted(q for q in rest if q not in upper)
    sampled = set(random.Random(SEED).sample(lower, min(SAMPLE_SIZE, len(lower))))
    # Each sampled pair stands for this many pairs of its stratum in the recall estimate.
    weight = {q: (len(lower) / len(sampled) if q in sampled else 1.0) for q in set(app) | set(base) | upper | sampled}
    pool = set(weight)

    gold = json.loads(GOLD.read_text()) if GOLD.exists() else {"pairs": []}
    labels = {(g["a"], g["b"]): g["label"] for g in gold["pairs"]}
    split = json.loads(SPLIT.read_text())["files"]

    if args.dump:
        for pair in sorted(pool if args.recheck else pool - set(labels), key=lambda q: -high.get(q, 1)):
            a, b = pair
            label = labels.get(pair, "")
            print("=" * 100)
            print(f'{{"a": "{a}", "b": "{b}", "label": "{label}"}}  app={app.get(pair, 0):.2f} '
                  f"words={base.get(pair, jaccard(words[a], words[b])):.2f} chars={high.get(pair, 0):.2f} "
                  f"contained(word 3-shingles, min/max)={containment(pages[a][1], pages[b][1])}")
            for k in pair:
                text = " ".join(pages[k][1].split())
                print(f"--- {k}: {text[:170]}\n    ... {text[-90:]}")
        return 0

    print(f"{len(pages)} pages, {len(comparable)} with enough text; parameters {p.label}, threshold {p.threshold}")
    print(f"pool: {len(pool)} pairs (app {len(app)}, baseline {len(base)}, exact char Jaccard >= {SAMPLE_FLOOR}: {len(high)}); "
          f"judged {len(pool & set(labels))}")
    print(f"  of the rest: all {len(upper)} at >= {ALL_ABOVE}, {len(sampled)} of {len(lower)} below (seed {SEED})")
    results: dict[str, dict[str, object]] = {}
    for part in ("tuning", "report", "all"):
        mine = {q for q in pool if part == "all" or split_of(q, split) == part}
        positives = sum(weight[q] for q in mine if labels.get(q) in DUPLICATE)
        results[part] = {
            "duplicates in pool (weighted)": round(positives, 1),
            "app (MinHash LSH)": score((q for q in app if q in mine), labels, positives),
            "baseline (exact word 5-shingle Jaccard)": score((q for q in base if q in mine), labels, positives),
        }
        print(f"\n[{part}] duplicate pairs (sample-weighted): {positives:.1f}")
        for method in ("app (MinHash LSH)", "baseline (exact word 5-shingle Jaccard)"):
            r = results[part][method]
            print(f"  {method:42s} proposed {r['proposed']:4d}  true {r['true']:4d}  "  # type: ignore[index]
                  f"precision {r['precision']}  recall {r['recall']}  unjudged {r['unjudged']}")  # type: ignore[index]
    every = nd.all_pairs(sigs, p)
    lost = [(a, b) for a, b, _ in every if (min(keys[a], keys[b]), max(keys[a], keys[b])) not in app]
    print(f"\nLSH against all pairs of the same signatures: {len(every)} pairs estimated >= {p.threshold}, "
          f"{len(lost)} of them not proposed by LSH")
    missed = [q for q in pool if labels.get(q) in DUPLICATE and q not in app]
    if missed:
        print("\nduplicates the app missed (exact char Jaccard, estimate):")
        for q in sorted(missed):
            print(f"  {q[0]} {q[1]}  exact={jaccard(chars[q[0]], chars[q[1]]):.2f}  "
                  f"estimate={nd.similarity(sigs[index[q[0]]][1], sigs[index[q[1]]][1]):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
