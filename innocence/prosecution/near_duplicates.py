"""Near-duplicate pages across files: the same report in the police file and, scanned and
OCR'd separately decades later, in the defense file.

A page's text is normalized (case, punctuation, whitespace; digits and letters OCR confuses
folded together), cut into overlapping character shingles — which survive OCR noise better
than words, since one misread letter spoils one word but only a few shingles — and summarized
as a MinHash signature, computed here for a whole page at once in numpy with one hash per
shingle (one-permutation MinHash, see ``signature``; datasketch's MinHash, SHA-1 per shingle
and 128 permutations in Python, was a fifth of the CPU of a text ingest). Candidate pairs
come from locality-sensitive hashing (datasketch's MinHashLSH), so a case of 20,000 pages is
not compared all-pairs; each candidate is kept when its estimated Jaccard similarity reaches
the threshold. The parameters live in innocence/knowledge/prosecution.yaml (``near_duplicate``).
datasketch is imported only to compare (it pulls in scipy: most of a second of start-up for
every process that merely computes signatures).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from innocence.findings.knowledge import knowledge_base

if TYPE_CHECKING:
    from datasketch import MinHash

#: The datasketch scheme the LSH index is given the values as (uint32 MinHash values).
SCHEME = "affine32"
#: How the signature is made (see ``signature``): packed shingles, one hash each, one-permutation
#: MinHash with densification. Part of the label: signatures made by datasketch's MinHash
#: (SHA-1 per shingle, "affine32" alone) are not comparable and count as "not compared yet"
#: until the case is compared again.
SHINGLE_HASH = "oph"
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
        return f"c{self.shingle_chars}p{self.num_perm}{SCHEME}{SHINGLE_HASH}"


@cache
def params() -> Params:
    data = knowledge_base().data("prosecution").get("near_duplicate") or {}
    return Params(
        shingle_chars=int(data.get("shingle_chars", 5)),
        num_perm=int(data.get("num_perm", 128)),
        threshold=float(data.get("threshold", 0.5)),
        min_chars=int(data.get("min_chars", 80)),
    )


#: _FOLD, and every other ASCII character that is not a lower-case letter or digit made a blank
_FOLD_BLANK = str.maketrans(
    {
        chr(code): _FOLD.get(code, chr(code) if chr(code) in "abcdefghijklmnopqrstuvwxyz0123456789" else " ")
        for code in range(128)
    }
)


def normalize(text: str) -> str:
    if text.isascii():
        # the same as below without the regex engine (a third of the cost): blanks, then
        # runs of blanks made one by split/join
        return " ".join(text.lower().translate(_FOLD_BLANK).replace("rn", "m").split())
    text = text.lower().translate(_FOLD).replace("rn", "m")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def shingles(text: str, size: int) -> set[bytes]:
    norm = normalize(text)
    if len(norm) < size:
        return set()
    return {norm[i : i + size].encode() for i in range(len(norm) - size + 1)}


def _fmix64(values: np.ndarray) -> np.ndarray:
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


def shingle_hashes(norm: str, size: int) -> np.ndarray:
    """64-bit hashes of the ``size``-character shingles of a normalized text (ASCII:
    ``normalize`` keeps only a-z, 0-9 and spaces): each shingle's bytes packed into an
    integer (exact up to 8 characters; beyond, the oldest bytes shift out) and mixed with
    MurmurHash3's 64-bit finalizer. A shingle seen twice hashes twice: the minimum is the same."""
    data = np.frombuffer(norm.encode("ascii"), dtype=np.uint8).astype(np.uint64)
    count = len(data) - size + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    packed = np.zeros(count, dtype=np.uint64)
    for offset in range(size):
        packed = (packed << np.uint64(8)) | data[offset : offset + count]
    return _fmix64(packed)


@cache
def _borrow_order(bins: int, tries: int = 48) -> np.ndarray:
    """For each bin, a fixed pseudo-random sequence of other bins an empty bin borrows from
    (the same for every page, so that two pages borrow alike)."""
    gen = np.random.RandomState(1)
    return gen.randint(0, bins, size=(bins, tries)).astype(np.intp)


