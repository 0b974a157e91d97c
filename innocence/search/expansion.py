"""Widening a parsed query for OCR'd text, before any backend sees it.

- ``Phemas~1`` (:class:`Fuzzy`) becomes ``phemas OR phemaa OR pbemas …``: the words of the
  index's vocabulary within one OCR-folded edit (:mod:`.vocabulary`);
- ``"Honvua~ Phemas~"`` (:class:`FuzzyPhrase`) becomes the phrases of those alternatives;
- hyphen and spacing variants find each other: the phrase ``line up`` (typed "line-up" or
  "line up") also matches the word ``lineup``, and the word ``lineup`` also matches the
  phrase ``line up`` when both halves are words of the index.

Because the result is made only of words, phrases, NEAR, AND, OR and NOT, the three backends
(SQLite FTS5, PostgreSQL, Tantivy) run it unchanged and agree. The scope is applied by the
backend as for any query, so a word that only occurs in cases the user is not on matches
nothing for that user.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from . import vocabulary
from .query import And, Fuzzy, FuzzyPhrase, Near, Node, Not, Or, Phrase, Term

#: At most this many words stand for one fuzzy word (closest first), and this many phrases
#: for one fuzzy phrase: enough for the misreadings of a name, bounded for any query.
MAX_FUZZY_WORDS = 40
MAX_PHRASE_ALTERNATIVES = 4
MAX_FUZZY_PHRASES = 64
#: Splitting a word into two words of the index ("lineup" → "line up"): only words this
#: long, into halves at least this long (so "into" is not also "in to").
MIN_SPLIT_WORD = 5
MIN_SPLIT_PART = 2
MAX_JOIN_WORDS = 3

Neighbours = Callable[[str, int], list[tuple[str, int]]]


def _or(children: list[Node]) -> Node:
    unique = list(dict.fromkeys(children))
    return unique[0] if len(unique) == 1 else Or(tuple(unique))


def _splits(word: str) -> list[tuple[str, str]]:
    if len(word) < MIN_SPLIT_WORD or word.isdigit():
        return []
    return [
        (word[:i], word[i:])
        for i in range(MIN_SPLIT_PART, len(word) - MIN_SPLIT_PART + 1)
    ]


class Expander:
    def __init__(self, neighbours: Neighbours | None = None) -> None:
        self._neighbours = neighbours or (lambda w, d: vocabulary.neighbours(w, d, limit=MAX_FUZZY_WORDS))
        #: query word -> the vocabulary words a fuzzy term was widened to (closest first)
        self.fuzzy: dict[str, list[str]] = {}

    def alternatives(self, word: str, distance: int, limit: int) -> list[str]:
        if distance <= 0:
            return [word]
        if word not in self.fuzzy:
            self.fuzzy[word] = [w for w, _ in self._neighbours(word, distance)]
        return [word, *self.fuzzy[word][: limit - 1]]

    def expand(self, node: Node) -> Node:
        self._split_candidates: dict[str, list[tuple[str, str]]] = {}
        self._collect_splits(node)
        if self._split_candidates:
            parts = {p for pairs in self._split_candidates.values() for pair in pairs for p in pair}
            known = vocabulary.existing(parts)
            self._split_candidates = {
                word: [(a, b) for a, b in pairs if a in known and b in known]
                for word, pairs in self._split_candidates.items()
            }
        return self._expand(node)

    def _collect_splits(self, node: Node) -> None:
        if isinstance(node, Term) and not node.prefix:
            if splits := _splits(node.word):
                self._split_candidates[node.word] = splits
        elif isinstance(node, And | Or):
            for child in node.children:
                self._collect_splits(child)
        elif isinstance(node, Not):
            self._collect_splits(node.child)

    def _expand(self, node: Node) -> Node:
        if isinstance(node, Term):
            if node.prefix:
                return node
            phrases: list[Node] = [Phrase((a, b)) for a, b in self._split_candidates.get(node.word, [])]
            return _or([node, *phrases])
        if isinstance(node, Phrase):
            if len(node.words) <= MAX_JOIN_WORDS:
                return _or([node, Term("".join(node.words))])
            return node
        if isinstance(node, Fuzzy):
            return _or([Term(w) for w in self.alternatives(node.word, node.distance, MAX_FUZZY_WORDS)])
        if isinstance(node, FuzzyPhrase):
            options = [
                self.alternatives(w, d, MAX_PHRASE_ALTERNATIVES)
                for w, d in zip(node.words, node.distances, strict=True)
            ]
            combos = itertools.islice(itertools.product(*options), MAX_FUZZY_PHRASES)
            return _or([Phrase(tuple(words)) for words in combos])
        if isinstance(node, Near):
            return node
        if isinstance(node, And):
            return And(tuple(self._expand(c) for c in node.children))
        if isinstance(node, Or):
            return _or([self._expand(c) for c in node.children])
        if isinstance(node, Not):
            return Not(self._expand(node.child))
        raise TypeError(f"unknown query node {node!r}")


def expand(node: Node, *, neighbours: Neighbours | None = None) -> tuple[Node, dict[str, list[str]]]:
    """The query as plain words, phrases and operators, and the words each fuzzy query word
    was widened to."""
    expander = Expander(neighbours)
    return expander.expand(node), expander.fuzzy
