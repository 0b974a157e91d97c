"""Property-based tests of the query parser: whatever a user types, the parser answers
with a query or a QueryError whose message a user can read — never another exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from innocence.search.query import QueryError, parse

ATOMS = st.sampled_from(
    ["lineup", "photo", '"show up"', "OR", "AND", "NOT", "-", "(", ")", ",", "NEAR(", "~", "~2", "*",
     "case:", "type:", '"', "²", "٣", "9" * 25, "\u00a0", "é", "NEAR(a b, ²)", "NEAR(a b, 99999999999999999999)"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ATOMS | st.text(max_size=6), max_size=25).map(" ".join))
def test_any_query_parses_or_says_why(text: str) -> None:
    try:
        parse(text)
    except QueryError as exc:
        assert str(exc)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_says_why(text: str) -> None:
    try:
        parse(text)
    except QueryError as exc:
        assert str(exc)


@given(st.integers(min_value=1, max_value=2000))
@settings(max_examples=25, deadline=None)
def test_deep_nesting_is_a_query_error(depth: int) -> None:
    for text in ("(" * depth + "lineup" + ")" * depth, "NOT " * depth + "lineup", "-" * depth + "lineup"):
        try:
            parse(text)
        except QueryError as exc:
            assert "deep" in str(exc) or str(exc)


def test_the_reported_inputs() -> None:
    for text in ("NEAR(a b, ²)", "(" * 231 + "a" + ")" * 231):
        try:
            parse(text)
        except QueryError as exc:
            assert str(exc)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=300))
def test_ascii_words_are_the_word_pattern_s(text: str) -> None:
    """The ASCII fast path of words_of (a translation table and split) finds exactly the words
    WORD_RE finds in the folded text: the index and the queries must split alike."""
    from innocence.search.query import WORD_RE, fold, words_of

    assert words_of(text) == WORD_RE.findall(fold(text))


def test_words_of_a_page_of_every_ascii_character() -> None:
    from innocence.search.query import WORD_RE, fold, words_of

    text = "".join(chr(code) for code in range(128)) * 3 + " O'Brien CR-79-1234 snake_case Tab\there"
    assert words_of(text) == WORD_RE.findall(fold(text))
    assert words_of("Hälvórsen O'Brien") == ["halvorsen", "o", "brien"]  # the Unicode path
