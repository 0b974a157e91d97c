"""The search query language: one parser, translated by each backend.

    detective halvorsen          both words (AND is implied)
    "photo array"                an exact phrase
    lineup OR showup             either
    lineup NOT photo, -photo     the first without the second
    photo*                       any word starting with "photo"
    Phemas~1, Larkwend~2         the word or one the OCR may have misread it as: at most 1
                                 (2) edits, counting OCR-confusable shapes (rn/m, cl/d, 1/l,
                                 0/o, 5/s) as equal; Phemas~ picks the distance by length
    "Honvua~ Phemas~"            a phrase whose words may each be misread
    line-up, "line up", lineup   hyphen and spacing variants find each other
    NEAR(lineup array, 5)        both words at most 5 words apart, either order
    "lineup array"~5             the same
    (a OR b) c                   grouping
    case:NS-2026-0001 type:transcript provenance:police_file tag:brady
    from:1979-01-01 to:1981-12-31   filters, written into the query

Words are folded the way the index folds page text (lower case, accents removed), and a
"word" with inner punctuation (O'Brien, CR-79-1234) becomes a phrase of its parts, exactly
as the text itself was split when indexed.

A query that cannot be understood raises :class:`QueryError` with a message in plain
words; callers show it to the user (never a 500).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 2000
MAX_NEAR_DISTANCE = 50
MIN_PREFIX_LENGTH = 2
MAX_FUZZY_DISTANCE = 2

#: A word of text, as every backend splits it: letters and digits (any script).
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


#: Brackets and NOTs inside one another: far beyond any real query, well within Python's stack.
MAX_NESTING = 50


class QueryError(ValueError):
    """A query that cannot be understood; ``str(error)`` is a sentence for the user."""


def fold(text: str) -> str:
    """Lower case with accents removed: 'Hälvórsen' → 'halvorsen'. Indexes store folded
    text and queries are folded the same way, so all backends agree on what matches."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


#: every ASCII character that is not a letter or a digit made a blank, letters lowered: an
#: ASCII text's words by ``str.translate`` and ``split`` (C loops over a byte table), which
#: WORD_RE finds in the folded text one Unicode category test at a time (a fifth of the
#: search index consumer's CPU on a text PDF)
_ASCII_WORD_BLANKS = str.maketrans(
    {chr(code): chr(code).lower() if chr(code).isalnum() else " " for code in range(128)}
)


def words_of(text: str) -> list[str]:
    if text.isascii():
        return text.translate(_ASCII_WORD_BLANKS).split()
    return WORD_RE.findall(fold(text))


# --- the tree -----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Near:
    words: tuple[str, str]
    distance: int


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class Fuzzy:
    """A word or its OCR misreadings (``Phemas~1``). No backend sees it: the search service
    widens it, from the index's vocabulary, to the words within ``distance`` (see
    :mod:`innocence.search.expansion`)."""

    word: str
    distance: int


@dataclass(frozen=True)
class FuzzyPhrase:
    """A phrase whose words may each be misread (``"Honvua~ Phemas~"``); 0 = exact."""

    words: tuple[str, ...]
    distances: tuple[int, ...]


Node = Term | Phrase | Near | And | Or | Not | Fuzzy | FuzzyPhrase


@dataclass
class Filters:
    cases: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    provenances: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass
class ParsedQuery:
    text: str
    root: Node | None  # None when the query holds only filters
    filters: Filters

    def positive_words(self) -> list[Term]:
        """The words a hit must (or may) contain, for highlighting: everything not under NOT."""
        found: list[Term] = []

        def walk(node: Node) -> None:
            if isinstance(node, Term):
                found.append(node)
            elif isinstance(node, Fuzzy):
                found.append(Term(node.word))
            elif isinstance(node, Phrase | Near | FuzzyPhrase):
                found.extend(Term(w) for w in node.words)
            elif isinstance(node, And | Or):
                for child in node.children:
                    walk(child)

        if self.root is not None:
            walk(self.root)
        return found


# --- tokens -------------------------------------------------------------------------

