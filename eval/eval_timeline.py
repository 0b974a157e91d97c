"""How many events the Timeline app would propose from the real case file are real events with
the right date and precision (issue 17).

Reads the per-page OCR text of the Louisiana case file in ../shared/data/real/case-files/ocr_json/
(prints a note and exits when it is absent), runs the same code the app runs on a page — the
people extractor's date finder (innocence.people.extraction.dates.extract_dates), then the
timeline's sentence and kind guess (innocence.timeline.services.sentence_around / guess_kind) —
and compares a fixed sample of the proposals with a hand check in eval/timeline_gold/gold.yaml.

The split (eval/timeline_gold/split.yaml): the timeline code was written from the fictional demo
pages only; the NOPD supplemental report is the tuning set (may be looked at while changing the
code), a seeded sample of the exhibit volumes and both trial testimonies is the report set.
Both are reported. The gold file holds file names as keyed hashes (eval/keyed_names.py: file
names of the real case file carry real names), page numbers, character offsets, the normalized
date and the judgments — never page text.

    .venv/bin/python eval/eval_timeline.py [--dump]   (--dump prints the sample to label, for an annotator)
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
DATA = ROOT.parent / "shared" / "data" / "real" / "case-files" / "ocr_json"
GOLD = ROOT / "eval" / "timeline_gold"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from keyed_names import digest, key_for  # noqa: E402


def _pages(name: str) -> list[tuple[int, str]]:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    return [(int(m["page_number"]), str(m["page_content"] or "")) for m in data["messages"]]


def proposals(name: str) -> list[dict[str, object]]:
    from innocence.people.extraction.dates import extract_dates
    from innocence.timeline.services import guess_kind, sentence_around

    found = []
    for number, text in _pages(name):
        for mention in extract_dates(text):
            sentence = sentence_around(text, mention.start, mention.end)
            found.append({"file": name, "page": number, "start": mention.start, "normalized": mention.normalized,
                          "precision": mention.attrs.get("precision"), "kind": guess_kind(sentence),
                          "_sentence": sentence, "_date_text": mention.text})
    return found


def sample(split: dict[str, object], part: str) -> list[dict[str, object]]:
    spec = split[part]  # type: ignore[index]
    pool: list[dict[str, object]] = []
    for name in spec["files"]:  # type: ignore[index]
        pool += proposals(name)
    rng = random.Random(int(spec["seed"]))  # type: ignore[index]
    return sorted(rng.sample(pool, min(int(spec["size"]), len(pool))),  # type: ignore[index]
                  key=lambda p: (str(p["file"]), int(p["page"]), int(p["start"])))  # type: ignore[call-overload]


def main() -> None:
    import django
    import yaml

    if not DATA.exists():
        print(f"No real data at {DATA}: nothing to evaluate.")
        return
    django.setup()
    key = key_for(DATA)
    named = {digest(key, path.name): path.name for path in DATA.glob("*.json")}
    split = yaml.safe_load((GOLD / "split.yaml").read_text())
    for part in ("tuning", "report"):
        split[part]["files"] = [named[h] for h in split[part]["files"]]
    gold_file = GOLD / "gold.yaml"
    gold = (yaml.safe_load(gold_file.read_text()) or {}) if gold_file.exists() else {}
    labels = {(g["file"], g["page"], g["start"]): g for g in gold.get("items", [])}

    def hashed(p: dict[str, object]) -> tuple[object, object, object]:
        return digest(key, str(p["file"])), p["page"], p["start"]
    for part in ("tuning", "report"):
        items = sample(split, part)
        if "--dump" in sys.argv:
            for p in items:
                print(f"- {{file: {digest(key, str(p['file']))!r}, page: {p['page']}, start: {p['start']}, normalized: "
                      f"{p['normalized']!r}, precision: {p['precision']}, kind: {p['kind']}}}")
                print(f"  # {p['_date_text']!r} :: {str(p['_sentence'])[:200]!r}")
            continue
        checked = [labels.get(hashed(p)) for p in items]
        missing = sum(1 for c in checked if c is None)
        done = [c for c in checked if c is not None]
        event = sum(1 for c in done if c["event"])
        right = sum(1 for c in done if c["event"] and c["date_right"] and c["precision_right"])
        kind = sum(1 for c in done if c["event"] and c.get("kind_right"))
        said = sum(1 for c in done if c["event"] and c.get("context"))
        print(f"{part}: {len(items)} proposals sampled from {', '.join(split[part]['files'])}"
              f" ({missing} not hand-checked)")
        if done:
            print(f"  real events:                               {event}/{len(done)} = {event / len(done):.2f}")
            print(f"  real events with right date and precision: {right}/{len(done)} = {right / len(done):.2f}")
            if event:
                print(f"  of the real events, kind guessed right:    {kind}/{event} = {kind / event:.2f}")
                print(f"  of the real events, sentence says what:    {said}/{event} = {said / event:.2f}")
        total = sum(len(proposals(n)) for n in split[part]["files"])
        print(f"  proposals in these files altogether: {total}")


if __name__ == "__main__":
    main()
