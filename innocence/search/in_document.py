"""Find a query inside one document, for the documents viewer: which pages match and the
current page's text with the matched passages marked.

It speaks the same query language as the search page (:mod:`innocence.search.query`):
words, "phrases", OR, NOT / -word, prefix*, NEAR(a b, N) and brackets, folded the way the
index folds text (case and accents ignored); filters such as ``type:`` are ignored here —
the document is already chosen. The page text is read from the database, so a page corrected
a moment ago is found at once, before the search index has caught up.

The caller has already fetched the document with the access rule
(``documents_visible_to``); nothing here widens what the user sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz.distance import Levenshtein

from innocence.documents.models import Document, Page
from innocence.documents.page_words import Box, load_words, text_word_boxes

from .expansion import MAX_JOIN_WORDS, MIN_SPLIT_PART, MIN_SPLIT_WORD
from .query import (
    WORD_RE,
    And,
    Fuzzy,
    FuzzyPhrase,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    QueryError,
    Term,
    fold,
    parse,
)
from .variants import ocr_key

#: The viewer lists at most this many matching pages.
MAX_MATCHING_PAGES = 500

#: Text with a character outside printable ASCII may fold onto a query word it does not
#: contain literally (accents, ligatures): such pages are always read, never skipped.
_NOT_PLAIN_ASCII = r"[^\t\n\r -~]"


@dataclass
class InDocumentFind:
    query: str
    error: str = ""  # a plain-words message when the query could not be understood
    pages: list[int] = field(default_factory=list)  # matching page numbers, ascending
    highlighted: SafeString = field(default_factory=lambda: mark_safe(""))
    #: Where the matches of the page on screen are on its image (from the OCR word boxes).
    boxes: list[Box] = field(default_factory=list)

    def next_after(self, number: int) -> int | None:
        return next((m for m in self.pages if m > number), None)

    def previous_before(self, number: int) -> int | None:
        return next((m for m in reversed(self.pages) if m < number), None)


# --- evaluating a query on one page's words -------------------------------------------------

_Span = tuple[int, int]  # word indexes, inclusive


def _words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The folded words of a text and each one's character offsets in the text itself."""
    lowered = text.lower() if text.isascii() else None
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    for match in WORD_RE.finditer(text):
        start, stop = match.span()
        words.append(lowered[start:stop] if lowered is not None else fold(match.group(0)))
        offsets.append((start, stop))
    return words, offsets


def _term_positions(term: Term, words: list[str]) -> list[int]:
    if term.prefix:
        return [i for i, w in enumerate(words) if w.startswith(term.word)]
    return [i for i, w in enumerate(words) if w == term.word]


def _close(word: str, distance: int) -> Callable[[str], bool]:
    """Whether a page word is within ``distance`` OCR-folded edits of ``word`` — the same
    measure the vocabulary uses to widen ``word~N`` for the search index."""
    if distance <= 0:
        return lambda w: w == word
    key = ocr_key(word)
    return lambda w: w == word or (
        abs(len(w) - len(word)) <= distance + 1
        and Levenshtein.distance(ocr_key(w), key, score_cutoff=distance) <= distance
    )


def _sequence_spans(tests: list[Callable[[str], bool]], words: list[str]) -> list[_Span]:
    n = len(tests)
    return [
        (i, i + n - 1)
        for i in range(len(words) - n + 1)
        if all(test(words[i + k]) for k, test in enumerate(tests))
    ]


def _split_spans(word: str, words: list[str]) -> list[_Span]:
    """'lineup' written as two words ('line-up', 'line up')."""
    if len(word) < MIN_SPLIT_WORD:
        return []
    return [
        (i, i + 1)
        for i in range(len(words) - 1)
        if len(words[i]) >= MIN_SPLIT_PART
        and len(words[i + 1]) >= MIN_SPLIT_PART
        and words[i] + words[i + 1] == word
    ]


def _matches(node: Node, words: list[str]) -> tuple[bool, list[_Span]]:
    """Whether the page's words satisfy ``node``, and the word spans to mark."""
    if isinstance(node, Term):
        term_spans = [(i, i) for i in _term_positions(node, words)]
        if not node.prefix:
            term_spans += _split_spans(node.word, words)
        return bool(term_spans), term_spans
    if isinstance(node, Phrase):
        n = len(node.words)
        first = node.words[0]
        phrase_spans = [
            (i, i + n - 1)
            for i, w in enumerate(words)
            if w == first and tuple(words[i : i + n]) == node.words
        ]
        if n <= MAX_JOIN_WORDS:  # 'line up' written as one word
            joined = "".join(node.words)
            phrase_spans += [(i, i) for i, w in enumerate(words) if w == joined]
        return bool(phrase_spans), phrase_spans
    if isinstance(node, Fuzzy):
        test = _close(node.word, node.distance)
        fuzzy_spans = [(i, i) for i, w in enumerate(words) if test(w)]
        return bool(fuzzy_spans), fuzzy_spans
    if isinstance(node, FuzzyPhrase):
        tests = [_close(w, d) for w, d in zip(node.words, node.distances, strict=True)]
        sequence = _sequence_spans(tests, words)
        return bool(sequence), sequence
    if isinstance(node, Near):
        a = [i for i, w in enumerate(words) if w == node.words[0]]
        b = [i for i, w in enumerate(words) if w == node.words[1]]
        # "at most N words apart": at most N other words between the two.
        near_spans = [(i, i) for i in a if any(0 < abs(i - j) <= node.distance + 1 for j in b)]
        near_spans += [(j, j) for j in b if any(0 < abs(i - j) <= node.distance + 1 for i in a)]
        return bool(near_spans), near_spans
    if isinstance(node, And):
        spans: list[_Span] = []
        for child in node.children:
            ok, child_spans = _matches(child, words)
            if not ok:
                return False, []
            spans += child_spans
        return True, spans
    if isinstance(node, Or):
        spans = []
        any_ok = False
        for child in node.children:
            ok, child_spans = _matches(child, words)
            if ok:
                any_ok = True
                spans += child_spans
        return any_ok, spans
    if isinstance(node, Not):
        ok, _ = _matches(node.child, words)
        return not ok, []  # what a page must not contain is never marked
    raise TypeError(f"unknown query node {node!r}")


