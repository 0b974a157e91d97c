"""Precision and recall of private actor matching on FICTIONAL actor indexes with known
overlaps and name variants, beside the plaintext baseline (anonlink's own Dice comparison
and greedy solver on unkeyed bigrams of the same normalised names).

The indexes are generated here from invented name parts with a fixed seed; no real name is
used. Two splits: "tuning" (seed 1; the threshold linkage.THRESHOLD was chosen on it) and
"report" (seed 2, never looked at while tuning). Run: .venv/bin/python eval/eval_actor_linkage.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from innocence.partners import linkage

GIVEN = [
    "Raymond",
    "Helen",
    "Curtis",
    "Gloria",
    "Arthur",
    "Eileen",
    "Walter",
    "Denise",
    "Luis",
    "Marcus",
    "Tessa",
    "Harold",
    "Ivy",
    "Jerome",
    "Lorna",
    "Nolan",
    "Opal",
    "Percy",
    "Rhoda",
    "Silas",
    "Thelma",
    "Vernon",
    "Wade",
]
SUR = [
    "Kessler",
    "Prater",
    "Bellamy",
    "Vance",
    "Tully",
    "Munro",
    "Fenwick",
    "Carter",
    "Ortega",
    "Brannock",
    "Quillon",
    "Hadley",
    "Marchetti",
    "Okafor",
    "Lindqvist",
    "Dubois",
    "Fairweather",
    "Ramsay",
    "Whitcombe",
    "Yarborough",
    "Zelinski",
    "Abernethy",
    "Castellano",
    "Delacroix",
    "Esterhuizen",
    "Galloway",
    "Hollis",
]
ROLES = ["officer", "prosecutor", "forensic_analyst", "informant", "expert"]
TITLES = {
    "officer": ["Det.", "Sgt.", "Officer"],
    "prosecutor": ["ADA"],
    "forensic_analyst": ["Dr."],
    "informant": [""],
    "expert": ["Dr."],
}


def typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap", "sub"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return word[:i] + rng.choice("aeiourstn") + word[i + 1 :]


def variant(rng: random.Random, given: str, sur: str, role: str) -> str:
    form = rng.choice(["full", "initial", "title", "comma", "typo"])
    title = rng.choice(TITLES[role])
    if form == "initial":
        return f"{given[0]}. {sur}"
    if form == "title":
        return f"{title} {given} {sur}".strip()
    if form == "comma":
        return f"{sur}, {given}"
    if form == "typo":
        return f"{given} {typo(rng, sur)}"
    return f"{given} {sur}"


def indexes(
    seed: int, size: int = 150, shared: int = 40
) -> tuple[list[linkage.Actor], list[linkage.Actor], set[tuple[str, str]]]:
    rng = random.Random(seed)
    people = list({(g, s) for g in GIVEN for s in SUR})
    rng.shuffle(people)
    roles = {p: rng.choice(ROLES) for p in people}
    a_people, b_only = people[:size], people[size : 2 * size - shared]
    b_people = a_people[:shared] + b_only
    a = [
        linkage.Actor(
            f"a{i}", roles[p], "LA", tuple(variant(rng, *p, roles[p]) for _ in range(rng.randint(1, 3)))
        )
        for i, p in enumerate(a_people)
    ]
    b = [
        linkage.Actor(f"b{i}", roles[p], rng.choice(["LA", "MS"]), (variant(rng, *p, roles[p]),))
        for i, p in enumerate(b_people)
    ]
    truth = {(f"a{i}", f"b{i}") for i in range(shared)}
    return a, b, truth


def score(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float]:
    tp = len(found & truth)
    return (tp / len(found) if found else 1.0), tp / len(truth)


def main() -> None:
    secret = "fictional-evaluation-secret"
    print(
        f"threshold {linkage.THRESHOLD}; 150 actors per side, 40 shared; name variants: initials, titles, 'Surname, Given', typos"
    )
    for split, seed in (("tuning", 1), ("report", 2)):
        a, b, truth = indexes(seed)
        encoded = {
            (m.ours, m.theirs) for m in linkage.compare(linkage.encode(secret, a), linkage.encode(secret, b))
        }
        plain = {(x, y) for x, y, _ in linkage.plaintext_compare(a, b)}
        other = linkage.compare(linkage.encode(secret, a), linkage.encode("another-secret", b), threshold=0.5)
        pe, re_ = score(encoded, truth)
        pp, rp = score(plain, truth)
        print(
            f"{split:7s} encoded (clkhash+anonlink): precision {pe:.3f} recall {re_:.3f} | "
            f"plaintext baseline: precision {pp:.3f} recall {rp:.3f} | another secret: {len(other)} matches"
        )


if __name__ == "__main__":
    main()
