"""Evaluate people extraction, roles and resolution against the hand-made gold sets.

    .venv/bin/python eval/eval_people.py [--data ../shared/data/real/case-files/ocr_json]
                                         [--set tuning|report|all] [--speed] [--verbose]

Reads the real case files (never copied into the repository), extracts and resolves people
exactly as the app does (extraction -> resolution -> known-name pass -> resolution), links
persons across cases, and compares with the annotation in eval/people_gold/:

- ``officers.yaml``: 47 pages of the first case file (tuned on by earlier work);
- ``more.yaml``: pages of the four documents in ``more/`` (issue 13);
- ``report2.yaml``: pages of ``more/`` annotated later, never looked at while changing code.

``split.yaml`` says which pages are for tuning and which are kept back for the report: figures on
the report set are the result, the tuning set is what was looked at while changing code.

Per set it prints law-enforcement persons' precision/recall by (document, page, person), their
role (detective / officer), the roles of the other actors the annotation names (defendant,
victim, prosecutor, ...), and the cross-case links the gold lists (linked / kept apart).
Cases: the ``cases`` map of more.yaml (files not listed are case 1).

The gold files hold no real name: names and file names are keyed hashes (eval/keyed_names.py),
read back from the real files at run time; names are printed (``--verbose``), never written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from keyed_names import Keyed  # noqa: E402

from innocence.people.extraction import extract_page  # noqa: E402
from innocence.people.linking import link_across_cases  # noqa: E402
from innocence.people.pipeline import CasePages, CaseResult, run_case  # noqa: E402
from innocence.people.resolution import (  # noqa: E402
    AUTO_LINK,
    ResolvedPerson,
    given_compatible,
    split_name,
    surname_key,
)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "real" / "case-files" / "ocr_json"
GOLD_DIR = ROOT / "eval" / "people_gold"
LAW_ROLES = ("detective", "officer")
# report2.yaml: pages annotated in session 11 after the first report set was opened for tuning.
GOLD_FILES = ("officers.yaml", "more.yaml", "report2.yaml", "tuning2.yaml", "tuning3.yaml", "tuning4.yaml",
              "tuning5.yaml",
              "tuning6.yaml")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    role_ok: int = 0
    others: int = 0
    others_found: int = 0
    others_role_ok: int = 0
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    # other actors by the gold's role: [role right, annotated]
    by_role: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    # an annotated officer -> the documents naming them, and the resolved persons found for them
    # (case, annotated officer) -> the documents naming them, and the resolved persons found
    case_of_file: dict[str, int] = field(default_factory=dict)
    officer_files: dict[tuple[int, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    officer_persons: dict[tuple[int, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    def recurring_line(self) -> str:
        """Officers the annotation names in two or more documents of one case: how many resolve
        to one person there (a split officer is two or more persons for one annotated officer)."""
        recurring = [key for key, files in self.officer_files.items() if len(files) > 1]
        one = [key for key in recurring if len(self.officer_persons.get(key, ())) == 1]
        split = {key: len(self.officer_persons.get(key, ())) for key in recurring if key not in one}
        detail = ", ".join(f"{pid} of case {case} in {n} persons" for (case, pid), n in sorted(split.items()))
        return (
            f"officers named in 2+ documents of a case: {len(recurring)}, resolved to one person each: {len(one)}"
            + (f" (not: {detail})" if detail else "")
        )

    def line(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        role = self.role_ok / self.tp if self.tp else 1.0
        other = self.others_role_ok / self.others if self.others else 1.0
        return (
            f"pages {self.pages:3d} | law enforcement: precision {p:.3f} recall {r:.3f} "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}) | officer role {role:.3f} | "
            f"other actors: found {self.others_found}/{self.others}, role right {self.others_role_ok}/{self.others}"
            f" ({other:.3f})"
        )

    def roles_line(self) -> str:
        return ", ".join(f"{role} {ok}/{n}" for role, (ok, n) in sorted(self.by_role.items()))


def in_set(split: dict, set_name: str, gold_name: str, file: str, page: int) -> bool:
    for entry in split.get(set_name, []):
        if entry["gold"] != gold_name:
            continue
        if "file" in entry and entry["file"] != file:
            continue
        pages = entry.get("pages", "all")
        if pages == "all" or pages[0] <= page <= pages[1]:
            return True
    return False


def gold_person_for(person: ResolvedPerson, persons: dict[str, dict]) -> str | None:
    """The annotated officer a resolved person is: surname (any listed spelling) and, when both
    sides give one, a compatible first name."""
    key = surname_key(person.surname)
    best, best_score = None, 0.0
    for pid, info in persons.items():
        given, surname = split_name(info["name"])
        if person.given and given and not _given_fits(person, given):
            continue
        for variant in [surname, *info.get("variants", [])]:
            vkey = surname_key(variant.split()[-1])
            score = 100.0 if vkey == key else fuzz.ratio(vkey, key)
            if score > best_score:
                best, best_score = pid, score
    return best if best_score >= 85 else None


def _given_fits(person: ResolvedPerson, given: str) -> bool:
    """The annotated first name can be the found person's: the same first name, or the initial of
    the middle name the person is also called by ("B. Roe" for Wendell B. Roe)."""
    if given_compatible(person.given, given)[0]:
        return True
    initial = given.strip(".").lower()
    return len(initial) == 1 and person.middle.lower() == initial


def read_gold(gold: dict, keyed: Keyed) -> dict:
    """The gold file with its keyed names and files read back from the real files (in memory)."""
    gold["cases"] = {keyed.file(h): case for h, case in (gold.get("cases") or {}).items()}
    for info in gold["persons"].values():
        info["name"] = keyed.name(info["name"])
        info["variants"] = [keyed.name(v) for v in info.get("variants", [])]
    for items in (gold.get("cross_case") or {}).values():
        for item in items:
            item["name"] = keyed.name(item["name"])
    for entry in gold["pages"]:
        entry["file"] = keyed.file(entry["file"])
        for other in entry.get("others", []):
            other["name"] = keyed.name(other["name"])
    return gold


def page_roles(result: CaseResult, person: ResolvedPerson) -> dict[int, str]:
    by_page: dict[int, list[str]] = defaultdict(list)
    for mention_id in person.mention_ids:
        m = result.mentions[mention_id]
        by_page[m.page_id].append(m.title_role)
    out = {}
    for page_id, title_roles in by_page.items():
        roles = [r for r in title_roles if r in LAW_ROLES]
        role = "detective" if "detective" in roles else ("officer" if roles else person.role)
        out[page_id] = role if role in LAW_ROLES else "officer"
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--set", choices=("tuning", "report", "all"), default="all")
    parser.add_argument("--speed", action="store_true", help="extractor pages/s vs dateparser.search_dates")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"No real data at {args.data}: nothing to evaluate.")
        return 0
    files = sorted([*args.data.glob("*.json"), *(args.data / "more").glob("*.json")])
    keyed = Keyed(args.data, files)
    split = yaml.safe_load((GOLD_DIR / "split.yaml").read_text())
    for entries in split.values():
        for entry in entries:
            if "file" in entry:
                entry["file"] = keyed.file(entry["file"])
    golds = {
        name: read_gold(yaml.safe_load((GOLD_DIR / name).read_text()), keyed)
        for name in GOLD_FILES
        if (GOLD_DIR / name).exists()
    }
    case_of_file = golds["more.yaml"]["cases"]

    cases: dict[int, CasePages] = defaultdict(CasePages)
    page_ref: dict[int, tuple[str, int]] = {}
    texts: list[str] = []
    next_id = 1
    for path in files:
        case_id = case_of_file.get(path.name, 1)
        for message in json.loads(path.read_text())["messages"]:
            page_ref[next_id] = (path.name, int(message["page_number"]))
            cases[case_id].add(next_id, message.get("page_content") or "")
            texts.append(message.get("page_content") or "")
            next_id += 1
    started = time.perf_counter()
    results = {case_id: run_case(case_id, pages) for case_id, pages in sorted(cases.items())}
    elapsed = time.perf_counter() - started
    n_pages = sum(len(c.texts) for c in cases.values())
    print(f"pages: {n_pages} in {len(cases)} cases, read in {elapsed:.1f} s (extraction + resolution)")

    # every person with a mention on each page: (file, page) -> [(case, person, page role)]
    on_page: dict[tuple[str, int], list[tuple[int, ResolvedPerson, str]]] = defaultdict(list)
    for case_id, result in results.items():
        for person in result.persons:
            roles = page_roles(result, person) if person.is_law_enforcement else {}
            for page_id in {result.mentions[i].page_id for i in person.mention_ids}:
                on_page[page_ref[page_id]].append((case_id, person, roles.get(page_id, "")))

    sets = ("tuning", "report") if args.set == "all" else (args.set,)
    for gold_name, gold in golds.items():
        for set_name in sets:
            tally = Tally(case_of_file=case_of_file)
            for entry in gold["pages"]:
                ref = (entry["file"], int(entry["page"]))
                if not in_set(split, set_name, gold_name, *ref):
                    continue
                tally.pages += 1
                evaluate_page(tally, ref, entry, on_page.get(ref, []), gold["persons"])
            if tally.pages:
                print(f"{gold_name:14s} {set_name:6s} {tally.line()}")
                print(f"{'':21s} other actors' roles right, by role: {tally.roles_line()}")
                print(f"{'':21s} {tally.recurring_line()}")
                if args.verbose:
                    for key, found in sorted(tally.officer_persons.items()):
                        if len(found) > 1 and len(tally.officer_files.get(key, ())) > 1:
                            print(f"  split {key[1]} of case {key[0]}: {sorted(found)}")
                if args.verbose:
                    print("  " + "\n  ".join(sorted(tally.problems)))

    all_persons = [p for r in results.values() for p in r.persons]
    links = link_across_cases(all_persons)
    auto = [link for link in links if link.confidence >= AUTO_LINK]
    by_key = {(p.case_id, p.key): p for p in all_persons}
    print(f"cross-case links: {len(auto)} automatic (>= {AUTO_LINK}), {len(links) - len(auto)} proposed")
    for _name, gold in (("more.yaml", golds["more.yaml"]),):
        cross = gold.get("cross_case", {})
        for item in cross.get("linked", []):
            ok = _linked(auto, by_key, item["name"], item["cases"], law_only=True)
            print(f"  recurring {item['name']} in cases {item['cases']}: {'linked' if ok else 'NOT linked'}")
        merges = 0
        for item in cross.get("apart", []):
            bad = _linked(auto, by_key, item["name"], item["cases"], law_only=False)
            merges += bad
            print(
                f"  apart {item['name']} in cases {item['cases']}: {'FALSE MERGE' if bad else 'kept apart'}"
            )
        print(f"  false merges among the listed pairs: {merges}")
        # every other automatic link is a merge nobody annotated: counted, to be checked by hand
        listed = [(item["name"], item["cases"]) for item in cross.get("linked", [])]
        unlisted = [
            link
            for link in auto
            if not any(_linked([link], by_key, name, cases, law_only=False) for name, cases in listed)
        ]
        print(f"  automatic links outside the gold's linked list (possible false merges): {len(unlisted)}")
    if args.verbose:
        for link in links:
            a, b = by_key[link.a], by_key[link.b]
            print(
                f"  link {link.confidence:.2f} {a.display_name} ({a.case_id}, {a.role}, {a.agency or '-'}, "
                f"{a.era or '-'}) ~ {b.display_name} ({b.case_id}, {b.role}, {b.agency or '-'}, {b.era or '-'}): "
                f"{'; '.join(link.reasons)}"
            )

    if args.speed:
        speed(texts)
    return 0


def _linked(auto, by_key, name: str, cases: list[int], *, law_only: bool) -> bool:
    key = surname_key(name)
    for link in auto:
        a, b = by_key[link.a], by_key[link.b]
        if {a.case_id, b.case_id} != set(cases):
            continue
        if surname_key(a.surname)[:3] != key[:3] and surname_key(b.surname)[:3] != key[:3]:
            continue
        if fuzz.ratio(surname_key(a.surname), key) < 80 or fuzz.ratio(surname_key(b.surname), key) < 80:
            continue
        if law_only and not (a.is_law_enforcement and b.is_law_enforcement):
            continue
        return True
    return False


def evaluate_page(tally: Tally, ref, entry: dict, found: list, persons: dict[str, dict]) -> None:
    truth = {o["person"]: o["role"] for o in entry.get("officers", [])}
    for pid in truth:
        tally.officer_files[(tally.case_of_file.get(ref[0], 1), pid)].add(ref[0])
    guess: dict[str, str] = {}
    for case, person, role in found:
        if not person.is_law_enforcement:
            continue
        gid = gold_person_for(person, persons) or f"?{person.display_name}"
        if guess.get(gid) != "detective":
            guess[gid] = role
        if gid in truth:
            tally.officer_persons[(case, gid)].add(person.key)
    where = f"{ref[0][:14]} p{ref[1]}"

    def label(pid: str) -> str:
        return f"{pid} {persons[pid]['name']}" if pid in persons else pid

    for pid, role in guess.items():
        if pid in truth:
            tally.tp += 1
            if role == truth[pid]:
                tally.role_ok += 1
            else:
                tally.problems.append(f"role  {where}: {label(pid)} predicted {role}, gold {truth[pid]}")
        else:
            tally.fp += 1
            tally.problems.append(f"FP    {where}: {label(pid)}")
    for pid in truth:
        if pid not in guess:
            tally.fn += 1
            tally.problems.append(f"FN    {where}: {label(pid)}")
    for other in entry.get("others", []):
        tally.others += 1
        tally.by_role[other["role"]][1] += 1
        given, surname = split_name(other["name"])
        match = None
        for _case, person, _role in found:
            if fuzz.ratio(surname_key(person.surname), surname_key(surname)) >= 85 and (
                not person.given or not given or _given_fits(person, given)
            ):
                match = person
                break
        if match is None:
            tally.problems.append(f"other {where}: {other['name']} ({other['role']}) not found")
            continue
        tally.others_found += 1
        if match.role == other["role"]:
            tally.others_role_ok += 1
            tally.by_role[other["role"]][0] += 1
        else:
            tally.problems.append(
                f"other {where}: {other['name']} role {match.role or '-'}, gold {other['role']}"
            )


def speed(texts: list[str], sample: int = 120) -> None:
    from dateparser.search import search_dates

    pages = [t for t in texts if t.strip()][:sample]
    started = time.perf_counter()
    for text in pages:
        extract_page(text)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    for text in pages:
        search_dates(text[:20000], languages=["en"])
    theirs = time.perf_counter() - started
    print(
        f"speed on {len(pages)} pages: extractor {len(pages) / ours:.1f} pages/s, "
        f"dateparser.search_dates {len(pages) / theirs:.1f} pages/s, ratio {theirs / ours:.1f}x"
    )


if __name__ == "__main__":
    raise SystemExit(main())