_FILTER_FIELDS = {
    "case": "cases",
    "type": "doc_types",
    "doctype": "doc_types",
    "provenance": "provenances",
    "tag": "tags",
    "from": "date_from",
    "after": "date_from",
    "to": "date_to",
    "before": "date_to",
}

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<phrase>"[^"]*"(?:~(?P<slop>\d+))?)
  | (?P<quote>")
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
  | (?P<filter>(?P<fname>[A-Za-z]+):(?P<fvalue>"[^"]*"|[^\s()"]+))
  | (?P<word>[^\s()",]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, lparen, rparen, comma, and, or, not, near, minus
    text: str
    slop: int | None = None


def _tokens(text: str, filters: Filters) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup
        if match.group("ws"):
            continue
        if match.group("phrase"):
            slop = match.group("slop")
            tokens.append(_Token("phrase", match.group("phrase").split('"')[1], int(slop) if slop else None))
        elif match.group("quote"):
            raise QueryError('A quotation mark is not closed: phrases need a " at both ends.')
        elif match.group("lparen"):
            tokens.append(_Token("lparen", "("))
        elif match.group("rparen"):
            tokens.append(_Token("rparen", ")"))
        elif match.group("comma"):
            tokens.append(_Token("comma", ","))
        elif match.group("filter") and match.group("fname").lower() in _FILTER_FIELDS:
            _add_filter(filters, match.group("fname").lower(), match.group("fvalue").strip('"'))
        else:
            word = match.group(0)
            upper = word.upper()
            if word in ("AND", "OR", "NOT") or upper == "NEAR" or word == "&&" or word == "||":
                kind = {"&&": "and", "||": "or"}.get(word, upper.lower())
                tokens.append(_Token(kind, word))
            elif word.startswith("-") and len(word) > 1:
                tokens.append(_Token("minus", "-"))
                tokens.append(_Token("word", word[1:]))
            elif word == "-":
                raise QueryError("A lone '-' must be followed by the word to leave out, e.g. -photo.")
            else:
                tokens.append(_Token("word", word))
    return tokens


def _add_filter(filters: Filters, name: str, value: str) -> None:
    if not value:
        raise QueryError(f"The filter '{name}:' needs a value, e.g. {name}:something.")
    target = _FILTER_FIELDS[name]
    if target in ("date_from", "date_to"):
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"'{name}:{value}' is not a date; write it as YYYY-MM-DD.") from None
        setattr(filters, target, date)
    else:
        getattr(filters, target).append(value)


# --- grammar ------------------------------------------------------------------------
#   query   := or_expr
#   or_expr := and_expr ("OR" and_expr)*
#   and_expr:= unary (["AND"] unary)*
#   unary   := ("NOT" | "-") unary | primary
#   primary := "(" or_expr ")" | PHRASE | NEAR "(" WORD WORD ["," N] ")" | WORD


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            if token.kind == "rparen":
                raise QueryError("There is a ')' without a matching '('.")
            raise QueryError(f"Unexpected '{token.text}' in the query.")
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            if self.peek() is None or self.peek().kind in ("rparen", "or", "and"):  # type: ignore[union-attr]
                raise QueryError("OR must have a word or phrase on both sides, e.g. lineup OR showup.")
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Node:
        children = [self.unary()]
        while (token := self.peek()) is not None and token.kind not in ("or", "rparen", "comma"):
            if token.kind == "and":
                self.take()
                nxt = self.peek()
                if nxt is None or nxt.kind in ("rparen", "or", "and"):
                    raise QueryError("AND must have a word or phrase on both sides, e.g. lineup AND photo.")
            children.append(self.unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        self.depth = getattr(self, "depth", 0) + 1
        try:
            return self._unary()
        finally:
            self.depth -= 1

    def _unary(self) -> Node:
        if self.depth > MAX_NESTING:
            raise QueryError(f"The query nests brackets or NOTs more than {MAX_NESTING} deep; simplify it.")
        token = self.peek()
        if token is None:
            raise QueryError("The query ends too early: something is missing after the last operator.")
        if token.kind in ("not", "minus"):
            self.take()
            if self.peek() is None:
                raise QueryError("NOT (or '-') must be followed by the word to leave out.")
            return Not(self.unary())
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "lparen":
            if self.peek() is not None and self.peek().kind == "rparen":  # type: ignore[union-attr]
                raise QueryError("There is an empty pair of brackets '()' in the query.")
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise QueryError("A '(' is not closed: add the matching ')'.")
            self.take()
            return node
        if token.kind == "phrase":
            if token.slop is None and _FUZZY_RE.search(token.text):
                return _fuzzy_phrase(token.text)
            words = words_of(token.text)
            if not words:
                raise QueryError('A phrase in quotation marks is empty: put words between the "".')
            if token.slop is not None:
                if len(words) != 2:
                    raise QueryError('"…"~N (words near each other) takes exactly two words.')
                return Near((words[0], words[1]), _distance(token.slop))
            return Term(words[0]) if len(words) == 1 else Phrase(tuple(words))
        if token.kind == "near":
            return self.near()
        if token.kind == "word":
            return _word(token.text)
        if token.kind == "rparen":
            raise QueryError("There is a ')' without a matching '('.")
        if token.kind in ("and", "or"):
            raise QueryError(f"{token.text} must have a word or phrase on both sides.")
        raise QueryError(f"Unexpected '{token.text}' in the query.")

    def near(self) -> Node:
        opening = self.peek()
        if opening is None or opening.kind != "lparen":
            raise QueryError("NEAR is written NEAR(word1 word2, 5).")
        self.take()
        words: list[str] = []
        distance = 10
        while (token := self.peek()) is not None and token.kind == "word":
            words.extend(words_of(self.take().text))
        token = self.peek()
        if token is not None and token.kind == "comma":
            self.take()
            number = self.peek()
            # isascii: "²" and other digit-like signs are isdigit() but not int()
            if number is None or number.kind != "word" or not (number.text.isascii() and number.text.isdigit()):
                raise QueryError("NEAR(word1 word2, N) needs a whole number N after the comma.")
            distance = _distance(int(self.take().text))
        closing = self.peek()
        if closing is None or closing.kind != "rparen":
            raise QueryError("NEAR( is not closed: write NEAR(word1 word2, 5).")
        self.take()
        if len(words) != 2:
            raise QueryError("NEAR takes exactly two words: NEAR(word1 word2, 5).")
        return Near((words[0], words[1]), distance)


def _distance(value: int) -> int:
    if value > MAX_NEAR_DISTANCE:
        raise QueryError(f"A NEAR distance can be at most {MAX_NEAR_DISTANCE} words.")
    return value


_FUZZY_RE = re.compile(r"~(\d*)$|~(\d*)\s")
_FUZZY_WORD_RE = re.compile(r"^(?P<word>.*[^\W_].*?)~(?P<distance>\d*)$")


def default_fuzzy_distance(word: str) -> int:
    """The edits ``word~`` allows: none for one or two letters, 1 up to 7 letters, 2 from 8
    (a short word has too many neighbours for more)."""
    if len(word) < 3:
        return 0
    return 1 if len(word) < 8 else 2


def _fuzzy_distance(raw: str, digits: str, word: str) -> int:
    if not digits:
        return default_fuzzy_distance(word)
    distance = int(digits)
    if distance > MAX_FUZZY_DISTANCE:
        raise QueryError(f"'{raw}': a word may be misread by at most {MAX_FUZZY_DISTANCE} edits (~1 or ~2).")
    return distance


def _fuzzy_word(raw: str) -> Node | None:
    match = _FUZZY_WORD_RE.match(raw)
    if match is None:
        return None
    if "*" in match.group("word"):
        raise QueryError(f"'{raw}': a word cannot be both a prefix (*) and fuzzy (~).")
    words = words_of(match.group("word"))
    if not words:
        return None
    distances = tuple(_fuzzy_distance(raw, match.group("distance"), w) for w in words)
    if len(words) == 1:
        return Fuzzy(words[0], distances[0]) if distances[0] else Term(words[0])
    return FuzzyPhrase(tuple(words), distances)


def _fuzzy_phrase(text: str) -> Node:
    words: list[str] = []
    distances: list[int] = []
    for raw in text.split():
        match = _FUZZY_WORD_RE.match(raw)
        parts = words_of(match.group("word") if match else raw)
        for part in parts:
            words.append(part)
            distances.append(_fuzzy_distance(raw, match.group("distance"), part) if match else 0)
    if not words:
        raise QueryError('A phrase in quotation marks is empty: put words between the "".')
    if len(words) == 1:
        return Fuzzy(words[0], distances[0]) if distances[0] else Term(words[0])
    return FuzzyPhrase(tuple(words), tuple(distances))


def _word(raw: str) -> Node:
    fuzzy = _fuzzy_word(raw)
    if fuzzy is not None:
        return fuzzy
    prefix = raw.endswith("*")
    stripped = raw.rstrip("*")
    if "*" in stripped:
        raise QueryError(f"'{raw}': a * may only end a word (photo* finds photograph, photos…).")
    words = words_of(stripped)
    if not words:
        if prefix:
            raise QueryError("A * must follow the start of a word, e.g. photo*.")
        raise QueryError(f"'{raw}' has no letters or digits to search for.")
    if prefix:
        if len(words[-1]) < MIN_PREFIX_LENGTH:
            raise QueryError(f"'{raw}': a word before * needs at least {MIN_PREFIX_LENGTH} letters.")
        if len(words) > 1:
            raise QueryError(f"'{raw}': a * can only end a single word.")
        return Term(words[0], prefix=True)
    return Term(words[0]) if len(words) == 1 else Phrase(tuple(words))


def _check_negations(node: Node, *, top: bool = True) -> None:
    """NOT subtracts from something: 'lineup NOT photo' works, 'NOT photo' alone or
    'a OR NOT b' would mean "nearly every page" and no backend answers that quickly."""
    if isinstance(node, Not):
        raise QueryError("NOT (or '-') needs a word to subtract from, e.g. lineup NOT photo.")
    if isinstance(node, Or):
        for child in node.children:
            _check_negations(child, top=False)
    if isinstance(node, And):
        if all(isinstance(child, Not) for child in node.children):
            raise QueryError("NOT (or '-') needs a word to subtract from, e.g. lineup NOT photo.")
        for child in node.children:
            _check_negations(child.child if isinstance(child, Not) else child, top=False)


def parse(text: str) -> ParsedQuery:
    """Parse a query; raise :class:`QueryError` with a plain-words message if it is not valid."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"The query is too long (at most {MAX_QUERY_LENGTH} characters).")
    filters = Filters()
    tokens = _tokens(text, filters)
    if not tokens:
        return ParsedQuery(text=text, root=None, filters=filters)
    root = _Parser(tokens).parse()
    _check_negations(root)
    return ParsedQuery(text=text, root=root, filters=filters)
