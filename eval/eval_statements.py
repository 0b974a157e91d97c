"""Evaluate the statement-claim proposer on the real case file (development only).

Reads ../shared/data/real/case-files/ocr_json (or $INNOCENCE_REAL_DATA/case-files/ocr_json)
when present, runs the proposer over the pages that carry a witness's description of the
perpetrators in several documents, prints what was found (topic, value, page, passage) and
a comparison across the pages as the Witness tab would show it. Nothing from the real data
is written anywhere; output goes to the terminal only.

    INNOCENCE_DATA_DIR=/tmp/eval .venv/bin/python eval/eval_statements.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
django.setup()

from innocence.witnesses.claims import compare, propose_claims  # noqa: E402
from innocence.witnesses.models import ClaimTopic  # noqa: E402

ROOT = (
    Path(os.environ.get("INNOCENCE_REAL_DATA", Path(__file__).resolve().parents[2] / "shared" / "data" / "real"))
    / "case-files"
    / "ocr_json"
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from keyed_names import digest, key_for  # noqa: E402

# The exhibit volumes' file name carries a real name: kept as its keyed hash (eval/keyed_names.py).
EXHIBITS = "0304a8537e24ee40"

# Pages where the same eyewitness description of the two subjects appears (police reports
# re-typed into the exhibit volumes) and a photo-lineup page of another file's police report.
TARGETS = [
    (EXHIBITS, [29, 30, 31]),
    ("Police Report.json", [4]),
]
# What a careful reader finds on those pages (topics only: the real text stays out of the repo).
EXPECTED_TOPICS = {
    (EXHIBITS, 29): {"race", "sex", "age", "height", "build", "clothing"},
    (EXHIBITS, 30): {"race", "sex", "age", "height", "build", "clothing"},
    (EXHIBITS, 31): {"race", "sex", "height", "clothing"},
    ("Police Report.json", 4): {"clothing", "certainty"},
}


class _Claim:
    def __init__(self, topic: str, value: str) -> None:
        self.topic, self.value = topic, value


def main() -> int:
    if not ROOT.exists():
        print(f"No real data at {ROOT}; nothing to evaluate.")
        return 0
    columns: list[str] = []
    by_column: dict[str, list[_Claim]] = {}
    hits = total = 0
    key = key_for(ROOT)
    named = {digest(key, path.name): path.name for path in ROOT.glob("*.json")}
    for filename, pages in TARGETS:
        data = json.loads((ROOT / named.get(filename, filename)).read_text(encoding="utf-8"))
        texts = {m["page_number"]: m["page_content"] for m in data["messages"]}
        for number in pages:
            claims = propose_claims(texts.get(number, ""))
            column = f"{named.get(filename, filename)[:18]} p.{number}"
            columns.append(column)
            by_column[column] = [_Claim(c.topic, c.value) for c in claims]
            print(f"\n=== {named.get(filename, filename)}, page {number}: {len(claims)} proposal(s)")
            for c in claims:
                quote = " ".join(c.quote.split())
                print(f"  {c.topic:<12} {c.value[:40]:<40} | {quote[:110]}")
            expected = EXPECTED_TOPICS.get((filename, number), set())
            found = {c.topic for c in claims}
            hits += len(expected & found)
            total += len(expected)
            print(f"  expected topics found: {sorted(expected & found)}; missed: {sorted(expected - found)}")
    print("\n=== Comparison across pages (changed cells marked *)")
    rows = compare(columns, by_column, ClaimTopic.choices)
    for row in rows:
        cells = []
        for cell in row.cells:
            text = "; ".join(v.value for v in cell.values)[:28] or "—"
            cells.append(("*" if cell.changed else " ") + text)
        print(f"  {row.label:<16} " + " | ".join(f"{c:<30}" for c in cells))
    print(f"\nTopic recall on the target pages: {hits}/{total} ({hits / max(total, 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
