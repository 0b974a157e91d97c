"""Evaluate the Evidence-lens proposer on the real material (development only).

Reads ../shared/data/real (or $INNOCENCE_REAL_DATA): the OCR'd case files
(case-files/ocr_json/*.json and more/*.json, one entry per page) and the two opinions
(opinions/*.txt, cut into 3,000-character pseudo-pages). Runs ``propose_page`` — the same
pure function the app runs — and prints counts per kind and file.

Split (written before any look at the real material): the proposer's patterns in
innocence/knowledge/evidence_proposals.yaml were written from the fictional demo and test
pages only, so there is NO tuning set from the real material; every real file is in the
REPORT set. Accuracy is judged by hand on a fixed sample (every proposal whose sha256 of
file|page|kind|quote starts with one of the hex digits in SAMPLE_PREFIXES, about 1 in 8),
recorded in eval/evidence_proposals_sample.json as {sample key: true/false} — keys only,
never the real text. ``--show-sample`` prints the sample with its text (to the terminal only)
for judging.

    INNOCENCE_DATA_DIR=/tmp/eval .venv/bin/python eval/eval_evidence_proposals.py [--show-sample]
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
django.setup()

from innocence.evidence.proposals import propose_page  # noqa: E402

REAL = Path(os.environ.get("INNOCENCE_REAL_DATA", Path(__file__).resolve().parents[2] / "shared" / "data" / "real"))
SAMPLE_FILE = Path(__file__).with_name("evidence_proposals_sample.json")
SAMPLE_PREFIXES = ("0", "8")
PSEUDO_PAGE = 3000


def pages() -> list[tuple[str, int, str]]:
    found: list[tuple[str, int, str]] = []
    for path in sorted((REAL / "case-files" / "ocr_json").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for message in data.get("messages", []):
            found.append((path.name, int(message.get("page_number") or 0), message.get("page_content") or ""))
    for path in sorted((REAL / "opinions").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for i in range(0, len(text), PSEUDO_PAGE):
            found.append((path.name, i // PSEUDO_PAGE + 1, text[i:i + PSEUDO_PAGE]))
    return found


def key(name: str, page: int, kind: str, quote: str) -> str:
    return hashlib.sha256(f"{name}|{page}|{kind}|{' '.join(quote.split())}".encode()).hexdigest()[:16]


def main() -> int:
    if not REAL.exists():
        print(f"{REAL} not found: nothing to evaluate.")
        return 0
    show = "--show-sample" in sys.argv
    judged = json.loads(SAMPLE_FILE.read_text()) if SAMPLE_FILE.exists() else {}
    judged = {k: v for k, v in judged.items() if not k.startswith("_")}
    by_kind: Counter[str] = Counter()
    by_file: Counter[str] = Counter()
    sample = []
    all_pages = pages()
    for name, number, text in all_pages:
        for p in propose_page(text):
            by_kind[p.kind] += 1
            by_file[name] += 1
            k = key(name, number, p.kind, p.quote)
            if k[0] in SAMPLE_PREFIXES:
                sample.append((k, name, number, p))
    print(f"{len(all_pages)} pages, {sum(by_kind.values())} proposals: {dict(by_kind)}")
    for name, count in by_file.most_common():
        print(f"  {count:4d}  {name}")
    right = {kind: [0, 0] for kind in ("item", "test", "conclusion")}
    for k, name, number, p in sample:
        if k in judged:
            right[p.kind][1] += 1
            right[p.kind][0] += int(bool(judged[k]))
        if show:
            mark = {True: "RIGHT", False: "WRONG"}.get(judged.get(k), "unjudged")
            extra = f" number={p.number}" if p.number else f" method={p.method}" if p.method else ""
            print(f"\n[{k}] {mark} {p.kind}{extra} — {name} p. {number}\n    {' '.join(p.quote.split())[:300]}")
    print(f"\nsample: {len(sample)} proposals, {sum(1 for s in sample if s[0] in judged)} judged by hand")
    for kind, (ok, total) in right.items():
        if total:
            print(f"  {kind:10s} {ok}/{total} right ({ok / total:.0%})")
    unjudged = [s[0] for s in sample if s[0] not in judged]
    if unjudged:
        print(f"  {len(unjudged)} sampled proposals not judged yet (run with --show-sample)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
