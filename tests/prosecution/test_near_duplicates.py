"""The near-duplicate signatures (one-permutation MinHash in numpy): their estimates track the
exact Jaccard similarity of the pages' shingles, short pages (empty bins) included. Fictional
text made here."""

from __future__ import annotations

import random

import numpy as np
import pytest

from innocence.prosecution import near_duplicates as nd

WORDS = ["the", "clerk", "said", "a", "man", "in", "a", "red", "jacket", "came", "to", "the", "counter", "of", "the", "fictional", "store", "at", "nine"]


def _page(rng: random.Random, lines: int = 12) -> str:
    return "\n".join(" ".join(rng.choice(WORDS) + str(rng.randint(0, 99)) for _ in range(10)) for _ in range(lines))


def _exact(a: str, b: str, size: int) -> float:
    na, nb = nd.normalize(a), nd.normalize(b)
    sa = {na[i : i + size] for i in range(len(na) - size + 1)}
    sb = {nb[i : i + size] for i in range(len(nb) - size + 1)}
    return len(sa & sb) / len(sa | sb)


@pytest.mark.parametrize("lines", [2, 3, 12, 60])  # 2 lines: about 120 shingles, many empty bins
def test_estimates_track_the_exact_similarity(lines: int) -> None:
    p = nd.params()
    rng = random.Random(lines)
    for _ in range(20):
        a = _page(rng, lines)
        mixed = "\n".join(line if rng.random() < 0.5 else _page(rng, 1) for line in a.split("\n"))
        for b in (a, mixed, _page(rng, lines)):
            exact = _exact(a, b, p.shingle_chars)
            estimate = nd.similarity(nd.signature(a, p), nd.signature(b, p))
            # Standard error of a 128-value MinHash estimate is at most 0.045; 4 of them.
            assert abs(estimate - exact) < 0.18, (lines, exact, estimate)


def test_signature_is_deterministic_and_the_label_names_the_scheme() -> None:
    p = nd.params()
    text = _page(random.Random(3))
    first, second = nd.signature(text, p), nd.signature(text, p)
    assert first == second and len(first) == p.num_perm * np.dtype(nd.DTYPE).itemsize
    assert nd.SHINGLE_HASH in p.label  # signatures made another way are not compared with these
    assert nd.signature("too short", p) == b""


def test_near_pairs_finds_an_ocr_noisy_copy_and_not_an_unrelated_page() -> None:
    p = nd.params()
    rng = random.Random(5)
    original = _page(rng)
    noisy = original.replace("l", "1").replace("o", "0").replace("m", "rn")
    noisy = noisy[:200] + "x" + noisy[201:]
    signatures = [(1, nd.signature(original, p)), (2, nd.signature(noisy, p)), (3, nd.signature(_page(rng), p))]
    pairs = nd.near_pairs(signatures, p)
    assert [(a, b) for a, b, _ in pairs] == [(1, 2)]


def test_near_pairs_is_the_same_answer_from_its_cache_and_fresh_for_new_signatures() -> None:
    from datasketch import MinHashLSH

    p = nd.params()
    rng = random.Random(7)
    pages = [_page(rng) for _ in range(30)]
    pages[4] = pages[3]  # one exact copy
    signatures = [(i, nd.signature(text, p)) for i, text in enumerate(pages, 1)]
    nd._pairs_cache.clear()
    fresh = nd.near_pairs(signatures, p)
    assert [(a, b) for a, b, _ in fresh] == [(4, 5)]
    assert nd.near_pairs(signatures, p) == fresh and len(nd._pairs_cache) == 1
    # the exhaustive baseline agrees on this small set
    assert [(a, b) for a, b, _ in nd.all_pairs(signatures, p)] == [(4, 5)]
    # a changed page is a new question
    signatures[5] = (6, nd.signature(pages[3], p))
    assert sorted((a, b) for a, b, _ in nd.near_pairs(signatures, p)) == [(4, 5), (4, 6), (5, 6)]
    # the bands given to LSH are those it would choose itself for the threshold
    default = MinHashLSH(threshold=p.threshold, num_perm=p.num_perm)
    assert nd._bands(p.threshold, p.num_perm) == (default.b, default.r)


def test_normalize_without_the_regex_is_the_regex() -> None:
    """ASCII pages are normalized by a translation table and split/join: exactly the regex's
    result (folded OCR confusions, "rn" read as "m", runs of anything else one blank)."""
    import re

    def by_regex(text: str) -> str:
        text = text.lower().translate(nd._FOLD).replace("rn", "m")
        return re.sub(r"[^a-z0-9]+", " ", text).strip()

    rng = random.Random(3)
    alphabet = [chr(code) for code in range(128)] + ["rn", "RN", "Rn", "r\nn", "é", "İ", "\u212a"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert nd.normalize(text) == by_regex(text), repr(text)