def page_matches(node: Node, text: str) -> bool:
    words, _ = _words(text)
    return _matches(node, words)[0]


def spans_of(node: Node, text: str) -> list[_Span]:
    """The word spans (indexes of the text's words) that ``node`` matches, [] if none."""
    ok, spans = _matches(node, _words(text)[0])
    return spans if ok else []


def image_boxes(page: Page, text: str, node: Node | None) -> list[Box]:
    """Where the matches of ``node`` in the page's text are on the page image."""
    if node is None:
        return []
    spans = spans_of(node, text)
    if not spans:
        return []
    data = load_words(page.document.stored_file.sha256, page.number)
    if data is None:
        return []
    boxes = text_word_boxes(text, data)
    found: list[Box] = []
    for first, last in sorted(spans):
        found.extend(box for box in boxes[first : last + 1] if box is not None)
    return list(dict.fromkeys(found))


def highlight(text: str, node: Node | None) -> SafeString:
    """The page text, HTML-escaped, with what the query matched in ``<mark>``. Character
    offsets of the text are unchanged (marks add no characters), so a passage selected in the
    marked text has the offsets of the stored text."""
    if node is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just here
    words, offsets = _words(text)
    ok, spans = _matches(node, words)
    if not ok or not spans:
        return mark_safe(escape(text))  # noqa: S308 - escaped just here
    ranges: list[list[int]] = []
    for first, last in sorted(spans):
        start, stop = offsets[first][0], offsets[last][1]
        if ranges and start <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], stop)
        else:
            ranges.append([start, stop])
    out: list[str] = []
    at = 0
    for start, stop in ranges:
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:stop])}</mark>")
        at = stop
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped


# --- which pages to read ----------------------------------------------------------------------


def _prefilter(node: Node) -> Q | None:
    """A condition every matching page's text meets (None: no narrowing). Only narrows, never
    excludes a page that could match: a page with any non-ASCII character is always kept."""
    if isinstance(node, Term):
        if node.prefix or len(node.word) < MIN_SPLIT_WORD:
            return Q(text__icontains=node.word)
        # or written in two halves ('line-up'): it then still holds its first and last letters
        return Q(text__icontains=node.word) | (
            Q(text__icontains=node.word[:MIN_SPLIT_PART]) & Q(text__icontains=node.word[-MIN_SPLIT_PART:])
        )
    if isinstance(node, Phrase) and len(node.words) <= MAX_JOIN_WORDS:
        condition = Q()
        for word in node.words:
            condition &= Q(text__icontains=word)
        return condition | Q(text__icontains="".join(node.words))
    if isinstance(node, Phrase | Near):
        condition = Q()
        for word in node.words:
            condition &= Q(text__icontains=word)
        return condition
    if isinstance(node, And):
        parts = [p for p in (_prefilter(c) for c in node.children) if p is not None]
        if not parts:
            return None
        condition = Q()
        for part in parts:
            condition &= part
        return condition
    if isinstance(node, Or):
        either: Q | None = None
        for child in node.children:
            alternative = _prefilter(child)
            if alternative is None:
                return None
            either = alternative if either is None else either | alternative
        return either
    return None  # NOT: any page may lack a word


def find_in_document(
    document: Document, query: str, *, page_text: str = "", page: Page | None = None
) -> InDocumentFind:
    """The pages of ``document`` that match ``query`` and ``page_text`` (the page on screen)
    marked. A query that cannot be understood gives ``error`` in plain words, never a 500."""
    result = InDocumentFind(query=query, highlighted=mark_safe(escape(page_text)))  # noqa: S308
    query = query.strip()
    if not query:
        return result
    try:
        parsed = parse(query)
    except QueryError as exc:
        result.error = str(exc)
        return result
    if parsed.root is None:
        result.error = "Type a word or a phrase to find in this document."
        return result
    root = parsed.root
    pages = document.pages.all()
    narrowing = _prefilter(root)
    if narrowing is not None:
        pages = pages.filter(narrowing | Q(text__regex=_NOT_PLAIN_ASCII))
    for number, text in pages.order_by("number").values_list("number", "text").iterator(chunk_size=200):
        if page_matches(root, text):
            result.pages.append(number)
            if len(result.pages) >= MAX_MATCHING_PAGES:
                break
    result.highlighted = highlight(page_text, root)
    if page is not None:
        result.boxes = image_boxes(page, page_text, root)
    return result
