"""The index's vocabulary: every word of indexed page text, with a trigram index of its
OCR-folded form, so that the words within an edit or two of a query word are found without
reading the whole vocabulary (bench/bench_vocabulary.py measures it against a full scan).

One table for every backend (SQLite FTS5, PostgreSQL, Tantivy), kept by the search index
consumer as it indexes pages. It only grows: a word whose pages were deleted stays, which is
harmless because nothing is shown from it — a candidate is offered to a user only with its
page count in that user's scope, from the backend (see :mod:`.expansion`).

Candidates: a word within *d* edits of the query word shares at least ``g - 3d`` of the
query's *g* padded trigrams (one edit touches at most three), and its length differs by at
most *d*; the survivors are checked with the exact OCR-folded edit distance. The lookup is
then exact (a test compares it with a full scan). Only where the filter cannot hold anything
back — a word of under three letters, or ``~2`` on a word of under seven, never a default —
it reads the words of the right length that keep the first or the last letter.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count

from .models import VocabularyGram, VocabularyTerm
from .variants import close_words, ocr_key

MAX_WORD_LENGTH = 48
MIN_WORD_LENGTH = 2
#: A trigram count filter that lets through more than this many terms is not worth it:
#: the word is too short or the distance too large; such a lookup reads words of the right
#: length and first letter only.
MAX_CANDIDATES = 50_000
BATCH = 500


def grams(key: str) -> set[str]:
    padded = f"^{key}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _wanted(word: str) -> bool:
    return MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and not word.isdigit()


def add_words(words: Iterable[str]) -> int:
    """Add the words not yet in the vocabulary (idempotent, safe to run concurrently).
    Returns how many were new."""
    wanted = sorted({w for w in words if _wanted(w)})
    added = 0
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        known = set(VocabularyTerm.objects.filter(word__in=chunk).values_list("word", flat=True))
        new = [w for w in chunk if w not in known]
        if not new:
            continue
        with transaction.atomic():
            VocabularyTerm.objects.bulk_create(
                [VocabularyTerm(word=w, key=ocr_key(w)[:MAX_WORD_LENGTH], length=len(ocr_key(w))) for w in new],
                ignore_conflicts=True,
            )
            rows = VocabularyTerm.objects.filter(word__in=new).values_list("pk", "key")
            VocabularyGram.objects.bulk_create(
                [VocabularyGram(gram=g, term_id=pk) for pk, key in rows for g in grams(key)],
                ignore_conflicts=True,
                batch_size=2000,
            )
        added += len(new)
    return added


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {VocabularyGram._meta.db_table}")  # noqa: S608
        cursor.execute(f"DELETE FROM {VocabularyTerm._meta.db_table}")  # noqa: S608


def existing(words: Iterable[str]) -> set[str]:
    """Which of these words the vocabulary holds."""
    wanted = sorted(set(words))
    found: set[str] = set()
    for start in range(0, len(wanted), BATCH):
        found.update(
            VocabularyTerm.objects.filter(word__in=wanted[start : start + BATCH]).values_list("word", flat=True)
        )
    return found


def neighbours(word: str, distance: int, *, limit: int = 50) -> list[tuple[str, int]]:
    """Words of the vocabulary (not ``word``) within ``distance`` OCR-folded edits of it,
    closest first (ties alphabetically), at most ``limit``."""
    if distance <= 0 or not word:
        return []
    key = ocr_key(word)
    query_grams = grams(key)
    need = len(query_grams) - 3 * distance
    lengths = (max(1, len(key) - distance), len(key) + distance)
    terms = VocabularyTerm.objects.filter(length__gte=lengths[0], length__lte=lengths[1])
    if need >= 1:
        ids = (
            VocabularyGram.objects.filter(gram__in=sorted(query_grams))
            .values("term_id")
            .annotate(shared=Count("gram"))
            .filter(shared__gte=need)
            .values("term_id")
        )
        terms = terms.filter(pk__in=ids)
    else:
        # Too short a word for the count filter to hold anything back: words of the right
        # length that keep the first or the last letter (OCR rarely loses both).
        terms = terms.filter(key__startswith=key[:1]) | terms.filter(key__endswith=key[-1:])
    candidates = list(terms.values_list("word", flat=True)[:MAX_CANDIDATES])
    return close_words(word, candidates, distance, limit=limit)
