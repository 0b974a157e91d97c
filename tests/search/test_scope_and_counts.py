"""The cheap paths of a search give what the slow ones gave — on every backend (the
``search_backend`` fixture): the scope read once as a list of document ids finds exactly
what the visibility rule finds, variant counts without ranking equal the search totals, and
past the rank limit every channel still says "more than N".

All text is fictional."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from innocence.core.models import ApiToken
from innocence.documents.models import Page
from innocence.search import selectors
from innocence.search.backends import get_backend
from innocence.search.query import Term
from innocence.search.selectors import count_pages_with, resolved_scope, scoped_documents, search_pages

pytestmark = pytest.mark.usefixtures("search_backend")

NORTH = [
    "FICTIONAL TRANSCRIPT. Detective Quenbry took the statement of witness Arlo Vantish.",
    "The witness Vantlsh said the Detective Quenbry showed him one photo only.",
    "Witness statement continued; Quenbry left the room at 14:10.",
]
SOUTH = ["FICTIONAL SOUTH FILE. Quenbry and Vantiah appear here only, in another organization's case."]


@pytest.fixture
def files(world, make_document):
    north = make_document(world.case, NORTH, title="North transcript")
    make_document(world.other_case, SOUTH, title="South file")
    Page.objects.filter(document=north, number=2).update(text_source="ocr", ocr_confidence=55.0)
    return world


def everything(result):
    return (
        [(h.page_id, h.rank, h.snippet, h.low_confidence) for h in result.hits],
        result.total,
        result.unranked,
        [g.as_dict() for g in result.variants],
        result.low_confidence_pages,
    )


USERS = ["admin", "on_team", "viewer", "off_team", "walled_admin", "outsider"]


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("query", ["quenbry", "witness", '"detective quenbry"', "vantish", "vantish~1"])
def test_scope_as_a_list_of_ids_finds_what_the_visibility_rule_finds(files, monkeypatch, who, query):
    user = getattr(files, who)
    listed = search_pages(user, query, record_audit=False)
    monkeypatch.setattr(selectors, "SCOPE_ID_LIMIT", 0)  # every scope stays a subquery
    assert everything(search_pages(user, query, record_audit=False)) == everything(listed)


def test_the_listed_scope_is_the_visible_set(files):
    for who in USERS:
        documents = scoped_documents(getattr(files, who))
        scope = resolved_scope(documents)
        assert set(scope.documents.values_list("pk", flat=True)) == set(
            documents.values_list("pk", flat=True)
        )
        assert set(scope.pages.values_list("pk", flat=True)) == set(
            Page.objects.filter(document__in=documents).values_list("pk", flat=True)
        )
    assert not resolved_scope(scoped_documents(files.off_team)).pages.exists()


def test_variant_counts_equal_the_search_totals(files, settings):
    engine = get_backend()
    scope = resolved_scope(scoped_documents(files.admin))
    for word in ["quenbry", "vantlsh", "witness", "nothing"]:
        assert (
            count_pages_with(engine, scope, word) == engine.search(Term(word), scope, limit=1, offset=0).total
        )
    settings.INNOCENCE_SEARCH_RANK_LIMIT = 1  # past the limit both say "more than 1" as 2
    assert (
        count_pages_with(engine, scope, "quenbry")
        == engine.search(Term("quenbry"), scope, limit=1, offset=0).total
    )


def test_past_the_rank_limit_every_channel_says_more_than(files, settings):
    settings.INNOCENCE_SEARCH_RANK_LIMIT = 2
    result = search_pages(files.on_team, "quenbry")
    if not result.unranked:
        pytest.skip("this backend ranks any number of matches")
    assert result.total == 3  # the limit plus one: "more than 2"
    assert [h.page_number for h in result.hits] == [3, 2, 1]  # newest first
    client = Client()
    client.force_login(files.on_team)
    body = client.get(reverse("search:search"), {"q": "quenbry"}).content.decode()
    assert "More than 2 pages match" in body
    assert "too many to rank" in body
    _, key = ApiToken.issue(user=files.on_team, name="fictional test")
    data = client.get("/api/search", {"q": "quenbry"}, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert data["total"] == 3 and data["unranked"] is True


def test_the_planner_setting_is_put_back(files):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        before = cursor.fetchone()[0]
        search_pages(files.admin, "witness quenbry")
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone()[0] == before
