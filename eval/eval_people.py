"""Evaluate people extraction and resolution against the hand-made gold set.

    .venv/bin/python eval/eval_people.py [--data ../shared/data/real/case-files/ocr_json] [--verbose]

Reads the real case file (never copied into the repository), extracts and resolves people
exactly as the app does (extraction -> resolution -> known-name pass -> resolution), and
compares the law-enforcement officers found on each gold page with eval/people_gold/officers.yaml.
Reports officer-name precision/recall, role precision/recall, and distinct persons resolved per
real officer. The (C), (D), (J) and exhibit files are one case; "Police Report.json" is another.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from innocence.people.pipeline import CasePages, run_case  # noqa: E402
from innocence.people.resolution import surname_key  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "real" / "case-files" / "ocr_json"
GOLD = ROOT / "eval" / "people_gold" / "officers.yaml"
CASE_OF_FILE = {"Police Report.json": 2}


def gold_person_for(surname: str, persons: dict[str, dict]) -> str | None:
    key = surname_key(surname)
    best, best_score = None, 0.0
    for pid, info in persons.items():
        for variant in [info["name"].split()[-1], *info.get("variants", [])]:
            score = 100.0 if surname_key(variant) == key else fuzz.ratio(surname_key(variant), key)
            if score > best_score:
                best, best_score = pid, score
    return best if best_score >= 85 else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"No real data at {args.data}: nothing to evaluate.")
        return 0
    gold = yaml.safe_load(GOLD.read_text())
    gold_persons: dict[str, dict] = gold["persons"]

    cases: dict[int, CasePages] = defaultdict(CasePages)
    page_ref: dict[int, tuple[str, int]] = {}
    next_id = 1
    for path in sorted(args.data.glob("*.json")):
        case_id = CASE_OF_FILE.get(path.name, 1)
        for message in json.loads(path.read_text())["messages"]:
            page_ref[next_id] = (path.name, int(message["page_number"]))
            cases[case_id].add(next_id, message.get("page_content") or "")
            next_id += 1
    started = time.perf_counter()
    results = {case_id: run_case(case_id, pages) for case_id, pages in cases.items()}
    elapsed = time.perf_counter() - started
    n_pages = sum(len(c.texts) for c in cases.values())

    # predicted: (file, page) -> {gold person id or "?name": role}
    predicted: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)
    clusters_per_gold: dict[str, set[tuple[int, str]]] = defaultdict(set)
    unmatched_officers: set[str] = set()
    for case_id, result in results.items():
        for person in result.persons:
            if not person.is_law_enforcement:
                continue
            gid = gold_person_for(person.surname, gold_persons)
            if gid is not None:
                clusters_per_gold[gid].add((case_id, person.key))
            else:
                unmatched_officers.add(person.display_name)
            by_page: dict[int, list[str]] = defaultdict(list)
            for mention_id in person.mention_ids:
                m = result.mentions[mention_id]
                by_page[m.page_id].append(m.title_role)
            for page_id, title_roles in by_page.items():
                roles = [r for r in title_roles if r in ("detective", "officer")]
                role = "detective" if "detective" in roles else ("officer" if roles else person.role)
                role = role if role in ("detective", "officer") else "officer"
                label = gid or f"?{person.display_name}"
                previous = predicted[page_ref[page_id]].get(label)
                if previous != "detective":
                    predicted[page_ref[page_id]][label] = role

    tp = fp = fn = role_ok = 0
    problems: list[str] = []
    for entry in gold["pages"]:
        ref = (entry["file"], int(entry["page"]))
        truth = {o["person"]: o["role"] for o in entry["officers"]}
        guess = predicted.get(ref, {})
        for pid, role in guess.items():
            if pid in truth:
                tp += 1
                if role == truth[pid]:
                    role_ok += 1
                else:
                    problems.append(
                        f"role  {ref[0][:14]} p{ref[1]}: {pid} predicted {role}, gold {truth[pid]}"
                    )
            else:
                fp += 1
                problems.append(f"FP    {ref[0][:14]} p{ref[1]}: {pid}")
        for pid in truth:
            if pid not in guess:
                fn += 1
                problems.append(f"FN    {ref[0][:14]} p{ref[1]}: {pid}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    role_p = role_ok / (tp + fp) if tp + fp else 1.0
    role_r = role_ok / (tp + fn) if tp + fn else 1.0
    gold_on_pages = {o["person"] for e in gold["pages"] for o in e["officers"]}
    print(
        f"pages: {n_pages} read in {elapsed:.1f} s ({n_pages / elapsed:.0f} pages/s, extraction + resolution)"
    )
    print(f"gold pages: {len(gold['pages'])}, officer-page pairs: {tp + fn}")
    print(f"officer names: precision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    print(f"officer roles: precision {role_p:.3f}  recall {role_r:.3f}")
    split = {g: len(c) for g, c in clusters_per_gold.items() if len(c) > 1}
    resolved = sum(len(clusters_per_gold[g]) for g in gold_on_pages if g in clusters_per_gold)
    print(
        f"distinct persons: {resolved} resolved for the {len(gold_on_pages)} real officers on gold pages; "
        f"officers split into several persons: {split or 'none'}"
    )
    for gid in ("venezia", "ruiz", "ursin", "gebbia"):
        print(f"  {gold_persons[gid]['name']}: {len(clusters_per_gold.get(gid, ()))} person(s)")
    print(f"law-enforcement persons in the file not in the gold list: {len(unmatched_officers)}")
    if args.verbose:
        print("\n".join(sorted(problems)))
        print("unmatched:", sorted(unmatched_officers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