def signature(text: str, p: Params | None = None) -> bytes:
    """The page's MinHash values as bytes; empty for a page with too little text to compare.

    One-permutation MinHash with optimal densification (Shrivastava, ICML 2017): each
    shingle is hashed once; its top bits pick one of ``num_perm`` bins, the bin keeps the
    least of the other bits; an empty bin (short pages) takes the value of the first
    non-empty bin in its fixed borrowing sequence. Two pages agree on a bin with probability
    their Jaccard similarity, as with ``num_perm`` independent permutations (what
    datasketch's MinHashLSH expects), at the cost of one hash per shingle instead of
    ``num_perm`` — bench/bench_disclosure_matrix.py measures the estimates against the exact
    similarity and against datasketch's MinHash."""
    p = p or params()
    norm = normalize(text)
    if len(norm) < p.min_chars:
        return b""
    hashes = shingle_hashes(norm, p.shingle_chars)
    bins = p.num_perm
    values = np.full(bins, np.iinfo(DTYPE).max, dtype=DTYPE)
    filled = np.zeros(bins, dtype=bool)
    # Bin from the high bits (a multiply-shift onto [0, bins)), value from the low 32 bits.
    which = ((hashes >> np.uint64(32)) * np.uint64(bins) >> np.uint64(32)).astype(np.intp)
    np.minimum.at(values, which, (hashes & np.uint64(0xFFFFFFFF)).astype(DTYPE))
    filled[which] = True
    if not filled.all():
        empty = np.flatnonzero(~filled)
        candidates = _borrow_order(bins)[empty]
        usable = filled[candidates]
        first = usable.argmax(axis=1)
        chosen = candidates[np.arange(len(empty)), first]
        # No non-empty bin in the whole sequence (a page of a few shingles): the next one to the right.
        for row in np.flatnonzero(~usable.any(axis=1)):
            after = np.flatnonzero(np.roll(filled, -int(empty[row])))
            chosen[row] = (int(empty[row]) + int(after[0])) % bins
        values[empty] = values[chosen]
    return values.tobytes()


def _minhash(values: bytes, p: Params) -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=p.num_perm, hashvalues=np.frombuffer(values, dtype=DTYPE), scheme=SCHEME,
                   permutations=_permutations(p.num_perm))


@cache
def _permutations(num_perm: int) -> np.ndarray:
    """The permutation parameters every MinHash of this size shares. MinHash() draws them anew
    from its seed unless given (most of the cost of wrapping a stored signature), and LSH reads
    only the hash values."""
    from datasketch import MinHash

    permutations: np.ndarray = MinHash(num_perm=num_perm, scheme=SCHEME).permutations
    return permutations


def similarity(a: bytes, b: bytes) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    return float(np.mean(np.frombuffer(a, dtype=DTYPE) == np.frombuffer(b, dtype=DTYPE)))


#: near_pairs answers kept per process: one review of the record asks for the same case's
#: pairs several times (each disclosure rule, then the matrix it shows), over signatures that
#: have not changed in between.
PAIRS_CACHE_ENTRIES = 8
_pairs_cache: OrderedDict[bytes, list[tuple[int, int, float]]] = OrderedDict()
_pairs_lock = threading.Lock()


def near_pairs(signatures: Iterable[tuple[int, bytes]], p: Params | None = None) -> list[tuple[int, int, float]]:
    """(page id, page id, estimated similarity) for every pair at or above the threshold,
    found through LSH buckets rather than all pairs. A pure function of the signatures and
    the parameters, so an answer for the very same input is reused."""
    p = p or params()
    items = [(pid, sig) for pid, sig in signatures if sig and len(sig) == p.num_perm * DTYPE().itemsize]
    digest = hashlib.sha256(f"{p.label}:{p.threshold}:{len(items)}".encode())
    for pid, sig in items:
        digest.update(pid.to_bytes(8, "little", signed=True))
        digest.update(sig)
    key = digest.digest()
    with _pairs_lock:
        cached = _pairs_cache.get(key)
        if cached is not None:
            _pairs_cache.move_to_end(key)
            return list(cached)
    pairs = _near_pairs(items, p)
    with _pairs_lock:
        _pairs_cache[key] = pairs
        while len(_pairs_cache) > PAIRS_CACHE_ENTRIES:
            _pairs_cache.popitem(last=False)
    return list(pairs)


@cache
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """LSH's (bands, rows) for the threshold: datasketch finds them by numerical integration
    on every MinHashLSH(threshold=...), a quarter of the cost of pairing a case's pages."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def _near_pairs(items: list[tuple[int, bytes]], p: Params) -> list[tuple[int, int, float]]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=p.threshold, num_perm=p.num_perm, params=_bands(p.threshold, p.num_perm))
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



def warm_up() -> None:
    """Load the patterns and vocabularies every page needs (the page-text consumer's
    ``warm_up``): no database."""
    from innocence.core.extensions import WARM_UP_PAGE

    signature(WARM_UP_PAGE, params())
