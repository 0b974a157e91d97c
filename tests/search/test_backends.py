"""One suite, every backend: each test runs against SQLite FTS5 and Tantivy on SQLite, and
against PostgreSQL full text and Tantivy on PostgreSQL (see the ``search_backend`` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest

from innocence.documents.models import Page
from innocence.search import services
from innocence.search.selectors import search_pages

pytestmark = pytest.mark.usefixtures("search_backend")


def titles(result):
    return sorted(f"{h.document_title} p{h.page_number}" for h in result.hits)


@pytest.fixture
def corpus(world, make_document):
    make_document(
        world.case,
        [
            "Detective Halvorsen showed the photo array to the witness on the morning of June 3.",
            "The witness said the array of photo prints was confusing. Halvorsen was not present.",
            "The lineup was conducted by Officer Brandt without a blind administrator.",
            "A showup took place near the venetian blinds store; the venue was dark.",
        ],
        title="Trial vol 1",
    )
    return world


def test_single_word_and_case_insensitivity(corpus):
    result = search_pages(corpus.on_team, "HALVORSEN")
    assert result.error == ""
    assert titles(result) == ["Trial vol 1 p1", "Trial vol 1 p2"]
    assert result.total == 2


def test_exact_phrase(corpus):
    assert titles(search_pages(corpus.on_team, '"photo array"')) == ["Trial vol 1 p1"]
    assert titles(search_pages(corpus.on_team, '"array photo"')) == []


def test_and_or_not(corpus):
    user = corpus.on_team
    assert titles(search_pages(user, "witness halvorsen")) == ["Trial vol 1 p1", "Trial vol 1 p2"]
    assert titles(search_pages(user, "witness AND lineup")) == []
    assert titles(search_pages(user, "lineup OR showup")) == ["Trial vol 1 p3", "Trial vol 1 p4"]
    assert titles(search_pages(user, "halvorsen NOT confusing")) == ["Trial vol 1 p1"]
    assert titles(search_pages(user, "halvorsen -confusing")) == ["Trial vol 1 p1"]
    assert titles(search_pages(user, "(lineup OR showup) -venue")) == ["Trial vol 1 p3"]


def test_prefix(corpus):
    assert titles(search_pages(corpus.on_team, "vene*")) == ["Trial vol 1 p4"]
    assert titles(search_pages(corpus.on_team, "ven*")) == ["Trial vol 1 p4"]
    assert titles(search_pages(corpus.on_team, "halv*")) == ["Trial vol 1 p1", "Trial vol 1 p2"]


def test_proximity(corpus):
    user = corpus.on_team
    # p1: "Halvorsen showed the photo" — 2 words between halvorsen and photo.
    assert titles(search_pages(user, "NEAR(halvorsen photo, 2)")) == ["Trial vol 1 p1"]
    assert titles(search_pages(user, "NEAR(photo halvorsen, 2)")) == ["Trial vol 1 p1"]  # either order
    assert titles(search_pages(user, "NEAR(halvorsen photo, 1)")) == []
    assert titles(search_pages(user, '"halvorsen witness"~6')) == ["Trial vol 1 p1"]


def test_filters(world, make_document):
    make_document(
        world.case,
        ["Brandt signed the report."],
        title="Police report",
        doc_type="police_report",
        provenance="police_file",
        doc_date=dt.date(1979, 4, 2),
        tags=["brady", "lineup"],
    )
    make_document(
        world.case,
        ["Brandt testified."],
        title="Transcript",
        doc_type="transcript",
        provenance="court_file",
        doc_date=dt.date(1981, 1, 5),
        tags=["trial"],
    )
    user = world.on_team
    assert len(search_pages(user, "brandt").hits) == 2
    assert titles(search_pages(user, "brandt", doc_types=["police_report"])) == ["Police report p1"]
    assert titles(search_pages(user, "brandt", provenances=["court_file"])) == ["Transcript p1"]
    assert titles(search_pages(user, "brandt", date_from=dt.date(1980, 1, 1))) == ["Transcript p1"]
    assert titles(search_pages(user, "brandt", date_to=dt.date(1980, 1, 1))) == ["Police report p1"]
    assert titles(search_pages(user, "brandt", tags=["brady"])) == ["Police report p1"]
    assert titles(search_pages(user, "brandt", tags=["brad"])) == []
    assert titles(search_pages(user, "brandt type:transcript")) == ["Transcript p1"]
    assert titles(search_pages(user, "brandt tag:lineup before:1980-01-01")) == ["Police report p1"]
    assert len(search_pages(user, "brandt", case=world.case).hits) == 2
    assert len(search_pages(user, f"brandt case:{world.case.reference}").hits) == 2
    assert search_pages(user, "brandt case:NO-SUCH-CASE").total == 0


def test_ranking_puts_the_denser_page_first(world, make_document):
    filler = " ".join(["statement"] * 30)
    make_document(
        world.case,
        [f"Halvorsen {filler}", f"Halvorsen said Halvorsen wrote Halvorsen signed {filler}"],
        title="Ranked",
    )
    result = search_pages(world.on_team, "halvorsen")
    assert [h.page_number for h in result.hits] == [2, 1]
    assert result.hits[0].rank >= result.hits[1].rank


def test_snippet_highlights_and_escapes(world, make_document):
    make_document(
        world.case,
        ['<script>alert("x")</script> Detective Halvorsen & <b>partner</b> filed the report.'],
        title="Escaping",
    )
    hit = search_pages(world.on_team, "halvorsen report").hits[0]
    assert "<mark>Halvorsen</mark>" in hit.snippet
    assert "<mark>report</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet and "<b>" not in hit.snippet
    assert hit.case_reference == world.case.reference
    assert hit.document_title == "Escaping" and hit.page_number == 1


def test_unicode_and_accents(world, make_document):
    make_document(
        world.case, ["Témoin: Zoë Hälvórsen, née Øberg, déclare…", "Свидетель Иванов"], title="Unicode"
    )
    user = world.on_team
    assert titles(search_pages(user, "halvorsen")) == ["Unicode p1"]
    assert titles(search_pages(user, "Hälvórsen")) == ["Unicode p1"]
    assert titles(search_pages(user, "zoe")) == ["Unicode p1"]
    assert titles(search_pages(user, "иванов")) == ["Unicode p2"]
    assert "<mark>Hälvórsen</mark>" in search_pages(user, "halvorsen").hits[0].snippet


def test_punctuated_terms_search_as_phrases(world, make_document):
    make_document(
        world.case, ["Docket CR-79-1234 names O'Brien.", "79 and 1234 and brien apart o"], title="Punct"
    )
    assert titles(search_pages(world.on_team, "CR-79-1234")) == ["Punct p1"]
    assert titles(search_pages(world.on_team, "O'Brien")) == ["Punct p1"]


def test_deleted_pages_and_documents_disappear(world, make_document):
    document = make_document(world.case, ["Halvorsen one", "Halvorsen two"], title="Doomed")
    assert search_pages(world.on_team, "halvorsen").total == 2
    Page.objects.filter(document=document, number=2).delete()
    result = search_pages(world.on_team, "halvorsen")
    assert titles(result) == ["Doomed p1"] and result.total == 1
    document_id = document.pk
    document.delete()
    result = search_pages(world.on_team, "halvorsen")
    assert result.hits == [] and result.total == 0
    services.remove_document(document_id)  # harmless when already gone
    services.index_pages_by_id([123456789])  # an id that does not exist: nothing to index


def test_remove_document_takes_its_pages_out(world, make_document):
    document = make_document(world.case, ["Halvorsen one"], title="Withdrawn")
    services.remove_document(document.pk)
    assert search_pages(world.on_team, "halvorsen").total == 0


def test_corrections_reindex(world, make_document):
    document = make_document(world.case, ["Detective Ha1vorsen (OCR error)"], title="Corrected")
    assert search_pages(world.on_team, "halvorsen").total == 0
    page = document.pages.get()
    page.text = "Detective Halvorsen (corrected)"
    page.text_source = "corrected"
    page.save()
    services.index_pages_by_id([page.pk])
    assert titles(search_pages(world.on_team, "halvorsen")) == ["Corrected p1"]
    assert search_pages(world.on_team, "ha1vorsen").total == 0


def test_counts_and_paging(world, make_document):
    make_document(world.case, [f"Page {i} mentions Halvorsen" for i in range(1, 61)], title="Long")
    first = search_pages(world.on_team, "halvorsen", limit=50)
    assert first.total == 60 and len(first.hits) == 50
    second = search_pages(world.on_team, "halvorsen", limit=50, offset=50)
    assert second.total == 60 and len(second.hits) == 10
    assert not {h.page_id for h in first.hits} & {h.page_id for h in second.hits}


def test_huge_match_sets_stay_fast_unranked(world, make_document, settings):
    settings.INNOCENCE_SEARCH_RANK_LIMIT = 5
    make_document(world.case, [f"Witness statement {i}" for i in range(1, 9)], title="Many")
    result = search_pages(world.on_team, "witness", limit=3)
    assert len(result.hits) == 3
    if result.unranked:  # SQL backends: "more than 5", newest first
        assert result.total == 6
        assert [h.page_number for h in result.hits] == [8, 7, 6]
    else:  # Tantivy ranks any number of matches
        assert result.total == 8
    assert search_pages(world.on_team, '"statement 3"').total == 1


def test_reindex_all_rebuilds_from_the_database(world, make_document):
    make_document(world.case, ["Halvorsen alpha", "Brandt beta"], title="Rebuilt", index=False)
    assert search_pages(world.on_team, "halvorsen").total == 0
    assert services.reindex_all() == 2
    assert titles(search_pages(world.on_team, "halvorsen OR brandt")) == ["Rebuilt p1", "Rebuilt p2"]


BAD_QUERIES = [
    '"unclosed',
    "AND",
    "a AND",
    "OR b",
    "NOT x",
    "(a",
    "a)",
    "-",
    "x*y",
    "v*",
    "NEAR(a b c, 3)",
    "from:soon a",
    "",
]


def test_bad_queries_get_a_message_not_an_exception(corpus):
    for query in BAD_QUERIES:
        result = search_pages(corpus.on_team, query)
        assert result.error, query
        assert result.hits == [] and result.total == 0
