"""Near-duplicate pages across files: the same report in the police file and, scanned and
OCR'd separately decades later, in the defense file.

A page's text is normalized (case, punctuation, whitespace; digits and letters OCR confuses
folded together), cut into overlapping character shingles — which survive OCR noise better
than words, since one misread letter spoils one word but only a few shingles — and summarized
as a MinHash signature (datasketch). Candidate pairs come from locality-sensitive hashing
(datasketch's MinHashLSH), so a case of 20,000 pages is not compared all-pairs; each candidate
is kept when its estimated Jaccard similarity reaches the threshold. The parameters live in
innocence/knowledge/prosecution.yaml (``near_duplicate``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from innocence.findings.knowledge import knowledge_base

#: datasketch's hashing scheme, named so stored signatures stay comparable across versions.
SCHEME = "affine32"
DTYPE = np.uint32

#: Characters OCR confuses, folded to one form so that "Kess1er" and "Kessler" shingle alike.
_FOLD = str.maketrans({"1": "l", "|": "l", "!": "l", "0": "o", "5": "s", "8": "b", "$": "s"})


@dataclass(frozen=True)
class Params:
    shingle_chars: int
    num_perm: int
    threshold: float
    min_chars: int

    @property
    def label(self) -> str:
        return f"c{self.shingle_chars}p{self.num_perm}{SCHEME}"


@cache
def params() -> Params:
    data = knowledge_base().data("prosecution").get("near_duplicate") or {}
    return Params(
        shingle_chars=int(data.get("shingle_chars", 5)),
        num_perm=int(data.get("num_perm", 128)),
        threshold=float(data.get("threshold", 0.5)),
        min_chars=int(data.get("min_chars", 80)),
    )


def normalize(text: str) -> str:
    text = text.lower().translate(_FOLD).replace("rn", "m")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def shingles(text: str, size: int) -> set[bytes]:
    norm = normalize(text)
    if len(norm) < size:
        return set()
    return {norm[i : i + size].encode() for i in range(len(norm) - size + 1)}


def signature(text: str, p: Params | None = None) -> bytes:
    """The page's MinHash values as bytes; empty for a page with too little text to compare."""
    p = p or params()
    if len(normalize(text)) < p.min_chars:
        return b""
    m = MinHash(num_perm=p.num_perm, scheme=SCHEME)
    m.update_batch(list(shingles(text, p.shingle_chars)))
    return np.asarray(m.hashvalues, dtype=DTYPE).tobytes()


def _minhash(values: bytes, p: Params) -> MinHash:
    return MinHash(num_perm=p.num_perm, hashvalues=np.frombuffer(values, dtype=DTYPE), scheme=SCHEME)


def similarity(a: bytes, b: bytes) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    return float(np.mean(np.frombuffer(a, dtype=DTYPE) == np.frombuffer(b, dtype=DTYPE)))


def near_pairs(signatures: Iterable[tuple[int, bytes]], p: Params | None = None) -> list[tuple[int, int, float]]:
    """(page id, page id, estimated similarity) for every pair at or above the threshold,
    found through LSH buckets rather than all pairs."""
    p = p or params()
    items = [(pid, sig) for pid, sig in signatures if sig and len(sig) == p.num_perm * DTYPE().itemsize]
    lsh = MinHashLSH(threshold=p.threshold, num_perm=p.num_perm)
    hashes: dict[int, bytes] = {}
    with lsh.insertion_session() as session:
        for pid, sig in items:
            session.insert(pid, _minhash(sig, p), check_duplication=False)
            hashes[pid] = sig
    pairs: list[tuple[int, int, float]] = []
    for pid, sig in items:
        for other in lsh.query(_minhash(sig, p)):
            if other <= pid:
                continue
            score = similarity(sig, hashes[other])
            if score >= p.threshold:
                pairs.append((pid, other, score))
    return pairs


def all_pairs(signatures: Iterable[tuple[int, bytes]], p: Params | None = None) -> list[tuple[int, int, float]]:
    """The baseline: compare every pair (used by bench/ and the evaluation only)."""
    p = p or params()
    items = [(pid, sig) for pid, sig in signatures if sig]
    pairs = []
    for i, (a, sa) in enumerate(items):
        for b, sb in items[i + 1 :]:
            score = similarity(sa, sb)
            if score >= p.threshold:
                pairs.append((min(a, b), max(a, b), score))
    return pairs
