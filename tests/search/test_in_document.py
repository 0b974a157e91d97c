"""The viewer's "find in document" speaks the search query language (OR, NOT, phrases,
prefixes, NEAR), reads the page text from the database and marks the passages it matched.
All text is fictional."""

from __future__ import annotations

import pytest
from django.test import Client

from innocence.search.in_document import find_in_document, highlight, page_matches
from innocence.search.query import parse

PAGES = [
    "Fictional transcript. Detective Halvorsen showed the photo array to the witness.",
    "The witness picked number four from the photo lineup. Detective Brandt was present.",
    "Closing argument (fictional): the array was shown twice.",
    "Nothing about pictures on this page; Hälvorsen is spelt with an accent here.",
]


def root(query: str):
    return parse(query).root


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("halvorsen", [True, False, False, True]),  # accents folded, as the index does
        ("array OR lineup", [True, True, True, False]),
        ("array NOT photo", [False, False, True, False]),
        ("array -photo", [False, False, True, False]),
        ('"photo array"', [True, False, False, False]),
        ('"array photo"', [False, False, False, False]),
        ("detect* brandt", [False, True, False, False]),
        ("NEAR(showed witness, 5)", [True, False, False, False]),
        ("NEAR(showed witness, 4)", [False, False, False, False]),
        ("(array OR lineup) witness", [True, True, False, False]),
    ],
)
def test_page_matches_the_query_language(query: str, expected: list[bool]) -> None:
    assert [page_matches(root(query), text) for text in PAGES] == expected


def test_highlight_marks_phrases_whole_and_never_what_is_excluded() -> None:
    marked = highlight(PAGES[0], root('"photo array" NOT lineup'))
    assert "<mark>photo array</mark>" in marked
    marked = highlight(PAGES[1], root("witness NOT array"))
    assert "<mark>witness</mark>" in marked and "array" not in marked
    # offsets of the text are kept: removing the marks gives the text back (escaped)
    assert highlight("a <b> & c", root("c")) == "a &lt;b&gt; &amp; <mark>c</mark>"


def test_a_query_that_cannot_be_understood_says_why() -> None:
    assert "not closed" in highlight_error('"photo array')


def highlight_error(query: str) -> str:
    class _NoPages:
        pages = None

    return find_in_document(_NoPages(), query, page_text="x").error  # type: ignore[arg-type]


@pytest.fixture
def document(world, make_document):
    return make_document(world.case, PAGES, title="Fictional trial volume", index=False)


def _viewer(user, document, page: int, query: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/documents/{document.pk}/view/", {"page": page, "q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_viewer_finds_with_or_not_and_phrases(world, document) -> None:
    # Not in the search index (index=False): the viewer reads the page text itself.
    body = _viewer(world.on_team, document, 1, "array OR lineup")
    assert "is on 3 page(s)" in body
    assert "<mark>array</mark>" in body
    assert "next hit" in body

    body = _viewer(world.on_team, document, 3, "array NOT photo")
    assert "is on 1 page(s)" in body
    assert "<mark>array</mark>" in body

    body = _viewer(world.on_team, document, 1, '"photo array"')
    assert "is on 1 page(s)" in body
    assert "<mark>photo array</mark>" in body

    body = _viewer(world.on_team, document, 1, '"array photo"')
    assert "is not in this document" in body

    body = _viewer(world.on_team, document, 4, "halvorsen type:transcript")  # filters ignored
    assert "is on 2 page(s)" in body
    assert "<mark>Hälvorsen</mark>" in body


@pytest.mark.django_db
def test_viewer_explains_a_broken_query(world, document) -> None:
    body = _viewer(world.on_team, document, 1, "array OR")
    assert "OR must have a word or phrase on both sides" in body
